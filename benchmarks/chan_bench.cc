// golang-cpp benchmarks: Go's own channel and select benchmarks.
//
// Go: src/runtime/chan_test.go, Benchmark{ChanNonblocking, SelectUncontended,
// SelectSyncContended, SelectAsyncContended, SelectNonblock, ChanUncontended,
// ChanContended, ChanSync, ChanProdCons*, ChanProdConsWork*, SelectProdCons,
// ChanCreation, ChanSem, ChanPopular, ChanClosed}.
//
// Mapping of Go's benchmark harness (bench_common.h): each benchmark is
// Go's func(b *testing.B) registered with RegisterGoBenchmark, which runs it
// in a goroutine per run of b.N iterations and times it there, as testing.B
// does.
//   - b.RunParallel(body) -> b.RunParallel(body): `procs` worker goroutines
//     (procs = $GOMAXPROCS, else nproc, as Go's RunParallel uses GOMAXPROCS
//     goroutines) share the b.N iterations through PB::Next, in grains from
//     one counter, as Go's testing.PB. ns/op = wall time / b.N.
//   - Benchmarks that start their own goroutines with `go` and divide b.N
//     among them (ChanSync, ChanProdCons, SelectProdCons, ChanPopular) do so
//     from the benchmark goroutine with golang::go, exactly as Go does.
#include <atomic>
#include <cstdint>
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
void ChanNonblocking(const B& b) {
  auto myc = make_chan<int>();
  b.RunParallel([&](PB& pb) {
    while (pb.Next()) {
      select(recv(myc), default_case());
    }
  });
}

// Go: BenchmarkSelectUncontended — each worker bounces a token between its
// own two buffered channels.
void SelectUncontended(const B& b) {
  b.RunParallel([](PB& pb) {
    auto myc1 = make_chan<int>(1);
    auto myc2 = make_chan<int>(1);
    myc1.send(0);
    while (pb.Next()) {
      select(recv(myc1, [&] { myc2.send(0); }),
             recv(myc2, [&] { myc1.send(0); }));
    }
  });
}

// Go: BenchmarkSelectSyncContended — each worker starts a goroutine that
// selects over sends on three shared unbuffered channels; workers select
// over the three receives. Closing the shared `done` ends the helpers.
void SelectSyncContended(const B& b) {
  auto myc1 = make_chan<int>();
  auto myc2 = make_chan<int>();
  auto myc3 = make_chan<int>();
  auto done = make_chan<int>();
  b.RunParallel([&](PB& pb) {
    go([myc1, myc2, myc3, done] {
      for (;;) {
        if (select(send(myc1, 0), send(myc2, 0), send(myc3, 0), recv(done)) ==
            3) {
          return;
        }
      }
    });
    while (pb.Next()) {
      select(recv(myc1), recv(myc2), recv(myc3));
    }
  });
  close(done);
}

// Go: BenchmarkSelectAsyncContended — procs tokens bounce between two shared
// channels of capacity procs.
void SelectAsyncContended(const B& b) {
  const int procs = GetConfig().procs;
  auto myc1 = make_chan<int>(procs);
  auto myc2 = make_chan<int>(procs);
  b.RunParallel([&](PB& pb) {
    myc1.send(0);
    while (pb.Next()) {
      select(recv(myc1, [&] { myc2.send(0); }),
             recv(myc2, [&] { myc1.send(0); }));
    }
  });
}

// Go: BenchmarkSelectNonblock — four non-blocking selects per iteration.
void SelectNonblock(const B& b) {
  auto myc1 = make_chan<int>();
  auto myc2 = make_chan<int>();
  auto myc3 = make_chan<int>(1);
  auto myc4 = make_chan<int>(1);
  b.RunParallel([&](PB& pb) {
    while (pb.Next()) {
      select(recv(myc1), default_case());
      select(send(myc2, 0), default_case());
      select(recv(myc3), default_case());
      select(send(myc4, 0), default_case());
    }
  });
}

// Go: BenchmarkChanUncontended — each worker fills and drains its own
// channel of capacity 100.
void ChanUncontended(const B& b) {
  constexpr int kC = 100;
  b.RunParallel([](PB& pb) {
    auto myc = make_chan<int>(kC);
    while (pb.Next()) {
      for (int i = 0; i < kC; ++i) myc.send(0);
      for (int i = 0; i < kC; ++i) benchmark::DoNotOptimize(myc.recv());
    }
  });
}

