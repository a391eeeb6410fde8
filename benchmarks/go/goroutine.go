package main

// Twins of benchmarks/goroutine_bench.cc: goroutine, context and timer
// shapes, each run once with a fixed size; ns_per_op = wall time / size.
// Each shape in both forms (registerFixed): main/<name> in the main
// goroutine, <name> in a goroutine that main starts. BM_GoSpawn is b.N
// style, under testing.Benchmark: b.N goroutines that each call wg.Done(),
// started in batches of spawnBatch, each batch waited for before the next.

import (
	"context"
	"sync"
	"testing"
	"time"
)

func spawnJoin(n int) float64 {
	start := time.Now()
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() { wg.Done() }()
	}
	wg.Wait()
	return time.Since(start).Seconds()
}

func pingPong(n int) float64 {
	ping := make(chan int)
	pong := make(chan int)
	start := time.Now()
	go func() {
		for i := 0; i < n; i++ {
			pong <- (<-ping) + 1
		}
	}()
	v := 0
	for i := 0; i < n; i++ {
		ping <- v
		v = <-pong
	}
	return time.Since(start).Seconds()
}

// contextTree returns the build and the cancel durations in seconds.
func contextTree(n int) (float64, float64) {
	const fanOut = 10
	ctxs := make([]context.Context, 0, n)
	cancels := make([]context.CancelFunc, 0, n)
	var parked, exited sync.WaitGroup
	start := time.Now()
	for i := 0; i < n; i++ {
		parent := context.Background()
		if i > 0 {
			parent = ctxs[(i-1)/fanOut]
		}
		ctx, cancel := context.WithCancel(parent)
		ctxs = append(ctxs, ctx)
		cancels = append(cancels, cancel)
		parked.Add(1)
		exited.Add(1)
		go func() {
			done := ctx.Done()
			parked.Done()
			<-done
			exited.Done()
		}()
	}
	parked.Wait()
	build := time.Since(start).Seconds()
	start = time.Now()
	cancels[0]()
	exited.Wait()
	cancel := time.Since(start).Seconds()
	for _, c := range cancels {
		c()
	}
	return build, cancel
}

func selectAfter(n int) float64 {
	ready := make(chan struct{})
	close(ready)
	start := time.Now()
	for i := 0; i < n; i++ {
		select {
		case <-ready:
		case <-time.After(time.Hour):
		}
	}
	return time.Since(start).Seconds()
}

var sinkBool bool

func newTimerStop(n int) float64 {
	start := time.Now()
	for i := 0; i < n; i++ {
		t := time.NewTimer(time.Hour)
		sinkBool = t.Stop()
	}
	return time.Since(start).Seconds()
}

const spawnBatch = 1000

func goSpawn(b *testing.B) {
	var wg sync.WaitGroup
	for done := 0; done < b.N; done += spawnBatch {
		k := spawnBatch
		if b.N-done < k {
			k = b.N - done
		}
		wg.Add(k)
		for i := 0; i < k; i++ {
			go func() { wg.Done() }()
		}
		wg.Wait()
	}
}

func registerGoroutine() {
	register(bench{name: "BM_GoSpawn", goBench: goSpawn})
	registerFixed("goroutine/spawn_join", func() float64 { return spawnJoin(cfg.spawn) }, cfg.spawn)
	// Timed the second time: the first leaves cfg.spawn finished goroutines to reuse.
	registerFixed("goroutine/spawn_join_warm", func() float64 { spawnJoin(cfg.spawn); return spawnJoin(cfg.spawn) }, cfg.spawn)
	registerFixed("goroutine/pingpong", func() float64 { return pingPong(cfg.roundtrips) }, cfg.roundtrips)
	registerFixed("context/tree_build", func() float64 { b, _ := contextTree(cfg.ctxTree); return b }, cfg.ctxTree)
	registerFixed("context/tree_cancel", func() float64 { _, c := contextTree(cfg.ctxTree); return c }, cfg.ctxTree)
	registerFixed("timer/select_after", func() float64 { return selectAfter(cfg.timers) }, cfg.timers)
	registerFixed("timer/newtimer_stop", func() float64 { return newTimerStop(cfg.timers) }, cfg.timers)
}
