// The seeded mode of synctest::Test (beyond Go): the same seed replays the
// same interleaving (in this process and in another), different seeds give
// different ones, Options::runs runs consecutive seeds and stops at the
// first failing run, whose seed the failure names, and GOLANG_SYNCTEST_SEED
// replaces the seed (checked in helper.cc's program, so that the variable
// is read as a user's process reads it).
#include <cstdint>
#include <iostream>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "chan/chan.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "runtime/runtime.h"
#include "sync/waitgroup.h"
#include "synctest/synctest.h"
#include "tests/synctest/synctest_util.h"
#include "tests/synctest/trace_body.h"
#include "time/time.h"

namespace golang {
namespace {

using synctest_test::BubbleEpoch;
using synctest_test::ExitedWith;
using synctest_test::HelperResult;
using synctest_test::RunHelper;
using synctest_test::RunProgram;
using synctest_test::TraceBody;
using testing::HasSubstr;
using testing::StartsWith;
using time::Second;

std::vector<int> TraceWithSeed(uint64_t seed) {
  std::vector<int> trace;
  synctest::Test(synctest::Options{.seed = seed},
                 [&trace] { trace = TraceBody(); });
  return trace;
}

std::string Format(const std::vector<int>& trace) {
  return absl::StrJoin(trace, " ");
}

// The same seed, the same interleaving, exactly (every step of every
// goroutine, and every select's choice).
TEST(SynctestSeedTest, SameSeedSameTrace) {
  for (uint64_t seed :
       {uint64_t{1}, uint64_t{2}, uint64_t{42}, uint64_t{0x8000000000000005}}) {
    SCOPED_TRACE(seed);
    const std::vector<int> first = TraceWithSeed(seed);
    ASSERT_EQ(first.size(), 24u) << Format(first);
    for (int i = 0; i < 3; i++) {
      EXPECT_EQ(TraceWithSeed(seed), first);
    }
  }
}

// 50 seeds give many interleavings (24 steps of 4 goroutines, with 12
// selects between two ready cases: nearly every seed differs; 5 is a floor
// that a scheduler ignoring its seed cannot reach).
TEST(SynctestSeedTest, ManySeedsManyTraces) {
  std::set<std::vector<int>> traces;
  std::set<int> select_choices;
  for (uint64_t seed = 1; seed <= 50; seed++) {
    const std::vector<int> trace = TraceWithSeed(seed);
    ASSERT_EQ(trace.size(), 24u) << Format(trace);
    traces.insert(trace);
    for (int entry : trace) {
      if (entry % 100 / 10 % 3 == 2) select_choices.insert(entry % 10);
    }
  }
  EXPECT_GE(traces.size(), 5u);
  // Both cases of the selects were taken.
  EXPECT_EQ(select_choices, (std::set<int>{0, 1}));
}

// Options{.seed = s, .runs = n} runs the body n times, with seeds s, s + 1,
// ..., s + n - 1, each in a fresh bubble.
TEST(SynctestSeedTest, RunsUseConsecutiveSeeds) {
  std::vector<std::vector<int>> traces;
  int bodies = 0;
  synctest::Test(synctest::Options{.seed = 10, .runs = 5}, [&] {
    ++bodies;
    EXPECT_EQ(time::Now(), BubbleEpoch());  // a fresh bubble, a fresh clock
    traces.push_back(TraceBody());
    time::Sleep(1 * Second);
  });
  ASSERT_EQ(bodies, 5);
  for (uint64_t i = 0; i < 5; i++) {
    EXPECT_EQ(traces[i], TraceWithSeed(10 + i)) << "run " << i;
  }
}

// Virtual time, Wait and the durable rules hold in the seeded mode too.
TEST(SynctestSeedTest, VirtualTimeInSeededMode) {
  synctest::Test(synctest::Options{.seed = 3, .runs = 10}, [] {
    const time::Time start = time::Now();
    auto c = make_chan<int>();
    bool done = false;
    go([c, &done] {
      time::Sleep(5 * Second);
      c.send(1);
      done = true;
    });
    synctest::Wait();
    EXPECT_FALSE(done);
    EXPECT_EQ(c.recv(), 1);
    EXPECT_EQ(time::Now(), start + 5 * Second);
    synctest::Wait();
    EXPECT_TRUE(done);
  });
}

// Which of two goroutines logs first, under `seed`.
char FirstWithSeed(uint64_t seed) {
  char first = 0;
  synctest::Test(synctest::Options{.seed = seed}, [&first] {
    auto log = make_chan<char>(2);
    sync::WaitGroup wg;
    wg.Go([log] { log.send('a'); });
    wg.Go([log] { log.send('b'); });
    wg.Wait();
    first = log.recv();
  });
  return first;
}

// The body that FailingRunNamesItsSeed runs: it fails when b logs first.
void FailWhenBFirst(int* bodies) {
  ++*bodies;
  auto log = make_chan<char>(2);
  sync::WaitGroup wg;
  wg.Go([log] { log.send('a'); });
  wg.Go([log] { log.send('b'); });
  wg.Wait();
  EXPECT_EQ(log.recv(), 'a') << "b ran first";
}

// The first seed from 1 on with which b logs first.
uint64_t FirstFailingSeed() {
  for (uint64_t seed = 1; seed <= 50; seed++) {
    if (FirstWithSeed(seed) == 'b') return seed;
  }
  return 0;
}

// A run that fails stops the runs, and the failure names its seed. The
// failing test runs alone in another process (this binary, filtered to the
// DISABLED_ test below), where its failures are real ones: the seeded Test
// sees a run fail through the current test's result, which a failure
// intercepted in this process (gtest-spi) does not reach.
TEST(SynctestSeedTest, DISABLED_FailingSeededRun) {
  int bodies = 0;
  synctest::Test(synctest::Options{.seed = 1, .runs = 50},
                 [&bodies] { FailWhenBFirst(&bodies); });
  std::cout << "bodies " << bodies << "\n";
}

TEST(SynctestSeedTest, FailingRunNamesItsSeed) {
  const uint64_t failing = FirstFailingSeed();
  ASSERT_NE(failing, 0u) << "b never ran first with seeds 1 to 50";
  const HelperResult r =
      RunProgram("/proc/self/exe",
                 {"--gtest_filter=SynctestSeedTest.DISABLED_FailingSeededRun",
                  "--gtest_also_run_disabled_tests"});
  const std::string output = r.out + r.err;
  EXPECT_TRUE(ExitedWith(r.status, 1)) << r.status << "\n" << output;
  EXPECT_THAT(output, HasSubstr("b ran first"));
  EXPECT_THAT(output,
              HasSubstr(absl::StrCat("GOLANG_SYNCTEST_SEED=", failing, "\n")));
  // The runs stopped at the first failing one.
  EXPECT_THAT(output, HasSubstr(absl::StrCat("bodies ", failing, "\n")));
}

// ---------------------------------------------------------------------------
// In another process (helper.cc).

// The same seed gives the same trace in another process; GOLANG_SYNCTEST_SEED
// replaces the seed in the Options.
TEST(SynctestSeedTest, EnvironmentOverridesSeed) {
  const HelperResult seven = RunHelper("trace:7");
  ASSERT_TRUE(ExitedWith(seven.status, 0)) << seven.status << seven.err;
  EXPECT_EQ(seven.out, "started\n" + Format(TraceWithSeed(7)) + " \n");

  const HelperResult replaced =
      RunHelper("trace:1", {"GOLANG_SYNCTEST_SEED=7"});
  ASSERT_TRUE(ExitedWith(replaced.status, 0))
      << replaced.status << replaced.err;
  EXPECT_EQ(replaced.out, seven.out);
  const HelperResult one = RunHelper("trace:1");
  EXPECT_EQ(one.out, "started\n" + Format(TraceWithSeed(1)) + " \n");
}

// With GOLANG_SYNCTEST_SEED set, `runs` becomes 1.
TEST(SynctestSeedTest, EnvironmentMakesOneRun) {
  const HelperResult five = RunHelper("runs");
  EXPECT_TRUE(ExitedWith(five.status, 0)) << five.status << five.err;
  EXPECT_EQ(five.out, "started\nruns 5\n");
  const HelperResult one = RunHelper("runs", {"GOLANG_SYNCTEST_SEED=7"});
  EXPECT_TRUE(ExitedWith(one.status, 0)) << one.status << one.err;
  EXPECT_EQ(one.out, "started\nruns 1\n");
}

// A seeded run's deadlock report (the panic's message, after the bubble's
// goroutines) ends with the seed to rerun with: the Options' seed, the
// failing run's seed, or the environment's. (The panicking goroutine's own
// trace follows the message, as after every panic.)
void ExpectSeedLine(const HelperResult& r, uint64_t seed) {
  EXPECT_TRUE(ExitedWith(r.status, 2)) << r.status << "\n" << r.err;
  EXPECT_THAT(r.err, StartsWith("panic: deadlock: all goroutines in bubble "
                                "are blocked\n"));
  const std::string line =
      absl::StrCat("\nsynctest: seed ", seed,
                   ": rerun with GOLANG_SYNCTEST_SEED=", seed, "\n");
  const size_t at = r.err.find(line);
  ASSERT_NE(at, std::string::npos) << r.err;
  // After the bubble's goroutines.
  EXPECT_LT(r.err.find("InBubbleBlocked"), at) << r.err;
}

TEST(SynctestSeedTest, DeadlockReportNamesSeed) {
  ExpectSeedLine(RunHelper("seeded-deadlock"), 12345);
}

TEST(SynctestSeedTest, DeadlockReportNamesFailingRunsSeed) {
  const HelperResult third = RunHelper("deadlock-third-run");
  EXPECT_EQ(third.out, "started\n");  // no "runs": the third run panicked
  ExpectSeedLine(third, 102);
}

TEST(SynctestSeedTest, DeadlockReportNamesEnvironmentsSeed) {
  ExpectSeedLine(RunHelper("seeded-deadlock", {"GOLANG_SYNCTEST_SEED=7"}), 7);
}

}  // namespace
}  // namespace golang
