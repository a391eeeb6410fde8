// golang-cpp benchmarks: Go's own channel and select benchmarks.
//
// Go: src/runtime/chan_test.go, Benchmark{ChanNonblocking, SelectUncontended,
// SelectSyncContended, SelectAsyncContended, SelectNonblock, ChanUncontended,
// ChanContended, ChanSync, ChanProdCons*, ChanProdConsWork*, SelectProdCons,
// ChanCreation, ChanSem, ChanPopular, ChanClosed}.
//
// Mapping of Go's benchmark harness:
//   - b.RunParallel(body) -> ->Threads(procs)->UseRealTime(): `procs` plain
//     threads (procs = $GOMAXPROCS, else nproc, as Go's RunParallel uses
//     GOMAXPROCS goroutines) each run the per-goroutine body. Google
//     Benchmark reports wall time / total iterations, Go's ns/op. (Go hands
//     out iterations from a shared counter in batches; Google Benchmark
//     gives each thread an equal share. Goroutines are OS threads here, so
//     the workers are the same kind of thing.)
//   - Benchmarks that start their own goroutines with `go` and divide b.N
//     among them (ChanSync, ChanProdCons, SelectProdCons, ChanPopular) run
//     one batch of b.N iterations (KeepRunningBatch) in the benchmark thread
//     and start their goroutines with golang::go, exactly as Go does.
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "benchmarks/bench_common.h"
#include "chan/chan.h"
#include "chan/select.h"
#include "runtime/runtime.h"
#include "sync/waitgroup.h"
#include "time/time.h"

