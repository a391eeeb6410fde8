// Tests of goleak (runtime/goleak.h, after go.uber.org/goleak).
#include "runtime/goleak.h"

#include <string>

#include "chan/chan.h"
#include "chan/select.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "runtime/runtime.h"
#include "tests/runtime/dump_util.h"

namespace golang {
namespace {

using ::testing::HasSubstr;
using testutil::WaitForDump;

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
  EXPECT_THAT(report, HasSubstr("goleak_test.cc"));
  // Ignoring by creation site silences it.
  opts.ignore_created_by.push_back("goleak_test.cc");
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
    GTEST_SKIP()
        << "runs after AllowedLeakStartsAGoroutineLater in one process";
  }
  LeakedSpawnerGo().send(Empty{});
  LeakedChildStarted().recv();
  // The listener's check runs after this returns: the child is alive.
}

}  // namespace
}  // namespace golang
