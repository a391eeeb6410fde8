// golang-cpp: Go's concurrency model in C++20.
//
// context/context.h — package context: Context, Background, TODO,
// WithCancel, WithCancelCause, WithDeadline, WithDeadlineCause, WithTimeout,
// WithTimeoutCause, WithValue (typed keys), WithoutCancel, AfterFunc, Cause,
// Canceled and DeadlineExceeded; plus interop with std::stop_token, and
// Range, a range over a channel that also stops when a context is done.
//
// Go origin: src/context/context.go (Go 1.21+).
//
// A Context carries a cancellation signal, a deadline and request-scoped
// values across API boundaries and between goroutines. Contexts form a tree:
// each derived context has a parent, and cancelling a context cancels its
// whole subtree. A context::Context is a cheap, copyable handle (a counted
// reference), so pass it by value as Go passes its interface value.
//
// Example:
//
//   // Go:
//   //   ctx, cancel := context.WithTimeout(parent, 100*time.Millisecond)
//   //   defer cancel()
//   //   select {
//   //   case r := <-results:
//   //       use(r)
//   //   case <-ctx.Done():
//   //       return ctx.Err()
//   //   }
//   auto [ctx, cancel] = context::WithTimeout(parent, 100 * time::Millisecond);
//   absl::Cleanup defer_cancel = [&] { cancel(); };
//   if (select(recv(results, [&](Result r) { use(r); }),
//              recv(ctx.Done())) == 1) {
//     return ctx.Err();
//   }
//
// Memory ordering: cancellation closes the Done channel, so everything a
// goroutine did before calling cancel (or before the deadline fired, for the
// timer's goroutine) is synchronized before a receive that returns because
// Done is closed (the channel close rule). Err() and Cause() are stored
// before Done is closed: once Done is seen closed, Err() is non-OK and never
// changes, and a Cause() that returned a non-OK status returned the final
// cause. AfterFunc's f starts in a new goroutine after its context is
// cancelled, so the cancellation is synchronized before f starts.
//
// Cancellation is synchronous for the standard kinds: when a cancel
// function returns, every descendant reached through standard contexts (and
// through user-defined contexts that forward Done to a standard one) has its
// Done closed. A child of a user-defined context whose Done is its own
// channel is cancelled asynchronously, as in Go (see Interface below).
//
// Lifetimes and leaks (Go's `lostcancel`, CTX-52): a cancelable parent keeps
// every derived context it has not yet cancelled alive, so that cancelling
// the parent can reach them; cancelling the child (or the parent) releases
// it. Nothing is cancelled on destruction: dropping the last handle and the
// CancelFunc does not cancel a context, exactly as in Go. So always call the
// CancelFunc, typically with
//
//   absl::Cleanup defer_cancel = [&] { cancel(); };   // Go: defer cancel()
//
// (Clang before 16 cannot capture a structured binding: there, write
// `[&cancel = cancel] { cancel(); }`.)
//
// Because C++ has no garbage collector, a derived context that is never
// cancelled, under a cancelable parent that is never cancelled either, is
// never freed (in Go the pair would be collected once unreachable). A
// context with a pending deadline stays alive until its timer fires or it is
// cancelled.
//
// A CancelFunc (or CancelCauseFunc) holds its context for as long as a call
// of it runs, so the function and the context's last handle may be
// destroyed as soon as Done is closed, while the call that closed it is
// still returning (a goroutine that waits on Done and then frees what it
// shares with the canceller). The timer of WithDeadline and WithTimeout
// holds its context in the same way while it cancels it.
//
// Differences from Go:
//   - Errors are absl::Status values. Err() returns OK (Go's nil),
//     Canceled (absl::CancelledError("context canceled")) or
//     DeadlineExceeded (absl::DeadlineExceededError("context deadline
//     exceeded")). Comparison is by value, not identity: a status built with
//     the same code and message compares equal to context::Canceled.
//     DeadlineExceeded's code is kDeadlineExceeded, which plays the role of
//     Go's `Timeout() bool` (true).
//   - Values use typed keys (context::Key<T>) that compare by identity, so
//     Go's run-time `nil key` and `key is not comparable` panics cannot
//     happen: such keys do not compile.
//   - A derived context does not grow its cancelable parent after it is
//     cancelled (Go's removeChild); an uncancelled one does, as in Go.
#ifndef GOLANG_CONTEXT_CONTEXT_H_
#define GOLANG_CONTEXT_CONTEXT_H_

