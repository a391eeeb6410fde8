// Tests of the std::stop_token interop of context/context.h
// (Context::StopToken and context::WithStopToken). Not a Go port.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stop_token>
#include <thread>

#include "absl/cleanup/cleanup.h"
#include "chan/chan.h"
#include "chan/select.h"
#include "context/context.h"
#include "context/internal/cancel_ctx.h"
#include "gtest/gtest.h"
#include "runtime/runtime.h"
#include "time/time.h"

namespace golang {
namespace {

using context::Background;
using context::Context;

const time::Duration kQuiescent = 10 * time::Second;

bool IsDone(const Context& c) {
  return select(recv(c.Done()), default_case()) == 0;
}

// Waits (bounded) for a stop to be requested on `st`.
bool WaitStopped(const std::stop_token& st) {
  std::mutex mu;
  std::condition_variable_any cv;
  std::unique_lock<std::mutex> l(mu);
  (void)cv.wait_for(l, st, std::chrono::seconds(10), [] { return false; });
  return st.stop_requested();
}

TEST(StopTokenTest, NeverCanceledContext) {
  std::stop_token st = Background().StopToken();
  EXPECT_FALSE(st.stop_possible());
  EXPECT_FALSE(
      context::WithoutCancel(Background()).StopToken().stop_possible());
}

TEST(StopTokenTest, StoppedWhenCanceled) {
  auto [ctx, cancel] = context::WithCancel(Background());
  std::stop_token st = ctx.StopToken();
  EXPECT_TRUE(st.stop_possible());
  EXPECT_FALSE(st.stop_requested());
  cancel();
  EXPECT_TRUE(WaitStopped(st));
}

TEST(StopTokenTest, AlreadyCanceledIsStopped) {
  auto [ctx, cancel] = context::WithCancel(Background());
  cancel();
  EXPECT_TRUE(ctx.StopToken().stop_requested());  // synchronously
}

TEST(StopTokenTest, StoppedOnDeadline) {
  auto [ctx, cancel] = context::WithTimeout(Background(), time::Millisecond);
  absl::Cleanup defer_cancel = [&cancel = cancel] { cancel(); };
  EXPECT_TRUE(WaitStopped(ctx.StopToken()));
  EXPECT_EQ(ctx.Err(), context::DeadlineExceeded);
}

TEST(StopTokenTest, WithStopTokenCancelsSynchronously) {
  std::stop_source source;
  auto [ctx, cancel] = context::WithStopToken(Background(), source.get_token());
  EXPECT_EQ(ctx.String(), "context.Background.WithStopToken");
  EXPECT_FALSE(IsDone(ctx));
  source.request_stop();
  EXPECT_TRUE(IsDone(ctx));  // no thread: inside request_stop
  EXPECT_EQ(ctx.Err(), context::Canceled);
  EXPECT_EQ(context::Cause(ctx), context::Canceled);
  cancel();
}

TEST(StopTokenTest, WithStopTokenAlreadyStopped) {
  std::stop_source source;
  source.request_stop();
  auto [ctx, cancel] = context::WithStopToken(Background(), source.get_token());
  EXPECT_TRUE(IsDone(ctx));
  cancel();
}

TEST(StopTokenTest, WithStopTokenParentCancels) {
  std::stop_source source;
  auto [parent, cancel_parent] = context::WithCancel(Background());
  auto [ctx, cancel] = context::WithStopToken(parent, source.get_token());
  EXPECT_EQ(internal::NumContextChildren(parent), 1);
  cancel_parent();
  EXPECT_TRUE(IsDone(ctx));
  EXPECT_EQ(internal::NumContextChildren(parent), 0);
  source.request_stop();  // the callback was unregistered: nothing happens
  cancel();
}

TEST(StopTokenTest, WithStopTokenCancelUnregisters) {
  std::stop_source source;
  auto [parent, cancel_parent] = context::WithCancel(Background());
  {
    auto [ctx, cancel] = context::WithStopToken(parent, source.get_token());
    EXPECT_EQ(internal::NumContextChildren(parent), 1);
    cancel();
    EXPECT_EQ(internal::NumContextChildren(parent), 0);
  }
  source.request_stop();
  cancel_parent();
}

// Stop racing cancel and destruction: no deadlock, no use after free.
TEST(StopTokenTest, WithStopTokenRaces) {
  for (int i = 0; i < 500; i++) {
    std::stop_source source;
    auto [parent, cancel_parent] = context::WithCancel(Background());
    auto [ctx, cancel] = context::WithStopToken(parent, source.get_token());
    auto done = make_chan<Empty>(3);
    go([source, done]() mutable {
      source.request_stop();
      done.send(Empty{});
    });
    go([cancel_parent = cancel_parent, done] {
      cancel_parent();
      done.send(Empty{});
    });
    go([cancel = cancel, done] {
      cancel();
      done.send(Empty{});
    });
    for (int k = 0; k < 3; k++) (void)done.recv();
    EXPECT_TRUE(IsDone(ctx));
  }
}

// The std::jthread example: a worker stopped through its stop_token runs
// context-aware code that is cancelled with it.
TEST(StopTokenTest, JthreadExample) {
  auto started = make_chan<Empty>(1);
  absl::Status seen;
  {
    std::jthread worker([&](std::stop_token st) {
      auto [ctx, cancel] = context::WithStopToken(Background(), st);
      absl::Cleanup defer_cancel = [&cancel = cancel] { cancel(); };
      started.send(Empty{});
      (void)ctx.Done().recv();  // "serve" until stopped
      seen = ctx.Err();
    });
    (void)started.recv();
  }  // ~jthread: request_stop(), then join()
  EXPECT_EQ(seen, context::Canceled);

  // And the other way: a jthread's loop driven by a context's token.
  auto [ctx, cancel] = context::WithCancel(Background());
  std::atomic<int> iterations{0};
  std::jthread loop([&iterations, st = ctx.StopToken()] {
    while (!st.stop_requested()) {
      iterations++;
      std::this_thread::yield();
    }
  });
  cancel();
  loop.join();  // returns: the token was stopped
  SUCCEED() << iterations.load();
}

}  // namespace
}  // namespace golang
