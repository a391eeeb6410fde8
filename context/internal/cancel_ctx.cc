// The cancelable contexts, after Go's context.go (cancelCtx, timerCtx,
// afterFuncCtx, propagateCancel, parentCancelCtx, removeChild). See
// cancel_ctx.h for the invariants and the lock order.
#include "context/internal/cancel_ctx.h"

#include <atomic>
#include <utility>

#include "chan/select.h"
#include "runtime/runtime.h"

namespace golang::internal {
namespace {

std::atomic<int64_t> watcher_goroutines{0};

// A non-blocking receive: is `c` closed? (Done channels never carry values.)
bool IsClosed(const recv_chan<Empty>& c) {
  return select(recv(c), default_case()) == 0;
}

// Go: contextName.
std::string ContextName(const context::Context& c) { return c.String(); }

}  // namespace

const context::KeyBase kCancelCtxKey("cancelCtxKey");

const chan<Empty>& ClosedChan() {
  // Never destroyed: contexts may outlive static destruction.
  static const chan<Empty>* const closed = [] {
    auto* c = new chan<Empty>(make_chan<Empty>());
    golang::close(*c);
    return c;
  }();
  return *closed;
}

CancelCtx::CancelCtx(context::Context parent) : parent_(std::move(parent)) {}

recv_chan<Empty> CancelCtx::Done() const {
  LockGuard l(&mu_);
  if (done_ == nullptr) {
    // Created lazily (Go's c.done); a context cancelled before anyone asked
    // shares the closed channel.
    done_ = canceled_.load(std::memory_order_relaxed) ? ClosedChan()
                                                      : make_chan<Empty>();
  }
  return done_;
}

absl::Status CancelCtx::Err() const {
  // Acquire pairs with the release in CancelOnce: err_ is then final.
  if (!canceled_.load(std::memory_order_acquire)) return absl::OkStatus();
  return err_;
}

absl::Status CancelCtx::CauseValue() const {
  if (!canceled_.load(std::memory_order_acquire)) return absl::OkStatus();
  return cause_;
}

const void* CancelCtx::Value(const context::KeyBase& key) const {
  if (&key == &kCancelCtxKey) return static_cast<const CancelCtx*>(this);
  return parent_.Value(key);
}

std::string CancelCtx::String() const {
  return ContextName(parent_) + ".WithCancel";
}

size_t CancelCtx::NumChildren() const {
  LockGuard l(&mu_);
  return children_.size();
}

int64_t CancelCtx::WatcherGoroutines() {
  return watcher_goroutines.load(std::memory_order_relaxed);
}

bool CancelCtx::CancelOnce(const absl::Status& err, absl::Status cause) {
  if (cause.ok()) cause = err;
  // Dropped after mu_ is released: a child's destructor takes its parent's
  // (our) lock.
  absl::flat_hash_map<CancelCtx*, std::shared_ptr<CancelCtx>> children;
  {
    LockGuard l(&mu_);
    if (canceled_.load(std::memory_order_relaxed)) return false;
    err_ = err;
    cause_ = std::move(cause);
    canceled_.store(true, std::memory_order_release);
    if (done_ == nullptr) {
      done_ = ClosedChan();
    } else {
      golang::close(done_);
    }
    children.swap(children_);
    // Under our lock (parent before child), as Go: a concurrent cancel of
    // this context blocks on mu_ until the whole subtree is cancelled.
    for (auto& [raw, child] : children) child->Cancel(false, err_, cause_);
  }
  return true;
}

void CancelCtx::Cancel(bool remove_from_parent, const absl::Status& err,
                       absl::Status cause) {
  if (!CancelOnce(err, std::move(cause))) return;
  if (remove_from_parent) {
    std::shared_ptr<CancelCtx> keep = RemoveFromParent();
    // `keep` may be the last reference to this: nothing follows.
  }
}

std::shared_ptr<CancelCtx> CancelCtx::RemoveChild(CancelCtx* child) {
  std::shared_ptr<CancelCtx> owned;
  LockGuard l(&mu_);
  auto it = children_.find(child);
  if (it != children_.end()) {
    owned = std::move(it->second);
    children_.erase(it);
  }
  return owned;  // dropped by the caller, after mu_ is released
}

std::shared_ptr<CancelCtx> CancelCtx::RemoveFromParent() {
  if (parent_stop_) {
    parent_stop_();  // Go: stopCtx — unregister from the user's AfterFunc
    return nullptr;
  }
  if (registered_in_ != nullptr) return registered_in_->RemoveChild(this);
  return nullptr;
}

CancelCtx* CancelCtx::ParentCancelCtx(const context::Context& parent) {
  recv_chan<Empty> done = parent.Done();
  if (done == nullptr || done == ClosedChan()) return nullptr;
  auto* p =
      static_cast<CancelCtx*>(const_cast<void*>(parent.Value(kCancelCtxKey)));
  if (p == nullptr) return nullptr;
  // A user-defined parent that wraps p but has its own Done channel must be
  // watched through that channel, not through p.
  LockGuard l(&p->mu_);
  if (p->done_ != done) return nullptr;
  return p;
}

void CancelCtx::PropagateCancel(const std::shared_ptr<CancelCtx>& self) {
  recv_chan<Empty> done = parent_.Done();
  if (done == nullptr) return;  // the parent is never cancelled

  if (IsClosed(done)) {
    // The parent is already cancelled.
    Cancel(false, parent_.Err(), context::Cause(parent_));
    return;
  }

  if (CancelCtx* p = ParentCancelCtx(parent_)) {
    // The parent is, or forwards to, a standard context.
    LockGuard l(&p->mu_);
    if (p->canceled_.load(std::memory_order_relaxed)) {
      // Cancelled since: our lock under the parent's, in order.
      Cancel(false, p->err_, p->cause_);
    } else {
      registered_in_ = p;
      p->children_.emplace(this, self);
    }
    return;
  }

  // A user-defined parent. Its AfterFunc, if it has one, is user code: call
  // it with no lock held. The callback keeps `self` alive until it runs or
  // is unregistered (by Cancel, through parent_stop_).
  std::function<bool()> stop = parent_.get()->AfterFunc([self] {
    self->Cancel(false, self->parent_.Err(), context::Cause(self->parent_));
  });
  if (stop) {
    parent_stop_ = std::move(stop);
    return;
  }

  // Neither: one goroutine waits for either Done.
  watcher_goroutines.fetch_add(1, std::memory_order_relaxed);
  go([self] {
    recv_chan<Empty> parent_done = self->parent_.Done();
    recv_chan<Empty> child_done = self->Done();
    select(recv(parent_done,
                [&] {
                  self->Cancel(false, self->parent_.Err(),
                               context::Cause(self->parent_));
                }),
           recv(child_done));
  });
}

// ---- TimerCtx ----

std::string TimerCtx::String() const {
  return ContextName(parent_) + ".WithDeadline(" +
         absl::FormatTime("%Y-%m-%d %H:%M:%E*S %z %Z", deadline_,
                          absl::LocalTimeZone()) +
         " [" + absl::FormatDuration(deadline_ - time::Now()) + "])";
}

void TimerCtx::Arm(const std::shared_ptr<TimerCtx>& self, time::Duration d,
                   absl::Status cause) {
  std::weak_ptr<TimerCtx> weak = self;
  LockGuard l(&mu_);
  if (IsCanceled()) return;
  self_ref_ = self;
  timer_ = time::AfterFunc(d, [weak, cause = std::move(cause)] {
    if (std::shared_ptr<TimerCtx> c = weak.lock()) {
      c->Cancel(true, context::DeadlineExceeded, cause);
    }
  });
}

void TimerCtx::Cancel(bool remove_from_parent, const absl::Status& err,
                      absl::Status cause) {
  if (!CancelOnce(err, std::move(cause))) return;
  std::shared_ptr<CancelCtx> keep_registration;
  if (remove_from_parent) keep_registration = RemoveFromParent();
  Timer timer{};
  std::shared_ptr<TimerCtx> keep_self;
  {
    LockGuard l(&mu_);
    timer = std::move(timer_);
    timer_ = Timer{};
    keep_self = std::move(self_ref_);
  }
  if (timer) timer->Stop();
  // `timer`, then the references to this, are dropped last.
}

// ---- AfterFuncCtx ----

void AfterFuncCtx::Cancel(bool remove_from_parent, const absl::Status& err,
                          absl::Status cause) {
  // Go: a.cancelCtx.cancel(false, ...); removeChild; a.once.Do(go a.f).
  // Go detaches even when already cancelled; detaching only on the first
  // call is the same, since whoever cancelled first detached (or the
  // parent, cancelling, dropped its children).
  if (!CancelOnce(err, std::move(cause))) return;
  std::shared_ptr<CancelCtx> keep;
  if (remove_from_parent) keep = RemoveFromParent();
  if (!once_.exchange(true, std::memory_order_acq_rel)) {
    // Its own goroutine, never under a lock we hold (this may run inside a
    // parent's cancel, under the parent's lock: go only queues it).
    go(std::move(f_));
  }
}

bool AfterFuncCtx::Stop() {
  if (once_.exchange(true, std::memory_order_acq_rel)) return false;
  Cancel(true, context::Canceled, absl::OkStatus());
  return true;
}

// ---- StopTokenCtx ----

StopTokenCtx::~StopTokenCtx() {
  // Unregister first: if the callback is running on another thread, this
  // waits for it while every member is still intact. (It cannot hold a
  // strong reference: its weak_ptr no longer locks.)
  std::unique_ptr<Callback> cb;
  {
    LockGuard l(&mu_);
    cb = std::move(callback_);
  }
  cb.reset();
}

std::string StopTokenCtx::String() const {
  return ContextName(parent_) + ".WithStopToken";
}

void StopTokenCtx::OnStop::operator()() const {
  if (std::shared_ptr<StopTokenCtx> c = ctx.lock()) {
    c->Cancel(true, context::Canceled, absl::OkStatus());
  }
}

void StopTokenCtx::Watch(const std::shared_ptr<StopTokenCtx>& self,
                         std::stop_token token) {
  if (!token.stop_possible()) return;
  // May run OnStop (and cancel) right here if the token is already stopped.
  auto cb = std::make_unique<Callback>(std::move(token), OnStop{self});
  {
    LockGuard l(&mu_);
    if (!IsCanceled()) {
      callback_ = std::move(cb);
      return;
    }
  }
  // Already cancelled: unregister, with no lock held.
}

void StopTokenCtx::Cancel(bool remove_from_parent, const absl::Status& err,
                          absl::Status cause) {
  if (!CancelOnce(err, std::move(cause))) return;
  std::shared_ptr<CancelCtx> keep;
  if (remove_from_parent) keep = RemoveFromParent();
  std::unique_ptr<Callback> cb;
  {
    LockGuard l(&mu_);
    cb = std::move(callback_);
  }
  // Unregistering waits for the callback if it is running on another
  // thread. That is safe without our lock: the callback only calls Cancel,
  // which finds the context cancelled and returns before taking any other
  // lock. (On the callback's own thread it does not wait.)
  cb.reset();
}

}  // namespace golang::internal
