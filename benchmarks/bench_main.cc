// golang-cpp benchmarks: main() of golang_benchmarks.
//
// Usage: golang_benchmarks [size flags] [Google Benchmark flags]
//
// Size flags (ours; removed before Google Benchmark sees argv):
//   --quick            the quick preset (compare.py --quick)
//   --tiny             the smoke-test preset (CTest benchmark-smoke)
//   --messages=N       messages per crossbeam shape, capacity N (5000000)
//   --sync_messages=N  messages per crossbeam shape, capacity 0, 1 (5000000)
//   --roundtrips=N     ping-pong round trips (default 1000000)
//   --spawn=N          goroutines in spawn+join (default 100000)
//   --ctx_tree=N       goroutines in the context tree (default 10000)
//   --timers=N         selects / timers in the timer shapes (default 100000)
//   --mem_objects=N    objects per memory shape (default 10000)
//   --mem_goroutines=N goroutines parked at once, memory shape (100000)
//   --late_timers=N    timers in the timer lateness shapes (default 10000)
//   --thread_messages=N messages / round trips of the thread/ forms (100000)
// RunParallel shapes use $GOMAXPROCS workers if set, else nproc (as Go).
//
// The binary links golang::main (benchmarks/CMakeLists.txt): main() runs as
// goroutine 1, and so does every benchmark function Google Benchmark calls
// from it, which is what makes the main/ forms main-side (bench_common.h).
#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "benchmarks/bench_common.h"
#include "runtime/internal/goroutine.h"
#include "runtime/internal/parker.h"

