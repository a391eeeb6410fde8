// The handler of orphan_leak, made structured: the request's context
// carries the deadline to both children, and a WaitGroup makes the handler
// wait for them before it returns. No goroutine outlives its request, so
// runtime.NumGoroutine() stays flat.
package main

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"time"
)

// backend stands for a server that has stopped answering: nobody ever sends
// on reply.
type backend struct {
	reply chan string
}

// query waits for the backend's reply, or for ctx to be done.
func (b backend) query(ctx context.Context, id int) (string, error) {
	select {
	case r := <-b.reply:
		return r, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

var (
	db    = backend{reply: make(chan string)}
	cache = backend{reply: make(chan string)}
)

// handler serves one request: it asks the database and the cache in
// parallel and answers with whichever replies first, or the context's error.
func handler(parent context.Context, id int) string {
	var wg sync.WaitGroup
	defer wg.Wait() // Runs last: no child outlives the request.
	ctx, cancel := context.WithTimeout(parent, 10*time.Millisecond)
	defer cancel()                 // Runs first: tells the children to stop.
	user := make(chan string, 1)   // Buffered: a child never blocks
	cached := make(chan string, 1) // on a reply nobody reads.
	wg.Add(2)
	go func() {
		defer wg.Done()
		if u, err := db.query(ctx, id); err == nil {
			user <- u
		}
	}()
	go func() {
		defer wg.Done()
		if c, err := cache.query(ctx, id); err == nil {
			cached <- c
		}
	}()
	select {
	case u := <-user:
		return u
	case c := <-cached:
		return c
	case <-ctx.Done():
		return ctx.Err().Error()
	}
}

// settledNumGoroutine returns runtime.NumGoroutine() once the goroutines
// that called wg.Done() have also returned: a goroutine counts until its
// function returns, a moment after its deferred Done ran.
func settledNumGoroutine(want int) int {
	for i := 0; i < 1000 && runtime.NumGoroutine() > want; i++ {
		time.Sleep(time.Millisecond)
	}
	return runtime.NumGoroutine()
}

func main() {
	fmt.Println("goroutines at start:", runtime.NumGoroutine())
	for id := 1; id <= 5; id++ {
		resp := handler(context.Background(), id)
		fmt.Printf("request %d: %s, goroutines: %d\n", id, resp, settledNumGoroutine(1))
	}
}