#include <cstddef>
#include <functional>
#include <iterator>
#include <memory>
#include <ostream>
#include <ranges>
#include <stop_token>
#include <string>
#include <string_view>
#include <type_traits>
#include <typeinfo>
#include <utility>

#include "absl/status/status.h"
#include "chan/chan.h"
#include "chan/internal/chan_handle.h"
#include "chan/internal/select_core.h"
#include "time/time.h"

namespace golang {
namespace context {

class Context;

// Go: var Canceled = errors.New("context canceled")
//
// The error Err() returns when a context is cancelled (not by its deadline).
inline const absl::Status Canceled = absl::CancelledError("context canceled");

// Go: var DeadlineExceeded error = deadlineExceededError{}
//
// The error Err() returns when a context's deadline passes. Its code,
// absl::StatusCode::kDeadlineExceeded, is Go's `Timeout() bool` (true).
inline const absl::Status DeadlineExceeded =
    absl::DeadlineExceededError("context deadline exceeded");

// Go: type CancelFunc func()
//
// Tells an operation to abandon its work. Copyable, like a Go func value;
// may be called any number of times from any thread; calls after the first
// do nothing. It does not wait for the work to stop.
using CancelFunc = std::function<void()>;

// Go: type CancelCauseFunc func(cause error)
//
// As CancelFunc, and records `cause` (readable with Cause()) if this call is
// the one that cancels the context. An OK status is Go's nil: the cause is
// then Canceled.
using CancelCauseFunc = std::function<void(absl::Status cause)>;

// The untyped identity of a value key. Use Key<T>; KeyBase appears only in
// the Interface of user-defined contexts.
class KeyBase {
 public:
  // `name` is how the key prints in Context::String(); an unnamed key prints
  // as its C++ type name (Go prints a non-Stringer key by its type).
  explicit constexpr KeyBase(std::string_view name = {}) : name_(name) {}
  KeyBase(const KeyBase&) = delete;
  KeyBase& operator=(const KeyBase&) = delete;
  virtual ~KeyBase() = default;

  // The key as Context::String() prints it.
  [[nodiscard]] std::string String() const;

 private:
  std::string_view name_;
};

// Go: a WithValue key, by convention an unexported type (`type userKey
// struct{}`) so that packages cannot collide.
//
// A Key<T> is a value key whose values have type T. Keys compare by identity
// (their address): two Key<T> objects are different keys even with the same
// T and name (Go: key1(1) != key2(1)). Declare one per purpose, usually at
// namespace scope:
//
//   const context::Key<std::string> kRequestId("requestId");
//   ctx = context::WithValue(ctx, kRequestId, "abc");
//   if (const std::string* id = ctx.Value(kRequestId)) use(*id);
//
// A key must outlive every context that carries it. Not copyable.
template <class T>
class Key : public KeyBase {
 public:
  explicit constexpr Key(std::string_view name = {}) : KeyBase(name) {}
};

// Go: type Context interface { Deadline; Done; Err; Value }
//
// The interface a user-defined context implements; wrap an instance in a
// Context with `Context(std::make_shared<MyContext>(...))`. Every method may
// be called from several threads at once and must be safe to do so (they are
// const: keep mutable state `mutable` behind a lock).
//
// To embed a Context and override some methods, as Go code does with
// `type myCtx struct{ context.Context }`, derive from context::Wrapper.
//
// How contexts derived from a user-defined parent are cancelled (Go's
// propagateCancel, CTX-18), in this order:
//   - if the parent's Done() is nil, never;
//   - if the parent's Done() is already closed, at once;
//   - if the parent forwards Done() and Value() to a standard context (a
//     Wrapper that does not override them), by that context, synchronously;
//   - if the parent implements AfterFunc (returns a non-empty function),
//     through it: the child registers a callback and unregisters it (calls
//     the returned stop) when the child is cancelled first;
//   - otherwise by one watcher goroutine per child, which waits for the
//     parent's Done or the child's Done and then ends.
class Interface {
 public:
  virtual ~Interface() = default;

  // Go: Deadline() (deadline time.Time, ok bool)
  // The time after which work done for this context should be cancelled;
  // ok == false (and time::Time{}) when there is no deadline.
  [[nodiscard]] virtual std::pair<time::Time, bool> Deadline() const = 0;

