// Go's tests of synctest, ported test by test: src/internal/synctest/
// synctest_test.go (SynctestTest), the bubble-and-testing tests of
// src/testing/synctest/synctest_test.go (SynctestTestingTest) and the
// package examples of src/testing/synctest/example_test.go
// (SynctestExampleTest). Go's synctest.Run is synctest::Test here.
//
// Elsewhere:
//   - the panics (TestChannelMovedOutOfBubble, TestTimerFromInsideBubble,
//     TestWaitGroupMovedIntoBubble, TestWaitGroupMovedOutOfBubble,
//     TestWaitGroupMovedBetweenBubblesWithNonZeroCount) are death tests in
//     panic_test.cc, on the same texts;
//   - TestDeadlockRoot, TestDeadlockChild and TestDeadlockTicker are here:
//     in a test binary (it links golang::goleak) a bubble's deadlock is the
//     current test's failure, which they capture; panic_test.cc checks the
//     panic of a program without GoogleTest.
//
// Not ported:
//   - TestCond: there is no sync::Cond (sync/ has Mutex, RWMutex,
//     WaitGroup, Once).
//   - TestIteratorPull: iter.Pull's coroutines have no equivalent.
//   - TestReflectFuncOf: reflect has no equivalent.
//   - TestWeak: the Go garbage collector and weak pointers (go.dev/issue/73817).
//   - testing/synctest TestSkip, TestVerboseSkip, TestVerboseError,
//     TestHelper, TestCleanup, TestContext, TestDeadline, TestParallel,
//     TestRun: they test *testing.T inside a bubble (t.Skip, t.Cleanup,
//     t.Context, t.Deadline, t.Parallel, t.Run, -test.v output); f takes
//     no *testing.T here.
//   - example_test.go TestHTTPTransport100Continue: no net/http.
#include "synctest/synctest.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "chan/chan.h"
#include "chan/select.h"
#include "context/context.h"
#include "gmock/gmock.h"
#include "gtest/gtest-spi.h"
#include "gtest/gtest.h"
#include "runtime/runtime.h"
#include "sync/waitgroup.h"
#include "tests/synctest/synctest_util.h"
#include "time/time.h"

