// golang-cpp internal: NOT API. Included by time/time.h for the private
// members of Timer and Ticker; users must not name anything in here.
//
// timer.h: the runtime timer (Go's runtime.timer), its two kinds, and the one
// process-wide timer heap with the thread that serves it. After Go 1.23's
// runtime/time.go, with one heap instead of one per P.
//
// Who fires timers: the timer thread, which sleeps until the earliest entry
// is due; and, as Go runs due timers on whichever P schedules next, every
// Modify (NewTimer, After, AfterFunc, Reset, Sleep) that finds the earliest
// entry already due: after dropping its own locks it pops and fires up to
// a small batch of due entries itself. That covers the case the timer
// thread alone handles worst: every core busy with goroutines that keep
// arming timers (the thread then waits for the OS to give it a core, up to
// a scheduler tick or more, while timers fall due), and it readies a woken
// goroutine on the helper's own P, ahead of the global run queue. Firing
// is the same from either: a non-blocking send into a timer channel's
// buffer, an Unpark, or starting AfterFunc's goroutine; never user code.
// Two firers may deliver timers due at nearly the same time in either
// order (as Go's per-P heaps may); one timer's deliveries stay in order.
//
// Kinds:
//   TimerChan  a channel timer (NewTimer, After, NewTicker, Tick): the timer
//              state lives inside the channel itself (it derives from
//              ChanCore), so the timer lives exactly as long as the channel.
//              The heap holds only a weak reference: a timer whose channel
//              nobody can reach any more is removed and freed (TM-32).
//   FuncTimer  a timer that calls a function when it fires (Go's t.f):
//              AfterFunc's starts f in a goroutine (Go's goFunc), Sleep's
//              unparks the sleeping goroutine (Go's goroutineReady).
//              Reference counted; the heap holds a strong reference while
//              it is armed, so f still runs when the Timer handle is gone,
//              as in Go.
//
// Bubbles (synctest): a timer made inside a synctest bubble belongs to it.
// Its entry goes in the bubble's heap (under the same heap lock), its `when`
// is on the bubble's fake clock (Unix ns), and the bubble's driver fires it
// when the bubble is idle (runtime/internal/bubble.h); neither the timer
// thread nor a helping Modify ever sees it.
//
// State of one timer, all under its own lock timer_mu_:
//   armed_  true from Modify until the value for the current settings has
//           been delivered (one-shot) or until Stop (ticker). A timer popped
//           from the heap (by the timer thread or a helper) but not yet
//           delivered is still armed: Stop then returns true and the
//           delivery is cancelled.
//   seq_    bumped by every Stop and Modify; a heap entry carries the seq_ it
//           was armed with, and its popper delivers only if they still
//           match (Go's t.seq). This is what makes "popped but not yet
//           delivered" safe: after Stop/Reset returns, no delivery for the
//           old settings happens.
// Go 1.23's "pending" (what Stop and Reset return) is: armed_, or a value
// sits in the channel's hidden one-slot buffer, unreceived (it is discarded).
//
// Invariants:
//   - A timer has at most one heap entry (heap_index_ != kNotInHeap).
//   - An entry whose timer is a TimerChan implies the TimerChan is not yet
//     freed: ~TimerChan removes the entry under the heap lock before the
//     memory goes, and whoever pops the entry takes a strong reference
//     (TryRef) under the heap lock before it lets go of it.
//
// Lock order (runtime/internal/lockrank.h): a timer's timer_mu_ -> the heap
// lock; a timer's timer_mu_ -> its channel's lock. The heap lock is a leaf:
// nothing is delivered, spawned or freed while it is held. Like Go's
// t.sendLock, a timer's timer_mu_ is held across the non-blocking send that
// delivers its value (one that is not a preemption point), so the send may
// wake a receiver while timer_mu_ is held; the receiver can at most contend
// briefly on timer_mu_ (if it calls Stop or Reset). A helping Modify fires
// other timers only after releasing its own timer_mu_, so it holds at most
// one timer_mu_ at a time, as the timer thread does.
#ifndef GOLANG_TIME_INTERNAL_TIMER_H_
#define GOLANG_TIME_INTERNAL_TIMER_H_

#include <atomic>
#include <cstddef>
#include <cstdint>

#include "absl/base/thread_annotations.h"
#include "absl/functional/any_invocable.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "chan/internal/chan_core.h"
#include "runtime/internal/lock.h"
#include "runtime/internal/nanotime.h"
#include "runtime/internal/parker.h"

namespace golang::internal {

// Go's when(d): the monotonic time d from now. d <= 0 means now; a result
// past the end of int64 saturates at INT64_MAX, which never fires (TM-2).
// Inside a synctest bubble, the bubble's fake time d from now (Unix
// nanoseconds), the clock of the bubble's timers.
int64_t WhenAfter(absl::Duration d);

// Saturating d in nanoseconds, at least 0.
int64_t DurationToNanos(absl::Duration d);

// Guards the heap and every timer's heap_index_.
extern Lock timer_heap_lock;

struct Bubble;

class RuntimeTimer {
 public:
  RuntimeTimer(const RuntimeTimer&) = delete;
  RuntimeTimer& operator=(const RuntimeTimer&) = delete;

  // Go 1.23 t.modify/t.reset: arms the timer to fire at `when` (Nanotime()
  // units) and then, if period > 0, every period. Returns whether it was
  // pending (armed, or fired with its value not received, which is dropped).
  // If timers are already due, it then fires up to a few of them (see
  // "Who fires timers"): never call it holding a timer's or a timer
  // channel's lock.
  bool Modify(int64_t when, int64_t period);

