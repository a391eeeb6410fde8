// golang-cpp: Ticker and Tick, after Go's time/tick.go.
#include <algorithm>
#include <cstdint>
#include <utility>

#include "runtime/runtime.h"
#include "time/internal/timer.h"
#include "time/time.h"

namespace golang::time {

namespace {
// A positive d shorter than a nanosecond (absl::Duration can express one,
// Go's cannot) ticks every nanosecond, rather than becoming period 0, which
// would mean "one-shot".
int64_t Period(Duration d) {
  return std::max<int64_t>(1, internal::DurationToNanos(d));
}
}  // namespace

Ticker::Ticker(internal::RuntimeTimer* r, recv_chan<Time> c)
    : C(std::move(c)), r_(r) {}

Ticker::~Ticker() {
  if (r_ != nullptr) r_->DropRef();
}

void Ticker::Stop() {
  // Go: a Ticker built by hand has no timer; Stop is a no-op (Issue 21874).
  if (r_ == nullptr) return;
  (void)r_->Stop();
}

void Ticker::Reset(Duration d) {
  if (d <= absl::ZeroDuration()) {
    golang::panic("non-positive interval for Ticker.Reset");
  }
  if (r_ == nullptr) {
    golang::panic("time: Reset called on uninitialized Ticker");
  }
  (void)r_->Modify(internal::WhenAfter(d), Period(d));
}

std::shared_ptr<Ticker> NewTicker(Duration d) {
  if (d <= absl::ZeroDuration()) {
    golang::panic("non-positive interval for NewTicker");
  }
  internal::TimerChan* c = internal::TimerChan::Make();
  c->HoldRef();
  std::shared_ptr<Ticker> t(
      new Ticker(c, internal::AdoptChan<recv_chan<Time>>(c)));
  c->Modify(internal::WhenAfter(d), Period(d));
  return t;
}

recv_chan<Time> Tick(Duration d) {
  if (d <= absl::ZeroDuration()) return nullptr;
  return NewTicker(d)->C;
}

}  // namespace golang::time
