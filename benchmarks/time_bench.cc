// golang-cpp benchmarks: the time package's fast paths, b.N style.
//
// Modelled on Go's src/time benchmarks (BenchmarkNow in time_test.go;
// BenchmarkStop, BenchmarkReset and the AfterFunc ones in sleep_test.go),
// registered with RegisterGoBenchmark as chan_bench.cc's are: the benchmark
// function runs in a goroutine of its own per run of b.N iterations, and
// b.RunParallel starts GOMAXPROCS worker goroutines (bench_common.h). These
// time one call per iteration where Go's timer benchmarks loop 1,000 times
// per iteration over a heap pre-filled with garbage timers: here ns/op is
// the cost of one call on an otherwise empty timer heap, the figure to
// watch when a change adds work to the call itself (as synctest's bubble
// checks did, issue 14). Every timer is due in an hour, so none fires.
//   BM_TimeNow        time::Now(), b.N times in the benchmark goroutine.
//   BM_TimerStop      P workers: time::NewTimer(time::Hour), then Stop.
//   BM_TimerReset     P workers, each with a timer of its own armed for an
//                     hour: Reset(time::Hour) on it (always pending).
//   BM_AfterFuncStop  P workers: time::AfterFunc(time::Hour, f), then Stop
//                     (f, which does nothing, never runs).
#include "benchmarks/bench_common.h"
#include "runtime/runtime.h"
#include "time/time.h"

namespace golang::bench {
namespace {

// Go: BenchmarkNow — the clock read itself.
void TimeNow(const B& b) {
  for (int64_t i = 0; i < b.n(); ++i) {
    benchmark::DoNotOptimize(time::Now());
  }
}

// Go: BenchmarkStop's body, one timer per iteration.
void TimerStop(const B& b) {
  b.RunParallel([](PB& pb) {
    while (pb.Next()) {
      benchmark::DoNotOptimize(time::NewTimer(time::Hour)->Stop());
    }
  });
}

// Go: BenchmarkReset's body, one Reset per iteration.
void TimerReset(const B& b) {
  b.RunParallel([](PB& pb) {
    auto t = time::NewTimer(time::Hour);
    while (pb.Next()) {
      benchmark::DoNotOptimize(t->Reset(time::Hour));
    }
    t->Stop();
  });
}

// AfterFunc and Stop: the function timer's constructor and Stop.
void AfterFuncStop(const B& b) {
  b.RunParallel([](PB& pb) {
    while (pb.Next()) {
      benchmark::DoNotOptimize(time::AfterFunc(time::Hour, [] {})->Stop());
    }
  });
}

}  // namespace

void RegisterTimeBenchmarks(const Config&) {
  RegisterGoBenchmark("BM_TimeNow", TimeNow);
  RegisterGoBenchmark("BM_TimerStop", TimerStop);
  RegisterGoBenchmark("BM_TimerReset", TimerReset);
  RegisterGoBenchmark("BM_AfterFuncStop", AfterFuncStop);
}

}  // namespace golang::bench
