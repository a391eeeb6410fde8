// golang-cpp: synctest, after Go's testing/synctest (the mechanism is in
// runtime/internal/bubble.h).
#include "synctest/synctest.h"

#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "runtime/internal/bubble.h"
#include "time/time.h"

namespace golang::synctest {
namespace {

// GOLANG_SYNCTEST_SEED, if it holds a number.
std::optional<uint64_t> SeedFromEnvironment() {
  const char* env = std::getenv("GOLANG_SYNCTEST_SEED");
  uint64_t seed = 0;
  if (env == nullptr || !absl::SimpleAtoi(env, &seed)) return std::nullopt;
  return seed;
}

}  // namespace

void Test(absl::AnyInvocable<void() &&> f, internal::SourceLocation where) {
  (void)internal::RunBubble({}, std::move(f), where);
}

void Test(const Options& options, absl::AnyInvocable<void()> f,
          internal::SourceLocation where) {
  if (!options.seed.has_value()) {
    (void)internal::RunBubble(
        {}, [&f] { f(); }, where);
    return;
  }
  uint64_t seed = *options.seed;
  int runs = options.runs < 1 ? 1 : options.runs;
  if (std::optional<uint64_t> env = SeedFromEnvironment()) {
    seed = *env;
    runs = 1;
  }
  internal::BubbleFailedProbe failed = internal::GetBubbleFailedProbe();
  const bool failed_before = failed != nullptr && failed();
  for (int i = 0; i < runs; ++i, ++seed) {
    const std::string failure = internal::RunBubble(
        {.seeded = true, .seed = seed}, [&f] { f(); }, where);
    if (!failure.empty()) return;  // reported, with its seed
    if (failed != nullptr && !failed_before && failed()) {
      internal::ReportBubbleFailure(
          absl::StrCat("synctest: the test failed with seed ", seed, " (run ",
                       i + 1, " of ", runs,
                       "): rerun with GOLANG_SYNCTEST_SEED=", seed),
          where);
      return;
    }
  }
}

void Wait() { internal::BubbleWait(); }

void Sleep(absl::Duration d) {
  time::Sleep(d);
  Wait();
}

bool IsInBubble() { return internal::CurrentBubble() != nullptr; }

}  // namespace golang::synctest
