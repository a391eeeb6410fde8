// golang-cpp benchmarks: shared configuration and helpers. Not API.
//
// The suite is one binary, golang_benchmarks (bench_main.cc). Each
// benchmarks/*_bench.cc file registers its shapes from a Register*()
// function, after main() has parsed the size flags, so that sizes and the
// number of parallel workers are known at registration time.
//
// Where the code runs. The binary links golang::main, as a user's program
// does (README, "main is goroutine 1"), so main() and every benchmark
// function Google Benchmark calls from it run as goroutine 1; main() checks
// that it does. Go runs every benchmark function and every b.RunParallel
// worker in goroutines of testing.B's making, so the suite does too:
//   - Go's testing.B benchmarks (chan_bench.cc, sync_bench.cc,
//     time_bench.cc, and goroutine_bench.cc's BM_GoSpawn) register with
//     RegisterGoBenchmark: per run of b.N iterations, fn(b) runs in a
//     goroutine of its own (InGoroutine), as testing.B runs the benchmark
//     function, and b.RunParallel starts GOMAXPROCS (Config::procs) worker
//     goroutines that take iterations from a shared counter in grains, as
//     Go's testing.PB does.
//   - Fixed-size shapes (crossbeam, goroutine, context, timer) register with
//     RegisterFixed, which times the same body in up to three places, each
//     a shape of its own whose name says where (Side): in main itself
//     ("main/<name>", the form users write: main sends, receives, selects,
//     spawns and waits), in a goroutine main starts and waits for
//     ("<name>", InGoroutine), and, for a few, on a std::thread of its own
//     ("thread/<name>", what a program's own plain threads pay; C++ only).
//     The body times itself, so starting it and collecting its result lie
//     outside the timing.
#ifndef GOLANG_BENCHMARKS_BENCH_COMMON_H_
#define GOLANG_BENCHMARKS_BENCH_COMMON_H_

#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>

#include "chan/chan.h"
#include "runtime/runtime.h"
#include "sync/waitgroup.h"

namespace golang::bench {

// Sizes of the fixed-size shapes. Defaults are the "full" preset; --quick
// and --tiny scale them down; each can be overridden by its own flag.
struct Config {
  int64_t messages = 5'000'000;  // crossbeam, capacity N (--messages)
  // crossbeam, capacity 0 and 1 (--sync_messages): as many as `messages`
  // in every preset; a flag of its own because every such message is a
  // rendezvous between goroutines, dearer than a buffered send.
  int64_t sync_messages = 5'000'000;
  int64_t roundtrips = 1'000'000;    // unbuffered ping-pong (--roundtrips)
  int64_t spawn = 100'000;           // spawn + join (--spawn)
  int64_t ctx_tree = 10'000;         // context tree goroutines (--ctx_tree)
  int64_t timers = 100'000;          // timer shapes (--timers)
  int64_t mem_objects = 10'000;      // objects per memory shape (--mem_objects)
  int64_t mem_goroutines = 100'000;  // parked at once (--mem_goroutines)
  // Timer lateness shapes (timer_bench.cc): timers armed (--late_timers),
  // due spread over late_span_ns (one second; --tiny 50 ms).
  int64_t late_timers = 10'000;
  int64_t late_span_ns = 1'000'000'000;
  // Messages and round trips of the thread/ forms (--thread_messages):
  // every one is an OS wake-up, dearer than the goroutine forms' hand-offs.
  int64_t thread_messages = 100'000;
  int procs = 2;  // RunParallel workers: $GOMAXPROCS, else nproc
};

const Config& GetConfig();

// Wall-clock stopwatch for fixed-size shapes (manual time).
class Stopwatch {
 public:
  Stopwatch() : start_(std::chrono::steady_clock::now()) {}
  [[nodiscard]] double Seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                         start_)
        .count();
  }

 private:
  std::chrono::steady_clock::time_point start_;
};

// Records one run of a fixed-size shape that did `ops` operations in
// `seconds`: sets the manual iteration time and the ns_per_op counter that
// compare.py reads (Go's ns/op for that shape).
inline void ReportFixed(benchmark::State& state, double seconds, int64_t ops) {
  state.SetIterationTime(seconds);
  state.counters["ns_per_op"] = seconds * 1e9 / static_cast<double>(ops);
  state.counters["ops"] = static_cast<double>(ops);
}

// Runs f() in a new goroutine and returns its result to the caller (main,
// goroutine 1, through a buffered channel) once it has returned. Everything
// f does, and any timing it takes, happens in the new goroutine; the caller
// only pays one hand-off each way. f may capture the caller's locals by
// reference: the caller is blocked until f has returned.
template <class F>
auto InGoroutine(F f) {
  using R = std::invoke_result_t<F&>;
  if constexpr (std::is_void_v<R>) {
    auto done = make_chan<Empty>(1);
    go([f = std::move(f), done]() mutable {
      f();
      done.send(Empty{});
    });
    (void)done.recv();
  } else {
    auto result = make_chan<R>(1);
    go([f = std::move(f), result]() mutable { result.send(f()); });
    return result.recv();
  }
}

// Runs f() on a new std::thread, a plain thread outside the scheduler as a
// program's own std::thread is, and returns its result. The calling
// goroutine parks on a channel meanwhile (it does not hold its worker in
// join()). f may capture the caller's locals by reference.
template <class F>
auto InThread(F f) {
  using R = std::invoke_result_t<F&>;
  static_assert(!std::is_void_v<R>, "InThread: f returns a result");
  auto result = make_chan<R>(1);
  std::thread thread([&f, result] { result.send(f()); });
  R r = result.recv();
  thread.join();
  return r;
}

