// golang-cpp internal: NOT API. Users must not name anything declared here.
//
// cancel_ctx.h: the cancelable kinds of context, after Go's context.go:
// CancelCtx (cancelCtx: WithCancel, WithCancelCause), TimerCtx (timerCtx:
// WithDeadline, WithTimeout), AfterFuncCtx (afterFuncCtx: AfterFunc) and
// StopTokenCtx (WithStopToken, not Go).
//
// The tree. A CancelCtx holds its parent (a Context handle: strong). When it
// is derived from a cancelable parent, the nearest standard ancestor P (found
// with Go's parentCancelCtx: P answers Value(kCancelCtxKey) with itself and
// the parent's Done() is P's channel) holds the child in P.children_
// (strong) until either is cancelled: P's cancel cancels and drops every
// child; a child's own cancel removes it from P (Go's removeChild), so a
// long-lived parent does not grow with short-lived children.
//
// Invariants:
//   - err_ and cause_ are written once, under mu_, before canceled_ is set
//     (release); after that they never change. So Err() and Cause() read
//     them lock-free after an acquire load of canceled_, and a reader that
//     sees Done closed (closed after canceled_ is set) sees them.
//   - Once canceled_ is set, children_ is empty and stays empty: a child
//     registering later finds the parent cancelled and cancels itself.
//   - done_ is closed (or set to the shared closed channel) in the same
//     critical section that sets canceled_.
//
// Lock order: a parent's mu_ before a child's mu_ (a parent cancels its
// children while holding its own lock, as Go does, so that a second,
// concurrent cancel of the parent returns only once the whole subtree is
// cancelled). A child never takes its parent's lock while holding its own.
// No user code runs under mu_: AfterFunc's f is started in a new goroutine,
// a user-defined parent's AfterFunc is called with no lock held, and a
// stop_callback is destroyed with no context lock of its own held.
//
// Lifetimes: no shared_ptr to a context is dropped while a context lock is
// held (dropping one may run a destructor that takes a parent's lock).
#ifndef GOLANG_CONTEXT_INTERNAL_CANCEL_CTX_H_
#define GOLANG_CONTEXT_INTERNAL_CANCEL_CTX_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <stop_token>
#include <string>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "chan/chan.h"
#include "context/context.h"
#include "runtime/internal/lock.h"
#include "time/time.h"

namespace golang::internal {

// Go: &cancelCtxKey — a CancelCtx answers Value(kCancelCtxKey) with itself.
extern const context::KeyBase kCancelCtxKey;

// A channel that is always closed (Go's closedchan).
const chan<Empty>& ClosedChan();

// Go: cancelCtx.
class CancelCtx : public context::Interface {
 public:
  explicit CancelCtx(context::Context parent);
  ~CancelCtx() override = default;

  std::pair<time::Time, bool> Deadline() const override {
    return parent_.Deadline();
  }
  recv_chan<Empty> Done() const override;
  absl::Status Err() const override;
  const void* Value(const context::KeyBase& key) const override;
  std::string String() const override;

  // Go: cancelCtx.cancel(removeFromParent, err, cause). Closes Done, cancels
  // every child and, if remove_from_parent, detaches this context from its
  // parent. Only the first call has an effect. An OK cause means err.
  // The caller must keep this context alive through the call. Kinds
  // override it (and call CancelOnce).
  virtual void Cancel(bool remove_from_parent, const absl::Status& err,
                      absl::Status cause);

  // Go: propagateCancel. Arranges for this context to be cancelled when its
  // parent is. Called once, right after construction, before the context
  // is published; `self` is its owning pointer.
  void PropagateCancel(const std::shared_ptr<CancelCtx>& self);

  // Go: Cause(c) for this context.
  absl::Status CauseValue() const;

  // For tests: the number of registered children.
  size_t NumChildren() const;

  // The goroutines started to watch user-defined parents (Go's
  // context.goroutines counter, for tests).
  static int64_t WatcherGoroutines();

 protected:
  // The shared part of every kind's Cancel: returns true iff this call
  // cancelled the context (false if it already was). Does not detach.
  bool CancelOnce(const absl::Status& err, absl::Status cause);

  // Whether Cancel has taken effect (acquire: err_ and cause_ are final).
  bool IsCanceled() const { return canceled_.load(std::memory_order_acquire); }

