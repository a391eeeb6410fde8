// golang-cpp benchmarks: timer lateness (how late timers fire).
//
// Each shape arms N timers (Config::late_timers, 10,000; --tiny 200) due
// spread evenly over one second (--tiny: 50 ms): timer i is armed for
// d_i = ((i * 7919) mod N) * span / N, every slot once and in a scattered
// order (the heap sees inserts all over it), the same order in the Go twin
// (benchmarks/go/timer.go). The benchmark goroutine arms them one after the
// other, as a program would, so the first fall due while the rest are
// still being armed. Each timer records its lateness: the time its code
// runs again minus its due time (when it was armed plus d_i). The shape
// reports their median, 99th percentile and maximum as the counters
// lateness_median_ns, lateness_p99_ns and lateness_max_ns (compare.py
// prints them beside Go's), and the whole run's wall time as real time.
//   timer/lateness_afterfunc  the benchmark goroutine calls
//                             time::AfterFunc(d_i, f): lateness when f
//                             starts (in a goroutine of its own, as Go's).
//   timer/lateness_sleep      the benchmark goroutine starts N goroutines;
//                             goroutine i calls time::Sleep(d_i): lateness
//                             when Sleep returns.
//   timer/lateness_after      the same with
//                             select { case <-time.After(d_i): case <-stop: }
//                             (`stop` is never ready): lateness when the
//                             select returns.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "benchmarks/bench_common.h"
#include "chan/chan.h"
#include "chan/select.h"
#include "runtime/runtime.h"
#include "sync/waitgroup.h"
#include "time/time.h"

namespace golang::bench {
namespace {

struct Lateness {
  double seconds;  // the whole shape, first arming to the last firing
  int64_t median_ns;
  int64_t p99_ns;
  int64_t max_ns;
};

int64_t NowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// One timer: when it is due (NowNs() units) and how late it fired.
struct Slot {
  int64_t due = 0;
  int64_t late = 0;
};

// Timer i's delay.
time::Duration Delay(int64_t i, int64_t n, int64_t span_ns) {
  return (i * 7919 % n) * (span_ns / n) * time::Nanosecond;
}

// Arms slot `s` for `d` from now: sets its due time, returns d.
time::Duration Arm(Slot& s, time::Duration d) {
  s.due = NowNs() + absl::ToInt64Nanoseconds(d);
  return d;
}

void Fired(Slot& s) { s.late = NowNs() - s.due; }

Lateness Summarize(const std::vector<Slot>& slots, double seconds) {
  std::vector<int64_t> late;
  late.reserve(slots.size());
  for (const Slot& s : slots) late.push_back(s.late);
  std::sort(late.begin(), late.end());
  const size_t n = late.size();
  // Nearest rank: the smallest value that at least 99% are at or below.
  const size_t p99 = std::min((n * 99 + 99) / 100, n) - 1;
  return {seconds, late[n / 2], late[p99], late[n - 1]};
}

Lateness AfterFuncLateness(int64_t n, int64_t span_ns) {
  std::vector<Slot> slots(n);
  sync::WaitGroup fired;
  fired.Add(static_cast<int>(n));
  Stopwatch sw;
  for (int64_t i = 0; i < n; ++i) {
    Slot& s = slots[i];
    (void)time::AfterFunc(Arm(s, Delay(i, n, span_ns)), [&s, &fired] {
      Fired(s);
      fired.Done();
    });
  }
  fired.Wait();
  return Summarize(slots, sw.Seconds());
}

// N goroutines; goroutine i arms slot i for its delay and waits for the
// timer with wait(d).
template <class Wait>
Lateness GoroutineLateness(int64_t n, int64_t span_ns, Wait wait) {
  std::vector<Slot> slots(n);
  sync::WaitGroup fired;
  fired.Add(static_cast<int>(n));
  Stopwatch sw;
  for (int64_t i = 0; i < n; ++i) {
    go([&s = slots[i], d = Delay(i, n, span_ns), &fired, wait] {
      wait(Arm(s, d));
      Fired(s);
      fired.Done();
    });
  }
  fired.Wait();
  return Summarize(slots, sw.Seconds());
}

void RegisterLateness(const std::string& name,
                      std::function<Lateness()> measure, int64_t n) {
  benchmark::RegisterBenchmark(
      name.c_str(),
      [measure = std::move(measure), n](benchmark::State& state) {
        for (auto _ : state) {
          const Lateness l = InGoroutine(measure);
          state.SetIterationTime(l.seconds);
          state.counters["lateness_median_ns"] =
              static_cast<double>(l.median_ns);
          state.counters["lateness_p99_ns"] = static_cast<double>(l.p99_ns);
          state.counters["lateness_max_ns"] = static_cast<double>(l.max_ns);
          state.counters["ops"] = static_cast<double>(n);
        }
      })
      ->Iterations(1)
      ->UseManualTime()
      ->Unit(benchmark::kMillisecond);
}

}  // namespace

void RegisterTimerBenchmarks(const Config& c) {
  const int64_t n = c.late_timers;
  const int64_t span = c.late_span_ns;
  RegisterLateness(
      "timer/lateness_afterfunc",
      [n, span] { return AfterFuncLateness(n, span); }, n);
  RegisterLateness(
      "timer/lateness_sleep",
      [n, span] {
        return GoroutineLateness(n, span,
                                 [](time::Duration d) { time::Sleep(d); });
      },
      n);
  RegisterLateness(
      "timer/lateness_after",
      [n, span] {
        auto stop = make_chan<Empty>();  // never ready
        return GoroutineLateness(n, span, [stop](time::Duration d) {
          select(recv(time::After(d)), recv(stop));
        });
      },
      n);
}

}  // namespace golang::bench