// Go: testing.PB — a RunParallel worker's iterator.
//
// Next() hands out the b.N iterations of one RunParallel call: each worker
// takes `grain` iterations at a time from a counter shared by all workers
// (Go's PB.Next), so workers that run faster do more of them.
class PB {
 public:
  // Go: func (pb *PB) Next() bool
  [[nodiscard]] bool Next() {
    if (cache_ == 0) {
      const uint64_t n =
          global_n_->fetch_add(grain_, std::memory_order_relaxed) + grain_;
      if (n <= bn_) {
        cache_ = grain_;
      } else if (n < bn_ + grain_) {
        cache_ = bn_ + grain_ - n;
      } else {
        return false;
      }
    }
    --cache_;
    return true;
  }

 private:
  friend class B;
  PB(std::atomic<uint64_t>* global_n, uint64_t grain, uint64_t bn)
      : global_n_(global_n), grain_(grain), bn_(bn) {}

  std::atomic<uint64_t>* global_n_;
  uint64_t grain_;
  uint64_t bn_;
  uint64_t cache_ = 0;
};

// Go: testing.B — the part of it these benchmarks use: b.N and
// b.RunParallel. RegisterGoBenchmark makes one per run and passes it to the
// benchmark function, which runs in a goroutine of its own.
class B {
 public:
  // Go: b.N — the number of iterations of this run.
  [[nodiscard]] int64_t n() const { return n_; }

  // Go: func (b *B) RunParallel(body func(*PB))
  //
  // Starts Config::procs goroutines (Go: GOMAXPROCS), each calling
  // body(pb) with its own PB; returns once all have returned. Per-worker
  // setup goes in body before `while (pb.Next())`, as in Go's closure. The
  // grain is Go's: the iterations that took about 100 µs in the previous
  // run of this benchmark, between 1 and 10,000.
  template <class Body>
  void RunParallel(const Body& body) const {
    uint64_t grain = 1;
    if (previous_n_ > 0 && previous_seconds_ > 0) {
      grain = static_cast<uint64_t>(1e-4 * static_cast<double>(previous_n_) /
                                    previous_seconds_);
    }
    grain = std::clamp<uint64_t>(grain, 1, 10'000);
    std::atomic<uint64_t> next{0};
    sync::WaitGroup wg;
    const int procs = GetConfig().procs;
    wg.Add(procs);
    for (int p = 0; p < procs; ++p) {
      go([&body, &next, &wg, grain, bn = static_cast<uint64_t>(n_)] {
        PB pb(&next, grain, bn);
        body(pb);
        wg.Done();
      });
    }
    wg.Wait();
  }

 private:
  friend void RegisterGoBenchmark(const std::string& name,
                                  std::function<void(const B&)> fn);
  B(int64_t n, int64_t previous_n, double previous_seconds)
      : n_(n), previous_n_(previous_n), previous_seconds_(previous_seconds) {}

  int64_t n_;
  int64_t previous_n_;
  double previous_seconds_;
};

// Registers a benchmark written as Go's func(b *testing.B). Each run (Google
// Benchmark picks the iteration count, as Go picks b.N) calls fn(b) once in
// a fresh goroutine with b.n() iterations and times it there. Reports manual
// time (Go's ns/op as real_time) and the counter ns_per_op.
void RegisterGoBenchmark(const std::string& name,
                         std::function<void(const B&)> fn);

// Where a fixed-size shape's body runs, and the prefix of its name, by which
// compare.py pairs the forms of one shape.
enum class Side {
  kMain,       // "main/<name>": in main itself, goroutine 1 (golang::main);
               // the Go twin runs it in Go's main goroutine
  kGoroutine,  // "<name>": in a goroutine that main starts and waits for
               // (InGoroutine); the Go twin likewise (`go` + a channel)
  kThread,     // "thread/<name>": on a std::thread of its own (InThread);
               // no Go twin
};

// Registers a fixed-size shape once per side in `sides`: run() executes
// once per process invocation there and returns the seconds it measured for
// `ops` operations; reported with ReportFixed.
void RegisterFixed(const std::string& name, const std::function<double()>& run,
                   int64_t ops,
                   std::initializer_list<Side> sides = {Side::kMain,
                                                        Side::kGoroutine});

// Resident set size of this process in bytes (/proc/self/statm).
int64_t RssBytes();
// Bytes in use on the malloc heap (mallinfo2().uordblks + hblkhd).
int64_t HeapBytes();

void RegisterChanBenchmarks(const Config& c);
void RegisterCrossbeamBenchmarks(const Config& c);
void RegisterGoroutineBenchmarks(const Config& c);
void RegisterMemoryBenchmarks(const Config& c);
void RegisterSyncBenchmarks(const Config& c);
void RegisterTimerBenchmarks(const Config& c);
void RegisterTimeBenchmarks(const Config& c);

// Go's `for i := 0; i < work; i++ { foo *= 2; foo /= 2 }`, kept from being
// folded away (Go's compiler does not fold it either).
inline void LocalWork(int& foo, int work) {
  for (int i = 0; i < work; ++i) {
    foo *= 2;
    benchmark::DoNotOptimize(foo);
    foo /= 2;
    benchmark::DoNotOptimize(foo);
  }
}

}  // namespace golang::bench

#endif  // GOLANG_BENCHMARKS_BENCH_COMMON_H_
