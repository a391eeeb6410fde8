// Tests of goroutine dumps (runtime::Stack).
// Go: the goroutine-dump format of runtime/traceback.go.
#include <string>

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
#include "tests/runtime/dump_util.h"
#include "time/time.h"

namespace golang {
namespace {

using ::testing::HasSubstr;
using testutil::WaitForDump;

void BlockedReceiver(chan<int> c) { (void)c.recv(); }

TEST(TracebackTest, DumpNamesStateAndCreationSite) {
  goleak::AllowLeaks();  // the nil-channel and select{} goroutines stay
  auto c = make_chan<int>();
  auto full = make_chan<int>(1);
  full.send(0);
  chan<int> nil_chan;
  go(BlockedReceiver, c);                             // chan receive
  go([full] { full.send(1); });                       // chan send
  go([nil_chan] { nil_chan.send(1); });               // chan send (nil chan)
  go([nil_chan] { (void)nil_chan.recv(); });          // chan receive (nil chan)
  go([c, full] { select(recv(c), send(full, 2)); });  // select
  go([] { select(); });                               // select (no cases)
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
  go([&wg, done] {
    wg.Wait();
    done.send({});
  });  // WaitGroup
  go([&mu, done] {
    mu.Lock();
    mu.Unlock();
    done.send({});
  });  // Mutex
  go([&rw, done] {
    rw.RLock();
    rw.RUnlock();
    done.send({});
  });                                   // RWMutex
  go([] { time::Sleep(time::Hour); });  // sleep
  std::string dump;
  for (const char* state : {"[sync.WaitGroup.Wait]:", "[sync.Mutex.Lock]:",
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

}  // namespace
}  // namespace golang
