// golang-cpp: Go's concurrency model in C++20.
//
// sync/mutex.h — sync::Mutex and sync::RWMutex, mutual-exclusion locks.
//
// Go origin: src/sync/mutex.go, src/sync/rwmutex.go (and the lock parts of
// internal/sync/mutex.go).
//
// A Mutex admits one holder at a time. An RWMutex admits either one writer
// (Lock) or any number of readers (RLock). Neither is reentrant, and neither
// has an owner: a goroutine may unlock a lock that another goroutine locked.
// Both satisfy the C++ Lockable requirements (lock/unlock/try_lock, and for
// RWMutex lock_shared/unlock_shared/try_lock_shared), so std::lock_guard,
// std::unique_lock, std::scoped_lock and std::shared_lock work, and both are
// annotated for Clang's -Wthread-safety analysis.
//
// Example:
//
//   // Go:
//   //   type Counter struct {
//   //     mu sync.Mutex
//   //     n  map[string]int
//   //   }
//   //   func (c *Counter) Inc(k string) { c.mu.Lock(); defer c.mu.Unlock(); c.n[k]++ }
//   class Counter {
//    public:
//     void Inc(const std::string& k) {
//       std::lock_guard l(mu_);  // or: mu_.Lock(); ...; mu_.Unlock();
//       n_[k]++;
//     }
//    private:
//     sync::Mutex mu_;
//     std::map<std::string, int> n_ ABSL_GUARDED_BY(mu_);
//   };
//
// Memory ordering: for any Mutex or RWMutex l and n < m, call n of
// l.Unlock() is synchronized before call m of l.Lock() returns. For any call
// to l.RLock on an RWMutex, there is an n such that the n-th call to
// l.Unlock is synchronized before the return from l.RLock, and the matching
// call to l.RUnlock is synchronized before the return from call n+1 to
// l.Lock. A successful TryLock (TryRLock) is synchronized like Lock (RLock);
// a failed one synchronizes with nothing.
//
// Blocking: a contended Lock spins briefly (on multi-core machines only),
// then parks in the runtime's semaphore table: a goroutine's thread runs
// other goroutines meanwhile, and a plain thread sleeps. Fairness follows
// Go's starvation rule in spirit: a woken waiter normally competes with
// newcomers (which is fast), but once the oldest waiter has waited more than
// 1ms, Unlock hands the lock directly to it, so no goroutine waits for ever
// behind a goroutine that unlocks and relocks in a loop.
//
// Lifetimes: a Mutex may be destroyed as soon as it is unlocked and no other
// goroutine is in a call on it — including right after a Lock that returned
// after another goroutine's Unlock, while that Unlock is still returning
// (Unlock's last access to the Mutex is the write that releases it). Just so
// for an RWMutex: it may be destroyed right after a Lock or RLock that got
// in after another goroutine's Unlock or RUnlock (and its own unlock), while
// that call is still returning. A writer's Unlock gives up the writers' lock
// first and lets readers back in last, so no reader it lets in can outrun
// it; after that it only wakes readers that were blocked in RLock, which are
// still in a call on the RWMutex.
//
// Differences from Go:
//   - Unlocking an unlocked lock is an unrecoverable panic here as it is a
//     fatal error in Go; the messages are Go's.
//   - Not copyable or movable (Go's vet reports copies).
#ifndef GOLANG_SYNC_MUTEX_H_
#define GOLANG_SYNC_MUTEX_H_

#include <atomic>
#include <cstdint>

#include "absl/base/optimization.h"
#include "absl/base/thread_annotations.h"
#include "runtime/internal/bubble_gate.h"

namespace golang::sync {

class RWMutex;

// Go: type Mutex struct
//
// The zero value (a default-constructed Mutex) is unlocked.
class ABSL_LOCKABLE Mutex {
 public:
  constexpr Mutex() = default;
  Mutex(const Mutex&) = delete;
  Mutex& operator=(const Mutex&) = delete;