namespace golang {
namespace {

using synctest_test::BubbleEpoch;
using synctest_test::CaptureFailures;
using synctest_test::Joined;
using testing::HasSubstr;
using testing::Not;
using time::Millisecond;
using time::Nanosecond;
using time::Second;

// Go: internal/synctest/synctest_test.go TestNow
TEST(SynctestTest, Now) {
  const time::Time start = BubbleEpoch();
  synctest::Test([start] {
    // The clock starts at 2000-01-01 00:00:00 UTC...
    EXPECT_EQ(time::Now(), start) << "at start";
    // ...for the goroutines the body starts too...
    go([start] { EXPECT_EQ(time::Now(), start) << "in a new goroutine"; });
    // ...and moves when the bubble sleeps.
    time::Sleep(1 * Second);
    EXPECT_EQ(time::Now(), start + 1 * Second) << "after sleep";
  });
}

// Go: internal/synctest/synctest_test.go TestMonotonicClock
// Times from outside the bubble compare with times inside it.
TEST(SynctestTest, MonotonicClock) {
  const time::Time start = time::Now();  // the real clock
  synctest::Test([start] {
    time::Sleep(start - time::Now());  // some 26 years, virtual
    ASSERT_EQ(time::Now(), start);
    const time::Duration wait = 1 * Second;
    time::Sleep(wait);
    EXPECT_EQ(time::Since(start), wait);
    EXPECT_EQ(time::Now() - start, wait);
  });
}

// Go: internal/synctest/synctest_test.go TestRunEmpty
TEST(SynctestTest, RunEmpty) {
  synctest::Test([] {});
}

// Go: internal/synctest/synctest_test.go TestSimpleWait
TEST(SynctestTest, SimpleWait) {
  synctest::Test([] { synctest::Wait(); });
}

// Go: internal/synctest/synctest_test.go TestGoroutineWait
TEST(SynctestTest, GoroutineWait) {
  synctest::Test([] {
    go([] {});
    synctest::Wait();
  });
}

// Go: internal/synctest/synctest_test.go TestWait
// A chain of 100 goroutines, each starting the next and handing it a count:
// Wait returns only once the last one has run.
TEST(SynctestTest, Wait) {
  synctest::Test([] {
    bool done = false;  // plain: Wait orders the last goroutine's write
    auto ch = make_chan<int>();
    std::function<void()> f;
    f = [&] {
      const int count = ch.recv();
      if (count == 0) {
        done = true;
      } else {
        go(f);
        ch.send(count - 1);
      }
    };
    go(f);
    ch.send(100);
    synctest::Wait();
    EXPECT_TRUE(done);
  });
}

// Go: internal/synctest/synctest_test.go TestMallocs
// TestWait's chain with a payload, in 100 bubbles one after the other.
TEST(SynctestTest, Mallocs) {
  for (int i = 0; i < 100; i++) {
    synctest::Test([] {
      bool done = false;
      auto ch = make_chan<std::vector<char>>();
      std::function<void()> f;
      f = [&] {
        std::vector<char> b = ch.recv();
        if (b.empty()) {
          done = true;
        } else {
          go(f);
          ch.send(std::vector<char>(b.size() - 1));
        }
      };
      go(f);
      ch.send(std::vector<char>(100));
      synctest::Wait();
      EXPECT_TRUE(done);
    });
  }
}

// Go: internal/synctest/synctest_test.go TestTimerReadBeforeDeadline
TEST(SynctestTest, TimerReadBeforeDeadline) {
  synctest::Test([] {
    const time::Time start = time::Now();
    auto tm = time::NewTimer(5 * Second);
    (void)tm->C.recv();
    EXPECT_EQ(time::Since(start), 5 * Second);
  });
}

// Go: internal/synctest/synctest_test.go TestTimerReadAfterDeadline
// The value is the time the timer was due, not when it was read.
TEST(SynctestTest, TimerReadAfterDeadline) {
  synctest::Test([] {
    const time::Duration delay = 1 * Second;
    const time::Time want = time::Now() + delay;
    auto tm = time::NewTimer(delay);
    time::Sleep(2 * delay);
    EXPECT_EQ(tm->C.recv(), want);
  });
}

// Go: internal/synctest/synctest_test.go TestTimerReset
TEST(SynctestTest, TimerReset) {
  synctest::Test([] {
    const time::Time start = time::Now();
    auto tm = time::NewTimer(1 * Second);
    EXPECT_EQ(tm->C.recv(), start + 1 * Second) << "first sleep";

    tm->Reset(2 * Second);
    EXPECT_EQ(tm->C.recv(), start + (1 + 2) * Second) << "second sleep";

    tm->Reset(3 * Second);
    time::Sleep(1 * Second);
    tm->Reset(3 * Second);
    EXPECT_EQ(tm->C.recv(), start + (1 + 2 + 4) * Second) << "third sleep";
  });
}

// Go: internal/synctest/synctest_test.go TestTimeAfter
// The goroutine an AfterFunc starts, and the goroutines it starts, are in
// the bubble: the body's Sleep and Wait wait for them.
TEST(SynctestTest, TimeAfter) {
  synctest::Test([] {
    int i = 0;
    time::AfterFunc(1 * Second, [&i] {
      i++;  // 1
      go([&i] {
        time::Sleep(1 * Second);
        i++;  // 2
      });
    });
    time::Sleep(3 * Second);
    synctest::Wait();
    EXPECT_EQ(i, 2) << "after sleep and wait";
  });
}

// Go: internal/synctest/synctest_test.go TestTimerAfterBubbleExit
// A timer still pending when the body returns never fires.
TEST(SynctestTest, TimerAfterBubbleExit) {
  // Shared: should the timer ever run, it must not find `run` gone.
  auto run = std::make_shared<std::atomic<bool>>(false);
  synctest::Test(
      [run] { time::AfterFunc(1 * Second, [run] { *run = true; }); });
  EXPECT_FALSE(*run) << "timer ran before bubble exit";
}

// Go: internal/synctest/synctest_test.go TestTimerFromOutsideBubble
// A timer made outside runs on the real clock; waiting for it in the
// bubble is not durable blocking, and Test waits for it.
TEST(SynctestTest, TimerFromOutsideBubble) {
  auto tm = time::NewTimer(10 * Millisecond);
  synctest::Test([tm] { (void)tm->C.recv(); });
  EXPECT_FALSE(tm->Stop()) << "Test returned before the timer fired";
}

// Go: internal/synctest/synctest_test.go TestTimerNondeterminism
// Timers due at the same instant do not always fire in the same order.
TEST(SynctestTest, TimerNondeterminism) {
  synctest::Test([] {
    constexpr int kIterations = 1000;
    bool seen1 = false;
    bool seen2 = false;
    for (int i = 0; i < kIterations; i++) {
      auto tm1 = time::NewTimer(1 * Nanosecond);
      auto tm2 = time::NewTimer(1 * Nanosecond);
      select(recv(tm1->C, [&] { seen1 = true; }),
             recv(tm2->C, [&] { seen2 = true; }));
      if (seen1 && seen2) return;
      synctest::Wait();
    }
    ADD_FAILURE() << "after " << kIterations
                  << " iterations, seen timer1:" << seen1
                  << ", timer2:" << seen2 << "; want both";
  });
}

// Go: internal/synctest/synctest_test.go TestSleepNondeterminism
// Goroutines sleeping to the same instant do not always wake in the same
// order.
TEST(SynctestTest, SleepNondeterminism) {
  synctest::Test([] {
    constexpr int kIterations = 1000;
    bool seen1 = false;
    bool seen2 = false;
    for (int i = 0; i < kIterations; i++) {
      std::atomic<int32_t> first{0};
      go([&first] {
        time::Sleep(1 * Nanosecond);
        int32_t zero = 0;
        first.compare_exchange_strong(zero, 1);
      });
      go([&first] {
        time::Sleep(1 * Nanosecond);
        int32_t zero = 0;
        first.compare_exchange_strong(zero, 2);
      });
      time::Sleep(1 * Nanosecond);
      synctest::Wait();
      switch (const int32_t v = first.load()) {
        case 1: seen1 = true; break;
        case 2: seen2 = true; break;
        default: FAIL() << "first = " << v << ", want 1 or 2";
      }
      if (seen1 && seen2) return;
      synctest::Wait();
    }
    ADD_FAILURE() << "after " << kIterations
                  << " iterations, seen goroutine 1:" << seen1
                  << ", 2:" << seen2 << "; want both";
  });
}

// Go: internal/synctest/synctest_test.go TestTimerRunsImmediately
// A 0-duration timer's channel is ready at once, without the bubble
// blocking.
TEST(SynctestTest, TimerRunsImmediately) {
  synctest::Test(
      [] {
        const time::Time start = time::Now();
        auto tm = time::NewTimer(0 * Second);
        const int chosen =
            select(recv(tm->C, [&](time::Time got) { EXPECT_EQ(got, start); }),
                   default_case());
        EXPECT_EQ(chosen, 0)
            << "0-duration timer channel is not readable; want it to be";
      });
}

// Go: internal/synctest/synctest_test.go TestTimerRanInPast
// A timer that fired in the past delivers the time it was due.
TEST(SynctestTest, TimerRanInPast) {
  synctest::Test([] {
    const time::Duration delay = 1 * Second;
    const time::Time want = time::Now() + delay;
    auto tm = time::NewTimer(delay);
    time::Sleep(2 * delay);
    const int chosen =
        select(recv(tm->C, [&](time::Time got) { EXPECT_EQ(got, want); }),
               default_case());
    EXPECT_EQ(chosen, 0) << "fired timer channel is not readable";
  });
}

// Go: internal/synctest/synctest_test.go TestAfterFuncRunsImmediately
// A 0-duration AfterFunc runs without the bubble blocking (the body only
// yields). Go's loop has no bound; this one gives up after kRealTimeLimit
// of real time, so that the failure is a failure and not a hang (and `b` is
// shared, for a function that runs after the body gave up).
TEST(SynctestTest, AfterFuncRunsImmediately) {
  synctest::Test([] {
    auto b = std::make_shared<std::atomic<bool>>(false);
    time::AfterFunc(0 * Second, [b] { *b = true; });
    const auto deadline =
        std::chrono::steady_clock::now() + synctest_test::kRealTimeLimit;
    while (!*b) {
      if (std::chrono::steady_clock::now() > deadline) {
        FAIL() << "the 0-duration AfterFunc did not run while the body "
                  "yielded";
      }
      runtime::Gosched();
    }
  });
}

// Go: internal/synctest/synctest_test.go TestChannelFromOutsideBubble
// Channels made outside may be used inside; blocking on them is not
// durable, so Test waits for the outside goroutine (a real 1 ms timer's)
// to release the body.
TEST(SynctestTest, ChannelFromOutsideBubble) {
  auto choutside = make_chan<Empty>();
  struct Case {
    std::string desc;
    std::function<void(chan<int>)> outside;
    std::function<void(chan<int>)> inside;
  };
  const std::vector<Case> cases = {
      {"read closed", [](chan<int> ch) { close(ch); },
       [](chan<int> ch) { (void)ch.recv(); }},
      {"read value", [](chan<int> ch) { ch.send(0); },
       [](chan<int> ch) { (void)ch.recv(); }},
      {"write value", [](chan<int> ch) { (void)ch.recv(); },
       [](chan<int> ch) { ch.send(0); }},
      {"select outside only", [](chan<int> ch) { close(ch); },
       [choutside](chan<int> ch) { select(recv(ch), recv(choutside)); }},
      {"select mixed", [](chan<int> ch) { close(ch); },
       [](chan<int> ch) {
         auto ch2 = make_chan<Empty>();
         select(recv(ch), recv(ch2));
       }},
  };
  for (const Case& test : cases) {
    SCOPED_TRACE(test.desc);
    auto ch = make_chan<int>();
    auto released = make_chan<Empty>();
    time::AfterFunc(1 * Millisecond, [&test, ch, released] {
      test.outside(ch);
      close(released);
    });
    synctest::Test([&test, ch] { test.inside(ch); });
    // The outside function's goroutine has done its part; let it end
    // before `test` goes.
    (void)released.recv();
  }
}

// Go: internal/synctest/synctest_test.go TestDeadlockRoot
// In a test binary the deadlock is the current test's failure (the header:
// "In a GoogleTest test of a binary that links golang::goleak").
TEST(SynctestTest, DeadlockRoot) {
  const std::vector<std::string> failures =
      CaptureFailures([] { synctest::Test([] { select(); }); });
  EXPECT_THAT(Joined(failures),
              HasSubstr("deadlock: all goroutines in bubble are blocked"));
}

// Go: internal/synctest/synctest_test.go TestDeadlockChild
TEST(SynctestTest, DeadlockChild) {
  const std::vector<std::string> failures =
      CaptureFailures([] { synctest::Test([] { go([] { select(); }); }); });
  EXPECT_THAT(Joined(failures),
              HasSubstr("deadlock: main bubble goroutine has exited but "
                        "blocked goroutines remain"));
}

// Go: internal/synctest/synctest_test.go TestDeadlockTicker
// Time stops once the body has returned: the ticker never ticks.
TEST(SynctestTest, DeadlockTicker) {
  const std::vector<std::string> failures = CaptureFailures([] {
    synctest::Test([] {
      go([] {
        for (time::Time t : time::Tick(1 * Second)) {
          (void)t;
          ADD_FAILURE() << "ticker unexpectedly ran";
          return;
        }
      });
    });
  });
  const std::string report = Joined(failures);
  EXPECT_THAT(report, HasSubstr("deadlock: main bubble goroutine has exited "
                                "but blocked goroutines remain"));
  EXPECT_THAT(report, Not(HasSubstr("ticker unexpectedly ran")));
}

// Go: internal/synctest/synctest_test.go TestIteratorPush
// A push iterator (a function calling yield) that sleeps between values.
TEST(SynctestTest, IteratorPush) {
  synctest::Test([] {
    auto seq = [](absl::FunctionRef<bool(time::Time)> yield) {
      while (yield(time::Now())) time::Sleep(1 * Second);
    };
    std::vector<time::Time> got;
    go([&] {
      seq([&](time::Time now) {
        got.push_back(now);
        return got.size() < 3;  // Go: break once len(got) >= 3
      });
    });
    const std::vector<time::Time> want = {time::Now(), time::Now() + 1 * Second,
                                          time::Now() + 2 * Second};
    time::Sleep(5 * Second);
    synctest::Wait();
    EXPECT_EQ(got, want);
  });
}

// Go: internal/synctest/synctest_test.go TestWaitGroupInBubble
TEST(SynctestTest, WaitGroupInBubble) {
  synctest::Test([] {
    sync::WaitGroup wg;
    wg.Add(1);
    const time::Duration delay = 1 * Second;
    go([&wg, delay] {
      time::Sleep(delay);
      wg.Done();
    });
    const time::Time start = time::Now();
    wg.Wait();
    EXPECT_EQ(time::Since(start), delay) << "WaitGroup.Wait() took";
  });
}

// Go: internal/synctest/synctest_test.go TestWaitGroupOutOfBubble
// Add was first called outside, so the bubble's Wait on it is not durable:
// Test waits for the outside Done.
TEST(SynctestTest, WaitGroupOutOfBubble) {
  sync::WaitGroup wg;
  wg.Add(1);
  auto donec = make_chan<Empty>();
  auto returned = make_chan<Empty>();
  go([&wg, donec, returned] {
    synctest::Test([&wg, donec] {
      wg.Wait();
      close(donec);
    });
    close(returned);
  });
  bool early = false;
  select(recv(donec, [&] { early = true; }),
         recv(time::After(1 * Millisecond)));
  EXPECT_FALSE(early) << "Test finished before WaitGroup.Done called";
  wg.Done();
  (void)donec.recv();
  (void)returned.recv();  // not in Go: the goroutine ends before wg goes
}

// Go: internal/synctest/synctest_test.go
// TestWaitGroupMovedBetweenBubblesWithZeroCount
TEST(SynctestTest, WaitGroupMovedBetweenBubblesWithZeroCount) {
  sync::WaitGroup wg;
  synctest::Test([&wg] {
    wg.Add(1);
    wg.Done();
  });
  synctest::Test([&wg] {
    // Reusing the WaitGroup is safe: its count is zero.
    wg.Add(1);
    wg.Done();
  });
}

// Go: internal/synctest/synctest_test.go
// TestWaitGroupMovedBetweenBubblesAfterWait
TEST(SynctestTest, WaitGroupMovedBetweenBubblesAfterWait) {
  sync::WaitGroup wg;
  synctest::Test([&wg] {
    wg.Go([] {});
    wg.Wait();
  });
  synctest::Test([&wg] {
    wg.Go([] {});
    wg.Wait();
  });
}

// A WaitGroup with static storage (Go's linker-allocated one).
sync::WaitGroup static_wg;

// Go: internal/synctest/synctest_test.go TestWaitGroupLinkerAllocated
TEST(SynctestTest, WaitGroupLinkerAllocated) {
  synctest::Test([] {
    static_wg.Go([] {});
    static_wg.Wait();
  });
}

// A WaitGroup on the heap that lives as long as the program (Go's
// package-scoped `new(sync.WaitGroup)`).
sync::WaitGroup* const heap_wg = new sync::WaitGroup;

// Go: internal/synctest/synctest_test.go TestWaitGroupHeapAllocated
// Its first Add is in the bubble: the goroutine in its Wait is durably
// blocked, so synctest::Wait returns.
TEST(SynctestTest, WaitGroupHeapAllocated) {
  synctest::Test([] {
    heap_wg->Add(1);
    go([] { heap_wg->Wait(); });
    synctest::Wait();
    heap_wg->Done();
  });
}

// Go: internal/synctest/synctest_test.go TestHappensBefore
// Plain ints, written by the bubble's goroutines and read after Wait and
// after Test: the header's memory ordering makes these reads race-free
// (ThreadSanitizer checks it).
TEST(SynctestTest, HappensBefore) {
  int v1 = 0;
  int v2 = 0;
  synctest::Test([&] {
    v1++;  // 1
    v2++;  // 1

    // Wait returns after these goroutines exit.
    go([&] { v1++; });  // 2
    go([&] { v2++; });  // 2
    synctest::Wait();

    v1++;  // 3
    v2++;  // 3

    // Wait returns after these goroutines block.
    auto ch1 = make_chan<Empty>();
    go([&v1, ch1] {
      v1++;  // 4
      (void)ch1.recv();
    });
    go([&v2, ch1] {
      v2++;  // 4
      (void)ch1.recv();
    });
    synctest::Wait();

    v1++;  // 5
    v2++;  // 5
    close(ch1);

    // Wait returns after these timers run.
    time::AfterFunc(0 * Second, [&v1] { v1++; });  // 6
    time::AfterFunc(0 * Second, [&v2] { v2++; });  // 6
    synctest::Wait();

    v1++;  // 7
    v2++;  // 7

    // Wait returns after these timer goroutines block.
    auto ch2 = make_chan<Empty>();
    time::AfterFunc(0 * Second, [&v1, ch2] {
      v1++;  // 8
      (void)ch2.recv();
    });
    time::AfterFunc(0 * Second, [&v2, ch2] {
      v2++;  // 8
      (void)ch2.recv();
    });
    synctest::Wait();

    v1++;  // 9
    v2++;  // 9
    close(ch2);
  });
  // This Test happens after the previous Test returns.
  synctest::Test([&] {
    go([&] { go([&] { v1++; }); });  // 10
    go([&] { go([&] { v2++; }); });  // 10
  });
  // These checks happen after Test returns.
  EXPECT_EQ(v1, 10);
  EXPECT_EQ(v2, 10);
}

// Go: testing/synctest/synctest_test.go TestSuccess
TEST(SynctestTestingTest, Success) {
  synctest::Test([] {});
}

// Go: testing/synctest/synctest_test.go TestFatal
// A fatal failure in the body ends the body and fails the test.
TEST(SynctestTestingTest, Fatal) {
  EXPECT_FATAL_FAILURE_ON_ALL_THREADS(synctest::Test([] { FAIL() << "fatal"; }),
                                      "fatal");
}

// Go: testing/synctest/synctest_test.go TestError
TEST(SynctestTestingTest, Error) {
  EXPECT_NONFATAL_FAILURE_ON_ALL_THREADS(
      synctest::Test([] { ADD_FAILURE() << "error"; }), "error");
}

// Go: testing/synctest/synctest_test.go TestNow
TEST(SynctestTestingTest, Now) {
  synctest::Test([] { EXPECT_EQ(time::Now(), BubbleEpoch()); });
}

// Go: testing/synctest/example_test.go TestTime
TEST(SynctestExampleTest, Time) {
  synctest::Test([] {
    const time::Time start = time::Now();  // always 2000-01-01 00:00 UTC
    go([start] {
      time::Sleep(1 * Nanosecond);
      EXPECT_EQ(time::Since(start), 1 * Nanosecond);
    });
    // The goroutine runs before this Sleep returns.
    time::Sleep(2 * Nanosecond);
    EXPECT_EQ(time::Since(start), 2 * Nanosecond);
  });
}

// Go: testing/synctest/example_test.go TestWait
TEST(SynctestExampleTest, Wait) {
  synctest::Test([] {
    bool done = false;
    go([&done] { done = true; });
    // Wait blocks until the goroutine above has finished.
    synctest::Wait();
    EXPECT_TRUE(done);
  });
}

// Go: testing/synctest/example_test.go TestContextAfterFunc
TEST(SynctestExampleTest, ContextAfterFunc) {
  synctest::Test([] {
    auto [ctx, cancel] = context::WithCancel(context::Background());
    bool after_func_called = false;
    auto stop = context::AfterFunc(
        ctx, [&after_func_called] { after_func_called = true; });
    (void)stop;

    // Not cancelled yet: the function has not run.
    synctest::Wait();
    EXPECT_FALSE(after_func_called) << "before context is canceled";

    // Cancel, and wait for the function to have run.
    cancel();
    synctest::Wait();
    EXPECT_TRUE(after_func_called) << "after context is canceled";
  });
}

// Go: testing/synctest/example_test.go TestContextWithTimeout
TEST(SynctestExampleTest, ContextWithTimeout) {
  synctest::Test([] {
    const time::Duration timeout = 5 * Second;
    auto [ctx, cancel] = context::WithTimeout(context::Background(), timeout);

    // Just before the deadline.
    time::Sleep(timeout - Nanosecond);
    synctest::Wait();
    EXPECT_TRUE(ctx.Err().ok()) << "before timeout: " << ctx.Err();

    // At the deadline.
    time::Sleep(Nanosecond);
    synctest::Wait();
    EXPECT_EQ(ctx.Err(), context::DeadlineExceeded) << "after timeout";
    cancel();
  });
}

}  // namespace
}  // namespace golang
