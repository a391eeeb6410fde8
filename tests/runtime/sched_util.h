// Helpers for the scheduler tests (tests/runtime/). Not API.
#ifndef GOLANG_TESTS_RUNTIME_SCHED_UTIL_H_
#define GOLANG_TESTS_RUNTIME_SCHED_UTIL_H_

#include <chrono>
#include <fstream>
#include <string>
#include <thread>

#include "gtest/gtest.h"
#include "runtime/internal/sched.h"
#include "runtime/runtime.h"

namespace golang::testutil {

// The number of threads in this process (/proc/self/status).
inline int ProcessThreads() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("Threads:", 0) == 0) return std::stoi(line.substr(8));
  }
  return -1;
}

// Sets GOMAXPROCS for one test and restores it after. Waits until the
// extra Ps have retired: a worker that was looking for work when the
// setting went down keeps its P until it next schedules.
class WithProcs {
 public:
  explicit WithProcs(int n) : prev_(runtime::GOMAXPROCS(n)) {
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (internal::ActiveProcsForTest() > n &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
  WithProcs(const WithProcs&) = delete;
  WithProcs& operator=(const WithProcs&) = delete;
  ~WithProcs() { runtime::GOMAXPROCS(prev_); }

 private:
  int prev_;
};

// Names a test parameterized over GOMAXPROCS values "GOMAXPROCS<n>".
inline std::string ProcsName(const testing::TestParamInfo<int>& info) {
  return "GOMAXPROCS" + std::to_string(info.param);
}

}  // namespace golang::testutil

#endif  // GOLANG_TESTS_RUNTIME_SCHED_UTIL_H_
