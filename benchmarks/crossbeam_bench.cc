// golang-cpp benchmarks: crossbeam-channel's throughput shapes.
//
// Origin: crossbeam-rs/crossbeam, crossbeam-channel/benchmarks/go.go (the
// Go program crossbeam compares itself against) and its Rust twins. Shapes,
// for a channel of capacity 0 ("bounded0"), 1 ("bounded1") and N = the
// message count ("bounded", effectively unbounded). N is --messages for
// "bounded" and --sync_messages for bounded0/bounded1 (bench_common.h):
//   seq          one goroutine sends N messages, then receives them (cap N only)
//   spsc         one sender goroutine, the benchmark goroutine receives
//   mpsc         4 sender goroutines (N/4 each), the benchmark goroutine receives
//   mpmc         4 sender and 4 receiver goroutines, N/4 each
//   select_rx    4 senders, each on its own channel; the benchmark goroutine
//                receives N with a 4-way select
//   select_both  4 senders as in select_rx; 4 receiver goroutines each
//                receive N/4 with a 4-way select
// "The benchmark goroutine" is go.go's main goroutine. Each shape is
// registered in two forms (RegisterFixed, bench_common.h): main/crossbeam/*
// runs it in main itself, goroutine 1, as go.go does and as users write it;
// crossbeam/* in a goroutine that main starts (InGoroutine). spsc of
// capacity 0 and 1 also runs on a std::thread (thread/crossbeam/*, with
// --thread_messages messages: a plain thread receiving from a goroutine).
// Senders and receivers are goroutines (golang::go), as in Go; completion
// is signalled on an unbuffered `done` channel, as in go.go. Each shape
// runs once per process invocation (Iterations(1), manual time); compare.py
// repeats invocations. ns_per_op = wall time / N.
#include <cstdint>
#include <initializer_list>
#include <string>

#include "benchmarks/bench_common.h"
#include "chan/chan.h"
#include "chan/select.h"
#include "runtime/runtime.h"

namespace golang::bench {
namespace {

using Message = uintptr_t;
constexpr int kThreads = 4;  // crossbeam's THREADS; select shapes assume 4

void Seq(int64_t cap, int64_t n) {
  auto c = make_chan<Message>(cap);
  for (int64_t i = 0; i < n; ++i) c.send(static_cast<Message>(i));
  for (int64_t i = 0; i < n; ++i) benchmark::DoNotOptimize(c.recv());
}

void Spsc(int64_t cap, int64_t n) {
  auto c = make_chan<Message>(cap);
  auto done = make_chan<bool>();
  go([c, done, n] {
    for (int64_t i = 0; i < n; ++i) c.send(static_cast<Message>(i));
    done.send(true);
  });
  for (int64_t i = 0; i < n; ++i) benchmark::DoNotOptimize(c.recv());
  (void)done.recv();
}

void Mpsc(int64_t cap, int64_t n) {
  auto c = make_chan<Message>(cap);
  auto done = make_chan<bool>();
  for (int t = 0; t < kThreads; ++t) {
    go([c, done, n] {
      for (int64_t i = 0; i < n / kThreads; ++i) {
        c.send(static_cast<Message>(i));
      }
      done.send(true);
    });
  }
  for (int64_t i = 0; i < n / kThreads * kThreads; ++i) {
    benchmark::DoNotOptimize(c.recv());
  }
  for (int t = 0; t < kThreads; ++t) (void)done.recv();
}

void Mpmc(int64_t cap, int64_t n) {
  auto c = make_chan<Message>(cap);
  auto done = make_chan<bool>();
  for (int t = 0; t < kThreads; ++t) {
    go([c, done, n] {
      for (int64_t i = 0; i < n / kThreads; ++i) {
        c.send(static_cast<Message>(i));
      }
      done.send(true);
    });
  }
  for (int t = 0; t < kThreads; ++t) {
    go([c, done, n] {
      for (int64_t i = 0; i < n / kThreads; ++i) {
        benchmark::DoNotOptimize(c.recv());
      }
      done.send(true);
    });
  }
  for (int t = 0; t < kThreads; ++t) {
    (void)done.recv();
    (void)done.recv();
  }
}

struct Four {
  explicit Four(int64_t cap)
      : c0(make_chan<Message>(cap)),
        c1(make_chan<Message>(cap)),
        c2(make_chan<Message>(cap)),
        c3(make_chan<Message>(cap)) {}
  chan<Message> c0, c1, c2, c3;
};

void StartProducers(const Four& f, chan<bool> done, int64_t n) {
  for (const chan<Message>& c : {f.c0, f.c1, f.c2, f.c3}) {
    go([c, done, n] {
      for (int64_t i = 0; i < n / kThreads; ++i) {
        c.send(static_cast<Message>(i));
      }
      done.send(true);
    });
  }
}

void SelectRx(int64_t cap, int64_t n) {
  Four f(cap);
  auto done = make_chan<bool>();
  StartProducers(f, done, n);
  for (int64_t i = 0; i < n / kThreads * kThreads; ++i) {
    select(recv(f.c0), recv(f.c1), recv(f.c2), recv(f.c3));
  }
  for (int t = 0; t < kThreads; ++t) (void)done.recv();
}

void SelectBoth(int64_t cap, int64_t n) {
  Four f(cap);
  auto done = make_chan<bool>();
  StartProducers(f, done, n);
  for (int t = 0; t < kThreads; ++t) {
    go([f, done, n] {
      for (int64_t i = 0; i < n / kThreads; ++i) {
        select(recv(f.c0), recv(f.c1), recv(f.c2), recv(f.c3));
      }
      done.send(true);
    });
  }
  for (int t = 0; t < kThreads; ++t) {
    (void)done.recv();
    (void)done.recv();
  }
}

void Register(const std::string& name, void (*shape)(int64_t, int64_t),
              int64_t cap, int64_t n,
              std::initializer_list<Side> sides = {Side::kMain,
                                                   Side::kGoroutine}) {
  RegisterFixed(
      "crossbeam/" + name,
      [shape, cap, n] {
        Stopwatch sw;
        shape(cap, n);
        return sw.Seconds();
      },
      n, sides);
}

}  // namespace

void RegisterCrossbeamBenchmarks(const Config& c) {
  // The order of go.go's main(). Capacity 0 and 1 use sync_messages.
  struct Cap {
    const char* prefix;
    int64_t cap;
    int64_t n;
  };
  for (const Cap& k : {Cap{"bounded0_", 0, c.sync_messages},
                       Cap{"bounded1_", 1, c.sync_messages},
                       Cap{"bounded_", c.messages, c.messages}}) {
    const std::string p = k.prefix;
    const int64_t n = k.n;
    Register(p + "mpmc", Mpmc, k.cap, n);
    Register(p + "mpsc", Mpsc, k.cap, n);
    Register(p + "select_both", SelectBoth, k.cap, n);
    Register(p + "select_rx", SelectRx, k.cap, n);
    if (k.cap == c.messages) Register(p + "seq", Seq, k.cap, n);
    Register(p + "spsc", Spsc, k.cap, n);
    if (k.cap <= 1) {
      Register(p + "spsc", Spsc, k.cap, c.thread_messages, {Side::kThread});
    }
  }
}

}  // namespace golang::bench
