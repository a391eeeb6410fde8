// Fan-out, fan-in and explicit cancellation, after the Go blog's
// "Go Concurrency Patterns: Pipelines and cancellation": gen emits numbers,
// two sq stages square them in parallel, merge fans their outputs into one
// channel. Every stage also selects on done, so closing done stops the
// whole pipeline even when the consumer stops reading early.
package main

import (
	"fmt"
	"sort"
	"sync"
)

// gen sends nums on the returned channel, then closes it.
func gen(done <-chan struct{}, nums ...int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for _, n := range nums {
			select {
			case out <- n:
			case <-done:
				return
			}
		}
	}()
	return out
}

// sq sends the square of each value received from in.
func sq(done <-chan struct{}, in <-chan int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for n := range in {
			select {
			case out <- n * n:
			case <-done:
				return
			}
		}
	}()
	return out
}

// merge copies the values from every channel in cs to one channel, which
// it closes once all of cs are closed (or done is).
func merge(done <-chan struct{}, cs ...<-chan int) <-chan int {
	var wg sync.WaitGroup
	out := make(chan int)
	output := func(c <-chan int) {
		defer wg.Done()
		for n := range c {
			select {
			case out <- n:
			case <-done:
				return
			}
		}
	}
	wg.Add(len(cs))
	for _, c := range cs {
		go output(c)
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	return out
}

// all runs the pipeline to the end.
func all() {
	done := make(chan struct{})
	defer close(done)
	in := gen(done, 1, 2, 3, 4, 5, 6, 7, 8)
	c1 := sq(done, in) // Fan out: two stages read from in.
	c2 := sq(done, in)
	var squares []int
	for n := range merge(done, c1, c2) { // Fan in.
		squares = append(squares, n)
	}
	sort.Ints(squares) // The stages finish in any order.
	fmt.Println("squares:", squares)
}

// early reads one value, then cancels: every stage returns instead of
// blocking forever on a send nobody receives, and merge closes its output.
func early() {
	done := make(chan struct{})
	in := gen(done, 1, 2, 3, 4, 5, 6, 7, 8)
	out := merge(done, sq(done, in), sq(done, in))
	<-out // Take one value, then lose interest.
	fmt.Println("got one value, cancelling")
	close(done) // Tell every stage to stop.
	for range out {
	} // Ends once merge has closed out: its goroutines have returned.
	fmt.Println("pipeline stopped")
}

func main() {
	all()
	early()
}