  // Go: Done() <-chan struct{}
  // A channel closed when the context is cancelled; nil if it never can be.
  // Must return the same channel on every call.
  [[nodiscard]] virtual recv_chan<Empty> Done() const = 0;

  // Go: Err() error
  // OK while Done is open; afterwards Canceled or DeadlineExceeded, forever.
  [[nodiscard]] virtual absl::Status Err() const = 0;

  // Go: Value(key any) any
  // The value bound to `key` (identity comparison), as a pointer to the T of
  // the Key<T> it was bound with, or the parent's answer, or nullptr. Keys
  // this context does not know must be forwarded to the parent: the library
  // finds its own machinery through Value with private keys.
  [[nodiscard]] virtual const void* Value(const KeyBase& key) const = 0;

  // Go: String() string (fmt.Stringer; optional)
  // How this context prints as a parent in a derived context's String().
  // Default: the C++ type name (Go prints a non-Stringer by its type).
  [[nodiscard]] virtual std::string String() const;

  // Go: AfterFunc(func()) func() bool (optional; the `afterFuncer` method)
  // Arranges to call f (in its own goroutine) once this context is done and
  // returns a stop function that unregisters f, returning true iff it
  // prevented f from running. Return an empty std::function (the default)
  // to say this context has no such method; f is then dropped.
  virtual std::function<bool()> AfterFunc(std::function<void()> f) const;
};

// Go: context.Context, the interface value.
//
// A cheap copyable handle to a context: copying it copies the reference.
// Default-constructed, it is nil; deriving from a nil Context panics with
// `cannot create context from nil parent`, and calling a method on it
// panics, as Go's nil interface does. All methods are safe to call from any
// thread.
class Context {
 public:
  // Go: var ctx context.Context (nil)
  Context() noexcept = default;
  Context(std::nullptr_t) noexcept {}  // NOLINT: implicit, like Go's nil

  // Wraps a user-defined context (see Interface).
  explicit Context(std::shared_ptr<const Interface> impl) noexcept
      : impl_(std::move(impl)) {}

  // Go: ctx.Deadline()
  // `auto [deadline, ok] = ctx.Deadline();` ok is false without a deadline.
  // Successive calls return the same result.
  [[nodiscard]] std::pair<time::Time, bool> Deadline() const {
    return Get().Deadline();
  }

  // Go: ctx.Done()
  // Closed when this context is cancelled or its deadline passes; nil for a
  // context that can never be cancelled (Background, TODO, WithoutCancel,
  // and values over them). The same channel on every call; created lazily.
  [[nodiscard]] recv_chan<Empty> Done() const { return Get().Done(); }

  // Go: ctx.Err()
  // OK while Done is open; then Canceled or DeadlineExceeded, never
  // changing again. Compare with `ctx.Err() == context::Canceled`.
  [[nodiscard]] absl::Status Err() const { return Get().Err(); }

  // Go: ctx.Value(key)
  // The value bound to `key` by the nearest WithValue ancestor, or nullptr
  // if none (or if the nearest binding is nil). The pointee lives as long as
  // any context that carries it.
  template <class T>
  [[nodiscard]] const T* Value(const Key<T>& key) const {
    return static_cast<const T*>(Get().Value(key));
  }
  // The untyped form, for user-defined contexts that forward Value.
  [[nodiscard]] const void* Value(const KeyBase& key) const {
    return Get().Value(key);
  }

  // Go: fmt.Sprint(ctx)
  // Go's format: `context.Background.WithCancel`,
  // `context.Background.WithDeadline(2024-01-02 15:04:05.123 +0000 UTC
  // [99.9ms])`, `context.Background.WithValue(requestId, abc)`.
  [[nodiscard]] std::string String() const { return Get().String(); }

  // Not Go: a std::stop_token that is stopped once this context is done, for
  // standard C++ code that takes one (std::jthread,
  // std::condition_variable_any). Already stopped if the context is already
  // done; one that can never stop (stop_possible() == false) if Done() is nil.
  // Otherwise the stop is requested from a new goroutine shortly after
  // cancellation (never under a context lock, since request_stop runs the
  // token's callbacks). Each call registers with the context like an AfterFunc
  // that is never stopped: it is released when the context is cancelled. Call
  // once and keep the token.
  [[nodiscard]] std::stop_token StopToken() const;

