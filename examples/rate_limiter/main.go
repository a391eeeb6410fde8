// Rate limiting with time.Tick: requests are served at most one per tick.
// A bursty limiter lets the first three through at once, then one per
// tick: a buffered channel of tokens, refilled by a goroutine from a
// ticker.
package main

import (
	"fmt"
	"time"
)

func main() {
	requests := make(chan int, 5)
	for i := 1; i <= 5; i++ {
		requests <- i
	}
	close(requests)

	start := time.Now()
	limiter := time.Tick(10 * time.Millisecond)
	for req := range requests {
		<-limiter // Wait for the next tick.
		fmt.Println("request", req)
	}
	// Five ticks, 10 ms apart.
	fmt.Println("steady: at least 50ms:", time.Since(start) >= 50*time.Millisecond)

	start = time.Now()
	burstyLimiter := make(chan time.Time, 3)
	for i := 0; i < 3; i++ {
		burstyLimiter <- time.Now() // A burst of three.
	}
	go func() {
		for t := range time.Tick(10 * time.Millisecond) {
			burstyLimiter <- t // Then one more per tick.
		}
	}()

	burstyRequests := make(chan int, 5)
	for i := 1; i <= 5; i++ {
		burstyRequests <- i
	}
	close(burstyRequests)

	for req := range burstyRequests {
		<-burstyLimiter
		fmt.Println("bursty request", req)
	}
	// Three at once, then two ticks, 10 ms apart.
	fmt.Println("bursty: at least 20ms:", time.Since(start) >= 20*time.Millisecond)
}
