// golang-cpp benchmarks: Go's sync.WaitGroup benchmarks.
//
// Go: src/sync/waitgroup_test.go, Benchmark{WaitGroupUncontended,
// WaitGroupAddDone, WaitGroupAddDoneWork, WaitGroupWait, WaitGroupWaitWork,
// WaitGroupActuallyWait}. All are b.RunParallel bodies, run as in
// chan_bench.cc: RegisterGoBenchmark runs the benchmark function in a
// goroutine, and b.RunParallel starts GOMAXPROCS worker goroutines that share
// b.N through PB::Next (bench_common.h).
#include "benchmarks/bench_common.h"
#include "runtime/runtime.h"
#include "sync/waitgroup.h"

namespace golang::bench {
namespace {

// Go: BenchmarkWaitGroupUncontended — a padded WaitGroup per worker.
void WaitGroupUncontended(const B& b) {
  struct alignas(128) PaddedWaitGroup {
    sync::WaitGroup wg;
  };
  b.RunParallel([](PB& pb) {
    PaddedWaitGroup p;
    while (pb.Next()) {
      p.wg.Add(1);
      p.wg.Done();
      p.wg.Wait();
    }
  });
}

// Go: benchmarkWaitGroupAddDone — Add(1)/Done on one shared WaitGroup.
void WaitGroupAddDone(const B& b, int work) {
  sync::WaitGroup wg;
  b.RunParallel([&](PB& pb) {
    int foo = 0;
    while (pb.Next()) {
      wg.Add(1);
      LocalWork(foo, work);
      wg.Done();
    }
  });
}

// Go: benchmarkWaitGroupWait — Wait on a shared WaitGroup that is at zero.
void WaitGroupWait(const B& b, int work) {
  sync::WaitGroup wg;
  b.RunParallel([&](PB& pb) {
    int foo = 0;
    while (pb.Next()) {
      wg.Wait();
      LocalWork(foo, work);
    }
  });
}

// Go: BenchmarkWaitGroupActuallyWait — a fresh WaitGroup per iteration,
// Done by a new goroutine, waited for.
void WaitGroupActuallyWait(const B& b) {
  b.RunParallel([](PB& pb) {
    while (pb.Next()) {
      sync::WaitGroup wg;
      wg.Add(1);
      go([&wg] { wg.Done(); });
      wg.Wait();
    }
  });
}

}  // namespace

void RegisterSyncBenchmarks(const Config&) {
  RegisterGoBenchmark("BM_WaitGroupUncontended", WaitGroupUncontended);
  RegisterGoBenchmark("BM_WaitGroupAddDone",
                      [](const B& b) { WaitGroupAddDone(b, 0); });
  RegisterGoBenchmark("BM_WaitGroupAddDoneWork",
                      [](const B& b) { WaitGroupAddDone(b, 100); });
  RegisterGoBenchmark("BM_WaitGroupWait",
                      [](const B& b) { WaitGroupWait(b, 0); });
  RegisterGoBenchmark("BM_WaitGroupWaitWork",
                      [](const B& b) { WaitGroupWait(b, 100); });
  RegisterGoBenchmark("BM_WaitGroupActuallyWait", WaitGroupActuallyWait);
}

}  // namespace golang::bench
