// golang-cpp internal: the monitor (sysmon.h), after Go's sysmon and
// retake (runtime/proc.go). Each tick looks at every P in service: the
// ones already stuck first, then whether any P has run the same goroutine
// (its schedtick unchanged) for longer than the thresholds below while
// goroutines wait. Whether such a P's thread is blocked or computing is
// judged from its CPU time (pthread_getcpuclockid) and its state in /proc
// (procfs.h): a heuristic. What it cannot tell it takes for computing,
// which gets a worker of its own later (after 20 ms, not 100 us), so that
// a loaded machine does not grow threads that would only queue for a CPU.
// About once a second it also re-reads the default GOMAXPROCS (Go 1.25:
// the cgroup's CPU limit, cgroup.h) and applies it unless the user has set
// one.
#include "runtime/internal/sysmon.h"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <ctime>
#include <thread>

#include "runtime/internal/bubble.h"
#include "runtime/internal/cgroup.h"
#include "runtime/internal/goroutine.h"
#include "runtime/internal/lock.h"
#include "runtime/internal/nanotime.h"
#include "runtime/internal/parker.h"
#include "runtime/internal/procfs.h"
#include "runtime/internal/runq.h"
#include "runtime/internal/runtime2.h"
#include "runtime/internal/sched.h"
#include "runtime/internal/wait_reason.h"