  // Go: func (m *Mutex) Lock()
  //
  // Locks m, blocking until it is available. Calling Lock on a Mutex this
  // goroutine already holds deadlocks, as in Go.
  //
  // Beyond Go (synctest/synctest.h): inside a synctest bubble, waiting for
  // a Mutex that only goroutines of the same bubble hold is durable
  // blocking, so the bubble's clock moves on while the holder sleeps (Go
  // does not count it, golang/go#77687). The same holds for RWMutex's Lock
  // and RLock. A mutex held from inside and outside a bubble at once, or
  // unlocked by a goroutine other than its locker across that line, may be
  // misjudged: not durable, so the clock waits.
  void Lock() ABSL_EXCLUSIVE_LOCK_FUNCTION() {
    // Fast path: one CAS 0 -> kLocked. Acquire pairs with the release of
    // whichever Unlock stored the 0 (MM-9). Weak: a spurious failure only
    // costs a trip through LockSlow, which retries.
    uint32_t expected = 0;
    if (!state_.compare_exchange_weak(expected, kLocked,
                                      std::memory_order_acquire,
                                      std::memory_order_relaxed)) {
      LockSlow();
    }
    // While a synctest bubble exists, holders are recorded (its waiters'
    // blocking is durable when the holder is in their bubble).
    if (ABSL_PREDICT_FALSE(
            internal::bubbles_live.load(std::memory_order_relaxed) != 0)) {
      internal::BubbleNoteLocked(this);
    }
  }

  // Go: func (m *Mutex) TryLock() bool
  //
  // Locks m if it is unlocked, without blocking, and reports whether it did.
  // As Go's doc says, correct uses are rare.
  [[nodiscard]] bool TryLock() ABSL_EXCLUSIVE_TRYLOCK_FUNCTION(true);

  // Go: func (m *Mutex) Unlock()
  //
  // Unlocks m. Any goroutine may unlock it, not only the one that locked it.
  // Panics with `sync: unlock of unlocked mutex` if m is not locked.
  void Unlock() ABSL_UNLOCK_FUNCTION() {
    // Fast path: one CAS kLocked -> 0 (release), valid only while nobody is
    // parked; with kParked set, or on misuse, UnlockSlow decides.
    if (ABSL_PREDICT_FALSE(
            internal::bubbles_live.load(std::memory_order_relaxed) != 0)) {
      internal::BubbleNoteUnlocked(this);  // before: `this` may go after
    }
    uint32_t expected = kLocked;
    if (!state_.compare_exchange_strong(expected, 0, std::memory_order_release,
                                        std::memory_order_relaxed)) {
      UnlockSlow(expected);
    }
  }

  // The C++ Lockable names, for std::lock_guard, std::unique_lock and
  // std::scoped_lock.
  void lock() ABSL_EXCLUSIVE_LOCK_FUNCTION() { Lock(); }
  [[nodiscard]] bool try_lock() ABSL_EXCLUSIVE_TRYLOCK_FUNCTION(true) {
    return TryLock();
  }
  void unlock() ABSL_UNLOCK_FUNCTION() { Unlock(); }

 private:
  friend class RWMutex;

  static constexpr uint32_t kLocked = 1;  // held
  static constexpr uint32_t kParked = 2;  // waiters may be parked on `this`

  void LockSlow();
  void UnlockSlow(uint32_t state);

  // kLocked | kParked bits; the protocol is described in mutex.cc.
  std::atomic<uint32_t> state_{0};
};

// The object RWMutex::RLocker returns: a Locker (Lock/Unlock) view of an
// RWMutex's read lock, Go's rlocker. Copyable; refers to the RWMutex, which
// must outlive it. Not annotated for -Wthread-safety (the analysis cannot
// follow the alias); prefer RLock/RUnlock or std::shared_lock in new code.
class ReadLocker {
 public:
  // Go: func (r *rlocker) Lock()   — calls RLock.
  void Lock();
  // Go: func (r *rlocker) Unlock() — calls RUnlock.
  void Unlock();
  void lock() { Lock(); }
  void unlock() { Unlock(); }

