// Timeouts, timers and tickers: select with time.After bounds how long an
// operation may take; a Timer can be stopped and reset; a for-select loop
// counts ticks and returns from inside a case; a default case makes a
// receive non-blocking.
package main

import (
	"fmt"
	"time"
)

// firstTicks receives from tick until it has counted n ticks, or until
// giveUp fires; it returns how many it counted.
func firstTicks(tick, giveUp <-chan time.Time, n int) int {
	ticks := 0
	for {
		select {
		case <-tick:
			ticks++
			if ticks == n {
				return ticks
			}
		case <-giveUp:
			return ticks
		}
	}
}

func main() {
	// A call that takes too long: the timeout wins.
	c1 := make(chan string, 1) // Buffered: the late send does not block forever.
	go func() {
		time.Sleep(200 * time.Millisecond)
		c1 <- "result 1"
	}()
	select {
	case res := <-c1:
		fmt.Println(res)
	case <-time.After(20 * time.Millisecond):
		fmt.Println("timeout 1")
	}

	// A call that is quick enough: the result wins.
	c2 := make(chan string, 1)
	go func() {
		time.Sleep(10 * time.Millisecond)
		c2 <- "result 2"
	}()
	select {
	case res := <-c2:
		fmt.Println(res)
	case <-time.After(500 * time.Millisecond):
		fmt.Println("timeout 2")
	}

	// Timers: wait for one; stop another before it fires, then reset it.
	timer1 := time.NewTimer(10 * time.Millisecond)
	<-timer1.C
	fmt.Println("timer 1 fired")
	timer2 := time.NewTimer(time.Hour)
	stopped := timer2.Stop()
	fmt.Println("timer 2 stopped:", stopped)
	timer2.Reset(10 * time.Millisecond)
	<-timer2.C
	fmt.Println("timer 2 fired after Reset")

	// A ticker, read in a for-select loop.
	ticker := time.NewTicker(5 * time.Millisecond)
	defer ticker.Stop()
	fmt.Println("ticks:", firstTicks(ticker.C, time.After(time.Second), 3))

	// A non-blocking receive.
	messages := make(chan string)
	select {
	case msg := <-messages:
		fmt.Println("received", msg)
	default:
		fmt.Println("no message received")
	}
}
