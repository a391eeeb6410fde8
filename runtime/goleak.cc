// golang-cpp: goroutine leak checks (after go.uber.org/goleak).
#include "runtime/goleak.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <unordered_set>

#include "gtest/gtest.h"
#include "runtime/internal/bubble.h"
#include "runtime/internal/goroutine.h"

namespace golang::goleak {
namespace {

// A synctest bubble's failure (a deadlock, a failing seed) in a GoogleTest
// test is that test's failure, rather than a panic that ends the binary
// (synctest/synctest.h). Installed by this file's static initializer: every
// test binary that uses goleak has it.
bool ReportBubbleFailure(const std::string& report,
                         internal::SourceLocation where) {
  if (testing::UnitTest::GetInstance()->current_test_info() == nullptr) {
    return false;  // not inside a test: panic as Go does
  }
  // At the synctest::Test call, as if the test had failed there.
  ADD_FAILURE_AT(where.file_name(), where.line()) << report;
  return true;
}

bool CurrentTestFailed() { return testing::Test::HasFailure(); }

[[maybe_unused]] const bool kBubbleHooksInstalled = [] {
  internal::SetBubbleFailureHandler(&ReportBubbleFailure);
  internal::SetBubbleFailedProbe(&CurrentTestFailed);
  return true;
}();

using internal::GoroutineInfo;

// Highest goroutine id alive when the current test started, or -1 when no
// listener is installed. Written and read on the main test thread.
int64_t test_start_max_id = -1;
bool allow_leaks = false;
// The goroutines that tests with AllowLeaks() left running, and every
// goroutine they have started since: a leak allowed in one test may go on
// starting goroutines during the next ones (a sieve's filters), and those
// are not the next test's. Main test thread only.
std::unordered_set<int64_t> allowed_leaks;

int64_t MaxLiveId() {
  int64_t max_id = 1;
  for (const GoroutineInfo& g : internal::SnapshotGoroutines(false)) {
    max_id = std::max<int64_t>(max_id, g.id);
  }
  return max_id;
}

bool Ignored(const GoroutineInfo& g, const Options& o) {
  if (g.id == 1 || g.id <= o.ignore_up_to_id || g.is_current) return true;
  // A deadlocked synctest bubble's goroutines were reported with the
  // deadlock, as the test's failure, and stay blocked for good.
  if (g.bubble_id != 0 && internal::BubbleAbandoned(g.bubble_id)) return true;
  for (const std::string& s : o.ignore_created_by) {
    if (g.created_file.find(s) != std::string::npos ||
        g.created_function.find(s) != std::string::npos) {
      return true;
    }
  }
  return false;
}

std::vector<GoroutineInfo> Leaked(const Options& o, bool with_stacks,
                                  bool skip_allowed) {
  std::vector<GoroutineInfo> out;
  // In id order, so a parent is seen before its children.
  for (GoroutineInfo& g : internal::SnapshotGoroutines(with_stacks)) {
    if (skip_allowed && (allowed_leaks.count(g.id) != 0 ||
                         allowed_leaks.count(g.parent_id) != 0)) {
      allowed_leaks.insert(g.id);
      continue;
    }
    if (!Ignored(g, o)) out.push_back(std::move(g));
  }
  return out;
}

std::string FindImpl(const Options& options, bool skip_allowed) {
  // goleak's schedule: retry with exponential backoff from 1 us, capped at
  // 100 ms a sleep, max_retries times (about 2 s in all).
  auto sleep = std::chrono::microseconds(1);
  for (int attempt = 0;; ++attempt) {
    if (Leaked(options, false, skip_allowed).empty()) return "";
    if (attempt >= options.max_retries) break;
    std::this_thread::sleep_for(sleep);
    sleep = std::min<std::chrono::microseconds>(sleep * 2,
                                                std::chrono::milliseconds(100));
  }
  std::vector<GoroutineInfo> leaked = Leaked(options, true, skip_allowed);
  if (leaked.empty()) return "";
  return "found unexpected goroutines:\n" + internal::FormatGoroutines(leaked);
}

class LeakListener : public testing::EmptyTestEventListener {
  void OnTestStart(const testing::TestInfo&) override {
    allow_leaks = false;
    test_start_max_id = MaxLiveId();
  }
  void OnTestEnd(const testing::TestInfo&) override {
    if (allow_leaks) {
      for (const GoroutineInfo& g : internal::SnapshotGoroutines(false)) {
        if (g.id > test_start_max_id) allowed_leaks.insert(g.id);
      }
      return;
    }
    // Failures added here are attributed to the test that just ended.
    VerifyNone();
  }
};

}  // namespace

Options IgnoreCurrent() {
  Options o;
  o.ignore_up_to_id = MaxLiveId();
  return o;
}

std::string Find(const Options& options) {
  return FindImpl(options, /*skip_allowed=*/false);
}

void VerifyNone(const Options& options) {
  std::string report = Find(options);
  if (!report.empty()) ADD_FAILURE() << report;
}

void VerifyNone() {
  Options o;
  const bool listening = test_start_max_id >= 0;
  if (listening) o.ignore_up_to_id = test_start_max_id;
  std::string report = FindImpl(o, /*skip_allowed=*/listening);
  if (!report.empty()) ADD_FAILURE() << report;
}

void InstallListener() {
  testing::UnitTest::GetInstance()->listeners().Append(new LeakListener);
}

void AllowLeaks() { allow_leaks = true; }

}  // namespace golang::goleak
