// golang-cpp internal: the OS-thread parker, and the blocked-thread
// accounting behind deadlock detection.
#include "runtime/internal/parker.h"

#include <pthread.h>
#include <sched.h>

#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

#include "runtime/internal/bubble.h"
#include "runtime/internal/check.h"
#include "runtime/internal/deadlock.h"
#include "runtime/internal/goroutine.h"
#include "runtime/internal/lock.h"
#include "runtime/internal/sanitizers.h"
#include "runtime/internal/sched.h"

namespace golang::internal {

std::atomic<uint64_t> os_wakeups{0};

int ParkSpinCount() {
  // -1 until first asked. Not a function-local static: its initialization
  // guard, held by a thread when another calls fork(), would stay held in
  // the child, and the child's first Park would hang on it.
  static std::atomic<int> spins{-1};
  int n = spins.load(std::memory_order_relaxed);
  if (n < 0) {
    n = std::thread::hardware_concurrency() > 1 ? 200 : 0;
    spins.store(n, std::memory_order_relaxed);
  }
  return n;
}

namespace {

// Makes a parked goroutine runnable: through its synctest bubble, which
// counts it running again, if it has one.
void ReadyParked(Goroutine* g) {
  if (g->bubble.load(std::memory_order_relaxed) != nullptr) {
    BubbleOnWake(g);
  } else {
    ReadyGoroutine(g);
  }
}

}  // namespace

bool Parker::TryConsume() {
  // Single owner, single waker per park: once we see kNotified nobody else
  // writes the word until our next Park, so a plain store resets it.
  if (state_.load(std::memory_order_acquire) == kNotified) {
    state_.store(kEmpty, std::memory_order_relaxed);
    return true;
  }
  return false;
}

void Parker::ParkAsGoroutine(WaitReason reason) {
  if (TryConsume()) return;
  // In a bubble, what this goroutine did before it blocked durably happens
  // before the synctest::Wait that this lets return (Go's
  // racereleasemergeg).
  if (Bubble* b = g_->bubble.load(std::memory_order_relaxed);
      b != nullptr && IsDurableWait(reason)) {
    TsanRelease(b);
  }
  // What dumps show (the scheduler marks it running again when it resumes
  // it). The parker knows its goroutine: no thread-local lookups here.
  g_->wait_since_ns.store(SchedClockNs(), std::memory_order_relaxed);
  g_->wait_reason.store(reason, std::memory_order_relaxed);
  ParkOnScheduler();  // back here once unparked
  const bool consumed = TryConsume();
  GOLANG_INTERNAL_DCHECK(consumed, "a goroutine resumed without its Unpark");
}

bool Parker::CommitGoroutinePark() {
  uint32_t expected = kEmpty;
  // Release: publishes the saved context to whoever readies the goroutine
  // (Unpark's exchange acquires it). No acquire: the scheduler must not take
  // on the history of the goroutine's last waker (for ThreadSanitizer, that
  // would order the waker before every goroutine this M runs next); on
  // failure the goroutine consumes the wake-up itself (TryConsume).
  if (state_.compare_exchange_strong(expected, kSleeping,
                                     std::memory_order_release,
                                     std::memory_order_relaxed)) {
    return true;
  }
  return false;  // kNotified: the goroutine consumes it when it runs on
}

bool Parker::BeginInspect() {
  uint32_t expected = kSleeping;
  return state_.compare_exchange_strong(expected, kInspecting,
                                        std::memory_order_acq_rel);
}

void Parker::EndInspect() {
  uint32_t expected = kInspecting;
  if (state_.compare_exchange_strong(expected, kSleeping,
                                     std::memory_order_acq_rel)) {
    return;
  }
  // An Unpark came while we held it (the state is kNotified): it left the
  // wake-up to us.
  ReadyParked(g_);
}

void Parker::Park(WaitReason reason) {
  if (g_ != nullptr) {
    ParkAsGoroutine(reason);
    return;
  }
  if (SpinFor(ParkSpinCount())) return;
  Sleep(kSleeping, /*timeout_ns=*/-1, reason);  // untimed: returns once woken
}

bool Parker::Sleep(uint32_t sleeping, int64_t timeout_ns, WaitReason reason) {
  NoteParking(reason);
  uint32_t expected = kEmpty;
  if (!state_.compare_exchange_strong(expected, sleeping,
                                      std::memory_order_acquire)) {
    // expected == kNotified: the wake-up came first.
    state_.store(kEmpty, std::memory_order_relaxed);
    NoteRunning();
    return true;
  }
  // In kSleeping, until an Unpark takes the word back, this thread counts
  // as blocked (the waker un-counts it, see Unpark).
  const bool blocked = sleeping == kSleeping;
  if (blocked) NoteThreadBlocked();
  bool woken = true;
  if (timeout_ns < 0) {
    do {
      FutexWait(&state_, sleeping);
    } while (!TryConsume());  // a spurious futex return: sleep again
  } else {
    FutexWaitFor(&state_, sleeping, timeout_ns);
    // Woken, timed out, or spurious: settle the race with Unpark by taking
    // the word back from the sleeping state ourselves.
    expected = sleeping;
    if (state_.compare_exchange_strong(expected, kEmpty,
                                       std::memory_order_acquire)) {
      if (blocked) NoteThreadUnblocked();  // we un-count ourselves
      woken = false;  // timed out (or spurious; callers treat both alike)
    } else {
      state_.store(kEmpty, std::memory_order_relaxed);  // it was kNotified
    }
  }
  NoteRunning();
  return woken;
}

bool Parker::SpinFor(int spins) {
  for (int i = spins; i > 0; --i) {
    if (TryConsume()) return true;
    CpuRelax();
  }
  if (spins == 0) return false;  // one core: the waker needs this one
  // Then give the core away a few times before sleeping, as crossbeam's
  // Backoff does: on a busy machine the thread that will Unpark us may be
  // the one waiting for this CPU, and a sleep here would cost a futex
  // wake-up each way (kSpinYields, parker.h).
  for (int i = 0; i < kSpinYields; ++i) {
    sched_yield();
    if (TryConsume()) return true;
  }
  return false;
}

bool Parker::ParkFor(int64_t timeout_ns, WaitReason reason, bool blocked) {
  if (g_ != nullptr) {
    std::fputs("fatal error: runtime: ParkFor on a goroutine's parker\n",
               stderr);
    std::abort();
  }
  return Sleep(blocked ? kSleeping : kSleepingTimed,
               timeout_ns < 0 ? 0 : timeout_ns, reason);
}

void Parker::Unpark() {
  if (g_ != nullptr) {
    // acq_rel: the release publishes the waker's writes to the woken side;
    // the acquire sees the context its scheduler saved.
    const uint32_t prev = state_.exchange(kNotified, std::memory_order_acq_rel);
    GOLANG_INTERNAL_DCHECK(prev != kNotified, "two Unparks for one Park");
    // kEmpty: it has not parked yet and will see the notification.
    // kInspecting: a dump holds it and readies it when done (EndInspect).
    if (prev == kSleeping) ReadyParked(g_);
    return;
  }
  uint32_t s = state_.load(std::memory_order_relaxed);
  for (;;) {
    GOLANG_INTERNAL_DCHECK(
        s != kNotified && s != kInspecting,
        "two Unparks for one Park, or a thread's parker inspected");
    if (s == kSleeping) {
      // Un-count the sleeper before the word changes: a sleeper can see
      // the change and run on before its futex wake (it may not have gone
      // to sleep yet), and it must not count as blocked while it runs, or
      // the "everyone is blocked" test could see a running thread as
      // blocked while the waker itself goes to sleep (deadlock.h).
      NoteThreadUnblocked();
      if (state_.compare_exchange_strong(s, kNotified,
                                         std::memory_order_acq_rel)) {
        os_wakeups.fetch_add(1, std::memory_order_relaxed);
        FutexWake(&state_, 1);
        return;
      }
      // The sleeper timed out and took the word back (ParkFor): it
      // un-counts itself, so undo ours and look again.
      NoteThreadRecounted();
      continue;
    }
    if (state_.compare_exchange_strong(s, kNotified,
                                       std::memory_order_acq_rel)) {
      if (s == kSleepingTimed) {
        os_wakeups.fetch_add(1, std::memory_order_relaxed);
        FutexWake(&state_, 1);
      }
      return;
    }
  }
}

namespace {

// Parkers outlive their threads (see parker.h), recycled through this pool.
struct ParkerPool {
  Lock mu{LockRank::kParkerPool};
  std::vector<Parker*> free ABSL_GUARDED_BY(mu);
};

void LockPoolForFork();
void UnlockPoolAfterFork();

ParkerPool& Pool() {
  static ParkerPool* pool = [] {
    auto* p = new ParkerPool;  // never destroyed
    // A fork() while another thread (a worker starting or exiting) holds
    // the pool's lock would leave it locked for good in the child, whose
    // first new thread, or first plain-thread channel operation, then
    // hangs. So fork() waits for the lock, and both sides release it.
    pthread_atfork(LockPoolForFork, UnlockPoolAfterFork, UnlockPoolAfterFork);
    return p;
  }();
  return *pool;
}

// fork()'s handlers: taken before, released after, on both sides.
void LockPoolForFork() ABSL_NO_THREAD_SAFETY_ANALYSIS { Pool().mu.lock(); }
void UnlockPoolAfterFork() ABSL_NO_THREAD_SAFETY_ANALYSIS {
  Pool().mu.unlock();
}

// A thread's parker, and its membership in the set of threads the runtime
// knows (deadlock.h).
struct OsThreadParker {
  Parker* p;
  OsThreadParker() {
    ParkerPool& pool = Pool();
    {
      LockGuard l(&pool.mu);
      if (pool.free.empty()) {
        p = new Parker;
      } else {
        p = pool.free.back();
        pool.free.pop_back();
      }
    }
    NoteThreadKnown();
  }
  ~OsThreadParker() {
    NoteThreadGone();
    ParkerPool& pool = Pool();
    LockGuard l(&pool.mu);
    pool.free.push_back(p);
  }
};

}  // namespace

Parker* ThreadParker() {
  thread_local OsThreadParker tp;
  return tp.p;
}

Parker* CurrentParker() {
  if (Goroutine* g = CurrentG()) return &g->parker;
  return ThreadParker();
}

}  // namespace golang::internal
