// A bounded-parallel stage that stops at the first error, from the standard
// library alone (errgroup.WithContext with SetLimit does the same): a
// semaphore channel lets at most limit workers run at once, a WaitGroup
// waits for them, and the first worker to fail records its error and
// cancels the context, so that the others stop and no more start.
package main

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// square returns n*n after n milliseconds of work, or gives up when ctx is
// done; a negative n is an error.
func square(ctx context.Context, n int) (int, error) {
	if n < 0 {
		return 0, fmt.Errorf("square(%d): negative input", n)
	}
	select {
	case <-time.After(time.Duration(n) * time.Millisecond):
		return n * n, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// squareAll squares the inputs, at most limit at a time. It returns the
// squares in input order (0 for those not done), the most workers that ever
// ran at once, and the first error.
func squareAll(inputs []int, limit int) ([]int, int, error) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var wg sync.WaitGroup
	var once sync.Once
	var firstErr error
	var mu sync.Mutex // Guards running and peak.
	running, peak := 0, 0
	sem := make(chan struct{}, limit) // A token per running worker.
	squares := make([]int, len(inputs))
feed:
	for i, n := range inputs {
		select {
		case sem <- struct{}{}: // Blocks while limit workers run.
		case <-ctx.Done(): // A worker failed: start no more.
			break feed
		}
		wg.Add(1)
		go func(i, n int) {
			defer wg.Done()
			defer func() { <-sem }() // Runs first: frees the token.
			mu.Lock()
			running++
			if running > peak {
				peak = running
			}
			mu.Unlock()
			v, err := square(ctx, n)
			mu.Lock()
			running--
			mu.Unlock()
			if err != nil {
				once.Do(func() { firstErr = err; cancel() }) // Only the first error counts.
				return
			}
			squares[i] = v
		}(i, n)
	}
	wg.Wait()
	return squares, peak, firstErr
}

// run squares inputs, three at a time, and prints the outcome.
func run(inputs []int) {
	squares, peak, err := squareAll(inputs, 3)
	fmt.Println("squares:", squares)
	if err != nil {
		fmt.Println("error:", err)
	}
	fmt.Println("at most 3 at once:", peak <= 3)
}

func main() {
	run([]int{10, 20, 30, 40, 50, 60, 70, 80, 90})
	// -1 fails at once; the 5-second items are cancelled, not waited for.
	run([]int{5000, 5000, -1, 5000, 5000, 5000})
}
