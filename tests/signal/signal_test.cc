// Tests of package signal (signal/signal.h): Notify, Stop and NotifyContext
// with Go 1.26's cause, and the dispositions they install and put back.
// Go: src/os/signal/signal_test.go (TestNotifyContext*, TestStop,
// TestSignal, TestNotifyContextCause).
#include "signal/signal.h"

#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>

#include "chan/chan.h"
#include "chan/select.h"
#include "context/context.h"
#include "gtest/gtest.h"
#include "runtime/runtime.h"
#include "time/time.h"

namespace golang {
namespace {

using context::Background;

// The handler the kernel now has for sig. Asked of the kernel itself:
// under ThreadSanitizer, sigaction() answers from TSan's own table, which
// the library's handler bypasses (signal.cc, Handler).
uintptr_t Disposition(int sig) {
  struct {
    uintptr_t handler;
    unsigned long flags;
    uintptr_t restorer;
    uint64_t mask;
  } k = {};
  syscall(SYS_rt_sigaction, sig, nullptr, &k, sizeof k.mask);
  return k.handler;
}

const uintptr_t kIgnore = reinterpret_cast<uintptr_t>(SIG_IGN);
const uintptr_t kDefault = reinterpret_cast<uintptr_t>(SIG_DFL);

// Puts SIG_DFL back for sig after a test that changed it.
class RestoreDefault {
 public:
  explicit RestoreDefault(int sig) : sig_(sig) {}
  RestoreDefault(const RestoreDefault&) = delete;
  RestoreDefault& operator=(const RestoreDefault&) = delete;
  ~RestoreDefault() { ::signal(sig_, SIG_DFL); }

