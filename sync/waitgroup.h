// golang-cpp: Go's concurrency model in C++20.
//
// sync/waitgroup.h — sync::WaitGroup, a counter that goroutines wait on.
//
// Go origin: src/sync/waitgroup.go (Go 1.25, including WaitGroup.Go).
//
// A WaitGroup waits for a collection of tasks to finish. Typically a main
// goroutine calls Add to set the number of tasks, each task calls Done when it
// finishes, and Wait blocks until all of them have. wg.Go(f) does all three
// steps' bookkeeping for one task: Add(1) now, run f in a new goroutine, Done
// when f returns.
//
// Example:
//
//   // Go:
//   //   var wg sync.WaitGroup
//   //   for _, url := range urls {
//   //     wg.Go(func() { fetch(url) })
//   //   }
//   //   wg.Wait()
//   sync::WaitGroup wg;
//   for (const std::string& url : urls) {
//     wg.Go([&url] { Fetch(url); });
//   }
//   wg.Wait();
//
//   // The classic form: Add before go, Done when the task ends.
//   wg.Add(1);
//   go([&] {
//     absl::Cleanup done = [&] { wg.Done(); };
//     Work();
//   });
//   wg.Wait();
//
// Memory ordering: in the terminology of the Go memory model, a call to Done
// "synchronizes before" the return of any Wait call that it unblocks; with
// Go, the return from f synchronizes before the return of any Wait call that
// it unblocks. So everything a task wrote before its Done (or before f
// returned) can be read, without further synchronization, once Wait returns.
//
// Lifetimes: once Wait has returned, the WaitGroup may be destroyed at once
// — even while the goroutine that made the last Done call is still on its
// way out of Done, and while other Waits that were blocked when the counter
// reached zero are still being woken: from the release on, nothing in the
// library touches the WaitGroup. This is what lets a WaitGroup live on the
// waiting goroutine's stack. What no library can make safe is a Wait that
// another goroutine has called but that has not yet blocked (it still reads
// the WaitGroup), or has yet to call; a program cannot tell those from a
// blocked one. So when several goroutines wait (the "closer" goroutine
// `go([&] { wg.Wait(); close(errs); })` beside a parent that waits and
// returns), either destroy the WaitGroup only after every waiter is known
// to have returned, or let each waiter own it (a std::shared_ptr copy, as
// examples/aggregate does).
//
// Differences from Go:
//   - Not copyable or movable (Go's vet reports copies after first use).
//   - An exception escaping a function given to Go is an unrecovered panic:
//     the process reports it and exits, without running Done first, so Wait
//     cannot return and let the program carry on with a task half done.
//   - Reuse before every Wait of the previous round has returned is not
//     detected: `sync: WaitGroup is reused before previous Wait has
//     returned` is never raised. Go's woken Wait re-reads the WaitGroup and
//     panics if an Add for the next round already came. Here a woken Wait
//     must not read it: another waiter woken by the same Done may already
//     have returned and destroyed it (see Lifetimes), and a new WaitGroup may
//     already live at that address and be in use legitimately, so the read
//     would be a use after free that reports a reuse which never happened
//     (issue 13 saw exactly that). Nothing that outlives the WaitGroup can
//     tell the two apart either: the semaphore table knows waiters only by
//     address. The other misuse checks remain: a negative counter, and an
//     Add from zero that overlaps a Wait (`sync: WaitGroup misuse: Add
//     called concurrently with Wait`), which also catches a next-round Add
//     that comes while the release is still in progress. A reuse that comes
//     later is still a bug (the woken Wait returns while the next round
//     runs), just not a reported one.
//   - A Wait that finds the counter at zero while the Done that got it there
//     is still waking earlier waiters waits for that Done to finish (it is
//     woken with them), where Go's returns at once: returning earlier would
//     let its caller destroy the WaitGroup under that Done.
#ifndef GOLANG_SYNC_WAITGROUP_H_
#define GOLANG_SYNC_WAITGROUP_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <type_traits>
#include <utility>

