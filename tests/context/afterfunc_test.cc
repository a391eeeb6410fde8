// Tests of context::AfterFunc: a port of Go's src/context/afterfunc_test.go
// and the AfterFunc tests of src/context/x_test.go.
#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>

#include "absl/cleanup/cleanup.h"
#include "chan/chan.h"
#include "chan/select.h"
#include "context/context.h"
#include "context/internal/cancel_ctx.h"
#include "gtest/gtest.h"
#include "runtime/internal/goroutine.h"
#include "runtime/runtime.h"
#include "time/time.h"

namespace golang {
namespace {

using context::Background;
using context::Context;

const time::Duration kShortDuration = 1 * time::Millisecond;
const time::Duration kVeryLongDuration = 1000 * time::Hour;
const time::Duration kQuiescent = 10 * time::Second;

// Go: afterFuncContext — a user-defined context that implements AfterFunc.
class AfterFuncContext : public context::Interface {
 public:
  std::pair<time::Time, bool> Deadline() const override {
    return {time::Time(), false};
  }
  recv_chan<Empty> Done() const override {
    std::lock_guard<std::mutex> l(mu_);
    return done_;
  }
  absl::Status Err() const override {
    std::lock_guard<std::mutex> l(mu_);
    return err_;
  }
  const void* Value(const context::KeyBase&) const override { return nullptr; }

  std::function<bool()> AfterFunc(std::function<void()> f) const override {
    std::lock_guard<std::mutex> l(mu_);
    const int k = next_key_++;
    after_funcs_[k] = std::move(f);
    return [this, k] {
      std::lock_guard<std::mutex> l(mu_);
      return after_funcs_.erase(k) == 1;
    };
  }

  void Cancel(absl::Status err) {
    std::map<int, std::function<void()>> fs;
    {
      std::lock_guard<std::mutex> l(mu_);
      if (!err_.ok()) return;
      err_ = err;
      close(done_);
      fs.swap(after_funcs_);
    }
    for (auto& [k, f] : fs) go(f);
  }

  size_t NumAfterFuncs() const {
    std::lock_guard<std::mutex> l(mu_);
    return after_funcs_.size();
  }