  // Go: ctx == nil, ctx != nil
  explicit operator bool() const noexcept { return impl_ != nullptr; }
  friend bool operator==(const Context& c, std::nullptr_t) noexcept {
    return c.impl_ == nullptr;
  }
  // Go: ctx1 == ctx2 (the same context).
  friend bool operator==(const Context& a, const Context& b) noexcept {
    return a.impl_ == b.impl_;
  }

  // The implementation, for user-defined contexts that inspect a parent.
  [[nodiscard]] const Interface* get() const noexcept { return impl_.get(); }

 private:
  const Interface& Get() const;

  std::shared_ptr<const Interface> impl_;
};

// Go: fmt.Fprint(w, ctx) — writes ctx.String().
std::ostream& operator<<(std::ostream& os, const Context& ctx);

// Go: struct{ context.Context } — a user-defined context that embeds a
// parent and forwards Deadline, Done, Err and Value to it. Derive from it
// and override what differs. Like Go's embedding of the Context interface,
// it does not forward String (it prints as its type name) or AfterFunc.
class Wrapper : public Interface {
 public:
  // Panics with `cannot create context from nil parent` if parent is nil.
  explicit Wrapper(Context parent);

  [[nodiscard]] std::pair<time::Time, bool> Deadline() const override {
    return parent_.Deadline();
  }
  [[nodiscard]] recv_chan<Empty> Done() const override {
    return parent_.Done();
  }
  [[nodiscard]] absl::Status Err() const override { return parent_.Err(); }
  [[nodiscard]] const void* Value(const KeyBase& key) const override {
    return parent_.Value(key);
  }

  // The embedded context.
  [[nodiscard]] const Context& parent() const { return parent_; }

