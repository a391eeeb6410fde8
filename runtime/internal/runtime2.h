// golang-cpp internal: NOT API.
//
// runtime2.h: the scheduler's shared types, after Go's runtime/runtime2.go:
// P (a processor: the right to run goroutines, with its run queue), M (a
// worker thread) and Sched (the scheduler's global state), with the
// constants that size them, and the few calls into sched.cc that the other
// parts make. The design is in sched.h. The scheduler is split by job, and
// every part needs these types:
//   switch.cc  the context switch and what the sanitizers are told of it
//   runq.cc    the local and global run queues
//   gcache.cc  goroutine records, ids and live counts, cached per P
//   sched.cc   scheduling: finding work, Ms spinning and idling, Ps in and
//              out of service, sched.h's entry points
//   sysmon.cc  the monitor
// so they live here, below all of them: this header includes none of
// theirs, and the split closes no include cycle.
//
// Who touches what: a P's plain fields belong to the M that holds it (its
// owner; a P changes hands only under Sched::mu or through StartM's Unpark,
// so each owner has its predecessor's writes) unless their comment says
// otherwise; an M's plain fields are its own thread's; Sched's plain fields
// are guarded by its locks, as annotated. Whatever another thread reads is
// an atomic, and its comment says who writes it.
#ifndef GOLANG_RUNTIME_INTERNAL_RUNTIME2_H_
#define GOLANG_RUNTIME_INTERNAL_RUNTIME2_H_

#include <time.h>

#include <atomic>
#include <cstddef>
#include <cstdint>

#include "absl/base/thread_annotations.h"
#include "runtime/internal/lock.h"

