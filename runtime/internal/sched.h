// golang-cpp internal: NOT API.
//
// sched.h: the M:N scheduler, after Go's runtime/proc.go. Goroutines are
// stackful coroutines (Boost.Context's fcontext switch) multiplexed onto a
// few worker threads.
//
//   G  a goroutine (Goroutine, goroutine.h): its own stack and saved context.
//   P  a processor: the right to run goroutines, with a local run queue of
//      256 (lock-free for its owner, stealable by others) and a `runnext`
//      slot. There are GOMAXPROCS of them, plus one for every P that the
//      monitor found stuck (below).
//   M  a worker thread. It runs goroutines while it holds a P; without one
//      it parks on the OS until StartM hands it one.
//
// An M runs its scheduler loop on its own thread stack (Go's g0). A
// goroutine gives the M back by switching to that loop with a request:
// park (Parker::Park), yield (Gosched) or exit. Parking is settled on the
// scheduler's stack, after the goroutine's context has been saved: the
// scheduler moves the goroutine's parker from kEmpty to kSleeping, and an
// Unpark that finds kSleeping makes the goroutine runnable again
// (ReadyGoroutine) on the waker's P, in runnext, so that a woken partner
// runs next on the same core (Go's ready()). If the Unpark came first, the
// goroutine simply runs on.
//
// Finding work (Go's findRunnable): the P's runnext and local queue, the
// global queue (every 61st time first, for fairness), then stealing half of
// another P's queue, with at most half of the busy Ps' Ms spinning so. An M
// that finds nothing gives its P back and parks. Whoever makes work
// runnable wakes an idle P's M unless an M is already spinning (WakeP), and
// a spinning M that gives up re-checks every queue after it stops counting
// as spinning, so no runnable goroutine is ever left without an M.
//
// Preemption (Go's cooperative preemption, before 1.14): a goroutine that
// has run for 10 ms while others wait is asked to yield, and does so at its
// next channel operation or select (Preempt points, below); it goes to the
// global queue, as a preempted goroutine does in Go.
//
// Blocking outside the library (a std::mutex, a system call, a busy loop
// with no channel operation) holds the M and its P. The monitor thread (Go's sysmon) samples every P's
// schedule count; a P that has run the same goroutine for a while (100 us
// if its thread sleeps in the kernel; if it computes, 10 ms more after the
// preemption request it ignored) while runnable goroutines wait and no P is
// idle is marked stuck, and the monitor
// activates one more P with its own M, so the waiting goroutines run. When
// the stuck M comes back to its scheduler loop, one P retires again. So a
// program that Go runs without deadlock runs here without deadlock, and the
// number of threads grows only with the number of goroutines blocked
// outside the library at once.
#ifndef GOLANG_RUNTIME_INTERNAL_SCHED_H_
#define GOLANG_RUNTIME_INTERNAL_SCHED_H_

#include <atomic>
#include <cstddef>
#include <cstdint>

#include "runtime/internal/sanitizers.h"

