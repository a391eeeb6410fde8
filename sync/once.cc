// golang-cpp: sync.Once, after Go's src/sync/once.go.
//
// Go's Once is a done flag plus a Mutex held while f runs. Here the two are one
// word: kIdle -> kRunning (the caller that wins the CAS runs f) -> kDone, with
// kRunningWaiters marking that callers are parked in the semaphore table
// under `this`. Waiters park only if, under the bucket lock, they still see
// kRunningWaiters; Finish writes kDone under that same lock after detaching
// every waiter, so no waiter is missed.
//
// Lifetimes: that store is Finish's last access to the Once, and a waiter it
// wakes returns without reading the Once again (the wake-up itself says
// kDone, and orders f's writes before the return). So the Once may be
// destroyed as soon as any Do has returned, by the caller that ran f or by
// the first waiter out, while the other waiters are still being woken.
#include "sync/once.h"

#include <climits>

#include "sync/internal/sema.h"

namespace golang::sync {

void Once::DoSlow(absl::FunctionRef<void()> f) {
  uint32_t s = state_.load(std::memory_order_acquire);
  for (;;) {
    switch (s) {
      case kDone: return;
      case kIdle:
        if (state_.compare_exchange_weak(s, kRunning, std::memory_order_acquire,
                                         std::memory_order_acquire)) {
          // Like Go's `defer o.done.Store(1)`: done even if f throws.
          struct FinishOnExit {
            Once* once;
            ~FinishOnExit() { once->Finish(); }
          } finish{this};
          f();
          return;
        }
        continue;  // s reloaded by the failed CAS
      case kRunning:
        if (!state_.compare_exchange_weak(s, kRunningWaiters,
                                          std::memory_order_acquire,
                                          std::memory_order_acquire)) {
          continue;
        }
        [[fallthrough]];
      case kRunningWaiters:
        internal::ParkOn(
            this,
            [this] {
              return state_.load(std::memory_order_relaxed) == kRunningWaiters;
            },
            internal::WaitReason::kOnce);
        // Done, whether woken or not: kRunningWaiters only ever becomes
        // kDone, stored by Finish under the bucket lock, so a validate() that
        // saw anything else saw kDone, and a wake-up comes only from Finish.
        // Either way f's writes happen before this point (the bucket lock,
        // or the Parker's release/acquire). Do not re-read state_: a caller
        // that returned before us may already have destroyed the Once.
        return;
    }
  }
}

void Once::Finish() noexcept {
  // release: f's effects happen before any Do that sees kDone returns.
  uint32_t expected = kRunning;
  if (state_.compare_exchange_strong(expected, kDone, std::memory_order_release,
                                     std::memory_order_relaxed)) {
    return;  // nobody waited
  }
  // expected == kRunningWaiters: wake them all, marking the Once done under
  // the bucket lock so late arrivals either see kDone or are among those woken.
  internal::UnparkOn(this, INT_MAX, [this](const internal::UnparkResult&) {
    state_.store(kDone, std::memory_order_release);
    return internal::kParkTokenNormal;
  });
}

}  // namespace golang::sync