 private:
  Context parent_;
};

// Go: func Background() Context
//
// The root of every context tree: never cancelled, no values, no deadline;
// Done() is nil. Prints as `context.Background`. Always the same context.
[[nodiscard]] Context Background();

// Go: func TODO() Context
//
// As Background, printing as `context.TODO`: a placeholder where it is not
// yet clear which context to use.
[[nodiscard]] Context TODO();

// Go: func WithCancel(parent Context) (ctx Context, cancel CancelFunc)
//
// `auto [ctx, cancel] = context::WithCancel(parent);` ctx is done when
// cancel is called or when the parent is done, whichever happens first.
// If the parent is already done, ctx is born cancelled with the parent's
// Err and Cause. Calling cancel cancels ctx's subtree before returning and
// detaches ctx from its parent. Panics with `cannot create context from nil
// parent` if parent is nil. Prints as `<parent>.WithCancel`.
[[nodiscard]] std::pair<Context, CancelFunc> WithCancel(const Context& parent);

// Go: func WithCancelCause(parent Context) (ctx Context, cancel
// CancelCauseFunc)
//
// As WithCancel, but cancel takes a cause: after `cancel(err)`,
// ctx.Err() == Canceled and Cause(ctx) == err (Canceled if err is OK).
[[nodiscard]] std::pair<Context, CancelCauseFunc> WithCancelCause(
    const Context& parent);

// Go: func WithDeadline(parent Context, d time.Time) (Context, CancelFunc)
//
// As WithCancel, and ctx is cancelled with DeadlineExceeded at time d. If
// the parent's deadline is already earlier, this is WithCancel(parent) (its
// Deadline() is the parent's). If d is not in the future, ctx is returned
// already cancelled with DeadlineExceeded. One timer per context; cancel
// stops it. Prints as `<parent>.WithDeadline(<d> [<time until d>])`.
[[nodiscard]] std::pair<Context, CancelFunc> WithDeadline(const Context& parent,
                                                          time::Time d);

// Go: func WithDeadlineCause(parent Context, d time.Time, cause error)
// (Context, CancelFunc)
//
// As WithDeadline; when the deadline passes, Cause(ctx) is `cause` (or
// DeadlineExceeded if it is OK). The returned CancelFunc does not set the
// cause: cancelling early gives Err() == Cause() == Canceled.
[[nodiscard]] std::pair<Context, CancelFunc> WithDeadlineCause(
    const Context& parent, time::Time d, absl::Status cause);

// Go: func WithTimeout(parent Context, timeout time.Duration) (Context,
// CancelFunc)
//
// WithDeadline(parent, time::Now() + timeout).
[[nodiscard]] std::pair<Context, CancelFunc> WithTimeout(
    const Context& parent, time::Duration timeout);

// Go: func WithTimeoutCause(parent Context, timeout time.Duration, cause error)
// (Context, CancelFunc)
//
// WithDeadlineCause(parent, time::Now() + timeout, cause).
[[nodiscard]] std::pair<Context, CancelFunc> WithTimeoutCause(
    const Context& parent, time::Duration timeout, absl::Status cause);

// Go: func WithoutCancel(parent Context) Context
//
// A context that carries the parent's values but is never cancelled: no
// deadline, Done() nil, Err() OK and Cause() OK even after the parent is
// cancelled. Prints as `<parent>.WithoutCancel`. Panics on a nil parent.
[[nodiscard]] Context WithoutCancel(const Context& parent);

// Go: func Cause(c Context) error
//
// Why c was cancelled: OK while c is not cancelled; otherwise the cause
// given to the first cancellation of c or of an ancestor (Canceled or
// DeadlineExceeded when that cancellation gave none). For a user-defined
// context with no standard context behind it, c.Err().
[[nodiscard]] absl::Status Cause(const Context& c);

// Go: func AfterFunc(ctx Context, f func()) (stop func() bool)
//
// Arranges to call f in its own goroutine after ctx is done (cancelled or
// timed out); at once, still in a new goroutine, if ctx is already done.
// f never runs under a context lock and cancel does not wait for it.
// Several AfterFuncs on one context are independent.
//
// The returned stop (copyable; any thread) unregisters f: it returns true
// iff this call prevented f from running, after which f never runs; false
// if f has already been started or stop was already called. It does not
// wait for a running f. On a context that can never be cancelled (Done()
// nil) f never runs and the first stop() returns true. If ctx implements
// Interface::AfterFunc, that is used.
[[nodiscard("keep stop, or call it")]] std::function<bool()> AfterFunc(
    const Context& ctx, std::function<void()> f);

// Not Go: a context cancelled when `token` is stopped (std::stop_source's
// request_stop, std::jthread's request_stop), or when `parent` is done, or
// when the returned cancel is called, whichever comes first.
//
//   std::jthread worker([&](std::stop_token st) {
//     auto [ctx, cancel] = context::WithStopToken(parent, st);
//     absl::Cleanup defer_cancel = [&] { cancel(); };
//     Serve(ctx);
//   });
//
// No thread: a std::stop_callback cancels ctx synchronously inside
// request_stop (Err() == Cause() == Canceled); the callback is unregistered
// when ctx is cancelled. Prints as `<parent>.WithStopToken`.
[[nodiscard]] std::pair<Context, CancelFunc> WithStopToken(
    const Context& parent, std::stop_token token);

namespace range_internal {

// One step of Range: Go's
// `select { case v, ok := <-ch: ...; case <-ctx.Done(): ... }`, run by
// the select machinery directly (not by select()'s recv case, which would
// need T{} for the closed channel). True with a value in slot; false when
// ch is closed and drained or done is closed, whichever the select chose.
template <class T>
struct RecvOrDone {
  recv_chan<T> ch;
  recv_chan<Empty> done;
  bool operator()(golang::internal::Slot<T>& slot) const {
    golang::internal::SelectCase cases[2] = {
        {ch.core(), /*is_send=*/false, slot.get()},
        {done.core(), /*is_send=*/false, /*elem=*/nullptr}};
    const int chosen = golang::internal::SelectGo(cases, 2, /*block=*/true);
    return chosen == 0 && cases[0].recv_ok;
  }
};

// What Range returns: an input view over (ch, ctx.Done()), a view and a
// borrowed range for the reasons chan<T> is (chan/chan.h): it holds two
// channel handles, and its iterator a copy of them.
template <class T>
class RangeView {
 public:
  using iterator = golang::internal::RecvIterator<T, RecvOrDone<T>>;

  RangeView() = default;  // nil channels: blocks forever, as Go would
  RangeView(recv_chan<T> ch, recv_chan<Empty> done)
      : ch_(std::move(ch)), done_(std::move(done)) {}

  iterator begin() const { return iterator({ch_, done_}); }
  std::default_sentinel_t end() const { return {}; }

