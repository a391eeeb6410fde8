// Helpers shared by the synctest tests. Not API.
#ifndef GOLANG_TESTS_SYNCTEST_SYNCTEST_UTIL_H_
#define GOLANG_TESTS_SYNCTEST_SYNCTEST_UTIL_H_

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

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

extern char** environ;

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

struct HelperResult {
  int status = 0;
  std::string out;
  std::string err;
};

inline bool ExitedWith(int status, int code) {
  return WIFEXITED(status) && WEXITSTATUS(status) == code;
}

// Runs the program at `path` with `args`, its environment this process's
// without GOLANG_SYNCTEST_SEED and GOTRACEBACK, plus `env` ("NAME=value"
// strings), and collects both pipes to their end.
inline HelperResult RunProgram(std::string path,
                               const std::vector<std::string>& args,
                               const std::vector<std::string>& env = {}) {
  HelperResult r;
  int out[2];
  int err[2];
  if (pipe2(out, O_CLOEXEC) != 0) {
    ADD_FAILURE() << "pipe: " << errno;
    return r;
  }
  if (pipe2(err, O_CLOEXEC) != 0) {
    ADD_FAILURE() << "pipe: " << errno;
    ::close(out[0]);
    ::close(out[1]);
    return r;
  }
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, out[1], 1);
  posix_spawn_file_actions_adddup2(&fa, err[1], 2);
  std::vector<std::string> env_strings;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string s(*e);
    if (s.rfind("GOLANG_SYNCTEST_SEED=", 0) == 0) continue;
    if (s.rfind("GOTRACEBACK=", 0) == 0) continue;
    env_strings.push_back(s);
  }
  for (const std::string& s : env) env_strings.push_back(s);
  std::vector<char*> envp;
  for (std::string& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<std::string> arg_strings = args;
  std::vector<char*> argv = {path.data()};
  for (std::string& a : arg_strings) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid;
  const int rc =
      posix_spawn(&pid, path.c_str(), &fa, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&fa);
  ::close(out[1]);
  ::close(err[1]);
  if (rc != 0) {
    ADD_FAILURE() << "posix_spawn " << path << ": " << rc;
    ::close(out[0]);
    ::close(err[0]);
    return r;
  }
  pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
  std::string* dst[2] = {&r.out, &r.err};
  int open_fds = 2;
  while (open_fds > 0) {
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      char buf[4096];
      const ssize_t n = read(fds[i].fd, buf, sizeof buf);
      if (n > 0) {
        dst[i]->append(buf, static_cast<size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        ::close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      }
    }
  }
  while (waitpid(pid, &r.status, 0) < 0 && errno == EINTR) {
  }
  return r;
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
