// synctest and GoogleTest (the header: "In a GoogleTest test of a binary
// that links golang::goleak, that report is the current test's failure
// instead, and Test returns"): a bubble's deadlock in a TEST is that test's
// failure, with the bubble's goroutines; Test returns; the deadlocked
// goroutines are not reported again by goleak, neither by VerifyNone nor by
// the listener after the test; and the next bubble works.
#include "gtest/gtest.h"

#include <string>
#include <vector>

#include "chan/chan.h"
#include "chan/select.h"
#include "gmock/gmock.h"
#include "runtime/goleak.h"
#include "runtime/runtime.h"
#include "synctest/synctest.h"
#include "tests/synctest/synctest_util.h"
#include "time/time.h"

namespace golang {
namespace {

using synctest_test::CaptureFailures;
using synctest_test::ExitedWith;
using synctest_test::HelperResult;
using synctest_test::Joined;
using synctest_test::RunProgram;
using testing::ContainsRegex;
using testing::HasSubstr;
using testing::Not;
using time::Second;

TEST(SynctestGtestTest, DeadlockIsTheTestsFailureWithTheDump) {
  const std::vector<std::string> failures =
      CaptureFailures([] { synctest::Test([] { select(); }); });
  ASSERT_EQ(failures.size(), 1u) << Joined(failures);
  const std::string& report = failures[0];
  EXPECT_THAT(report,
              HasSubstr("deadlock: all goroutines in bubble are blocked"));
  // The body, in runtime::Stack's format.
  EXPECT_THAT(report, ContainsRegex("goroutine [0-9]+ \\[select \\(no "
                                    "cases\\)[^]\n]*\\]:\n"));
}

// Go's dump marks the bubble's goroutines in their headers:
// `goroutine 7 [chan receive, synctest bubble 1]:`.
TEST(SynctestGtestTest, DumpHeadersNameTheBubble) {
  const std::vector<std::string> failures =
      CaptureFailures([] { synctest::Test([] { select(); }); });
  EXPECT_THAT(Joined(failures),
              ContainsRegex("goroutine [0-9]+ \\[[^]\n]*, synctest bubble "
                            "[0-9]+\\]:\n"));
}

// Every blocked goroutine of the bubble is in the dump, with what it is
// blocked on.
TEST(SynctestGtestTest, DeadlockDumpListsEveryGoroutine) {
  const std::vector<std::string> failures = CaptureFailures([] {
    synctest::Test([] {
      auto c = make_chan<int>();
      auto d = make_chan<int>();
      auto e = make_chan<int>();
      go([c] { (void)c.recv(); });
      go([d] { d.send(1); });
      go([c, e] { select(recv(c), recv(e)); });
    });
  });
  const std::string report = Joined(failures);
  EXPECT_THAT(report, HasSubstr("deadlock: main bubble goroutine has exited "
                                "but blocked goroutines remain"));
  EXPECT_THAT(report, ContainsRegex("goroutine [0-9]+ \\[chan receive"));
  EXPECT_THAT(report, ContainsRegex("goroutine [0-9]+ \\[chan send"));
  EXPECT_THAT(report,
              ContainsRegex("goroutine [0-9]+ \\[select( \\(durable\\))?[],]"));
}

// After the report, goleak finds nothing: not by VerifyNone or Find with a
// snapshot taken before the bubble, and not by the listener after this
// test (which would fail it).
TEST(SynctestGtestTest, GoleakDoesNotReportDeadlockedGoroutinesAgain) {
  const goleak::Options before = goleak::IgnoreCurrent();
  const std::vector<std::string> failures = CaptureFailures([] {
    synctest::Test([] {
      auto c = make_chan<int>();
      go([c] { (void)c.recv(); });
      go([c] { (void)c.recv(); });
      (void)c.recv();
    });
  });
  EXPECT_THAT(Joined(failures),
              HasSubstr("deadlock: all goroutines in bubble are blocked"));
  goleak::Options quick = before;
  quick.max_retries = 3;
  EXPECT_EQ(goleak::Find(quick), "");
  goleak::VerifyNone();
}

// A deadlock does not break the next bubble.
TEST(SynctestGtestTest, NextBubbleWorksAfterDeadlock) {
  const std::vector<std::string> failures =
      CaptureFailures([] { synctest::Test([] { select(); }); });
  EXPECT_THAT(Joined(failures), HasSubstr("deadlock: "));
  synctest::Test([] {
    const time::Time start = time::Now();
    time::Sleep(1 * Second);
    EXPECT_EQ(time::Since(start), 1 * Second);
    synctest::Wait();
  });
}

// Not run here (DISABLED_): run alone by the test below, as a user's test
// binary runs it, without any interception.
TEST(SynctestGtestTest, DISABLED_Deadlocks) {
  synctest::Test([] {
    auto c = make_chan<int>();
    go([c] { (void)c.recv(); });
    (void)c.recv();
  });
}

TEST(SynctestGtestTest, DeadlockFailsTheTestNotTheProcess) {
  const HelperResult r = RunProgram(
      "/proc/self/exe", {"--gtest_filter=SynctestGtestTest.DISABLED_Deadlocks",
                         "--gtest_also_run_disabled_tests"});
  const std::string output = r.out + r.err;
  // A test failure (GoogleTest exits 1), not a panic (2).
  EXPECT_TRUE(ExitedWith(r.status, 1)) << r.status << "\n" << output;
  EXPECT_THAT(output,
              HasSubstr("deadlock: all goroutines in bubble are blocked"));
  EXPECT_THAT(output,
              HasSubstr("[  FAILED  ] SynctestGtestTest.DISABLED_Deadlocks"));
  EXPECT_THAT(output, ContainsRegex("goroutine [0-9]+ \\[chan receive"));
  // The listener's leak check after the test did not report them again.
  EXPECT_THAT(output, Not(HasSubstr("found unexpected goroutines")));
  EXPECT_THAT(output, HasSubstr("1 FAILED TEST"));
}

}  // namespace
}  // namespace golang
