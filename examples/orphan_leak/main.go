// The orphan goroutine problem, from the opening of "Structured concurrency
// in Go": a handler fetches user data from a database and checks a cache in
// two goroutines, and returns when its deadline passes. The goroutines have
// no parent to wait for them and no signal to stop: each request leaves two
// orphans behind, blocked forever on a reply that never comes, and
// runtime.NumGoroutine() climbs. See orphan_structured for the fix.
package main

import (
	"fmt"
	"runtime"
	"time"
)

// backend stands for a server that has stopped answering: nobody ever sends
// on reply.
type backend struct {
	reply chan string
}

// query waits for the backend's reply.
func (b backend) query(id int) string {
	return <-b.reply
}

var (
	db    = backend{reply: make(chan string)}
	cache = backend{reply: make(chan string)}
)

// handler serves one request: it asks the database and the cache in
// parallel and answers with whichever replies first, or "timeout".
func handler(id int) string {
	user := make(chan string)
	cached := make(chan string)
	go func() { user <- db.query(id) }()      // Orphan: nobody waits for it,
	go func() { cached <- cache.query(id) }() // nothing tells it to stop.
	select {
	case u := <-user:
		return u
	case c := <-cached:
		return c
	case <-time.After(10 * time.Millisecond):
		return "timeout"
	}
}

func main() {
	fmt.Println("goroutines at start:", runtime.NumGoroutine())
	for id := 1; id <= 5; id++ {
		resp := handler(id)
		fmt.Printf("request %d: %s, goroutines: %d\n", id, resp, runtime.NumGoroutine())
	}
}
