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
//     one that wakes. From its fetch_add until its callback stores 0, the
//     release is in progress (counter 0, waiters w); a Wait that sees that
//     state queues too, uncounted, and the release wakes every waiter queued
//     on this key. They all belong to this round: an Add for the next round
//     before the store would be "Add called concurrently with Wait".
//
// Lifetimes: after the release nothing here touches *this, so a Wait's
// caller may destroy the WaitGroup the moment its Wait returns, while the
// releasing Done is still returning and while other waiters it released are
// still being woken.
//   - The releasing Add's last access to *this is the state_.store(0) inside
//     UnparkOn's callback. UnparkOn then only drops the bucket lock, which
//     belongs to the global table and is never freed, and unparks waiters
//     through records it read before waking anyone; the key is used as a
//     number only. (Had the lock lived in the WaitGroup, its unlock's futex
//     wake after the release store could reach freed memory: the
//     std::mutex-destroyed-after-unlock problem.) A releasing Add with no
//     waiters never looks at *this after its fetch_add.
//   - A Wait returns without sleeping only if it sees the whole state at 0:
//     no round in progress, or the release finished. A counter at zero with
//     waiters still counted means the releasing Add has yet to store its 0;
//     returning then would let the caller destroy the WaitGroup under it.
//   - A woken Wait returns without reading state_ again. Go's re-reads it to
//     panic with `sync: WaitGroup is reused before previous Wait has
//     returned`; here another waiter woken by the same Done may already have
//     returned and destroyed the WaitGroup, and a new one may already sit at
//     the same address, so the read would be a use after free that reports a
//     reuse which never happened. See waitgroup.h, "Differences from Go".
#include "sync/waitgroup.h"

#include <climits>

#include "absl/base/optimization.h"
#include "runtime/internal/bubble.h"
#include "runtime/runtime.h"
#include "sync/internal/sema.h"

