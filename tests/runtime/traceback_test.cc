// Tests of goroutine dumps (runtime::Stack), deadlock detection and goleak.
// Go: runtime/crash_test.go TestSimpleDeadlock (the deadlock report), and
// the goroutine-dump format of runtime/traceback.go.
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <chrono>
#include <string>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "chan/chan.h"
#include "chan/select.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "runtime/goleak.h"
#include "runtime/internal/goroutine.h"
#include "runtime/internal/sanitizers.h"
#include "runtime/runtime.h"
#include "sync/mutex.h"
#include "sync/waitgroup.h"
#include "time/time.h"

namespace golang {
namespace {

using ::testing::HasSubstr;

// Polls runtime::Stack until `pattern` appears (the goroutines need a moment
// to reach their blocking call; their state is recorded only once they
// really sleep). Bounded: 10 s.
std::string WaitForDump(const std::string& pattern) {
  std::string dump;
  for (int i = 0; i < 1000; ++i) {
    dump = runtime::Stack(true);
    if (absl::StrContains(dump, pattern)) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return dump;
}

void BlockedReceiver(chan<int> c) { (void)c.recv(); }

TEST(TracebackTest, DumpNamesStateAndCreationSite) {
  goleak::AllowLeaks();  // the nil-channel and select{} goroutines stay
  auto c = make_chan<int>();
  auto full = make_chan<int>(1);
  full.send(0);
  chan<int> nil_chan;
  go(BlockedReceiver, c);                          // chan receive
  go([full] { full.send(1); });                    // chan send
  go([nil_chan] { nil_chan.send(1); });            // chan send (nil chan)
  go([nil_chan] { (void)nil_chan.recv(); });       // chan receive (nil chan)
  go([c, full] { select(recv(c), send(full, 2)); });  // select
  go([] { select(); });                            // select (no cases)
  std::string dump = WaitForDump("[select (no cases)]");
  dump = WaitForDump("[chan receive (nil chan)]");
  EXPECT_THAT(dump, HasSubstr("goroutine 1 [running]:"));
  for (const char* state :
       {"[chan receive]:", "[chan send]:", "[chan send (nil chan)]:",
        "[chan receive (nil chan)]:", "[select]:", "[select (no cases)]:"}) {
    EXPECT_THAT(dump, HasSubstr(state)) << dump;
  }
  // Creation sites: this file, and the function that called go().
  EXPECT_THAT(dump, HasSubstr("traceback_test.cc:"));
  EXPECT_THAT(dump, HasSubstr("created by "));
  EXPECT_THAT(dump, HasSubstr("in goroutine 1"));
#ifndef GOLANG_INTERNAL_TSAN
  // The blocked receiver's own frame is symbolized. (Not under TSan, which
  // defers the stack signal while a thread sleeps in a raw futex call: the
  // dump then says "stack unavailable", docs/diagnostics.md.)
  EXPECT_THAT(dump, HasSubstr("BlockedReceiver"));
#endif
  // Release what can be released.
  c.send(1);
  (void)full.recv();
  (void)full.recv();
}

TEST(TracebackTest, DumpNamesSyncAndSleepStates) {
  goleak::AllowLeaks();  // the sleeper stays (an hour)
  sync::WaitGroup wg;
  wg.Add(1);
  sync::Mutex mu;
  mu.Lock();
  sync::RWMutex rw;
  rw.Lock();
  // Goroutine exit synchronizes with nothing (MM-2): each reports on
  // `done` once it no longer touches the primitives on this stack.
  auto done = make_chan<Empty>(3);
  go([&wg, done] { wg.Wait(); done.send({}); });               // WaitGroup
  go([&mu, done] { mu.Lock(); mu.Unlock(); done.send({}); });  // Mutex
  go([&rw, done] { rw.RLock(); rw.RUnlock(); done.send({}); });  // RWMutex
  go([] { time::Sleep(time::Hour); });                         // sleep
  std::string dump;
  for (const char* state :
       {"[sync.WaitGroup.Wait]:", "[sync.Mutex.Lock]:",
        "[sync.RWMutex.RLock]:", "[sleep]:"}) {
    dump = WaitForDump(state);
    EXPECT_THAT(dump, HasSubstr(state)) << dump;
  }
  // Release the sync waiters before the primitives go out of scope.
  wg.Done();
  mu.Unlock();
  rw.Unlock();
  for (int i = 0; i < 3; ++i) (void)done.recv();
}

TEST(TracebackTest, StackOfCurrentGoroutineOnly) {
  auto done = make_chan<std::string>();
  go([done] { done.send(runtime::Stack(false)); });
  std::string own = done.recv();
  EXPECT_THAT(own, HasSubstr("[running]:"));
  EXPECT_THAT(own, ::testing::Not(HasSubstr("goroutine 1 ")));
  EXPECT_EQ(own.rfind("\ngoroutine "), std::string::npos) << own;  // one only
  EXPECT_THAT(own, ::testing::Not(HasSubstr("_ZN6golang"))) << own;
}

TEST(TracebackTest, LongWaitShowsMinutes) {
  // Formatting only: a wait of two and a half minutes.
  internal::GoroutineInfo g;
  g.id = 7;
  g.reason = internal::WaitReason::kChanReceive;
  g.waiting_ns = 150'000'000'000;
  g.created_function = "main";
  g.created_file = "server.cc";
  g.created_line = 42;
  g.parent_id = 1;
  EXPECT_EQ(internal::FormatGoroutine(g),
            "goroutine 7 [chan receive, 2 minutes]:\n"
            "created by main in goroutine 1\n\tserver.cc:42\n");
  g.waiting_ns = 59'000'000'000;  // under a minute: no duration, as Go
  EXPECT_THAT(internal::FormatGoroutine(g),
              HasSubstr("goroutine 7 [chan receive]:\n"));
}

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
        go([d] { d.send(1); (void)d.recv(); });
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
    while (!go_ahead.load()) std::this_thread::sleep_for(
        std::chrono::milliseconds(1));
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    c.send(42);  // only now does it become known
  });
  go_ahead.store(true);
  EXPECT_EQ(c.recv(), 42);
  outsider.join();
}
#endif  // GOLANG_INTERNAL_SANITIZER

