// A ticker paces a worker, and a quit channel stops it: on each tick the
// worker handles the next job in its queue, or waits for the next tick when
// the queue is empty. Closing quit makes it return; on the way out it stops
// its ticker and closes done, so main knows it is gone.
package main

import (
	"fmt"
	"strings"
	"time"
)

const period = 5 * time.Millisecond

func worker(jobs []string, results chan<- string, quit <-chan struct{}, done chan<- struct{}) {
	defer close(done)
	ticker := time.NewTicker(period)
	defer ticker.Stop()
	for {
		select {
		case <-ticker.C:
			if len(jobs) == 0 {
				continue // Idle: wait for the next tick, or quit.
			}
			results <- strings.ToUpper(jobs[0])
			jobs = jobs[1:]
		case <-quit:
			return
		}
	}
}

func main() {
	jobs := []string{"alpha", "beta", "gamma", "delta"}
	results := make(chan string)
	quit := make(chan struct{})
	done := make(chan struct{})
	start := time.Now()
	go worker(jobs, results, quit, done)
	for range jobs {
		fmt.Println(<-results)
	}
	// One job per tick: the last result came no sooner than the fourth tick.
	fmt.Println("paced by the ticker:", time.Since(start) >= 4*period)
	close(quit)
	<-done
	fmt.Println("worker stopped")
}
