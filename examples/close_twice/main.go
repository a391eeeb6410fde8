// Pitfall: closing a channel twice. Each worker closes done when it
// finishes, as if it were the only one; the second close panics with
// "close of closed channel". (The workers run one after the other here so
// that the output is the same on every run.)
//
// The fix: a single closer, see single_closer.
package main

import (
	"fmt"
	"sync"
)

// worker does its job, then signals completion by closing done.
func worker(id int, done chan struct{}, wg *sync.WaitGroup) {
	fmt.Printf("worker %d: finished, closing done\n", id)
	close(done) // BUG: every worker closes the same channel.
	wg.Done()   // Not deferred: Go runs deferred calls while panicking, which would let main go on.
}

func main() {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go worker(1, done, &wg)
	<-done
	fmt.Println("main: done is closed")
	wg.Wait()

	wg.Add(1)
	go worker(2, done, &wg) // A second worker on the same channel.
	wg.Wait()               // Never returns: worker 2 panics before its Done.
	fmt.Println("unreachable")
}
