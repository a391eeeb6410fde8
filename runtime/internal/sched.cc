// golang-cpp internal: the M:N scheduler's decisions, after Go's
// runtime/proc.go (the design is in sched.h; the names are Go's where the
// idea is Go's). This file holds:
//   - Ps and Ms: Ps in and out of service (idle, running, retired), Ms
//     started, idled and idled out, the spinning Ms that look for work
//     (WakeP), finding work (FindRunnable) and running it (Execute, in the
//     M's loop, MStart);
//   - sched.h's entry points: readying, `go`, main as goroutine 1,
//     GOMAXPROCS (its default in cgroup.cc), and what a child process
//     after fork() may not do.
// Beside it: the shared types in runtime2.h, the context switch in
// switch.cc, the run queues in runq.cc, the goroutine records, ids and
// counts in gcache.cc, the monitor (Go's sysmon) in sysmon.cc.
//
// Invariants:
//  - an M runs goroutines only while it holds a P (M::p), and a P is held
//    by at most one M; a P changes hands only under Sched::mu (the idle
//    list) or through StartM (M::nextp, published by the M's Unpark);
//  - no runnable goroutine is left without an M: whoever makes one
//    runnable calls WakeP, which starts an M unless one is spinning, and a
//    spinning M that stops spinning looks at every queue once more before
//    it parks (FindRunnable);
//  - Ps in service (nactive) tend to GOMAXPROCS plus the stuck ones
//    (Target): an idle P beyond it retires at once, a running one when
//    its M next schedules (MaybeRetire);
//  - Sched::mu is held only for list operations: no M parks, no thread
//    starts and no goroutine runs under it.
#include "runtime/internal/sched.h"

#include <pthread.h>
#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <string>
#include <system_error>
#include <thread>

#include "runtime/internal/bubble.h"
#include "runtime/internal/cgroup.h"
#include "runtime/internal/deadlock.h"
#include "runtime/internal/fastrand.h"
#include "runtime/internal/gcache.h"
#include "runtime/internal/goroutine.h"
#include "runtime/internal/lock.h"
#include "runtime/internal/parker.h"
#include "runtime/internal/runq.h"
#include "runtime/internal/runtime2.h"
#include "runtime/internal/sanitizers.h"
#include "runtime/internal/stack.h"
#include "runtime/internal/switch.h"
#include "runtime/internal/sysmon.h"
#include "runtime/runtime.h"