 private:
  friend class RWMutex;
  explicit ReadLocker(RWMutex* rw) : rw_(rw) {}
  RWMutex* rw_;
};

// Go: type RWMutex struct
//
// A reader/writer mutual-exclusion lock. The zero value is unlocked. If a
// goroutine holds a read lock and another goroutine calls Lock, no goroutine
// can acquire a read lock until the initial read lock is released: a blocked
// Lock call excludes new readers (writer preference, so a writer is never
// starved by a stream of readers). This also means, as in Go, that recursive
// read locking deadlocks if a writer arrives between the two RLocks.
class ABSL_LOCKABLE RWMutex {
 public:
  constexpr RWMutex() = default;
  RWMutex(const RWMutex&) = delete;
  RWMutex& operator=(const RWMutex&) = delete;

  // Go: func (rw *RWMutex) Lock()
  //
  // Locks rw for writing, blocking until no reader and no writer holds it.
  void Lock() ABSL_EXCLUSIVE_LOCK_FUNCTION();

  // Go: func (rw *RWMutex) TryLock() bool
  //
  // Locks rw for writing if that is possible without blocking; reports
  // whether it did.
  [[nodiscard]] bool TryLock() ABSL_EXCLUSIVE_TRYLOCK_FUNCTION(true);

  // Go: func (rw *RWMutex) Unlock()
  //
  // Unlocks rw for writing, releasing readers blocked in RLock. Any
  // goroutine may call it. Panics with `sync: Unlock of unlocked RWMutex` if
  // rw is not write-locked.
  void Unlock() ABSL_UNLOCK_FUNCTION();

  // Go: func (rw *RWMutex) RLock()
  //
  // Locks rw for reading, blocking while a writer holds it or waits for it.
  void RLock() ABSL_SHARED_LOCK_FUNCTION();

  // Go: func (rw *RWMutex) TryRLock() bool
  //
  // Locks rw for reading if no writer holds or waits for it; reports whether
  // it did.
  [[nodiscard]] bool TryRLock() ABSL_SHARED_TRYLOCK_FUNCTION(true);

  // Go: func (rw *RWMutex) RUnlock()
  //
  // Undoes one RLock. Panics with `sync: RUnlock of unlocked RWMutex` if rw
  // is not read-locked.
  void RUnlock() ABSL_UNLOCK_FUNCTION();

  // Go: func (rw *RWMutex) RLocker() Locker
  //
  // A Locker whose Lock and Unlock call RLock and RUnlock.
  [[nodiscard]] ReadLocker RLocker() { return ReadLocker(this); }

  // The C++ Lockable / SharedLockable names, for std::lock_guard,
  // std::unique_lock and std::shared_lock.
  void lock() ABSL_EXCLUSIVE_LOCK_FUNCTION() { Lock(); }
  [[nodiscard]] bool try_lock() ABSL_EXCLUSIVE_TRYLOCK_FUNCTION(true) {
    return TryLock();
  }
  void unlock() ABSL_UNLOCK_FUNCTION() { Unlock(); }
  void lock_shared() ABSL_SHARED_LOCK_FUNCTION() { RLock(); }
  [[nodiscard]] bool try_lock_shared() ABSL_SHARED_TRYLOCK_FUNCTION(true) {
    return TryRLock();
  }
  void unlock_shared() ABSL_UNLOCK_FUNCTION() { RUnlock(); }

 private:
  // Go's algorithm (rwmutex.go): writers serialize on w_; a writer announces
  // itself by subtracting kMaxReaders from reader_count_, which turns it
  // negative so new readers block on reader_sem_; the writer then waits on
  // writer_sem_ for the reader_wait_ readers that were already in.
  static constexpr int32_t kMaxReaders = 1 << 30;

  Mutex w_;                               // held by the (pending) writer
  std::atomic<uint32_t> writer_sem_{0};   // writer waits for readers
  std::atomic<uint32_t> reader_sem_{0};   // readers wait for the writer
  std::atomic<int32_t> reader_count_{0};  // readers; < 0 if writer pending
  std::atomic<int32_t> reader_wait_{0};   // departing readers to wait for
};

}  // namespace golang::sync

#endif  // GOLANG_SYNC_MUTEX_H_