namespace golang::bench {
namespace {

// Go: BenchmarkChanNonblocking — select { case <-myc: default: } on an
// empty unbuffered channel shared by all workers.
void ChanNonblocking(benchmark::State& state, chan<int> myc) {
  for (auto _ : state) {
    select(recv(myc), default_case());
  }
}

// Go: BenchmarkSelectUncontended — each worker bounces a token between its
// own two buffered channels.
void SelectUncontended(benchmark::State& state) {
  auto myc1 = make_chan<int>(1);
  auto myc2 = make_chan<int>(1);
  myc1.send(0);
  for (auto _ : state) {
    select(recv(myc1, [&] { myc2.send(0); }),
           recv(myc2, [&] { myc1.send(0); }));
  }
}

// Go: BenchmarkSelectSyncContended — each worker starts a goroutine that
// selects over sends on three shared unbuffered channels; workers select
// over the three receives. (Go shares one `done`; each worker closes its
// own here, which ends its helper the same way.)
struct SyncContended {
  chan<int> myc1 = make_chan<int>();
  chan<int> myc2 = make_chan<int>();
  chan<int> myc3 = make_chan<int>();
};
void SelectSyncContended(benchmark::State& state,
                         std::shared_ptr<SyncContended> s) {
  auto done = make_chan<int>();
  go([s, done] {
    for (;;) {
      if (select(send(s->myc1, 0), send(s->myc2, 0), send(s->myc3, 0),
                 recv(done)) == 3) {
        return;
      }
    }
  });
  for (auto _ : state) {
    select(recv(s->myc1), recv(s->myc2), recv(s->myc3));
  }
  close(done);
}

// Go: BenchmarkSelectAsyncContended — procs tokens bounce between two shared
// channels of capacity procs.
struct AsyncContended {
  explicit AsyncContended(int procs)
      : myc1(make_chan<int>(procs)), myc2(make_chan<int>(procs)) {}
  chan<int> myc1;
  chan<int> myc2;
};
void SelectAsyncContended(benchmark::State& state,
                          std::shared_ptr<AsyncContended> s) {
  s->myc1.send(0);
  for (auto _ : state) {
    select(recv(s->myc1, [&] { s->myc2.send(0); }),
           recv(s->myc2, [&] { s->myc1.send(0); }));
  }
  // Take one token back so the next run starts from empty channels (Go
  // makes fresh channels per run).
  select(recv(s->myc1), recv(s->myc2));
}

// Go: BenchmarkSelectNonblock — four non-blocking selects per iteration.
struct Nonblock {
  chan<int> myc1 = make_chan<int>();
  chan<int> myc2 = make_chan<int>();
  chan<int> myc3 = make_chan<int>(1);
  chan<int> myc4 = make_chan<int>(1);
};
void SelectNonblock(benchmark::State& state, std::shared_ptr<Nonblock> s) {
  for (auto _ : state) {
    select(recv(s->myc1), default_case());
    select(send(s->myc2, 0), default_case());
    select(recv(s->myc3), default_case());
    select(send(s->myc4, 0), default_case());
  }
}

// Go: BenchmarkChanUncontended — each worker fills and drains its own
// channel of capacity 100.
void ChanUncontended(benchmark::State& state) {
  constexpr int kC = 100;
  auto myc = make_chan<int>(kC);
  for (auto _ : state) {
    for (int i = 0; i < kC; ++i) myc.send(0);
    for (int i = 0; i < kC; ++i) benchmark::DoNotOptimize(myc.recv());
  }
}

// Go: BenchmarkChanContended — the same on one shared channel of capacity
// 100 * procs.
void ChanContended(benchmark::State& state, chan<int> myc) {
  constexpr int kC = 100;
  for (auto _ : state) {
    for (int i = 0; i < kC; ++i) myc.send(0);
    for (int i = 0; i < kC; ++i) benchmark::DoNotOptimize(myc.recv());
  }
}

// Go: benchmarkChanSync(b, 0) — two goroutines alternate send/recv on one
// unbuffered channel.
void ChanSync(benchmark::State& state) {
  constexpr int kCallsPerSched = 1000;
  constexpr int kProcs = 2;
  while (state.KeepRunningBatch(state.max_iterations)) {
    std::atomic<int32_t> n{static_cast<int32_t>(
        state.max_iterations / kCallsPerSched / kProcs * kProcs)};
    auto c = make_chan<bool>(kProcs);
    auto myc = make_chan<int>();
    for (int p = 0; p < kProcs; ++p) {
      go([&n, c, myc] {
        for (;;) {
          const int32_t i = n.fetch_sub(1) - 1;
          if (i < 0) break;
          for (int g = 0; g < kCallsPerSched; ++g) {
            if (i % 2 == 0) {
              (void)myc.recv();
              myc.send(0);
            } else {
              myc.send(0);
              (void)myc.recv();
            }
          }
        }
        c.send(true);
      });
    }
    for (int p = 0; p < kProcs; ++p) (void)c.recv();
  }
}

// Go: benchmarkChanProdCons(b, chanSize, localWork) — procs producers and
// procs consumers on one channel; a 0 ends each consumer.
void ChanProdCons(benchmark::State& state, int chan_size, int local_work) {
  constexpr int kCallsPerSched = 1000;
  const int procs = GetConfig().procs;
  while (state.KeepRunningBatch(state.max_iterations)) {
    std::atomic<int32_t> n{
        static_cast<int32_t>(state.max_iterations / kCallsPerSched)};
    auto c = make_chan<bool>(2 * procs);
    auto myc = make_chan<int>(chan_size);
    for (int p = 0; p < procs; ++p) {
      go([&n, c, myc, local_work] {
        int foo = 0;
        while (n.fetch_sub(1) - 1 >= 0) {
          for (int g = 0; g < kCallsPerSched; ++g) {
            LocalWork(foo, local_work);
            myc.send(1);
          }
        }
        myc.send(0);
        c.send(foo == 42);
      });
      go([c, myc, local_work] {
        int foo = 0;
        for (;;) {
          if (myc.recv() == 0) break;
          LocalWork(foo, local_work);
        }
        c.send(foo == 42);
      });
    }
    for (int p = 0; p < procs; ++p) {
      (void)c.recv();
      (void)c.recv();
    }
  }
}

// Go: BenchmarkSelectProdCons — ChanProdCons(128, 100) through selects that
// also wait on a time.After(time.Hour) timer and a close channel.
void SelectProdCons(benchmark::State& state) {
  constexpr int kCallsPerSched = 1000;
  const int procs = GetConfig().procs;
  while (state.KeepRunningBatch(state.max_iterations)) {
    std::atomic<int32_t> n{
        static_cast<int32_t>(state.max_iterations / kCallsPerSched)};
    auto c = make_chan<bool>(2 * procs);
    auto myc = make_chan<int>(128);
    auto myclose = make_chan<bool>();
    for (int p = 0; p < procs; ++p) {
      go([&n, c, myc, myclose] {
        int foo = 0;
        auto mytimer = time::After(time::Hour);  // never fires
        while (n.fetch_sub(1) - 1 >= 0) {
          for (int g = 0; g < kCallsPerSched; ++g) {
            LocalWork(foo, 100);
            select(send(myc, 1), recv(mytimer), recv(myclose));
          }
        }
        myc.send(0);
        c.send(foo == 42);
      });
      go([c, myc, myclose] {
        int foo = 0;
        auto mytimer = time::After(time::Hour);
        for (bool loop = true; loop;) {
          select(recv(myc, [&](int v) { loop = v != 0; }), recv(mytimer),
                 recv(myclose));
          if (!loop) break;
          LocalWork(foo, 100);
        }
        c.send(foo == 42);
      });
    }
    for (int p = 0; p < procs; ++p) {
      (void)c.recv();
      (void)c.recv();
    }
  }
}

// Go: BenchmarkChanCreation — make, send, receive, per iteration.
void ChanCreation(benchmark::State& state) {
  for (auto _ : state) {
    auto myc = make_chan<int>(1);
    myc.send(0);
    benchmark::DoNotOptimize(myc.recv());
  }
}

// Go: BenchmarkChanSem — a channel of capacity procs as a semaphore.
void ChanSem(benchmark::State& state, chan<Empty> myc) {
  for (auto _ : state) {
    myc.send(Empty{});
    (void)myc.recv();
  }
}

// Go: BenchmarkChanPopular — 1000 goroutines each select on a shared
// channel and their own; the benchmark sends to each own channel b.N times.
void ChanPopular(benchmark::State& state) {
  constexpr int kN = 1000;
  while (state.KeepRunningBatch(state.max_iterations)) {
    const int64_t iters = state.max_iterations;
    auto c = make_chan<bool>();
    std::vector<chan<bool>> a;
    sync::WaitGroup wg;
    wg.Add(kN);
    for (int j = 0; j < kN; ++j) {
      auto d = make_chan<bool>();
      a.push_back(d);
      go([c, d, iters, &wg] {
        for (int64_t i = 0; i < iters; ++i) select(recv(c), recv(d));
        wg.Done();
      });
    }
    for (int64_t i = 0; i < iters; ++i) {
      for (auto& d : a) d.send(true);
    }
    wg.Wait();
  }
}

// Go: BenchmarkChanClosed — a non-blocking receive from a closed channel.
void ChanClosed(benchmark::State& state, chan<Empty> c) {
  for (auto _ : state) {
    if (select(recv(c), default_case()) != 0) {
      state.SkipWithError("unreachable");
    }
  }
}

}  // namespace

void RegisterChanBenchmarks(const Config& c) {
  const int p = c.procs;
  benchmark::RegisterBenchmark("BM_ChanNonblocking", ChanNonblocking,
                               make_chan<int>())
      ->Threads(p)
      ->UseRealTime();
  benchmark::RegisterBenchmark("BM_ChanUncontended", ChanUncontended)
      ->Threads(p)
      ->UseRealTime();
  benchmark::RegisterBenchmark("BM_ChanContended", ChanContended,
                               make_chan<int>(100 * p))
      ->Threads(p)
      ->UseRealTime();
  benchmark::RegisterBenchmark("BM_ChanSync", ChanSync)->UseRealTime();
  for (int size : {0, 10, 100}) {
    benchmark::RegisterBenchmark(
        ("BM_ChanProdCons/" + std::to_string(size)).c_str(), ChanProdCons,
        size, 0)
        ->UseRealTime();
  }
  for (int size : {0, 10, 100}) {
    benchmark::RegisterBenchmark(
        ("BM_ChanProdConsWork/" + std::to_string(size)).c_str(), ChanProdCons,
        size, 100)
        ->UseRealTime();
  }
  benchmark::RegisterBenchmark("BM_ChanCreation", ChanCreation)
      ->Threads(p)
      ->UseRealTime();
  benchmark::RegisterBenchmark("BM_ChanSem", ChanSem, make_chan<Empty>(p))
      ->Threads(p)
      ->UseRealTime();
  benchmark::RegisterBenchmark("BM_ChanPopular", ChanPopular)->UseRealTime();
  auto closed = make_chan<Empty>();
  close(closed);
  benchmark::RegisterBenchmark("BM_ChanClosed", ChanClosed, closed)
      ->Threads(p)
      ->UseRealTime();
  benchmark::RegisterBenchmark("BM_SelectUncontended", SelectUncontended)
      ->Threads(p)
      ->UseRealTime();
  benchmark::RegisterBenchmark("BM_SelectSyncContended", SelectSyncContended,
                               std::make_shared<SyncContended>())
      ->Threads(p)
      ->UseRealTime();
  benchmark::RegisterBenchmark("BM_SelectAsyncContended",
                               SelectAsyncContended,
                               std::make_shared<AsyncContended>(p))
      ->Threads(p)
      ->UseRealTime();
  benchmark::RegisterBenchmark("BM_SelectNonblock", SelectNonblock,
                               std::make_shared<Nonblock>())
      ->Threads(p)
      ->UseRealTime();
  benchmark::RegisterBenchmark("BM_SelectProdCons", SelectProdCons)
      ->UseRealTime();
}

}  // namespace golang::bench