namespace golang::internal {

struct Goroutine;
class Parker;

constexpr uint32_t kRunqSize = 256;
// Ps are allocated on demand and never freed; this bounds how many can
// exist at once (GOMAXPROCS plus stuck ones).
constexpr int kMaxP = 4096;

enum PStatus : int { kPIdle, kPRunning, kPRetired };

struct M;

struct P {
  int id = 0;
  std::atomic<int> status{kPIdle};
  // Local run queue (Go's runq): the owner M pushes at tail; the owner and
  // stealers pop at head with a CAS (runq.h has the protocol).
  std::atomic<uint32_t> head{0};
  std::atomic<uint32_t> tail{0};
  std::atomic<Goroutine*> ring[kRunqSize] = {};
  std::atomic<Goroutine*> runnext{nullptr};
  std::atomic<uint32_t> schedtick{0};  // goroutines started on this P
  std::atomic<bool> in_g{false};       // its M is running a goroutine
  std::atomic<int32_t> tid{0};         // that M's thread
  std::atomic<M*> m{nullptr};          // that M
  std::atomic<bool> stuck{false};      // the monitor added a P for it
  P* link = nullptr;                   // idle or retired list (sched.mu)
  // Finished goroutines' records and stacks for reuse (Go's p.gFree); owner
  // M only. Spills to and refills from the global list in batches.
  Goroutine* gfree = nullptr;
  int ngfree = 0;
  // Goroutine ids cached from Sched::goidgen (owner M only), and the live
  // goroutines counted here (written by the owner M, read by anyone).
  int64_t goid_next = 0;
  int64_t goid_end = 0;
  std::atomic<int64_t> live{0};
  // The monitor's last observation (monitor thread only).
  uint32_t seen_tick = 0;
  int64_t seen_ns = 0;
  int64_t seen_cpu_ns = -1;  // its thread's CPU time then
  int64_t preempt_ns = 0;    // when it asked this goroutine to yield
};

// What a goroutine asks of its M's scheduler when it switches to it.
enum class Request { kNone, kPark, kYield, kExit };

struct M {
  Parker* parker = nullptr;  // the thread's own, for idling
  P* p = nullptr;            // held P (owner thread only)
  P* nextp = nullptr;        // handed over by StartM before Unpark
  bool next_spinning = false;
  bool spinning = false;  // counted in nmspinning
  Goroutine* curg = nullptr;
  // Written on the goroutine's side of a switch, read on the other (and by
  // the next goroutine on this M): atomics, because ThreadSanitizer sees no
  // ordering between the two sides (switch.cc, "ThreadSanitizer").
  std::atomic<void*> g0_ctx{nullptr};  // the scheduler loop's saved context
  std::atomic<Request> req{Request::kNone};
  int32_t tid = 0;
  // The process's main thread when main runs as goroutine 1: it stays a
  // worker for good and never idles out.
  bool keep_thread = false;
  M* idle_next = nullptr;  // idle or free list (sched.mu)
  // On the idle list, between giving up its P and reaching StopM
  // (sched.mu; sched.cc, MIdleGetLocked).
  bool idle_winding = false;
  // Set while the thread sleeps in a runtime Lock (lock.h), which is
  // brief and not "blocked outside the library".
  std::atomic<bool> in_lock_sleep{false};
  // The monitor asks the goroutine running here to yield (counted in
  // preempt_requests while set).
  std::atomic<bool> preempt{false};
  // The thread's id and CPU-time clock, for the monitor (which reads them
  // through a P without other synchronization: atomics, and a heuristic).
  std::atomic<int32_t> mon_tid{0};
  std::atomic<clockid_t> cpu_clock{};
  std::atomic<bool> has_cpu_clock{false};
  uint64_t rand = 0;
  // The scheduler loop's stack, for the sanitizers' fiber switches.
  const void* g0_lo = nullptr;
  size_t g0_size = 0;
  void* tsan_g0 = nullptr;
};

struct Sched {
  Lock mu{LockRank::kSched};
  // Global run queue, linked through Goroutine::sched_next.
  Goroutine* runq_head ABSL_GUARDED_BY(mu) = nullptr;
  Goroutine* runq_tail ABSL_GUARDED_BY(mu) = nullptr;
  std::atomic<int> runq_size{0};  // written under mu, read anywhere
  P* pidle ABSL_GUARDED_BY(mu) = nullptr;
  P* pretired ABSL_GUARDED_BY(mu) = nullptr;
  M* midle ABSL_GUARDED_BY(mu) = nullptr;
  M* mfree ABSL_GUARDED_BY(mu) = nullptr;  // Ms whose threads exited
  std::atomic<int> npidle{0};
  std::atomic<int> nmspinning{0};
  std::atomic<int> nactive{0};  // Ps not retired
  std::atomic<int> nstuck{0};
  std::atomic<int> gomaxprocs{1};
  // GOMAXPROCS was set by the user (the environment variable or a call),
  // so the monitor leaves it alone (sched.cc, ResizeProcs).
  bool custom_procs ABSL_GUARDED_BY(mu) = false;
  std::atomic<P*> allp[kMaxP] = {};
  std::atomic<int> nallp{0};
  std::atomic<int64_t> goidgen{2};  // 1 is main
  std::atomic<int64_t> live{0};     // goroutines started by plain threads
  // Finished goroutines' records and stacks, for reuse (Go's gfree). Taken
  // inside mu where both are held (a retiring P's records).
  Lock free_mu{LockRank::kSchedFree};
  Goroutine* gfree ABSL_GUARDED_BY(free_mu) = nullptr;
  // The monitor.
  Parker* sysmon_parker = nullptr;
  std::atomic<bool> sysmon_waiting{false};
  // The monitor's clock: Nanotime() as of its last wake-up, at most
  // 10 ms old while any P is busy (the only time goroutines park); 0 while
  // the monitor sleeps.
  std::atomic<int64_t> clock_ns{0};
};

// ---------------------------------------------------------------------------
// What sched.cc defines for the other parts of the scheduler.

// The scheduler, made with GOMAXPROCS idle Ps on first use.
Sched& S();

// The M of the calling thread, or null on a plain thread. Out of line
// (sched.cc says why).
M* CurrentM();

// Activates one more P (retired or new), not yet on any list. Null at the
// limit.
P* NewPLocked(Sched& s) ABSL_EXCLUSIVE_LOCKS_REQUIRED(s.mu);

// Runs p on an idle M (or a new one). With spinning, the caller has
// already counted the M in nmspinning.
void StartM(P* p, bool spinning);

// Go's wakep: if there is an idle P and no M is spinning, start one
// spinning to look for the work just made runnable.
void WakeP();

}  // namespace golang::internal

#endif  // GOLANG_RUNTIME_INTERNAL_RUNTIME2_H_
