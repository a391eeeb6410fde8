// The rules of synctest/synctest.h, one test (or a few) per rule: where the
// clock starts and how it moves, which kinds of blocking are durable and
// which are not, deadlines and AfterFuncs in the bubble, Sleep, IsInBubble,
// the Mutex extension, and when Test returns.
//
// A bubble that should only wait in virtual time but hangs instead (a kind
// of blocking wrongly not counted as durable) would hang the test: the
// tests that could hang so run their bubble through RunBounded, which fails
// the test after kRealTimeLimit (10 s) of real time. The real time such a
// bubble takes is microseconds; 10 s is the slack for a loaded machine
// under ThreadSanitizer.
//
// Non-durable blocking is shown the other way round: the bubble blocks on
// something that only an outside goroutine can release, with a timer of the
// bubble pending; the outside goroutine releases it after a short real wait
// (20 ms; not needed for the test to pass, only to give a wrong
// implementation the time to move the clock), and the bubble checks that
// its clock did not move and that the timer is still pending.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <semaphore>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/time/time.h"
#include "chan/chan.h"
#include "chan/select.h"
#include "context/context.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "runtime/goleak.h"
#include "runtime/runtime.h"
#include "sync/mutex.h"
#include "sync/waitgroup.h"
#include "synctest/synctest.h"
#include "tests/synctest/synctest_util.h"
#include "time/time.h"

