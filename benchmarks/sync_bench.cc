// golang-cpp benchmarks: Go's sync.WaitGroup benchmarks.
//
// Go: src/sync/waitgroup_test.go, Benchmark{WaitGroupUncontended,
// WaitGroupAddDone, WaitGroupAddDoneWork, WaitGroupWait, WaitGroupWaitWork,
// WaitGroupActuallyWait}. All are b.RunParallel bodies: ->Threads(procs)
// ->UseRealTime(), as in chan_bench.cc.
#include <memory>

#include "benchmarks/bench_common.h"
#include "runtime/runtime.h"
#include "sync/waitgroup.h"

namespace golang::bench {
namespace {

// Go: BenchmarkWaitGroupUncontended — a padded WaitGroup per worker.
void WaitGroupUncontended(benchmark::State& state) {
  struct alignas(128) PaddedWaitGroup {
    sync::WaitGroup wg;
  };
  PaddedWaitGroup p;
  for (auto _ : state) {
    p.wg.Add(1);
    p.wg.Done();
    p.wg.Wait();
  }
}

// Go: benchmarkWaitGroupAddDone — Add(1)/Done on one shared WaitGroup.
void WaitGroupAddDone(benchmark::State& state,
                      std::shared_ptr<sync::WaitGroup> wg, int work) {
  int foo = 0;
  for (auto _ : state) {
    wg->Add(1);
    LocalWork(foo, work);
    wg->Done();
  }
}

// Go: benchmarkWaitGroupWait — Wait on a shared WaitGroup that is at zero.
void WaitGroupWait(benchmark::State& state,
                   std::shared_ptr<sync::WaitGroup> wg, int work) {
  int foo = 0;
  for (auto _ : state) {
    wg->Wait();
    LocalWork(foo, work);
  }
}

// Go: BenchmarkWaitGroupActuallyWait — a fresh WaitGroup per iteration,
// Done by a new goroutine, waited for.
void WaitGroupActuallyWait(benchmark::State& state) {
  for (auto _ : state) {
    sync::WaitGroup wg;
    wg.Add(1);
    go([&wg] { wg.Done(); });
    wg.Wait();
  }
}

}  // namespace

void RegisterSyncBenchmarks(const Config& c) {
  const int p = c.procs;
  benchmark::RegisterBenchmark("BM_WaitGroupUncontended", WaitGroupUncontended)
      ->Threads(p)
      ->UseRealTime();
  benchmark::RegisterBenchmark("BM_WaitGroupAddDone", WaitGroupAddDone,
                               std::make_shared<sync::WaitGroup>(), 0)
      ->Threads(p)
      ->UseRealTime();
  benchmark::RegisterBenchmark("BM_WaitGroupAddDoneWork", WaitGroupAddDone,
                               std::make_shared<sync::WaitGroup>(), 100)
      ->Threads(p)
      ->UseRealTime();
  benchmark::RegisterBenchmark("BM_WaitGroupWait", WaitGroupWait,
                               std::make_shared<sync::WaitGroup>(), 0)
      ->Threads(p)
      ->UseRealTime();
  benchmark::RegisterBenchmark("BM_WaitGroupWaitWork", WaitGroupWait,
                               std::make_shared<sync::WaitGroup>(), 100)
      ->Threads(p)
      ->UseRealTime();
  benchmark::RegisterBenchmark("BM_WaitGroupActuallyWait",
                               WaitGroupActuallyWait)
      ->Threads(p)
      ->UseRealTime();
}

}  // namespace golang::bench
