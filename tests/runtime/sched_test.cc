// Tests of the M:N scheduler (runtime/internal/sched.h): goroutines park
// without holding threads, GOMAXPROCS, the monitor that keeps goroutines
// running past one that blocks outside the library, Gosched, stacks.
#include "runtime/internal/sched.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <latch>
#include <mutex>
#include <ostream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "chan/chan.h"
#include "chan/select.h"
#include "gtest/gtest.h"
#include "runtime/runtime.h"
#include "sync/waitgroup.h"
#include "tests/runtime/sched_util.h"
#include "tests/runtime/stack_overflow_frames.h"
#include "tests/test_util.h"
#include "time/time.h"

namespace golang {
namespace testframes {

// How GoogleTest names a frame in a failure.
void PrintTo(const OverflowFrame& f, std::ostream* os) {
  *os << f.kib << " KiB frame, " << (f.full ? "written fully" : "low end");
}

}  // namespace testframes
namespace {

using testutil::kScale;

using testutil::ProcessThreads;
using testutil::WithProcs;

TEST(SchedTest, GOMAXPROCSReadsAndSets) {
  const int initial = runtime::GOMAXPROCS(0);
  EXPECT_GE(initial, 1);
  EXPECT_EQ(runtime::GOMAXPROCS(-1), initial);  // n < 1 only reads
  EXPECT_EQ(runtime::GOMAXPROCS(3), initial);
  EXPECT_EQ(runtime::GOMAXPROCS(0), 3);
  EXPECT_EQ(runtime::GOMAXPROCS(initial), 3);
  EXPECT_EQ(runtime::GOMAXPROCS(0), initial);
}

// Parked goroutines hold no thread: 10,000 goroutines blocked on one
// channel add a handful of threads to the process, not thousands.
TEST(SchedTest, ParkedGoroutinesHoldNoThread) {
  constexpr int kN = 10000 / kScale;
  const int threads_before = ProcessThreads();
  auto gate = make_chan<Empty>();
  sync::WaitGroup wg;
  wg.Add(kN);
  for (int i = 0; i < kN; ++i) {
    go([gate, &wg] {
      absl::Cleanup done = [&wg] { wg.Done(); };
      gate.recv();
    });
  }
  // Each goroutine is either queued or parked; none has a thread of its own.
  const int threads = ProcessThreads();
  // Workers (GOMAXPROCS, plus one a waker may start while another is on
  // its way to idle), the monitor, the sanitizer's own: a handful.
  EXPECT_LE(threads - threads_before, runtime::GOMAXPROCS(0) + 8)
      << kN << " blocked goroutines took " << threads - threads_before
      << " more threads";
  close(gate);
  wg.Wait();
}

// With one P, goroutines take turns: each Gosched lets the other run, so
// the two sequences interleave completely.
TEST(SchedTest, GoschedAlternatesOnOneP) {
  WithProcs one(1);
  constexpr int kRounds = 100;
  std::vector<int> order;
  order.reserve(2 * kRounds);
  std::mutex mu;  // TSan: the order is only ever touched by one P anyway
  auto done = make_chan<Empty>(2);
  std::atomic<int> ready{0};
  for (int who = 0; who < 2; ++who) {
    go([&, who] {
      ready.fetch_add(1);
      while (ready.load() < 2) runtime::Gosched();
      for (int i = 0; i < kRounds; ++i) {
        {
          std::lock_guard<std::mutex> l(mu);
          order.push_back(who);
        }
        runtime::Gosched();
      }
      done.send(Empty{});
    });
  }
  done.recv();
  done.recv();
  ASSERT_EQ(order.size(), 2u * kRounds);
  int switches = 0;
  for (size_t i = 1; i < order.size(); ++i)
    switches += order[i] != order[i - 1];
  // Strict alternation gives 2*kRounds-1 switches; allow the start-up and
  // the odd global-queue reordering.
  EXPECT_GT(switches, kRounds) << "Gosched did not let the other goroutine run";
}

// time::Sleep parks the goroutine, not its thread: with one P, 100
// goroutines sleeping 100 ms each all sleep at once.
TEST(SchedTest, SleepParksGoroutineNotThread) {
  WithProcs one(1);
  constexpr int kN = 100;
  const auto start = std::chrono::steady_clock::now();
  sync::WaitGroup wg;
  wg.Add(kN);
  for (int i = 0; i < kN; ++i) {
    go([&wg] {
      time::Sleep(absl::Milliseconds(100));
      wg.Done();
    });
  }
  wg.Wait();
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_GE(elapsed, std::chrono::milliseconds(100));
  // One after another they would take 10 s; together, 100 ms plus
  // scheduling. Slack: a loaded machine, 4 s.
  EXPECT_LT(elapsed, std::chrono::seconds(4));
}

// A goroutine that blocks outside the library (here: a std::latch, which
// waits in the kernel) holds its worker; the monitor starts another so the
// goroutine that will release it still runs, even with GOMAXPROCS(1).
TEST(SchedTest, BlockedOutsideLibraryDoesNotStopOthers) {
  WithProcs one(1);
  std::latch latch(1);
  auto done = make_chan<Empty>(2);
  go([&latch, done] {
    latch.wait();
    done.send(Empty{});
  });
  go([&latch, done] {
    latch.count_down();
    done.send(Empty{});
  });
  done.recv();
  done.recv();
}

// Same for a busy loop: a goroutine spinning on an atomic until another
// goroutine on the same single P sets it.
TEST(SchedTest, BusyLoopDoesNotStarveOthers) {
  WithProcs one(1);
  std::atomic<bool> flag{false};
  auto done = make_chan<Empty>(2);
  go([&flag, done] {
    while (!flag.load()) {
    }
    done.send(Empty{});
  });
  go([&flag, done] {
    flag.store(true);
    done.send(Empty{});
  });
  done.recv();
  done.recv();
}

// A goroutine that keeps running while another waits is asked to yield
// after 10 ms and does so at its next channel operation (Go's preemption):
// with one P, the waiting goroutine then runs on the same worker thread,
// with no extra thread started for it.
TEST(SchedTest, LongRunnerYieldsAtChannelOperation) {
  WithProcs one(1);
  // On a loaded machine the OS may deschedule the spinner for over 10 ms
  // right after it is asked to yield; the monitor then gives the waiting
  // goroutine a thread of its own (the fallback). So up to five tries:
  // without preemption every try would take the fallback.
  bool same_thread = false;
  for (int attempt = 0; attempt < 5 && !same_thread; ++attempt) {
    std::atomic<bool> stop{false};
    std::atomic<pid_t> spinner_tid{0};
    std::atomic<pid_t> other_tid{0};
    auto idle = make_chan<int>();  // never ready: the select never blocks
    auto done = make_chan<Empty>(2);
    const auto start = std::chrono::steady_clock::now();
    go([&, idle, done] {
      spinner_tid.store(static_cast<pid_t>(gettid()));
      // The waiting goroutine is started by the spinner, once it runs: it
      // waits in the spinner's P (runnext) until the spinner yields.
      go([&, done] {
        other_tid.store(static_cast<pid_t>(gettid()));
        stop.store(true);
        done.send(Empty{});
      });
      while (!stop.load()) select(recv(idle), default_case());
      done.send(Empty{});
    });
    done.recv();
    done.recv();
    const auto elapsed = std::chrono::steady_clock::now() - start;
    // Not before Go's 10 ms (the monitor's clock is coarse: a few ms early
    // at most).
    EXPECT_GE(elapsed, std::chrono::milliseconds(5));
    same_thread = spinner_tid.load() == other_tid.load();
  }
  EXPECT_TRUE(same_thread)
      << "the waiting goroutine got a thread of its own, five times";
}

// When GOMAXPROCS goes down, the extra Ps retire: idle ones at once, busy
// ones when their goroutine next yields.
TEST(SchedTest, LoweringGOMAXPROCSRetiresProcessors) {
  WithProcs four(4);
  EXPECT_EQ(internal::ActiveProcsForTest(), 4);
  auto stop = make_chan<Empty>();
  sync::WaitGroup wg;
  wg.Add(4);
  for (int i = 0; i < 4; ++i) {
    go([&wg, stop] {
      absl::Cleanup done = [&wg] { wg.Done(); };
      while (select(recv(stop), default_case()) != 0) runtime::Gosched();
    });
  }
  runtime::GOMAXPROCS(1);
  // The monitor may add a P for a while when a worker is descheduled by
  // the OS (it cannot tell that from blocking), so wait for the count.
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (internal::ActiveProcsForTest() != 1 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  EXPECT_EQ(internal::ActiveProcsForTest(), 1);
  close(stop);
  wg.Wait();
  runtime::GOMAXPROCS(3);
  EXPECT_EQ(internal::ActiveProcsForTest(), 3);
}

// Channels between goroutines and plain threads, both ways, under load:
// plain threads park on the OS, goroutines on the scheduler.
TEST(SchedTest, ChannelsBetweenThreadsAndGoroutines) {
  constexpr int kN = 20000 / kScale;
  auto to_g = make_chan<int>();
  auto to_t = make_chan<int>();
  go([to_g, to_t] {
    for (;;) {
      auto [v, ok] = to_g.recv_ok();
      if (!ok) break;
      to_t.send(v + 1);
    }
    close(to_t);
  });
  std::thread t([to_g] {
    for (int i = 0; i < kN; ++i) to_g.send(i);
    close(to_g);
  });
  long sum = 0;
  for (int v : to_t) sum += v;
  t.join();
  EXPECT_EQ(sum, static_cast<long>(kN) * (kN + 1) / 2);
}

// A goroutine may use a good part of its stack.
[[gnu::noinline]] int Recurse(int depth) {
  volatile char pad[512];
  pad[0] = 0;
  if (depth == 0) return pad[0];
  return Recurse(depth - 1) + depth + pad[0];
}

TEST(SchedTest, DeepRecursionFitsTheStack) {
  auto result = make_chan<int>(1);
  // About 100 KiB of the default 256 KiB.
  go([result] { result.send(Recurse(150)); });
  EXPECT_EQ(result.recv(), 150 * 151 / 2);
}

volatile bool keep_recursing = true;  // never cleared; hides the recursion

[[gnu::noinline]] int Forever(int depth) {
  volatile char pad[1024];
  pad[0] = static_cast<char>(depth);
  if (!keep_recursing) return pad[0];
  return Forever(depth + 1) + pad[0];
}

// Running off the stack is Go's fatal error, not memory corruption.
TEST(SchedDeathTest, StackOverflowIsFatal) {
  if (testutil::kSanitizer) {
    GTEST_SKIP() << "the sanitizers report stack overflow themselves";
  }
  EXPECT_EXIT(
      {
        auto done = make_chan<int>();
        go([done] { done.send(Forever(0)); });
        done.recv();
      },
      ::testing::ExitedWithCode(2),
      "runtime: goroutine stack exceeds 262144-byte limit\n"
      "fatal error: stack overflow");
}

// Go's report, whatever the stack size.
constexpr char kStackOverflowMessage[] =
    "runtime: goroutine stack exceeds [0-9]+-byte limit\n"
    "fatal error: stack overflow";

// Runs f(0) in a goroutine and waits for it (it never returns).
void RunInGoroutine(int (*f)(int)) {
  auto done = make_chan<int>();
  go([done, f] { done.send(f(0)); });
  done.recv();
}

// A frame larger than a page moves the stack pointer past the limit in one
// step, and its first store may land far below it: every size up to 64 KiB,
// with and without stack-clash protection, still dies of Go's stack
// overflow, never of a bare SIGSEGV or by running on in the stack below.
class LargeFrameStackOverflowDeathTest
    : public ::testing::TestWithParam<testframes::OverflowFrame> {};

TEST_P(LargeFrameStackOverflowDeathTest, IsFatal) {
  if (testutil::kSanitizer) {
    GTEST_SKIP() << "the sanitizers report stack overflow themselves";
  }
  EXPECT_EXIT(RunInGoroutine(GetParam().recurse), ::testing::ExitedWithCode(2),
              kStackOverflowMessage);
}

std::string FrameName(
    const ::testing::TestParamInfo<testframes::OverflowFrame>& info) {
  return absl::StrCat(info.param.kib, "KiB",
                      info.param.full ? "Full" : "LowEnd");
}

INSTANTIATE_TEST_SUITE_P(
    Probed, LargeFrameStackOverflowDeathTest,
    ::testing::ValuesIn(testframes::ProbedOverflowFrames().begin(),
                        testframes::ProbedOverflowFrames().end()),
    FrameName);
INSTANTIATE_TEST_SUITE_P(
    Unprobed, LargeFrameStackOverflowDeathTest,
    ::testing::ValuesIn(testframes::UnprobedOverflowFrames().begin(),
                        testframes::UnprobedOverflowFrames().end()),
    FrameName);

// A frame larger than the guard (and the whole stack) is stopped only by
// stack-clash protection, which golang::runtime gives the code that links
// it, this test's among them.
TEST(SchedDeathTest, FrameLargerThanTheGuardIsProbed) {
  if (testutil::kSanitizer) {
    GTEST_SKIP() << "the sanitizers report stack overflow themselves";
  }
#if !defined(GOLANG_TEST_HAVE_STACK_CLASH_PROTECTION)
  GTEST_SKIP() << "the compiler has no -fstack-clash-protection";
#endif
  EXPECT_EXIT(RunInGoroutine(&testframes::ProbedHugeFrame),
              ::testing::ExitedWithCode(2), kStackOverflowMessage);
}

// Spawn and finish many goroutines from a goroutine: records and stacks
// are reused, and every one runs exactly once.
TEST(SchedTest, ManySpawnsEachRunOnce) {
  constexpr int kN = 100000 / kScale;
  std::vector<std::atomic<int>> ran(kN);
  auto done = make_chan<Empty>();
  go([&ran, done] {
    sync::WaitGroup wg;
    wg.Add(kN);
    for (int i = 0; i < kN; ++i) {
      go([&ran, &wg, i] {
        ran[i].fetch_add(1);
        wg.Done();
      });
    }
    wg.Wait();
    done.send(Empty{});
  });
  done.recv();
  for (int i = 0; i < kN; ++i) ASSERT_EQ(ran[i].load(), 1) << i;
}

// A goroutine that parks inside a catch block resumes on whatever thread,
// while other goroutines throw and catch on the thread it left: `throw;`
// and std::current_exception still see its own exception, and
// std::uncaught_exceptions its own count.
TEST(SchedTest, ExceptionStateFollowsTheGoroutine) {
  constexpr int kN = 200 / kScale;
  auto gate = make_chan<Empty>();
  auto results = make_chan<std::string>(kN);
  for (int i = 0; i < kN; ++i) {
    go([gate, results, i] {
      try {
        throw std::runtime_error("mine " + std::to_string(i));
      } catch (...) {
        gate.recv();  // parks inside the handler
        try {
          throw;
        } catch (const std::runtime_error& e) {
          results.send(e.what());
        }
      }
    });
  }
  // Meanwhile, other goroutines handle exceptions of their own.
  sync::WaitGroup wg;
  wg.Add(kN);
  for (int i = 0; i < kN; ++i) {
    go([&wg] {
      try {
        throw std::logic_error("other");
      } catch (const std::logic_error&) {
        runtime::Gosched();
      }
      wg.Done();
    });
  }
  wg.Wait();
  close(gate);
  std::vector<bool> seen(kN);
  for (int i = 0; i < kN; ++i) {
    const std::string what = results.recv();
    ASSERT_EQ(what.rfind("mine ", 0), 0u) << what;
    const int id = std::stoi(what.substr(5));
    ASSERT_FALSE(seen[id]) << what;
    seen[id] = true;
  }
}

// std::uncaught_exceptions() during unwinding counts the goroutine's own
// exception even when a destructor parks on the way.
TEST(SchedTest, UncaughtExceptionsFollowTheGoroutine) {
  auto gate = make_chan<Empty>();
  auto counts = make_chan<int>(2);
  struct ParksInDestructor {
    recv_chan<Empty> gate;
    send_chan<int> counts;
    ~ParksInDestructor() {
      counts.send(std::uncaught_exceptions());
      gate.recv();
      counts.send(std::uncaught_exceptions());
    }
  };
  go([gate, counts] {
    try {
      ParksInDestructor p{gate, counts};
      throw std::runtime_error("unwinding");
    } catch (const std::runtime_error&) {
    }
  });
  EXPECT_EQ(counts.recv(), 1);
  // Give its thread other work, then let it go on.
  for (int i = 0; i < 10; ++i) {
    auto c = make_chan<int>();
    go([c] { c.send(std::uncaught_exceptions()); });
    EXPECT_EQ(c.recv(), 0);
  }
  close(gate);
  EXPECT_EQ(counts.recv(), 1);
}

// Unbuffered ping-pong between two goroutines with one P stays on it: the
// woken partner runs next on the waker's P (runnext).
TEST(SchedTest, PingPongOnOneP) {
  WithProcs one(1);
  constexpr int kN = 100000 / kScale;
  auto ping = make_chan<int>();
  auto pong = make_chan<int>();
  go([ping, pong] {
    for (int i = 0; i < kN; ++i) pong.send(ping.recv() + 1);
  });
  auto done = make_chan<int>(1);
  go([ping, pong, done] {
    int v = 0;
    for (int i = 0; i < kN; ++i) {
      ping.send(v);
      v = pong.recv();
    }
    done.send(v);
  });
  EXPECT_EQ(done.recv(), kN);
}

}  // namespace
}  // namespace golang
