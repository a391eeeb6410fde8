// Helpers for the goroutine-dump tests (tests/runtime/). Not API.
#ifndef GOLANG_TESTS_RUNTIME_DUMP_UTIL_H_
#define GOLANG_TESTS_RUNTIME_DUMP_UTIL_H_

#include <chrono>
#include <string>
#include <thread>

#include "absl/strings/match.h"
#include "runtime/runtime.h"

namespace golang::testutil {

// Polls runtime::Stack until `pattern` appears (the goroutines need a moment
// to reach their blocking call; their state is recorded only once they
// really sleep). Bounded: 10 s.
inline std::string WaitForDump(const std::string& pattern) {
  std::string dump;
  for (int i = 0; i < 1000; ++i) {
    dump = runtime::Stack(true);
    if (absl::StrContains(dump, pattern)) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return dump;
}

}  // namespace golang::testutil

#endif  // GOLANG_TESTS_RUNTIME_DUMP_UTIL_H_
