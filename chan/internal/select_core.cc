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
//
// Select drives a channel only through ChanCore's locked interface: the
// same try-send and try-receive a plain send or receive runs (so a chosen
// case is exactly that operation, SEL-27), enqueue and remove. It never
// touches a queue or a buffer itself, and Clang's analysis checks every
// call against the lock it requires (SelectLocks below).
#include "chan/internal/select_core.h"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <functional>
#include <utility>

#include "absl/base/optimization.h"
#include "absl/container/inlined_vector.h"
#include "runtime/internal/fastrand.h"
#include "runtime/internal/nanotime.h"
#include "runtime/internal/sched.h"
#include "runtime/runtime.h"

namespace golang::internal {

namespace {

// The runtime's wyrand (fastrand.h), with the thread's state word
// (select_rng_state, which a seeded synctest bubble reseeds at each of its
// scheduling points). Seeded on first use (0 means not yet).
uint64_t RngNext() {
  uint64_t s = select_rng_state.load(std::memory_order_relaxed);
  if (s == 0) {
    static std::atomic<uint64_t> seq{0};
    s = static_cast<uint64_t>(Nanotime()) ^
        seq.fetch_add(0x9E3779B97F4A7C15, std::memory_order_relaxed);
  }
  const uint64_t r = Wyrand(&s);
  select_rng_state.store(s, std::memory_order_relaxed);
  return r;
}

using Order = absl::InlinedVector<uint16_t, 8>;

// The locks of every channel a select names, as one capability (Go's
// sellock and selunlock). Lock order: each distinct channel once, in
// address order, so two selects over the same channels can never wait on
// each other's locks. The passes below require the set; each call into a
// channel asserts that channel's own lock, which the set holds.
class ABSL_LOCKABLE SelectLocks {
 public:
  SelectLocks(const SelectCase* cases, const Order& lockorder)
      : cases_(cases), lockorder_(lockorder) {}

  // Clang's analysis cannot count locks taken in a loop over a set whose
  // size is known only at run time: the one place select does so is where
  // it stops looking. Everything the set guards is checked from here on.
  void Lock() ABSL_EXCLUSIVE_LOCK_FUNCTION() ABSL_NO_THREAD_SAFETY_ANALYSIS {
    ChanCore* prev = nullptr;
    for (uint16_t i : lockorder_) {
      ChanCore* c = cases_[i].chan;
      if (c != prev) c->mu().lock();
      prev = c;
    }
  }

  void Unlock() ABSL_UNLOCK_FUNCTION() {
    // Any order is fine for unlocking; dedupe exactly as Lock did.
    ChanCore* prev = nullptr;
    for (uint16_t i : lockorder_) {
      ChanCore* c = cases_[i].chan;
      if (c == prev) continue;
      c->mu().AssertHeld();
      c->mu().unlock();
      prev = c;
    }
  }