namespace golang {
namespace {

using synctest_test::BubbleEpoch;
using synctest_test::CaptureFailures;
using synctest_test::Joined;
using synctest_test::kRealTimeLimit;
using testing::HasSubstr;
using time::Hour;
using time::Millisecond;
using time::Nanosecond;
using time::Second;

// Runs f (which runs a bubble) in a goroutine outside any bubble and waits
// at most kRealTimeLimit of real time for it. A bubble still running then
// is a hang that only a broken rule explains: the test fails with every
// goroutine's stack, and the process ends there (f still refers to the
// test's locals).
void RunBounded(absl::AnyInvocable<void() &&> f) {
  auto done = make_chan<Empty>();
  go([f = std::move(f), done]() mutable {
    std::move(f)();
    close(done);
  });
  bool timed_out = false;
  select(recv(done), recv(time::After(absl::FromChrono(kRealTimeLimit)),
                          [&] { timed_out = true; }));
  if (timed_out) {
    ADD_FAILURE() << "the bubble still runs after "
                  << absl::FormatDuration(absl::FromChrono(kRealTimeLimit))
                  << " of real time:\n"
                  << runtime::Stack(true);
    std::fflush(stdout);
    std::_Exit(1);
  }
}

// ---------------------------------------------------------------------------
// The clock.

// It starts at exactly 2000-01-01 00:00:00 UTC, and stays there, however
// much real time passes, until the bubble first blocks durably.
TEST(SynctestRulesTest, ClockStartsAt2000UTC) {
  auto real_timer = time::After(5 * Millisecond);
  synctest::Test([real_timer] {
    const time::Time epoch = absl::FromCivil(
        absl::CivilSecond(2000, 1, 1, 0, 0, 0), absl::UTCTimeZone());
    EXPECT_EQ(time::Now(), epoch);
    EXPECT_EQ(absl::ToUnixSeconds(time::Now()), 946684800);
    EXPECT_EQ(time::Since(epoch), absl::ZeroDuration());
    // Real time passes (yields, a non-durable wait for a timer made
    // outside, on the real clock); the bubble's clock does not move.
    for (int i = 0; i < 100; i++) runtime::Gosched();
    (void)real_timer.recv();
    EXPECT_EQ(time::Now(), epoch);
  });
  // Each bubble starts there afresh.
  synctest::Test([] {
    time::Sleep(5 * Hour);
    EXPECT_EQ(time::Now(), BubbleEpoch() + 5 * Hour);
  });
  synctest::Test([] { EXPECT_EQ(time::Now(), BubbleEpoch()); });
}

// Outside any bubble, time::Now() is the real clock.
TEST(SynctestRulesTest, OutsideTheClockIsReal) {
  const time::Time real = absl::Now();
  EXPECT_GE(time::Now(), real);
  EXPECT_LT(time::Now() - real, 1 * Hour);
}

// When every goroutine is durably blocked the clock moves straight to the
// next timer that is due: each sleeper wakes at exactly its time, in order
// of the times, and an hour of virtual time takes no real time.
TEST(SynctestRulesTest, ClockJumpsToNextTimer) {
  const auto real_start = std::chrono::steady_clock::now();
  RunBounded([] {
    synctest::Test([] {
      const time::Time start = time::Now();
      auto woke = make_chan<int>(3);
      for (int s : {5, 2, 7}) {
        go([s, start, woke] {
          time::Sleep(s * Second);
          EXPECT_EQ(time::Now(), start + s * Second);
          woke.send(s);
        });
      }
      EXPECT_EQ(woke.recv(), 2);
      EXPECT_EQ(time::Now(), start + 2 * Second);
      EXPECT_EQ(woke.recv(), 5);
      EXPECT_EQ(time::Now(), start + 5 * Second);
      EXPECT_EQ(woke.recv(), 7);
      EXPECT_EQ(time::Now(), start + 7 * Second);
      // An hour at once: nothing is due before it.
      time::Sleep(1 * Hour);
      EXPECT_EQ(time::Now(), start + 7 * Second + 1 * Hour);
    });
  });
  EXPECT_LT(std::chrono::steady_clock::now() - real_start, kRealTimeLimit);
}

// The clock moves only once *every* goroutine is durably blocked: while one
// still runs (yielding, never blocking), the body's 1 s sleep does not end.
TEST(SynctestRulesTest, ClockWaitsForEveryGoroutine) {
  RunBounded([] {
    synctest::Test([] {
      std::atomic<bool> finished{false};
      auto done = make_chan<Empty>();
      go([&finished, done] {
        for (int i = 0; i < 2000; i++) runtime::Gosched();
        finished = true;
        (void)done.recv();  // now durably blocked
      });
      time::Sleep(1 * Second);
      EXPECT_TRUE(finished) << "the clock moved while a goroutine ran";
      close(done);
    });
  });
}

// Each bubble has its own clock: one bubble sleeping an hour does not move
// another's, which waits meanwhile (not durably) for the first to end.
TEST(SynctestRulesTest, BubblesHaveTheirOwnClocks) {
  auto first_ended = make_chan<Empty>();
  auto second_ended = make_chan<Empty>();
  go([first_ended] {
    synctest::Test([] {
      time::Sleep(1 * Hour);
      EXPECT_EQ(time::Now(), BubbleEpoch() + 1 * Hour);
    });
    close(first_ended);
  });
  RunBounded([first_ended, second_ended] {
    synctest::Test([first_ended] {
      (void)first_ended.recv();
      EXPECT_EQ(time::Now(), BubbleEpoch());
      time::Sleep(2 * Hour);
      EXPECT_EQ(time::Now(), BubbleEpoch() + 2 * Hour);
    });
    close(second_ended);
  });
  (void)second_ended.recv();
}

// After, Tick, NewTicker, AfterFunc, Timer::Stop and Reset in virtual time.
TEST(SynctestRulesTest, TimersAndTickersUseTheBubbleClock) {
  RunBounded([] {
    synctest::Test([] {
      const time::Time start = time::Now();
      EXPECT_EQ(time::After(3 * Second).recv(), start + 3 * Second);
      EXPECT_EQ(time::Now(), start + 3 * Second);

      auto ticker = time::NewTicker(10 * Second);
      for (int i = 1; i <= 3; i++) {
        EXPECT_EQ(ticker->C.recv(), start + 3 * Second + i * 10 * Second);
      }
      ticker->Reset(1 * Second);
      EXPECT_EQ(ticker->C.recv(), start + 34 * Second);
      ticker->Stop();

      auto tick = time::Tick(1 * time::Minute);
      EXPECT_EQ(tick.recv(), start + 34 * Second + 1 * time::Minute);

      // A stopped timer never fires; the clock goes past its time.
      auto tm = time::NewTimer(1 * Second);
      EXPECT_TRUE(tm->Stop());
      bool fired = false;
      auto af = time::AfterFunc(2 * Second, [&fired] { fired = true; });
      EXPECT_TRUE(af->Reset(4 * Second));
      synctest::Sleep(3 * Second);
      EXPECT_FALSE(fired);
      synctest::Sleep(1 * Second);
      EXPECT_TRUE(fired);
      const int chosen = select(recv(tm->C), default_case());
      EXPECT_EQ(chosen, 1) << "a stopped timer delivered a value";
    });
  });
}

// context::WithTimeout and WithDeadline in the bubble expire in virtual
// time, at exactly their deadline.
TEST(SynctestRulesTest, ContextDeadlinesExpireInVirtualTime) {
  RunBounded([] {
    synctest::Test([] {
      const time::Time start = time::Now();
      auto [tctx, tcancel] =
          context::WithTimeout(context::Background(), 30 * Second);
      auto [dctx, dcancel] =
          context::WithDeadline(context::Background(), start + 1 * Hour);
      EXPECT_EQ(tctx.Deadline().first, start + 30 * Second);
      EXPECT_EQ(dctx.Deadline().first, start + 1 * Hour);

      (void)tctx.Done().recv();
      EXPECT_EQ(time::Now(), start + 30 * Second);
      EXPECT_EQ(tctx.Err(), context::DeadlineExceeded);
      EXPECT_TRUE(dctx.Err().ok());

      (void)dctx.Done().recv();
      EXPECT_EQ(time::Now(), start + 1 * Hour);
      EXPECT_EQ(dctx.Err(), context::DeadlineExceeded);
      tcancel();
      dcancel();

      // A deadline already past: done at once, no time passes.
      auto [pctx, pcancel] =
          context::WithDeadline(context::Background(), start);
      EXPECT_EQ(pctx.Err(), context::DeadlineExceeded);
      EXPECT_EQ(time::Now(), start + 1 * Hour);
      pcancel();
    });
  });
}

// ---------------------------------------------------------------------------
// Durable blocking: while a goroutine blocks so, the clock moves on (here:
// the body sleeps an hour and gets up at exactly that hour).

// The body sleeps an hour while another goroutine of the bubble is in
// `block`; then `release` ends that block.
void ExpectDurable(std::function<void()> block, std::function<void()> release) {
  RunBounded([&] {
    synctest::Test([&] {
      const time::Time start = time::Now();
      auto blocked_done = make_chan<Empty>();
      go([&block, blocked_done] {
        block();
        close(blocked_done);
      });
      time::Sleep(1 * Hour);
      EXPECT_EQ(time::Now(), start + 1 * Hour);
      release();
      (void)blocked_done.recv();
    });
  });
}

TEST(SynctestRulesTest, DurableRecvOnBubbleChannel) {
  std::shared_ptr<chan<int>> c;
  ExpectDurable(
      [&] {
        c = std::make_shared<chan<int>>(make_chan<int>());
        // Made here, in the bubble (before the body sleeps: the goroutine
        // runs first, the body's Sleep needs it blocked).
        (void)c->recv();
      },
      [&] { c->send(1); });
}

// As above, with the channel made by the body itself: the blocked goroutine
// receives from a channel made in the bubble by another goroutine.
TEST(SynctestRulesTest, DurableSendAndRecvOnBubbleChannels) {
  RunBounded([] {
    synctest::Test([] {
      const time::Time start = time::Now();
      auto unbuffered = make_chan<int>();
      auto full = make_chan<int>(1);
      full.send(0);
      auto empty = make_chan<int>(1);
      sync::WaitGroup wg;
      wg.Go([unbuffered] { unbuffered.send(1); });  // send, no receiver
      wg.Go([full] { full.send(1); });              // send on a full buffer
      wg.Go([empty] { (void)empty.recv(); });       // receive, empty buffer
      time::Sleep(1 * Hour);
      EXPECT_EQ(time::Now(), start + 1 * Hour);
      EXPECT_EQ(unbuffered.recv(), 1);
      EXPECT_EQ(full.recv(), 0);
      empty.send(2);
      wg.Wait();
    });
  });
}

TEST(SynctestRulesTest, DurableSelectOnBubbleChannels) {
  RunBounded([] {
    synctest::Test([] {
      const time::Time start = time::Now();
      auto a = make_chan<int>();
      auto b = make_chan<int>();
      auto done = make_chan<Empty>();
      go([a, b, done] {
        select(recv(a), send(b, 1));
        close(done);
      });
      time::Sleep(1 * Hour);
      EXPECT_EQ(time::Now(), start + 1 * Hour);
      a.send(0);
      (void)done.recv();
    });
  });
}

// A select with no cases, and a receive from a nil channel, block forever,
// durably: the clock still moves (the body sleeps an hour), and the bubble
// then deadlocks once the body returns.
TEST(SynctestRulesTest, DurableNilChannelAndEmptySelect) {
  const std::vector<std::string> failures = CaptureFailures([] {
    RunBounded([] {
      synctest::Test([] {
        const time::Time start = time::Now();
        go([] { select(); });
        go([] {
          chan<int> nil_chan;
          (void)nil_chan.recv();
        });
        time::Sleep(1 * Hour);
        EXPECT_EQ(time::Now(), start + 1 * Hour);
      });
    });
  });
  ASSERT_EQ(failures.size(), 1u) << Joined(failures);
  EXPECT_THAT(failures[0], HasSubstr("deadlock: main bubble goroutine has "
                                     "exited but blocked goroutines remain"));
}

TEST(SynctestRulesTest, DurableSleep) {
  ExpectDurable([] { time::Sleep(2 * Hour); }, [] {});
}

// WaitGroup::Wait on a WaitGroup whose Add was first called in the bubble.
TEST(SynctestRulesTest, DurableWaitGroupFirstUsedInBubble) {
  RunBounded([] {
    synctest::Test([] {
      const time::Time start = time::Now();
      sync::WaitGroup wg;
      wg.Add(1);
      auto waited = make_chan<Empty>();
      go([&wg, waited] {
        wg.Wait();
        close(waited);
      });
      time::Sleep(1 * Hour);
      EXPECT_EQ(time::Now(), start + 1 * Hour);
      wg.Done();
      (void)waited.recv();
    });
  });
}

// ---------------------------------------------------------------------------
// Not durable: the clock stands still (and the bubble's timer stays
// pending) while the body blocks so, until the outside releases it.

// Runs a bubble whose body, with a timer pending, blocks in `block`; an
// outside goroutine runs `release` once the body is about to block (and
// 20 ms later, see the top of the file).
void ExpectNotDurable(std::function<void()> block,
                      std::function<void()> release) {
  auto about_to_block = make_chan<Empty>(1);
  auto released = make_chan<Empty>();
  go([&release, about_to_block, released] {
    (void)about_to_block.recv();
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    release();
    close(released);
  });
  RunBounded([&] {
    synctest::Test([&] {
      const time::Time start = time::Now();
      auto timer = time::NewTimer(1 * Hour);
      about_to_block.send(Empty{});  // an outside channel with room
      block();
      EXPECT_EQ(time::Now(), start) << "the clock moved during a non-durable "
                                       "block";
      EXPECT_TRUE(timer->Stop()) << "the bubble's timer fired";
    });
  });
  (void)released.recv();
}

TEST(SynctestRulesTest, NotDurableRecvOnOutsideChannel) {
  auto outside = make_chan<int>();
  ExpectNotDurable([outside] { EXPECT_EQ(outside.recv(), 7); },
                   [outside] { outside.send(7); });
}

TEST(SynctestRulesTest, NotDurableSendOnOutsideChannel) {
  auto outside = make_chan<int>();
  ExpectNotDurable([outside] { outside.send(7); },
                   [outside] { EXPECT_EQ(outside.recv(), 7); });
}

// A select with one outside channel among bubble channels.
TEST(SynctestRulesTest, NotDurableSelectWithAnOutsideChannel) {
  auto outside = make_chan<int>();
  ExpectNotDurable(
      [outside] {
        auto inside = make_chan<int>();
        const int chosen = select(recv(inside), recv(outside));
        EXPECT_EQ(chosen, 1);
      },
      [outside] { outside.send(7); });
}

// WaitGroup::Wait on a WaitGroup whose Add was first called outside.
TEST(SynctestRulesTest, NotDurableWaitGroupFirstUsedOutside) {
  sync::WaitGroup wg;
  wg.Add(1);
  ExpectNotDurable([&wg] { wg.Wait(); }, [&wg] { wg.Done(); });
}

// A sync::Mutex held outside the bubble.
TEST(SynctestRulesTest, NotDurableMutexHeldOutside) {
  sync::Mutex mu;
  [&mu]() ABSL_NO_THREAD_SAFETY_ANALYSIS { mu.Lock(); }();
  ExpectNotDurable(
      [&mu] {
        mu.Lock();
        mu.Unlock();
      },
      [&mu]() ABSL_NO_THREAD_SAFETY_ANALYSIS { mu.Unlock(); });
}

// Blocking outside the library (here a std::counting_semaphore; the same
// for a std::mutex, I/O, a system call).
TEST(SynctestRulesTest, NotDurableBlockingOutsideTheLibrary) {
  std::counting_semaphore<1> sem(0);
  ExpectNotDurable([&sem] { sem.acquire(); }, [&sem] { sem.release(); });
}

// ---------------------------------------------------------------------------
// AfterFunc goroutines are in the bubble.

TEST(SynctestRulesTest, TimeAfterFuncGoroutineIsInBubble) {
  RunBounded([] {
    synctest::Test([] {
      const time::Time start = time::Now();
      auto inside = make_chan<int>();  // a bubble channel
      bool in_bubble = false;
      bool waited = false;
      time::AfterFunc(1 * Second, [&, inside] {
        in_bubble = synctest::IsInBubble();
        EXPECT_EQ(time::Now(), start + 1 * Second);
        go([inside] { inside.send(1); });
        synctest::Wait();  // the sender is blocked on `inside`
        waited = true;
        EXPECT_EQ(inside.recv(), 1);
      });
      synctest::Sleep(2 * Second);  // Wait orders the plain writes
      EXPECT_TRUE(in_bubble);
      EXPECT_TRUE(waited);
    });
  });
}

TEST(SynctestRulesTest, ContextAfterFuncGoroutineIsInBubble) {
  RunBounded([] {
    synctest::Test([] {
      auto [ctx, cancel] =
          context::WithTimeout(context::Background(), 5 * Second);
      auto inside = make_chan<int>();
      bool in_bubble = false;
      bool waited = false;
      time::Time ran_at;
      auto stop = context::AfterFunc(ctx, [&, inside] {
        in_bubble = synctest::IsInBubble();
        ran_at = time::Now();
        go([inside] { inside.send(1); });
        synctest::Wait();
        waited = true;
        EXPECT_EQ(inside.recv(), 1);
      });
      (void)stop;
      synctest::Sleep(10 * Second);  // Wait orders the plain writes
      EXPECT_TRUE(in_bubble);
      EXPECT_TRUE(waited);
      EXPECT_EQ(ran_at, BubbleEpoch() + 5 * Second);
      cancel();
    });
  });
}

// ---------------------------------------------------------------------------
// synctest::Sleep(d) is time::Sleep(d) then Wait: when it returns, the
// clock has moved d, and what was due by then has run as far as it can.

TEST(SynctestRulesTest, SleepIsTimeSleepThenWait) {
  RunBounded([] {
    synctest::Test([] {
      const time::Time start = time::Now();
      int stage = 0;  // plain: Sleep's Wait orders the writes before it
      auto park = make_chan<Empty>();
      go([&stage, park] {
        time::Sleep(3 * Second);
        stage = 1;
        // A goroutine started at the due time, running on: Wait waits.
        auto step = make_chan<Empty>();
        go([&stage, step] {
          for (int i = 0; i < 10; i++) runtime::Gosched();
          stage = 2;
          close(step);
        });
        (void)step.recv();
        stage = 3;
        (void)park.recv();  // blocked durably: Wait returns
      });
      synctest::Sleep(3 * Second);
      EXPECT_EQ(time::Now(), start + 3 * Second);
      EXPECT_EQ(stage, 3);
      close(park);
      // Sleep(0) is just a Wait.
      synctest::Sleep(absl::ZeroDuration());
      EXPECT_EQ(time::Now(), start + 3 * Second);
    });
  });
}

// ---------------------------------------------------------------------------
// IsInBubble.

TEST(SynctestRulesTest, IsInBubble) {
  EXPECT_FALSE(synctest::IsInBubble());
  auto outside_answer = make_chan<bool>(1);
  go([outside_answer] { outside_answer.send(synctest::IsInBubble()); });
  EXPECT_FALSE(outside_answer.recv());

  // A goroutine outside, asked while a bubble runs.
  auto ask = make_chan<Empty>();
  auto answer = make_chan<bool>();
  go([ask, answer] {
    (void)ask.recv();
    answer.send(synctest::IsInBubble());
  });
  synctest::Test([ask, answer] {
    EXPECT_TRUE(synctest::IsInBubble());
    auto child = make_chan<bool>(1);
    go([child] {
      go([child] { child.send(synctest::IsInBubble()); });  // a grandchild
    });
    EXPECT_TRUE(child.recv());
    ask.send(Empty{});
    EXPECT_FALSE(answer.recv());
  });
  EXPECT_FALSE(synctest::IsInBubble());
}

// ---------------------------------------------------------------------------
// Beyond Go: a goroutine waiting for a sync::Mutex or RWMutex held by a
// goroutine of the same bubble is durably blocked. The holder sleeps 1 s
// (virtual) with the lock held; the waiter gets it at exactly 1 s, and the
// whole bubble takes microseconds of real time (bounded at 10 s).

// `hold` takes the lock, `unhold` releases it; `wait` and `unwait` are the
// other goroutine's.
void ExpectLockWaitDurable(std::function<void()> hold,
                           std::function<void()> unhold,
                           std::function<void()> wait,
                           std::function<void()> unwait) {
  const auto real_start = std::chrono::steady_clock::now();
  RunBounded([&] {
    synctest::Test([&] {
      const time::Time start = time::Now();
      auto held = make_chan<Empty>();
      sync::WaitGroup wg;
      wg.Go([&, held] {
        hold();
        close(held);
        time::Sleep(1 * Second);
        unhold();
      });
      (void)held.recv();
      time::Time got;
      wg.Go([&] {
        wait();
        got = time::Now();
        unwait();
      });
      wg.Wait();
      EXPECT_EQ(got, start + 1 * Second);
    });
  });
  EXPECT_LT(std::chrono::steady_clock::now() - real_start, kRealTimeLimit);
}

TEST(SynctestRulesTest, MutexHeldInBubbleIsDurable) {
  sync::Mutex mu;
  auto lock = [&mu]() ABSL_NO_THREAD_SAFETY_ANALYSIS { mu.Lock(); };
  auto unlock = [&mu]() ABSL_NO_THREAD_SAFETY_ANALYSIS { mu.Unlock(); };
  ExpectLockWaitDurable(lock, unlock, lock, unlock);
}

TEST(SynctestRulesTest, RWMutexWriterHeldReaderWaitsIsDurable) {
  sync::RWMutex mu;
  ExpectLockWaitDurable([&mu]() ABSL_NO_THREAD_SAFETY_ANALYSIS { mu.Lock(); },
                        [&mu]() ABSL_NO_THREAD_SAFETY_ANALYSIS { mu.Unlock(); },
                        [&mu]() ABSL_NO_THREAD_SAFETY_ANALYSIS { mu.RLock(); },
                        [&mu]()
                            ABSL_NO_THREAD_SAFETY_ANALYSIS { mu.RUnlock(); });
}

TEST(SynctestRulesTest, RWMutexReaderHeldWriterWaitsIsDurable) {
  sync::RWMutex mu;
  ExpectLockWaitDurable(
      [&mu]() ABSL_NO_THREAD_SAFETY_ANALYSIS { mu.RLock(); },
      [&mu]() ABSL_NO_THREAD_SAFETY_ANALYSIS { mu.RUnlock(); },
      [&mu]() ABSL_NO_THREAD_SAFETY_ANALYSIS { mu.Lock(); },
      [&mu]() ABSL_NO_THREAD_SAFETY_ANALYSIS { mu.Unlock(); });
}

TEST(SynctestRulesTest, RWMutexWriterHeldWriterWaitsIsDurable) {
  sync::RWMutex mu;
  auto lock = [&mu]() ABSL_NO_THREAD_SAFETY_ANALYSIS { mu.Lock(); };
  auto unlock = [&mu]() ABSL_NO_THREAD_SAFETY_ANALYSIS { mu.Unlock(); };
  ExpectLockWaitDurable(lock, unlock, lock, unlock);
}

// A writer waiting behind a reader, and a reader waiting behind that
// writer (writer preference): both durable.
TEST(SynctestRulesTest, RWMutexReaderBehindWaitingWriterIsDurable) {
  RunBounded([] {
    synctest::Test([] {
      const time::Time start = time::Now();
      sync::RWMutex mu;
      sync::WaitGroup wg;
      mu.RLock();
      time::Time writer_got;
      time::Time reader_got;
      wg.Go([&]() ABSL_NO_THREAD_SAFETY_ANALYSIS {
        mu.Lock();
        writer_got = time::Now();
        time::Sleep(1 * Second);
        mu.Unlock();
      });
      synctest::Wait();  // the writer waits
      wg.Go([&]() ABSL_NO_THREAD_SAFETY_ANALYSIS {
        mu.RLock();
        reader_got = time::Now();
        mu.RUnlock();
      });
      time::Sleep(2 * Second);
      mu.RUnlock();
      wg.Wait();
      EXPECT_EQ(writer_got, start + 2 * Second);
      EXPECT_EQ(reader_got, start + 3 * Second);
    });
  });
}

// The body itself waits for the lock.
TEST(SynctestRulesTest, BodyWaitingForMutexIsDurable) {
  RunBounded([] {
    synctest::Test([] {
      const time::Time start = time::Now();
      sync::Mutex mu;
      auto held = make_chan<Empty>();
      go([&mu, held]() ABSL_NO_THREAD_SAFETY_ANALYSIS {
        mu.Lock();
        close(held);
        time::Sleep(1 * Hour);
        mu.Unlock();
      });
      (void)held.recv();
      mu.Lock();
      EXPECT_EQ(time::Now(), start + 1 * Hour);
      mu.Unlock();
    });
  });
}

// ---------------------------------------------------------------------------
// Test returns only once every goroutine of the bubble has exited.

TEST(SynctestRulesTest, TestWaitsForEveryGoroutine) {
  std::atomic<int> finished{0};
  int plain = 0;  // plain: every goroutine's exit happens before Test returns
  synctest::Test([&] {
    auto gate = make_chan<Empty>();
    for (int i = 0; i < 4; i++) {
      go([&, gate] {
        (void)gate.recv();
        // Still running, and starting more, after the body has returned.
        for (int k = 0; k < 50; k++) runtime::Gosched();
        go([&] {
          for (int k = 0; k < 50; k++) runtime::Gosched();
          finished++;
        });
        finished++;
      });
    }
    go([&plain] {
      for (int k = 0; k < 200; k++) runtime::Gosched();
      plain = 42;
    });
    close(gate);
  });
  EXPECT_EQ(finished.load(), 8);
  EXPECT_EQ(plain, 42);
}

// A goroutine blocked on a bubble channel that another goroutine releases
// after the body returned (channel operations still work then; only time
// stops).
TEST(SynctestRulesTest, TestWaitsForGoroutinesReleasedAfterBodyReturns) {
  bool done = false;
  synctest::Test([&done] {
    auto c = make_chan<int>();
    go([&done, c] { done = c.recv() == 5; });
    go([c] {
      for (int k = 0; k < 100; k++) runtime::Gosched();
      c.send(5);
    });
  });
  EXPECT_TRUE(done);
}

// Time stops once the body has returned: a goroutine still sleeping then
// never wakes, and the bubble deadlocks with Go's text (here a failure of
// the test; panic_test.cc has the panic of a program without GoogleTest).
TEST(SynctestRulesTest, SleepingAfterBodyReturnsDeadlocks) {
  const std::vector<std::string> failures = CaptureFailures([] {
    synctest::Test([] {
      go([] {
        time::Sleep(1 * Second);
        ADD_FAILURE() << "time moved after the body returned";
      });
    });
  });
  ASSERT_EQ(failures.size(), 1u) << Joined(failures);
  EXPECT_THAT(failures[0], HasSubstr("deadlock: main bubble goroutine has "
                                     "exited but blocked goroutines remain"));
}

}  // namespace
}  // namespace golang