TEST(GoleakTest, FindReportsLeakedGoroutine) {
  goleak::AllowLeaks();
  goleak::Options opts = goleak::IgnoreCurrent();
  opts.max_retries = 3;  // keep the test quick
  auto never = make_chan<int>();
  go([never] { (void)never.recv(); });
  WaitForDump("[chan receive]");  // let it reach its receive
  std::string report = goleak::Find(opts);
  EXPECT_THAT(report, HasSubstr("found unexpected goroutines"));
  EXPECT_THAT(report, HasSubstr("[chan receive]"));
  EXPECT_THAT(report, HasSubstr("traceback_test.cc"));
  // Ignoring by creation site silences it.
  opts.ignore_created_by.push_back("traceback_test.cc");
  EXPECT_EQ(goleak::Find(opts), "");
  close(never);
}

TEST(GoleakTest, StructuredVersionPasses) {
  goleak::Options opts = goleak::IgnoreCurrent();
  auto results = make_chan<int>();
  for (int i = 0; i < 10; ++i) go([results, i] { results.send(i); });
  int sum = 0;
  for (int i = 0; i < 10; ++i) sum += results.recv();
  EXPECT_EQ(sum, 45);
  EXPECT_EQ(goleak::Find(opts), "");  // they finish shortly after sending
}

// A leak allowed in one test may go on starting goroutines in the next ones,
// as a sieve's filters do; those are the allowed leak's, not the next
// test's. The first test leaves a goroutine that, when told, starts a child
// that blocks for good; the second tells it and ends while the child lives.
// Without the listener's bookkeeping of allowed leaks and their children,
// the second test fails with the child as its leak. The pair needs one
// process: ctest runs each test alone, where the second skips, and runs the
// pair as runtime_goleak_listener_pair (tests/runtime/CMakeLists.txt).
bool leaked_spawner_started = false;
chan<Empty>& LeakedSpawnerGo() {
  static chan<Empty> go_ahead = make_chan<Empty>();
  return go_ahead;
}
chan<Empty>& LeakedChildStarted() {
  static chan<Empty> started = make_chan<Empty>();
  return started;
}

TEST(GoleakListenerTest, AllowedLeakStartsAGoroutineLater) {
  goleak::AllowLeaks();
  leaked_spawner_started = true;
  go([] {
    LeakedSpawnerGo().recv();
    go([] {
      LeakedChildStarted().send(Empty{});
      select();  // blocks for good
    });
    select();
  });
}

TEST(GoleakListenerTest, ChildOfAnAllowedLeakIsNotTheNextTestsLeak) {
  if (!leaked_spawner_started) {
    GTEST_SKIP() << "runs after AllowedLeakStartsAGoroutineLater in one process";
  }
  LeakedSpawnerGo().send(Empty{});
  LeakedChildStarted().recv();
  // The listener's check runs after this returns: the child is alive.
}

}  // namespace
}  // namespace golang
