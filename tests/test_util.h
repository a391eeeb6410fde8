// Helpers shared by the test suites (kScale by all; the rest by the channel
// and select conformance tests). Not API.
//
// "Blocks" follows docs/semantics.md's notation: the operation is started in a
// goroutine and is still not done after kBlockWait. A blocked operation stays
// blocked (its goroutine never finishes), exactly as in Go's select3.go, so
// such a test opts out of the goleak check (goleak::AllowLeaks).
#ifndef GOLANG_TESTS_TEST_UTIL_H_
#define GOLANG_TESTS_TEST_UTIL_H_

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "chan/chan.h"
#include "chan/select.h"
#include "gtest/gtest.h"
#include "runtime/goleak.h"
#include "runtime/internal/sanitizers.h"
#include "runtime/runtime.h"

// Clang 14 (the clang-tsa build) cannot compile libstdc++'s std::views
// (llvm/llvm-project#52696): tests that use views build them only where
// GOLANG_TEST_STD_VIEWS is 1; their concept checks and range-for build
// everywhere.
#if defined(__clang__) && __clang_major__ < 16
#define GOLANG_TEST_STD_VIEWS 0
#else
#define GOLANG_TEST_STD_VIEWS 1
#endif

extern char**
    environ;  // RunProgram's, <unistd.h> declares it only with _GNU_SOURCE

namespace golang::testutil {

// Iteration counts are divided by this under the sanitizers.
#ifdef GOLANG_INTERNAL_SANITIZER
inline constexpr int kScale = 10;
inline constexpr bool kSanitizer = true;
#else
inline constexpr int kScale = 1;
inline constexpr bool kSanitizer = false;
#endif

// How long an operation must stay pending to count as "blocks".
inline constexpr auto kBlockWait = std::chrono::milliseconds(30);
// How long an operation may take to count as "never blocks" (select3.go
// allows 10 s: a loaded machine may delay any thread that long).
inline constexpr auto kNeverBlockLimit = std::chrono::seconds(10);

// Sleeps only to provoke an interleaving (let a goroutine reach its
// blocking point); never to make a result correct.
inline void SleepMs(int ms) {
  std::this_thread::sleep_for(std::chrono::milliseconds(ms));
}

// Runs f in a goroutine; true if f has not returned after kBlockWait. A
// goroutine that blocks forever is a deliberate leak: the test is exempted
// from the per-test goleak check.
template <class F>
bool Blocks(F f) {
  auto done = make_chan<Empty>(1);
  go([f = std::move(f), done]() mutable {
    f();
    done.send(Empty{});
  });
  std::this_thread::sleep_for(kBlockWait);
  const bool blocked = select(recv(done), default_case()) == 1;
  if (blocked) goleak::AllowLeaks();
  return blocked;
}

// Runs f in a goroutine; true if f returns within kNeverBlockLimit.
template <class F>
bool Completes(F f) {
  auto done = make_chan<Empty>(1);
  go([f = std::move(f), done]() mutable {
    f();
    done.send(Empty{});
  });
  const auto deadline = std::chrono::steady_clock::now() + kNeverBlockLimit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (select(recv(done), default_case()) == 0) return true;
    SleepMs(1);
  }
  return false;
}

// Polls pred until it holds or `limit` passes. For conditions that no
// operation can wait for (goroutine exit is not synchronized, MM-2).
template <class P>
bool Eventually(P pred, std::chrono::milliseconds limit =
                            std::chrono::milliseconds(10000)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  for (;;) {
    if (pred()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    SleepMs(1);
  }
}

// A generator goroutine: sends 0, 1, 2, ... on an unbuffered channel until
// Stop(), which returns how many sends completed. Unbuffered, a send
// completes only when a receiver takes the value, so that is exactly the
// number of receives the consumer made.
//
// Go:
//   go func() {
//       for n := 0; ; n++ {
//           select {
//           case out <- n:
//           case <-quit:
//               accepted <- n
//               return
//           }
//       }
//   }()
class Generator {
 public:
  Generator() {
    go([out = out_, quit = quit_, accepted = accepted_] {
      int n = 0;
      while (select(send(out, n), recv(quit)) == 0) n++;
      accepted.send(n);
    });
  }
  Generator(const Generator&) = delete;
  Generator& operator=(const Generator&) = delete;
  ~Generator() {
    if (!stopped_) (void)Stop();
  }

  recv_chan<int> out() const { return out_; }

  // Ends the generator; the number of values it handed over. Call once no
  // one receives from out() any more.
  int Stop() {
    stopped_ = true;
    close(quit_);
    return accepted_.recv();
  }

 private:
  chan<int> out_ = make_chan<int>();
  chan<Empty> quit_ = make_chan<Empty>();
  chan<int> accepted_ = make_chan<int>(1);
  bool stopped_ = false;
};

// What RunProgram saw: the wait status and both pipes' contents.
struct ProgramResult {
  int status = 0;
  std::string out;
  std::string err;
};

inline bool ExitedWith(int status, int code) {
  return WIFEXITED(status) && WEXITSTATUS(status) == code;
}

// Runs the program at `path` with `args`, its environment this process's
// without the variables that start with one of `drop` ("NAME="), plus `env`
// ("NAME=value" strings), and collects both pipes to their end (for
// programs that must die: death tests cannot see an exit status of a
// program they did not fork, nor both pipes).
inline ProgramResult RunProgram(std::string path,
                                const std::vector<std::string>& args,
                                const std::vector<std::string>& env = {},
                                const std::vector<std::string>& drop = {}) {
  ProgramResult r;
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
    bool dropped = false;
    for (const std::string& d : drop) dropped = dropped || s.rfind(d, 0) == 0;
    if (!dropped) env_strings.push_back(s);
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

}  // namespace golang::testutil

#endif  // GOLANG_TESTS_TEST_UTIL_H_
