// golang-cpp benchmarks: memory footprints, reported as bytes_per_op.
//
//   mem/unbuffered_chan   malloc heap bytes per make_chan<int>() (K live)
//   mem/chan_int_1024     malloc heap bytes per make_chan<int64_t>(1024)
//                         (int64_t: Go's int is 64-bit)
//   mem/parked_goroutine  RSS bytes per goroutine parked on a receive, with
//                         --mem_goroutines of them (100,000 in the full
//                         preset) blocked at once; counter heap_bytes_per_op:
//                         the malloc heap part
//   mem/context           malloc heap bytes per WithCancel(Background())
//   mem/flat              heap growth per repetition of a mixed workload
//                         (channels, goroutines, contexts, timers), 8
//                         repetitions, first excluded: 0 when memory stays
//                         flat (counter rss_growth_per_rep likewise for RSS)
// Heap: mallinfo2() (uordblks + hblkhd, all arenas). The Go twin uses
// runtime.MemStats for heap and /proc/self/statm for RSS. Each shape runs in
// one goroutine (InGoroutine, bench_common.h), as the Go twin's run in Go's
// main goroutine.
#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

#include "benchmarks/bench_common.h"
#include "chan/chan.h"
#include "context/context.h"
#include "runtime/runtime.h"
#include "sync/waitgroup.h"
#include "time/time.h"

namespace golang::bench {
namespace {

// Runs in a goroutine, so on a worker thread whose malloc arena may be
// fresh: one warm-up round first, so that the arena's one-off set-up (tens
// of KB) is not charged to the objects (the main thread's arena, where this
// used to run, was warm already; Go's TotalAlloc counts objects only).
template <class Make>
double HeapPerObject(int64_t k, Make make) {
  using T = decltype(make());
  {
    std::vector<T> warm;
    warm.reserve(k);
    for (int64_t i = 0; i < k; ++i) warm.push_back(make());
  }
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
    const auto [rss, heap] = InGoroutine([k] {
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
      return std::pair<int64_t, int64_t>(rss1 - rss0, heap1 - heap0);
    });
    state.counters["bytes_per_op"] =
        static_cast<double>(rss) / static_cast<double>(k);
    state.counters["heap_bytes_per_op"] =
        static_cast<double>(heap) / static_cast<double>(k);
    state.counters["goroutines"] = static_cast<double>(k);
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
    const auto [heap, rss] = InGoroutine([] {
      int64_t heap1 = 0, rss1 = 0;
      for (int r = 0; r < kReps; ++r) {
        FlatWorkload();
        if (r == 0) {
          heap1 = HeapBytes();
          rss1 = RssBytes();
        }
      }
      return std::pair<int64_t, int64_t>(HeapBytes() - heap1,
                                         RssBytes() - rss1);
    });
    state.counters["bytes_per_op"] = static_cast<double>(heap) / (kReps - 1);
    state.counters["rss_growth_per_rep"] =
        static_cast<double>(rss) / (kReps - 1);
  }
}

void RegisterHeap(const char* name, std::function<double()> run) {
  benchmark::RegisterBenchmark(name, [run](benchmark::State& state) {
    for (auto _ : state) {
      state.counters["bytes_per_op"] = InGoroutine(run);
    }
  })->Iterations(1);
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
    return HeapPerObject(
        k, [] { return context::WithCancel(context::Background()); });
  });
  benchmark::RegisterBenchmark("mem/flat", Flat)->Iterations(1);
}

}  // namespace golang::bench
