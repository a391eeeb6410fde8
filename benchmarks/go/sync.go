package main

// Twins of benchmarks/sync_bench.cc: Go's src/sync/waitgroup_test.go
// benchmarks and the uncontended Mutex and RWMutex ones, run with
// testing.Benchmark and b.RunParallel.

import (
	"sync"
	"testing"
)

func waitGroupAddDone(b *testing.B, work int) {
	var wg sync.WaitGroup
	b.RunParallel(func(pb *testing.PB) {
		foo := 0
		for pb.Next() {
			wg.Add(1)
			localWork(&foo, work)
			wg.Done()
		}
	})
}

func waitGroupWait(b *testing.B, work int) {
	var wg sync.WaitGroup
	b.RunParallel(func(pb *testing.PB) {
		foo := 0
		for pb.Next() {
			wg.Wait()
			localWork(&foo, work)
		}
	})
}

func registerSync() {
	register(bench{name: "BM_WaitGroupUncontended", goBench: func(b *testing.B) {
		type paddedWaitGroup struct {
			sync.WaitGroup
			pad [128]uint8
		}
		b.RunParallel(func(pb *testing.PB) {
			var wg paddedWaitGroup
			for pb.Next() {
				wg.Add(1)
				wg.Done()
				wg.Wait()
			}
		})
	}})
	register(bench{name: "BM_WaitGroupAddDone", goBench: func(b *testing.B) { waitGroupAddDone(b, 0) }})
	register(bench{name: "BM_WaitGroupAddDoneWork", goBench: func(b *testing.B) { waitGroupAddDone(b, 100) }})
	register(bench{name: "BM_WaitGroupWait", goBench: func(b *testing.B) { waitGroupWait(b, 0) }})
	register(bench{name: "BM_WaitGroupWaitWork", goBench: func(b *testing.B) { waitGroupWait(b, 100) }})
	register(bench{name: "BM_WaitGroupActuallyWait", goBench: func(b *testing.B) {
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				var wg sync.WaitGroup
				wg.Add(1)
				go func() { wg.Done() }()
				wg.Wait()
			}
		})
	}})
	register(bench{name: "BM_MutexUncontended", goBench: func(b *testing.B) {
		type paddedMutex struct {
			sync.Mutex
			pad [128]uint8
		}
		b.RunParallel(func(pb *testing.PB) {
			var mu paddedMutex
			for pb.Next() {
				mu.Lock()
				mu.Unlock()
			}
		})
	}})
	register(bench{name: "BM_RWMutexUncontended", goBench: func(b *testing.B) {
		type paddedRWMutex struct {
			sync.RWMutex
			pad [128]uint8
		}
		b.RunParallel(func(pb *testing.PB) {
			var mu paddedRWMutex
			for pb.Next() {
				mu.RLock()
				mu.RLock()
				mu.RUnlock()
				mu.RUnlock()
				mu.Lock()
				mu.Unlock()
			}
		})
	}})
}