 private:
  int sig_;
};

// Go: TestNotifyContextNotifications, with Go 1.26's cause.
TEST(SignalTest, NotifyContextCancelledWithCause) {
  auto [ctx, stop] = signal::NotifyContext(Background(), SIGUSR1);
  EXPECT_TRUE(ctx.Err().ok());
  ASSERT_EQ(kill(getpid(), SIGUSR1), 0);  // process-directed
  ctx.Done().recv();
  EXPECT_EQ(ctx.Err(), context::Canceled);
  EXPECT_EQ(context::Cause(ctx).message(),
            "user defined signal 1 signal received");
  EXPECT_EQ(context::Cause(ctx).code(), absl::StatusCode::kCancelled);
  stop();
  // stop after the signal changes nothing.
  EXPECT_EQ(context::Cause(ctx).message(),
            "user defined signal 1 signal received");
}

// A signal raised on this thread (thread-directed), the second of two
// listed.
TEST(SignalTest, NotifyContextSecondSignal) {
  auto [ctx, stop] = signal::NotifyContext(Background(), SIGUSR1, SIGUSR2);
  ASSERT_EQ(raise(SIGUSR2), 0);
  ctx.Done().recv();
  EXPECT_EQ(context::Cause(ctx).message(),
            "user defined signal 2 signal received");
  stop();
}

// Go: TestNotifyContextStop — stop cancels with Canceled as the cause.
TEST(SignalTest, NotifyContextStop) {
  auto [ctx, stop] = signal::NotifyContext(Background(), SIGUSR1);
  stop();
  ctx.Done().recv();
  EXPECT_EQ(ctx.Err(), context::Canceled);
  EXPECT_EQ(context::Cause(ctx), context::Canceled);
  stop();  // again: nothing
}

// Go: TestNotifyContextCancelParent — the parent's cancellation and cause
// reach the child.
TEST(SignalTest, NotifyContextCancelParent) {
  auto [parent, cancel] = context::WithCancelCause(Background());
  auto [ctx, stop] = signal::NotifyContext(parent, SIGUSR1);
  cancel(absl::AbortedError("parent gone"));
  ctx.Done().recv();
  EXPECT_EQ(context::Cause(ctx), absl::AbortedError("parent gone"));
  stop();
}

// Go: TestNotifyContextPrematureCancelParent — a parent already done.
TEST(SignalTest, NotifyContextParentAlreadyDone) {
  auto [parent, cancel] = context::WithCancel(Background());
  cancel();
  auto [ctx, stop] = signal::NotifyContext(parent, SIGUSR1);
  EXPECT_EQ(ctx.Err(), context::Canceled);
  stop();
}

// Go: TestNotifyContextSimultaneousStop — contexts on one signal each get
// it.
TEST(SignalTest, NotifyContextSeveral) {
  auto [a, stop_a] = signal::NotifyContext(Background(), SIGUSR1);
  auto [b, stop_b] = signal::NotifyContext(Background(), SIGUSR1);
  ASSERT_EQ(kill(getpid(), SIGUSR1), 0);
  a.Done().recv();
  b.Done().recv();
  EXPECT_EQ(context::Cause(b).message(),
            "user defined signal 1 signal received");
  stop_a();
  stop_b();
}

// Until stop, the signal stays diverted even after the context is done:
// a second SIGUSR1 does not kill the process.
TEST(SignalTest, DivertedUntilStop) {
  auto [ctx, stop] = signal::NotifyContext(Background(), SIGUSR1);
  ASSERT_EQ(kill(getpid(), SIGUSR1), 0);
  ctx.Done().recv();
  // A channel on the same signal shows the second one arrived and was
  // relayed (and so did not take its default action).
  chan<int> c = make_chan<int>(1);
  signal::Notify(c, SIGUSR1);
  ASSERT_EQ(kill(getpid(), SIGUSR1), 0);
  EXPECT_EQ(c.recv(), SIGUSR1);
  signal::Stop(c);
  stop();
}

// stop puts back the disposition that was there before: SIG_IGN here.
TEST(SignalTest, StopRestoresPreviousDisposition) {
  RestoreDefault restore(SIGUSR1);
  ::signal(SIGUSR1, SIG_IGN);
  {
    auto [ctx, stop] = signal::NotifyContext(Background(), SIGUSR1);
    EXPECT_NE(Disposition(SIGUSR1), kIgnore);
    stop();
  }
  EXPECT_EQ(Disposition(SIGUSR1), kIgnore);
  // Two requests: the handler stays until the last one goes.
  chan<int> c = make_chan<int>(1);
  signal::Notify(c, SIGUSR1);
  auto [ctx, stop] = signal::NotifyContext(Background(), SIGUSR1);
  signal::Stop(c);
  EXPECT_NE(Disposition(SIGUSR1), kIgnore);
  stop();
  EXPECT_EQ(Disposition(SIGUSR1), kIgnore);
  ASSERT_EQ(kill(getpid(), SIGUSR1), 0);  // ignored: nothing happens
}

// After stop, SIGUSR1 has its default effect again: it kills.
void CatchThenStopThenRaise() {
  auto [ctx, stop] = signal::NotifyContext(Background(), SIGUSR1);
  kill(getpid(), SIGUSR1);
  ctx.Done().recv();
  stop();
  raise(SIGUSR1);
  std::exit(0);
}

TEST(SignalDeathTest, StopRestoresDefaultAction) {
  EXPECT_EXIT(CatchThenStopThenRaise(), testing::KilledBySignal(SIGUSR1), "");
}

// Go: TestSignal — Notify relays to a channel; Stop ends it.
TEST(SignalTest, NotifyChannel) {
  chan<int> c = make_chan<int>(1);
  signal::Notify(c, SIGUSR1);
  signal::Notify(c, SIGUSR2);  // a second call adds to the set
  ASSERT_EQ(kill(getpid(), SIGUSR2), 0);
  EXPECT_EQ(c.recv(), SIGUSR2);
  ASSERT_EQ(raise(SIGUSR1), 0);
  EXPECT_EQ(c.recv(), SIGUSR1);
  signal::Stop(c);
  signal::Stop(c);  // again: nothing
}

// Go's process(): a full channel is skipped, not waited for, and every
// channel that asked gets its own copy.
TEST(SignalTest, NotifyDoesNotBlock) {
  chan<int> full = make_chan<int>(1);
  chan<int> c = make_chan<int>(1);
  full.send(-1);
  signal::Notify(full, SIGUSR1);
  signal::Notify(c, SIGUSR1);
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(kill(getpid(), SIGUSR1), 0);
    EXPECT_EQ(c.recv(), SIGUSR1);
  }
  signal::Stop(full);
  signal::Stop(c);
  EXPECT_EQ(len(full), 1);
  EXPECT_EQ(full.recv(), -1);
}

// Go: TestStop — after Stop returns, the channel gets nothing more.
TEST(SignalTest, StopEndsDelivery) {
  chan<int> stopped = make_chan<int>(1);
  chan<int> c = make_chan<int>(1);
  signal::Notify(stopped, SIGUSR1);
  signal::Notify(c, SIGUSR1);
  signal::Stop(stopped);
  ASSERT_EQ(kill(getpid(), SIGUSR1), 0);
  EXPECT_EQ(c.recv(), SIGUSR1);
  // Stop(c) waits for a pass of the relay thread after the one that
  // delivered to c: nothing went to `stopped` in that one either.
  signal::Stop(c);
  EXPECT_EQ(len(stopped), 0);
}

// Notify from a goroutine, received by a goroutine.
TEST(SignalTest, NotifyInGoroutine) {
  chan<int> c = make_chan<int>(1);
  chan<int> got = make_chan<int>();
  go([c, got] {
    signal::Notify(c, SIGUSR2);
    kill(getpid(), SIGUSR2);
    const int sig = c.recv();
    signal::Stop(c);
    got.send(sig);
  });
  EXPECT_EQ(got.recv(), SIGUSR2);
}

// The signal lands on `main` while it is parked in the runtime (Linux gives
// a process-directed signal to the main thread first). The pause only makes
// that likely: the test passes whichever thread takes it, and under
// ThreadSanitizer it hung before the handler bypassed TSan's.
TEST(SignalTest, SignalWhileMainParked) {
  auto [ctx, stop] = signal::NotifyContext(Background(), SIGUSR1);
  chan<Empty> sent = make_chan<Empty>(1);
  go([sent] {
    time::Sleep(20 * time::Millisecond);
    kill(getpid(), SIGUSR1);
    sent.send(Empty{});
  });
  ctx.Done().recv();
  EXPECT_EQ(context::Cause(ctx).message(),
            "user defined signal 1 signal received");
  sent.recv();
  stop();
}

TEST(SignalDeathTest, NotifyNilChannelPanics) {
  EXPECT_DEATH(signal::Notify(chan<int>(), SIGUSR1),
               "panic: os/signal: Notify using nil channel");
}

// Go's syscall.Signal.String() on Linux.
TEST(SignalTest, String) {
  EXPECT_EQ(signal::String(SIGINT), "interrupt");
  EXPECT_EQ(signal::String(SIGTERM), "terminated");
  EXPECT_EQ(signal::String(SIGHUP), "hangup");
  EXPECT_EQ(signal::String(SIGUSR1), "user defined signal 1");
  EXPECT_EQ(signal::String(SIGQUIT), "quit");
  EXPECT_EQ(signal::String(SIGCHLD), "child exited");
  EXPECT_EQ(signal::String(SIGSYS), "bad system call");
  EXPECT_EQ(signal::String(40), "signal 40");
}

// SIGKILL and SIGSTOP cannot be caught, and numbers that are not signals
// are ignored, as Go's signum ignores them; the others still work.
TEST(SignalTest, UncatchableIgnored) {
  chan<int> c = make_chan<int>(1);
  signal::Notify(c, SIGKILL, SIGSTOP, 0, -3, 100000, SIGUSR1);
  EXPECT_EQ(Disposition(SIGKILL), kDefault);
  ASSERT_EQ(raise(SIGUSR1), 0);
  EXPECT_EQ(c.recv(), SIGUSR1);
  signal::Stop(c);
}

}  // namespace
}  // namespace golang
