package main

// Twins of benchmarks/time_bench.cc: the time package's fast paths, one
// call per iteration, every timer due in an hour (none fires). Run with
// testing.Benchmark and b.RunParallel. Stop and Reset have effects the
// compiler keeps, so their results are dropped.

import (
	"testing"
	"time"
)

var sinkTime time.Time

func registerTime() {
	register(bench{name: "BM_TimeNow", goBench: func(b *testing.B) {
		var t time.Time
		for i := 0; i < b.N; i++ {
			t = time.Now()
		}
		sinkTime = t
	}})
	register(bench{name: "BM_TimerStop", goBench: func(b *testing.B) {
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				time.NewTimer(time.Hour).Stop()
			}
		})
	}})
	register(bench{name: "BM_TimerReset", goBench: func(b *testing.B) {
		b.RunParallel(func(pb *testing.PB) {
			t := time.NewTimer(time.Hour)
			for pb.Next() {
				t.Reset(time.Hour)
			}
			t.Stop()
		})
	}})
	register(bench{name: "BM_AfterFuncStop", goBench: func(b *testing.B) {
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				time.AfterFunc(time.Hour, func() {}).Stop()
			}
		})
	}})
}
