// fork(): a child process has only the thread that called fork, so once the
// runtime has started its threads, a child cannot run goroutines; what
// would need a worker dies with a message saying so, instead of hanging
// (runtime/internal/sched.h, docs/scheduler.md). Channels between the
// child's own plain threads keep working, and a child forked before the
// runtime started any thread has a runtime of its own.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

#include "chan/chan.h"
#include "gtest/gtest.h"
#include "runtime/internal/sanitizers.h"
#include "runtime/runtime.h"
#include "sync/waitgroup.h"
#include "time/time.h"

namespace golang {
namespace {

struct ChildResult {
  bool exited = false;  // false: still running after the limit (killed)
  int status = 0;       // exit status, when exited
  std::string stderr_text;
};

// Forks; the child redirects its standard error into a pipe and runs
// `child` (which must end the child with _exit or by dying). The parent
// collects that output and the exit status, killing a child that is still
// running after 20 s: a child that hangs is exactly the defect to catch.
template <class F>
ChildResult RunForkedChild(F child) {
  int fds[2];
  EXPECT_EQ(pipe(fds), 0);
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[1], 2);
    ::close(fds[0]);
    ::close(fds[1]);
    child();
    _exit(0);
  }
  ::close(fds[1]);
  ChildResult r;
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(20);
  bool eof = false;
  while (!eof && std::chrono::steady_clock::now() < deadline) {
    pollfd p{fds[0], POLLIN, 0};
    if (poll(&p, 1, 100) > 0) {
      char buf[512];
      const ssize_t n = read(fds[0], buf, sizeof buf);
      if (n <= 0) {
        eof = true;
      } else {
        r.stderr_text.append(buf, static_cast<size_t>(n));
      }
    }
  }
  ::close(fds[0]);
  int wstatus = 0;
  if (!eof) {
    kill(pid, SIGKILL);
    waitpid(pid, &wstatus, 0);
    return r;
  }
  waitpid(pid, &wstatus, 0);
  r.exited = WIFEXITED(wstatus);
  r.status = r.exited ? WEXITSTATUS(wstatus) : -1;
  return r;
}

// Lets goroutines run in this process first, so the workers, the monitor
// and the fork handler exist.
void RunSomeGoroutines() {
  sync::WaitGroup wg;
  auto ch = make_chan<int>();
  wg.Go([ch] { ch.send(1); });
  wg.Go([ch] { ch.recv(); });
  wg.Wait();
}

constexpr char kForkMessage[] =
    "fatal error: goroutine runtime used in a child process after fork()";

// The child did not hang: it died with the fork message and status 2.
void ExpectDiedOfFork(const ChildResult& r) {
  ASSERT_TRUE(r.exited) << "the child hung; it wrote: " << r.stderr_text;
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.stderr_text.find(kForkMessage), std::string::npos)
      << r.stderr_text;
}

TEST(ForkTest, GoInChildDiesWithMessageInsteadOfHanging) {
  RunSomeGoroutines();
  const ChildResult r = RunForkedChild([] {
    auto ch = make_chan<int>();
    go([ch] { ch.send(7); });
    _exit(ch.recv());
  });
  ExpectDiedOfFork(r);
}

// A goroutine of the parent, parked on a channel, is gone in the child:
// waking it from the child dies the same way.
TEST(ForkTest, WakingAParentGoroutineInChildDies) {
  RunSomeGoroutines();
  auto gate = make_chan<int>();
  auto done = make_chan<int>(1);
  go([gate, done] { done.send(gate.recv()); });
  // Fork only once it is parked in that receive (a receiver still on its
  // way would leave the child's send nobody to wake, and it would block).
  while (runtime::Stack(true).find("[chan receive]") == std::string::npos) {
    runtime::Gosched();
  }
  const ChildResult r = RunForkedChild([gate] {
    gate.send(1);  // the receiver is parked in the parent's runtime
    _exit(0);
  });
  gate.send(2);
  EXPECT_EQ(done.recv(), 2);
  ExpectDiedOfFork(r);
}

// The timer thread stays in the parent too: a timer armed in the child
// would never fire.
TEST(ForkTest, TimerInChildDiesWithMessageInsteadOfHanging) {
  RunSomeGoroutines();
  time::After(time::Millisecond).recv();  // the parent's timer thread runs
  const ChildResult r = RunForkedChild([] {
    // Due in the future: only the timer thread could fire it. (One already
    // due by the time it is armed is delivered at once, thread or not.)
    time::After(time::Hour).recv();
    _exit(0);
  });
  ExpectDiedOfFork(r);
}

TEST(ForkTest, ChannelsBetweenChildThreadsWork) {
#if defined(GOLANG_INTERNAL_TSAN)
  GTEST_SKIP() << "ThreadSanitizer kills a forked child that starts threads "
                  "(die_after_fork)";
#endif
  RunSomeGoroutines();
  const ChildResult r = RunForkedChild([] {
    auto ch = make_chan<int>();
    std::thread t([ch] {
      for (int i = 1; i <= 100; ++i) ch.send(i);
      close(ch);
    });
    int sum = 0;
    for (int v : ch) sum += v;
    t.join();
    _exit(sum == 5050 ? 0 : 1);
  });
  ASSERT_TRUE(r.exited) << "the child hung; it wrote: " << r.stderr_text;
  EXPECT_EQ(r.status, 0) << r.stderr_text;
}

// Before the runtime has started a thread there is nothing to lose: the
// child starts its own. (A death test runs its statement in a fresh
// process, where no goroutine has run yet.)
TEST(ForkDeathTest, ChildForkedBeforeAnyGoroutineRunsGoroutines) {
  EXPECT_EXIT(
      {
        const ChildResult r = RunForkedChild([] {
          auto ch = make_chan<int>();
          go([ch] { ch.send(7); });
          _exit(ch.recv());
        });
        _exit(r.exited && r.status == 7 ? 0 : 1);
      },
      testing::ExitedWithCode(0), "");
}

}  // namespace
}  // namespace golang
