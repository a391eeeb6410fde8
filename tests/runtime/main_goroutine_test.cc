// main as goroutine 1 (runtime/main.cc, target golang::main). This binary
// links golang::main, so its main(), and with it every test body here, runs
// as goroutine 1: it parks like a goroutine, shows in dumps as goroutine 1,
// counts in NumGoroutine, and the deadlock detector sees it. The no-stall
// rules: a goroutine that blocks outside the library (read() on a pipe, a
// std::mutex) never keeps main from receiving, with GOMAXPROCS 1 and 2.
#include <unistd.h>

#include <chrono>
#include <mutex>
#include <string>
#include <thread>

#include "chan/chan.h"
#include "chan/select.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "runtime/internal/sanitizers.h"
#include "runtime/internal/sched.h"
#include "runtime/runtime.h"
#include "sync/waitgroup.h"
#include "tests/runtime/sched_util.h"
#include "tests/test_util.h"
#include "time/time.h"

namespace golang {
namespace {

using testing::HasSubstr;
using testutil::WithProcs;

TEST(MainGoroutineTest, MainRunsAsGoroutineOne) {
  EXPECT_NE(internal::CurrentG(), nullptr) << "main is not a goroutine";
  // main alone, once an earlier test's goroutines are through their exit
  // (a goroutine counts until it has returned, after its last Done).
  EXPECT_TRUE(testutil::Eventually([] { return runtime::NumGoroutine() == 1; }))
      << runtime::NumGoroutine();
  EXPECT_THAT(runtime::Stack(false), HasSubstr("goroutine 1 [running]:"));
}

// Another goroutine's dump shows main parked in its receive, with this
// test's frame on its stack.
[[gnu::noinline]] void MainWaitsHere(chan<std::string> dump) {
  go([dump] {
    // Until main has parked: its state reads "chan receive".
    std::string s;
    do {
      s = runtime::Stack(true);
    } while (s.find("goroutine 1 [chan receive]:") == std::string::npos);
    dump.send(s);
  });
  std::string s = dump.recv();
  EXPECT_THAT(s, HasSubstr("goroutine 1 [chan receive]:"));
  EXPECT_THAT(s, HasSubstr("MainWaitsHere"));
}

TEST(MainGoroutineTest, DumpShowsMainParked) {
  MainWaitsHere(make_chan<std::string>());
}

TEST(MainGoroutineTest, NumGoroutineCountsMainOnce) {
  auto gate = make_chan<Empty>();
  sync::WaitGroup wg;
  for (int i = 0; i < 3; ++i) {
    wg.Go([gate] { gate.recv(); });
  }
  EXPECT_TRUE(testutil::Eventually([] { return runtime::NumGoroutine() == 4; }))
      << runtime::NumGoroutine();
  close(gate);
  wg.Wait();
}

// Unbuffered ping-pong between main and a goroutine with one P: main parks
// and the partner runs on the same thread (the speed issue's first shape).
TEST(MainGoroutineTest, PingPongWithMainOnOneP) {
  WithProcs one(1);
  constexpr int kN = 10000;
  auto ping = make_chan<int>();
  auto pong = make_chan<int>();
  go([ping, pong] {
    for (int i = 0; i < kN; ++i) pong.send(ping.recv() + 1);
  });
  int v = 0;
  for (int i = 0; i < kN; ++i) {
    ping.send(v);
    v = pong.recv();
  }
  EXPECT_EQ(v, kN);
}

class MainNoStallTest : public testing::TestWithParam<int> {};

INSTANTIATE_TEST_SUITE_P(Procs, MainNoStallTest, testing::Values(1, 2),
                         testutil::ProcsName);

// A goroutine blocked in read() on a pipe holds its thread; main still
// receives a timer's value and a value another goroutine sends.
TEST_P(MainNoStallTest, ReaderBlockedOnPipeDoesNotStopMain) {
  WithProcs procs(GetParam());
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  auto reading = make_chan<Empty>();
  sync::WaitGroup wg;
  wg.Go([fds, reading] {
    close(reading);
    char c = 0;
    EXPECT_EQ(read(fds[0], &c, 1), 1);
  });
  reading.recv();
  time::After(time::Millisecond).recv();
  auto values = make_chan<int>();
  go([values] { values.send(42); });
  EXPECT_EQ(values.recv(), 42);
  ASSERT_EQ(write(fds[1], "x", 1), 1);
  wg.Wait();
  ::close(fds[0]);
  ::close(fds[1]);
}

// Same for a goroutine waiting on a std::mutex that main holds until it
// has received.
TEST_P(MainNoStallTest, GoroutineBlockedOnStdMutexDoesNotStopMain) {
  WithProcs procs(GetParam());
  std::mutex mu;
  std::unique_lock<std::mutex> held(mu);
  auto locking = make_chan<Empty>();
  sync::WaitGroup wg;
  wg.Go([&mu, locking] {
    close(locking);
    std::lock_guard<std::mutex> l(mu);
  });
  locking.recv();
  time::After(time::Millisecond).recv();
  auto values = make_chan<int>();
  go([values] { values.send(7); });
  EXPECT_EQ(values.recv(), 7);
  held.unlock();
  wg.Wait();
}

// main blocks on a channel while holding a std::mutex; a goroutine then
// blocks on that mutex. Once a third goroutine sends the value main waits
// for, main runs (on another thread if need be) and releases the mutex.
TEST_P(MainNoStallTest, MainHoldingStdMutexWhileBlockedDoesNotDeadlock) {
  WithProcs procs(GetParam());
  std::mutex mu;
  auto values = make_chan<int>();
  auto locker_started = make_chan<Empty>();
  sync::WaitGroup wg;
  std::unique_lock<std::mutex> main_holds(mu);
  wg.Go([&mu, locker_started] {
    close(locker_started);
    std::lock_guard<std::mutex> l(mu);
  });
  wg.Go([values, locker_started] {
    locker_started.recv();
    values.send(1);
  });
  EXPECT_EQ(values.recv(), 1);
  main_holds.unlock();
  wg.Wait();
}

TEST(MainGoroutineDeathTest, DeadlockedMainIsReportedAsGoroutineOne) {
#if defined(GOLANG_INTERNAL_SANITIZER)
  GTEST_SKIP() << "the deadlock detector stays silent beside a sanitizer's "
                  "own threads (docs/diagnostics.md)";
#endif
  EXPECT_EXIT(
      {
        auto never = make_chan<int>();
        never.recv();
      },
      testing::ExitedWithCode(2),
      "fatal error: all goroutines are asleep - deadlock!(.|\n)*"
      "goroutine 1 \\[chan receive\\]:");
}

}  // namespace
}  // namespace golang
