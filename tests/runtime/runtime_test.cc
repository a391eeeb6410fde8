// Tests of runtime/runtime.h: the go statement, NumGoroutine, panic.
// (MM-1, CH-44; docs/api.md "Goroutines and panics".)
#include "runtime/runtime.h"

#include <sys/resource.h>

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

// A named function that panics, so that a report can be checked for its
// frame. noinline: its own frame stays on the stack in optimized builds.
[[gnu::noinline]] void PanicInNamedFunction(const char* message) {
  panic(message);
}

// For a child that aborts on purpose: no core file from the test.
void NoCoreFile() {
  const rlimit no_core = {0, 0};
  setrlimit(RLIMIT_CORE, &no_core);
}

// panic's output: `panic: msg`, a blank line, `goroutine N [running]:`, the
// panicking goroutine's frames (here the named function's), then
// `created by` naming the function and this file's line of the go.
TEST(RuntimeDeathTest, PanicFormatInGoroutine) {
  EXPECT_DEATH(
      {
        go([] { PanicInNamedFunction("boom"); });
        select();
      },
      "panic: boom\n\ngoroutine [0-9]+ \\[running\\]:\n"
      "golang::\\(anonymous namespace\\)::PanicInNamedFunction\\(\\)\n"
      "([^\n]+\n)*created by .*\n\t.*runtime_test\\.cc:[0-9]+");
}

// panic on the main thread names goroutine 1, and its trace does not stop
// at the header: the frames, then main.
TEST(RuntimeDeathTest, PanicFormatOnMain) {
  EXPECT_DEATH(PanicInNamedFunction("main boom"),
               "panic: main boom\n\ngoroutine 1 \\[running\\]:\n"
               "golang::\\(anonymous namespace\\)::PanicInNamedFunction"
               "\\(\\)\n([^\n]+\n)*main\n");
}

// CH-44 / docs/api.md: an unrecovered panic exits with Go's status 2, with
// no signal (GOTRACEBACK unset or `single`).
TEST(RuntimeDeathTest, PanicExitsWithStatus2) {
  EXPECT_EXIT(
      {
        unsetenv("GOTRACEBACK");
        panic("x");
      },
      testing::ExitedWithCode(2), "panic: x");
  EXPECT_EXIT(
      {
        setenv("GOTRACEBACK", "single", 1);
        panic("x");
      },
      testing::ExitedWithCode(2), "panic: x");
}

// GOTRACEBACK=crash: the same report, then SIGABRT (Go's crash).
TEST(RuntimeDeathTest, PanicWithGotracebackCrashAborts) {
  EXPECT_EXIT(
      {
        NoCoreFile();
        setenv("GOTRACEBACK", "crash", 1);
        PanicInNamedFunction("crash");
      },
      testing::KilledBySignal(SIGABRT),
      "panic: crash\n\ngoroutine 1 \\[running\\]:\n"
      "golang::\\(anonymous namespace\\)::PanicInNamedFunction");
}

// GOTRACEBACK=none: the panic line only, and still status 2.
TEST(RuntimeDeathTest, PanicWithGotracebackNone) {
  EXPECT_EXIT(
      {
        setenv("GOTRACEBACK", "none", 1);
        panic("quiet");
      },
      testing::ExitedWithCode(2), "^panic: quiet\n$");
}

// GOTRACEBACK=all: the panicking goroutine first, then the others (here a
// goroutine blocked on a channel, with its wait reason).
TEST(RuntimeDeathTest, PanicWithGotracebackAllShowsEveryGoroutine) {
  EXPECT_EXIT(
      {
        setenv("GOTRACEBACK", "all", 1);
        auto never = make_chan<int>();
        auto started = make_chan<int>();
        go([never, started] {
          close(started);
          (void)never.recv();
        });
        started.recv();
        PanicInNamedFunction("all");
      },
      testing::ExitedWithCode(2),
      "panic: all\n\ngoroutine 1 \\[running\\]:\n(.|\n)*"
      "\n\ngoroutine [0-9]+ \\[chan receive\\]:\n");
}

// docs/api.md: an exception escaping a goroutine is `panic: <what()>`,
// reported and ended like any unrecovered panic (status 2). Its frames are
// gone by the time the runtime catches it: the trace says so.
TEST(RuntimeDeathTest, ExceptionEscapingGoroutine) {
  EXPECT_EXIT(
      {
        go([] { throw std::runtime_error("escaped"); });
        select();
      },
      testing::ExitedWithCode(2),
      "panic: escaped\n\ngoroutine [0-9]+ \\[running\\]:\n"
      "\\(frames unwound: [^\n]*\\)\ncreated by");
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
