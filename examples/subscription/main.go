// A subscription: a loop goroutine fetches batches of items in the
// background, queues them, and delivers them one at a time on a channel.
// Its select turns a case off by leaving the case's channel nil: the send
// only while something is pending, the start of a fetch only while none
// runs and the queue has room. Close asks the loop to stop and gets back
// the last fetch error.
package main

import (
	"errors"
	"fmt"
	"time"
)

// source hands out numbered items three at a time; its second fetch fails.
type source struct{ fetches, next int }

func (s *source) fetch() ([]string, error) {
	s.fetches++
	if s.fetches == 2 {
		return nil, errors.New("source busy")
	}
	var items []string
	for i := 0; i < 3; i++ {
		s.next++
		items = append(items, fmt.Sprint("item ", s.next))
	}
	return items, nil
}

type fetchResult struct {
	items []string
	err   error
}

type subscription struct {
	updates chan string     // The items, in order.
	closing chan chan error // Close's request; the loop answers on it.
}

func (s *subscription) Close() error {
	reply := make(chan error)
	s.closing <- reply
	return <-reply
}

func (s *subscription) loop(src *source) {
	var pending []string
	var err error                  // The last fetch error.
	var fetchDone chan fetchResult // Not nil while a fetch runs.
	for {
		var startFetch <-chan time.Time // Nil: no fetch starts.
		if fetchDone == nil && len(pending) < 10 {
			startFetch = time.After(time.Millisecond)
		}
		var first string
		var updates chan string // Nil: nothing to send.
		if len(pending) > 0 {
			first = pending[0]
			updates = s.updates
		}
		select {
		case <-startFetch:
			fetchDone = make(chan fetchResult, 1) // Buffered: the fetch never blocks.
			go func(done chan<- fetchResult) {
				items, err := src.fetch()
				done <- fetchResult{items, err}
			}(fetchDone)
		case result := <-fetchDone:
			fetchDone = nil
			if result.err != nil {
				err = result.err
				break // Nothing to queue; the next fetch tries again.
			}
			pending = append(pending, result.items...)
		case updates <- first:
			pending = pending[1:]
		case reply := <-s.closing:
			close(s.updates)
			reply <- err
			return
		}
	}
}

func main() {
	s := &subscription{updates: make(chan string), closing: make(chan chan error)}
	go s.loop(&source{})
	for i := 0; i < 7; i++ {
		fmt.Println(<-s.updates)
	}
	fmt.Println("close:", s.Close())
	_, open := <-s.updates
	fmt.Println("updates open:", open)
}
