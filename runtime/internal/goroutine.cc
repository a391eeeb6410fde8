// golang-cpp internal: the worker pool that runs goroutines, and panics.
#include "runtime/internal/goroutine.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#if defined(__linux__)
#include <sys/syscall.h>
#endif

#include "runtime/internal/lock.h"
#include "runtime/internal/parker.h"
#include "runtime/runtime.h"

namespace golang::internal {
namespace {

// A worker thread. While idle it sits in Pool::idle parked on `parker`; `go`
// pops it, stores the goroutine in `next` and unparks it.
struct Worker {
  Parker* parker = nullptr;
  Goroutine* next = nullptr;  // written by the spawner before Unpark
};

// Idle workers linger this long before their thread exits.
constexpr int64_t kIdleTimeoutNs = 10'000'000'000;

// The runtime's globals. Allocated once and never destroyed, so goroutines
// still running while main returns (and static destructors run) never touch
// a destroyed object.
struct Pool {
  Lock mu;
  std::vector<Worker*> idle ABSL_GUARDED_BY(mu);  // LIFO: warmest first
  std::atomic<int64_t> next_id{2};                // 1 is main
  std::atomic<int> live{0};
};

Pool& GetPool() {
  static Pool* pool = new Pool;
  return *pool;
}

thread_local Goroutine* current_g = nullptr;

void RunGoroutine(Goroutine* g) {
  current_g = g;
  try {
    std::move(g->fn)();
  } catch (const std::exception& e) {
    golang::panic(e.what());
  } catch (...) {
    golang::panic("unknown C++ exception escaped a goroutine");
  }
  current_g = nullptr;
  delete g;
  GetPool().live.fetch_sub(1, std::memory_order_relaxed);
}

void WorkerLoop(Worker* w, Goroutine* first) {
  w->parker = CurrentParker();
  Pool& pool = GetPool();
  Goroutine* g = first;
  for (;;) {
    RunGoroutine(g);
    {
      LockGuard l(&pool.mu);
      w->next = nullptr;
      pool.idle.push_back(w);
    }
    // Wait for work. On timeout, leave the pool, unless a spawner popped us
    // in the meantime, in which case its Unpark is on the way.
    for (;;) {
      if (w->parker->ParkFor(kIdleTimeoutNs)) break;
      LockGuard l(&pool.mu);
      auto it = std::find(pool.idle.begin(), pool.idle.end(), w);
      if (it != pool.idle.end()) {
        pool.idle.erase(it);
        delete w;
        return;  // thread exits
      }
      // Popped: the Unpark is coming; the next ParkFor absorbs it.
    }
    g = w->next;
  }
}

}  // namespace

void Spawn(absl::AnyInvocable<void() &&> fn, std::source_location created_at) {
  Pool& pool = GetPool();
  auto* g = new Goroutine;
  g->id = pool.next_id.fetch_add(1, std::memory_order_relaxed);
  g->created_at = created_at;
  g->fn = std::move(fn);
  pool.live.fetch_add(1, std::memory_order_relaxed);

  Worker* w = nullptr;
  {
    LockGuard l(&pool.mu);
    if (!pool.idle.empty()) {
      w = pool.idle.back();
      pool.idle.pop_back();
    }
  }
  if (w != nullptr) {
    w->next = g;
    w->parker->Unpark();  // release: the worker sees next and *g
    return;
  }
  w = new Worker;
  try {
    std::thread(WorkerLoop, w, g).detach();
  } catch (const std::system_error& e) {
    golang::panic(std::string("runtime: failed to create new OS thread: ") +
                  e.what());
  }
}

const Goroutine* CurrentGoroutine() { return current_g; }

int LiveGoroutines() {
  return GetPool().live.load(std::memory_order_relaxed);
}

namespace {
bool IsMainThread() {
#if defined(__linux__)
  return static_cast<pid_t>(syscall(SYS_gettid)) == getpid();
#else
  return false;
#endif
}
}  // namespace

}  // namespace golang::internal

namespace golang {

void panic(std::string_view message) {
  // One write per line keeps concurrent panics from interleaving mid-line.
  std::string out = "panic: ";
  out.append(message);
  out.append("\n\n");
  const internal::Goroutine* g = internal::CurrentGoroutine();
  if (g != nullptr) {
    out += "goroutine " + std::to_string(g->id) + " [running]:\n";
    out += "created by ";
    if (g->created_at.line() != 0) {
      out += g->created_at.function_name();
      out += "\n\t";
      out += g->created_at.file_name();
      out += ":" + std::to_string(g->created_at.line());
    } else {
      out += "(unknown call site)";
    }
    out += "\n";
  } else if (internal::IsMainThread()) {
    out += "goroutine 1 [running]:\nmain thread\n";
  } else {
    out += "goroutine ? [running]:\nthread not started with go\n";
  }
  std::fwrite(out.data(), 1, out.size(), stderr);
  std::fflush(stderr);
  std::abort();
}

namespace runtime {

int NumGoroutine() { return internal::LiveGoroutines() + 1; }

void Gosched() { std::this_thread::yield(); }

}  // namespace runtime
}  // namespace golang
