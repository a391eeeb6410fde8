// golang-cpp: sync.Mutex and sync.RWMutex.
//
// Mutex: a two-bit state word in the style of WebKit's WTF::Lock and Rust's
// parking_lot RawMutex, with Go's starvation threshold for fairness:
//   kLocked  the mutex is held;
//   kParked  goroutines may be parked in the semaphore table under `this`.
// kParked is set only by a locker (CAS, while kLocked is set) right before it
// parks, and cleared only by Unlock's UnparkOn callback, under the bucket lock
// that ParkOn's validate() also holds. So a locker parks only if, under that
// lock, it still sees kLocked|kParked, which guarantees that the holder's
// Unlock will take the slow path and find it in the queue: no lost wake-ups.
//
// Fairness (after Go's starvation mode, mutex.go): newcomers may barge past a
// woken waiter, which is what makes an uncontended-looking handover cheap. To
// bound the wait, each waiter keeps the time it first started waiting; when
// the waiter at the head of the queue has waited more than 1ms, Unlock hands
// it the lock directly (the state stays kLocked, the token says so), and no
// newcomer can get in between.
//
// RWMutex: Go's rwmutex.go algorithm over the semaphore table.
#include "sync/mutex.h"

#include <climits>

#include "absl/base/optimization.h"
#include "runtime/internal/bubble.h"
#include "runtime/internal/lock.h"
#include "runtime/internal/nanotime.h"
#include "runtime/internal/parker.h"
#include "runtime/runtime.h"
#include "sync/internal/sema.h"

