// golang-cpp: Go's concurrency model in C++20.
//
// sync/errgroup.h — package errgroup: Group and WithContext.
//
// Go origin: golang.org/x/sync/errgroup/errgroup.go (v0.16.0 semantics).
//
// A Group runs a set of goroutines working on subtasks of one task, waits
// for them all, and reports the first error. With WithContext, the first
// error (or the end of Wait) also cancels a context the subtasks watch, so
// the others can stop early. SetLimit bounds how many run at once.
//
// Example:
//
//   // Go:
//   //   g, ctx := errgroup.WithContext(ctx)
//   //   for _, url := range urls {
//   //       g.Go(func() error { return fetch(ctx, url) })
//   //   }
//   //   if err := g.Wait(); err != nil { return err }
//   auto [g, gctx] = errgroup::WithContext(ctx);
//   for (const std::string& url : urls) {
//     g->Go([gctx = gctx, url] { return Fetch(gctx, url); });
//   }
//   if (absl::Status err = g->Wait(); !err.ok()) return err;
//
// Memory ordering: the return of every function passed to Go or TryGo is
// synchronized before the return of Wait, so results the functions wrote
// can be read after Wait (an internal sync::WaitGroup). The Go (or TryGo)
// call is synchronized before its function starts (the go statement).
//
// Differences from Go:
//   - Functions return absl::Status; OK is Go's nil error.
//   - An exception escaping a function is a panic, as in v0.16.0: it ends
//     the process (golang's goroutine panic) and is never turned into an
//     error; the group's counter is not released first, so Wait cannot
//     return and let the program carry on before the crash is reported.
//   - Each goroutine releases the limit slot it took, even if SetLimit
//     replaced the semaphore meanwhile (legal while no slot is held under a
//     previous limit); Go reads the group's current semaphore, a data race.
#ifndef GOLANG_SYNC_ERRGROUP_H_
#define GOLANG_SYNC_ERRGROUP_H_

#include <atomic>
#include <memory>
#include <utility>

#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "chan/chan.h"
#include "context/context.h"
#include "sync/waitgroup.h"

namespace golang::errgroup {

// Go: type Group struct
//
// A collection of goroutines working on subtasks of a common task. The zero
// value (`errgroup::Group g;`) is valid: it has no limit and cancels no
// context. Not copyable or movable (Go: must not be copied after first use).
// A Group may be destroyed once Wait has returned, provided no Go, TryGo or
// other Wait call is in progress or follows; the goroutines that ran the
// functions no longer touch it by then (their last access is the Done that
// releases Wait). Unlike a WaitGroup's, a Wait here reads the Group after it
// is woken (the first error, the context to cancel), so when several
// goroutines wait, destroy the Group only after every Wait has returned. A
// Group should not be reused for different tasks.
class Group {
 public:
  // Go: var g errgroup.Group
  Group() = default;
  Group(const Group&) = delete;
  Group& operator=(const Group&) = delete;

  // Go: func (g *Group) Go(f func() error)
  //
  // Calls f in a new goroutine. The first call to Go must happen before a
  // Wait. Under a limit (SetLimit), blocks the caller until the number of
  // active goroutines is below it. If f returns a non-OK status and it is
  // the group's first, it becomes Wait's result and the group's context (if
  // any) is cancelled with it as the cause. f runs even if the context is
  // already cancelled: f must watch it.
  void Go(absl::AnyInvocable<absl::Status() &&> f);

  // Go: func (g *Group) TryGo(f func() error) bool
  //
  // As Go, but only if the group is below its limit: returns whether f was
  // started. Always true without a limit; always false with SetLimit(0).
  [[nodiscard]] bool TryGo(absl::AnyInvocable<absl::Status() &&> f);

  // Go: func (g *Group) SetLimit(n int)
  //
  // Limits the number of active goroutines to at most n; a negative n means
  // no limit; 0 means none may start (Go blocks forever, TryGo fails). A
  // call to Go blocks at the limit rather than dropping work. Panics with
  // `errgroup: modify limit while N goroutines in the group are still
  // active` if goroutines hold slots under a previous limit.
  void SetLimit(int n);

  // Go: func (g *Group) Wait() error
  //
  // Blocks until every function passed to Go or TryGo has returned, then
  // returns the first non-OK status from them, or OK. Cancels the group's
  // context (with that status as the cause, or Canceled if it is OK). May be
  // called again after more Go calls; the first error sticks.
  [[nodiscard]] absl::Status Wait();

 private:
  friend std::pair<std::unique_ptr<Group>, context::Context> WithContext(
      const context::Context& parent);

  void Start(chan<Empty> sem, absl::AnyInvocable<absl::Status() &&> f);

  context::CancelCauseFunc cancel_;  // set once by WithContext
  sync::WaitGroup wg_;
  // Go: sem chan token. Written by SetLimit, which must not race Go/TryGo.
  chan<Empty> sem_;
  // Go: errOnce and err. err_ is written once, by the goroutine that sets
  // err_once_; Wait reads it after wg_.Wait(), which orders the write.
  std::atomic<bool> err_once_{false};
  absl::Status err_;
};

// Go: func WithContext(ctx context.Context) (*Group, context.Context)
//
// `auto [g, ctx] = errgroup::WithContext(parent);` returns a new Group and a
// context derived from parent with context::WithCancelCause. The context is
// cancelled the first time a function passed to g->Go returns a non-OK
// status (cause: that status; Err() is Canceled) or the first time Wait
// returns (cause: Wait's result, or Canceled), whichever comes first.
// Panics with `cannot create context from nil parent` on a nil parent.
[[nodiscard]] std::pair<std::unique_ptr<Group>, context::Context> WithContext(
    const context::Context& parent);

}  // namespace golang::errgroup

#endif  // GOLANG_SYNC_ERRGROUP_H_
