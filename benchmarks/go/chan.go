package main

// Twins of benchmarks/chan_bench.cc: the channel and select benchmarks of
// Go's src/runtime/chan_test.go, run with testing.Benchmark. b.RunParallel
// uses GOMAXPROCS goroutines, as the C++ side's B::RunParallel does.

import (
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// localWork is the `foo *= 2; foo /= 2` loop of Go's benchmarks.
func localWork(foo *int, work int) {
	for i := 0; i < work; i++ {
		*foo *= 2
		*foo /= 2
	}
}

func chanProdCons(b *testing.B, size, work int) {
	const callsPerSched = 1000
	procs := cfg.procs
	n := int32(b.N / callsPerSched)
	c := make(chan bool, 2*procs)
	myc := make(chan int, size)
	for p := 0; p < procs; p++ {
		go func() {
			foo := 0
			for atomic.AddInt32(&n, -1) >= 0 {
				for g := 0; g < callsPerSched; g++ {
					localWork(&foo, work)
					myc <- 1
				}
			}
			myc <- 0
			c <- foo == 42
		}()
		go func() {
			foo := 0
			for {
				if <-myc == 0 {
					break
				}
				localWork(&foo, work)
			}
			c <- foo == 42
		}()
	}
	for p := 0; p < procs; p++ {
		<-c
		<-c
	}
}

func registerChan() {
	register(bench{name: "BM_ChanNonblocking", goBench: func(b *testing.B) {
		myc := make(chan int)
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				select {
				case <-myc:
				default:
				}
			}
		})
	}})
	register(bench{name: "BM_ChanUncontended", goBench: func(b *testing.B) {
		const C = 100
		b.RunParallel(func(pb *testing.PB) {
			myc := make(chan int, C)
			for pb.Next() {
				for i := 0; i < C; i++ {
					myc <- 0
				}
				for i := 0; i < C; i++ {
					<-myc
				}
			}
		})
	}})
	register(bench{name: "BM_ChanContended", goBench: func(b *testing.B) {
		const C = 100
		myc := make(chan int, C*cfg.procs)
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				for i := 0; i < C; i++ {
					myc <- 0
				}
				for i := 0; i < C; i++ {
					<-myc
				}
			}
		})
	}})
	register(bench{name: "BM_ChanSync", goBench: func(b *testing.B) {
		const callsPerSched = 1000
		const procs = 2
		n := int32(b.N / callsPerSched / procs * procs)
		c := make(chan bool, procs)
		myc := make(chan int)
		for p := 0; p < procs; p++ {
			go func() {
				for {
					i := atomic.AddInt32(&n, -1)
					if i < 0 {
						break
					}
					for g := 0; g < callsPerSched; g++ {
						if i%2 == 0 {
							<-myc
							myc <- 0
						} else {
							myc <- 0
							<-myc
						}
					}
				}
				c <- true
			}()
		}
		for p := 0; p < procs; p++ {
			<-c
		}
	}})
	for _, size := range []int{0, 10, 100} {
		size := size
		register(bench{name: "BM_ChanProdCons/" + strconv.Itoa(size),
			goBench: func(b *testing.B) { chanProdCons(b, size, 0) }})
	}
	for _, size := range []int{0, 10, 100} {
		size := size
		register(bench{name: "BM_ChanProdConsWork/" + strconv.Itoa(size),
			goBench: func(b *testing.B) { chanProdCons(b, size, 100) }})
	}
	register(bench{name: "BM_ChanCreation", goBench: func(b *testing.B) {
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				myc := make(chan int, 1)
				myc <- 0
				<-myc
			}
		})
	}})
	register(bench{name: "BM_ChanSem", goBench: func(b *testing.B) {
		myc := make(chan struct{}, cfg.procs)
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				myc <- struct{}{}
				<-myc
			}
		})
	}})
	register(bench{name: "BM_ChanPopular", goBench: func(b *testing.B) {
		const n = 1000
		c := make(chan bool)
		var a []chan bool
		var wg sync.WaitGroup
		wg.Add(n)
		for j := 0; j < n; j++ {
			d := make(chan bool)
			a = append(a, d)
			go func() {
				for i := 0; i < b.N; i++ {
					select {
					case <-c:
					case <-d:
					}
				}
				wg.Done()
			}()
		}
		for i := 0; i < b.N; i++ {
			for _, d := range a {
				d <- true
			}
		}
		wg.Wait()
	}})
	register(bench{name: "BM_ChanClosed", goBench: func(b *testing.B) {
		c := make(chan struct{})
		close(c)
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				select {
				case <-c:
				default:
					panic("unreachable")
				}
			}
		})
	}})
	register(bench{name: "BM_SelectUncontended", goBench: func(b *testing.B) {
		b.RunParallel(func(pb *testing.PB) {
			myc1 := make(chan int, 1)
			myc2 := make(chan int, 1)
			myc1 <- 0
			for pb.Next() {
				select {
				case <-myc1:
					myc2 <- 0
				case <-myc2:
					myc1 <- 0
				}
			}
		})
	}})
	register(bench{name: "BM_SelectSyncContended", goBench: func(b *testing.B) {
		myc1 := make(chan int)
		myc2 := make(chan int)
		myc3 := make(chan int)
		done := make(chan int)
		b.RunParallel(func(pb *testing.PB) {
			go func() {
				for {
					select {
					case myc1 <- 0:
					case myc2 <- 0:
					case myc3 <- 0:
					case <-done:
						return
					}
				}
			}()
			for pb.Next() {
				select {
				case <-myc1:
				case <-myc2:
				case <-myc3:
				}
			}
		})
		close(done)
	}})
	register(bench{name: "BM_SelectAsyncContended", goBench: func(b *testing.B) {
		myc1 := make(chan int, cfg.procs)
		myc2 := make(chan int, cfg.procs)
		b.RunParallel(func(pb *testing.PB) {
			myc1 <- 0
			for pb.Next() {
				select {
				case <-myc1:
					myc2 <- 0
				case <-myc2:
					myc1 <- 0
				}
			}
		})
	}})
	register(bench{name: "BM_SelectNonblock", goBench: func(b *testing.B) {
		myc1 := make(chan int)
		myc2 := make(chan int)
		myc3 := make(chan int, 1)
		myc4 := make(chan int, 1)
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				select {
				case <-myc1:
				default:
				}
				select {
				case myc2 <- 0:
				default:
				}
				select {
				case <-myc3:
				default:
				}
				select {
				case myc4 <- 0:
				default:
				}
			}
		})
	}})
	register(bench{name: "BM_SelectProdCons", goBench: func(b *testing.B) {
		const callsPerSched = 1000
		procs := cfg.procs
		n := int32(b.N / callsPerSched)
		c := make(chan bool, 2*procs)
		myc := make(chan int, 128)
		myclose := make(chan bool)
		for p := 0; p < procs; p++ {
			go func() {
				foo := 0
				mytimer := time.After(time.Hour) // never fires
				for atomic.AddInt32(&n, -1) >= 0 {
					for g := 0; g < callsPerSched; g++ {
						localWork(&foo, 100)
						select {
						case myc <- 1:
						case <-mytimer:
						case <-myclose:
						}
					}
				}
				myc <- 0
				c <- foo == 42
			}()
			go func() {
				foo := 0
				mytimer := time.After(time.Hour)
				for loop := true; loop; {
					select {
					case v := <-myc:
						loop = v != 0
					case <-mytimer:
					case <-myclose:
					}
					if !loop {
						break
					}
					localWork(&foo, 100)
				}
				c <- foo == 42
			}()
		}
		for p := 0; p < procs; p++ {
			<-c
			<-c
		}
	}})
}