// Go: BenchmarkChanContended — the same on one shared channel of capacity
// 100 * procs.
void ChanContended(const B& b) {
  constexpr int kC = 100;
  auto myc = make_chan<int>(kC * GetConfig().procs);
  b.RunParallel([&](PB& pb) {
    while (pb.Next()) {
      for (int i = 0; i < kC; ++i) myc.send(0);
      for (int i = 0; i < kC; ++i) benchmark::DoNotOptimize(myc.recv());
    }
  });
}

// Go: benchmarkChanSync(b, 0) — two goroutines alternate send/recv on one
// unbuffered channel.
void ChanSync(const B& b) {
  constexpr int kCallsPerSched = 1000;
  constexpr int kProcs = 2;
  std::atomic<int32_t> n{
      static_cast<int32_t>(b.n() / kCallsPerSched / kProcs * kProcs)};
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

// Go: benchmarkChanProdCons(b, chanSize, localWork) — procs producers and
// procs consumers on one channel; a 0 ends each consumer.
void ChanProdCons(const B& b, int chan_size, int local_work) {
  constexpr int kCallsPerSched = 1000;
  const int procs = GetConfig().procs;
  std::atomic<int32_t> n{static_cast<int32_t>(b.n() / kCallsPerSched)};
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

// Go: BenchmarkSelectProdCons — ChanProdCons(128, 100) through selects that
// also wait on a time.After(time.Hour) timer and a close channel.
void SelectProdCons(const B& b) {
  constexpr int kCallsPerSched = 1000;
  const int procs = GetConfig().procs;
  std::atomic<int32_t> n{static_cast<int32_t>(b.n() / kCallsPerSched)};
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

// Go: BenchmarkChanCreation — make, send, receive, per iteration.
void ChanCreation(const B& b) {
  b.RunParallel([](PB& pb) {
    while (pb.Next()) {
      auto myc = make_chan<int>(1);
      myc.send(0);
      benchmark::DoNotOptimize(myc.recv());
    }
  });
}

// Go: BenchmarkChanSem — a channel of capacity procs as a semaphore.
void ChanSem(const B& b) {
  auto myc = make_chan<Empty>(GetConfig().procs);
  b.RunParallel([&](PB& pb) {
    while (pb.Next()) {
      myc.send(Empty{});
      (void)myc.recv();
    }
  });
}

// Go: BenchmarkChanPopular — 1000 goroutines each select on a shared
// channel and their own; the benchmark sends to each own channel b.N times.
void ChanPopular(const B& b) {
  constexpr int kN = 1000;
  const int64_t iters = b.n();
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

// Go: BenchmarkChanClosed — a non-blocking receive from a closed channel.
void ChanClosed(const B& b) {
  auto c = make_chan<Empty>();
  close(c);
  b.RunParallel([&](PB& pb) {
    while (pb.Next()) {
      if (select(recv(c), default_case()) != 0) {
        panic("unreachable");
      }
    }
  });
}

}  // namespace

void RegisterChanBenchmarks(const Config&) {
  RegisterGoBenchmark("BM_ChanNonblocking", ChanNonblocking);
  RegisterGoBenchmark("BM_ChanUncontended", ChanUncontended);
  RegisterGoBenchmark("BM_ChanContended", ChanContended);
  RegisterGoBenchmark("BM_ChanSync", ChanSync);
  for (int size : {0, 10, 100}) {
    RegisterGoBenchmark("BM_ChanProdCons/" + std::to_string(size),
                        [size](const B& b) { ChanProdCons(b, size, 0); });
  }
  for (int size : {0, 10, 100}) {
    RegisterGoBenchmark("BM_ChanProdConsWork/" + std::to_string(size),
                        [size](const B& b) { ChanProdCons(b, size, 100); });
  }
  RegisterGoBenchmark("BM_ChanCreation", ChanCreation);
  RegisterGoBenchmark("BM_ChanSem", ChanSem);
  RegisterGoBenchmark("BM_ChanPopular", ChanPopular);
  RegisterGoBenchmark("BM_ChanClosed", ChanClosed);
  RegisterGoBenchmark("BM_SelectUncontended", SelectUncontended);
  RegisterGoBenchmark("BM_SelectSyncContended", SelectSyncContended);
  RegisterGoBenchmark("BM_SelectAsyncContended", SelectAsyncContended);
  RegisterGoBenchmark("BM_SelectNonblock", SelectNonblock);
  RegisterGoBenchmark("BM_SelectProdCons", SelectProdCons);
}

}  // namespace golang::bench