namespace golang::sync {
namespace {

// The top bit of the waiter half: the WaitGroup was first used inside a
// synctest bubble (Go's waitGroupBubbleFlag). Which bubble is recorded
// beside it (internal::BubbleAssociate); the bit, which goes with the
// object, tells a live association from one left by a destroyed WaitGroup
// at the same address.
constexpr uint64_t kBubbled = uint64_t{1} << 31;

constexpr int32_t Counter(uint64_t state) {
  return static_cast<int32_t>(state >> 32);
}
constexpr uint32_t Waiters(uint64_t state) {
  return static_cast<uint32_t>(state & (kBubbled - 1));
}

}  // namespace

bool WaitGroup::NoteBubble() {
  internal::Bubble* b = internal::CurrentBubble();
  const uint64_t state = state_.load(std::memory_order_relaxed);
  if (b == nullptr) {
    if ((state & kBubbled) != 0) {
      golang::panic(
          "sync: WaitGroup.Add called from inside and outside synctest "
          "bubble");
    }
    return false;
  }
  if ((state & kBubbled) == 0) {
    if (state != 0) {
      // Used outside first.
      golang::panic(
          "sync: WaitGroup.Add called from inside and outside synctest "
          "bubble");
    }
    (void)internal::BubbleAssociate(b, this, /*fresh=*/true);
    state_.fetch_or(kBubbled, std::memory_order_relaxed);
    return true;
  }
  if (internal::BubbleAssociate(b, this, /*fresh=*/false) !=
      internal::Association::kCurrent) {
    golang::panic("sync: WaitGroup.Add called from multiple synctest bubbles");
  }
  return true;
}

void WaitGroup::Add(int delta) {
  // Two's complement: adding (uint64)(int64)delta << 32 adds delta to the
  // high half modulo 2^32 and leaves the low half alone.
  const uint64_t d = static_cast<uint64_t>(static_cast<int64_t>(delta)) << 32;
  uint64_t state;
  if (ABSL_PREDICT_FALSE(
          internal::bubbles_live.load(std::memory_order_relaxed) != 0) &&
      NoteBubble()) {
    // A bubble's WaitGroup: the add also drops the bubble's mark when it
    // leaves the counter at zero with nobody waiting (free again, as Go
    // disassociates it), in the same atomic step: a Wait may return, and
    // the WaitGroup go, as soon as the counter is zero.
    state = state_.load(std::memory_order_relaxed);
    for (;;) {
      uint64_t next = state + d;
      if (Counter(next) == 0 && Waiters(next) == 0) next = 0;
      if (state_.compare_exchange_weak(state, next, std::memory_order_acq_rel,
                                       std::memory_order_relaxed)) {
        state = next;
        break;
      }
    }
  } else {
    // acq_rel: release publishes this task's writes to the Wait that sees
    // the counter reach zero (Done synchronizes before Wait, MM-12); acquire
    // makes the releasing Add inherit every earlier Done's writes (they are
    // earlier RMWs in the same release sequence) before it wakes the
    // waiters.
    state = state_.fetch_add(d, std::memory_order_acq_rel) + d;
    // A bubble's WaitGroup, added to from outside after its bubble ended
    // (while one exists, NoteBubble checks).
    if (ABSL_PREDICT_FALSE((state & kBubbled) != 0)) {
      golang::panic(
          "sync: WaitGroup.Add called from inside and outside synctest "
          "bubble");
    }
  }
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
  // new Waits see the zero counter and join the release without registering
  // (Wait), and an Add here would be Add concurrent with Wait. Check that
  // cheaply (Go does the same).
  if (state_.load(std::memory_order_relaxed) != state) {
    golang::panic("sync: WaitGroup misuse: Add called concurrently with Wait");
  }
  // Every waiter queued on this key: the w counted ones and any Wait that
  // arrived since our fetch_add and joined them (see Wait).
  internal::UnparkOn(this, INT_MAX, [this](const internal::UnparkResult&) {
    // Reset the waiter count (and a bubble's mark: at zero the WaitGroup is
    // free again) so the WaitGroup can be reused; this is our last access
    // to *this.
    state_.store(0, std::memory_order_release);
    return internal::kParkTokenNormal;
  });
}

void WaitGroup::Wait() {
  // Fast path: one acquire load. Seeing the whole state at 0 synchronizes
  // with every Done (they form one release sequence of RMWs ending at the
  // value read, or a releasing Add's store(0) that acquired them all).
  const uint64_t state = state_.load(std::memory_order_acquire);
  if ((state & ~kBubbled) == 0) return;
  // In the bubble that first used it, the wait is durable (synctest).
  internal::WaitReason reason = internal::WaitReason::kWaitGroupWait;
  if ((state & kBubbled) != 0) {
    internal::Bubble* b = internal::CurrentBubble();
    if (b != nullptr && internal::BubbleIsAssociated(b, this)) {
      reason = internal::WaitReason::kWaitGroupWaitDurable;
    }
  }
  internal::ParkOn(
      this,
      [this] {
        uint64_t s = state_.load(std::memory_order_acquire);
        for (;;) {
          // Released meanwhile: don't sleep.
          if ((s & ~kBubbled) == 0) return false;
          // Counter at zero, waiters counted: the releasing Add is between
          // its fetch_add and its callback, which runs under this bucket
          // lock after we drop it and wakes every waiter on the key. Wait
          // for it, uncounted (a count would trip its "concurrently with
          // Wait" check).
          if (Counter(s) == 0) return true;
          if (state_.compare_exchange_weak(s, s + 1, std::memory_order_acq_rel,
                                           std::memory_order_acquire)) {
            return true;
          }
        }
      },
      reason);
  // Never slept (the state was 0), or woken by the Add that stored 0 before
  // unparking us (that store and every Done before it happen before our
  // Park returned). Either way this round is over for us, and the WaitGroup
  // may already be gone: touch nothing.
}

}  // namespace golang::sync
