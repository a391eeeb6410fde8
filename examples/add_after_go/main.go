// Pitfall: calling wg.Add inside the goroutine instead of before the go
// statement. The goroutines first open a connection (20 ms); by the time
// they call wg.Add(1), main's wg.Wait() has seen a zero counter and
// returned. The results are read while the orphaned goroutines are still
// writing them: a data race, which `go run -race main.go` reports (and,
// for the C++ translation, ThreadSanitizer).
//
// The fix: wg.Add(1) before `go func`, in the parent.
package main

import (
	"fmt"
	"sync"
	"time"
)

// connect stands for opening a connection.
func connect() {
	time.Sleep(20 * time.Millisecond)
}

func main() {
	var wg sync.WaitGroup
	results := make([]int, 3)
	for i := 0; i < 3; i++ {
		go func(i int) {
			connect()
			wg.Add(1) // BUG: too late, Wait may already have returned.
			defer wg.Done()
			results[i] = (i + 1) * 10
		}(i)
	}
	wg.Wait() // Sees zero and returns at once.
	fmt.Println("after Wait:", results)
	time.Sleep(100 * time.Millisecond) // Meanwhile the orphans finish.
	fmt.Println("100ms later:", results)
}
