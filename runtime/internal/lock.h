// golang-cpp internal: NOT API. Included by public headers only for their
// private members; users must not name anything in golang::internal.
//
// lock.h: the short-critical-section lock that guards every runtime structure
// (channels, timers, the goroutine pool), after Go's runtime `mutex`.
//
// Why not absl::Mutex: Debian's libabsl is compiled without ThreadSanitizer,
// so TSan cannot see the happens-before edges an absl::Mutex creates and
// would report races on everything it guards. This lock is a handful of
// std::atomic operations compiled into our own code, which TSan does see.
// Nothing parks or runs user code while holding one, and most critical
// sections are a few dozen instructions (a context's lock is held while its
// subtree is cancelled, as in Go). The order in which they nest is
// lockrank.h's.
#ifndef GOLANG_RUNTIME_INTERNAL_LOCK_H_
#define GOLANG_RUNTIME_INTERNAL_LOCK_H_

#include <atomic>
#include <cstdint>

#include "absl/base/thread_annotations.h"
#include "runtime/internal/check.h"
#include "runtime/internal/lockrank.h"

namespace golang::internal {

// A mutual-exclusion lock: spins briefly, then sleeps on a futex.
// One word: bit 0 is "locked", the bits above count the threads that have
// given up spinning and may be asleep on the word (in steps of kSleeper).
// Unlock clears the bit with one atomic subtraction and wakes a sleeper
// only if the count it saw is non-zero, so a lock that is contended but
// whose waiters catch it while spinning (the common case: critical sections
// are a few dozen instructions) never costs a system call. After that one
// operation unlock touches the lock's memory no more (the futex wake only
// names its address): the next holder may free the object the lock lives
// in (a channel's last reference) the moment it is released.
// Unlock's subtraction is a release and Lock's successful CAS an acquire,
// so "call n of Unlock is synchronized before call n+1 of Lock returns" (Go
// memory model, MM-9).
// Each lock has a rank (lockrank.h), checked in builds with the library's
// checks on.
class ABSL_LOCKABLE Lock {
 public:
  constexpr explicit Lock(LockRank rank) : rank_(rank) {}
  Lock(const Lock&) = delete;
  Lock& operator=(const Lock&) = delete;

  void lock() ABSL_EXCLUSIVE_LOCK_FUNCTION() {
#if !defined(NDEBUG)
    NoteAcquire(this);
#endif
    uint32_t expected = 0;
    if (state_.compare_exchange_strong(expected, 1, std::memory_order_acquire,
                                       std::memory_order_relaxed)) {
      return;
    }
    LockSlow();
  }

  void unlock() ABSL_UNLOCK_FUNCTION() {
#if !defined(NDEBUG)
    NoteRelease(this);
#endif
    if (state_.fetch_sub(kLocked, std::memory_order_release) != kLocked) {
      WakeOne();
    }
  }

  // Tells Clang's analysis that the caller holds the lock, where it cannot
  // follow the locking itself: a select holds a set of channel locks whose
  // size is known only at run time. The checked builds (check.h) verify that
  // the lock is held; the word has no owner, so not that the caller holds it.
  void AssertHeld() const ABSL_ASSERT_EXCLUSIVE_LOCK() {
    GOLANG_INTERNAL_DCHECK(
        (state_.load(std::memory_order_relaxed) & kLocked) != 0,
        "Lock::AssertHeld on a lock nobody holds");
  }

  LockRank rank() const { return rank_; }

 private:
  void LockSlow();
  void WakeOne();
  // The rank check (lockrank.h): records l as held by this thread, after
  // checking it may be taken now; and forgets it.
  static void NoteAcquire(const Lock* l);
  static void NoteRelease(const Lock* l);

  static constexpr uint32_t kLocked = 1;
  static constexpr uint32_t kSleeper = 2;

  std::atomic<uint32_t> state_{0};
  const LockRank rank_;
};

// RAII holder, the shape of absl::MutexLock.
class ABSL_SCOPED_LOCKABLE LockGuard {
 public:
  explicit LockGuard(Lock* l) ABSL_EXCLUSIVE_LOCK_FUNCTION(l) : l_(l) {
    l_->lock();
  }
  ~LockGuard() ABSL_UNLOCK_FUNCTION() { l_->unlock(); }
  LockGuard(const LockGuard&) = delete;
  LockGuard& operator=(const LockGuard&) = delete;

 private:
  Lock* const l_;
};

// Makes this thread's Lock::LockSlow set *flag while it sleeps on a futex
// (null: no flag). The scheduler's monitor reads it to tell a worker that
// waits briefly for a runtime lock from one blocked outside the library.
void SetLockSleepFlag(std::atomic<bool>* flag);

// Spin-wait hint for the processor.
inline void CpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

// Sleeps while *addr == expected (or returns spuriously). Linux futex, or
// std::atomic::wait elsewhere.
void FutexWait(std::atomic<uint32_t>* addr, uint32_t expected);
// Same, giving up after `timeout_ns` nanoseconds (relative).
void FutexWaitFor(std::atomic<uint32_t>* addr, uint32_t expected,
                  int64_t timeout_ns);
// Wakes up to `n` sleepers on addr.
void FutexWake(std::atomic<uint32_t>* addr, int n);

}  // namespace golang::internal

#endif  // GOLANG_RUNTIME_INTERNAL_LOCK_H_
