package main

// Twins of benchmarks/memory_bench.cc. Per-object heap: MemStats.TotalAlloc
// delta (what was allocated; the objects stay reachable); heap growth:
// HeapAlloc after two runtime.GC()s (heapBytes); RSS: /proc/self/statm.

import (
	"context"
	"os"
	"runtime"
	"sync"
	"time"
)

// heapBytes is the live heap. Two collections, not one: a stopped timer
// stays in its P's timer heap, reachable, until that P next schedules
// (Go 1.19 clears deleted timers lazily), so one collection after
// mem/flat's 100 stopped timers could count them or not, by chance, and
// the growth measured against it came out negative. The first collection's
// mark workers run the scheduler on every P, which clears them; the second
// frees them.
func heapBytes() int64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}

func rssBytes() int64 {
	data, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	var size, resident int64
	i := 0
	for ; i < len(data) && data[i] != ' '; i++ {
		size = size*10 + int64(data[i]-'0')
	}
	for i++; i < len(data) && data[i] >= '0' && data[i] <= '9'; i++ {
		resident = resident*10 + int64(data[i]-'0')
	}
	return resident * int64(os.Getpagesize())
}

// allocatedBytes is the cumulative heap allocation (MemStats.TotalAlloc):
// its delta over a loop is exactly what the loop allocated.
func allocatedBytes() int64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.TotalAlloc)
}

func heapPerObject[T any](k int, newObj func() T) float64 {
	keep := make([]T, 0, k)
	before := allocatedBytes()
	for i := 0; i < k; i++ {
		keep = append(keep, newObj())
	}
	after := allocatedBytes()
	runtime.KeepAlive(keep)
	return float64(after-before) / float64(k)
}

type ctxPair struct {
	ctx    context.Context
	cancel context.CancelFunc
}

func parkedGoroutine(k int) map[string]float64 {
	block := make(chan struct{})
	var parked, exited sync.WaitGroup
	rss0 := rssBytes()
	for i := 0; i < k; i++ {
		parked.Add(1)
		exited.Add(1)
		go func() {
			parked.Done()
			<-block
			exited.Done()
		}()
	}
	parked.Wait()
	rss1 := rssBytes()
	close(block)
	exited.Wait()
	// (No heap_bytes_per_op: goroutine stacks and g structs are not in
	// Go's HeapAlloc.)
	return map[string]float64{"bytes_per_op": float64(rss1-rss0) / float64(k)}
}

func flatWorkload() {
	const n = 100
	c := make(chan int, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			c <- i
			wg.Done()
		}(i)
	}
	wg.Wait()
	for i := 0; i < n; i++ {
		<-c
	}
	for i := 0; i < n; i++ {
		ctx, cancel := context.WithCancel(context.Background())
		_ = ctx.Done()
		cancel()
		t := time.NewTimer(time.Hour)
		t.Stop()
	}
}

func flat() map[string]float64 {
	const reps = 8
	var heap1, rss1 int64
	for r := 0; r < reps; r++ {
		flatWorkload()
		if r == 0 {
			heap1 = heapBytes()
			rss1 = rssBytes()
		}
	}
	return map[string]float64{
		"bytes_per_op":       float64(heapBytes()-heap1) / (reps - 1),
		"rss_growth_per_rep": float64(rssBytes()-rss1) / (reps - 1),
	}
}

func registerMemory() {
	k := cfg.memObjects
	mem := func(name string, f func() map[string]float64) {
		register(bench{name: name, memory: f})
	}
	mem("mem/unbuffered_chan", func() map[string]float64 {
		return map[string]float64{"bytes_per_op": heapPerObject(k, func() chan int { return make(chan int) })}
	})
	mem("mem/chan_int_1024", func() map[string]float64 {
		return map[string]float64{"bytes_per_op": heapPerObject(k, func() chan int { return make(chan int, 1024) })}
	})
	mem("mem/parked_goroutine", func() map[string]float64 { return parkedGoroutine(cfg.memGoroutines) })
	mem("mem/context", func() map[string]float64 {
		return map[string]float64{"bytes_per_op": heapPerObject(k, func() ctxPair {
			ctx, cancel := context.WithCancel(context.Background())
			return ctxPair{ctx, cancel}
		})}
	})
	mem("mem/flat", flat)
}
