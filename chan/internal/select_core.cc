// golang-cpp internal: select, after Go's runtime/select.go (selectgo).
//
// A select runs in up to three passes, all under the locks of every channel
// it names, taken in address order (duplicates once):
//
//   pass 1  poll the cases in a random order (uniform fairness, SEL-1) and
//           commit the first that can proceed;
//   pass 2  if none can and we may block, enqueue one waiter per case on its
//           channel, all sharing one SelectState, release the locks and park;
//   pass 3  once woken, by the one partner that won the SelectState claim,
//           relock and unlink the waiters of every other case.
//
// Because pass 1 inspects all channels under all their locks, a select sees
// the channels at one instant (SEL-17/18), and because its own waiters are
// only enqueued after pass 1 fails, it can never pair with itself (SEL-19).
// Partners claim a blocked select with a CAS on SelectState::done, so at
// most one case fires (SEL-6).
#include "chan/internal/select_core.h"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <memory>

#include "absl/container/inlined_vector.h"
#include "runtime/internal/fastrand.h"
#include "runtime/internal/nanotime.h"
#include "runtime/internal/sched.h"
#include "runtime/runtime.h"

namespace golang::internal {

namespace {

// The runtime's wyrand (fastrand.h), with a state word per thread that
// every goroutine running on the thread uses: a relaxed atomic (plain loads
// and stores on x86), so that ThreadSanitizer, which sees the goroutines as
// unordered, does not report the sharing. Seeded on first use (0 means not
// yet).
[[gnu::tls_model("initial-exec")]] thread_local std::atomic<uint64_t> rng_state{0};

uint64_t RngNext() {
  uint64_t s = rng_state.load(std::memory_order_relaxed);
  if (s == 0) {
    static std::atomic<uint64_t> seq{0};
    s = static_cast<uint64_t>(Nanotime()) ^
        seq.fetch_add(0x9E3779B97F4A7C15, std::memory_order_relaxed);
  }
  const uint64_t r = Wyrand(&s);
  rng_state.store(s, std::memory_order_relaxed);
  return r;
}

}  // namespace

uint32_t FastRandN(uint32_t n) {
  // Lemire's multiply-shift: the bias is below 2^-32 for the small n used
  // here, as with Go's cheaprandn.
  return static_cast<uint32_t>(
      (static_cast<uint64_t>(static_cast<uint32_t>(RngNext())) * n) >> 32);
}

// Friend of ChanCore: the only code outside chan_core.cc that touches a
// channel's queues and buffer.
class SelectImpl {
 public:
  static int Run(SelectCase* cases, int n, bool block);

