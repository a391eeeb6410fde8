// golang-cpp internal: NOT API.
//
// parker.h: how a goroutine (or a plain thread) blocks and is woken. This is
// the one narrow interface through which channels, select, sync and timers
// wait, after Go's gopark/goready pair:
//
//   Parker* self = CurrentParker();
//   ... publish `self` in some queue, under that queue's lock ...
//   ... release the lock ...
//   self->Park();            // returns once somebody calls self->Unpark()
//
//   // the waker, after removing the waiter from the queue and dropping the
//   // queue's lock (never wake while holding a lock: the woken side would
//   // only run into it):
//   parker->Unpark();
//
// Contract: every Park is matched by exactly one Unpark, issued by whichever
// party removed the waiter from the queue it was published in. An Unpark that
// arrives before the Park is not lost: Park then returns at once. Park never
// returns without its Unpark (no spurious wake-ups reach callers).
//
// Memory ordering: everything the waker wrote before Unpark happens before
// Park returns (a release/acquire pair on the parker's state word).
//
// Today a Parker parks an OS thread (spin, then futex). The M:N scheduler
// replaces CurrentParker()'s result for goroutines with one that switches to
// the scheduler instead; callers do not change.
//
// Diagnostics: Park records the reason on the current goroutine (for
// goroutine dumps) when it really goes to sleep, and counts the thread as
// blocked until its Unpark arrives. When every thread the runtime knows is
// blocked, and there are no threads it does not know, nothing can ever wake
// anyone: that is Go's "all goroutines are asleep - deadlock!" (deadlock.cc).
// A timed ParkFor does not count as blocked (the timeout is progress), except
// for runtime threads that ask to (idle workers).
//
// Lifetime: a Parker is never freed. When its thread exits it goes back to a
// pool for the next thread, so a waker's late futex wake on it is harmless
// (a spurious futex return, which Park absorbs).
#ifndef GOLANG_RUNTIME_INTERNAL_PARKER_H_
#define GOLANG_RUNTIME_INTERNAL_PARKER_H_

#include <atomic>
#include <cstdint>

#include "runtime/internal/wait_reason.h"

namespace golang::internal {

class Parker {
 public:
  Parker() = default;
  Parker(const Parker&) = delete;
  Parker& operator=(const Parker&) = delete;

  // Blocks until Unpark() has been called (or returns at once if it already
  // was), consuming that one wake-up.
  void Park(WaitReason reason = WaitReason::kUnknown);

  // As Park, but gives up after `timeout_ns`. Returns true if woken, false on
  // timeout. After a timeout the caller must make sure no Unpark is still on
  // its way (by taking itself out of the queue it was published in under
  // that queue's lock) or call Park() to absorb it.
  //
  // `blocked`: count this wait as blocked for deadlock detection even though
  // it has a timeout (only for runtime threads whose timeout is not
  // progress, such as an idle worker that would just exit).
  bool ParkFor(int64_t timeout_ns, WaitReason reason = WaitReason::kUnknown,
               bool blocked = false);

  // Wakes the parked owner. Call at most once per Park.
  void Unpark();

 private:
  static constexpr uint32_t kEmpty = 0;     // no wake-up pending, not asleep
  static constexpr uint32_t kNotified = 1;  // Unpark came, Park not yet
  static constexpr uint32_t kSleeping = 2;  // owner asleep, counted blocked
  static constexpr uint32_t kSleepingTimed = 3;  // asleep with a timeout

  bool TryConsume();
  void Sleep(uint32_t sleeping_state, int64_t timeout_ns);

  std::atomic<uint32_t> state_{kEmpty};
};

// The calling thread's (later: goroutine's) parker. Never null.
Parker* CurrentParker();

// How many times Park spins on the state word before sleeping. Spinning pays
// off when the waker is running on another core and about to Unpark
// (ping-pong); on a single core it only burns the waker's time slice.
int ParkSpinCount();

}  // namespace golang::internal

#endif  // GOLANG_RUNTIME_INTERNAL_PARKER_H_
