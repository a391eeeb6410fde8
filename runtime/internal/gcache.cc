// golang-cpp internal: goroutine records, ids and live counts cached per P
// (gcache.h). What a goroutine calls to change them (NewGoroutine, the id
// and the count) runs in a TsanRuntimeScope: the lists and counters are
// the runtime's history, not the goroutine's (switch.cc,
// "ThreadSanitizer").
#include "runtime/internal/gcache.h"

#include <atomic>
#include <cstdint>

#include "runtime/internal/goroutine.h"
#include "runtime/internal/lock.h"
#include "runtime/internal/runtime2.h"
#include "runtime/internal/sched.h"
#include "runtime/internal/stack.h"
#include "runtime/internal/switch.h"

namespace golang::internal {
namespace {

constexpr int kGFreeMax = 64;    // a P's free list spills above this
constexpr int kGFreeBatch = 32;  // moved at a time
constexpr int64_t kGoidBatch = 16;

// Moves n records from p's free list to the global one.
void GFreeSpill(Sched& s, P* p, int n) {
  if (n == 0) return;
  Goroutine* first = p->gfree;
  Goroutine* last = first;
  for (int i = 1; i < n; ++i) last = last->sched_next;
  p->gfree = last->sched_next;
  p->ngfree -= n;
  LockGuard l(&s.free_mu);
  last->sched_next = s.gfree;
  s.gfree = first;
}

}  // namespace

void GFreePut(P* p, Goroutine* g) {
  if (g->stack_mem.size != DefaultStackSize()) {
    ReleaseStack(g->stack_mem);
    g->stack_mem = StackMem{};
  }
  g->sched_next = p->gfree;
  p->gfree = g;
  if (++p->ngfree > kGFreeMax) GFreeSpill(S(), p, kGFreeBatch);
}

void GFreePurge(P* p) { GFreeSpill(S(), p, p->ngfree); }

Goroutine* NewGoroutine() {
  TsanRuntimeScope scope;
  Sched& s = S();
  Goroutine* g = nullptr;
  M* m = CurrentM();
  P* p = m != nullptr ? m->p : nullptr;
  if (p != nullptr) {
    if (p->gfree == nullptr) {
      // Refill a batch from the global list.
      LockGuard l(&s.free_mu);
      while (p->ngfree < kGFreeBatch && s.gfree != nullptr) {
        Goroutine* x = s.gfree;
        s.gfree = x->sched_next;
        x->sched_next = p->gfree;
        p->gfree = x;
        ++p->ngfree;
      }
    }
    g = p->gfree;
    if (g != nullptr) {
      p->gfree = g->sched_next;
      --p->ngfree;
    }
  } else {
    LockGuard l(&s.free_mu);
    g = s.gfree;
    if (g != nullptr) s.gfree = g->sched_next;
  }
  if (g == nullptr) g = new Goroutine;
  g->sched_next = nullptr;
  if (g->stack_mem.lo == nullptr) {
    g->stack_mem = AllocateStack(DefaultStackSize());
  }
  PrepareContext(g);
  return g;
}

int64_t NewGoroutineId() {
  TsanRuntimeScope scope;
  M* m = CurrentM();
  P* p = m != nullptr ? m->p : nullptr;
  // Relaxed: an id only needs to be unique, which the atomic addition
  // alone guarantees.
  if (p == nullptr) return S().goidgen.fetch_add(1, std::memory_order_relaxed);
  if (p->goid_next == p->goid_end) {
    p->goid_next = S().goidgen.fetch_add(kGoidBatch, std::memory_order_relaxed);
    p->goid_end = p->goid_next + kGoidBatch;
  }
  return p->goid_next++;
}

void AddLiveGoroutines(int delta) {
  TsanRuntimeScope scope;
  M* m = CurrentM();
  P* p = m != nullptr ? m->p : nullptr;
  if (p == nullptr) {
    S().live.fetch_add(delta, std::memory_order_relaxed);
    return;
  }
  // Only the owner writes: no read-modify-write needed.
  p->live.store(p->live.load(std::memory_order_relaxed) + delta,
                std::memory_order_relaxed);
}

int CountLiveGoroutines() {
  Sched& s = S();
  int64_t n = s.live.load(std::memory_order_relaxed);
  const int np = s.nallp.load(std::memory_order_acquire);
  for (int k = 0; k < np; ++k) {
    n += s.allp[k]
             .load(std::memory_order_acquire)
             ->live.load(std::memory_order_relaxed);
  }
  // A goroutine started on one P and finished on another is counted on
  // both; a read between the two updates can be off, never negative.
  return n > 0 ? static_cast<int>(n) : 0;
}

}  // namespace golang::internal
