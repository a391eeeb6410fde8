// golang-cpp internal: the OS-thread parker, and the blocked-thread
// accounting behind deadlock detection.
#include "runtime/internal/parker.h"

#include <thread>
#include <vector>

#include "runtime/internal/deadlock.h"
#include "runtime/internal/goroutine.h"
#include "runtime/internal/lock.h"

namespace golang::internal {

int ParkSpinCount() {
  static const int spins = std::thread::hardware_concurrency() > 1 ? 200 : 0;
  return spins;
}

bool Parker::TryConsume() {
  // Single owner, single waker per park: once we see kNotified nobody else
  // writes the word until our next Park, so a plain store resets it.
  if (state_.load(std::memory_order_acquire) == kNotified) {
    state_.store(kEmpty, std::memory_order_relaxed);
    return true;
  }
  return false;
}

void Parker::Park(WaitReason reason) {
  for (int i = ParkSpinCount(); i > 0; --i) {
    if (TryConsume()) return;
    CpuRelax();
  }
  NoteParking(reason);
  uint32_t expected = kEmpty;
  if (!state_.compare_exchange_strong(expected, kSleeping,
                                      std::memory_order_acquire)) {
    // expected == kNotified: the wake-up came while we spun.
    state_.store(kEmpty, std::memory_order_relaxed);
    NoteRunning();
    return;
  }
  // From here until an Unpark takes the word back from kSleeping, this
  // thread counts as blocked (the waker un-counts it, see Unpark).
  NoteThreadBlocked();
  for (;;) {
    FutexWait(&state_, kSleeping);
    if (TryConsume()) break;
  }
  NoteRunning();
}

bool Parker::ParkFor(int64_t timeout_ns, WaitReason reason, bool blocked) {
  const uint32_t sleeping = blocked ? kSleeping : kSleepingTimed;
  NoteParking(reason);
  uint32_t expected = kEmpty;
  if (!state_.compare_exchange_strong(expected, sleeping,
                                      std::memory_order_acquire)) {
    state_.store(kEmpty, std::memory_order_relaxed);
    NoteRunning();
    return true;
  }
  if (blocked) NoteThreadBlocked();
  FutexWaitFor(&state_, sleeping, timeout_ns);
  // Woken, timed out, or spurious: settle the race with Unpark by taking the
  // word back from the sleeping state ourselves.
  expected = sleeping;
  bool woken;
  if (state_.compare_exchange_strong(expected, kEmpty,
                                     std::memory_order_acquire)) {
    if (blocked) NoteThreadUnblocked();  // we un-count ourselves
    woken = false;  // timed out (or spurious; callers treat both alike)
  } else {
    state_.store(kEmpty, std::memory_order_relaxed);  // it was kNotified
    woken = true;
  }
  NoteRunning();
  return woken;
}

void Parker::Unpark() {
  const uint32_t prev = state_.exchange(kNotified, std::memory_order_release);
  if (prev == kSleeping) {
    // Un-count the sleeper now, before it even runs: the waker is running,
    // so the "everyone is blocked" test can never see the sleeper as still
    // blocked while the waker itself goes to sleep.
    NoteThreadUnblocked();
  }
  if (prev == kSleeping || prev == kSleepingTimed) FutexWake(&state_, 1);
}

namespace {

// Parkers outlive their threads (see parker.h), recycled through this pool.
struct ParkerPool {
  Lock mu;
  std::vector<Parker*> free ABSL_GUARDED_BY(mu);
};

ParkerPool& Pool() {
  static ParkerPool* pool = new ParkerPool;  // never destroyed
  return *pool;
}

// A thread's parker, and its membership in the set of threads the runtime
// knows (deadlock.h).
struct ThreadParker {
  Parker* p;
  ThreadParker() {
    ParkerPool& pool = Pool();
    {
      LockGuard l(&pool.mu);
      if (pool.free.empty()) {
        p = new Parker;
      } else {
        p = pool.free.back();
        pool.free.pop_back();
      }
    }
    NoteThreadKnown();
  }
  ~ThreadParker() {
    NoteThreadGone();
    ParkerPool& pool = Pool();
    LockGuard l(&pool.mu);
    pool.free.push_back(p);
  }
};

}  // namespace

Parker* CurrentParker() {
  thread_local ThreadParker tp;
  return tp.p;
}

}  // namespace golang::internal