 private:
  recv_chan<T> ch_;
  recv_chan<Empty> done_;
};

}  // namespace range_internal

// Not Go: the loop Go programs write by hand to receive until a channel is
// closed or a context is done (a library form is discussed in
// golang/go#61897 and #67205, around chans.Seq), as a range:
//
//   // Go:
//   //   for {
//   //       select {
//   //       case v, ok := <-ch:
//   //           if !ok {
//   //               return
//   //           }
//   //           use(v)
//   //       case <-ctx.Done():
//   //           return
//   //       }
//   //   }
//   for (auto v : context::Range(ctx, ch)) use(v);
//
// Each step is one select between a receive on ch and ctx.Done(): the range
// yields the value received, and ends when ch is closed and drained or when
// the select takes ctx.Done(). When both are ready the select chooses one
// uniformly at random, as Go's does, so after cancellation a loop whose
// channel keeps having values ready goes on for a few more (each step ends
// it with probability 1/2). Where cancellation must win, test ctx.Err() in
// the loop body, as Go code does. After the loop, ctx.Err() is non-OK if
// the context was done by then (it may have been the channel's close that
// ended it).
//
// It is an input view like chan<T>'s range (chan/chan.h): each element is
// one step, taken when the loop first tests or reads it, so
// `context::Range(ctx, ch) | std::views::take(n)` runs at most n steps; *it
// is T&&; T need not be default constructible. A nil ch ends only when ctx
// is done (its case is never ready); a context that can never be cancelled
// (Done() nil) makes this `for (auto v : ch)`. The view holds the channel
// and the context's Done channel (ctx.Done() is called once, here; Go's
// loop calls it each step and gets the same channel), so the loop keeps them
// whatever happens to the handles. Panics on a nil ctx, as ctx.Done() does.
//
// Memory ordering: a step that yields a value is that receive; a step that
// ends the range is a receive that returns because ch or Done is closed.
template <class T>
[[nodiscard]] range_internal::RangeView<T> Range(const Context& ctx,
                                                 recv_chan<T> ch) {
  return {std::move(ch), ctx.Done()};
}
template <class T>
[[nodiscard]] range_internal::RangeView<T> Range(const Context& ctx,
                                                 const chan<T>& ch) {
  return {ch, ctx.Done()};
}

namespace value_internal {

// Demangled C++ type name.
std::string TypeName(const std::type_info& type);

template <class T>
concept HasStringMethod = requires(const T& v) {
  { v.String() } -> std::convertible_to<std::string>;
};

// Go's stringify for a WithValue value: strings print raw, Stringers by
// String(), anything else by its type name.
template <class T>
std::string Stringify(const void* p) {
  const T& v = *static_cast<const T*>(p);
  if constexpr (std::is_convertible_v<const T&, std::string_view>) {
    return std::string{static_cast<std::string_view>(v)};
  } else if constexpr (HasStringMethod<T>) {
    return std::string(v.String());
  } else {
    return TypeName(typeid(T));
  }
}

// Builds the value context (see WithValue). `value` may be null (Go's nil).
Context NewValueCtx(const Context& parent, const KeyBase& key,
                    std::shared_ptr<const void> value,
                    std::string (*stringify)(const void*));

}  // namespace value_internal

// Go: func WithValue(parent Context, key, val any) Context
//
// A context whose Value(key) is a pointer to (a copy of) `value`; other keys
// are looked up in the parent. The nearest binding wins. Adds no
// cancellation: Deadline, Done and Err are the parent's. Use values for
// request-scoped data, not optional parameters. Panics on a nil parent.
// Prints as `<parent>.WithValue(<key>, <value>)`, where strings print raw,
// types with a `String()` method print by it, and other values print as
// their type name (Go's stringify).
template <class T>
[[nodiscard]] Context WithValue(const Context& parent, const Key<T>& key,
                                std::type_identity_t<T> value) {
  return value_internal::NewValueCtx(
      parent, key, std::make_shared<const T>(std::move(value)),
      &value_internal::Stringify<T>);
}

// Go: WithValue(parent, key, nil) — binds key to nil: Value(key) returns
// nullptr here, shadowing any outer binding. Prints the value as `<nil>`.
template <class T>
[[nodiscard]] Context WithValue(const Context& parent, const Key<T>& key,
                                std::nullptr_t) {
  return value_internal::NewValueCtx(parent, key, nullptr, nullptr);
}

}  // namespace context
}  // namespace golang

template <class T>
inline constexpr bool
    std::ranges::enable_view<golang::context::range_internal::RangeView<T>> =
        true;
template <class T>
inline constexpr bool std::ranges::enable_borrowed_range<
    golang::context::range_internal::RangeView<T>> = true;

#endif  // GOLANG_CONTEXT_CONTEXT_H_
