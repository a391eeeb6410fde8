// golang-cpp: Go's concurrency model in C++20.
//
// runtime/runtime.h — the `go` statement, `panic`, and package runtime's
// NumGoroutine and Gosched.
//
// Go origin: the go statement (spec §Go statements), runtime/panic.go,
// runtime/proc.go (NumGoroutine, Gosched).
//
// Example:
//
//   // Go: go worker(ctx, 7, results)
//   golang::go(worker, ctx, 7, results);
//
//   // Go: go func() { defer wg.Done(); work() }()
//   golang::go([&] {
//     absl::Cleanup done = [&] { wg.Done(); };
//     work();
//   });
//
// Memory ordering: "the go statement that starts a new goroutine is
// synchronized before the start of the goroutine's execution". The exit of a
// goroutine is not synchronized before anything: wait for it with a channel
// or a sync::WaitGroup.
//
// Scheduling: goroutines are scheduled M:N, as in Go: each is a stackful
// coroutine with its own stack (256 KiB of address space by default, of
// which only touched pages are resident; GOLANG_STACK_SIZE in the
// environment changes it; overflowing it is a fatal "stack overflow"), run
// by GOMAXPROCS worker threads. Blocking on a channel, select, sync, context
// or time::Sleep parks the goroutine, not its thread. A goroutine that has
// run 10 ms while others wait yields at its next channel operation or
// select (Go preempts it then). Blocking outside the library (a std::mutex,
// a system call, a busy loop) holds the worker; a monitor then starts
// another worker (after 100 us for a thread asleep in the kernel, 20 ms for
// a computing one) so that the other goroutines keep running, so it may
// block on anything, as in Go. A program that links golang::main runs main
// as goroutine 1, which parks like any other; without it, main is a plain
// thread, as is every std::thread: both may use every primitive here, and
// block their own thread while they wait. When every goroutine and every
// thread the runtime knows are blocked and no timer is pending, the runtime
// reports Go's `fatal error: all goroutines are asleep - deadlock!` and
// exits with status 2 (docs/diagnostics.md).
//
// Differences from Go: a goroutine may resume on another thread after any
// blocking call, so a `thread_local` read before and after it may be two
// different variables; keep goroutine-local state in the goroutine's own
// variables (captures, arguments), not in thread_local. docs/scheduler.md
// has the details, and how to look at a parked goroutine in gdb.
#ifndef GOLANG_RUNTIME_RUNTIME_H_
#define GOLANG_RUNTIME_RUNTIME_H_

#include <string>
#include <string_view>

#include "runtime/internal/source_location.h"
#include "runtime/internal/spawn.h"

