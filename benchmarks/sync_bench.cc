// golang-cpp benchmarks: Go's sync.WaitGroup benchmarks, and the
// uncontended Mutex and RWMutex ones.
//
// Go: src/sync/waitgroup_test.go, Benchmark{WaitGroupUncontended,
// WaitGroupAddDone, WaitGroupAddDoneWork, WaitGroupWait, WaitGroupWaitWork,
// WaitGroupActuallyWait}; src/sync/mutex_test.go and rwmutex_test.go,
// Benchmark{MutexUncontended, RWMutexUncontended}. All are b.RunParallel
// bodies, run as in
// chan_bench.cc: RegisterGoBenchmark runs the benchmark function in a
// goroutine, and b.RunParallel starts GOMAXPROCS worker goroutines that share
// b.N through PB::Next (bench_common.h).
#include "absl/base/thread_annotations.h"
#include "benchmarks/bench_common.h"
#include "runtime/runtime.h"
#include "sync/mutex.h"
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

// Go: BenchmarkMutexUncontended — Lock and Unlock of a padded Mutex of the
// worker's own: the lock's fast path, one CAS each way, nobody waiting.
void MutexUncontended(const B& b) {
  struct alignas(128) PaddedMutex {
    sync::Mutex mu;
  };
  b.RunParallel([](PB& pb) {
    PaddedMutex p;
    while (pb.Next()) {
      p.mu.Lock();
      p.mu.Unlock();
    }
  });
}

// One round of Go's shape: two read locks held together and released, then
// the write lock (more than Clang's thread-safety analysis follows).
void RWMutexRound(sync::RWMutex& mu) ABSL_NO_THREAD_SAFETY_ANALYSIS {
  mu.RLock();
  mu.RLock();
  mu.RUnlock();
  mu.RUnlock();
  mu.Lock();
  mu.Unlock();
}

// Go: BenchmarkRWMutexUncontended — on a padded RWMutex of the worker's
// own.
void RWMutexUncontended(const B& b) {
  struct alignas(128) PaddedRWMutex {
    sync::RWMutex mu;
  };
  b.RunParallel([](PB& pb) {
    PaddedRWMutex p;
    while (pb.Next()) RWMutexRound(p.mu);
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
  RegisterGoBenchmark("BM_MutexUncontended", MutexUncontended);
  RegisterGoBenchmark("BM_RWMutexUncontended", RWMutexUncontended);
}

}  // namespace golang::bench
