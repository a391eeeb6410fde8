// "Destroyed right after the operation" for contexts (issue 13, item 2).
// The context handle and its cancel function live in one heap object, their
// only owners; a goroutine cancels through that object, and the goroutine
// that waits on Done deletes it the moment Done is closed, while the cancel
// call that closed it is still returning. Cancelling must keep what it
// works on alive by itself: AddressSanitizer reports a late access as a
// heap-use-after-free, ThreadSanitizer as a race with the delete.
#include <memory>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "chan/chan.h"
#include "context/context.h"
#include "gtest/gtest.h"
#include "runtime/runtime.h"
#include "tests/test_util.h"
#include "time/time.h"

namespace golang::context {
namespace {

using testutil::kScale;

constexpr int kIterations = 2000 / kScale;

// WithCancel, WithCancelCause, WithTimeout (cancelled before its deadline)
// and a child of another cancelable context, in turn.
TEST(ContextLifetime, DestroyedByDoneWaiterWhileCancelReturns) {
  for (int i = 0; i < kIterations; i++) {
    struct Owner {
      Context parent;
      CancelFunc parent_cancel;
      Context ctx;
      std::function<void()> cancel;
    };
    auto* o = new Owner;
    switch (i % 4) {
      case 0: {
        std::tie(o->ctx, o->cancel) = WithCancel(Background());
        break;
      }
      case 1: {
        auto [ctx, cancel] = WithCancelCause(Background());
        o->ctx = ctx;
        o->cancel = [cancel = std::move(cancel)] {
          cancel(absl::AbortedError(std::string(40, 'c')));
        };
        break;
      }
      case 2: {
        std::tie(o->ctx, o->cancel) = WithTimeout(Background(), time::Hour);
        break;
      }
      case 3: {
        std::tie(o->parent, o->parent_cancel) = WithCancel(Background());
        std::tie(o->ctx, o->cancel) = WithCancel(o->parent);
        break;
      }
    }
    auto cancelled = make_chan<Empty>(1);
    go([o, cancelled] {
      o->cancel();  // o may be deleted before this returns
      cancelled.send(Empty{});
    });
    recv_chan<Empty> done = o->ctx.Done();
    (void)done.recv();
    ASSERT_FALSE(o->ctx.Err().ok());
    if (o->parent_cancel) o->parent_cancel();
    delete o;
    (void)cancelled.recv();
  }
}

// A parent's cancel (through the parent's shared handle) reaches a child;
// the child's waiter deletes the child (and its cancel function) as soon as
// the child's Done is closed, while the parent's cancel is still cancelling
// the subtree.
TEST(ContextLifetime, ChildDestroyedWhileParentCancelReturns) {
  for (int i = 0; i < kIterations; i++) {
    auto [parent, parent_cancel] = WithCancel(Background());
    auto* parent_cancel_shared = new CancelFunc(std::move(parent_cancel));
    struct Child {
      Context ctx;
      CancelFunc cancel;
    };
    auto* child = new Child;
    std::tie(child->ctx, child->cancel) = WithCancel(parent);
    auto cancelled = make_chan<Empty>(1);
    go([parent_cancel_shared, cancelled] {
      (*parent_cancel_shared)();
      cancelled.send(Empty{});
    });
    (void)child->ctx.Done().recv();
    delete child;
    (void)cancelled.recv();
    delete parent_cancel_shared;
  }
}

// A context whose deadline passes: the timer's cancel runs on its own
// goroutine, and the waiter deletes the context and its cancel function as
// soon as Done is closed.
TEST(ContextLifetime, DestroyedRightAfterDeadline) {
  for (int i = 0; i < kIterations / 4; i++) {
    struct Owner {
      Context ctx;
      CancelFunc cancel;
    };
    auto* o = new Owner;
    std::tie(o->ctx, o->cancel) =
        WithTimeout(Background(), time::Microsecond * (i % 50));
    (void)o->ctx.Done().recv();
    ASSERT_EQ(o->ctx.Err(), DeadlineExceeded);
    delete o;
  }
}

// AfterFunc: f runs on its own goroutine once the context is cancelled; it
// deletes the context's owner (and the stop function) at once.
TEST(ContextLifetime, DestroyedByAfterFuncWhileCancelReturns) {
  for (int i = 0; i < kIterations; i++) {
    struct Owner {
      Context ctx;
      CancelFunc cancel;
      std::function<bool()> stop;
    };
    auto* o = new Owner;
    std::tie(o->ctx, o->cancel) = WithCancel(Background());
    auto ran = make_chan<Empty>(1);
    auto registered = make_chan<Empty>(1);
    o->stop = AfterFunc(o->ctx, [o, ran, registered] {
      (void)registered.recv();
      delete o;
      ran.send(Empty{});
    });
    registered.send(Empty{});
    auto cancelled = make_chan<Empty>(1);
    go([o, cancelled] {
      o->cancel();  // o is deleted by f, maybe before this returns
      cancelled.send(Empty{});
    });
    (void)ran.recv();
    (void)cancelled.recv();
  }
}

}  // namespace
}  // namespace golang::context