namespace golang::sync {
namespace {

// Go's starvationThresholdNs.
constexpr int64_t kStarvationThresholdNs = 1'000'000;

// How many times Lock polls the state word before parking. Spinning helps
// only when the holder runs on another core (Go's sync_runtime_canSpin also
// requires GOMAXPROCS > 1); on one core it just delays the holder.
// synctest (runtime/internal/bubble.h): holders are recorded while a
// bubble exists, and a waiter in a bubble whose lock only its own bubble
// holds is durably blocked (beyond Go).
void NoteLocked(const void* lock) {
  if (ABSL_PREDICT_FALSE(
          internal::bubbles_live.load(std::memory_order_relaxed) != 0)) {
    internal::BubbleNoteLocked(lock);
  }
}

void NoteUnlocked(const void* lock) {
  if (ABSL_PREDICT_FALSE(
          internal::bubbles_live.load(std::memory_order_relaxed) != 0)) {
    internal::BubbleNoteUnlocked(lock);
  }
}

internal::WaitReason WaitReasonFor(const void* lock, internal::WaitReason plain,
                                   internal::WaitReason durable) {
  internal::Bubble* b = internal::CurrentBubble();
  return b != nullptr && internal::BubbleHoldsLock(b, lock) ? durable : plain;
}

int MutexSpinLimit() {
  static const int limit = internal::ParkSpinCount() > 0 ? 100 : 0;
  return limit;
}

}  // namespace

void Mutex::LockSlow() {
  int spins = 0;
  int64_t wait_start_ns = 0;  // set once, at the first park, as Go does
  uint32_t s = state_.load(std::memory_order_relaxed);
  for (;;) {
    if ((s & kLocked) == 0) {
      // Unlocked (waiters may remain, keep their bit): try to barge in.
      if (state_.compare_exchange_weak(s, s | kLocked,
                                       std::memory_order_acquire,
                                       std::memory_order_relaxed)) {
        return;
      }
      continue;
    }
    if ((s & kParked) == 0) {
      // Nobody parked yet: the holder may be about to unlock.
      if (spins < MutexSpinLimit()) {
        ++spins;
        internal::CpuRelax();
        s = state_.load(std::memory_order_relaxed);
        continue;
      }
      // Announce that a waiter is about to park so Unlock takes the slow
      // path. Relaxed: this publishes nothing; ordering with Unlock comes
      // from the bucket lock and the CAS's place in the modification order.
      if (!state_.compare_exchange_weak(s, s | kParked,
                                        std::memory_order_relaxed,
                                        std::memory_order_relaxed)) {
        continue;
      }
    }
    if (wait_start_ns == 0) wait_start_ns = internal::Nanotime();
    // Under the bucket lock, still locked with kParked set means Unlock's
    // callback (which clears kParked under the same lock) has not run yet,
    // so it will find us queued. Relaxed is enough: the bucket lock orders
    // this load against that callback's store.
    const internal::ParkToken token = internal::ParkOn(
        this,
        [this] {
          return state_.load(std::memory_order_relaxed) == (kLocked | kParked);
        },
        WaitReasonFor(this, internal::WaitReason::kMutexLock,
                      internal::WaitReason::kMutexLockDurable),
        wait_start_ns);
    if (token == internal::kParkTokenHandoff) {
      // Unlock passed us the lock without ever releasing it. Its writes
      // happen before our Park returned (Parker's release/acquire).
      return;
    }
    spins = 0;
    s = state_.load(std::memory_order_relaxed);
  }
}

bool Mutex::TryLock() {
  uint32_t s = state_.load(std::memory_order_relaxed);
  while ((s & kLocked) == 0) {
    if (state_.compare_exchange_weak(s, s | kLocked, std::memory_order_acquire,
                                     std::memory_order_relaxed)) {
      NoteLocked(this);
      return true;
    }
  }
  return false;
}

void Mutex::UnlockSlow(uint32_t state) {
  if ((state & kLocked) == 0) golang::panic("sync: unlock of unlocked mutex");
  // state == kLocked|kParked. kParked cannot be cleared behind our back (only
  // an Unlock clears it, and we are the holder), and nobody else can lock, so
  // the callback's store is the release of the mutex.
  internal::UnparkOn(this, 1, [this](const internal::UnparkResult& r) {
    if (r.unparked != 0 && r.first_waited_ns > kStarvationThresholdNs) {
      // Starvation hand-off: keep kLocked, the woken waiter now owns it.
      state_.store(kLocked | (r.have_more ? kParked : 0),
                   std::memory_order_relaxed);
      return internal::kParkTokenHandoff;
    }
    // Release the mutex. Our last access to *this: a locker may own it,
    // unlock it and destroy it as soon as this store is visible.
    state_.store(r.have_more ? kParked : 0, std::memory_order_release);
    return internal::kParkTokenNormal;
  });
}

// RWMutex, after rwmutex.go. All RMWs on the counters are acq_rel: they both
// publish the caller's critical section and inherit the others' (each chain
// of RMWs on one word is a release sequence), which is what the memory model
// paragraph in mutex.h promises.

void RWMutex::RLock() {
  if (reader_count_.fetch_add(1, std::memory_order_acq_rel) + 1 < 0) {
    // A writer is pending: wait for its Unlock to release us.
    internal::SemAcquire(
        &reader_sem_,
        WaitReasonFor(this, internal::WaitReason::kRWMutexRLock,
                      internal::WaitReason::kRWMutexRLockDurable));
  }
  NoteLocked(this);
}

bool RWMutex::TryRLock() {
  int32_t c = reader_count_.load(std::memory_order_relaxed);
  while (c >= 0) {
    if (reader_count_.compare_exchange_weak(c, c + 1, std::memory_order_acq_rel,
                                            std::memory_order_relaxed)) {
      NoteLocked(this);
      return true;
    }
  }
  return false;
}

void RWMutex::RUnlock() {
  NoteUnlocked(this);
  const int32_t r = reader_count_.fetch_sub(1, std::memory_order_acq_rel) - 1;
  if (r >= 0) return;
  // A writer is pending (or this RUnlock is unmatched).
  if (r + 1 == 0 || r + 1 == -kMaxReaders) {
    golang::panic("sync: RUnlock of unlocked RWMutex");
  }
  if (reader_wait_.fetch_sub(1, std::memory_order_acq_rel) - 1 == 0) {
    // The last reader the writer waits for: let it in. The writer cannot
    // proceed (nor anyone destroy the RWMutex) before this release.
    internal::SemRelease(&writer_sem_);
  }
}

ABSL_NO_THREAD_SAFETY_ANALYSIS void RWMutex::Lock() {
  // First, resolve competition with other writers.
  w_.Lock();
  // The writer before us gives up w_ a moment before the last step of its
  // Unlock, letting readers back in (see Unlock); wait for that step, or our
  // announcement would count its bias as readers. Only a writer between
  // those two steps keeps reader_count_ negative while we hold w_, and it
  // does not block in between, so this spins for a few instructions at most
  // (longer only if the OS deschedules that writer; then we yield to it).
  for (int spins = 0; reader_count_.load(std::memory_order_relaxed) < 0;
       ++spins) {
    if (spins < 64) {
      internal::CpuRelax();
    } else {
      runtime::Gosched();
    }
  }
  // Announce the writer; r readers are inside.
  const int32_t r =
      reader_count_.fetch_sub(kMaxReaders, std::memory_order_acq_rel);
  // Wait for them, unless they all left between the two atomics.
  if (r != 0 && reader_wait_.fetch_add(r, std::memory_order_acq_rel) + r != 0) {
    internal::SemAcquire(
        &writer_sem_, WaitReasonFor(this, internal::WaitReason::kRWMutexLock,
                                    internal::WaitReason::kRWMutexLockDurable));
  }
  NoteLocked(this);
}

ABSL_NO_THREAD_SAFETY_ANALYSIS bool RWMutex::TryLock() {
  if (!w_.TryLock()) return false;
  int32_t expected = 0;
  if (!reader_count_.compare_exchange_strong(expected, -kMaxReaders,
                                             std::memory_order_acq_rel,
                                             std::memory_order_relaxed)) {
    w_.Unlock();
    return false;
  }
  NoteLocked(this);
  return true;
}

ABSL_NO_THREAD_SAFETY_ANALYSIS void RWMutex::Unlock() {
  // Not write-locked: no writer's bias in the count (Go tests the same after
  // its add, r >= rwmutexMaxReaders; here the check must come before w_).
  if (reader_count_.load(std::memory_order_relaxed) >= 0) {
    golang::panic("sync: Unlock of unlocked RWMutex");
  }
  NoteUnlocked(this);
  // Go allows other writers in last, after the readers. Here that would
  // touch w_ after readers are back in, and a reader that got in may already
  // have left and destroyed the RWMutex (Lifetimes in mutex.h). So w_ goes
  // first; the next writer waits in Lock for our add below before it
  // announces itself, so the order in which readers and writers get in is
  // Go's.
  w_.Unlock();
  // Announce to readers there is no active writer: our last access to the
  // RWMutex, except for waking the r readers that arrived while we held it.
  // Those are still blocked in RLock (a call in progress), so the RWMutex
  // outlives each SemRelease, whose own last access is the unit it adds.
  const int32_t r =
      reader_count_.fetch_add(kMaxReaders, std::memory_order_acq_rel) +
      kMaxReaders;
  for (int32_t i = 0; i < r; ++i) internal::SemRelease(&reader_sem_);
}

ABSL_NO_THREAD_SAFETY_ANALYSIS void ReadLocker::Lock() { rw_->RLock(); }
ABSL_NO_THREAD_SAFETY_ANALYSIS void ReadLocker::Unlock() { rw_->RUnlock(); }

}  // namespace golang::sync
