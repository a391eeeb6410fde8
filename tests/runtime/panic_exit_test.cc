// How a process that panics ends (CH-44, docs/api.md "Goroutines and
// panics"): Go's exit status 2, what the program wrote to standard output
// before the panic still reaches it when it is a pipe (Go's writes are
// unbuffered; std::cout's and stdio's are flushed here), a trace that does
// not stop at its header, and GOTRACEBACK=crash's SIGABRT. Each case runs
// panic_exit_helper.cc (a program linking golang::main) with its standard
// output and standard error on pipes.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "runtime/internal/sanitizers.h"

extern char** environ;

namespace golang {
namespace {

using testing::ContainsRegex;
using testing::HasSubstr;
using testing::StartsWith;

struct RunResult {
  int status = 0;
  std::string out;
  std::string err;
};

// Runs the helper in `mode`, with GOTRACEBACK set to `gotraceback` (unset
// if null), and collects both pipes to their end.
RunResult RunHelper(const char* mode, const char* gotraceback = nullptr) {
  RunResult r;
  int out[2];
  int err[2];
  if (pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0) {
    ADD_FAILURE() << "pipe: " << errno;
    return r;
  }
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, out[1], 1);
  posix_spawn_file_actions_adddup2(&fa, err[1], 2);
  std::vector<std::string> env_strings;
  for (char** e = environ; *e != nullptr; ++e) {
    if (std::string(*e).rfind("GOTRACEBACK=", 0) != 0) {
      env_strings.emplace_back(*e);
    }
  }
  if (gotraceback != nullptr) {
    env_strings.push_back(std::string("GOTRACEBACK=") + gotraceback);
  }
  std::vector<char*> env;
  for (std::string& s : env_strings) env.push_back(s.data());
  env.push_back(nullptr);
  std::string path = GOLANG_PANIC_EXIT_HELPER;
  std::string mode_arg = mode;
  char* argv[] = {path.data(), mode_arg.data(), nullptr};
  pid_t pid;
  const int rc =
      posix_spawn(&pid, path.c_str(), &fa, nullptr, argv, env.data());
  posix_spawn_file_actions_destroy(&fa);
  close(out[1]);
  close(err[1]);
  if (rc != 0) {
    ADD_FAILURE() << "posix_spawn " << path << ": " << rc;
    close(out[0]);
    close(err[0]);
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
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      }
    }
  }
  while (waitpid(pid, &r.status, 0) < 0 && errno == EINTR) {
  }
  return r;
}

bool ExitedWith2(int status) {
  return WIFEXITED(status) && WEXITSTATUS(status) == 2;
}

// The report's first lines for goroutine 1: `panic: <message>`, a blank
// line, the header, and then the panicking function's frame (the trace does
// not stop at the header), main's frame last.
constexpr char kMainTrace[] =
    "^panic: from main\n\ngoroutine 1 \\[running\\]:\n"
    "\\(anonymous namespace\\)::PanicHere\\(\\)\n"
    "(.+\n)*main\n$";

TEST(PanicExitTest, CoutBeforePanicReachesPipe) {
  RunResult r = RunHelper("cout");
  EXPECT_TRUE(ExitedWith2(r.status)) << r.status;
  EXPECT_EQ(r.out, "written before the panic\n");
  EXPECT_THAT(r.err, ContainsRegex(kMainTrace));
}

TEST(PanicExitTest, UnsyncedCoutBeforePanicReachesPipe) {
  RunResult r = RunHelper("cout-unsynced");
  EXPECT_TRUE(ExitedWith2(r.status)) << r.status;
  EXPECT_EQ(r.out, "written before the panic\n");
  EXPECT_THAT(r.err, ContainsRegex(kMainTrace));
}

TEST(PanicExitTest, PrintfBeforePanicReachesPipe) {
  RunResult r = RunHelper("printf");
  EXPECT_TRUE(ExitedWith2(r.status)) << r.status;
  EXPECT_EQ(r.out, "written before the panic\n");
  EXPECT_THAT(r.err, ContainsRegex(kMainTrace));
}

TEST(PanicExitTest, GoroutinePanicTraceIsComplete) {
  RunResult r = RunHelper("goroutine");
  EXPECT_TRUE(ExitedWith2(r.status)) << r.status;
  EXPECT_EQ(r.out, "written before the panic\n");
  EXPECT_THAT(r.err,
              ContainsRegex("^panic: from a goroutine\n\n"
                            "goroutine [0-9]+ \\[running\\]:\n"
                            "\\(anonymous namespace\\)::PanicHere\\(\\)\n"
                            "(.+\n)*created by main in goroutine 1\n"
                            "\t.*panic_exit_helper\\.cc:[0-9]+\n$"));
}

