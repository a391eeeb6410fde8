// golang-cpp internal: NOT API.
//
// waiter.h: the record of one blocked channel operation (Go's sudog) and the
// FIFO queue of them that every channel keeps per direction (Go's waitq).
//
// A Waiter lives on the blocked goroutine's stack. It is linked into a
// channel's queue only while that channel's lock is held, and it stays
// valid until its owner is unparked: whoever unlinks it (a partner operation,
// a close, or the owner's own select cleanup) is the only one who may write
// its result, and it wakes the owner after dropping the channel lock.
#ifndef GOLANG_CHAN_INTERNAL_WAITER_H_
#define GOLANG_CHAN_INTERNAL_WAITER_H_

#include <atomic>
#include <cstdint>

#include "runtime/internal/parker.h"

namespace golang::internal {

struct Waiter;

// Shared by the waiters of one blocked select: the first channel to claim
// `done` (Go's selectDone CAS) owns the select; the others skip its waiters.
struct SelectState {
  std::atomic<uint32_t> done{0};
  Waiter* fired = nullptr;  // written by the claimer before Unpark
};

struct Waiter {
  Waiter* next = nullptr;
  Waiter* prev = nullptr;
  bool linked = false;

  Parker* parker = nullptr;
  // Send: the value to take (the sender keeps ownership; partners
  // move-construct from it). Receive: raw storage to move-construct the
  // value into, or null when the value is discarded.
  void* elem = nullptr;
  // Set by the partner before the wake-up: true if the communication
  // happened, false if the channel was closed.
  bool success = false;

  SelectState* select = nullptr;  // null for a plain send or receive
  int case_index = -1;            // select only: which scase this is
};

// FIFO of waiters, intrusive and doubly linked so a select can remove its
// losing waiters from the middle. All mutation under the owning channel's
// lock; `first_` is also read without the lock by the non-blocking fast
// paths, hence atomic.
class WaitQueue {
 public:
  void Enqueue(Waiter* w) {
    w->next = nullptr;
    w->prev = last_;
    w->linked = true;
    if (last_ != nullptr) {
      last_->next = w;
    } else {
      first_.store(w, std::memory_order_relaxed);
    }
    last_ = w;
  }

  // Pops the first waiter that can still be completed: a waiter of a select
  // that another channel already claimed is unlinked and skipped. For a
  // select waiter the claim is taken here, and `fired` is set.
  Waiter* Dequeue() {
    for (;;) {
      Waiter* w = first_.load(std::memory_order_relaxed);
      if (w == nullptr) return nullptr;
      Remove(w);
      if (w->select != nullptr) {
        uint32_t expected = 0;
        if (!w->select->done.compare_exchange_strong(
                expected, 1, std::memory_order_acq_rel)) {
          continue;  // its select was won elsewhere; its owner cleans up
        }
        w->select->fired = w;
      }
      return w;
    }
  }

  // Unlinks w if it is still queued (a select removing its losing cases).
  void Remove(Waiter* w) {
    if (!w->linked) return;
    if (w->prev != nullptr) {
      w->prev->next = w->next;
    } else {
      first_.store(w->next, std::memory_order_relaxed);
    }
    if (w->next != nullptr) {
      w->next->prev = w->prev;
    } else {
      last_ = w->prev;
    }
    w->next = w->prev = nullptr;
    w->linked = false;
  }

  // Lock-free peek for the fast paths. acquire: see chan_core.cc.
  bool EmptyRelaxed() const {
    return first_.load(std::memory_order_acquire) == nullptr;
  }

 private:
  std::atomic<Waiter*> first_{nullptr};
  Waiter* last_ = nullptr;
};

}  // namespace golang::internal

#endif  // GOLANG_CHAN_INTERNAL_WAITER_H_
