// Tests of deadlock detection (runtime/internal/deadlock.cc).
// Go: runtime/crash_test.go TestSimpleDeadlock (the deadlock report).
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include "chan/chan.h"
#include "chan/select.h"
#include "gtest/gtest.h"
#include "runtime/internal/sanitizers.h"
#include "runtime/runtime.h"
#include "time/time.h"

namespace golang {
namespace {

#ifndef GOLANG_INTERNAL_SANITIZER
// Deadlock detection needs every thread of the process to be known to the
// runtime; sanitizer runtimes add helper threads, so it is silent there (by
// design: it never reports when it cannot be sure).

// Go: runtime/crash_test.go TestSimpleDeadlock (main blocked on a channel
// nobody can send to).
TEST(DeadlockTest, SimpleDeadlock) {
  EXPECT_EXIT(
      {
        auto c = make_chan<int>();
        (void)c.recv();
      },
      testing::ExitedWithCode(2),
      "fatal error: all goroutines are asleep - deadlock!\n\n"
      "goroutine 1 \\[chan receive\\]:");
}

// Every goroutine blocked too, with the dump listing them.
TEST(DeadlockTest, AllGoroutinesBlocked) {
  EXPECT_EXIT(
      {
        auto c = make_chan<int>();
        auto d = make_chan<int>();
        go([c] { (void)c.recv(); });
        go([d] {
          d.send(1);
          (void)d.recv();
        });
        (void)d.recv();  // takes the 1, then everyone waits for nothing
        select();
      },
      testing::ExitedWithCode(2),
      "all goroutines are asleep - deadlock!(.|\n)*"
      "goroutine 1 \\[select \\(no cases\\)\\]:(.|\n)*\\[chan receive\\]");
}

// Go does not report a deadlock while a timer is pending, and neither do
// we: main waits on time::After while the only goroutine is blocked forever.
TEST(DeadlockTest, NoReportWhileTimerPending) {
  EXPECT_EXIT(
      {
        auto never = make_chan<int>();
        go([never] { (void)never.recv(); });
        while (runtime::NumGoroutine() < 2) {
        }
        (void)time::After(200 * time::Millisecond).recv();
        std::fputs("timer fired\n", stderr);
        std::exit(0);
      },
      testing::ExitedWithCode(0), "timer fired");
}

// A thread the runtime does not know about could still act: no report.
TEST(DeadlockTest, SilentWhileAnUnknownThreadRuns) {
  auto c = make_chan<int>();
  std::atomic<bool> go_ahead{false};
  std::thread outsider([&] {
    while (!go_ahead.load())
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    c.send(42);  // only now does it become known
  });
  go_ahead.store(true);
  EXPECT_EQ(c.recv(), 42);
  outsider.join();
}
#endif  // GOLANG_INTERNAL_SANITIZER

}  // namespace
}  // namespace golang