namespace golang::internal {

struct Goroutine;

// While one is alive, ThreadSanitizer sees the calling goroutine as its M's
// scheduler, so that the runtime's bookkeeping on a goroutine's stack does
// not carry that goroutine's past into the scheduler's locks and queues
// (switch.cc, "ThreadSanitizer", says why). A no-op on a plain thread, when
// nested, and outside TSan builds. Nothing inside may switch stacks.
class TsanRuntimeScope {
 public:
#if defined(GOLANG_INTERNAL_TSAN)
  TsanRuntimeScope();
  ~TsanRuntimeScope();
#else
  // User-provided, so that a scope that does nothing draws no "unused
  // variable" warning.
  TsanRuntimeScope() {}
  ~TsanRuntimeScope() {}
#endif
  TsanRuntimeScope(const TsanRuntimeScope&) = delete;
  TsanRuntimeScope& operator=(const TsanRuntimeScope&) = delete;

#if defined(GOLANG_INTERNAL_TSAN)
 private:
  void* user_ = nullptr;  // the goroutine's fiber, restored at the end
#endif
};

// Preemption point: yields if the monitor asked the running goroutine to.
// One relaxed load when nobody is asked; call it with no lock held.
extern std::atomic<int> preempt_requests;
void PreemptSlow();
inline void PreemptPoint() {
  if (preempt_requests.load(std::memory_order_relaxed) != 0) PreemptSlow();
}

// fork(): once the runtime has started threads (workers, monitor, timer
// thread), a child process cannot run goroutines or timers. Whatever would
// need those threads in a child calls CheckNotForkedChild, which dies with
// `fatal error: goroutine runtime used in a child process after fork()...`
// and exit status 2. One relaxed load of a global outside a child.
// NoteRuntimeThreadsStarted registers the fork handler (the first thread
// the runtime starts calls it; a child forked before that has a fresh
// runtime of its own).
extern std::atomic<bool> forked_child;
[[noreturn]] void ForkedChildFatal();
inline void CheckNotForkedChild() {
  if (forked_child.load(std::memory_order_relaxed)) ForkedChildFatal();
}
void NoteRuntimeThreadsStarted();

// main as goroutine 1 (runtime/main.cc): gives g a stack of stack_size
// bytes, queues it, and turns the calling thread, the process's main
// thread, into a worker for good. Never returns: g's function ends the
// process.
[[noreturn]] void RunMainGoroutine(Goroutine* g, size_t stack_size);

// Queues a new goroutine (its record and stack prepared by NewGoroutine).
void ScheduleNew(Goroutine* g);

// A fresh goroutine record with a stack, ready to run `g->fn` once queued.
Goroutine* NewGoroutine();

// A new goroutine id (Go's goidgen, handed out to Ps 16 at a time as Go's
// goidcache does, so `go` on different Ps shares no cache line).
int64_t NewGoroutineId();

// The count behind runtime::NumGoroutine, kept per P (plus one count for
// `go` from plain threads) and summed when read.
void AddLiveGoroutines(int delta);
int CountLiveGoroutines();

// Makes a parked goroutine runnable (called by Parker::Unpark).
void ReadyGoroutine(Goroutine* g);

// Switches from the running goroutine to its M's scheduler with a park
// request; returns once the goroutine runs again (Parker::Park).
void ParkOnScheduler();

// Gosched: puts the running goroutine on the global queue and runs others.
void YieldGoroutine();

// The goroutine running on this thread, or null (a plain thread, or a
// worker in its scheduler loop).
Goroutine* CurrentG();

// A clock for "blocked since" in goroutine dumps, which print minutes: the
// monitor's last reading (at most 10 ms old while goroutines run), so that
// parking reads no clock.
int64_t SchedClockNs();

// GOMAXPROCS: the number of Ps; n < 1 only reads it. Returns the previous
// setting. A setting (n >= 1) is the user's: from then on the monitor no
// longer moves GOMAXPROCS to the default (as the GOMAXPROCS environment
// variable does from the start).
int SetMaxProcs(int n);

// Go 1.25's SetDefaultGOMAXPROCS: GOMAXPROCS becomes the default now
// (cgroup.h), and the monitor keeps it there again.
void SetDefaultMaxProcs();

// The monitor's periodic look (about once a second, sysmon.cc): unless the
// user has set GOMAXPROCS, re-reads the default and applies it if it
// changed.
void UpdateDefaultMaxProcs();

// Ps in service (GOMAXPROCS plus stuck ones, less those still to retire);
// for tests.
int ActiveProcsForTest();

// Captures a parked goroutine's stack into g->stack / g->stack_depth by
// briefly running the unwinder on its stack (the switch there and back is
// announced to the sanitizers like any other). Returns false if the
// goroutine is not parked (running or runnable).
bool CaptureParkedStack(Goroutine* g);

}  // namespace golang::internal

#endif  // GOLANG_RUNTIME_INTERNAL_SCHED_H_
