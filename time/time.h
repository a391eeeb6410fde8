// golang-cpp: Go's concurrency model in C++20.
//
// time/time.h — package time's clocks, sleeping, timers and tickers:
// time::Duration, time::Time, the unit constants, Now, Since, Sleep, After,
// Tick, NewTimer, AfterFunc and NewTicker, with Timer and Ticker.
//
// Go origin: time/sleep.go and time/tick.go (Go 1.23 and later), and the
// runtime's timers (runtime/time.go).
//
// A Timer delivers one value on its channel C when it expires (or calls a
// function, for AfterFunc); a Ticker delivers the time on C every period.
// They follow Go 1.23's semantics: a timer channel looks unbuffered
// (len(C) == cap(C) == 0), Stop and Reset report whether the timer was still
// pending (a timer that fired but whose value nobody received counts as
// pending, and its value is thrown away), and once Stop or Reset returns no
// value from before it can be received. A timer or ticker that nobody can
// reach any more is released without calling Stop.
//
// Example:
//
//   // Go:
//   //   select {
//   //   case v := <-results:
//   //     use(v)
//   //   case <-time.After(100 * time.Millisecond):
//   //     return errTimeout
//   //   }
//   select(recv(results, [&](int v) { use(v); }),
//          recv(time::After(100 * time::Millisecond), [&] { timed_out = true; }));
//
//   // Go:
//   //   ticker := time.NewTicker(time.Second)
//   //   defer ticker.Stop()
//   //   for t := range ticker.C { fmt.Println("tick at", t) }
//   auto ticker = time::NewTicker(time::Second);
//   absl::Cleanup stop = [&] { ticker->Stop(); };
//   for (time::Time t : ticker->C) std::cout << "tick at " << t << "\n";
//
// Memory ordering: a timer's or ticker's value is delivered by a send on its
// channel, so the Go memory model's channel rules apply (MM-19): the sending
// of a value is synchronized before the completion of the receive that gets
// it. AfterFunc's f runs in a new goroutine (MM-18): the timer's arming (the
// AfterFunc or Reset call) is synchronized before f starts. Stop and Reset
// synchronize with nothing beyond that.
//
// Differences from Go:
//   - time::Duration and time::Time are absl::Duration and absl::Time. Time
//     carries no monotonic clock reading; timers themselves run on the
//     monotonic clock (CLOCK_MONOTONIC, as Go's nanotime).
//   - NewTimer, AfterFunc and NewTicker return std::shared_ptr<Timer> and
//     std::shared_ptr<Ticker>, Go's *Timer and *Ticker: `t->Stop()`.
//   - Calling Stop through a null shared_ptr is undefined behaviour (in
//     practice a crash), where Go panics with a nil dereference.
//   - A ticker with a period under 1 ms whose ticks are being dropped (its
//     last tick is still unreceived) backs off its re-arming, up to 1 ms, so
//     that it does not keep the timer thread spinning; the first tick after
//     the receiver returns may then come up to 1 ms late. Go instead takes
//     unwatched timer channels out of its heap.
#ifndef GOLANG_TIME_TIME_H_
#define GOLANG_TIME_TIME_H_

#include <memory>

#include "absl/functional/any_invocable.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "chan/chan.h"

namespace golang {
namespace internal {
class RuntimeTimer;
}  // namespace internal

namespace time {

// Go: type Duration int64 — the elapsed time between two instants.
//
// Differences from Go: an absl::Duration, which has a wider range and
// infinities; timers treat anything beyond int64 nanoseconds as "never".
using Duration = absl::Duration;

// Go: type Time struct — an instant, with nanosecond precision.
using Time = absl::Time;

// Go: const Nanosecond ... Hour. `100 * time::Millisecond` works, as in Go.
inline constexpr Duration Nanosecond = absl::Nanoseconds(1);
inline constexpr Duration Microsecond = absl::Microseconds(1);
inline constexpr Duration Millisecond = absl::Milliseconds(1);
inline constexpr Duration Second = absl::Seconds(1);
inline constexpr Duration Minute = absl::Minutes(1);
inline constexpr Duration Hour = absl::Hours(1);

// Go: func Now() Time — the current local (wall-clock) time.
//
// Inside a synctest bubble (synctest/synctest.h), the bubble's fake clock,
// which starts at 2000-01-01 00:00:00 UTC; so do Since, Sleep, After, Tick,
// the timers and tickers made there, and the deadlines of contexts made
// there (ST-2, ST-3). absl::Now() is never faked: code under test should
// call time::Now().
[[nodiscard]] Time Now();

// Go: func Since(t Time) Duration — the time elapsed since t, Now() - t.
[[nodiscard]] Duration Since(Time t);

// Go: func Sleep(d Duration)
//
// Pauses the calling goroutine for at least d (TM-1). A zero or negative d
// returns at once; a d too large to represent never returns (TM-2). The
// goroutine parks, and its thread runs other goroutines meanwhile; on a
// plain thread, Sleep sleeps that thread.
void Sleep(Duration d);

// Go: type Timer struct { C <-chan Time; ... }
//
// A single event. When the timer expires, the time it was due is sent on C
// (unless the timer was made by AfterFunc, whose C is nil and which calls
// its function instead). Make one with NewTimer or AfterFunc.
//
// A Timer may be used from any number of goroutines at once. It may be
// destroyed at any time: a channel timer whose Timer and every copy of C
// are gone is released at once (TM-32); an AfterFunc timer still fires.
//
// The zero value (`time::Timer t;`) is an uninitialized timer, as in Go:
// Stop and Reset panic on it.
class Timer {
 public:
  // Go: var t time.Timer — uninitialized; Stop and Reset panic.
  Timer() = default;
  Timer(const Timer&) = delete;
  Timer& operator=(const Timer&) = delete;
  ~Timer();

