// golang-cpp benchmarks: memory footprints, reported as bytes_per_op.
//
//   mem/unbuffered_chan   malloc heap bytes per make_chan<int>() (K live)
//   mem/chan_int_1024     malloc heap bytes per make_chan<int64_t>(1024)
//                         (int64_t: Go's int is 64-bit)
//   mem/parked_goroutine  RSS bytes per goroutine parked on a receive (K
//                         live; counter heap_bytes_per_op: malloc heap part)
//   mem/context           malloc heap bytes per WithCancel(Background())
//   mem/flat              heap growth per repetition of a mixed workload
//                         (channels, goroutines, contexts, timers), 8
//                         repetitions, first excluded: 0 when memory stays
//                         flat (counter rss_growth_per_rep likewise for RSS)
// Heap: mallinfo2() (uordblks + hblkhd). The Go twin uses runtime.MemStats
// HeapAlloc after runtime.GC() for heap and /proc/self/statm for RSS.
#include <cstdint>
#include <functional>
#include <vector>

#include "benchmarks/bench_common.h"
#include "chan/chan.h"
#include "context/context.h"
#include "runtime/runtime.h"
#include "sync/waitgroup.h"
#include "time/time.h"

namespace golang::bench {
namespace {

template <class Make>
double HeapPerObject(int64_t k, Make make) {
  using T = decltype(make());
  std::vector<T> keep;
  keep.reserve(k);
  const int64_t before = HeapBytes();
  for (int64_t i = 0; i < k; ++i) keep.push_back(make());
  const int64_t after = HeapBytes();
  benchmark::DoNotOptimize(keep.data());
  return static_cast<double>(after - before) / static_cast<double>(k);
}

void ParkedGoroutine(benchmark::State& state, int64_t k) {
  for (auto _ : state) {
    auto block = make_chan<Empty>();
    sync::WaitGroup parked, exited;
    const int64_t rss0 = RssBytes();
    const int64_t heap0 = HeapBytes();
    for (int64_t i = 0; i < k; ++i) {
      parked.Add(1);
      exited.Add(1);
      go([block, &parked, &exited] {
        parked.Done();
        (void)block.recv();
        exited.Done();
      });
    }
    parked.Wait();
    const int64_t rss1 = RssBytes();
    const int64_t heap1 = HeapBytes();
    close(block);
    exited.Wait();
    state.counters["bytes_per_op"] =
        static_cast<double>(rss1 - rss0) / static_cast<double>(k);
    state.counters["heap_bytes_per_op"] =
        static_cast<double>(heap1 - heap0) / static_cast<double>(k);
  }
}

void FlatWorkload() {
  constexpr int kN = 100;
  auto c = make_chan<int>(kN);
  sync::WaitGroup wg;
  for (int i = 0; i < kN; ++i) {
    wg.Add(1);
    go([c, &wg, i] {
      c.send(i);
      wg.Done();
    });
  }
  wg.Wait();
  for (int i = 0; i < kN; ++i) benchmark::DoNotOptimize(c.recv());
  for (int i = 0; i < kN; ++i) {
    auto [ctx, cancel] = context::WithCancel(context::Background());
    benchmark::DoNotOptimize(ctx.Done());
    cancel();
    auto t = time::NewTimer(time::Hour);
    t->Stop();
  }
}

void Flat(benchmark::State& state) {
  constexpr int kReps = 8;
  for (auto _ : state) {
    int64_t heap1 = 0, rss1 = 0;
    for (int r = 0; r < kReps; ++r) {
      FlatWorkload();
      if (r == 0) {
        heap1 = HeapBytes();
        rss1 = RssBytes();
      }
    }
    state.counters["bytes_per_op"] =
        static_cast<double>(HeapBytes() - heap1) / (kReps - 1);
    state.counters["rss_growth_per_rep"] =
        static_cast<double>(RssBytes() - rss1) / (kReps - 1);
  }
}

void RegisterHeap(const char* name, std::function<double()> run) {
  benchmark::RegisterBenchmark(name,
                               [run](benchmark::State& state) {
                                 for (auto _ : state) {
                                   state.counters["bytes_per_op"] = run();
                                 }
                               })
      ->Iterations(1);
}

}  // namespace

void RegisterMemoryBenchmarks(const Config& c) {
  const int64_t k = c.mem_objects;
  RegisterHeap("mem/unbuffered_chan", [k] {
    return HeapPerObject(k, [] { return make_chan<int>(); });
  });
  RegisterHeap("mem/chan_int_1024", [k] {
    return HeapPerObject(k, [] { return make_chan<int64_t>(1024); });
  });
  benchmark::RegisterBenchmark("mem/parked_goroutine", ParkedGoroutine,
                               c.mem_goroutines)
      ->Iterations(1);
  RegisterHeap("mem/context", [k] {
    return HeapPerObject(k, [] {
      return context::WithCancel(context::Background());
    });
  });
  benchmark::RegisterBenchmark("mem/flat", Flat)->Iterations(1);
}

}  // namespace golang::bench
