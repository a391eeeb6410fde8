// Replicated search, first answer wins: the same query goes to every
// replica at once and the first answer is used. context.WithTimeout bounds
// the wait; the deferred cancel tells the replicas still working to stop,
// and the buffered results channel lets a replica that answers too late
// send without blocking, so no goroutine outlives the search.
package main

import (
	"context"
	"fmt"
	"runtime"
	"time"
)

// A replica answers any query after its latency; they all hold the same
// data, so which one answers first does not change the answer.
type replica struct {
	latency time.Duration
}

// search asks r for q; it gives up when ctx is done.
func (r replica) search(ctx context.Context, q string) (string, error) {
	select {
	case <-time.After(r.latency):
		return fmt.Sprintf("%d results for %s", len(q), q), nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// first sends q to every replica and returns the first answer, or the
// context's error if none answers within timeout.
func first(q string, timeout time.Duration, replicas ...replica) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel() // The replicas still searching stop.
	// Room for every answer: a replica that answers late never blocks.
	results := make(chan string, len(replicas))
	for _, r := range replicas {
		go func(r replica) {
			if answer, err := r.search(ctx, q); err == nil {
				results <- answer
			}
		}(r)
	}
	select {
	case answer := <-results:
		return answer, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// goroutines returns runtime.NumGoroutine() once it has come down to want
// (a goroutine counts until its function has returned), or after a second.
func goroutines(want int) int {
	for i := 0; i < 1000 && runtime.NumGoroutine() > want; i++ {
		time.Sleep(time.Millisecond)
	}
	return runtime.NumGoroutine()
}

// report prints the outcome of a search, and how many goroutines are left.
func report(answer string, err error) {
	if err != nil {
		answer = "no answer: " + err.Error()
	}
	fmt.Printf("%s (goroutines after: %d)\n", answer, goroutines(1))
}

func main() {
	fmt.Println("goroutines at start:", runtime.NumGoroutine())
	down := replica{latency: time.Hour} // Never answers in time.

	// Two replicas answer, a millisecond apart; the third is down.
	answer, err := first("gopher", 5*time.Second, replica{time.Millisecond}, replica{2 * time.Millisecond}, down)
	report(answer, err)

	// Every replica is down: the deadline ends the search.
	answer, err = first("gopher", 20*time.Millisecond, down, down, down)
	report(answer, err)
}
