// A for-select loop with two timeouts: time.After, made anew on every
// iteration, bounds the wait for each message; one Timer, made before the
// loop, bounds the whole read. The same loop reads three streams, and each
// ends it a different way: a producer that goes silent trips the
// per-message timeout, one that never stops talking runs into the overall
// deadline, and one that closes its channel ends the loop cleanly.
package main

import (
	"fmt"
	"time"
)

// consume collects messages from msgs until msgs is closed, no message
// comes within perMessage, or overall has passed; it says which it was.
func consume(msgs <-chan string, perMessage, overall time.Duration) ([]string, string) {
	var got []string
	deadline := time.NewTimer(overall)
	defer deadline.Stop()
	for {
		select {
		case m, ok := <-msgs:
			if !ok {
				return got, "channel closed"
			}
			got = append(got, m)
		case <-time.After(perMessage): // A fresh timeout for every message.
			return got, fmt.Sprint("silent for ", perMessage)
		case <-deadline.C: // One deadline for the whole loop.
			return got, fmt.Sprint("deadline of ", overall, " passed")
		}
	}
}

func main() {
	// Three messages, then silence: the channel is never closed.
	silent := make(chan string)
	go func() {
		for _, m := range []string{"one", "two", "three"} {
			silent <- m
		}
	}()
	got, why := consume(silent, 500*time.Millisecond, time.Minute)
	fmt.Println("silent producer:", got, "-", why)

	// A message every 2ms, until told to stop: the per-message timeout never
	// fires. How many arrive depends on timing, so only the reason is
	// printed.
	chatty := make(chan string)
	stop := make(chan struct{})
	go func() {
		for {
			select {
			case chatty <- "tick":
				time.Sleep(2 * time.Millisecond)
			case <-stop:
				return
			}
		}
	}()
	_, why = consume(chatty, time.Second, 100*time.Millisecond)
	close(stop)
	fmt.Println("chatty producer:", why)

	// Two messages, then close.
	closing := make(chan string)
	go func() {
		defer close(closing)
		closing <- "first"
		closing <- "last"
	}()
	got, why = consume(closing, time.Minute, time.Minute)
	fmt.Println("closing producer:", got, "-", why)
}