  // Go: removeChild(c.Context, c). Returns the registration's owning
  // pointer, for the caller to drop after it is done with `this`.
  std::shared_ptr<CancelCtx> RemoveFromParent();

  const context::Context parent_;
  mutable Lock mu_{LockRank::kCancelCtx};

 private:
  // Go: parentCancelCtx — the nearest standard cancelable ancestor whose
  // Done channel `parent` uses, or null.
  static CancelCtx* ParentCancelCtx(const context::Context& parent);

  // Removes `child` from children_; returns its owning pointer.
  std::shared_ptr<CancelCtx> RemoveChild(CancelCtx* child);

  mutable chan<Empty> done_ ABSL_GUARDED_BY(mu_);
  std::atomic<bool> canceled_{false};
  absl::Status err_;    // see the invariants above
  absl::Status cause_;  // see the invariants above
  absl::flat_hash_map<CancelCtx*, std::shared_ptr<CancelCtx>> children_
      ABSL_GUARDED_BY(mu_);

  // Where this context is registered, set by PropagateCancel before the
  // context is published and constant after: the standard ancestor whose
  // children_ holds it, or the stop function of a user-defined parent's
  // AfterFunc (Go's stopCtx).
  CancelCtx* registered_in_ = nullptr;
  std::function<bool()> parent_stop_;
};

// Go: timerCtx.
class TimerCtx : public CancelCtx {
 public:
  TimerCtx(context::Context parent, time::Time deadline)
      : CancelCtx(std::move(parent)), deadline_(deadline) {}

  std::pair<time::Time, bool> Deadline() const override {
    return {deadline_, true};
  }
  std::string String() const override;
  void Cancel(bool remove_from_parent, const absl::Status& err,
              absl::Status cause) override;

  // Starts the timer (unless already cancelled): at the deadline, `self` is
  // cancelled with DeadlineExceeded and `cause`. The timer keeps the context
  // alive until it fires or is stopped, as Go's timer does.
  void Arm(const std::shared_ptr<TimerCtx>& self, time::Duration d,
           absl::Status cause);

 private:
  using Timer =
      decltype(time::AfterFunc(time::Duration(), std::function<void()>()));

  const time::Time deadline_;
  Timer timer_ ABSL_GUARDED_BY(mu_){};
  std::shared_ptr<TimerCtx> self_ref_ ABSL_GUARDED_BY(mu_);
};

// Go: afterFuncCtx.
class AfterFuncCtx : public CancelCtx {
 public:
  AfterFuncCtx(context::Context parent, std::function<void()> f)
      : CancelCtx(std::move(parent)), f_(std::move(f)) {}

  void Cancel(bool remove_from_parent, const absl::Status& err,
              absl::Status cause) override;

  // The AfterFunc's stop: true iff it prevented f from running.
  bool Stop();

 private:
  // Go: a.once. Whoever sets it first decides: Cancel starts f, Stop
  // prevents it. f_ is moved out only by the Cancel that set it.
  std::atomic<bool> once_{false};
  std::function<void()> f_;
};

// WithStopToken: a CancelCtx cancelled by a std::stop_callback.
class StopTokenCtx : public CancelCtx {
 public:
  explicit StopTokenCtx(context::Context parent)
      : CancelCtx(std::move(parent)) {}
  ~StopTokenCtx() override;

  std::string String() const override;
  void Cancel(bool remove_from_parent, const absl::Status& err,
              absl::Status cause) override;

  // Registers the stop_callback (which may run, and cancel, at once).
  void Watch(const std::shared_ptr<StopTokenCtx>& self, std::stop_token token);

 private:
  struct OnStop {
    std::weak_ptr<StopTokenCtx> ctx;
    void operator()() const;
  };
  using Callback = std::stop_callback<OnStop>;

  std::unique_ptr<Callback> callback_ ABSL_GUARDED_BY(mu_);
};

// For tests (Go's XTest* read pc.children): the number of children
// registered with the standard context behind `c`, or -1 if there is none.
inline int64_t NumContextChildren(const context::Context& c) {
  const void* p = c.Value(kCancelCtxKey);
  if (p == nullptr) return -1;
  return static_cast<int64_t>(static_cast<const CancelCtx*>(p)->NumChildren());
}

}  // namespace golang::internal

#endif  // GOLANG_CONTEXT_INTERNAL_CANCEL_CTX_H_
