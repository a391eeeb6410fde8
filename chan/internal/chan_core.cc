// golang-cpp internal: the channel operations, after Go's runtime/chan.go.
#include "chan/internal/chan_core.h"

#include <cstddef>
#include <new>

#include "absl/base/optimization.h"
#include "runtime/internal/bubble.h"
#include "runtime/internal/sched.h"
#include "runtime/runtime.h"

namespace golang::internal {

namespace {
// Go's maxAlloc on 64-bit platforms: a channel buffer larger than this is
// `makechan: size out of range`.
constexpr uint64_t kMaxAlloc = uint64_t{1} << 48;

unsigned char* AllocBuffer(const ElemOps* ops, size_t cap) {
  if (cap == 0) return nullptr;
  return static_cast<unsigned char*>(
      ::operator new (cap * ops->size, std::align_val_t{ops->align}));
}
}  // namespace

ChanCore* ChanCore::Make(const ElemOps* ops, int64_t cap) {
  if (cap < 0 || static_cast<uint64_t>(cap) > kMaxAlloc / ops->size) {
    golang::panic("makechan: size out of range");
  }
  const size_t n = static_cast<size_t>(cap);
  if (n == 0 || ops->align > alignof(std::max_align_t)) {
    return new ChanCore(ops, n, /*timer=*/false);
  }
  // One allocation for the channel and its buffer, as Go's makechan.
  const size_t offset =
      (sizeof(ChanCore) + ops->align - 1) / ops->align * ops->align;
  void* mem = ::operator new(offset + n * ops->size);
  return ::new (mem)
      ChanCore(ops, n, static_cast<unsigned char*>(mem) + offset);
}

namespace {

// A channel made inside a synctest bubble belongs to it (and keeps it
// alive while the channel lives).
Bubble* MakingBubble() {
  Bubble* b = CurrentBubble();
  if (b != nullptr) BubbleRef(b);
  return b;
}

}  // namespace

ChanCore::ChanCore(const ElemOps* ops, size_t cap, bool timer)
    : bubble_(MakingBubble()),
      ops_(ops),
      cap_(cap),
      timer_(timer),
      owns_buf_(true),
      buf_(AllocBuffer(ops, cap)) {}

ChanCore::ChanCore(const ElemOps* ops, size_t cap, unsigned char* inline_buf)
    : bubble_(MakingBubble()),
      ops_(ops),
      cap_(cap),
      timer_(false),
      owns_buf_(false),
      buf_(inline_buf) {}

ChanCore::~ChanCore() {
  // The last reference is gone, so nothing is in flight: no lock needed.
  size_t n = count_.load(std::memory_order_relaxed);
  for (size_t i = recvx_; n > 0; --n) {
    ops_->destroy(Slot(i));
    if (++i == cap_) i = 0;
  }
  if (buf_ != nullptr && owns_buf_) {
    ::operator delete (buf_, std::align_val_t{ops_->align});
  }
  if (bubble_ != nullptr) BubbleUnref(bubble_);
}

void ChanCore::CheckBubble(const char* message) const {
  if (CurrentBubble() != bubble_) golang::panic(message);
}

bool ChanCore::TryRef() {
  int32_t n = refs_.load(std::memory_order_relaxed);
  while (n != 0) {
    if (refs_.compare_exchange_weak(n, n + 1, std::memory_order_relaxed)) {
      return true;
    }
  }
  return false;
}

// The fast paths read count_, closed_ and the queue heads without the lock.
// Each load is an acquire, so the loads of one fast path happen in program
// order; the arguments are Go's (chansend/chanrecv "Fast path" comments).
bool ChanCore::FullRelaxed() const ABSL_NO_THREAD_SAFETY_ANALYSIS {
  if (cap_ == 0) return recvq_.EmptyRelaxed();
  return count_.load(std::memory_order_acquire) == cap_;
}

bool ChanCore::EmptyRelaxed() const ABSL_NO_THREAD_SAFETY_ANALYSIS {
  if (cap_ == 0) return sendq_.EmptyRelaxed();
  return count_.load(std::memory_order_acquire) == 0;
}

void ChanCore::SendToWaiterLocked(Waiter* receiver, void* src) {
  // Unbuffered hand-off, or a buffered channel whose buffer is empty because
  // a receiver is waiting: the value goes straight into the receiver's
  // storage and the buffer is bypassed (len stays 0).
  if (receiver->elem != nullptr) ops_->move_construct(receiver->elem, src);
  receiver->success = true;
}

void ChanCore::RecvFromWaiterLocked(Waiter* sender, void* dst) {
  if (cap_ == 0) {
    if (dst != nullptr) ops_->move_construct(dst, sender->elem);
  } else {
    // The buffer is full (a sender is waiting). Take the head, and append
    // the sender's value at the tail, which is the same slot: FIFO is kept
    // (CH-26), the sender's value is not handed over out of turn.
    void* slot = Slot(recvx_);
    if (dst != nullptr) ops_->move_construct(dst, slot);
    ops_->destroy(slot);
    ops_->move_construct(slot, sender->elem);
    if (++recvx_ == cap_) recvx_ = 0;
    sendx_ = recvx_;
  }
  sender->success = true;
}

void ChanCore::BufPushLocked(void* src) {
  ops_->move_construct(Slot(sendx_), src);
  if (++sendx_ == cap_) sendx_ = 0;
  count_.store(count_.load(std::memory_order_relaxed) + 1,
               std::memory_order_release);
}

void ChanCore::BufPopLocked(void* dst) {
  void* slot = Slot(recvx_);
  if (dst != nullptr) ops_->move_construct(dst, slot);
  ops_->destroy(slot);
  if (++recvx_ == cap_) recvx_ = 0;
  count_.store(count_.load(std::memory_order_relaxed) - 1,
               std::memory_order_release);
}

void ChanCore::EnqueueLocked(Waiter* w, bool is_send) {
  (is_send ? sendq_ : recvq_).Enqueue(w);
}

void ChanCore::RemoveLocked(Waiter* w, bool is_send) {
  (is_send ? sendq_ : recvq_).Remove(w);
}

bool ChanCore::ParkLocked(void* elem, bool is_send) {
  Waiter self;
  self.parker = CurrentParker();
  self.elem = elem;
  EnqueueLocked(&self, is_send);
  Ref();  // a blocked operation keeps the channel alive (docs/api.md Lifetimes)
  mu_.unlock();
  // On a channel of the caller's bubble (the only bubble that may use it),
  // the wait is durable.
  WaitReason reason =
      is_send ? WaitReason::kChanSend : WaitReason::kChanReceive;
  if (bubble_ != nullptr) {
    reason = is_send ? WaitReason::kChanSendDurable
                     : WaitReason::kChanReceiveDurable;
  }
  self.parker->Park(reason);
  const bool success = self.success;
  Unref();
  return success;
}

bool ChanCore::Send(void* src, bool block) {
  PreemptPoint();  // a goroutine that ran 10 ms while others wait yields
  if (ABSL_PREDICT_FALSE(bubble_ != nullptr)) {
    CheckBubble("send on synctest channel from outside bubble");
  }
  return SendNoPreempt(src, block);
}

bool ChanCore::SendNoPreempt(void* src, bool block) {
  // Fast path: a failed non-blocking send needs no lock. If the channel is
  // not closed and is full at the moment of the check, the send could not
  // have proceeded then; a channel never goes from closed to open, so
  // reading closed_ after the fullness check is sound (Go's argument).
  if (!block && !closed_.load(std::memory_order_acquire) && FullRelaxed()) {
    return false;
  }

  mu_.lock();
  const Attempt a = TrySendLocked(src);
  if (a.outcome == Attempt::kDone) {
    mu_.unlock();
    if (a.wake != nullptr) a.wake->Unpark();
    return true;
  }
  if (a.outcome == Attempt::kClosed) {
    mu_.unlock();
    golang::panic("send on closed channel");
  }
  if (!block) {
    mu_.unlock();
    return false;
  }
  // Woken by a receiver, or by close (CH-32).
  if (!ParkLocked(src, /*is_send=*/true)) {
    golang::panic("send on closed channel");
  }
  return true;
}

RecvStatus ChanCore::Recv(void* dst, bool block) {
  PreemptPoint();
  if (ABSL_PREDICT_FALSE(bubble_ != nullptr)) {
    CheckBubble("receive on synctest channel from outside bubble");
  }
  // Fast path: a failed non-blocking receive needs no lock. Empty and open
  // at the first check means it could not proceed then. If it was closed,
  // re-check emptiness: closed and empty together is permanent.
  if (!block && EmptyRelaxed()) {
    if (!closed_.load(std::memory_order_acquire)) return {false, false};
    if (EmptyRelaxed()) return {true, false};
  }

  mu_.lock();
  const Attempt a = TryRecvLocked(dst);
  if (a.outcome == Attempt::kDone) {
    mu_.unlock();
    if (a.wake != nullptr) a.wake->Unpark();
    return {true, true};
  }
  if (a.outcome == Attempt::kClosed) {
    mu_.unlock();
    return {true, false};
  }
  if (!block) {
    mu_.unlock();
    return {false, false};
  }
  // Woken by a sender (ok), or by close (ok == false, CH-31).
  return {true, ParkLocked(dst, /*is_send=*/false)};
}

void ChanCore::Close() {
  if (ABSL_PREDICT_FALSE(bubble_ != nullptr)) {
    CheckBubble("close of synctest channel from outside bubble");
  }
  mu_.lock();
  if (closed_.load(std::memory_order_relaxed)) {
    mu_.unlock();
    golang::panic("close of closed channel");
  }
  closed_.store(true, std::memory_order_release);

  // Release every receiver (they get the zero value, ok == false) and every
  // sender (they panic). Chain them through `next`, then wake them after
  // dropping the lock. A waiter is not woken before we are done reading it.
  Waiter* wake = nullptr;
  for (WaitQueue* q : {&recvq_, &sendq_}) {
    while (Waiter* w = q->Dequeue()) {
      w->success = false;
      w->next = wake;
      wake = w;
    }
  }
  mu_.unlock();
  while (wake != nullptr) {
    Waiter* w = wake;
    wake = w->next;  // read before the wake-up frees w
    w->parker->Unpark();
  }
}

int64_t ChanCore::Len() const {
  if (timer_) return 0;
  return static_cast<int64_t>(count_.load(std::memory_order_relaxed));
}

int64_t ChanCore::Cap() const {
  if (timer_) return 0;
  return static_cast<int64_t>(cap_);
}

bool ChanCore::DiscardBuffered() {
  LockGuard l(&mu_);
  bool had = false;
  while (count_.load(std::memory_order_relaxed) > 0) {
    BufPopLocked(nullptr);
    had = true;
  }
  return had;
}

void BlockForever(WaitReason reason) {
  // Nobody ever unparks this: the goroutine sleeps until the process exits
  // (or the deadlock detector ends it).
  // A select whose cases are all nil, in a synctest bubble: durable, as in
  // Go (its channels are, vacuously, all the bubble's).
  if (reason == WaitReason::kSelect && CurrentBubble() != nullptr) {
    reason = WaitReason::kSelectDurable;
  }
  Parker* p = CurrentParker();
  for (;;) p->Park(reason);
}

}  // namespace golang::internal
