// AggregateResults again, with golang.org/x/sync/errgroup: the group waits
// for every fetch, returns the first error, and cancels the others' context
// as soon as one fails. SetLimit(2) keeps at most two fetches in flight.
//
// Not run by the Go comparison test: errgroup is not in the standard
// library (go get golang.org/x/sync/errgroup, then go run main.go).
package main

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"
)

// down names the sources that fail, to show the error path.
var down = map[string]bool{}

// inFlight and maxInFlight count concurrent fetches, to show SetLimit.
var inFlight, maxInFlight atomic.Int32

// fetch stands for a call to the service behind source.
func fetch(ctx context.Context, source string) (string, error) {
	n := inFlight.Add(1)
	defer inFlight.Add(-1)
	for m := maxInFlight.Load(); n > m && !maxInFlight.CompareAndSwap(m, n); m = maxInFlight.Load() {
	}
	if down[source] {
		return "", fmt.Errorf("%s: service unavailable", source)
	}
	select {
	case <-time.After(20 * time.Millisecond):
		return source, nil
	case <-ctx.Done(): // Another fetch failed.
		return "", ctx.Err()
	}
}

// AggregateResults combines data from all sources, two at a time.
func AggregateResults(parent context.Context, sources []string) (string, error) {
	g, ctx := errgroup.WithContext(parent)
	g.SetLimit(2) // Go blocks while two fetches are in flight.
	results := make([]string, len(sources))
	for i, source := range sources {
		i, source := i, source // Each closure gets its own copies.
		g.Go(func() error {
			data, err := fetch(ctx, source)
			if err != nil {
				return err // The first error cancels ctx.
			}
			results[i] = data
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return "", err
	}
	return strings.Join(results, "+"), nil
}

// report prints what AggregateResults returned.
func report(data string, err error) {
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println("result:", data)
}

func main() {
	sources := []string{"profile", "prefs", "history", "friends"}
	report(AggregateResults(context.Background(), sources))
	fmt.Println("most fetches in flight:", maxInFlight.Load())

	down["prefs"] = true // The error path.
	report(AggregateResults(context.Background(), sources))
}
