// golang-cpp internal: the futex lock and futex helpers.
#include "runtime/internal/lock.h"

#include <sched.h>

#include <climits>
#include <cstdio>
#include <cstdlib>
#include <ctime>

#if defined(__linux__)
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "runtime/internal/sanitizers.h"

namespace golang::internal {

void FutexWait(std::atomic<uint32_t>* addr, uint32_t expected) {
#if defined(__linux__)
  syscall(SYS_futex, reinterpret_cast<uint32_t*>(addr), FUTEX_WAIT_PRIVATE,
          expected, nullptr, nullptr, 0);
#else
  addr->wait(expected, std::memory_order_relaxed);
#endif
}

void FutexWaitFor(std::atomic<uint32_t>* addr, uint32_t expected,
                  int64_t timeout_ns) {
  if (timeout_ns <= 0) return;
#if defined(__linux__)
  struct timespec ts;
  ts.tv_sec = static_cast<time_t>(timeout_ns / 1000000000);
  ts.tv_nsec = static_cast<decltype(ts.tv_nsec)>(timeout_ns % 1000000000);
  syscall(SYS_futex, reinterpret_cast<uint32_t*>(addr), FUTEX_WAIT_PRIVATE,
          expected, &ts, nullptr, 0);
#else
  // No timed atomic wait in C++20: poll. Only the idle-worker reaper uses
  // this, so coarse granularity is harmless.
  (void)timeout_ns;
  addr->wait(expected, std::memory_order_relaxed);
#endif
}

void FutexWake(std::atomic<uint32_t>* addr, int n) {
#if defined(__linux__)
  syscall(SYS_futex, reinterpret_cast<uint32_t*>(addr), FUTEX_WAKE_PRIVATE, n,
          nullptr, nullptr, 0);
#else
  if (n == 1) {
    addr->notify_one();
  } else {
    addr->notify_all();
  }
#endif
}

namespace {
// A relaxed atomic for the reason tls_m is one (sched.cc): goroutines read
// it on any thread.
[[gnu::tls_model("initial-exec")]] thread_local std::atomic<std::atomic<bool>*>
    lock_sleep_flag{nullptr};
}  // namespace

void SetLockSleepFlag(std::atomic<bool>* flag) {
  lock_sleep_flag.store(flag, std::memory_order_relaxed);
}

void Lock::LockSlow() {
  // Spin first: critical sections are short, and on a multi-core machine
  // the holder is usually about to release. As Go's lock2 does, try when
  // the lock looks free and otherwise back off for a few dozen pauses:
  // hammering the lock's cache line only slows the holder down.
  for (int pauses = 1; pauses <= 64; pauses *= 2) {
    uint32_t s = state_.load(std::memory_order_relaxed);
    if ((s & kLocked) == 0 &&
        state_.compare_exchange_weak(s, s | kLocked, std::memory_order_acquire,
                                     std::memory_order_relaxed)) {
      return;
    }
    for (int k = 0; k < pauses; ++k) CpuRelax();
  }
  // Then once more after giving up the processor, in case the holder was
  // preempted on this one.
  sched_yield();
  {
    uint32_t s = state_.load(std::memory_order_relaxed);
    if ((s & kLocked) == 0 && state_.compare_exchange_strong(
                                  s, s | kLocked, std::memory_order_acquire,
                                  std::memory_order_relaxed)) {
      return;
    }
  }
  // Sleep until we take it. Counted first, so that an unlock after this
  // sees us and wakes one sleeper (see lock.h); taking the lock and
  // un-counting ourselves is one CAS.
  std::atomic<bool>* const flag =
      lock_sleep_flag.load(std::memory_order_relaxed);
  if (flag != nullptr) flag->store(true, std::memory_order_relaxed);
  uint32_t s = state_.fetch_add(kSleeper, std::memory_order_relaxed) + kSleeper;
  for (;;) {
    if ((s & kLocked) == 0) {
      if (state_.compare_exchange_weak(s, (s | kLocked) - kSleeper,
                                       std::memory_order_acquire,
                                       std::memory_order_relaxed)) {
        break;
      }
      continue;  // s was reloaded
    }
    FutexWait(&state_, s);
    s = state_.load(std::memory_order_relaxed);
  }
  if (flag != nullptr) flag->store(false, std::memory_order_relaxed);
}

void Lock::WakeOne() { FutexWake(&state_, 1); }

const char* LockRankString(LockRank r) {
  switch (r) {
    case LockRank::kSignal: return "kSignal";
    case LockRank::kCancelCtx: return "kCancelCtx";
    case LockRank::kTimer: return "kTimer";
    case LockRank::kChan: return "kChan";
    case LockRank::kSemaBucket: return "kSemaBucket";
    case LockRank::kTimerHeap: return "kTimerHeap";
    case LockRank::kBubble: return "kBubble";
    case LockRank::kParkerPool: return "kParkerPool";
    case LockRank::kRegistry: return "kRegistry";
    case LockRank::kGoroutineMeta: return "kGoroutineMeta";
    case LockRank::kSched: return "kSched";
    case LockRank::kSchedFree: return "kSchedFree";
    case LockRank::kStack: return "kStack";
    case LockRank::kCgroup: return "kCgroup";
  }
  return "unknown";
}

#if !defined(NDEBUG)
namespace {

// The locks this thread holds, in the order taken. A goroutine never parks
// or moves to another thread while it holds one (lock.h), so a thread's
// list is also its running goroutine's. ThreadSanitizer sees each goroutine
// as a thread of its own (switch.cc) and would report the goroutines of one
// thread sharing this list as racing: the functions that touch it are not
// instrumented, as other per-thread runtime state is not. A select over
// more channels than fit is checked up to the first kMaxHeld locks and
// counted beyond them.
constexpr int kMaxHeld = 128;
struct HeldLocks {
  const Lock* lock[kMaxHeld];
  int n = 0;
  int overflow = 0;
};
[[gnu::tls_model("initial-exec")]] thread_local HeldLocks held_locks;

[[noreturn]] void LockRankFailed(const char* what, const Lock* taking,
                                 const Lock* holding) {
  std::fprintf(
      stderr,
      "fatal error: golang-cpp internal check failed: %s: taking %s "
      "(%p) while holding %s (%p) (runtime/internal/lockrank.h)\n",
      what, LockRankString(taking->rank()), static_cast<const void*>(taking),
      LockRankString(holding->rank()), static_cast<const void*>(holding));
  std::abort();
}

// Whether `taking` may be taken while `holding` is held (lockrank.h).
bool MayNest(const Lock* holding, const Lock* taking) {
  if (holding->rank() < taking->rank()) return true;
  if (holding->rank() != taking->rank()) return false;
  switch (taking->rank()) {
    case LockRank::kCancelCtx: return true;  // parent before child
    case LockRank::kChan: return holding < taking;
    default: return false;
  }
}

}  // namespace

GOLANG_INTERNAL_NO_TSAN void Lock::NoteAcquire(const Lock* l) {
  HeldLocks& h = held_locks;
  for (int i = 0; i < h.n; ++i) {
    if (h.lock[i] == l) LockRankFailed("lock taken twice", l, h.lock[i]);
    if (!MayNest(h.lock[i], l)) LockRankFailed("lock order", l, h.lock[i]);
  }
  if (h.n == kMaxHeld) {
    ++h.overflow;
  } else {
    h.lock[h.n++] = l;
  }
}

GOLANG_INTERNAL_NO_TSAN void Lock::NoteRelease(const Lock* l) {
  HeldLocks& h = held_locks;
  for (int i = h.n - 1; i >= 0; --i) {
    if (h.lock[i] != l) continue;
    for (int j = i + 1; j < h.n; ++j) h.lock[j - 1] = h.lock[j];
    --h.n;
    return;
  }
  if (h.overflow > 0) {
    --h.overflow;
    return;
  }
  std::fprintf(stderr,
               "fatal error: golang-cpp internal check failed: unlock of %s "
               "(%p), which this thread does not hold "
               "(runtime/internal/lockrank.h)\n",
               LockRankString(l->rank()), static_cast<const void*>(l));
  std::abort();
}
#endif  // !NDEBUG

}  // namespace golang::internal
