// golang-cpp internal: NOT API.
//
// chan_core.h: the channel itself (Go's hchan), type-erased. chan<T> handles
// and select both drive this one implementation; it moves elements through
// an ElemOps table (Go's typedmemmove), so it is compiled once, not per T.
//
// Kinds of channel, all in this one structure:
//   unbuffered  cap_ == 0: a send completes only by meeting a receiver
//               (direct hand-off between the two waiters' storage);
//   buffered    cap_ > 0: a ring of cap_ slots;
//   timer       a buffered channel of capacity 1 that reports len == cap == 0
//               (Go 1.23 timer channels), fed by the timer heap;
//   nil         not a ChanCore at all: a null handle, handled by callers.
//
// Invariants (Go's chan.go):
//   - At least one of sendq_ and recvq_ is empty, except for an unbuffered
//     channel with a single select blocked on both sides of it (a select
//     never pairs with itself).
//   - Buffered: count_ > 0 implies recvq_ is empty; count_ < cap_ implies
//     sendq_ is empty.
//   - Closed: both queues are empty (close releases every waiter) and no
//     waiter is ever queued again.
//
// Locking: every field below is guarded by mu_. A select locks several
// channels in address order. Nobody is woken while a channel lock is held.
//
// One rule per direction: whether a send or a receive can proceed (closed?
// a partner waiting? room or a value in the buffer?) is decided in one place,
// TrySendLocked and TryRecvLocked, which Send and Recv call under mu_ and a
// select calls under the locks of all its channels (Go's send and recv in
// runtime/chan.go, which chansend, chanrecv and selectgo share). They return
// whom to wake, and the caller wakes it once every lock is dropped.
#ifndef GOLANG_CHAN_INTERNAL_CHAN_CORE_H_
#define GOLANG_CHAN_INTERNAL_CHAN_CORE_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <new>
#include <type_traits>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "chan/internal/waiter.h"
#include "runtime/internal/lock.h"

namespace golang::internal {

struct Bubble;

// How the type-erased core moves elements of one type.
struct ElemOps {
  size_t size;
  size_t align;
  // Move-constructs *dst from *src. *src stays alive (moved-from).
  void (*move_construct)(void* dst, void* src);
  void (*destroy)(void* p);
};

template <class T>
inline constexpr ElemOps kElemOpsFor = {
    sizeof(T),
    alignof(T),
    [](void* dst, void* src) {
      ::new (dst) T(std::move(*static_cast<T*>(src)));
    },
    [](void* p) { static_cast<T*>(p)->~T(); },
};

// Result of a receive: `selected` is false only for a non-blocking receive
// that found nothing; `ok` is Go's comma-ok (false: closed and drained, and
// the destination was left unconstructed).
struct RecvStatus {
  bool selected;
  bool ok;
};

// What a locked try-send or try-receive found, and whom it leaves to wake.
struct Attempt {
  enum Outcome : uint8_t {
    kDone,        // the value moved: to or from a partner, or the buffer
    kClosed,      // a send must panic; a receive got no value (ok == false)
    kWouldBlock,  // no partner, no room (send) or no value (receive)
  };
  Outcome outcome;
  // The partner that took or gave the value (kDone only, else null), to be
  // unparked by the caller after it has dropped every lock it holds: the
  // partner may run, and free its Waiter, as soon as it is woken.
  Parker* wake = nullptr;
};

class ChanCore {
 public:
  // Panics with `makechan: size out of range` if cap is negative or the
  // buffer would be absurdly large.
  static ChanCore* Make(const ElemOps* ops, int64_t cap);

  ChanCore(const ChanCore&) = delete;
  ChanCore& operator=(const ChanCore&) = delete;

  // --- Reference counting (handles and in-flight blocking operations). ---
  void Ref() { refs_.fetch_add(1, std::memory_order_relaxed); }
  void Unref() {
    if (refs_.fetch_sub(1, std::memory_order_acq_rel) == 1) delete this;
  }
  // Takes a reference unless the count already reached zero (the channel is
  // being destroyed). For weak referrers such as the timer heap.
  bool TryRef();

  // --- The operations, Go's chansend / chanrecv / closechan. ---
  // Sends *src (moved from on success). Blocking: returns true, or panics
  // with `send on closed channel`. Non-blocking: false if it would block.
  bool Send(void* src, bool block);
  // Send without the preemption point: for the runtime's own sends made
  // while it holds one of its locks (a timer's value, under the timer's
  // lock). A goroutine must not yield holding a runtime lock: the lock would
  // stay held by a goroutine that is not running (lockrank.h checks it).
  bool SendNoPreempt(void* src, bool block);
  // Receives into dst (raw storage for one element, or null to discard).
  RecvStatus Recv(void* dst, bool block);
  // Panics with `close of closed channel` if already closed.
  void Close();