// docs/api.md: an exception escaping main (main is goroutine 1 here) is an
// unrecovered panic like any other.
TEST(PanicExitTest, ExceptionEscapingMainIsPanic) {
  RunResult r = RunHelper("throw-main");
  EXPECT_TRUE(ExitedWith2(r.status)) << r.status;
  EXPECT_EQ(r.out, "written before the panic\n");
  EXPECT_THAT(r.err, ContainsRegex("^panic: escaped main\n\n"
                                   "goroutine 1 \\[running\\]:\n"
                                   "\\(frames unwound: .*\\)\n"
                                   "main\n$"));
}

TEST(PanicExitTest, ExceptionEscapingGoroutineIsPanic) {
  RunResult r = RunHelper("throw-goroutine");
  EXPECT_TRUE(ExitedWith2(r.status)) << r.status;
  EXPECT_EQ(r.out, "written before the panic\n");
  EXPECT_THAT(r.err, ContainsRegex("^panic: escaped a goroutine\n\n"
                                   "goroutine [0-9]+ \\[running\\]:\n"
                                   "\\(frames unwound: .*\\)\n"
                                   "created by main in goroutine 1\n"));
}

// A panic on a thread that holds stdout's lock (as one from inside a stdio
// callback would) cannot hang on it: the flush gives up after its bounded
// wait, and the report and the exit still come. (The line is lost, though
// under ThreadSanitizer it was seen to come out: not checked.)
TEST(PanicExitTest, PanicHoldingStdoutLockStillExits) {
  RunResult r = RunHelper("locked-stdout");
  EXPECT_TRUE(ExitedWith2(r.status)) << r.status;
  EXPECT_THAT(r.err, StartsWith("panic: holding stdout\n\n"
                                "goroutine 1 [running]:\n"));
}

// Two goroutines panicking at once: one report, as in Go.
TEST(PanicExitTest, ConcurrentPanicsReportOnce) {
  RunResult r = RunHelper("two-panics");
  EXPECT_TRUE(ExitedWith2(r.status)) << r.status;
  EXPECT_THAT(r.err, ContainsRegex("^panic: (first|second)\n\n"
                                   "goroutine [0-9]+ \\[running\\]:\n"
                                   "[^\n]+\n"));
  EXPECT_EQ(r.err.find("panic: "), r.err.rfind("panic: ")) << r.err;
}

// Go's GOTRACEBACK=crash: the same report, then death by SIGABRT.
TEST(PanicExitTest, GotracebackCrashAborts) {
  RunResult r = RunHelper("cout", "crash");
  EXPECT_TRUE(WIFSIGNALED(r.status) && WTERMSIG(r.status) == SIGABRT)
      << r.status;
  EXPECT_EQ(r.out, "written before the panic\n");
  EXPECT_THAT(r.err, StartsWith("panic: from main\n\ngoroutine 1 [running]:\n"
                                "(anonymous namespace)::PanicHere()\n"));
}

TEST(PanicExitTest, GotracebackNonePrintsThePanicLineOnly) {
  RunResult r = RunHelper("cout", "none");
  EXPECT_TRUE(ExitedWith2(r.status)) << r.status;
  EXPECT_EQ(r.out, "written before the panic\n");
  EXPECT_EQ(r.err, "panic: from main\n");
}

// The deadlock report is a fatal error: status 2, standard output flushed.
TEST(PanicExitTest, DeadlockFlushesAndExits2) {
#if defined(GOLANG_INTERNAL_SANITIZER)
  GTEST_SKIP() << "the deadlock detector stays silent beside a sanitizer's "
                  "own threads (docs/diagnostics.md)";
#endif
  RunResult r = RunHelper("deadlock");
  EXPECT_TRUE(ExitedWith2(r.status)) << r.status;
  EXPECT_EQ(r.out, "written before the deadlock\n");
  EXPECT_THAT(r.err,
              StartsWith("fatal error: all goroutines are asleep - deadlock!\n"
                         "\ngoroutine 1 [chan receive]:\n"));
  RunResult crash = RunHelper("deadlock", "crash");
  EXPECT_TRUE(WIFSIGNALED(crash.status) && WTERMSIG(crash.status) == SIGABRT)
      << crash.status;
  EXPECT_THAT(crash.err, HasSubstr("fatal error: all goroutines are asleep"));
}

}  // namespace
}  // namespace golang