 private:
  const SelectCase* const cases_;
  const Order& lockorder_;
};

// What pass 1 committed: the case, and what ChanCore's try found.
struct Polled {
  int index;  // -1: no case can proceed
  Attempt attempt;
};

// Pass 1: commits the first case in poll order that can proceed, with the
// channel's own rule (TrySendLocked / TryRecvLocked, as a plain send or
// receive uses, SEL-27). The caller unlocks, then wakes and panics.
Polled Poll(SelectCase* cases, const Order& pollorder, SelectLocks& locks)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(locks) {
  for (uint16_t i : pollorder) {
    SelectCase& sc = cases[i];
    ChanCore* c = sc.chan;
    c->mu().AssertHeld();
    const Attempt a =
        sc.is_send ? c->TrySendLocked(sc.elem) : c->TryRecvLocked(sc.elem);
    if (a.outcome != Attempt::kWouldBlock) return {i, a};
  }
  return {-1, {Attempt::kWouldBlock}};
}

// Passes 2 and 3. Called with all locks held; returns with none held.
int Block(SelectCase* cases, const Order& lockorder, SelectLocks& locks,
          WaitReason reason) ABSL_UNLOCK_FUNCTION(locks) {
  const int n = static_cast<int>(lockorder.size());
  SelectState state;
  absl::InlinedVector<Waiter, 4> waiters(n);
  Parker* self = CurrentParker();
  for (int k = 0; k < n; ++k) {
    const uint16_t i = lockorder[k];
    Waiter& w = waiters[k];
    w.parker = self;
    w.elem = cases[i].elem;
    w.select = &state;
    w.case_index = i;
    ChanCore* c = cases[i].chan;
    c->mu().AssertHeld();
    c->EnqueueLocked(&w, cases[i].is_send);
  }
  // Blocked operations keep their channels alive (docs/api.md Lifetimes).
  for (uint16_t i : lockorder) cases[i].chan->Ref();
  locks.Unlock();

  self->Park(reason);

  // Pass 3: the winner was unlinked by the partner that claimed us; unlink
  // the rest. Their partners skip them (the claim failed) if they see them
  // before we do.
  Waiter* fired = state.fired;
  locks.Lock();
  for (int k = 0; k < n; ++k) {
    Waiter& w = waiters[k];
    if (&w == fired) continue;
    const SelectCase& sc = cases[w.case_index];
    sc.chan->mu().AssertHeld();
    sc.chan->RemoveLocked(&w, sc.is_send);
  }
  locks.Unlock();
  for (uint16_t i : lockorder) cases[i].chan->Unref();

  const int chosen = fired->case_index;
  if (cases[chosen].is_send) {
    if (!fired->success) golang::panic("send on closed channel");  // SEL-13
  } else {
    cases[chosen].recv_ok = fired->success;  // false: woken by close
  }
  return chosen;
}

}  // namespace

uint32_t FastRandN(uint32_t n) {
  // Lemire's multiply-shift: the bias is below 2^-32 for the small n used
  // here, as with Go's cheaprandn.
  return static_cast<uint32_t>(
      (static_cast<uint64_t>(static_cast<uint32_t>(RngNext())) * n) >> 32);
}

int SelectGo(SelectCase* cases, int n, bool block) {
  PreemptPoint();  // a goroutine that ran 10 ms while others wait yields
  // Poll order: a random permutation of the non-nil cases (nil channels are
  // never ready, SEL-9). Lock order: the same cases sorted by channel.
  Order pollorder;
  // Whether every channel is a synctest bubble's (the caller's: any other
  // panics), which makes blocking durable (Go's allSynctest).
  bool all_bubble = true;
  for (int i = 0; i < n; ++i) {
    if (cases[i].chan == nullptr) continue;
    if (ABSL_PREDICT_FALSE(cases[i].chan->bubble() != nullptr)) {
      cases[i].chan->CheckBubble(
          "select on synctest channel from outside bubble");
    } else {
      all_bubble = false;
    }
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
  std::sort(lockorder.begin(), lockorder.end(),
            [cases](uint16_t a, uint16_t b) {
              return std::less<ChanCore*>()(cases[a].chan, cases[b].chan);
            });

  SelectLocks locks(cases, lockorder);
  locks.Lock();
  const Polled p = Poll(cases, pollorder, locks);
  if (p.index < 0 && block) {
    return Block(cases, lockorder, locks,
                 all_bubble ? WaitReason::kSelectDurable : WaitReason::kSelect);
  }
  locks.Unlock();
  if (p.index < 0) return -1;  // the default case
  if (p.attempt.wake != nullptr) p.attempt.wake->Unpark();
  SelectCase& sc = cases[p.index];
  if (sc.is_send) {
    // SEL-11/12: a closed channel's send case panics when the poll reaches
    // it, default or not.
    if (p.attempt.outcome == Attempt::kClosed) {
      golang::panic("send on closed channel");
    }
  } else {
    sc.recv_ok = p.attempt.outcome == Attempt::kDone;  // SEL-10: closed
  }
  return p.index;
}

}  // namespace golang::internal
