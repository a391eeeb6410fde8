// Pitfall: forgetting to pass ctx to a database query. Each request times
// out after 10 ms, but the query it started was given
// context.Background(), so it runs to completion (1 s) and keeps its
// connection. Connections pile up until the pool is exhausted and the
// server stops serving requests.
//
// The fix (second half): pass ctx, so the query stops when the request
// does; and wait for the query goroutine, so that no child outlives the
// request.
package main

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

var errPoolExhausted = errors.New("connection pool exhausted")

// DB is a database with a pool of maxConns connections.
type DB struct {
	maxConns int32
	open     atomic.Int32
}

// Query holds a connection until the query completes (1 s) or ctx is done.
func (db *DB) Query(ctx context.Context, id int) error {
	if db.open.Add(1) > db.maxConns {
		db.open.Add(-1)
		return errPoolExhausted
	}
	defer db.open.Add(-1) // Release the connection.
	select {
	case <-time.After(time.Second):
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// handleLeaky serves one request, but forgets to pass its ctx to the query.
func handleLeaky(parent context.Context, db *DB, id int) error {
	ctx, cancel := context.WithTimeout(parent, 10*time.Millisecond)
	defer cancel()
	res := make(chan error, 1)
	go func() { res <- db.Query(context.Background(), id) }() // BUG: not ctx.
	select {
	case err := <-res:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// handle serves one request: the query gets the request's ctx, and the
// handler waits for the goroutine it started.
func handle(parent context.Context, db *DB, id int) error {
	var wg sync.WaitGroup
	defer wg.Wait()
	ctx, cancel := context.WithTimeout(parent, 10*time.Millisecond)
	defer cancel()
	res := make(chan error, 1)
	wg.Add(1)
	go func() {
		defer wg.Done()
		res <- db.Query(ctx, id)
	}()
	select {
	case err := <-res:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func main() {
	fmt.Println("forgot ctx:")
	leaky := &DB{maxConns: 3}
	for id := 1; id <= 5; id++ {
		err := handleLeaky(context.Background(), leaky, id)
		fmt.Printf("request %d: %v, open connections: %d\n", id, err, leaky.open.Load())
	}
	fmt.Println("passed ctx:")
	db := &DB{maxConns: 3}
	for id := 1; id <= 5; id++ {
		err := handle(context.Background(), db, id)
		fmt.Printf("request %d: %v, open connections: %d\n", id, err, db.open.Load())
	}
}