  // --- The locked interface: Send, Recv and select (select_core.cc). ---
  // Each call requires mu(), which a select takes for all its channels at
  // once, in address order, and asserts held before each call.
  Lock& mu() const ABSL_LOCK_RETURNED(mu_) { return mu_; }
  // Go's send/bufsend: hands *src to a waiting receiver or appends it to the
  // buffer (moving from *src), or reports kClosed or kWouldBlock with *src
  // left intact.
  Attempt TrySendLocked(void* src) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Go's recv/bufrecv: takes a waiting sender's value or the buffer's head
  // into dst (raw storage, or null to discard it), or reports kClosed
  // (closed and drained) or kWouldBlock, dst left unconstructed.
  Attempt TryRecvLocked(void* dst) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Queues w, a waiter that found TrySendLocked or TryRecvLocked
  // kWouldBlock, on the send or the receive queue; a partner or a close
  // dequeues it and wakes w->parker. Removes w again if it is still queued
  // (a select's losing cases). Neither wakes anyone.
  void EnqueueLocked(Waiter* w, bool is_send)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void RemoveLocked(Waiter* w, bool is_send) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  [[nodiscard]] int64_t Len() const;
  [[nodiscard]] int64_t Cap() const;

  // The synctest bubble the channel was made in (runtime/internal/bubble.h),
  // or null. Only that bubble's goroutines may use it; their blocking on it
  // is durable.
  [[nodiscard]] Bubble* bubble() const { return bubble_; }
  // Panics with `message` (Go's: `send on synctest channel from outside
  // bubble`, ...) unless the caller is in the channel's bubble. Call only
  // when bubble() is set.
  void CheckBubble(const char* message) const;

  // --- For the timer heap (time/): a timer channel. ---
  // Discards any buffered, not yet received value. Returns whether there was
  // one. (Stop/Reset: "no stale value after Stop returns".)
  bool DiscardBuffered();

 protected:
  // A channel whose buffer is a separate allocation. With `timer` (TimerChan,
  // time/internal/timer.h, cap 1) the buffer is hidden: len and cap report
  // 0, as Go 1.23's timer channels do.
  ChanCore(const ElemOps* ops, size_t cap, bool timer);
  virtual ~ChanCore();
  // Make allocates a channel and its buffer in one block, as Go's makechan
  // does, so the object is freed by this, unsized.
  static void operator delete(void* p) { ::operator delete(p); }

 private:
  // With the buffer at `inline_buf`, inside the object's own allocation.
  ChanCore(const ElemOps* ops, size_t cap, unsigned char* inline_buf);

  void* Slot(size_t i) const { return buf_ + i * ops_->size; }
  // Lock-free checks for the non-blocking fast paths (Go's full/empty).
  bool FullRelaxed() const;
  bool EmptyRelaxed() const;

  // Parks the caller on this channel as a blocked send or receive of elem
  // (the half of chansend/chanrecv after the try failed). Called with mu_
  // held, returns with it released; returns the Waiter's success.
  bool ParkLocked(void* elem, bool is_send) ABSL_UNLOCK_FUNCTION(mu_);

  // The value's moves, under mu_; see TrySendLocked and TryRecvLocked.
  void SendToWaiterLocked(Waiter* receiver, void* src)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void RecvFromWaiterLocked(Waiter* sender, void* dst)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void BufPushLocked(void* src) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void BufPopLocked(void* dst) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  mutable Lock mu_{LockRank::kChan};
  Bubble* const bubble_;  // holds a reference (BubbleRef)
  const ElemOps* const ops_;
  const size_t cap_;
  const bool timer_;
  const bool owns_buf_;  // buf_ is a separate allocation
  unsigned char* const buf_;
  // count_ and closed_ are written only under mu_ but read without it by
  // len() and the fast paths, hence atomic.
  std::atomic<size_t> count_{0};
  std::atomic<bool> closed_{false};
  size_t sendx_ ABSL_GUARDED_BY(mu_) = 0;
  size_t recvx_ ABSL_GUARDED_BY(mu_) = 0;
  WaitQueue recvq_ ABSL_GUARDED_BY(mu_);
  WaitQueue sendq_ ABSL_GUARDED_BY(mu_);
  std::atomic<int32_t> refs_{1};
};

// The two rules, in selectgo's order (chansend and chanrecv test the same
// conditions). A receive tests the send queue before closed_: closing
// empties both queues for good, so a sender found waiting means the channel
// is open, and a closed channel hands out its buffer first (CH-23). Inline
// because every Send and Recv that takes the lock runs one.
inline Attempt ChanCore::TrySendLocked(void* src) {
  if (closed_.load(std::memory_order_relaxed)) return {Attempt::kClosed};
  if (Waiter* receiver = recvq_.Dequeue()) {
    SendToWaiterLocked(receiver, src);
    return {Attempt::kDone, receiver->parker};
  }
  if (count_.load(std::memory_order_relaxed) < cap_) {
    BufPushLocked(src);
    return {Attempt::kDone};
  }
  return {Attempt::kWouldBlock};
}

inline Attempt ChanCore::TryRecvLocked(void* dst) {
  if (Waiter* sender = sendq_.Dequeue()) {
    RecvFromWaiterLocked(sender, dst);
    return {Attempt::kDone, sender->parker};
  }
  if (count_.load(std::memory_order_relaxed) > 0) {
    BufPopLocked(dst);
    return {Attempt::kDone};
  }
  if (closed_.load(std::memory_order_relaxed)) return {Attempt::kClosed};
  return {Attempt::kWouldBlock};
}

// Blocks the calling goroutine forever (nil channel operations, `select {}`).
[[noreturn]] void BlockForever(WaitReason reason);

}  // namespace golang::internal

#endif  // GOLANG_CHAN_INTERNAL_CHAN_CORE_H_
