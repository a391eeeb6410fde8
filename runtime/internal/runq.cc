// golang-cpp internal: the run queues (runq.h, which has the invariants and
// the memory-ordering rules 1-3 that the comments below cite).
#include "runtime/internal/runq.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>

#include "runtime/internal/goroutine.h"
#include "runtime/internal/lock.h"
#include "runtime/internal/runtime2.h"

namespace golang::internal {

void GlobRunqPutBatchLocked(Sched& s, Goroutine* head, Goroutine* tail, int n)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(s.mu) {
  tail->sched_next = nullptr;
  if (s.runq_tail != nullptr) {
    s.runq_tail->sched_next = head;
  } else {
    s.runq_head = head;
  }
  s.runq_tail = tail;
  // Written only under mu, so a load and a store make the addition.
  // Release, for GlobRunqGet's unlocked look (acquire), though that look
  // only decides whether to take mu, which orders the list itself.
  s.runq_size.store(s.runq_size.load(std::memory_order_relaxed) + n,
                    std::memory_order_release);
}

void GlobRunqPut(Goroutine* g) {
  Sched& s = S();
  LockGuard l(&s.mu);
  GlobRunqPutBatchLocked(s, g, g, 1);
}

namespace {

// Moves half of p's full local queue, plus g, to the global queue.
bool RunqPutSlow(P* p, Goroutine* g, uint32_t h, uint32_t t) {
  constexpr uint32_t n = kRunqSize / 2;
  Goroutine* batch[n + 1];
  if (t - h != kRunqSize) return false;  // raced with a consumer: retry
  for (uint32_t i = 0; i < n; ++i) {
    // Relaxed: the owner reads its own writes; if a consumer takes these
    // meanwhile, the CAS fails and the batch is discarded (rule 2).
    batch[i] = p->ring[(h + i) % kRunqSize].load(std::memory_order_relaxed);
  }
  // Release: commits the consume (rule 2; the consumer is the owner here,
  // whose program order already puts these reads before its next writes).
  // Acquire: not needed, as for every CAS on head that the owner makes.
  if (!p->head.compare_exchange_strong(h, h + n, std::memory_order_acq_rel)) {
    return false;
  }
  batch[n] = g;
  for (uint32_t i = 0; i < n; ++i) batch[i]->sched_next = batch[i + 1];
  Sched& s = S();
  LockGuard l(&s.mu);
  GlobRunqPutBatchLocked(s, batch[0], batch[n], n + 1);
  return true;
}

}  // namespace

void RunqPut(P* p, Goroutine* g, bool next) {
  if (next) {
    // Release: publishes g to a thief's CAS on runnext (rule 1). The old
    // value, if not null, is this P's owner's own (only it sets runnext to
    // a goroutine), so the acquire half has nothing to take.
    g = p->runnext.exchange(g, std::memory_order_acq_rel);
    if (g == nullptr) return;
  }
  for (;;) {
    // Acquire: the consumers' reads of the slots they took happen before
    // we overwrite them (rule 2).
    uint32_t h = p->head.load(std::memory_order_acquire);
    // Relaxed: only the owner writes tail.
    const uint32_t t = p->tail.load(std::memory_order_relaxed);
    if (t - h < kRunqSize) {
      // Relaxed: published by the store of tail just below.
      p->ring[t % kRunqSize].store(g, std::memory_order_relaxed);
      // Release: makes the slot available to consumers (rule 1).
      p->tail.store(t + 1, std::memory_order_release);
      return;
    }
    if (RunqPutSlow(p, g, h, t)) return;
  }
}

Goroutine* RunqGet(P* p) {
  // Relaxed: a goroutine here was put by this P's owner; a thief may only
  // have taken it (set null), which the CAS then sees. So a failed CAS
  // means runnext is empty now, with no retry needed (Go's runqget).
  Goroutine* next = p->runnext.load(std::memory_order_relaxed);
  // acq_rel, as every CAS on runnext; for the owner neither half is needed
  // (the goroutine is its own write).
  if (next != nullptr && p->runnext.compare_exchange_strong(
                             next, nullptr, std::memory_order_acq_rel)) {
    return next;
  }
  for (;;) {
    // Acquire, as every load of head (Go's "synchronize with other
    // consumers"); the owner needs neither it nor an acquire of tail: the
    // slots and tail are its own writes.
    uint32_t h = p->head.load(std::memory_order_acquire);
    const uint32_t t = p->tail.load(std::memory_order_relaxed);
    if (t == h) return nullptr;
    // Relaxed: the owner's own write, or discarded if the CAS fails.
    Goroutine* g = p->ring[h % kRunqSize].load(std::memory_order_relaxed);
    // Release: commits the consume (rule 2).
    if (p->head.compare_exchange_strong(h, h + 1, std::memory_order_acq_rel)) {
      return g;
    }
  }
}

bool RunqEmpty(P* p) {
  // Acquire: each load is ordered before the next (head before tail, rule
  // 3). The answer is a snapshot either way: its callers (the monitor, a
  // spinning M's last look) only decide whether to look again, and take
  // work through RunqGrab's own loads.
  return p->head.load(std::memory_order_acquire) ==
             p->tail.load(std::memory_order_acquire) &&
         p->runnext.load(std::memory_order_acquire) == nullptr;
}

namespace {

// Takes about half of victim's queue into batch; with steal_next, its
// runnext too when the queue is empty (with patient, after giving a running
// victim a moment to run it itself, as Go does).
uint32_t RunqGrab(P* v, Goroutine** batch, bool steal_next,
                  bool patient = true) {
  for (;;) {
    // Acquire, then acquire: t >= h (rule 3), and the slots up to t are
    // the owner's writes (rule 1).
    uint32_t h = v->head.load(std::memory_order_acquire);
    const uint32_t t = v->tail.load(std::memory_order_acquire);
    uint32_t n = t - h;
    n -= n / 2;
    if (n == 0) {
      if (!steal_next) return 0;
      // Acquire: more than needed; what counts is the CAS's below.
      Goroutine* next = v->runnext.load(std::memory_order_acquire);
      if (next == nullptr) return 0;
      // Relaxed: a hint, whether to wait a moment.
      if (patient && v->in_g.load(std::memory_order_relaxed)) {
        // The victim has just readied it and is probably about to park and
        // run it (ping-pong): stealing it now would only move the pair
        // apart. Give the victim a moment first, as Go does (usleep(3),
        // which the kernel's timer slack stretches to tens of
        // microseconds). This M counts as spinning meanwhile, so the
        // victim's further wake-ups do not start more Ms.
        usleep(3);
      }
      // Acquire: the goroutine as the owner's exchange published it (rule
      // 1). Release: nothing depends on it.
      if (!v->runnext.compare_exchange_strong(next, nullptr,
                                              std::memory_order_acq_rel)) {
        return 0;
      }
      batch[0] = next;
      return 1;
    }
    if (n > kRunqSize / 2) continue;  // inconsistent h and t
    for (uint32_t i = 0; i < n; ++i) {
      // Relaxed: after the acquire of tail (rule 1), or discarded if the
      // CAS fails (rule 2).
      batch[i] = v->ring[(h + i) % kRunqSize].load(std::memory_order_relaxed);
    }
    // Release: commits the consume (rule 2).
    if (v->head.compare_exchange_strong(h, h + n, std::memory_order_acq_rel)) {
      return n;
    }
  }
}

}  // namespace

Goroutine* RunqSteal(P* p, P* v, bool steal_next) {
  Goroutine* batch[kRunqSize / 2];
  const uint32_t n = RunqGrab(v, batch, steal_next);
  if (n == 0) return nullptr;
  for (uint32_t i = 0; i + 1 < n; ++i) RunqPut(p, batch[i], false);
  return batch[n - 1];
}

// For a stuck P (sysmon.cc, Retake): its M is held by one goroutine (blocked
// outside the library, or computing) and cannot run them, and no other M
// steals them while every P is busy. Go hands the whole P to another M
// (handoffp); here the stuck M keeps its P, because the goroutine it runs
// still uses the P as owner (runnext, free lists) when it comes back.
bool RunqDrainToGlobal(P* v) {
  Goroutine* batch[kRunqSize / 2];
  bool any = false;
  for (;;) {
    const uint32_t n = RunqGrab(v, batch, /*steal_next=*/true,
                                /*patient=*/false);
    if (n == 0) return any;
    for (uint32_t i = 0; i + 1 < n; ++i) batch[i]->sched_next = batch[i + 1];
    Sched& s = S();
    LockGuard l(&s.mu);
    GlobRunqPutBatchLocked(s, batch[0], batch[n - 1], static_cast<int>(n));
    any = true;
  }
}

Goroutine* GlobRunqGet(P* p, int max) {
  Sched& s = S();
  // Acquire: a hint only (see GlobRunqPutBatchLocked); mu orders the list.
  if (s.runq_size.load(std::memory_order_acquire) == 0) return nullptr;
  LockGuard l(&s.mu);
  // Relaxed, load and store: under mu, which every writer holds.
  int size = s.runq_size.load(std::memory_order_relaxed);
  if (size == 0) return nullptr;
  // gomaxprocs (seq_cst, the default): a setting; any recent value will do.
  int n = std::min(size, size / std::max(1, s.gomaxprocs.load()) + 1);
  if (max > 0) n = std::min(n, max);
  n = std::min<int>(n, kRunqSize / 2);
  s.runq_size.store(size - n, std::memory_order_relaxed);
  Goroutine* g = s.runq_head;
  s.runq_head = g->sched_next;
  for (int i = 1; i < n; ++i) {
    Goroutine* x = s.runq_head;
    s.runq_head = x->sched_next;
    RunqPut(p, x, false);
  }
  if (s.runq_head == nullptr) s.runq_tail = nullptr;
  return g;
}

}  // namespace golang::internal
