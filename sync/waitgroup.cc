// golang-cpp: sync.WaitGroup, after Go's src/sync/waitgroup.go.
//
// state_ packs the counter (high 32 bits, signed) and the waiter count (low
// 32 bits). Waiters sleep in the semaphore table (sync/internal/sema.h) under
// key `this`.
//
// Invariants:
//   - The waiter count changes only in Wait's validate() (under the bucket
//     lock, +1, only while the counter is non-zero) and in the releasing
//     Add's UnparkOn callback (under the same lock, reset to 0 together with
//     the counter).
//   - Hence every waiter counted in state_ is queued by the time anyone can
//     take the bucket lock after seeing that count: the increment and the
//     enqueue share one critical section.
//   - The Add that takes the counter to zero with w > 0 waiters is the only
//     one that wakes; it wakes exactly the w oldest waiters on this key.
//
// Lifetimes (why Wait's caller may destroy the WaitGroup at once): the
// releasing Add's last access to *this is the state_.store(0) inside
// UnparkOn's callback. UnparkOn then only drops the bucket lock, which belongs
// to the global table and is never freed, and unparks waiters through records
// it read before waking anyone; the key is used as a number only. So the
// release is complete, as far as this object's memory is concerned, before
// any waiter can return from Wait. The lock's own unlock is not a hazard
// either: it is the bucket's Lock, not part of the WaitGroup, so its futex
// word outlives every WaitGroup. (Had the lock lived in the WaitGroup, its
// unlock's futex wake after the release store could reach freed memory, if a
// goroutine blocked on that lock woke spuriously, saw the counter at zero and
// returned — exactly the std::mutex-destroyed-after-unlock problem.) A Wait
// that returns through a fast path (counter seen zero) touched only its own
// load, and a releasing Add with no waiters never looks at *this after its
// fetch_add.
#include "sync/waitgroup.h"

#include "runtime/runtime.h"
#include "sync/internal/sema.h"

namespace golang::sync {
namespace {

constexpr int32_t Counter(uint64_t state) {
  return static_cast<int32_t>(state >> 32);
}
constexpr uint32_t Waiters(uint64_t state) {
  return static_cast<uint32_t>(state);
}

}  // namespace

void WaitGroup::Add(int delta) {
  // Two's complement: adding (uint64)(int64)delta << 32 adds delta to the
  // high half modulo 2^32 and leaves the low half alone.
  const uint64_t d = static_cast<uint64_t>(static_cast<int64_t>(delta)) << 32;
  // acq_rel: release publishes this task's writes to the Wait that sees the
  // counter reach zero (Done synchronizes before Wait, MM-12); acquire makes
  // the releasing Add inherit every earlier Done's writes (they are earlier
  // RMWs in the same release sequence) before it wakes the waiters.
  const uint64_t state = state_.fetch_add(d, std::memory_order_acq_rel) + d;
  const int32_t v = Counter(state);
  const uint32_t w = Waiters(state);
  if (v < 0) golang::panic("sync: negative WaitGroup counter");
  if (w != 0 && delta > 0 && v == delta) {
    // Counter went 0 -> delta while goroutines wait: this Add raced with the
    // Wait it should have preceded.
    golang::panic("sync: WaitGroup misuse: Add called concurrently with Wait");
  }
  if (v > 0 || w == 0) return;
  // Counter is zero and w goroutines wait. Nobody else may change state_ now:
  // new Waits see the zero counter and return without registering, and an
  // Add here would be Add concurrent with Wait. Check that cheaply (Go does
  // the same).
  if (state_.load(std::memory_order_relaxed) != state) {
    golang::panic("sync: WaitGroup misuse: Add called concurrently with Wait");
  }
  internal::UnparkOn(this, static_cast<int>(w),
                     [this](const internal::UnparkResult&) {
                       // Reset the waiter count so the WaitGroup can be
                       // reused; this is our last access to *this.
                       state_.store(0, std::memory_order_release);
                       return internal::kParkTokenNormal;
                     });
}

void WaitGroup::Wait() {
  // Fast path: one acquire load. Seeing the counter at zero synchronizes with
  // every Done (they form one release sequence of RMWs ending at the value
  // read, or a releasing Add's store(0) that acquired them all).
  if (Counter(state_.load(std::memory_order_acquire)) == 0) return;
  const internal::ParkToken token = internal::ParkOn(this, [this] {
    uint64_t s = state_.load(std::memory_order_acquire);
    for (;;) {
      if (Counter(s) == 0) return false;  // released meanwhile: don't sleep
      if (state_.compare_exchange_weak(s, s + 1, std::memory_order_acq_rel,
                                       std::memory_order_acquire)) {
        return true;
      }
    }
  }, internal::WaitReason::kWaitGroupWait);
  if (token == internal::kParkTokenInvalid) return;
  // Woken by the Add that reset state_ to 0 before unparking us (that store
  // happens before our Park returned). Anything else means an Add for the
  // next round came before this Wait returned.
  if (state_.load(std::memory_order_acquire) != 0) {
    golang::panic(
        "sync: WaitGroup is reused before previous Wait has returned");
  }
}

}  // namespace golang::sync
