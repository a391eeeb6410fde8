// The concurrent prime sieve, a classic Go program: a daisy chain of
// goroutines, one filter per prime found so far, connected by channels.
package main

import "fmt"

// generate sends 2, 3, 4, ... on ch.
func generate(ch chan<- int) {
	for i := 2; ; i++ {
		ch <- i
	}
}

// filter copies the values from in to out, dropping multiples of prime.
func filter(in <-chan int, out chan<- int, prime int) {
	for {
		i := <-in
		if i%prime != 0 {
			out <- i
		}
	}
}

func main() {
	ch := make(chan int)
	go generate(ch)
	for i := 0; i < 20; i++ {
		prime := <-ch
		fmt.Println(prime)
		next := make(chan int)
		go filter(ch, next, prime)
		ch = next
	}
}
