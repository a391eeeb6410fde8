package main

// Twins of benchmarks/crossbeam_bench.cc: crossbeam-channel's throughput
// shapes (crossbeam-channel/benchmarks/go.go), each run once; ns_per_op is
// wall time per message. Capacity 0 and 1 use --sync_messages messages,
// capacity N --messages, as on the C++ side. Each shape in both forms
// (registerFixed): main/crossbeam/* in the main goroutine, as go.go runs
// it, and crossbeam/* in a goroutine that main starts.

import "time"

type message = uintptr

const threads = 4 // crossbeam's THREADS; the select shapes assume 4

func seq(capacity, n int) {
	c := make(chan message, capacity)
	for i := 0; i < n; i++ {
		c <- message(i)
	}
	for i := 0; i < n; i++ {
		<-c
	}
}

func spsc(capacity, n int) {
	c := make(chan message, capacity)
	done := make(chan bool)
	go func() {
		for i := 0; i < n; i++ {
			c <- message(i)
		}
		done <- true
	}()
	for i := 0; i < n; i++ {
		<-c
	}
	<-done
}

func mpsc(capacity, n int) {
	c := make(chan message, capacity)
	done := make(chan bool)
	for t := 0; t < threads; t++ {
		go func() {
			for i := 0; i < n/threads; i++ {
				c <- message(i)
			}
			done <- true
		}()
	}
	for i := 0; i < n/threads*threads; i++ {
		<-c
	}
	for t := 0; t < threads; t++ {
		<-done
	}
}

func mpmc(capacity, n int) {
	c := make(chan message, capacity)
	done := make(chan bool)
	for t := 0; t < threads; t++ {
		go func() {
			for i := 0; i < n/threads; i++ {
				c <- message(i)
			}
			done <- true
		}()
	}
	for t := 0; t < threads; t++ {
		go func() {
			for i := 0; i < n/threads; i++ {
				<-c
			}
			done <- true
		}()
	}
	for t := 0; t < threads; t++ {
		<-done
		<-done
	}
}

func startProducers(cs []chan message, done chan bool, n int) {
	for _, c := range cs {
		go func(c chan message) {
			for i := 0; i < n/threads; i++ {
				c <- message(i)
			}
			done <- true
		}(c)
	}
}

func fourChans(capacity int) []chan message {
	return []chan message{make(chan message, capacity), make(chan message, capacity),
		make(chan message, capacity), make(chan message, capacity)}
}

func selectRx(capacity, n int) {
	cs := fourChans(capacity)
	done := make(chan bool)
	startProducers(cs, done, n)
	for i := 0; i < n/threads*threads; i++ {
		select {
		case <-cs[0]:
		case <-cs[1]:
		case <-cs[2]:
		case <-cs[3]:
		}
	}
	for t := 0; t < threads; t++ {
		<-done
	}
}

func selectBoth(capacity, n int) {
	cs := fourChans(capacity)
	done := make(chan bool)
	startProducers(cs, done, n)
	for t := 0; t < threads; t++ {
		go func() {
			for i := 0; i < n/threads; i++ {
				select {
				case <-cs[0]:
				case <-cs[1]:
				case <-cs[2]:
				case <-cs[3]:
				}
			}
			done <- true
		}()
	}
	for t := 0; t < threads; t++ {
		<-done
		<-done
	}
}

func timed(f func()) float64 {
	start := time.Now()
	f()
	return time.Since(start).Seconds()
}

func registerCrossbeam() {
	type shape struct {
		name string
		f    func(int, int)
	}
	for _, k := range []struct {
		prefix      string
		capacity, n int
	}{{"bounded0_", 0, cfg.syncMessages}, {"bounded1_", 1, cfg.syncMessages},
		{"bounded_", cfg.messages, cfg.messages}} {
		k := k
		shapes := []shape{{"mpmc", mpmc}, {"mpsc", mpsc}, {"select_both", selectBoth},
			{"select_rx", selectRx}}
		if k.capacity == cfg.messages {
			shapes = append(shapes, shape{"seq", seq})
		}
		shapes = append(shapes, shape{"spsc", spsc})
		for _, s := range shapes {
			s := s
			registerFixed("crossbeam/"+k.prefix+s.name, func() float64 {
				return timed(func() { s.f(k.capacity, k.n) })
			}, k.n)
		}
	}
}