namespace golang::internal {
namespace {

// Idle workers linger this long before their thread exits.
constexpr int64_t kIdleTimeoutNs = 10'000'000'000;

// A relaxed atomic, not for ordering: goroutines read it on whichever thread
// they run, and ThreadSanitizer, which sees them as fibers unordered with a
// later thread that reuses this thread's TLS, would report the plain read
// against that thread's first write.
[[gnu::tls_model("initial-exec")]] thread_local std::atomic<M*> tls_m{nullptr};

}  // namespace

// Every access to the thread-local M goes through this out-of-line call: a
// goroutine may resume on another thread, and a compiler may otherwise
// reuse a thread-local address computed before a switch.
[[gnu::noinline]] M* CurrentM() {
  M* m = tls_m.load(std::memory_order_relaxed);
  asm volatile("" ::: "memory");
  return m;
}

namespace {

uint32_t FastRand(M* m) { return static_cast<uint32_t>(Wyrand(&m->rand)); }

// ---------------------------------------------------------------------------
// Ps and Ms.

void PIdlePutLocked(Sched& s, P* p) ABSL_EXCLUSIVE_LOCKS_REQUIRED(s.mu) {
  p->status.store(kPIdle, std::memory_order_relaxed);
  p->link = s.pidle;
  s.pidle = p;
  s.npidle.fetch_add(1);
}

P* PIdleGetLocked(Sched& s) ABSL_EXCLUSIVE_LOCKS_REQUIRED(s.mu) {
  P* p = s.pidle;
  if (p == nullptr) return nullptr;
  s.pidle = p->link;
  p->status.store(kPRunning, std::memory_order_relaxed);
  s.npidle.fetch_sub(1);
  // The monitor sleeps while every P is idle; a P leaving idle wakes it.
  if (s.sysmon_waiting.load() && s.sysmon_waiting.exchange(false)) {
    s.sysmon_parker->Unpark();
  }
  return p;
}

}  // namespace

P* NewPLocked(Sched& s) ABSL_EXCLUSIVE_LOCKS_REQUIRED(s.mu) {
  P* p = s.pretired;
  if (p != nullptr) {
    s.pretired = p->link;
  } else {
    const int n = s.nallp.load(std::memory_order_relaxed);
    if (n == kMaxP) return nullptr;
    p = new P;
    p->id = n;
    s.allp[n].store(p, std::memory_order_release);
    s.nallp.store(n + 1, std::memory_order_release);
  }
  p->link = nullptr;
  p->status.store(kPRunning, std::memory_order_relaxed);
  s.nactive.fetch_add(1);
  return p;
}

namespace {

// Takes p out of service; its runnable goroutines go to the global queue.
void RetirePLocked(Sched& s, P* p) ABSL_EXCLUSIVE_LOCKS_REQUIRED(s.mu) {
  GFreePurge(p);
  while (Goroutine* g = RunqGet(p)) GlobRunqPutBatchLocked(s, g, g, 1);
  p->status.store(kPRetired, std::memory_order_relaxed);
  p->link = s.pretired;
  s.pretired = p;
  s.nactive.fetch_sub(1);
}

int Target(Sched& s) { return s.gomaxprocs.load() + s.nstuck.load(); }

void MStart(M* m);

// Takes an M off the idle list for StartM, or null. An M goes on the list
// when it gives up its P (FindRunnable), and is "winding down" until it
// reaches StopM. A hand-off from a plain thread (ReadyOnIdleP, or a WakeP
// with no M behind it) and the monitor's extra P take the newest M, winding
// or not: it is still awake, where the next one may be asleep and cost an
// OS wake-up, the hand-off's whole price (the thread/ benchmark forms: 0.6-
// 0.9 us a message, against 1.4-3 us taking only Ms in StopM). A goroutine's
// WakeP takes the first M in StopM, as Go's mget takes an M that has
// stopped: handing a spinning P to a winding M kept one more M awake than
// 2 vCPUs can feed and cost the mpsc shapes 20-25%.
M* MIdleGetLocked(Sched& s, bool stopped_only)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(s.mu) {
  M** link = &s.midle;
  if (stopped_only) {
    while (*link != nullptr && (*link)->idle_winding) {
      link = &(*link)->idle_next;
    }
  }
  M* m = *link;
  if (m != nullptr) {
    *link = m->idle_next;
    m->idle_winding = false;
  }
  return m;
}

// Lists m as idle; `winding`: it has given up its P but not reached StopM.
void MIdlePutLocked(Sched& s, M* m, bool winding)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(s.mu) {
  m->idle_next = s.midle;
  m->idle_winding = winding;
  s.midle = m;
}

// Takes m off the idle list; false if StartM took it first (its P and
// Unpark are then on the way).
bool MIdleRemoveLocked(Sched& s, M* m) ABSL_EXCLUSIVE_LOCKS_REQUIRED(s.mu) {
  M** link = &s.midle;
  while (*link != nullptr && *link != m) link = &(*link)->idle_next;
  if (*link != m) return false;
  *link = m->idle_next;
  m->idle_winding = false;
  return true;
}

}  // namespace

void StartM(P* p, bool spinning) {
  Sched& s = S();
  M* m = nullptr;
  {
    LockGuard l(&s.mu);
    // Spinning and called on an M: a goroutine's WakeP.
    m = MIdleGetLocked(s, spinning && CurrentM() != nullptr);
  }
  if (m != nullptr) {
    m->nextp = p;
    m->next_spinning = spinning;
    m->parker->Unpark();  // release: the M sees nextp
    return;
  }
  {
    LockGuard l(&s.mu);
    m = s.mfree;
    if (m != nullptr) s.mfree = m->idle_next;
  }
  if (m == nullptr) m = new M;
  m->nextp = p;
  m->next_spinning = spinning;
  try {
    std::thread(MStart, m).detach();
  } catch (const std::system_error& e) {
    golang::panic(std::string("runtime: failed to create new OS thread: ") +
                  e.what());
  }
}

namespace {

// The StoreLoad barrier of the hand-off between whoever queues work and a
// spinning M that stops spinning. Each side writes its own word (a run
// queue; nmspinning) and then reads the other's, and at least one of them
// must see the other's write, or the work waits with no M awake for it.
// Go gets the barrier from its atomic stores, which on amd64 are XCHG; a
// C++ release store is a plain move, and a load after it may be served
// before the store is visible. ThreadSanitizer does not model fences (GCC
// warns about them), so there an RMW on nmspinning stands in: every RMW
// reads the latest value of the word, which orders the two sides in the
// model the same way.
void StoreLoadBarrier(Sched& s) {
#if GOLANG_INTERNAL_TSAN
  s.nmspinning.fetch_add(0);
#else
  (void)s;
  std::atomic_thread_fence(std::memory_order_seq_cst);
#endif
}

}  // namespace

void WakeP() {
  Sched& s = S();
  StoreLoadBarrier(s);  // the work queued before, against nmspinning
  if (s.npidle.load() == 0) return;
  int zero = 0;
  if (s.nmspinning.load(std::memory_order_relaxed) != 0 ||
      !s.nmspinning.compare_exchange_strong(zero, 1)) {
    return;
  }
  P* p;
  {
    LockGuard l(&s.mu);
    p = PIdleGetLocked(s);
  }
  if (p == nullptr) {
    s.nmspinning.fetch_sub(1);
    return;
  }
  StartM(p, /*spinning=*/true);
}

namespace {

void ResetSpinning(M* m) {
  m->spinning = false;
  // The last spinning M found work: there may be more, so wake another.
  if (S().nmspinning.fetch_sub(1) == 1) WakeP();
}

// Parks an M that has no P until StartM hands it one. `listed`: the M put
// itself on the idle list when it gave up its P (FindRunnable). Returns
// false if it idled long enough that its thread should exit.
bool StopM(M* m, bool listed) {
  Sched& s = S();
  {
    LockGuard l(&s.mu);
    if (!listed) {
      MIdlePutLocked(s, m, /*winding=*/false);
    } else {
      m->idle_winding = false;  // here now (or already taken by StartM)
    }
  }
  for (;;) {
    // A short spin first: a plain thread that readies a goroutine hands it
    // to an idle P and this M (ReadyOnIdleP), typically microseconds after
    // the goroutine parked and its M came here. Caught spinning, that
    // hand-off costs no OS wake-up.
    if (m->parker->SpinFor(ParkSpinCount()) ||
        m->parker->ParkFor(kIdleTimeoutNs, WaitReason::kWorkerIdle,
                           /*blocked=*/true)) {
      break;
    }
    if (m->keep_thread) continue;
    LockGuard l(&s.mu);
    if (MIdleRemoveLocked(s, m)) return false;
    // Taken off the list by StartM: its Unpark is on the way.
  }
  m->p = m->nextp;
  m->nextp = nullptr;
  m->spinning = m->next_spinning;
  return true;
}

// If there are more Ps than GOMAXPROCS plus the stuck ones, m's P retires.
bool MaybeRetire(M* m) {
  Sched& s = S();
  P* p = m->p;
  if (p->stuck.load(std::memory_order_relaxed) && p->stuck.exchange(false)) {
    s.nstuck.fetch_sub(1);
  }
  if (s.nactive.load() <= Target(s)) return false;
  {
    LockGuard l(&s.mu);
    if (s.nactive.load() <= Target(s)) return false;
    RetirePLocked(s, p);
  }
  m->p = nullptr;
  if (m->spinning) {
    m->spinning = false;
    s.nmspinning.fetch_sub(1);
  }
  if (s.runq_size.load() > 0) WakeP();
  return true;
}

Goroutine* StealWork(M* m) {
  Sched& s = S();
  constexpr int kTries = 4;
  for (int i = 0; i < kTries; ++i) {
    const bool last = i == kTries - 1;
    const int n = s.nallp.load(std::memory_order_acquire);
    const uint32_t start = FastRand(m);
    for (int k = 0; k < n; ++k) {
      P* v = s.allp[(start + k) % n].load(std::memory_order_acquire);
      if (v == m->p || v->status.load(std::memory_order_relaxed) != kPRunning) {
        continue;
      }
      if (Goroutine* g = RunqSteal(m->p, v, last)) return g;
    }
    if (s.runq_size.load(std::memory_order_relaxed) > 0) {
      if (Goroutine* g = GlobRunqGet(m->p, 0)) return g;
    }
  }
  return nullptr;
}

// Go's findRunnable: returns a goroutine to run with m->p held, or null if
// the M idled out and its thread should exit.
Goroutine* FindRunnable(M* m) {
  Sched& s = S();
  // fork() called in a goroutine: the child's thread is this M, and the
  // goroutines it would run next belong to the parent.
  CheckNotForkedChild();
  bool listed = false;  // on the idle-M list since it gave up its P
  for (;;) {
    if (m->p == nullptr && !StopM(m, listed)) return nullptr;
    listed = false;
    if (MaybeRetire(m)) continue;
    P* p = m->p;
    if (p->schedtick.load(std::memory_order_relaxed) % 61 == 0) {
      if (Goroutine* g = GlobRunqGet(p, 1)) return g;
    }
    if (Goroutine* g = RunqGet(p)) return g;
    if (Goroutine* g = GlobRunqGet(p, 0)) return g;
    // Steal, if not too many Ms are at it already.
    if (m->spinning ||
        2 * s.nmspinning.load() < s.nactive.load() - s.npidle.load()) {
      if (!m->spinning) {
        m->spinning = true;
        s.nmspinning.fetch_add(1);
      }
      if (Goroutine* g = StealWork(m)) return g;
    }
    // Nothing: give up the P, unless the global queue filled meanwhile.
    // The M goes on the idle list in the same step, winding down: a plain
    // thread that takes the P next (ReadyOnIdleP) takes this M with it,
    // still awake, rather than wake one asleep while this one spins for
    // nothing (MIdleGetLocked).
    bool global_work = false;
    {
      LockGuard l(&s.mu);
      if (s.runq_size.load(std::memory_order_relaxed) > 0) {
        global_work = true;
      } else {
        if (s.nactive.load() > Target(s)) {
          RetirePLocked(s, p);
        } else {
          PIdlePutLocked(s, p);
        }
        MIdlePutLocked(s, m, /*winding=*/true);
        listed = true;
      }
    }
    if (global_work) {
      if (Goroutine* g = GlobRunqGet(p, 0)) return g;
      continue;
    }
    m->p = nullptr;
    if (m->spinning) {
      // Stop counting as spinning, then look again: work made runnable
      // before this point was either seen by us now or its WakeP saw
      // nmspinning == 0 and an idle P, and started an M.
      m->spinning = false;
      s.nmspinning.fetch_sub(1);
      StoreLoadBarrier(s);  // nmspinning, against the queues read next
      bool work = s.runq_size.load() > 0;
      const int n = s.nallp.load(std::memory_order_acquire);
      for (int k = 0; k < n && !work; ++k) {
        P* v = s.allp[k].load(std::memory_order_acquire);
        if (v->status.load(std::memory_order_relaxed) == kPRunning &&
            !RunqEmpty(v)) {
          work = true;
        }
      }
      if (work) {
        P* ip = nullptr;
        {
          LockGuard l(&s.mu);
          // Not listed any more: StartM has handed this M a P already.
          if (MIdleRemoveLocked(s, m)) {
            ip = PIdleGetLocked(s);
            if (ip == nullptr) {
              MIdlePutLocked(s, m, /*winding=*/true);
            } else {
              listed = false;
            }
          }
        }
        if (ip != nullptr) {
          m->p = ip;
          m->spinning = true;
          s.nmspinning.fetch_add(1);
        }
      }
    }
  }
}

// Runs g on m until it switches back, then acts on its request.
void Execute(M* m, Goroutine* g) {
  P* p = m->p;
  for (;;) {
    // Only this M writes its P's schedtick (the monitor reads it).
    p->schedtick.store(p->schedtick.load(std::memory_order_relaxed) + 1,
                       std::memory_order_relaxed);
    p->tid.store(m->tid, std::memory_order_relaxed);
    p->m.store(m, std::memory_order_release);  // the monitor reads *m
    p->in_g.store(true, std::memory_order_relaxed);
    m->curg = g;
    g->tid.store(m->tid, std::memory_order_relaxed);
    g->wait_reason.store(WaitReason::kRunning, std::memory_order_relaxed);
    SwitchToGoroutine(m, g);  // until g switches back, with m->req
    g->tid.store(0, std::memory_order_relaxed);
    m->curg = nullptr;
    ClearPreempt(m);
    p->in_g.store(false, std::memory_order_relaxed);
    // An unguarded stack's overflow shows in its canary, or in the saved
    // context itself lying below the stack (its frames ran into the red
    // zone and switched from there).
    if (!StackCanaryIntact(g->stack_mem) ||
        static_cast<char*>(g->ctx) < g->stack_mem.lo) {
      StackOverflow(*g);
    }
    // To whichever M touches the record next (a waker's ReadyGoroutine, the
    // M that resumes it): this M is done reading and writing it.
    TsanRelease(&g->ctx);
    // Its synctest bubble (bubble.h), or null.
    Bubble* const bubble = g->bubble.load(std::memory_order_relaxed);
    switch (m->req.load(std::memory_order_relaxed)) {
      case Request::kPark: {
        // Read before the commit: once committed, a waker may ready g and
        // it may run, and park again, on another M.
        const WaitReason reason =
            g->wait_reason.load(std::memory_order_relaxed);
        // In a bubble, the park is in flight until it is counted: once
        // committed, g may be woken, run and exit before BubbleOnPark, and
        // its bubble must not end (and be freed) meanwhile (bubble.h).
        if (bubble != nullptr) BubbleParkBegins(bubble);
        if (!g->parker.CommitGoroutinePark()) {  // already woken
          if (bubble != nullptr) BubbleParkAborted(bubble);
          continue;
        }
        if (bubble != nullptr) BubbleOnPark(bubble, g, reason);
        return;
      }
      case Request::kYield:
        g->wait_reason.store(WaitReason::kRunnable, std::memory_order_relaxed);
        if (bubble != nullptr && BubbleOnYield(bubble, g)) return;
        GlobRunqPut(g);
        return;
      case Request::kExit:
        // (g->bubble stays: the next `go` to reuse the record rewrites it.)
        if (bubble != nullptr) BubbleOnExit(bubble, g);
        ReleaseContext(g);
        GFreePut(p, g);
        return;
      case Request::kNone: break;
    }
    std::abort();
  }
}

void MStart(M* m) {
  tls_m.store(m, std::memory_order_relaxed);
  SetLockSleepFlag(&m->in_lock_sleep);
  m->parker = ThreadParker();  // also makes the thread known (deadlock.h)
  m->tid = ThreadId();
  m->mon_tid.store(m->tid, std::memory_order_relaxed);
  clockid_t clock;
  const bool has_clock = pthread_getcpuclockid(pthread_self(), &clock) == 0;
  m->cpu_clock.store(clock, std::memory_order_relaxed);
  m->has_cpu_clock.store(has_clock, std::memory_order_relaxed);
  m->rand = reinterpret_cast<uintptr_t>(m) ^ static_cast<uint64_t>(m->tid);
  InstallStackOverflowHandler();
  NoteSchedulerStack(m);
  m->p = m->nextp;
  m->nextp = nullptr;
  m->spinning = m->next_spinning;
  for (;;) {
    Goroutine* g = FindRunnable(m);
    if (g == nullptr) break;
    if (m->spinning) ResetSpinning(m);
    Execute(m, g);
  }
  tls_m.store(nullptr, std::memory_order_relaxed);
  SetLockSleepFlag(nullptr);
  // Ms are never freed (the monitor may still be reading this one through
  // a P); the next new thread reuses it.
  Sched& s = S();
  LockGuard l(&s.mu);
  m->idle_next = s.mfree;
  s.mfree = m;
}

// The GOMAXPROCS environment variable if it is a positive number (the
// user's setting, *custom), else Go 1.25's default (cgroup.h).
int InitialProcs(bool* custom) {
  if (const char* env = std::getenv("GOMAXPROCS")) {
    int n = std::atoi(env);
    if (n > 0) {
      *custom = true;
      return std::min(n, kMaxP / 2);
    }
  }
  return std::min(cgroup::DefaultMaxProcs(), kMaxP / 2);
}

}  // namespace

Sched& S() {
  // Never destroyed: goroutines may still run while static destructors do.
  static Sched* s = [] {
    auto* sched = new Sched;
    bool custom = false;
    const int n = InitialProcs(&custom);
    sched->gomaxprocs.store(n);
    LockGuard l(&sched->mu);
    sched->custom_procs = custom;
    for (int i = 0; i < n; ++i) PIdlePutLocked(*sched, NewPLocked(*sched));
    return sched;
  }();
  return *s;
}

// ---------------------------------------------------------------------------
// fork(). The child of a fork has one thread, the one that called fork: the
// workers, the monitor and the timer thread stay behind in the parent, and
// with them every goroutine that was running. Rather than hang at the
// child's first `go` or wake-up (Go does not support fork without exec
// either), whatever would need a worker or the timer thread dies with a
// message that says why. Channels between the child's own plain threads
// need neither and keep working.

std::atomic<bool> forked_child{false};

namespace {

void OnForkChild() {
  forked_child.store(true, std::memory_order_relaxed);
  // The deadlock detector's thread counts are the parent's, threads the
  // child does not have among them: they prove nothing here.
  SetDeadlockDetection(false);
}

}  // namespace

void NoteRuntimeThreadsStarted() {
  static const bool registered = [] {
    pthread_atfork(nullptr, nullptr, OnForkChild);
    return true;
  }();
  (void)registered;
}

void ForkedChildFatal() {
  static constexpr char kMsg[] =
      "fatal error: goroutine runtime used in a child process after "
      "fork(): its worker and timer threads did not survive the fork "
      "(call exec in the child, or fork before the first goroutine or "
      "timer)\n";
  ssize_t unused = write(2, kMsg, sizeof kMsg - 1);
  (void)unused;
  _exit(2);
}

// Not instrumented: a goroutine reads its M's curg, which the scheduler
// rewrites after the goroutine has switched out, and ThreadSanitizer sees no
// ordering from the goroutine to the scheduler (switch.cc,
// "ThreadSanitizer").
// The scheduler wrote the value read before it switched in.
GOLANG_INTERNAL_NO_TSAN Goroutine* CurrentG() {
  M* m = CurrentM();
  return m != nullptr ? m->curg : nullptr;
}

namespace {

// Readies g for a thread that has no P (main without golang::main, a
// std::thread, or main becoming goroutine 1): straight into an idle P's
// runnext, and returns that P, which the caller hands to an M (it is the
// caller's until then, so its runnext is the caller's to set). Null when
// every P is busy: g then waits in the global queue for one of them.
P* ReadyOnIdleP(Goroutine* g) {
  Sched& s = S();
  P* p = nullptr;
  if (s.npidle.load() > 0) {
    LockGuard l(&s.mu);
    p = PIdleGetLocked(s);
  }
  if (p == nullptr) {
    GlobRunqPut(g);
    WakeP();
    return nullptr;
  }
  RunqPut(p, g, /*next=*/true);
  return p;
}

// Go's ready(): into the current P's runnext, and an idle P woken to steal
// whatever else waits. From a thread with no P, onto an idle P with an M
// that runs it at once, not spinning: one OS wake-up for the hand-off.
// Through the global queue instead, the M would spin, find the goroutine,
// and on finding it wake a second M for more work (ResetSpinning), which
// finds none and parks again: two wake-ups per hand-off.
void MakeRunnable(Goroutine* g) {
  CheckNotForkedChild();
  M* m = CurrentM();
  if (m != nullptr && m->p != nullptr) {
    RunqPut(m->p, g, /*next=*/true);
    WakeP();
    return;
  }
  if (P* p = ReadyOnIdleP(g)) StartM(p, /*spinning=*/false);
}

}  // namespace

void RunMainGoroutine(Goroutine* g, size_t stack_size) {
  g->stack_mem = AllocateStack(stack_size);
  PrepareContext(g);
  g->wait_reason.store(WaitReason::kRunnable, std::memory_order_relaxed);
  M* m = new M;  // never freed, as every M
  m->keep_thread = true;
  // Null only if static initializers started goroutines that hold every P;
  // this M then idles until one is free.
  m->nextp = ReadyOnIdleP(g);
  StartSysmon();
  MStart(m);  // returns only when its M idles out, which this one never does
  std::abort();
}

void ScheduleNew(Goroutine* g) {
  TsanRuntimeScope scope;
  // A seeded bubble's goroutine waits in its bubble's set for its turn.
  if (g->bubble.load(std::memory_order_relaxed) == nullptr ||
      !BubbleScheduleNew(g)) {
    MakeRunnable(g);
  }
  // After MakeRunnable's WakeP: the first goroutine's worker starts while the monitor's
  // thread is being created.
  StartSysmon();
}

void ReadyGoroutine(Goroutine* g) {
  TsanRuntimeScope scope;
  // The record as the M that parked it left it (the waker's own edge from
  // that M, through the parker, stays with the waker's goroutine).
  TsanAcquire(&g->ctx);
  g->wait_reason.store(WaitReason::kRunnable, std::memory_order_relaxed);
  MakeRunnable(g);
}

int ActiveProcsForTest() { return S().nactive.load(); }

namespace {

enum class ProcsSetter { kUser, kDefault, kResetToDefault };

// Sets GOMAXPROCS to n. The user's setting (kUser) stops the monitor's
// updates of the default (kDefault), which then change nothing, until
// kResetToDefault (SetDefaultGOMAXPROCS) starts them again.
int ResizeProcs(int n, ProcsSetter who) {
  Sched& s = S();
  n = std::min(n, kMaxP / 2);
  int prev;
  bool wake = false;
  {
    LockGuard l(&s.mu);
    if (who == ProcsSetter::kDefault && s.custom_procs) {
      return s.gomaxprocs.load();
    }
    s.custom_procs = who == ProcsSetter::kUser;
    prev = s.gomaxprocs.exchange(n);
    while (s.nactive.load() < Target(s)) {
      P* p = NewPLocked(s);
      if (p == nullptr) break;
      PIdlePutLocked(s, p);
      wake = true;
    }
    // Extra idle Ps retire now; running ones when their M next schedules.
    while (s.nactive.load() > Target(s) && s.pidle != nullptr) {
      P* p = s.pidle;
      s.pidle = p->link;
      s.npidle.fetch_sub(1);
      RetirePLocked(s, p);
    }
  }
  if (wake) WakeP();
  return prev;
}

}  // namespace

int SetMaxProcs(int n) {
  if (n < 1) return S().gomaxprocs.load();
  return ResizeProcs(n, ProcsSetter::kUser);
}

void SetDefaultMaxProcs() {
  ResizeProcs(cgroup::DefaultMaxProcs(), ProcsSetter::kResetToDefault);
}

void UpdateDefaultMaxProcs() {
  Sched& s = S();
  {
    LockGuard l(&s.mu);
    if (s.custom_procs) return;
  }
  // The files are read with no lock held; a user's setting made meanwhile
  // wins (ResizeProcs looks again).
  const int n = cgroup::DefaultMaxProcs();
  if (n != s.gomaxprocs.load()) ResizeProcs(n, ProcsSetter::kDefault);
}

}  // namespace golang::internal