 private:
  mutable std::mutex mu_;
  mutable int next_key_ = 0;
  mutable std::map<int, std::function<void()>> after_funcs_;
  chan<Empty> done_ = make_chan<Empty>();
  absl::Status err_;
};

// Go: context/afterfunc_test.go TestCustomContextAfterFuncCancel
TEST(AfterFuncTest, CustomContextAfterFuncCancel) {
  auto ctx0 = std::make_shared<AfterFuncContext>();
  const int64_t watchers = internal::CancelCtx::WatcherGoroutines();
  auto [ctx1, cancel] = context::WithCancel(Context(ctx0));
  absl::Cleanup defer_cancel = [&cancel = cancel] { cancel(); };
  EXPECT_EQ(internal::CancelCtx::WatcherGoroutines(), watchers);
  ctx0->Cancel(context::Canceled);
  (void)ctx1.Done().recv();
  EXPECT_EQ(ctx1.Err(), context::Canceled);
}

// Go: context/afterfunc_test.go TestCustomContextAfterFuncTimeout
TEST(AfterFuncTest, CustomContextAfterFuncTimeout) {
  auto ctx0 = std::make_shared<AfterFuncContext>();
  auto [ctx1, cancel] = context::WithTimeout(Context(ctx0), kVeryLongDuration);
  absl::Cleanup defer_cancel = [&cancel = cancel] { cancel(); };
  ctx0->Cancel(context::Canceled);
  (void)ctx1.Done().recv();
}

// Go: context/afterfunc_test.go TestCustomContextAfterFuncAfterFunc
TEST(AfterFuncTest, CustomContextAfterFuncAfterFunc) {
  auto ctx0 = std::make_shared<AfterFuncContext>();
  auto donec = make_chan<Empty>();
  auto stop = context::AfterFunc(Context(ctx0), [donec] { close(donec); });
  absl::Cleanup defer_stop = [&stop = stop] { stop(); };
  ctx0->Cancel(context::Canceled);
  (void)donec.recv();
}

// Go: context/afterfunc_test.go TestCustomContextAfterFuncUnregisterCancel
TEST(AfterFuncTest, CustomContextAfterFuncUnregisterCancel) {
  auto ctx0 = std::make_shared<AfterFuncContext>();
  auto [c1, cancel1] = context::WithCancel(Context(ctx0));
  auto [c2, cancel2] = context::WithCancel(Context(ctx0));
  EXPECT_EQ(ctx0->NumAfterFuncs(), 2u);
  cancel1();
  cancel2();
  EXPECT_EQ(ctx0->NumAfterFuncs(), 0u);
}

// Go: context/afterfunc_test.go TestCustomContextAfterFuncUnregisterTimeout
TEST(AfterFuncTest, CustomContextAfterFuncUnregisterTimeout) {
  auto ctx0 = std::make_shared<AfterFuncContext>();
  auto [c, cancel] = context::WithTimeout(Context(ctx0), kVeryLongDuration);
  EXPECT_EQ(ctx0->NumAfterFuncs(), 1u);
  cancel();
  EXPECT_EQ(ctx0->NumAfterFuncs(), 0u);
}

// Go: context/afterfunc_test.go TestCustomContextAfterFuncUnregisterAfterFunc
TEST(AfterFuncTest, CustomContextAfterFuncUnregisterAfterFunc) {
  auto ctx0 = std::make_shared<AfterFuncContext>();
  auto stop = context::AfterFunc(Context(ctx0), [] {});
  EXPECT_EQ(ctx0->NumAfterFuncs(), 1u);
  EXPECT_TRUE(stop());
  EXPECT_EQ(ctx0->NumAfterFuncs(), 0u);
}

// Go: context/x_test.go TestAfterFuncCalledAfterCancel
TEST(AfterFuncTest, AfterFuncCalledAfterCancel) {
  auto [ctx, cancel] = context::WithCancel(Background());
  auto donec = make_chan<Empty>();
  auto stop = context::AfterFunc(ctx, [donec] { close(donec); });
  ASSERT_EQ(select(recv(donec), recv(time::After(kShortDuration))), 1)
      << "AfterFunc called before context is done";
  cancel();
  ASSERT_EQ(select(recv(donec), recv(time::After(kQuiescent))), 0)
      << "AfterFunc not called after context is canceled";
  EXPECT_FALSE(stop());
}

// Go: context/x_test.go TestAfterFuncCalledAfterTimeout
TEST(AfterFuncTest, AfterFuncCalledAfterTimeout) {
  auto [ctx, cancel] = context::WithTimeout(Background(), kShortDuration);
  absl::Cleanup defer_cancel = [&cancel = cancel] { cancel(); };
  auto donec = make_chan<Empty>();
  (void)context::AfterFunc(ctx, [donec] { close(donec); });
  ASSERT_EQ(select(recv(donec), recv(time::After(kQuiescent))), 0)
      << "AfterFunc not called after context is canceled";
}

// Go: context/x_test.go TestAfterFuncCalledImmediately
TEST(AfterFuncTest, AfterFuncCalledImmediately) {
  auto [ctx, cancel] = context::WithCancel(Background());
  cancel();
  auto donec = make_chan<Empty>();
  (void)context::AfterFunc(ctx, [donec] { close(donec); });
  ASSERT_EQ(select(recv(donec), recv(time::After(kQuiescent))), 0)
      << "AfterFunc not called for already-canceled context";
}

// Go: context/x_test.go TestAfterFuncNotCalledAfterStop
TEST(AfterFuncTest, AfterFuncNotCalledAfterStop) {
  auto [ctx, cancel] = context::WithCancel(Background());
  auto donec = make_chan<Empty>();
  auto stop = context::AfterFunc(ctx, [donec] { close(donec); });
  EXPECT_TRUE(stop());
  cancel();
  EXPECT_EQ(select(recv(donec), recv(time::After(kShortDuration))), 1)
      << "AfterFunc called for already-canceled context";
  EXPECT_FALSE(stop());
}

// Go: context/x_test.go TestAfterFuncCalledAsynchronously
// (canceling a context does not block waiting for AfterFuncs to finish).
TEST(AfterFuncTest, AfterFuncCalledAsynchronously) {
  auto [ctx, cancel] = context::WithCancel(Background());
  auto donec = make_chan<Empty>();
  auto stop = context::AfterFunc(ctx, [donec] {
    // The channel send blocks until donec is read from.
    donec.send(Empty{});
  });
  absl::Cleanup defer_stop = [&stop = stop] { stop(); };
  cancel();
  // After cancel returns, read from donec and unblock the AfterFunc.
  ASSERT_EQ(select(recv(donec), recv(time::After(kQuiescent))), 0)
      << "AfterFunc not called after context is canceled";
}

// CTX-45/MM-18: f runs in its own goroutine, after ctx is done.
TEST(AfterFuncTest, RunsInOwnGoroutineAfterDone) {
  auto [ctx, cancel] = context::WithCancel(Background());
  auto result = make_chan<bool>(1);
  const auto* self = internal::CurrentGoroutine();
  Context c = ctx;
  (void)context::AfterFunc(ctx, [result, c, self] {
    result.send(!c.Err().ok() && internal::CurrentGoroutine() != self &&
                internal::CurrentGoroutine() != nullptr);
  });
  cancel();
  EXPECT_TRUE(result.recv());
}

// CTX-49: several AfterFuncs are independent; stop removes only its own.
TEST(AfterFuncTest, Independent) {
  auto [ctx, cancel] = context::WithCancel(Background());
  auto ran = make_chan<int>(3);
  auto s0 = context::AfterFunc(ctx, [ran] { ran.send(0); });
  auto s1 = context::AfterFunc(ctx, [ran] { ran.send(1); });
  auto s2 = context::AfterFunc(ctx, [ran] { ran.send(2); });
  EXPECT_EQ(internal::NumContextChildren(ctx), 3);
  EXPECT_TRUE(s1());
  EXPECT_EQ(internal::NumContextChildren(ctx), 2);
  cancel();
  int sum = ran.recv() + ran.recv();
  EXPECT_EQ(sum, 2);
  EXPECT_EQ(select(recv(ran), recv(time::After(kShortDuration))), 1);
  EXPECT_FALSE(s0());
  EXPECT_FALSE(s2());
}

// CTX-50: a context that can never be cancelled never runs f.
TEST(AfterFuncTest, NeverCanceledContext) {
  std::atomic<bool> ran{false};
  auto stop = context::AfterFunc(Background(), [&ran] { ran = true; });
  EXPECT_TRUE(stop());
  EXPECT_FALSE(stop());
  auto stop2 = context::AfterFunc(context::WithoutCancel(Background()),
                                  [&ran] { ran = true; });
  EXPECT_TRUE(stop2());
  EXPECT_FALSE(ran.load());
}

// CTX-46/47: stop racing cancel: f runs iff stop returned false.
TEST(AfterFuncTest, StopRacesCancel) {
  for (int i = 0; i < 200; i++) {
    auto [ctx, cancel] = context::WithCancel(Background());
    auto ran = make_chan<Empty>(1);
    auto stop = context::AfterFunc(ctx, [ran] { ran.send(Empty{}); });
    go(cancel);
    const bool stopped = stop();
    (void)ctx.Done().recv();
    if (stopped) {
      EXPECT_EQ(select(recv(ran), recv(time::After(kShortDuration))), 1);
    } else {
      EXPECT_EQ(select(recv(ran), recv(time::After(kQuiescent))), 0);
    }
  }
}

}  // namespace
}  // namespace golang
