// golang-cpp: Go's concurrency model in C++20.
//
// synctest/synctest.h — testing concurrent code in virtual time, after Go
// 1.25's testing/synctest (and Go 1.27's synctest.Sleep), plus replayable
// interleavings.
//
// A test body run by synctest::Test runs in a *bubble*: a new goroutine,
// and every goroutine it starts (transitively, also the goroutines that
// time::AfterFunc and context::AfterFunc start for it), share a fake clock.
// The clock starts at 2000-01-01 00:00:00 UTC and moves only when every
// goroutine of the bubble is durably blocked, and then straight to the next
// timer of the bubble that is due. A test of a 30-second timeout takes
// microseconds, and its outcome does not depend on how loaded the machine is:
//
//   // Go:
//   //   synctest.Test(t, func(t *testing.T) {
//   //       ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
//   //       defer cancel()
//   //       time.Sleep(30*time.Second - time.Nanosecond)
//   //       synctest.Wait()
//   //       if ctx.Err() != nil { t.Fatal("expired early") }
//   //       time.Sleep(time.Nanosecond)
//   //       synctest.Wait()
//   //       if ctx.Err() != context.DeadlineExceeded { t.Fatal("not expired") }
//   //   })
//   TEST(Server, IdleTimeout) {
//     synctest::Test([] {
//       auto [ctx, cancel] =
//           context::WithTimeout(context::Background(), 30 * time::Second);
//       time::Sleep(30 * time::Second - time::Nanosecond);
//       synctest::Wait();
//       EXPECT_TRUE(ctx.Err().ok());
//       time::Sleep(time::Nanosecond);
//       synctest::Wait();
//       EXPECT_EQ(ctx.Err(), context::DeadlineExceeded);
//       cancel();
//     });
//   }
//
// Durably blocked, as Go defines it: a goroutine of the bubble blocked
//   - sending, receiving or in a select on channels made inside the bubble
//     (a select only if every one of its channels is such a channel), or on
//     a nil channel, or in `select()` with no cases;
//   - in time::Sleep;
//   - in sync::WaitGroup::Wait on a WaitGroup whose Add was first called
//     inside the bubble;
//   - beyond Go: in sync::Mutex::Lock or RWMutex::Lock/RLock while the
//     mutex is held by goroutines of the same bubble only (Go does not
//     count this, golang/go#77687, so Go tests of mutex-guarded code hang).
// Anything else (a channel made outside the bubble, I/O, std::mutex, a
// system call) is not durable: while a goroutine blocks so, the clock
// stands still and Wait does not return.
//
// Scheduling in a bubble is otherwise the normal M:N scheduling, unless
// Options::seed is given: then the bubble's goroutines run one at a time,
// and at every scheduling point the next one to run is picked by a PRNG
// seeded with the seed, so the same seed replays the same interleaving.
// Scheduling points: a goroutine starting, parking (blocking on anything
// the library provides) or ending, a goroutine made runnable by another,
// runtime::Gosched, and every channel operation and select (also those that
// do not block). The choices of select among ready cases come from the same
// PRNG. Not made deterministic: plain threads, and goroutines blocked
// outside the library (I/O, std::mutex, busy loops), whose wake-ups arrive
// when the OS delivers them.
//
// Memory ordering: everything a bubble's goroutine did before it blocked
// durably happens before Wait returns in the goroutine that called it; every
// goroutine's exit happens before Test returns.
//
// Link the `golang::synctest` CMake target (part of `golang::golang`).
#ifndef GOLANG_SYNCTEST_SYNCTEST_H_
#define GOLANG_SYNCTEST_SYNCTEST_H_

#include <cstdint>
#include <optional>

#include "absl/functional/any_invocable.h"
#include "absl/time/time.h"
#include "runtime/internal/source_location.h"

namespace golang::synctest {

// How synctest::Test runs its body (beyond Go).
struct Options {
  // Replayable interleavings: run the bubble's goroutines one at a time,
  // choosing the next at each scheduling point with a PRNG seeded with this.
  // The environment variable GOLANG_SYNCTEST_SEED, if set to a number,
  // replaces it (and `runs` becomes 1), so that a failure found with one
  // seed can be rerun alone. Unset: the bubble is scheduled as usual.
  std::optional<uint64_t> seed;
  // With a seed: run the body this many times, with seeds seed, seed + 1,
  // ..., each in a fresh bubble, stopping at the first run that fails (a
  // GoogleTest failure in a test binary that links golang::goleak). The
  // failure names the seed to rerun with.
  int runs = 1;
};

// Go: func Test(t *testing.T, f func(*testing.T))
//
// Runs f in a new goroutine inside a new bubble, and returns once every
// goroutine of the bubble has exited. Inside, time::Now() returns
// 2000-01-01 00:00:00 UTC until the bubble first blocks durably.
//
// If every goroutine of the bubble is durably blocked and no timer of the
// bubble is pending (and nobody is in Wait), the bubble is deadlocked:
// Test panics with `deadlock: all goroutines in bubble are blocked` (or,
// once f has returned, `deadlock: main bubble goroutine has exited but
// blocked goroutines remain`), followed by the bubble's goroutines in
// runtime::Stack's format. In a GoogleTest test of a binary that links
// golang::goleak, that report is the current test's failure instead, and
// Test returns (the deadlocked goroutines stay blocked for good, and goleak
// does not report them a second time).
//
// Panics with `synctest.Run called from within a synctest bubble` if called
// inside a bubble.
//
// Differences from Go: f takes no *testing.T (GoogleTest's assertions work
// in any goroutine). Time stops once f has returned, as in Go.
void Test(absl::AnyInvocable<void() &&> f,
          internal::SourceLocation where = internal::SourceLocation::current());

// As Test(f), with options (beyond Go): Options::seed makes the
// interleaving of the bubble's goroutines replayable. If a run with a seed
// panics or deadlocks, the report ends with the line
// `synctest: seed <s>: rerun with GOLANG_SYNCTEST_SEED=<s>`. f is called
// once per run (Options::runs), each time in a fresh bubble.
void Test(const Options& options, absl::AnyInvocable<void()> f,
          internal::SourceLocation where = internal::SourceLocation::current());

// Go: func Wait()
//
// Blocks until every other goroutine of the calling goroutine's bubble is
// durably blocked (or has exited). Panics with `synctest.Wait: goroutine is
// not in a bubble` outside a bubble, and with `synctest.Wait: wait already
// in progress` if another goroutine of the bubble is in Wait.
void Wait();

// Go 1.27: func Sleep(d time.Duration)
//
// time::Sleep(d) followed by Wait(): when it returns, the bubble's clock
// has moved d on and everything due by then has run as far as it can.
void Sleep(absl::Duration d);

// Whether the calling goroutine is in a bubble (Go's internal/synctest
// IsInBubble; for libraries that must act differently in tests).
[[nodiscard]] bool IsInBubble();

}  // namespace golang::synctest

#endif  // GOLANG_SYNCTEST_SYNCTEST_H_
