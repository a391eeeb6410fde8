// Helpers shared by the synctest tests. Not API.
#ifndef GOLANG_TESTS_SYNCTEST_SYNCTEST_UTIL_H_
#define GOLANG_TESTS_SYNCTEST_SYNCTEST_UTIL_H_

#include <sys/wait.h>

#include <cerrno>
#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gtest/gtest-spi.h"
#include "gtest/gtest.h"
#include "tests/test_util.h"

namespace golang::synctest_test {

// Where every bubble's clock starts: 2000-01-01 00:00:00 UTC.
inline absl::Time BubbleEpoch() {
  return absl::FromCivil(absl::CivilSecond(2000, 1, 1, 0, 0, 0),
                         absl::UTCTimeZone());
}

// How much real time a bubble that only waits in virtual time may take:
// such a bubble needs microseconds; 10 s is the slack for a loaded 2-core
// machine under ThreadSanitizer.
inline constexpr auto kRealTimeLimit = std::chrono::seconds(10);

// Runs f and returns the messages of the GoogleTest failures it reported,
// from any thread, which then are not failures of the current test. (This
// is how a bubble's deadlock is seen here: in a binary that links
// golang::goleak, as every test binary does, it is reported as the current
// test's failure.)
inline std::vector<std::string> CaptureFailures(absl::FunctionRef<void()> f) {
  testing::TestPartResultArray results;
  {
    testing::ScopedFakeTestPartResultReporter reporter(
        testing::ScopedFakeTestPartResultReporter::INTERCEPT_ALL_THREADS,
        &results);
    f();
  }
  std::vector<std::string> messages;
  for (int i = 0; i < results.size(); ++i) {
    messages.emplace_back(results.GetTestPartResult(i).message());
  }
  return messages;
}

// The captured failures as one string, for matchers and messages.
inline std::string Joined(const std::vector<std::string>& failures) {
  return absl::StrJoin(failures, "\n---\n");
}

using HelperResult = testutil::ProgramResult;
using testutil::ExitedWith;

// Runs the program at `path` with `args`, its environment this process's
// without GOLANG_SYNCTEST_SEED and GOTRACEBACK, plus `env` ("NAME=value"
// strings), and collects both pipes to their end.
inline HelperResult RunProgram(const std::string& path,
                               const std::vector<std::string>& args,
                               const std::vector<std::string>& env = {}) {
  return testutil::RunProgram(path, args, env,
                              {"GOLANG_SYNCTEST_SEED=", "GOTRACEBACK="});
}

#ifdef GOLANG_SYNCTEST_HELPER
// Runs helper.cc's program in `mode` (see there).
inline HelperResult RunHelper(const std::string& mode,
                              const std::vector<std::string>& env = {}) {
  return RunProgram(GOLANG_SYNCTEST_HELPER, {mode}, env);
}
#endif  // GOLANG_SYNCTEST_HELPER

}  // namespace golang::synctest_test

#endif  // GOLANG_TESTS_SYNCTEST_SYNCTEST_UTIL_H_
