// The single-closer idiom from "Structured concurrency in Go": several
// workers send on one channel, and none of them closes it. One extra
// goroutine waits for the WaitGroup, then closes the channel exactly once,
// so the parent can range over it.
package main

import (
	"fmt"
	"sort"
	"sync"
)

func main() {
	results := make(chan int)
	var wg sync.WaitGroup
	for i := 1; i <= 5; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			results <- i * i // Workers send; none of them closes.
		}(i)
	}
	// The single closer: the WaitGroup guarantees only one goroutine
	// reaches the close call, after every send.
	go func() {
		wg.Wait()
		close(results)
	}()
	var squares []int
	for r := range results { // Ends when the closer has closed results.
		squares = append(squares, r)
	}
	sort.Ints(squares) // Workers finish in any order.
	fmt.Println("squares:", squares)
}
