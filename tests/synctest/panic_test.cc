// Every panic of synctest/synctest.h, on Go's exact text: death tests (a
// panic exits with status 2), and, for a bubble's deadlock, which in a test
// binary is the current test's failure instead (gtest_test.cc), the panic of
// a program without GoogleTest (helper.cc) run with its output on pipes.
//
// A wrong implementation that does not panic must not hang these tests: the
// channels handed out of a bubble have room or a value, and timers have
// fired, so that the operation would complete.
#include <functional>
#include <memory>
#include <string>

#include "chan/chan.h"
#include "chan/select.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "runtime/runtime.h"
#include "sync/waitgroup.h"
#include "synctest/synctest.h"
#include "tests/synctest/synctest_util.h"
#include "time/time.h"

namespace golang {
namespace {

using synctest_test::ExitedWith;
using synctest_test::HelperResult;
using synctest_test::RunHelper;
using testing::ContainsRegex;
using testing::ExitedWithCode;
using testing::HasSubstr;
using testing::Not;
using testing::StartsWith;
using time::Second;

// ---------------------------------------------------------------------------
// Misuse of Test and Wait.

TEST(SynctestPanicDeathTest, TestInsideBubble) {
  EXPECT_EXIT(synctest::Test([] { synctest::Test([] {}); }), ExitedWithCode(2),
              "panic: synctest.Run called from within a synctest bubble");
}

// Also from a goroutine of the bubble, not only its body.
TEST(SynctestPanicDeathTest, TestInsideBubbleGoroutine) {
  EXPECT_EXIT(synctest::Test([] {
                auto done = make_chan<Empty>();
                go([done] {
                  synctest::Test([] {});
                  close(done);
                });
                (void)done.recv();
              }),
              ExitedWithCode(2),
              "panic: synctest.Run called from within a synctest bubble");
}

TEST(SynctestPanicDeathTest, WaitOutsideBubble) {
  EXPECT_EXIT(synctest::Wait(), ExitedWithCode(2),
              "panic: synctest.Wait: goroutine is not in a bubble");
}

// From a goroutine outside any bubble, while a bubble runs.
TEST(SynctestPanicDeathTest, WaitOutsideBubbleGoroutine) {
  EXPECT_EXIT(
      {
        auto done = make_chan<Empty>();
        go([done] {
          synctest::Wait();
          close(done);
        });
        synctest::Test([done] { (void)done.recv(); });
      },
      ExitedWithCode(2), "panic: synctest.Wait: goroutine is not in a bubble");
}

// Two goroutines of a bubble in Wait at once: whichever comes second panics.
TEST(SynctestPanicDeathTest, WaitAlreadyInProgress) {
  EXPECT_EXIT(synctest::Test([] {
                go([] { synctest::Wait(); });
                synctest::Wait();
              }),
              ExitedWithCode(2),
              "panic: synctest.Wait: wait already in progress");
}

// ---------------------------------------------------------------------------
// A bubble's channel used from outside it.
// Go: internal/synctest/synctest_test.go TestChannelMovedOutOfBubble

// Makes a channel in a bubble (capacity 2, one value in it) and runs f on
// it in a goroutine outside any bubble, after the bubble has ended.
void UseOutsideBubble(std::function<void(chan<Empty>)> f) {
  auto ch = make_chan<chan<Empty>>();
  auto done = make_chan<Empty>();
  go([ch, done, f] {
    f(ch.recv());
    close(done);
  });
  synctest::Test([ch] {
    auto c = make_chan<Empty>(2);
    c.send(Empty{});
    ch.send(c);
  });
  (void)done.recv();
}

// The same, with f run in another bubble.
void UseInOtherBubble(std::function<void(chan<Empty>)> f) {
  auto ch = make_chan<chan<Empty>>();
  auto done = make_chan<Empty>();
  go([ch, done, f] {
    chan<Empty> c = ch.recv();
    synctest::Test([c, f] { f(c); });
    close(done);
  });
  synctest::Test([ch] {
    auto c = make_chan<Empty>(2);
    c.send(Empty{});
    ch.send(c);
  });
  (void)done.recv();
}

void Receive(chan<Empty> c) { (void)c.recv(); }
void Send(chan<Empty> c) { c.send(Empty{}); }
void Close(chan<Empty> c) { close(c); }
// Selects of two cases: as in Go, where the compiler turns a select of one
// case (and a default) into the plain channel operation, whose panic is
// then the receive's.
void SelectWithDefault(chan<Empty> c) {
  auto outside = make_chan<Empty>();
  select(recv(c), recv(outside), default_case());
}
void SelectBlocking(chan<Empty> c) {
  auto outside = make_chan<Empty>();
  select(recv(c), recv(outside));
}
// One case and a default: Go's selectnbrecv, a receive.
void SelectOneCaseWithDefault(chan<Empty> c) {
  select(recv(c), default_case());
}

// Go: TestChannelMovedOutOfBubble/receive/outside_bubble
TEST(SynctestPanicDeathTest, ChannelMovedOutOfBubbleReceiveOutside) {
  EXPECT_EXIT(UseOutsideBubble(Receive), ExitedWithCode(2),
              "panic: receive on synctest channel from outside bubble");
}

// Go: TestChannelMovedOutOfBubble/receive/different_bubble
TEST(SynctestPanicDeathTest, ChannelMovedOutOfBubbleReceiveDifferentBubble) {
  EXPECT_EXIT(UseInOtherBubble(Receive), ExitedWithCode(2),
              "panic: receive on synctest channel from outside bubble");
}

// Go: TestChannelMovedOutOfBubble/send/outside_bubble
TEST(SynctestPanicDeathTest, ChannelMovedOutOfBubbleSendOutside) {
  EXPECT_EXIT(UseOutsideBubble(Send), ExitedWithCode(2),
              "panic: send on synctest channel from outside bubble");
}

// Go: TestChannelMovedOutOfBubble/send/different_bubble
TEST(SynctestPanicDeathTest, ChannelMovedOutOfBubbleSendDifferentBubble) {
  EXPECT_EXIT(UseInOtherBubble(Send), ExitedWithCode(2),
              "panic: send on synctest channel from outside bubble");
}

// Go: TestChannelMovedOutOfBubble/close/outside_bubble
TEST(SynctestPanicDeathTest, ChannelMovedOutOfBubbleCloseOutside) {
  EXPECT_EXIT(UseOutsideBubble(Close), ExitedWithCode(2),
              "panic: close of synctest channel from outside bubble");
}

// Go: TestChannelMovedOutOfBubble/close/different_bubble
TEST(SynctestPanicDeathTest, ChannelMovedOutOfBubbleCloseDifferentBubble) {
  EXPECT_EXIT(UseInOtherBubble(Close), ExitedWithCode(2),
              "panic: close of synctest channel from outside bubble");
}

// Go's runtime: selectgo's check (no test of its own in Go).
TEST(SynctestPanicDeathTest, SelectOutsideBubble) {
  EXPECT_EXIT(UseOutsideBubble(SelectWithDefault), ExitedWithCode(2),
              "panic: select on synctest channel from outside bubble");
  EXPECT_EXIT(UseOutsideBubble(SelectBlocking), ExitedWithCode(2),
              "panic: select on synctest channel from outside bubble");
}

TEST(SynctestPanicDeathTest, SelectOneCaseOutsideBubbleIsReceive) {
  EXPECT_EXIT(UseOutsideBubble(SelectOneCaseWithDefault), ExitedWithCode(2),
              "panic: receive on synctest channel from outside bubble");
}

TEST(SynctestPanicDeathTest, SelectInDifferentBubble) {
  EXPECT_EXIT(UseInOtherBubble(SelectWithDefault), ExitedWithCode(2),
              "panic: select on synctest channel from outside bubble");
}

// ---------------------------------------------------------------------------
// A bubble's timer used from outside it.
// Go: internal/synctest/synctest_test.go TestTimerFromInsideBubble

// Makes a 1 s timer in a bubble, lets it fire (so that its channel has a
// value), and runs f on it in a goroutine outside any bubble.
void TimerUsedOutside(std::function<void(time::Timer&)> f) {
  auto ch = make_chan<std::shared_ptr<time::Timer>>();
  auto done = make_chan<Empty>();
  go([ch, done, f] {
    std::shared_ptr<time::Timer> tm = ch.recv();
    f(*tm);
    close(done);
  });
  synctest::Test([ch] {
    auto tm = time::NewTimer(1 * Second);
    time::Sleep(2 * Second);
    ch.send(tm);
  });
  (void)done.recv();
}

// Go: TestTimerFromInsideBubble/read_channel
TEST(SynctestPanicDeathTest, TimerFromInsideBubbleReadChannel) {
  EXPECT_EXIT(TimerUsedOutside([](time::Timer& tm) { (void)tm.C.recv(); }),
              ExitedWithCode(2),
              "panic: receive on synctest channel from outside bubble");
}

// Go: TestTimerFromInsideBubble/Reset
TEST(SynctestPanicDeathTest, TimerFromInsideBubbleReset) {
  EXPECT_EXIT(
      TimerUsedOutside([](time::Timer& tm) { (void)tm.Reset(1 * Second); }),
      ExitedWithCode(2), "panic: reset of synctest timer from outside bubble");
}

// Go: TestTimerFromInsideBubble/Stop
TEST(SynctestPanicDeathTest, TimerFromInsideBubbleStop) {
  EXPECT_EXIT(TimerUsedOutside([](time::Timer& tm) { (void)tm.Stop(); }),
              ExitedWithCode(2),
              "panic: stop of synctest timer from outside bubble");
}

// ---------------------------------------------------------------------------
// A WaitGroup shared between a bubble and the outside, or two bubbles. Go
// raises these as fatal errors (`fatal error: ...`); the message is Go's.

constexpr char kWaitGroupInsideAndOutside[] =
    "(panic|fatal error): sync: WaitGroup.Add called from inside and outside "
    "synctest bubble";

// Go: internal/synctest/synctest_test.go TestWaitGroupMovedIntoBubble
TEST(SynctestPanicDeathTest, WaitGroupMovedIntoBubble) {
  EXPECT_EXIT(
      {
        sync::WaitGroup wg;
        wg.Add(1);
        synctest::Test([&wg] { wg.Add(1); });
      },
      ExitedWithCode(2), kWaitGroupInsideAndOutside);
}

// Go: internal/synctest/synctest_test.go TestWaitGroupMovedOutOfBubble
TEST(SynctestPanicDeathTest, WaitGroupMovedOutOfBubble) {
  EXPECT_EXIT(
      {
        sync::WaitGroup wg;
        synctest::Test([&wg] { wg.Add(1); });
        wg.Add(1);
      },
      ExitedWithCode(2), kWaitGroupInsideAndOutside);
}

// Go: internal/synctest/synctest_test.go
// TestWaitGroupMovedBetweenBubblesWithNonZeroCount
TEST(SynctestPanicDeathTest, WaitGroupMovedBetweenBubblesWithNonZeroCount) {
  EXPECT_EXIT(
      {
        sync::WaitGroup wg;
        synctest::Test([&wg] { wg.Add(1); });
        synctest::Test([&wg] { wg.Add(1); });
      },
      ExitedWithCode(2),
      "(panic|fatal error): sync: WaitGroup.Add called from multiple synctest "
      "bubbles");
}

// ---------------------------------------------------------------------------
// A bubble's deadlock, in a program without GoogleTest: a panic (status 2)
// with Go's text, then the bubble's goroutines in runtime::Stack's format.

// Go: internal/synctest/synctest_test.go TestDeadlockRoot
TEST(SynctestPanicTest, DeadlockRootPanics) {
  const HelperResult r = RunHelper("root");
  EXPECT_TRUE(ExitedWith(r.status, 2)) << r.status << "\n" << r.err;
  EXPECT_THAT(r.err, StartsWith("panic: deadlock: all goroutines in bubble are "
                                "blocked\n"));
  // The body, blocked in select() with no cases, in the dump.
  EXPECT_THAT(r.err, ContainsRegex("\ngoroutine [0-9]+ \\[select \\(no "
                                   "cases\\)[^]\n]*\\]:\n"));
  EXPECT_EQ(r.out, "started\n");  // what the program wrote before, flushed
}

// Go: internal/synctest/synctest_test.go TestDeadlockChild
TEST(SynctestPanicTest, DeadlockChildPanics) {
  const HelperResult r = RunHelper("child");
  EXPECT_TRUE(ExitedWith(r.status, 2)) << r.status << "\n" << r.err;
  EXPECT_THAT(r.err,
              StartsWith("panic: deadlock: main bubble goroutine has exited "
                         "but blocked goroutines remain\n"));
  EXPECT_THAT(r.err, ContainsRegex("\ngoroutine [0-9]+ \\[select \\(no "
                                   "cases\\)[^]\n]*\\]:\n"));
}

// A goroutine still sleeping when the body returns: time has stopped.
TEST(SynctestPanicTest, SleepAfterBodyReturnedPanics) {
  const HelperResult r = RunHelper("sleep-after-return");
  EXPECT_TRUE(ExitedWith(r.status, 2)) << r.status << "\n" << r.err;
  EXPECT_THAT(r.err,
              StartsWith("panic: deadlock: main bubble goroutine has exited "
                         "but blocked goroutines remain\n"));
  EXPECT_THAT(r.err, ContainsRegex("\ngoroutine [0-9]+ \\[sleep"));
  EXPECT_THAT(r.err, Not(HasSubstr("woke after the body returned")));
}

// Go: internal/synctest/synctest_test.go TestDeadlockTicker
TEST(SynctestPanicTest, DeadlockTickerPanics) {
  const HelperResult r = RunHelper("ticker");
  EXPECT_TRUE(ExitedWith(r.status, 2)) << r.status << "\n" << r.err;
  EXPECT_THAT(r.err,
              StartsWith("panic: deadlock: main bubble goroutine has exited "
                         "but blocked goroutines remain\n"));
  EXPECT_THAT(r.err, Not(HasSubstr("ticker unexpectedly ran")));
}

// Only the deadlocked bubble's goroutines are listed: not a goroutine
// outside it, blocked too.
TEST(SynctestPanicTest, DeadlockDumpsOnlyTheBubble) {
  const HelperResult r = RunHelper("root-with-outsider");
  EXPECT_TRUE(ExitedWith(r.status, 2)) << r.status << "\n" << r.err;
  EXPECT_THAT(r.err, StartsWith("panic: deadlock: all goroutines in bubble are "
                                "blocked\n"));
  EXPECT_THAT(r.err, HasSubstr("InBubbleBlocked"));
  EXPECT_THAT(r.err, Not(HasSubstr("OutsiderBlocked")));
}

}  // namespace
}  // namespace golang