namespace golang::internal {
namespace {

// A P that has run one goroutine this long while others wait is stuck:
// sooner when its thread is asleep in the kernel (a system call, a
// std::mutex: Go retakes a P from a system call within a monitor tick or
// two), later when it is computing (Go would preempt it after 10 ms; here
// the OS time-slices it against a new worker instead).
constexpr int64_t kStuckBlockedNs = 100'000;
constexpr int64_t kStuckRunningNs = 10'000'000;

// How often the default GOMAXPROCS is re-read (Go's sysmon: every second).
constexpr int64_t kProcsUpdateNs = 1'000'000'000;

// Not while every P is idle (the monitor sleeps then): with no goroutine
// running, GOMAXPROCS changes nothing until the next one runs, and the first
// tick after that looks.
void MaybeUpdateProcs(int64_t now, int64_t* last) {
  if (now - *last < kProcsUpdateNs) return;
  *last = now;
  if (cgroup::UpdateMaxProcsEnabled()) UpdateDefaultMaxProcs();
}

void RequestPreempt(M* m) {
  if (!m->preempt.exchange(true)) preempt_requests.fetch_add(1);
}

// Whether thread `tid` of this process is on a CPU or waiting for one (as
// opposed to asleep in the kernel), from /proc. True when unknown.
bool ThreadRunnable(int32_t tid) {
  ProcStat stat;
  return !ReadProcStat(tid, &stat) || stat.state == 'R';
}

// CPU time consumed by m's thread, in ns (its clock is only read while it
// runs a goroutine, so the thread exists). -1 if unknown.
int64_t ThreadCpuNs(M* m) {
  struct timespec ts;
  if (!m->has_cpu_clock.load(std::memory_order_relaxed) ||
      clock_gettime(m->cpu_clock.load(std::memory_order_relaxed), &ts) != 0) {
    return -1;
  }
  return static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

void Retake(Sched& s, int64_t now, bool* acted) {
  const int n = s.nallp.load(std::memory_order_acquire);
  // First, the Ps already found stuck: whatever was queued on them since
  // (a goroutine readied by their goroutine before it blocked again, or
  // work a new M took from the global queue just before it blocked) moves
  // to the global queue, where the loop below sees it waiting. Without
  // this, goroutines queued on a stuck P wait for as long as its goroutine
  // blocks, and a program in which such a goroutine would release the
  // blocked one hangs.
  for (int k = 0; k < n; ++k) {
    P* p = s.allp[k].load(std::memory_order_acquire);
    if (p->status.load(std::memory_order_relaxed) == kPRunning &&
        p->stuck.load(std::memory_order_relaxed) && !RunqEmpty(p) &&
        RunqDrainToGlobal(p)) {
      // Whoever makes work runnable wakes an idle P for it (Go's rule):
      // while the goroutines were in neither queue, every other M may have
      // looked, found nothing, and parked.
      WakeP();
      *acted = true;
    }
  }
  for (int k = 0; k < n; ++k) {
    P* p = s.allp[k].load(std::memory_order_acquire);
    if (p->status.load(std::memory_order_relaxed) != kPRunning ||
        !p->in_g.load(std::memory_order_relaxed) ||
        p->stuck.load(std::memory_order_relaxed)) {
      continue;
    }
    const uint32_t tick = p->schedtick.load(std::memory_order_relaxed);
    M* owner = p->m.load(std::memory_order_acquire);
    if (tick != p->seen_tick || p->seen_ns == 0) {
      p->seen_tick = tick;
      p->seen_ns = now;
      p->preempt_ns = 0;
      p->seen_cpu_ns = owner != nullptr ? ThreadCpuNs(owner) : -1;
      continue;
    }
    const int64_t elapsed = now - p->seen_ns;
    if (elapsed < kStuckBlockedNs) continue;
    if (RunqEmpty(p) && s.runq_size.load() == 0) continue;  // nobody waits
    // Blocked or computing? A thread asleep in the kernel uses no CPU time;
    // one that computes (or waits briefly for a runtime lock whose holder
    // runs) does.
    bool blocked = false;
    if (owner != nullptr &&
        !owner->in_lock_sleep.load(std::memory_order_relaxed)) {
      const int64_t cpu = ThreadCpuNs(owner);
      // Little CPU time: asleep, or runnable but denied a CPU by a loaded
      // machine (then another worker would not help).
      blocked = cpu >= 0 && p->seen_cpu_ns >= 0 &&
                cpu - p->seen_cpu_ns <= elapsed / 4 &&
                !ThreadRunnable(owner->mon_tid.load(std::memory_order_relaxed));
    }
    if (!blocked) {
      // Computing: after 10 ms, ask it to yield (Go preempts it then);
      // only if it ignores that for 10 ms more (no channel operation) does
      // it get a worker of its own.
      if (elapsed < kStuckRunningNs) continue;
      if (p->preempt_ns == 0) {
        if (owner != nullptr) RequestPreempt(owner);
        p->preempt_ns = now;
        *acted = true;
        continue;
      }
      if (now - p->preempt_ns < kStuckRunningNs) continue;
    }
    // p's own queue goes where any M can take it: to the global queue
    // (and, as above, an idle P is woken for it, here or by StartM below).
    RunqDrainToGlobal(p);
    if (s.npidle.load() > 0) {
      WakeP();  // an idle P can serve them
      *acted = true;
      continue;
    }
    P* extra;
    {
      LockGuard l(&s.mu);
      extra = NewPLocked(s);
    }
    if (extra == nullptr) continue;
    p->stuck.store(true);
    s.nstuck.fetch_add(1);
    p->seen_ns = now;
    *acted = true;
    StartM(extra, /*spinning=*/false);
  }
}

void SysmonLoop() {
  Sched& s = S();
  Parker* self = ThreadParker();
  int64_t delay = 20'000;
  int idle = 0;
  int64_t procs_checked = Nanotime();
  for (;;) {
    if (idle == 0) {
      delay = 20'000;
    } else if (idle > 50) {
      delay = std::min<int64_t>(delay * 2, 10'000'000);
    }
    if (s.npidle.load() == s.nactive.load()) {
      // Every P is idle: sleep until one is taken (PIdleGetLocked). The
      // clock stops meanwhile: 0 sends SchedClockNs to the real one.
      s.clock_ns.store(0, std::memory_order_relaxed);
      s.sysmon_waiting.store(true);
      // Two branches, one park, for two reasons: still idle, or a P was
      // taken meanwhile and its Unpark is on the way.
      // NOLINTNEXTLINE(bugprone-branch-clone)
      if (s.npidle.load() == s.nactive.load()) {
        self->Park(WaitReason::kWorkerIdle);
      } else if (!s.sysmon_waiting.exchange(false)) {
        self->Park(WaitReason::kWorkerIdle);  // absorb the Unpark on its way
      }
      const int64_t woke = Nanotime();
      s.clock_ns.store(woke, std::memory_order_relaxed);
      MaybeUpdateProcs(woke, &procs_checked);
      // The delay goes on where it was: only a tick that acted brings it
      // back to 20 us. A plain thread handing work to a goroutine makes
      // every P idle and busy again once per hand-off, and a monitor that
      // restarted at 20 us each time would wake ~50,000 times a second,
      // taking the CPU from the two threads it interrupts (the thread/
      // benchmark forms, capacity 0: 6.8-8.2 us a message with the reset,
      // 1.4-3 without).
      continue;
    }
    self->ParkFor(delay, WaitReason::kWorkerIdle);
    const int64_t now = Nanotime();
    s.clock_ns.store(now, std::memory_order_relaxed);
    bool acted = false;
    Retake(s, now, &acted);
    MaybeUpdateProcs(now, &procs_checked);
    idle = acted ? 0 : idle + 1;
  }
}

}  // namespace

void StartSysmon() {
  static const bool started = [] {
    NoteRuntimeThreadsStarted();
    // Not waited for: the monitor's parker is only used once the monitor
    // itself has published sysmon_waiting, after setting it.
    std::thread([] {
      Sched& s = S();
      s.sysmon_parker = ThreadParker();
      SysmonLoop();
    }).detach();
    return true;
  }();
  (void)started;
}

void ClearPreempt(M* m) {
  if (m->preempt.load(std::memory_order_relaxed) &&
      m->preempt.exchange(false)) {
    preempt_requests.fetch_sub(1);
  }
}

std::atomic<int> preempt_requests{0};

void PreemptSlow() {
  M* m = CurrentM();
  if (m == nullptr) return;
  Goroutine* g = CurrentG();
  if (g == nullptr) return;
  // In a seeded synctest bubble every preemption point is a scheduling
  // point: the bubble picks who runs next (bubble.h).
  if (Bubble* b = g->bubble.load(std::memory_order_relaxed);
      b != nullptr && b->seeded) {
    YieldGoroutine();
    // Back as the token's holder: what select draws next comes from the
    // bubble's PRNG.
    BubbleReseedSelect(b);
    return;
  }
  if (!m->preempt.load(std::memory_order_relaxed)) return;
  YieldGoroutine();  // the scheduler clears the request
}

int64_t SchedClockNs() {
  const int64_t t = S().clock_ns.load(std::memory_order_relaxed);
  return t != 0 ? t : Nanotime();
}

}  // namespace golang::internal
