// "Destroyed right after the operation" for timers (issue 13, item 2): a
// Timer or Ticker (and its channel) is dropped the moment the value it
// delivered is received, or the moment Stop returns, while the timer thread
// may still be finishing that delivery; an AfterFunc timer is dropped by
// its own function. The timer thread must hold what it works on: a late
// access is a heap-use-after-free under AddressSanitizer and a race with the
// delete under ThreadSanitizer.
#include <memory>
#include <utility>

#include "chan/chan.h"
#include "gtest/gtest.h"
#include "runtime/runtime.h"
#include "tests/test_util.h"
#include "time/time.h"

namespace golang::time {
namespace {

using testutil::kScale;

constexpr int kIterations = 2000 / kScale;

// Received, then dropped at once (the Timer handle and C, the channel's
// last references), while the timer thread is still inside the delivery.
// Due at once (delivered by NewTimer itself) or a few microseconds later
// (by the timer thread).
TEST(TimerLifetime, DestroyedRightAfterItsValueIsReceived) {
  for (int i = 0; i < kIterations; i++) {
    std::shared_ptr<Timer> t = NewTimer(Microsecond * (i % 20));
    recv_chan<Time> c = t->C;
    if (i % 2 == 0) {
      t.reset();  // the channel alone keeps the timer
      (void)c.recv();
    } else {
      (void)c.recv();
      t.reset();
    }
    c = recv_chan<Time>();
  }
}

// Stop (or Reset) races the firing; the timer is dropped as soon as the
// call returns.
TEST(TimerLifetime, DestroyedRightAfterStopRacingItsFiring) {
  for (int i = 0; i < kIterations; i++) {
    std::shared_ptr<Timer> t = NewTimer(Microsecond * (i % 10));
    for (int k = 0; k < i % 50; k++) {
      asm volatile("" ::: "memory");
    }
    if (i % 3 == 0) {
      (void)t->Reset(Microsecond * (i % 7));
    } else {
      (void)t->Stop();
    }
    t.reset();
  }
}

// An AfterFunc timer whose function drops the last handle to it.
TEST(TimerLifetime, AfterFuncTimerDestroyedByItsFunction) {
  for (int i = 0; i < kIterations; i++) {
    auto* holder = new std::shared_ptr<Timer>;
    auto ready = make_chan<Empty>(1);
    auto ran = make_chan<Empty>(1);
    *holder = AfterFunc(Microsecond * (i % 20), [holder, ready, ran] {
      (void)ready.recv();
      delete holder;
      ran.send(Empty{});
    });
    ready.send(Empty{});
    (void)ran.recv();
  }
}

// A ticker dropped right after one tick, stopped or not, while the timer
// thread re-arms it.
TEST(TickerLifetime, DestroyedRightAfterATick) {
  for (int i = 0; i < kIterations; i++) {
    std::shared_ptr<Ticker> tk = NewTicker(Microsecond * (1 + i % 20));
    (void)tk->C.recv();
    if (i % 2 == 0) tk->Stop();
    tk.reset();
  }
}

// Goroutines sleeping briefly: the timer that wakes each one is freed by
// whichever of the sleeper and the timer thread lets go of it last.
TEST(SleepLifetime, SleeperReturnsWhileTheTimerThreadFinishes) {
  constexpr int kSleepers = 4;
  for (int i = 0; i < kIterations / 4; i++) {
    auto done = make_chan<Empty>(kSleepers);
    for (int s = 0; s < kSleepers; s++) {
      go([done, d = Microsecond * ((i + s) % 30)] {
        Sleep(d);
        done.send(Empty{});
      });
    }
    for (int s = 0; s < kSleepers; s++) (void)done.recv();
  }
}

}  // namespace
}  // namespace golang::time