 private:
  using Order = absl::InlinedVector<uint16_t, 8>;
  static void LockAll(SelectCase* cases, const Order& lockorder)
      ABSL_NO_THREAD_SAFETY_ANALYSIS;
  static void UnlockAll(SelectCase* cases, const Order& lockorder)
      ABSL_NO_THREAD_SAFETY_ANALYSIS;
  static int Poll(SelectCase* cases, const Order& pollorder,
                  const Order& lockorder) ABSL_NO_THREAD_SAFETY_ANALYSIS;
  static int Block(SelectCase* cases, const Order& lockorder)
      ABSL_NO_THREAD_SAFETY_ANALYSIS;
};

// Locks each distinct channel once, in address order: two selects over the
// same channels can never wait on each other's locks.
void SelectImpl::LockAll(SelectCase* cases, const Order& lockorder) {
  ChanCore* prev = nullptr;
  for (uint16_t i : lockorder) {
    ChanCore* c = cases[i].chan;
    if (c != prev) c->mu_.lock();
    prev = c;
  }
}

void SelectImpl::UnlockAll(SelectCase* cases, const Order& lockorder) {
  // Any order is fine for unlocking; dedupe exactly as LockAll did.
  ChanCore* prev = nullptr;
  for (uint16_t i : lockorder) {
    ChanCore* c = cases[i].chan;
    if (c != prev) c->mu_.unlock();
    prev = c;
  }
}

// Pass 1. Returns the case committed (all locks released and any partner
// woken), or -1 with the locks still held.
int SelectImpl::Poll(SelectCase* cases, const Order& pollorder,
                     const Order& lockorder) {
  for (uint16_t i : pollorder) {
    SelectCase& sc = cases[i];
    ChanCore* c = sc.chan;
    if (sc.is_send) {
      if (c->closed_.load(std::memory_order_relaxed)) {
        UnlockAll(cases, lockorder);
        golang::panic("send on closed channel");  // SEL-11/12
      }
      if (Waiter* receiver = c->recvq_.Dequeue()) {
        c->SendToWaiterLocked(receiver, sc.elem);
        Parker* p = receiver->parker;
        UnlockAll(cases, lockorder);
        p->Unpark();
        return i;
      }
      if (c->count_.load(std::memory_order_relaxed) < c->cap_) {
        c->BufPushLocked(sc.elem);
        UnlockAll(cases, lockorder);
        return i;
      }
    } else {
      if (Waiter* sender = c->sendq_.Dequeue()) {
        c->RecvFromWaiterLocked(sender, sc.elem);
        sc.recv_ok = true;
        Parker* p = sender->parker;
        UnlockAll(cases, lockorder);
        p->Unpark();
        return i;
      }
      if (c->count_.load(std::memory_order_relaxed) > 0) {
        c->BufPopLocked(sc.elem);
        sc.recv_ok = true;
        UnlockAll(cases, lockorder);
        return i;
      }
      if (c->closed_.load(std::memory_order_relaxed)) {
        sc.recv_ok = false;  // SEL-10
        UnlockAll(cases, lockorder);
        return i;
      }
    }
  }
  return -1;
}

// Passes 2 and 3. Called with all locks held; returns with none held.
int SelectImpl::Block(SelectCase* cases, const Order& lockorder) {
  const int n = static_cast<int>(lockorder.size());
  SelectState state;
  absl::InlinedVector<Waiter, 4> waiters(n);
  Parker* self = CurrentParker();
  for (int k = 0; k < n; ++k) {
    uint16_t i = lockorder[k];
    Waiter& w = waiters[k];
    w.parker = self;
    w.elem = cases[i].elem;
    w.select = &state;
    w.case_index = i;
    ChanCore* c = cases[i].chan;
    (cases[i].is_send ? c->sendq_ : c->recvq_).Enqueue(&w);
  }
  // Blocked operations keep their channels alive (docs/api.md Lifetimes).
  for (uint16_t i : lockorder) cases[i].chan->Ref();
  UnlockAll(cases, lockorder);

  self->Park(WaitReason::kSelect);

  // Pass 3: the winner was unlinked by the partner that claimed us; unlink
  // the rest. Their partners skip them (the claim failed) if they see them
  // before we do.
  Waiter* fired = state.fired;
  LockAll(cases, lockorder);
  for (int k = 0; k < n; ++k) {
    Waiter& w = waiters[k];
    if (&w == fired) continue;
    ChanCore* c = cases[w.case_index].chan;
    (cases[w.case_index].is_send ? c->sendq_ : c->recvq_).Remove(&w);
  }
  UnlockAll(cases, lockorder);
  for (uint16_t i : lockorder) cases[i].chan->Unref();

  const int chosen = fired->case_index;
  if (cases[chosen].is_send) {
    if (!fired->success) golang::panic("send on closed channel");  // SEL-13
  } else {
    cases[chosen].recv_ok = fired->success;  // false: woken by close
  }
  return chosen;
}

int SelectImpl::Run(SelectCase* cases, int n, bool block) {
  PreemptPoint();  // a goroutine that ran 10 ms while others wait yields
  // Poll order: a random permutation of the non-nil cases (nil channels are
  // never ready, SEL-9). Lock order: the same cases sorted by channel.
  Order pollorder;
  for (int i = 0; i < n; ++i) {
    if (cases[i].chan == nullptr) continue;
    // Inside-out Fisher-Yates.
    pollorder.push_back(static_cast<uint16_t>(i));
    uint32_t j = FastRandN(static_cast<uint32_t>(pollorder.size()));
    std::swap(pollorder[j], pollorder.back());
  }
  if (pollorder.empty()) {
    if (!block) return -1;
    BlockForever(n == 0 ? WaitReason::kSelectNoCases
                        : WaitReason::kSelect);  // SEL-7/8
  }
  Order lockorder(pollorder.begin(), pollorder.end());
  std::sort(lockorder.begin(), lockorder.end(), [cases](uint16_t a, uint16_t b) {
    return std::less<ChanCore*>()(cases[a].chan, cases[b].chan);
  });

  LockAll(cases, lockorder);
  int chosen = Poll(cases, pollorder, lockorder);
  if (chosen >= 0) return chosen;
  if (!block) {
    UnlockAll(cases, lockorder);
    return -1;
  }
  return Block(cases, lockorder);
}

int SelectGo(SelectCase* cases, int n, bool block) {
  return SelectImpl::Run(cases, n, block);
}

}  // namespace golang::internal
