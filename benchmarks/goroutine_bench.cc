// golang-cpp benchmarks: goroutine, context and timer shapes.
//
// Each shape runs once per invocation (Iterations(1), manual time) with a
// fixed size from the Config, and times itself, in two forms (RegisterFixed,
// bench_common.h): main/<name> in main itself, goroutine 1, as the Go twin
// runs it in Go's main goroutine and as users write it; <name> in a
// goroutine that main starts (InGoroutine). "The benchmark goroutine" below
// is whichever of the two runs the shape. goroutine/pingpong also runs on a
// std::thread (thread/goroutine/pingpong, --thread_messages round trips: a
// plain thread bouncing a value with a goroutine). ns_per_op = wall time /
// size:
//   goroutine/spawn_join    go() N goroutines that each call wg.Done();
//                           wg.Wait(), first thing in the process (cold: no
//                           goroutine has ended yet, so none is reused).
//                           ns per goroutine.
//   goroutine/spawn_join_warm  the same, timed the second time: the first,
//                           untimed, leaves N finished goroutines to reuse.
//   goroutine/pingpong      the benchmark goroutine and one it starts bounce
//                           a value over two unbuffered channels. ns per
//                           round trip.
//   context/tree_build      a tree of N WithCancel contexts (fan-out 10 from
//                           Background's child, the root), each with a
//                           goroutine parked on <-ctx.Done(); time until all
//                           N goroutines are about to block. ns per goroutine.
//   context/tree_cancel     the same tree; time from cancel(root) until all N
//                           goroutines have returned (wg.Wait()). ns per
//                           goroutine.
//   timer/select_after      select { case <-ready: case <-time.After(time.Hour): }
//                           with `ready` a closed channel, N times.
//   timer/newtimer_stop     t := time.NewTimer(time.Hour); t.Stop(), N times.
//
// BM_GoSpawn is b.N style instead (RegisterGoBenchmark, as chan_bench.cc's
// shapes; its Go twin runs under testing.Benchmark): the benchmark
// goroutine starts b.N goroutines that each call wg.Done(), in batches of
// kSpawnBatch that it waits for before starting the next, so that at most
// one batch is live and the records of a batch's goroutines are reused by
// the next (the warm path of `go`, with few stacks touched: unlike
// goroutine/spawn_join, whose N goroutines may all be live at once). ns per
// goroutine: `go`, the goroutine's run, and its share of a batch's Wait.
#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "benchmarks/bench_common.h"
#include "chan/chan.h"
#include "chan/select.h"
#include "context/context.h"
#include "runtime/runtime.h"
#include "sync/waitgroup.h"
#include "time/time.h"

namespace golang::bench {
namespace {

double SpawnJoin(int64_t n) {
  Stopwatch sw;
  sync::WaitGroup wg;
  for (int64_t i = 0; i < n; ++i) {
    wg.Add(1);
    go([&wg] { wg.Done(); });
  }
  wg.Wait();
  return sw.Seconds();
}

double PingPong(int64_t n) {
  auto ping = make_chan<int>();
  auto pong = make_chan<int>();
  Stopwatch sw;
  go([ping, pong, n] {
    for (int64_t i = 0; i < n; ++i) pong.send(ping.recv() + 1);
  });
  int v = 0;
  for (int64_t i = 0; i < n; ++i) {
    ping.send(v);
    v = pong.recv();
  }
  benchmark::DoNotOptimize(v);
  return sw.Seconds();
}

// Returns {build seconds, cancel seconds}.
std::pair<double, double> ContextTree(int64_t n) {
  constexpr int64_t kFanOut = 10;
  std::vector<context::Context> ctxs;
  std::vector<context::CancelFunc> cancels;
  ctxs.reserve(n);
  cancels.reserve(n);
  sync::WaitGroup parked;
  sync::WaitGroup exited;
  Stopwatch build;
  for (int64_t i = 0; i < n; ++i) {
    const context::Context& parent =
        i == 0 ? context::Background() : ctxs[(i - 1) / kFanOut];
    auto [ctx, cancel] = context::WithCancel(parent);
    ctxs.push_back(ctx);
    cancels.push_back(cancel);
    parked.Add(1);
    exited.Add(1);
    go([ctx = ctx, &parked, &exited] {
      auto done = ctx.Done();
      parked.Done();
      (void)done.recv();
      exited.Done();
    });
  }
  parked.Wait();
  const double build_s = build.Seconds();
  Stopwatch cancel;
  cancels[0]();
  exited.Wait();
  const double cancel_s = cancel.Seconds();
  for (auto& c : cancels) c();  // Go's `defer cancel()` for every node
  return {build_s, cancel_s};
}

double SelectAfter(int64_t n) {
  auto ready = make_chan<Empty>();
  close(ready);
  Stopwatch sw;
  for (int64_t i = 0; i < n; ++i) {
    select(recv(ready), recv(time::After(time::Hour)));
  }
  return sw.Seconds();
}

double NewTimerStop(int64_t n) {
  Stopwatch sw;
  for (int64_t i = 0; i < n; ++i) {
    auto t = time::NewTimer(time::Hour);
    benchmark::DoNotOptimize(t->Stop());
  }
  return sw.Seconds();
}

constexpr int64_t kSpawnBatch = 1000;

void GoSpawn(const B& b) {
  sync::WaitGroup wg;
  for (int64_t done = 0; done < b.n(); done += kSpawnBatch) {
    const int64_t k = std::min(kSpawnBatch, b.n() - done);
    wg.Add(static_cast<int>(k));
    for (int64_t i = 0; i < k; ++i) {
      go([&wg] { wg.Done(); });
    }
    wg.Wait();
  }
}

}  // namespace

void RegisterGoroutineBenchmarks(const Config& c) {
  RegisterGoBenchmark("BM_GoSpawn", GoSpawn);
  RegisterFixed(
      "goroutine/spawn_join", [n = c.spawn] { return SpawnJoin(n); }, c.spawn);
  RegisterFixed(
      "goroutine/spawn_join_warm",
      [n = c.spawn] {
        (void)SpawnJoin(n);
        return SpawnJoin(n);
      },
      c.spawn);
  RegisterFixed(
      "goroutine/pingpong", [n = c.roundtrips] { return PingPong(n); },
      c.roundtrips);
  RegisterFixed("goroutine/pingpong",
                [n = c.thread_messages] { return PingPong(n); },
                c.thread_messages, {Side::kThread});
  RegisterFixed(
      "context/tree_build", [n = c.ctx_tree] { return ContextTree(n).first; },
      c.ctx_tree);
  RegisterFixed(
      "context/tree_cancel", [n = c.ctx_tree] { return ContextTree(n).second; },
      c.ctx_tree);
  RegisterFixed(
      "timer/select_after", [n = c.timers] { return SelectAfter(n); },
      c.timers);
  RegisterFixed(
      "timer/newtimer_stop", [n = c.timers] { return NewTimerStop(n); },
      c.timers);
}

}  // namespace golang::bench
