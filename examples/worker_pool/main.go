// A worker pool: three workers take jobs from one channel and send results
// on another. The jobs channel is closed when all jobs are queued; a single
// closer closes results once every worker has returned.
package main

import (
	"fmt"
	"sort"
	"sync"
	"time"
)

type result struct {
	job, worker, value int
}

// worker processes jobs until the jobs channel is closed and drained.
func worker(id int, jobs <-chan int, results chan<- result) {
	for j := range jobs {
		time.Sleep(10 * time.Millisecond) // The work.
		results <- result{job: j, worker: id, value: j * 2}
	}
}

func main() {
	const numJobs = 9
	jobs := make(chan int, numJobs)
	results := make(chan result, numJobs)

	var wg sync.WaitGroup
	for w := 1; w <= 3; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			worker(w, jobs, results)
		}(w)
	}

	start := time.Now()
	for j := 1; j <= numJobs; j++ {
		jobs <- j
	}
	close(jobs) // No more jobs: workers leave their range loops.

	go func() {
		wg.Wait()
		close(results)
	}()

	var all []result
	for r := range results {
		all = append(all, r)
	}
	elapsed := time.Since(start)

	sort.Slice(all, func(a, b int) bool { return all[a].job < all[b].job })
	for _, r := range all {
		fmt.Printf("job %d -> %d\n", r.job, r.value)
	}
	// 9 jobs of 10 ms on 3 workers: 30 ms at best (90 ms in sequence).
	fmt.Println("took at least 30ms:", elapsed >= 30*time.Millisecond)
}
