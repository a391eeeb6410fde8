// golang-cpp internal: the OS-thread parker.
#include "runtime/internal/parker.h"

#include <thread>
#include <vector>

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

void Parker::Park() {
  for (int i = ParkSpinCount(); i > 0; --i) {
    if (TryConsume()) return;
    CpuRelax();
  }
  uint32_t expected = kEmpty;
  if (!state_.compare_exchange_strong(expected, kSleeping,
                                      std::memory_order_acquire)) {
    // expected == kNotified: the wake-up came while we spun.
    state_.store(kEmpty, std::memory_order_relaxed);
    return;
  }
  for (;;) {
    FutexWait(&state_, kSleeping);
    if (TryConsume()) return;
  }
}

bool Parker::ParkFor(int64_t timeout_ns) {
  uint32_t expected = kEmpty;
  if (!state_.compare_exchange_strong(expected, kSleeping,
                                      std::memory_order_acquire)) {
    state_.store(kEmpty, std::memory_order_relaxed);
    return true;
  }
  FutexWaitFor(&state_, kSleeping, timeout_ns);
  // Either woken, timed out, or spurious: settle the race with Unpark by
  // taking the word back from kSleeping.
  expected = kSleeping;
  if (state_.compare_exchange_strong(expected, kEmpty,
                                     std::memory_order_acquire)) {
    return false;  // timed out (or spurious; the caller treats both alike)
  }
  state_.store(kEmpty, std::memory_order_relaxed);  // it was kNotified
  return true;
}

void Parker::Unpark() {
  if (state_.exchange(kNotified, std::memory_order_release) == kSleeping) {
    FutexWake(&state_, 1);
  }
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

struct ThreadParker {
  Parker* p;
  ThreadParker() {
    ParkerPool& pool = Pool();
    LockGuard l(&pool.mu);
    if (pool.free.empty()) {
      p = new Parker;
    } else {
      p = pool.free.back();
      pool.free.pop_back();
    }
  }
  ~ThreadParker() {
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
