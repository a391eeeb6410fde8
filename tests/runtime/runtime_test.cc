// Tests of runtime/runtime.h: the go statement, NumGoroutine, panic.
// (MM-1, CH-44; docs/api.md "Goroutines and panics".)
#include "runtime/runtime.h"

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <latch>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "chan/chan.h"
#include "chan/select.h"
#include "gtest/gtest.h"

namespace golang {
namespace {

// Polls pred for up to 10 s: goroutine exit is synchronized with nothing
// (MM-2), so a count can only be awaited this way.
template <class P>
bool Eventually(P pred) {
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!pred()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

void SendArg(int v, std::string s, recv_chan<Empty> start,
             send_chan<std::string> out) {
  (void)start.recv();
  out.send(std::to_string(v) + s);
}

// docs/api.md: `go(f, x, y)` copies the arguments at the call, as Go evaluates
// them at the go statement; changing them afterwards does not matter.
TEST(RuntimeTest, GoCopiesArgumentsAtTheCall) {
  auto start = make_chan<Empty>();
  auto out = make_chan<std::string>();
  int v = 1;
  std::string s = "a";
  go(SendArg, v, s, start, out);
  v = 2;
  s = "b";
  start.send({});
  EXPECT_EQ(out.recv(), "1a");

  // A function taking a const reference still gets the goroutine's copy.
  std::string t = "before";
  go(
      [](const std::string& x, recv_chan<Empty> st, send_chan<std::string> o) {
        (void)st.recv();
        o.send(x);
      },
      t, start, out);
  t = "after";
  start.send({});
  EXPECT_EQ(out.recv(), "before");
}

// docs/api.md: move-only arguments are moved into the goroutine.
TEST(RuntimeTest, GoMoveOnlyArguments) {
  auto out = make_chan<int>();
  auto p = std::make_unique<int>(42);
  go([](std::unique_ptr<int> q, send_chan<int> o) { o.send(*q); }, std::move(p),
     out);
  EXPECT_EQ(p, nullptr);
  EXPECT_EQ(out.recv(), 42);
  // A move-only callable.
  auto r = std::make_unique<int>(7);
  go([r = std::move(r), out] { out.send(*r); });
  EXPECT_EQ(out.recv(), 7);
}

// MM-1: the go statement is synchronized before the goroutine starts.
TEST(RuntimeTest, GoHappensBeforeGoroutineStart) {
  std::vector<int> data(100);
  for (int i = 0; i < 100; i++) data[i] = i;  // plain writes
  auto out = make_chan<int>();
  go([&data, out] {
    int sum = 0;
    for (int x : data) sum += x;
    out.send(sum);
  });
  EXPECT_EQ(out.recv(), 4950);
}

// runtime.NumGoroutine: 1 + live goroutines; back to the baseline after
// they finish.
TEST(RuntimeTest, NumGoroutine) {
  // Earlier tests' goroutines may still be returning.
  ASSERT_TRUE(Eventually([] { return runtime::NumGoroutine() == 1; }))
      << runtime::NumGoroutine();
  auto block = make_chan<Empty>();
  auto started = make_chan<Empty>();
  constexpr int kN = 10;
  for (int i = 0; i < kN; i++) {
    go([block, started] {
      started.send({});
      (void)block.recv();
    });
  }
  // Counted from the go call on.
  EXPECT_EQ(runtime::NumGoroutine(), 1 + kN);
  for (int i = 0; i < kN; i++) (void)started.recv();
  EXPECT_EQ(runtime::NumGoroutine(), 1 + kN);
  close(block);
  EXPECT_TRUE(Eventually([] { return runtime::NumGoroutine() == 1; }))
      << runtime::NumGoroutine();
}

// No bounded pool: 200 goroutines all blocked at once on one std::latch
// (not a library primitive) are all running, and all are released.
TEST(RuntimeTest, ManyGoroutinesBlockedOnLatch) {
  constexpr int kN = 200;
  std::latch arrived(kN);
  std::latch release(1);
  auto done = make_chan<int>(kN);
  for (int i = 0; i < kN; i++) {
    go([&arrived, &release, done, i] {
      arrived.count_down();
      release.wait();
      done.send(i);
    });
  }
  ASSERT_TRUE(Eventually([&] { return arrived.try_wait(); }))
      << "not all goroutines could run at once";
  release.count_down();
  long sum = 0;
  for (int i = 0; i < kN; i++) sum += done.recv();
  EXPECT_EQ(sum, kN * (kN - 1) / 2);
}

// runtime.Gosched returns (it only yields).
TEST(RuntimeTest, Gosched) {
  for (int i = 0; i < 10; i++) runtime::Gosched();
}

// panic's output: `panic: msg`, a blank line, `goroutine N [running]:`,
// then `created by` naming the function and this file's line of the go.
TEST(RuntimeDeathTest, PanicFormatInGoroutine) {
  EXPECT_DEATH(
      {
        go([] { panic("boom"); });
        select();
      },
      "panic: boom\n\ngoroutine [0-9]+ \\[running\\]:\ncreated by "
      ".*\n\t.*runtime_test\\.cc:[0-9]+");
}

// panic on the main goroutine names goroutine 1.
TEST(RuntimeDeathTest, PanicFormatOnMain) {
  EXPECT_DEATH(panic("main boom"),
               "panic: main boom\n\ngoroutine 1 \\[running\\]:");
}

// CH-44 / docs/api.md: a panic aborts the process (SIGABRT).
TEST(RuntimeDeathTest, PanicAborts) {
  EXPECT_EXIT(panic("x"), testing::KilledBySignal(SIGABRT), "panic: x");
}

// docs/api.md: an exception escaping a goroutine is `panic: <what()>`.
TEST(RuntimeDeathTest, ExceptionEscapingGoroutine) {
  EXPECT_DEATH(
      {
        go([] { throw std::runtime_error("escaped"); });
        select();
      },
      "panic: escaped\n\ngoroutine [0-9]+ \\[running\\]:\ncreated by");
}

// docs/api.md: when main returns, goroutines still blocked (on channels, nil
// channels, select {}) or running neither delay nor crash the exit.
int MainWithBlockedGoroutines() {
  auto c = make_chan<int>();
  chan<int> nil;
  auto busy = make_chan<int>(1);
  for (int i = 0; i < 10; i++) {
    go([c] { (void)c.recv(); });
    go([c] { c.send(1); });
    go([nil] { nil.send(1); });
    go([] { select(); });
  }
  go([busy] {
    for (;;) {
      select(send(busy, 1), default_case());
      select(recv(busy), default_case());
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  std::exit(0);
}

TEST(RuntimeDeathTest, MainExitsWithGoroutinesBlocked) {
  EXPECT_EXIT(MainWithBlockedGoroutines(), testing::ExitedWithCode(0), "");
}

}  // namespace
}  // namespace golang
