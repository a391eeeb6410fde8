// golang-cpp: Sleep, Timer, After and AfterFunc, after Go's time/sleep.go.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <memory>
#include <utility>

#include "runtime/internal/bubble.h"
#include "runtime/internal/nanotime.h"
#include "runtime/internal/parker.h"
#include "runtime/internal/sched.h"
#include "runtime/runtime.h"
#include "time/internal/timer.h"
#include "time/time.h"

namespace golang::time {

Time Now() {
  // Inside a synctest bubble, the bubble's fake clock.
  if (const internal::Bubble* b = internal::CurrentBubble()) {
    return absl::FromUnixNanos(internal::BubbleNowNs(b));
  }
  return absl::Now();
}

Duration Since(Time t) { return Now() - t; }

void Sleep(Duration d) {
  if (d <= absl::ZeroDuration()) return;
  const int64_t deadline = internal::WhenAfter(d);
  internal::Parker* self = internal::CurrentParker();
  if (internal::CurrentG() != nullptr) {
    // A goroutine parks, and a runtime timer unparks it (Go's
    // goroutineReady): its worker thread runs other goroutines meanwhile.
    // One shot: the firing is the one Unpark for this Park.
    internal::FuncTimer* t =
        internal::FuncTimer::Make([self] { self->Unpark(); });
    t->Modify(deadline, /*period=*/0);
    self->Park(internal::WaitReason::kSleep);
    t->DropRef();
    return;
  }
  // A plain thread parks itself with a timeout; nothing else ever unparks
  // it, so a wake-up before the deadline is spurious and it sleeps again.
  for (;;) {
    const int64_t left = deadline - internal::Nanotime();
    if (left <= 0) return;
    // At most an hour per wait, so the futex never sees an absurd timeout;
    // a deadline of INT64_MAX (never) just keeps waiting.
    self->ParkFor(std::min<int64_t>(left, int64_t{3600} * 1'000'000'000),
                  internal::WaitReason::kSleep);
  }
}

Timer::Timer(internal::RuntimeTimer* r, recv_chan<Time> c)
    : C(std::move(c)), r_(r) {}

Timer::~Timer() {
  if (r_ != nullptr) r_->DropRef();
}

bool Timer::Stop() {
  if (r_ == nullptr) golang::panic("time: Stop called on uninitialized Timer");
  return r_->Stop();
}

bool Timer::Reset(Duration d) {
  if (r_ == nullptr) {
    golang::panic("time: Reset called on uninitialized Timer");
  }
  return r_->Modify(internal::WhenAfter(d), /*period=*/0);
}

std::shared_ptr<Timer> NewTimer(Duration d) {
  // One reference for C, one for the Timer.
  internal::TimerChan* c = internal::TimerChan::Make();
  c->HoldRef();
  std::shared_ptr<Timer> t(
      new Timer(c, internal::AdoptChan<recv_chan<Time>>(c)));
  c->Modify(internal::WhenAfter(d), /*period=*/0);
  return t;
}

recv_chan<Time> After(Duration d) { return NewTimer(d)->C; }

std::shared_ptr<Timer> AfterFunc(Duration d, absl::AnyInvocable<void()> f) {
  // Go's goFunc: f runs in its own goroutine, never on the timer thread.
  // Each run shares f: Reset after firing may start f again while an
  // earlier run is still going, as in Go (TM-20).
  internal::FuncTimer* r = internal::FuncTimer::Make(
      [f = std::make_shared<absl::AnyInvocable<void()>>(std::move(f))] {
        golang::go([f] { (*f)(); });
      });
  std::shared_ptr<Timer> t(new Timer(r, recv_chan<Time>()));
  r->Modify(internal::WhenAfter(d), /*period=*/0);
  return t;
}

}  // namespace golang::time