namespace golang {

// Go: panic(v)
//
// Ends the program as an unrecovered Go panic does: flushes std::cout,
// std::clog and stdio (so that what was written before reaches a pipe or a
// file), prints `panic: <message>`, a blank line and the panicking
// goroutine's trace (`goroutine N [running]:`, the frames the symbolizer can
// name, and where the goroutine was started) to standard error, and exits
// with status 2 through _exit: no atexit handler or static destructor runs.
// GOTRACEBACK in the environment works as in Go: `crash` aborts (SIGABRT,
// core dump) after the same report, `none` prints only the first line, `all`
// and `system` add every other goroutine. If another goroutine is already
// panicking, the caller waits for it to end the process. The runtime's own
// misuse panics use Go's exact messages.
//
// Differences from Go: there is no recover, and deferred cleanups
// (absl::Cleanup) do not run on the way. Frames show function names only
// (no arguments, no file:line), without inlined functions.
[[noreturn]] void panic(std::string_view message);

// Go: go f(args...)
//
// Starts f(args...) in a new goroutine and returns at once. f and args are
// copied (or moved, for rvalues) at the call; the goroutine owns the copies,
// so move-only arguments work: `go(consume, std::move(ptr))`. f's result, if
// any, is discarded. An exception escaping f is an unrecovered panic: it is
// reported as `panic: <what()>` (its frames are gone by then) and the
// process exits with status 2, as panic says.
//
// The overloads exist only so that `go` can record its call site (for panic
// messages and goroutine dumps) as a defaulted last parameter, which cannot
// follow a parameter pack.
template <class F>
void go(F&& f,
        internal::SourceLocation where = internal::SourceLocation::current()) {
  internal::Go(where, std::forward<F>(f));
}
template <class F, class A1>
void go(F&& f, A1&& a1,
        internal::SourceLocation where = internal::SourceLocation::current()) {
  internal::Go(where, std::forward<F>(f), std::forward<A1>(a1));
}
template <class F, class A1, class A2>
void go(F&& f, A1&& a1, A2&& a2,
        internal::SourceLocation where = internal::SourceLocation::current()) {
  internal::Go(where, std::forward<F>(f), std::forward<A1>(a1),
               std::forward<A2>(a2));
}
template <class F, class A1, class A2, class A3>
void go(F&& f, A1&& a1, A2&& a2, A3&& a3,
        internal::SourceLocation where = internal::SourceLocation::current()) {
  internal::Go(where, std::forward<F>(f), std::forward<A1>(a1),
               std::forward<A2>(a2), std::forward<A3>(a3));
}
// Four or more arguments: the call site is not recorded.
template <class F, class A1, class A2, class A3, class A4, class... More>
void go(F&& f, A1&& a1, A2&& a2, A3&& a3, A4&& a4, More&&... more) {
  internal::Go(internal::SourceLocation(), std::forward<F>(f),
               std::forward<A1>(a1), std::forward<A2>(a2), std::forward<A3>(a3),
               std::forward<A4>(a4), std::forward<More>(more)...);
}

namespace runtime {

// Go: func NumGoroutine() int
//
// The number of live goroutines started with `go`, plus 1 for the main
// goroutine. A goroutine counts from the `go` call until its function has
// returned.
[[nodiscard]] int NumGoroutine();

// Go: func Gosched()
//
// Yields the processor, allowing other goroutines to run. In a goroutine it
// puts the caller on the global run queue, as Go does; on a plain thread it
// is std::this_thread::yield().
void Gosched();

// Go: func GOMAXPROCS(n int) int
//
// Sets the number of processors that run goroutines at once (n >= 1) and
// returns the previous setting; n < 1 only reads it. Lowering it takes
// effect as running goroutines next park or yield.
//
// The default, as in Go 1.25, is the number of CPUs this process may run on
// (its affinity mask), lowered on Linux to its cgroup's CPU bandwidth limit
// (cgroup v2 cpu.max, v1 cpu.cfs_quota_us / cpu.cfs_period_us) rounded up
// and raised to at least 2; and the runtime re-reads that limit about once a
// second and follows it. A positive GOMAXPROCS environment variable, or a
// call with n >= 1, sets GOMAXPROCS for good: the runtime stops following
// the default (SetDefaultGOMAXPROCS starts it again). GODEBUG
// `containermaxprocs=0` ignores the cgroup limit and `updatemaxprocs=0`
// stops the re-reading, as in Go.
//
// Differences from Go: the limit is the smallest of the process's cgroup's
// and its ancestors' (Go reads the process's own cgroup only), and it is not
// re-read while no goroutine runs (every processor idle).
int GOMAXPROCS(int n);

// Go: func SetDefaultGOMAXPROCS()  (Go 1.25)
//
// Sets GOMAXPROCS to the default described at GOMAXPROCS, ignoring the
// GOMAXPROCS environment variable, and has the runtime follow the default
// again after a GOMAXPROCS(n) call or the environment variable turned that
// off.
void SetDefaultGOMAXPROCS();

// Go: func Stack(buf []byte, all bool) int
//
// Returns a dump in Go's format: for the calling goroutine only, or, with
// `all`, for every live goroutine and the main goroutine (1):
//
//   goroutine 7 [chan receive, 2 minutes]:
//   worker(golang::chan<int>)(...)
//   ...
//   created by main in goroutine 1
//   	/src/server.cc:42
//
// The bracket names what the goroutine is blocked on, with Go's words
// (`chan send`, `chan receive`, `select`, `select (no cases)`,
// `sync.WaitGroup.Wait`, `sync.Mutex.Lock`, ...; `runnable` while it waits
// for a processor), and, from one minute on, for how long. Frames are
// symbolized function names (no file:line: that needs debug-info parsing
// this runtime does not do); "created by" gives the `go` call's source
// location. A parked goroutine's stack is read in place (it is held parked
// meanwhile); a running goroutine's thread is interrupted briefly by a
// real-time signal to record its own stack, and one that does not answer
// within 200 ms is listed without frames (always, under TSan, which defers
// the signal).
//
// Differences from Go: returns a std::string instead of filling a buffer.
[[nodiscard]] std::string Stack(bool all);

// Prints every goroutine (runtime::Stack(true)) to standard error when the
// process receives `sig`, then exits with status 2: what Go does on SIGQUIT.
// Opt-in: `runtime::DumpOnSignal(SIGQUIT);` early in main.
void DumpOnSignal(int sig);

}  // namespace runtime
}  // namespace golang

#endif  // GOLANG_RUNTIME_RUNTIME_H_