#include "runtime/internal/source_location.h"
#include "runtime/runtime.h"

namespace golang::sync {

// Go: type WaitGroup struct
//
// The zero value (a default-constructed WaitGroup) has counter 0 and is ready
// to use. A WaitGroup may be reused: after every Wait of one round has
// returned, Add may start the next.
class WaitGroup {
 public:
  constexpr WaitGroup() = default;
  WaitGroup(const WaitGroup&) = delete;
  WaitGroup& operator=(const WaitGroup&) = delete;

  // Go: func (wg *WaitGroup) Add(delta int)
  //
  // Adds delta, which may be negative, to the counter. If the counter becomes
  // zero, every goroutine blocked in Wait is released. If it goes negative,
  // Add panics with `sync: negative WaitGroup counter`.
  //
  // Callers must make an Add with positive delta that starts from a zero
  // counter happen before Wait (call it before starting the goroutine, not
  // inside it). Adds while the counter is positive may happen at any time,
  // from any goroutine. Where the race can be seen, an Add from zero that
  // overlaps a Wait panics with `sync: WaitGroup misuse: Add called
  // concurrently with Wait`.
  //
  // synctest (synctest/synctest.h): the first Add inside a bubble ties the
  // WaitGroup to that bubble (a Wait on it there is durable). An Add from
  // another bubble panics with `sync: WaitGroup.Add called from multiple
  // synctest bubbles`, one from outside (before or after) with `sync:
  // WaitGroup.Add called from inside and outside synctest bubble`.
  void Add(int delta);

  // Go: func (wg *WaitGroup) Done()
  //
  // Add(-1). May be called from any goroutine. Synchronizes before the
  // return of every Wait it unblocks.
  void Done() { Add(-1); }

  // Go: func (wg *WaitGroup) Wait()
  //
  // Blocks until the counter is zero; returns at once if it already is
  // (including on a fresh WaitGroup). Any number of goroutines may wait; all
  // are released together. A woken Wait does not touch the WaitGroup again,
  // so reuse before it has returned goes unreported (see "Differences").
  void Wait();

  // Go: func (wg *WaitGroup) Go(f func())
  //
  // Adds 1 to the counter in the calling goroutine, then runs f() in a new
  // goroutine and calls Done when f returns. f is decay-copied at the call
  // and destroyed (with everything it captured) before that Done, so its
  // captures are gone by the time Wait returns; f's result, if any, is
  // discarded. The Go-before-Wait rule of Add applies: on an empty WaitGroup,
  // Go must happen before Wait. A task may itself call Go.
  //
  // f must not throw: an exception escaping f is a panic in that goroutine,
  // which ends the process without calling Done (see "Differences").
  template <class F>
  void Go(F&& f, internal::SourceLocation where =
                     internal::SourceLocation::current()) {
    static_assert(std::is_invocable_v<std::decay_t<F>>,
                  "WaitGroup::Go(f): f must be callable with no arguments");
    Add(1);
    golang::internal::Go(where, [this, fn = std::optional<std::decay_t<F>>(
                                           std::forward<F>(f))]() mutable {
      // Destroy f itself before Done, not a moved-from shell of it (a
      // capture that cannot move is copied, and would outlive the Wait
      // that Done releases). If f throws, the exception leaves here and
      // Done is never called.
      std::invoke(std::move(*fn));
      fn.reset();
      Done();
    });
  }

 private:
  // High 32 bits: the counter (signed). Low 32 bits: the number of waiters
  // parked (or about to park) in the semaphore table under key `this`. As in
  // Go, one atomic word makes Add's and Wait's fast paths a single atomic
  // operation each.
  // Add's check that every Add comes from the same synctest bubble, or
  // from none (called only while a bubble exists). Returns whether the
  // WaitGroup is now the calling bubble's.
  [[gnu::cold]] bool NoteBubble();

  std::atomic<uint64_t> state_{0};
};

}  // namespace golang::sync

#endif  // GOLANG_SYNC_WAITGROUP_H_