namespace golang::bench {
namespace {

Config& MutableConfig() {
  static Config config;
  return config;
}

bool ParseInt(const char* arg, const char* name, int64_t* out) {
  const size_t n = std::strlen(name);
  if (std::strncmp(arg, name, n) != 0 || arg[n] != '=') return false;
  *out = std::strtoll(arg + n + 1, nullptr, 10);
  if (*out <= 0) {
    std::fprintf(stderr, "%s must be positive\n", name);
    std::exit(2);
  }
  return true;
}

// Consumes our flags from argv; leaves Google Benchmark's.
void ParseFlags(int* argc, char** argv) {
  Config& c = MutableConfig();
  if (const char* p = std::getenv("GOMAXPROCS"); p != nullptr && *p != 0) {
    c.procs = std::max(1, std::atoi(p));
  } else {
    c.procs = std::max(1u, std::thread::hardware_concurrency());
  }
  std::vector<char*> rest = {argv[0]};
  // Presets first, so that explicit sizes override them wherever they are.
  for (int i = 1; i < *argc; ++i) {
    if (std::strcmp(argv[i], "--quick") == 0) {
      c.messages = 200'000;
      c.sync_messages = 200'000;
      c.roundtrips = 100'000;
      c.spawn = 10'000;
      c.ctx_tree = 2'000;
      c.timers = 10'000;
      c.mem_objects = 2'000;
      c.mem_goroutines = 10'000;
      c.thread_messages = 10'000;
    } else if (std::strcmp(argv[i], "--tiny") == 0) {
      c.messages = 2'000;
      c.sync_messages = 2'000;
      c.roundtrips = 1'000;
      c.spawn = 200;
      c.ctx_tree = 100;
      c.timers = 200;
      c.mem_objects = 100;
      c.mem_goroutines = 100;
      c.late_timers = 200;
      c.late_span_ns = 50'000'000;
      c.thread_messages = 200;
    }
  }
  for (int i = 1; i < *argc; ++i) {
    if (std::strcmp(argv[i], "--quick") == 0 ||
        std::strcmp(argv[i], "--tiny") == 0 ||
        ParseInt(argv[i], "--messages", &c.messages) ||
        ParseInt(argv[i], "--sync_messages", &c.sync_messages) ||
        ParseInt(argv[i], "--roundtrips", &c.roundtrips) ||
        ParseInt(argv[i], "--spawn", &c.spawn) ||
        ParseInt(argv[i], "--ctx_tree", &c.ctx_tree) ||
        ParseInt(argv[i], "--timers", &c.timers) ||
        ParseInt(argv[i], "--mem_objects", &c.mem_objects) ||
        ParseInt(argv[i], "--mem_goroutines", &c.mem_goroutines) ||
        ParseInt(argv[i], "--late_timers", &c.late_timers) ||
        ParseInt(argv[i], "--thread_messages", &c.thread_messages)) {
      continue;
    }
    rest.push_back(argv[i]);
  }
  for (size_t i = 0; i < rest.size(); ++i) argv[i] = rest[i];
  *argc = static_cast<int>(rest.size());
}

}  // namespace

const Config& GetConfig() { return MutableConfig(); }

void RegisterGoBenchmark(const std::string& name,
                         std::function<void(const B&)> fn) {
  // Go's b.previousN / b.previousDuration, for RunParallel's grain: the
  // previous run of this benchmark (Google Benchmark calls the function
  // once per run, on its main thread, with a growing iteration count).
  struct Previous {
    int64_t n = 0;
    double seconds = 0;
  };
  auto previous = std::make_shared<Previous>();
  benchmark::RegisterBenchmark(name.c_str(), [fn = std::move(fn), previous](
                                                 benchmark::State& state) {
    double total = 0;
    while (state.KeepRunningBatch(state.max_iterations)) {
      const B b(state.max_iterations, previous->n, previous->seconds);
      const double seconds = InGoroutine([&fn, &b] {
        Stopwatch sw;
        fn(b);
        return sw.Seconds();
      });
      state.SetIterationTime(seconds);
      *previous = {b.n(), seconds};
      total += seconds;
    }
    state.counters["ns_per_op"] =
        benchmark::Counter(total * 1e9, benchmark::Counter::kAvgIterations);
  })->UseManualTime();
}

void RegisterFixed(const std::string& name, const std::function<double()>& run,
                   int64_t ops, std::initializer_list<Side> sides) {
  for (const Side side : sides) {
    const char* prefix = side == Side::kMain     ? "main/"
                         : side == Side::kThread ? "thread/"
                                                 : "";
    benchmark::RegisterBenchmark(
        (prefix + name).c_str(),
        [run, ops, side](benchmark::State& state) {
          for (auto _ : state) {
            double seconds = 0;
            const uint64_t wakeups = golang::internal::os_wakeups.load();
            switch (side) {
              case Side::kMain:
                seconds = run();  // right here, in goroutine 1
                break;
              case Side::kGoroutine: seconds = InGoroutine(run); break;
              case Side::kThread: seconds = InThread(run); break;
            }
            ReportFixed(state, seconds, ops);
            // Futex wakes per operation, any thread's (a hand-off that a
            // polling side caught costs none): what a plain thread's
            // hand-off costs the OS, beside its time.
            state.counters["os_wakeups_per_op"] =
                static_cast<double>(golang::internal::os_wakeups.load() -
                                    wakeups) /
                static_cast<double>(ops);
          }
        })
        ->Iterations(1)
        ->UseManualTime()
        ->Unit(benchmark::kMillisecond);
  }
}

int64_t RssBytes() {
  FILE* f = std::fopen("/proc/self/statm", "r");
  if (f == nullptr) return 0;
  long size = 0, resident = 0;
  const int n = std::fscanf(f, "%ld %ld", &size, &resident);
  std::fclose(f);
  return n == 2 ? static_cast<int64_t>(resident) * sysconf(_SC_PAGESIZE) : 0;
}

int64_t HeapBytes() {
  struct mallinfo2 mi = mallinfo2();
  return static_cast<int64_t>(mi.uordblks + mi.hblkhd);
}

}  // namespace golang::bench

int main(int argc, char** argv) {
  using namespace golang::bench;
  ParseFlags(&argc, argv);
  // The main/ shapes are main-side only if main is goroutine 1: without
  // golang::main they would time a plain thread under a name that says
  // otherwise.
  if (golang::internal::CurrentGoroutine() == nullptr) {
    std::fprintf(stderr,
                 "golang_benchmarks: main is not a goroutine; link "
                 "golang::main (benchmarks/CMakeLists.txt)\n");
    return 2;
  }
  const Config& c = GetConfig();
  benchmark::AddCustomContext("gomaxprocs", std::to_string(c.procs));
  benchmark::AddCustomContext("messages", std::to_string(c.messages));
  benchmark::AddCustomContext("sync_messages", std::to_string(c.sync_messages));
  RegisterChanBenchmarks(c);
  RegisterCrossbeamBenchmarks(c);
  RegisterGoroutineBenchmarks(c);
  RegisterSyncBenchmarks(c);
  RegisterMemoryBenchmarks(c);
  RegisterTimerBenchmarks(c);
  RegisterTimeBenchmarks(c);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
