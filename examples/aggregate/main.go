// AggregateResults from "Structured concurrency in Go": two workers fetch in
// parallel, errors come back on a buffered channel that a single closer
// goroutine closes once the WaitGroup reaches zero.
//
// main calls it twice: once when both sources answer (the merged result is
// printed) and once when the preferences service is down (the error is).
package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// prefsDown makes fetchPrefs fail, to show the error path.
var prefsDown = false

// fetchProfile stands for a call to a profile service.
func fetchProfile(ctx context.Context) ([]byte, error) {
	select {
	case <-time.After(20 * time.Millisecond):
		return []byte("profile"), nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// fetchPrefs stands for a call to a preferences service.
func fetchPrefs(ctx context.Context) ([]byte, error) {
	if prefsDown {
		return nil, errors.New("prefs: service unavailable")
	}
	select {
	case <-time.After(10 * time.Millisecond):
		return []byte("prefs"), nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// merge joins the parts of a result.
func merge(results [][]byte) []byte {
	return bytes.Join(results, []byte("+"))
}

// AggregateResults combines data from multiple sources.
func AggregateResults(ctx context.Context) ([]byte, error) {
	var wg sync.WaitGroup
	// Buffered to hold errors from both children.
	errChan := make(chan error, 2)
	results := make([][]byte, 2)
	wg.Add(2)
	// Launch first worker.
	go func() {
		defer wg.Done()
		data, err := fetchProfile(ctx)
		if err != nil {
			errChan <- err // Report error without blocking.
			return
		}
		results[0] = data
	}()
	// Launch second worker.
	go func() {
		defer wg.Done()
		data, err := fetchPrefs(ctx)
		if err != nil {
			errChan <- err // Report error without blocking.
			return
		}
		results[1] = data
	}()
	// Wait for workers, then close the error channel.
	go func() {
		wg.Wait()
		close(errChan)
	}()
	// Collect errors as they arrive.
	for err := range errChan {
		if err != nil {
			return nil, err
		}
	}
	return merge(results), nil
}

func handle() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel() // Stops the remaining worker if AggregateResults fails early.
	data, err := AggregateResults(ctx)
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Printf("result: %s\n", data)
}

func main() {
	handle()
	prefsDown = true
	handle()
}
