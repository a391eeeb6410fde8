// Pitfall: calling Done more times than Add. A job is retried after the
// WaitGroup has been waited on, but nobody calls wg.Add(1) for the retry:
// its deferred wg.Done() takes the counter below zero and the program
// panics with "sync: negative WaitGroup counter".
//
// The fix: pair every Done with an Add made before the work starts
// (wg.Add(1) before the retry).
package main

import (
	"fmt"
	"sync"
)

// process handles one job; it is always paired with a wg.Add(1)... or so
// its author thought.
func process(job string, wg *sync.WaitGroup) {
	defer wg.Done()
	_ = len(job) // the work
}

func main() {
	jobs := []string{"a", "b", "c"}
	var wg sync.WaitGroup
	wg.Add(len(jobs))
	for _, job := range jobs {
		go process(job, &wg)
	}
	wg.Wait()
	fmt.Println("all jobs done")

	fmt.Println("retrying job a")
	process(jobs[0], &wg) // BUG: no wg.Add(1) for the retry.
	fmt.Println("unreachable")
}
