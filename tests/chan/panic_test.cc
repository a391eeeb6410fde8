// Death tests for every channel panic, with Go's exact messages
// (CH-4, CH-13, CH-14, CH-29, CH-30, CH-32, CH-37, SEL-11,
// SEL-12, SEL-13; subtle cases 3, 4 and 9).
#include <sys/wait.h>

#include <cstdint>
#include <cstdlib>

#include "chan/chan.h"
#include "chan/select.h"
#include "gtest/gtest.h"
#include "runtime/runtime.h"
#include "tests/test_util.h"

namespace golang {
namespace {

using testutil::SleepMs;

// CH-13: a send on a closed unbuffered channel.
TEST(ChanPanicDeathTest, SendOnClosed) {
  EXPECT_DEATH(
      {
        auto c = make_chan<int>();
        close(c);
        c.send(1);
      },
      "panic: send on closed channel");
}

// CH-14: a send on a closed buffered channel panics even with room.
TEST(ChanPanicDeathTest, SendOnClosedBufferedWithRoom) {
  EXPECT_DEATH(
      {
        auto c = make_chan<int>(2);
        c.send(1);
        close(c);
        c.send(2);
      },
      "panic: send on closed channel");
}

// CH-13 through a send-only view.
TEST(ChanPanicDeathTest, SendOnClosedSendChan) {
  EXPECT_DEATH(
      {
        auto c = make_chan<int>(1);
        send_chan<int> s = c;
        close(s);
        s.send(1);
      },
      "panic: send on closed channel");
}

// CH-37, SEL-11: a non-blocking send on a closed channel panics; it does
// not take default.
TEST(ChanPanicDeathTest, SelectSendOnClosedWithDefault) {
  EXPECT_DEATH(
      {
        auto c = make_chan<int>(1);
        close(c);
        select(send(c, 1), default_case());
      },
      "panic: send on closed channel");
}

// SEL-11: the same with several cases and a default (closedchan.go SSChan).
TEST(ChanPanicDeathTest, LargerSelectSendOnClosedWithDefault) {
  EXPECT_DEATH(
      {
        auto c = make_chan<int>(1);
        auto dummy = make_chan<bool>();
        close(c);
        select(recv(dummy), default_case(), send(c, 1));
      },
      "panic: send on closed channel");
}

// SEL-11: a blocking select whose only case is a closed send.
TEST(ChanPanicDeathTest, SelectSendOnClosed) {
  EXPECT_DEATH(
      {
        auto c = make_chan<int>();
        close(c);
        select(send(c, 7));
      },
      "panic: send on closed channel");
}

// SEL-13: a select blocked in a send case panics when the channel is closed.
TEST(ChanPanicDeathTest, SelectBlockedSendThenClosed) {
  EXPECT_DEATH(
      {
        auto c = make_chan<int>();
        auto other = make_chan<int>();
        go([c] {
          SleepMs(20);  // let main block in the select first
          close(c);
        });
        select(recv(other), send(c, 7));
      },
      "panic: send on closed channel");
}

// CH-32: a goroutine blocked in a plain send panics when the channel is
// closed, in its own goroutine (the message names it).
TEST(ChanPanicDeathTest, BlockedSenderPanicsOnClose) {
  EXPECT_DEATH(
      {
        auto c = make_chan<int>();
        go([c] { c.send(1); });
        SleepMs(20);  // let the sender block
        close(c);
        select();  // main waits for the crash
      },
      "panic: send on closed channel\n\ngoroutine [0-9]+ \\[running\\]:");
}

// CH-32 for a buffered channel whose sender waits for room.
TEST(ChanPanicDeathTest, BlockedBufferedSenderPanicsOnClose) {
  EXPECT_DEATH(
      {
        auto c = make_chan<int>(1);
        c.send(0);
        go([c] { c.send(1); });
        SleepMs(20);
        close(c);
        select();
      },
      "panic: send on closed channel");
}

// SEL-12 (subtle case 3): with a closed send case and another ready case,
// the choice is random: across runs, some panic and some take the other
// case. Each run is a child process; P(all 24 alike) = 2^-23.
TEST(ChanPanicDeathTest, ClosedSendRacesReadyCase) {
  int panicked = 0, took_other = 0;
  for (int run = 0; run < 24; run++) {
    EXPECT_EXIT(
        {
          auto closed = make_chan<int>(1);
          close(closed);
          auto ready = make_chan<int>(1);
          ready.send(1);
          select(send(closed, 1), recv(ready));
          std::exit(0);
        },
        [&](int status) {
          // A panic exits with status 2 (Go's).
          if (WIFEXITED(status) && WEXITSTATUS(status) == 2) panicked++;
          if (WIFEXITED(status) && WEXITSTATUS(status) == 0) took_other++;
          return true;
        },
        "");
  }
  EXPECT_GT(panicked, 0);
  EXPECT_GT(took_other, 0);
  EXPECT_EQ(panicked + took_other, 24);
}

// CH-30.
TEST(ChanPanicDeathTest, CloseOfClosed) {
  EXPECT_DEATH(
      {
        auto c = make_chan<int>();
        close(c);
        close(c);
      },
      "panic: close of closed channel");
}

// CH-29, for chan and send_chan.
TEST(ChanPanicDeathTest, CloseOfNil) {
  EXPECT_DEATH(
      {
        chan<int> c;
        close(c);
      },
      "panic: close of nil channel");
  EXPECT_DEATH(
      {
        send_chan<int> c;
        close(c);
      },
      "panic: close of nil channel");
}

// CH-4: a negative or too large size (test/chancap.go).
TEST(ChanPanicDeathTest, MakechanSizeOutOfRange) {
  EXPECT_DEATH((void)make_chan<int>(-1), "panic: makechan: size out of range");
  EXPECT_DEATH((void)make_chan<int>(int64_t{1} << 59),
               "panic: makechan: size out of range");
  EXPECT_DEATH((void)make_chan<int64_t>(INT64_MAX),
               "panic: makechan: size out of range");
  EXPECT_DEATH((void)make_chan<Empty>(-1),
               "panic: makechan: size out of range");
}

}  // namespace
}  // namespace golang