  // Go: t.C — the channel on which the timer delivers its value. A timer
  // channel reports len == cap == 0 at all times (TM-10), yet the timer
  // never blocks sending on it. Nil for AfterFunc timers. Assignable, as in
  // Go; Stop and Reset act on the timer, whatever C holds.
  recv_chan<Time> C;

  // Go: func (t *Timer) Stop() bool
  //
  // Prevents the timer from firing. Returns true if the call stopped the
  // timer, false if it had already expired and its value was received (or
  // its function started) or had been stopped (TM-7). A timer that expired
  // but whose value nobody has received is still pending: Stop returns true
  // and discards the value (TM-8, TM-17). Once Stop returns, no receive on C
  // gets a value from before the call. Stop does not close C, and does not
  // wait for an AfterFunc function that has already started (TM-19).
  //
  // Panics with `time: Stop called on uninitialized Timer` on a zero Timer.
  bool Stop();

  // Go: func (t *Timer) Reset(d Duration) bool
  //
  // Changes the timer to expire after d (d <= 0: at once). Returns true if
  // the timer had been pending (as for Stop; an unreceived value is
  // discarded), false if it had expired and been received, or been stopped
  // (TM-9). Once Reset returns, no value from the previous settings can be
  // received. On an AfterFunc timer that already fired, Reset schedules f
  // to run again, possibly while the earlier run is still going (TM-20).
  //
  // Panics with `time: Reset called on uninitialized Timer` on a zero Timer.
  bool Reset(Duration d);

 private:
  friend std::shared_ptr<Timer> NewTimer(Duration d);
  friend std::shared_ptr<Timer> AfterFunc(Duration d,
                                          absl::AnyInvocable<void()> f);
  // Adopts one reference to r.
  Timer(internal::RuntimeTimer* r, recv_chan<Time> c);

  internal::RuntimeTimer* r_ = nullptr;
};

// Go: func NewTimer(d Duration) *Timer
//
// A timer that sends the time it was due on its channel C after at least d
// (TM-3, TM-4). A zero or negative d expires at once; a d beyond the int64
// nanosecond range never expires and does not disturb other timers (TM-2).
[[nodiscard]] std::shared_ptr<Timer> NewTimer(Duration d);

// Go: func After(d Duration) <-chan Time
//
// NewTimer(d)->C. The channel, and the timer behind it, are released once
// the last copy of the channel handle is gone, fired or not (TM-32).
[[nodiscard]] recv_chan<Time> After(Duration d);

// Go: func AfterFunc(d Duration, f func()) *Timer
//
// Waits d, then calls f in its own goroutine (TM-18); the timer service
// itself never runs f. The returned Timer's C is nil; Stop and Reset work as
// for NewTimer. f is shared by every run: Reset after firing runs the same
// f again. The timer holds f until it is destroyed; an armed AfterFunc
// timer stays alive (and fires) even if the returned handle is dropped.
std::shared_ptr<Timer> AfterFunc(Duration d, absl::AnyInvocable<void()> f);

// Go: type Ticker struct { C <-chan Time; ... }
//
// Delivers the time on C every period. The first tick comes one period
// after NewTicker or Reset (TM-27). A slow receiver gets at most one
// pending tick, carrying the time it was due; missed ticks are dropped, not
// queued (TM-29). Each tick goes to exactly one receiver (TM-31).
//
// A Ticker may be used from any number of goroutines at once and destroyed
// at any time; once it and every copy of C are gone it is released, Stop or
// not (TM-32).
//
// The zero value, or one built by hand with `tk.C = ch`, has no timer
// behind it: Stop does nothing (TM-26) and Reset panics.
class Ticker {
 public:
  // Go: var tk time.Ticker / &time.Ticker{C: c} — uninitialized.
  Ticker() = default;
  Ticker(const Ticker&) = delete;
  Ticker& operator=(const Ticker&) = delete;
  ~Ticker();

  // Go: tk.C — the channel of ticks; len == cap == 0 at all times.
  recv_chan<Time> C;

  // Go: func (t *Ticker) Stop()
  //
  // Turns the ticker off: no more ticks are sent, and a tick not yet
  // received is discarded (TM-28). C is not closed. Does nothing on an
  // uninitialized Ticker.
  void Stop();

  // Go: func (t *Ticker) Reset(d Duration)
  //
  // Stops the ticker and restarts it with period d: the next tick comes d
  // after the call, and no tick from before the call can be received.
  // Panics with `non-positive interval for Ticker.Reset` if d <= 0 (checked
  // first), and with `time: Reset called on uninitialized Ticker` on an
  // uninitialized Ticker (TM-25, TM-26).
  void Reset(Duration d);

 private:
  friend std::shared_ptr<Ticker> NewTicker(Duration d);
  Ticker(internal::RuntimeTimer* r, recv_chan<Time> c);

  internal::RuntimeTimer* r_ = nullptr;
};

// Go: func NewTicker(d Duration) *Ticker
//
// A ticker with period d. Panics with `non-positive interval for NewTicker`
// if d <= 0 (TM-24). Stop it when done, or drop every reference to it.
[[nodiscard]] std::shared_ptr<Ticker> NewTicker(Duration d);

// Go: func Tick(d Duration) <-chan Time
//
// NewTicker(d)->C; the ticker is released when the last copy of the channel
// handle is gone. Returns a nil channel (receiving blocks forever) if
// d <= 0, where NewTicker would panic (TM-30).
[[nodiscard]] recv_chan<Time> Tick(Duration d);

}  // namespace time
}  // namespace golang

#endif  // GOLANG_TIME_TIME_H_
