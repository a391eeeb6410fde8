// golang-cpp internal: the worker pool that runs goroutines, the goroutine
// registry, and panics.
#include "runtime/internal/goroutine.h"

#include <time.h>
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
  Goroutine* registry ABSL_GUARDED_BY(mu) = nullptr;  // live goroutines
  std::atomic<int64_t> next_id{2};                    // 1 is main
  std::atomic<int> live{0};
};

Pool& GetPool() {
  static Pool* pool = new Pool;
  return *pool;
}

void RegisterLocked(Pool& pool, Goroutine* g)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(pool.mu) {
  g->reg_next = pool.registry;
  if (pool.registry != nullptr) pool.registry->reg_prev = g;
  pool.registry = g;
}

void UnregisterLocked(Pool& pool, Goroutine* g)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(pool.mu) {
  if (g->reg_prev != nullptr) {
    g->reg_prev->reg_next = g->reg_next;
  } else {
    pool.registry = g->reg_next;
  }
  if (g->reg_next != nullptr) g->reg_next->reg_prev = g->reg_prev;
}

thread_local Goroutine* current_g = nullptr;

int32_t GetTid() {
#if defined(__linux__)
  return static_cast<int32_t>(syscall(SYS_gettid));
#else
  return 0;
#endif
}

bool IsMainThread() {
  thread_local const bool is_main = GetTid() == static_cast<int32_t>(getpid());
  return is_main;
}

// The main goroutine's record: never registered in the list (it has no
// creator and never exits), but dumps show it as goroutine 1.
Goroutine& MainRecord() {
  static Goroutine* g = [] {
    auto* m = new Goroutine;
    m->id = 1;
    m->tid.store(static_cast<int32_t>(getpid()), std::memory_order_relaxed);
    return m;
  }();
  return *g;
}

void RunGoroutine(Pool& pool, Worker* w, Goroutine* g) {
  current_g = g;
  g->tid.store(GetTid(), std::memory_order_relaxed);
  try {
    std::move(g->fn)();
  } catch (const std::exception& e) {
    golang::panic(e.what());
  } catch (...) {
    golang::panic("unknown C++ exception escaped a goroutine");
  }
  // Destroy the captures while the goroutine still counts as live: their
  // destructors are part of it.
  g->fn = nullptr;
  {
    LockGuard l(&pool.mu);
    UnregisterLocked(pool, g);
    w->next = nullptr;
    pool.idle.push_back(w);
  }
  current_g = nullptr;
  delete g;
  pool.live.fetch_sub(1, std::memory_order_relaxed);
}

void WorkerLoop(Worker* w, Goroutine* first) {
  w->parker = CurrentParker();
  Pool& pool = GetPool();
  Goroutine* g = first;
  for (;;) {
    RunGoroutine(pool, w, g);
    // Wait for work. On timeout, leave the pool, unless a spawner popped us
    // in the meantime, in which case its Unpark is on the way.
    for (;;) {
      if (w->parker->ParkFor(kIdleTimeoutNs, WaitReason::kWorkerIdle,
                             /*blocked=*/true)) {
        break;
      }
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

void Spawn(absl::AnyInvocable<void() &&> fn, SourceLocation created_at) {
  Pool& pool = GetPool();
  auto* g = new Goroutine;
  g->id = pool.next_id.fetch_add(1, std::memory_order_relaxed);
  const Goroutine* parent = CurrentRecord();
  g->parent_id = parent != nullptr ? parent->id : 0;
  g->created_at = created_at;
  g->fn = std::move(fn);
  pool.live.fetch_add(1, std::memory_order_relaxed);

  Worker* w = nullptr;
  {
    LockGuard l(&pool.mu);
    RegisterLocked(pool, g);
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

Goroutine* CurrentRecord() {
  if (current_g != nullptr) return current_g;
  if (IsMainThread()) return &MainRecord();
  return nullptr;
}

int64_t MonotonicNowNs() {
  struct timespec ts;
#if defined(CLOCK_MONOTONIC_COARSE)
  clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
#else
  clock_gettime(CLOCK_MONOTONIC, &ts);
#endif
  return static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

void NoteParking(WaitReason reason) {
  Goroutine* g = CurrentRecord();
  if (g == nullptr) return;
  g->wait_since_ns.store(MonotonicNowNs(), std::memory_order_relaxed);
  g->wait_reason.store(reason, std::memory_order_relaxed);
}

void NoteRunning() {
  Goroutine* g = CurrentRecord();
  if (g == nullptr) return;
  g->wait_reason.store(WaitReason::kRunning, std::memory_order_relaxed);
}

int LiveGoroutines() {
  return GetPool().live.load(std::memory_order_relaxed);
}

void ForEachGoroutineLocked(void (*each)(Goroutine* g, void* arg),
                            void (*after)(void* arg), void* arg) {
  Pool& pool = GetPool();
  LockGuard l(&pool.mu);
  each(&MainRecord(), arg);
  for (Goroutine* g = pool.registry; g != nullptr; g = g->reg_next) {
    each(g, arg);
  }
  after(arg);
}

}  // namespace golang::internal

namespace golang {

void panic(std::string_view message) {
  // Build the whole report first and write it at once, so concurrent panics
  // do not interleave mid-line.
  std::string out = "panic: ";
  out.append(message);
  out.append("\n\n");
  internal::Goroutine* self = internal::CurrentRecord();
  if (self != nullptr) {
    internal::GoroutineInfo info;
    info.id = self->id;
    info.parent_id = self->parent_id;
    if (self->created_at.line() != 0) {
      info.created_function = self->created_at.function_name();
      info.created_file = self->created_at.file_name();
      info.created_line = static_cast<int>(self->created_at.line());
    }
    info.is_current = true;
    out += internal::FormatGoroutine(info);
  } else {
    out += "goroutine ? [running]:\n(a thread not started with go)\n";
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
