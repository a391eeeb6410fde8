// golang-cpp internal: the futex lock and futex helpers.
#include "runtime/internal/lock.h"

#include <sched.h>

#include <climits>
#include <ctime>

#if defined(__linux__)
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace golang::internal {

void FutexWait(std::atomic<uint32_t>* addr, uint32_t expected) {
#if defined(__linux__)
  syscall(SYS_futex, reinterpret_cast<uint32_t*>(addr),
          FUTEX_WAIT_PRIVATE, expected, nullptr, nullptr, 0);
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
  ts.tv_nsec = static_cast<long>(timeout_ns % 1000000000);
  syscall(SYS_futex, reinterpret_cast<uint32_t*>(addr),
          FUTEX_WAIT_PRIVATE, expected, &ts, nullptr, 0);
#else
  // No timed atomic wait in C++20: poll. Only the idle-worker reaper uses
  // this, so coarse granularity is harmless.
  (void)timeout_ns;
  addr->wait(expected, std::memory_order_relaxed);
#endif
}

void FutexWake(std::atomic<uint32_t>* addr, int n) {
#if defined(__linux__)
  syscall(SYS_futex, reinterpret_cast<uint32_t*>(addr), FUTEX_WAKE_PRIVATE,
          n, nullptr, nullptr, 0);
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
    if ((s & kLocked) == 0 &&
        state_.compare_exchange_strong(s, s | kLocked,
                                       std::memory_order_acquire,
                                       std::memory_order_relaxed)) {
      return;
    }
  }
  // Sleep until we take it. Counted first, so that an unlock after this
  // sees us and wakes one sleeper (see lock.h); taking the lock and
  // un-counting ourselves is one CAS.
  std::atomic<bool>* const flag = lock_sleep_flag.load(std::memory_order_relaxed);
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

}  // namespace golang::internal
