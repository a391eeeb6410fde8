// golang-cpp benchmarks: shared configuration and helpers. Not API.
//
// The suite is one binary, golang_benchmarks (bench_main.cc). Each
// benchmarks/*_bench.cc file registers its shapes from a Register*()
// function, after main() has parsed the size flags, so that sizes and the
// number of parallel workers are known at registration time.
#ifndef GOLANG_BENCHMARKS_BENCH_COMMON_H_
#define GOLANG_BENCHMARKS_BENCH_COMMON_H_

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdint>
#include <string>

namespace golang::bench {

// Sizes of the fixed-size shapes. Defaults are the "full" preset; --quick
// and --tiny scale them down; each can be overridden by its own flag.
struct Config {
  int64_t messages = 5'000'000;    // crossbeam, capacity N (--messages)
  // crossbeam, capacity 0 and 1 (--sync_messages): every message is a
  // thread handoff while goroutines are OS threads, so fewer.
  int64_t sync_messages = 100'000;
  int64_t roundtrips = 100'000;    // unbuffered ping-pong (--roundtrips)
  int64_t spawn = 100'000;         // spawn + join (--spawn)
  int64_t ctx_tree = 2'000;        // context tree goroutines (--ctx_tree)
  int64_t timers = 100'000;        // timer shapes (--timers)
  int64_t mem_objects = 10'000;    // objects per memory shape (--mem_objects)
  int64_t mem_goroutines = 1'000;  // parked goroutines (--mem_goroutines)
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

// Resident set size of this process in bytes (/proc/self/statm).
int64_t RssBytes();
// Bytes in use on the malloc heap (mallinfo2().uordblks + hblkhd).
int64_t HeapBytes();

void RegisterChanBenchmarks(const Config& c);
void RegisterCrossbeamBenchmarks(const Config& c);
void RegisterGoroutineBenchmarks(const Config& c);
void RegisterMemoryBenchmarks(const Config& c);
void RegisterSyncBenchmarks(const Config& c);

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
