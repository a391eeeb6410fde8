// Package context's constructors, after Go's context.go. The cancelable
// kinds live in internal/cancel_ctx.{h,cc}; the never-cancelled kinds
// (emptyCtx, valueCtx, withoutCancelCtx) are here.
#include "context/context.h"

#include <cxxabi.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <utility>

#include "context/internal/cancel_ctx.h"
#include "runtime/runtime.h"

namespace golang {
namespace context {
namespace {

using internal::CancelCtx;

void CheckParent(const Context& parent) {
  if (parent == nullptr) golang::panic("cannot create context from nil parent");
}

// The body of every CancelFunc and CancelCauseFunc. `c` is a reference of
// the call's own, taken by value before anything happens: the function's
// captured reference may go in the middle of the call, because a goroutine
// waiting on Done may destroy the function (and the context's last handle)
// the moment Cancel closes Done, while Cancel still cancels children and
// detaches from the parent.
// NOLINTNEXTLINE(performance-unnecessary-value-param): the copy is the point.
void CancelFromFunc(std::shared_ptr<CancelCtx> c, bool remove_from_parent,
                    const absl::Status& err, absl::Status cause) {
  c->Cancel(remove_from_parent, err, std::move(cause));
}

// Go: emptyCtx (backgroundCtx, todoCtx).
class EmptyCtx final : public Interface {
 public:
  explicit EmptyCtx(const char* name) : name_(name) {}
  std::pair<time::Time, bool> Deadline() const override {
    return {time::Time(), false};
  }
  recv_chan<Empty> Done() const override { return nullptr; }
  absl::Status Err() const override { return absl::OkStatus(); }
  const void* Value(const KeyBase&) const override { return nullptr; }
  std::string String() const override { return name_; }

 private:
  const char* const name_;
};

// Go: valueCtx.
class ValueCtx final : public Interface {
 public:
  ValueCtx(Context parent, const KeyBase& key,
           std::shared_ptr<const void> value,
           std::string (*stringify)(const void*))
      : parent_(std::move(parent)),
        key_(key),
        value_(std::move(value)),
        stringify_(stringify) {}

  std::pair<time::Time, bool> Deadline() const override {
    return parent_.Deadline();
  }
  recv_chan<Empty> Done() const override { return parent_.Done(); }
  absl::Status Err() const override { return parent_.Err(); }
  const void* Value(const KeyBase& key) const override {
    if (&key == &key_) return value_.get();
    return parent_.Value(key);
  }
  std::string String() const override {
    return parent_.String() + ".WithValue(" + key_.String() + ", " +
           (value_ == nullptr ? std::string("<nil>")
                              : stringify_(value_.get())) +
           ")";
  }

 private:
  const Context parent_;
  const KeyBase& key_;
  const std::shared_ptr<const void> value_;
  std::string (*const stringify_)(const void*);
};

// Go: withoutCancelCtx.
class WithoutCancelCtx final : public Interface {
 public:
  explicit WithoutCancelCtx(Context parent) : parent_(std::move(parent)) {}
  std::pair<time::Time, bool> Deadline() const override {
    return {time::Time(), false};
  }
  recv_chan<Empty> Done() const override { return nullptr; }
  absl::Status Err() const override { return absl::OkStatus(); }
  const void* Value(const KeyBase& key) const override {
    // Hide the cancelable ancestor: Cause() is OK here, and nothing derived
    // from this context registers with it.
    if (&key == &internal::kCancelCtxKey) return nullptr;
    return parent_.Value(key);
  }
  std::string String() const override {
    return parent_.String() + ".WithoutCancel";
  }

