// golang-cpp internal: the futex lock and futex helpers.
#include "runtime/internal/lock.h"

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

void Lock::LockSlow() {
  // Spin a little first: critical sections are short, and on a multi-core
  // machine the holder is usually about to release.
  for (int i = 0; i < 64; ++i) {
    CpuRelax();
    uint32_t expected = 0;
    if (state_.load(std::memory_order_relaxed) == 0 &&
        state_.compare_exchange_weak(expected, 1, std::memory_order_acquire,
                                     std::memory_order_relaxed)) {
      return;
    }
  }
  // Mark the lock contended (2) and sleep until we take it from 0. Taking it
  // as 2 (not 1) is conservative: we may have been one of several sleepers,
  // so our unlock must wake the next.
  while (state_.exchange(2, std::memory_order_acquire) != 0) {
    FutexWait(&state_, 2);
  }
}

void Lock::WakeOne() { FutexWake(&state_, 1); }

}  // namespace golang::internal
