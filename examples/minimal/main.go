// The minimal pattern from "Structured concurrency in Go": a WaitGroup tracks
// the child, a context carries the cancellation signal.
//
// main runs the article's program as written (the child prints "Data
// fetched"), then once more with the parent cancelling at once, so that the
// other select case runs (the child prints "Cancelled").
package main

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// FetchData simulates a concurrent operation.
func FetchData(ctx context.Context, wg *sync.WaitGroup) {
	defer wg.Done() // Decrement counter when function returns.
	select {
	case <-time.After(100 * time.Millisecond):
		fmt.Println("Data fetched")
	case <-ctx.Done(): // Exit if parent cancels.
		fmt.Println("Cancelled")
	}
}

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel() // Ensure resources are cleaned up.
	var wg sync.WaitGroup
	wg.Add(1)              // Reserve one slot in the counter.
	go FetchData(ctx, &wg) // Spawn child goroutine.
	wg.Wait()              // Block until counter reaches zero.

	cancelled()
}

// cancelled is the same program, except that the parent cancels the child
// before the data arrives.
func cancelled() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var wg sync.WaitGroup
	wg.Add(1)
	go FetchData(ctx, &wg)
	cancel() // The parent gives up: the child sees ctx.Done() and stops.
	wg.Wait()
}