 private:
  const Context parent_;
};

// Never destroyed: contexts may be used during static destruction.
const Context& BackgroundCtx() {
  static const Context* const c =
      new Context(std::make_shared<EmptyCtx>("context.Background"));
  return *c;
}

}  // namespace

std::string KeyBase::String() const {
  if (!name_.empty()) return std::string(name_);
  return value_internal::TypeName(typeid(*this));
}

std::string Interface::String() const {
  return value_internal::TypeName(typeid(*this));
}

// NOLINTNEXTLINE(performance-unnecessary-value-param): overriders keep f.
std::function<bool()> Interface::AfterFunc(std::function<void()>) const {
  return nullptr;
}

const Interface& Context::Get() const {
  if (impl_ == nullptr) {
    golang::panic(
        "runtime error: invalid memory address or nil pointer dereference");
  }
  return *impl_;
}

std::ostream& operator<<(std::ostream& os, const Context& ctx) {
  return os << ctx.String();
}

std::stop_token Context::StopToken() const {
  if (Done() == nullptr) return std::stop_token();  // never stops
  std::stop_source source;
  if (!Err().ok()) {
    source.request_stop();  // no lock held here
    return source.get_token();
  }
  // The registration is released when this context is cancelled.
  (void)context::AfterFunc(*this,
                           [source]() mutable { source.request_stop(); });
  return source.get_token();
}

Wrapper::Wrapper(Context parent) : parent_(std::move(parent)) {
  CheckParent(parent_);
}

Context Background() { return BackgroundCtx(); }

Context TODO() {
  static const Context* const c =
      new Context(std::make_shared<EmptyCtx>("context.TODO"));
  return *c;
}

std::pair<Context, CancelFunc> WithCancel(const Context& parent) {
  CheckParent(parent);
  auto c = std::make_shared<CancelCtx>(parent);
  c->PropagateCancel(c);
  return {Context(c),
          [c] { CancelFromFunc(c, true, Canceled, absl::OkStatus()); }};
}

std::pair<Context, CancelCauseFunc> WithCancelCause(const Context& parent) {
  CheckParent(parent);
  auto c = std::make_shared<CancelCtx>(parent);
  c->PropagateCancel(c);
  return {Context(c), [c](absl::Status cause) {
            CancelFromFunc(c, true, Canceled, std::move(cause));
          }};
}

std::pair<Context, CancelFunc> WithDeadline(const Context& parent,
                                            time::Time d) {
  return WithDeadlineCause(parent, d, absl::OkStatus());
}

std::pair<Context, CancelFunc> WithDeadlineCause(const Context& parent,
                                                 time::Time d,
                                                 absl::Status cause) {
  CheckParent(parent);
  if (auto [cur, ok] = parent.Deadline(); ok && cur < d) {
    // The current deadline is already sooner than the new one.
    return WithCancel(parent);
  }
  auto c = std::make_shared<internal::TimerCtx>(parent, d);
  c->PropagateCancel(c);
  time::Duration dur = d - time::Now();
  if (dur <= absl::ZeroDuration()) {
    c->Cancel(true, DeadlineExceeded, std::move(cause));  // already passed
    return {Context(c),
            [c] { CancelFromFunc(c, false, Canceled, absl::OkStatus()); }};
  }
  c->Arm(c, dur, std::move(cause));
  return {Context(c),
          [c] { CancelFromFunc(c, true, Canceled, absl::OkStatus()); }};
}

std::pair<Context, CancelFunc> WithTimeout(const Context& parent,
                                           time::Duration timeout) {
  return WithDeadlineCause(parent, time::Now() + timeout, absl::OkStatus());
}

std::pair<Context, CancelFunc> WithTimeoutCause(const Context& parent,
                                                time::Duration timeout,
                                                absl::Status cause) {
  return WithDeadlineCause(parent, time::Now() + timeout, std::move(cause));
}

Context WithoutCancel(const Context& parent) {
  CheckParent(parent);
  return Context(std::make_shared<WithoutCancelCtx>(parent));
}

absl::Status Cause(const Context& c) {
  const void* p = c.Value(internal::kCancelCtxKey);
  if (p == nullptr) {
    // Not a standard context (or WithoutCancel): its Err is its cause.
    return c.Err();
  }
  return static_cast<const CancelCtx*>(p)->CauseValue();
}

std::function<bool()> AfterFunc(const Context& ctx, std::function<void()> f) {
  auto a = std::make_shared<internal::AfterFuncCtx>(ctx, std::move(f));
  a->PropagateCancel(a);
  return [a] { return a->Stop(); };
}

std::pair<Context, CancelFunc> WithStopToken(const Context& parent,
                                             std::stop_token token) {
  CheckParent(parent);
  auto c = std::make_shared<internal::StopTokenCtx>(parent);
  c->PropagateCancel(c);
  c->Watch(c, std::move(token));
  return {Context(c),
          [c] { CancelFromFunc(c, true, Canceled, absl::OkStatus()); }};
}

namespace value_internal {

std::string TypeName(const std::type_info& type) {
  int status = 0;
  char* demangled = abi::__cxa_demangle(type.name(), nullptr, nullptr, &status);
  if (status != 0 || demangled == nullptr) return type.name();
  std::string name(demangled);
  std::free(demangled);
  return name;
}

Context NewValueCtx(const Context& parent, const KeyBase& key,
                    std::shared_ptr<const void> value,
                    std::string (*stringify)(const void*)) {
  CheckParent(parent);
  return Context(
      std::make_shared<ValueCtx>(parent, key, std::move(value), stringify));
}

}  // namespace value_internal
}  // namespace context
}  // namespace golang