  // Go 1.23 t.stop: disarms the timer and drops an unreceived value. Returns
  // whether it was pending.
  bool Stop();

  // Strong references held by Timer and Ticker handles.
  virtual void HoldRef() = 0;
  virtual void DropRef() = 0;

 protected:
  RuntimeTimer();
  virtual ~RuntimeTimer();

  // The timer's own lock (Go's t.mu and t.sendLock in one).
  Lock timer_mu_{LockRank::kTimer};

  // The synctest bubble the timer was made in, or null (runtime/internal/
  // bubble.h). A bubble's timers live in the bubble's own heap, on its fake
  // clock, and are fired by its driver; only the bubble may Stop or Reset
  // them. Holds a reference.
  Bubble* const bubble_;

  // The timer's clock now: Nanotime(), or its bubble's fake time.
  int64_t Now() const;

  // Removes the heap entry, if any. Called by the destructor of a kind whose
  // heap reference is weak, before its memory goes.
  void RemoveFromHeap();

  // With timer_mu_ held, the value for `when` (due time) is delivered `now`.
  // Returns false if it could not be delivered (a ticker whose last tick is
  // still unreceived: the tick is dropped).
  virtual bool DeliverLocked(int64_t when, int64_t now)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(timer_mu_) = 0;
  // After a one-shot delivery, with no lock held (AfterFunc starts f here).
  virtual void AfterDeliverUnlocked() {}
  // The channel whose hidden buffer Stop and Modify drain, or null.
  virtual ChanCore* Channel() { return nullptr; }

  // Heap references. TryAcquire runs under the heap lock on an entry the
  // timer thread pops: it must produce a strong reference for the firing
  // (or fail for a weakly held timer that is being destroyed). A strong
  // kind takes a reference when an entry is added (OnHeapAdd) and drops it
  // when an entry is removed by Stop/Modify (OnHeapRemove).
  virtual bool TryAcquire() = 0;
  virtual void Release() = 0;
  virtual void OnHeapAdd() {}
  virtual void OnHeapRemove() {}

 private:
  friend class TimerHeap;

  // The firing half: the entry (seq, when) was popped and a strong
  // reference acquired, by the timer thread or a helping Modify. Returns
  // the timer thread's parker if the caller must Unpark it (a re-armed
  // ticker became the earliest entry while it sleeps), else null.
  Parker* Run(uint64_t seq, int64_t when);

  uint64_t seq_ ABSL_GUARDED_BY(timer_mu_) = 0;
  bool armed_ ABSL_GUARDED_BY(timer_mu_) = false;
  int64_t period_ ABSL_GUARDED_BY(timer_mu_) = 0;
  // Consecutive ticks dropped because the last one was not received.
  int drops_ ABSL_GUARDED_BY(timer_mu_) = 0;
  size_t heap_index_ ABSL_GUARDED_BY(timer_heap_lock);
};

// A channel timer: a Go 1.23 timer channel (hidden one-slot buffer, len and
// cap report 0) that is also its own runtime timer.
class TimerChan final : public ChanCore, public RuntimeTimer {
 public:
  // Returns a channel with one reference (the caller's).
  static TimerChan* Make() { return new TimerChan; }

  void HoldRef() override { ChanCore::Ref(); }
  void DropRef() override { ChanCore::Unref(); }

 private:
  TimerChan();
  ~TimerChan() override;

  bool DeliverLocked(int64_t when, int64_t now) override
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(timer_mu_);
  ChanCore* Channel() override { return this; }
  bool TryAcquire() override { return ChanCore::TryRef(); }
  void Release() override { ChanCore::Unref(); }
};

// A timer that calls `fire` each time it fires, on the firing thread with no
// lock held (see "Kinds" above). `fire` must not block or run user code: it
// starts a goroutine or unparks one. Two firings may overlap (a Reset after
// a firing, popped by another firer), hence a const call.
class FuncTimer final : public RuntimeTimer {
 public:
  // Returns a timer with one reference (the caller's).
  static FuncTimer* Make(absl::AnyInvocable<void() const> fire) {
    return new FuncTimer(std::move(fire));
  }

  void HoldRef() override { refs_.fetch_add(1, std::memory_order_relaxed); }
  void DropRef() override {
    if (refs_.fetch_sub(1, std::memory_order_acq_rel) == 1) delete this;
  }

 private:
  explicit FuncTimer(absl::AnyInvocable<void() const> fire)
      : fire_(std::move(fire)) {}
  ~FuncTimer() override = default;

  bool DeliverLocked(int64_t when, int64_t now) override
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(timer_mu_) {
    return true;
  }
  void AfterDeliverUnlocked() override { fire_(); }
  bool TryAcquire() override { return true; }  // adopts the entry's reference
  void Release() override { DropRef(); }
  void OnHeapAdd() override { HoldRef(); }
  void OnHeapRemove() override { DropRef(); }

  std::atomic<int32_t> refs_{1};
  const absl::AnyInvocable<void() const> fire_;
};

// For tests (TestTimerGC): entries in the timer heap, and runtime timers
// alive (channel timers plus AfterFunc timers).
[[nodiscard]] size_t TimerHeapSize();
[[nodiscard]] int64_t LiveTimers();

}  // namespace golang::internal

#endif  // GOLANG_TIME_INTERNAL_TIMER_H_
