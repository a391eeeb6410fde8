// golang-cpp internal: runtime timers, the timer heap and the timer thread,
// after Go 1.23's runtime/time.go. See timer.h for the state machine, the
// invariants and the lock order.
#include "time/internal/timer.h"

#include <algorithm>
#include <limits>
#include <thread>
#include <utility>
#include <vector>

#if defined(__linux__)
#include <sys/prctl.h>
#endif

#include "absl/base/optimization.h"
#include "runtime/internal/bubble.h"
#include "runtime/internal/parker.h"
#include "runtime/internal/sched.h"
#include "runtime/runtime.h"

namespace golang::internal {

namespace {

constexpr int64_t kNever = std::numeric_limits<int64_t>::max();
constexpr size_t kNotInHeap = std::numeric_limits<size_t>::max();

// A ticker whose last tick nobody has received drops ticks (TM-29). With a
// tiny period that would make the timer thread spin, popping and re-arming
// the ticker every few nanoseconds to drop tick after tick. So while ticks
// are being dropped the re-arm is pushed back, doubling from the period up
// to this cap; ticks stay on the ticker's schedule (when + k*period), and a
// receiver that comes back waits at most this long for the next one.
constexpr int64_t kMaxDropBackoffNs = 1'000'000;  // 1 ms

// The most due entries one popping takes under the heap lock: the timer
// thread's batch, and a helping Modify's (which its caller waits for).
constexpr size_t kTimerBatch = 256;
constexpr size_t kHelpBatch = 32;

std::atomic<int64_t> live_timers{0};

int64_t SaturatingAdd(int64_t a, int64_t b) {
  int64_t r;
  if (__builtin_add_overflow(a, b, &r)) return b > 0 ? kNever : 0;
  return r;
}

}  // namespace

constinit Lock timer_heap_lock{LockRank::kTimerHeap};

int64_t DurationToNanos(absl::Duration d) {
  if (d <= absl::ZeroDuration()) return 0;
  // Saturates at INT64_MAX, also for absl::InfiniteDuration().
  return absl::ToInt64Nanoseconds(d);
}

int64_t WhenAfter(absl::Duration d) {
  const Bubble* b = CurrentBubble();
  const int64_t now = b != nullptr ? BubbleNowNs(b) : Nanotime();
  return SaturatingAdd(now, DurationToNanos(d));
}

// The heap of armed timers, ordered by when. One per process, served by one
// thread that is started by the first timer armed and never exits. Nothing
// here is ever freed: timers may be touched during static destruction.
class TimerHeap {
 public:
  struct Entry {
    int64_t when;
    uint64_t seq;
    RuntimeTimer* t;
  };

  // Adds t's entry or moves it to (when, seq). Returns the timer thread's
  // parker if the caller must Unpark it (after dropping its locks), else
  // null. With `overdue`, also reports whether the earliest entry is due by
  // `now` (the caller then helps, RunDue).
  static Parker* Arm(RuntimeTimer* t, int64_t when, uint64_t seq,
                     int64_t now = 0, bool* overdue = nullptr)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(t->timer_mu_) {
    const bool bubbled = t->bubble_ != nullptr;
    if (!bubbled) EnsureThread();
    bool added = false;
    Parker* wake = nullptr;
    {
      LockGuard l(&timer_heap_lock);
      std::vector<Entry>& h = HeapOf(t);
      size_t i = t->heap_index_;
      if (i == kNotInHeap) {
        i = h.size();
        h.push_back({when, seq, t});
        t->heap_index_ = i;
        added = true;
      } else {
        h[i].when = when;
        h[i].seq = seq;
      }
      Fix(h, i);
      // Wake the thread only if it is parked and this entry is now the
      // earliest, earlier than what it sleeps until. Taking it out of the
      // parked state here makes this the one Unpark for its Park. (A
      // bubble's heap has no thread: its driver looks when the bubble is
      // idle.)
      if (!bubbled && parked_ && h[0].t == t && when <= sleeping_until_) {
        parked_ = false;
        wake = parker_;
      }
      if (overdue != nullptr) *overdue = !bubbled && h[0].when <= now;
    }
    if (added) t->OnHeapAdd();
    return wake;
  }

  // Removes t's entry if it has one. Returns whether it did.
  static bool Remove(RuntimeTimer* t) {
    LockGuard l(&timer_heap_lock);
    size_t i = t->heap_index_;
    if (i == kNotInHeap) return false;
    RemoveAt(HeapOf(t), i);
    return true;
  }

  // Helping (Go's checkTimers, run by whichever P schedules): pops up to
  // kHelpBatch entries due by now and runs them on the calling thread, as
  // the timer thread would. Called with no lock held.
  static void RunDue() {
    Entry due[kHelpBatch];
    size_t n = 0;
    {
      LockGuard l(&timer_heap_lock);
      n = PopDueLocked(Heap(), Nanotime(), due, kHelpBatch);
    }
    RunPopped(due, n);
  }

  static size_t Size() {
    LockGuard l(&timer_heap_lock);
    return Heap().size();
  }

  // ---- A synctest bubble's heap (BubbleTimerHooks, runtime/internal/
  // bubble.h), which its driver serves while the bubble is idle.

  static int64_t BubbleNextWhen(Bubble* b) {
    LockGuard l(&timer_heap_lock);
    auto* h = static_cast<std::vector<Entry>*>(b->timers);
    return h == nullptr || h->empty() ? -1 : (*h)[0].when;
  }

  // Fires everything due by the bubble's time, including what firing arms
  // for the same time.
  static void BubbleFireDue(Bubble* b) {
    Entry due[kHelpBatch];
    for (;;) {
      size_t n = 0;
      {
        LockGuard l(&timer_heap_lock);
        auto* h = static_cast<std::vector<Entry>*>(b->timers);
        if (h != nullptr) n = PopDueLocked(*h, BubbleNowNs(b), due, kHelpBatch);
      }
      if (n == 0) return;
      // Timers due at one instant fire in a random order, as in Go (its
      // TestTimerNondeterminism): code must not depend on creation order.
      // Seeded bubbles draw it from their seed.
      for (size_t lo = 0; lo < n;) {
        size_t hi = lo + 1;
        while (hi < n && due[hi].when == due[lo].when) ++hi;
        for (size_t i = hi - 1; i > lo; --i) {
          const size_t j = lo + BubbleDriverRand(b) % (i - lo + 1);
          std::swap(due[i], due[j]);
        }
        lo = hi;
      }
      RunPopped(due, n);
    }
  }

  // The bubble is over: its pending timers never fire.
  static void BubbleClear(Bubble* b) {
    std::vector<Entry>* h;
    {
      LockGuard l(&timer_heap_lock);
      h = static_cast<std::vector<Entry>*>(b->timers);
      b->timers = nullptr;
      if (h == nullptr) return;
      for (Entry& e : *h) e.t->heap_index_ = kNotInHeap;
    }
    // Each entry's reference goes, as if popped and dropped: a strong
    // entry's own (adopted), a weak entry's taken and given back unless
    // its channel timer is going already. No lock held: it may free the
    // timer.
    for (Entry& e : *h) {
      if (e.t->TryAcquire()) e.t->Release();
    }
    delete h;
  }

 private:
  static std::vector<Entry>& Heap()
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(timer_heap_lock) {
    static std::vector<Entry>* heap = new std::vector<Entry>;
    return *heap;
  }

  // The heap t's entry goes in: its bubble's, or the process's.
  static std::vector<Entry>& HeapOf(RuntimeTimer* t)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(timer_heap_lock) {
    if (t->bubble_ == nullptr) return Heap();
    if (t->bubble_->timers == nullptr) {
      t->bubble_->timers = new std::vector<Entry>;
    }
    return *static_cast<std::vector<Entry>*>(t->bubble_->timers);
  }

  static void EnsureThread() {
    // In a forked child the timer thread stayed behind in the parent: die
    // saying so rather than arm a timer nothing will fire (sched.h).
    CheckNotForkedChild();
    // A magic static: thread-safe, and ThreadSanitizer understands it.
    static const bool started = [] {
      NoteRuntimeThreadsStarted();
      std::thread(&TimerHeap::Loop).detach();
      return true;
    }();
    (void)started;
  }

  static void Set(std::vector<Entry>& h, size_t i, const Entry& e)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(timer_heap_lock) {
    h[i] = e;
    e.t->heap_index_ = i;
  }

  // Restores the heap order around position i (sift up, else down).
  static void Fix(std::vector<Entry>& h, size_t i)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(timer_heap_lock) {
    const Entry e = h[i];
    while (i > 0) {
      size_t parent = (i - 1) / 2;
      if (h[parent].when <= e.when) break;
      Set(h, i, h[parent]);
      i = parent;
    }
    for (;;) {
      size_t child = 2 * i + 1;
      if (child >= h.size()) break;
      if (child + 1 < h.size() && h[child + 1].when < h[child].when) ++child;
      if (e.when <= h[child].when) break;
      Set(h, i, h[child]);
      i = child;
    }
    Set(h, i, e);
  }

  static void RemoveAt(std::vector<Entry>& h, size_t i)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(timer_heap_lock) {
    h[i].t->heap_index_ = kNotInHeap;
    const size_t last = h.size() - 1;
    if (i != last) {
      Set(h, i, h[last]);
      h.pop_back();
      Fix(h, i);
    } else {
      h.pop_back();
    }
  }

  // Pops up to `max` entries of h due by `now` into `due`, taking a strong
  // reference to each (TryAcquire); returns how many.
  static size_t PopDueLocked(std::vector<Entry>& h, int64_t now, Entry* due,
                             size_t max)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(timer_heap_lock) {
    size_t n = 0;
    while (!h.empty() && h[0].when <= now && n < max) {
      Entry e = h[0];
      RemoveAt(h, 0);
      if (e.t->TryAcquire()) due[n++] = e;
      // else: a channel timer whose last reference is going; its
      // destructor will find it out of the heap. Not touched again.
    }
    return n;
  }

  // Runs popped entries, with no lock held, and drops their references.
  static void RunPopped(const Entry* due, size_t n) {
    for (size_t i = 0; i < n; ++i) {
      if (Parker* wake = due[i].t->Run(due[i].seq, due[i].when)) {
        wake->Unpark();
      }
      due[i].t->Release();  // may free a channel timer: no lock held here
    }
  }

  // The timer thread. It pops due entries under the heap lock, taking a
  // strong reference to each timer, then runs them with no heap lock held,
  // then parks until the earliest entry is due or an earlier one is armed.
  //
  // Parking follows parker.h's contract (one Unpark per Park): under the
  // heap lock the thread sets parked_; a waker that clears parked_ (Arm)
  // owes it exactly one Unpark. After a timed-out ParkFor the thread takes
  // the lock again: if parked_ is still set nobody owes it anything, else a
  // waker's Unpark is on its way and a Park absorbs it.
  //
  // For deadlock detection (runtime/internal/deadlock.h) the thread parks
  // untimed, i.e. blocked, only when the heap is empty: with any timer
  // pending it is in a timed park and nothing counts as deadlocked, as in
  // Go, even for a timer that never fires.
  [[noreturn]] static void Loop() {
#if defined(__linux__)
    // Every timed wait of this thread ends at a timer's due time: the
    // kernel's default timer slack (50 us, added to each wait so that
    // wake-ups can be batched) would make every timer that much later.
    (void)prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);
#endif
    Parker* const self = CurrentParker();
    {
      LockGuard l(&timer_heap_lock);
      parker_ = self;
    }
    std::vector<Entry> due(kTimerBatch);
    for (;;) {
      int64_t deadline = kNever;
      bool idle = false;
      size_t n;
      {
        LockGuard l(&timer_heap_lock);
        // Bounded batches keep the heap lock's hold times short.
        n = PopDueLocked(Heap(), Nanotime(), due.data(), kTimerBatch);
        if (n == 0) {
          std::vector<Entry>& h = Heap();
          idle = h.empty();
          if (!idle) deadline = h[0].when;
          sleeping_until_ = deadline;
          parked_ = true;
        }
      }
      if (n > 0) {
        RunPopped(due.data(), n);
        continue;
      }
      if (idle) {
        self->Park(WaitReason::kTimerIdle);  // until an Arm unparks us
        continue;
      }
      // Capped at an hour, so that a far deadline never feeds the futex an
      // absurd timeout.
      const int64_t wait = std::clamp<int64_t>(deadline - Nanotime(), 1,
                                               int64_t{3600} * 1'000'000'000);
      if (!self->ParkFor(wait, WaitReason::kTimerIdle)) {
        bool owed;
        {
          LockGuard l(&timer_heap_lock);
          owed = !parked_;
          parked_ = false;
        }
        if (owed) self->Park(WaitReason::kTimerIdle);
      }
    }
  }

  static inline Parker* parker_ ABSL_GUARDED_BY(timer_heap_lock) = nullptr;
  // Whether the timer thread is parked (or about to), and until when.
  static inline bool parked_ ABSL_GUARDED_BY(timer_heap_lock) = false;
  static inline int64_t sleeping_until_ ABSL_GUARDED_BY(timer_heap_lock) =
      kNever;
};

namespace {

int64_t HookNextWhen(Bubble* b) { return TimerHeap::BubbleNextWhen(b); }
void HookFireDue(Bubble* b) { TimerHeap::BubbleFireDue(b); }
void HookClear(Bubble* b) { TimerHeap::BubbleClear(b); }
constexpr BubbleTimerHooks kBubbleHooks = {HookNextWhen, HookFireDue,
                                           HookClear};

// A timer made inside a synctest bubble belongs to it (and keeps it alive).
Bubble* MakingBubble() {
  Bubble* b = CurrentBubble();
  if (b == nullptr) return nullptr;
  BubbleRef(b);
  bubble_timer_hooks.store(&kBubbleHooks, std::memory_order_release);
  return b;
}

}  // namespace

RuntimeTimer::RuntimeTimer()
    : bubble_(MakingBubble()), heap_index_(kNotInHeap) {
  live_timers.fetch_add(1, std::memory_order_relaxed);
}

RuntimeTimer::~RuntimeTimer() {
  live_timers.fetch_sub(1, std::memory_order_relaxed);
  if (bubble_ != nullptr) BubbleUnref(bubble_);
}

int64_t RuntimeTimer::Now() const {
  return bubble_ != nullptr ? BubbleNowNs(bubble_) : Nanotime();
}

void RuntimeTimer::RemoveFromHeap() { TimerHeap::Remove(this); }

bool RuntimeTimer::Modify(int64_t when, int64_t period) {
  if (ABSL_PREDICT_FALSE(bubble_ != nullptr) && CurrentBubble() != bubble_) {
    golang::panic("reset of synctest timer from outside bubble");
  }
  bool pending;
  bool run_now = false;
  Parker* wake = nullptr;
  bool overdue = false;
  {
    LockGuard l(&timer_mu_);
    pending = armed_;
    ++seq_;  // cancels a delivery already popped from the heap
    ChanCore* c = Channel();
    if (c != nullptr && c->DiscardBuffered()) pending = true;
    armed_ = true;
    period_ = period;
    drops_ = 0;
    const int64_t now = Now();
    if (c != nullptr && period == 0 && when <= now) {
      // Already due (NewTimer(0), Reset(-1)): deliver here rather than make
      // the timer thread do it. The send cannot block.
      armed_ = false;
      if (TimerHeap::Remove(this)) OnHeapRemove();
      DeliverLocked(now, now);
    } else if (bubble_ != nullptr && period == 0 && when <= now) {
      // A bubble's function timer already due (AfterFunc(0)): it runs now,
      // as Go runs it, rather than when the bubble next goes idle, which a
      // goroutine waiting for it by polling would never let happen. (The
      // caller holds a reference: OnHeapRemove does not free it.)
      armed_ = false;
      if (TimerHeap::Remove(this)) OnHeapRemove();
      run_now = true;
    } else {
      wake = TimerHeap::Arm(this, when, seq_, now, &overdue);
    }
  }
  if (wake != nullptr) wake->Unpark();
  if (run_now) AfterDeliverUnlocked();
  // Timers already due that the timer thread has not run yet (it has not
  // been scheduled since they fell due, typically because every core is
  // busy running goroutines): run them here, as Go runs due timers on
  // whichever P comes by. From a goroutine, a woken goroutine is then
  // readied on this P (runnext) instead of at the tail of the global
  // queue. Only non-blocking work runs here (a send into a timer
  // channel's buffer, an Unpark, starting f's goroutine): never user code.
  if (overdue) TimerHeap::RunDue();
  return pending;
}

bool RuntimeTimer::Stop() {
  if (ABSL_PREDICT_FALSE(bubble_ != nullptr) && CurrentBubble() != bubble_) {
    golang::panic("stop of synctest timer from outside bubble");
  }
  bool pending;
  bool removed = false;
  {
    LockGuard l(&timer_mu_);
    pending = armed_;
    if (armed_) {
      armed_ = false;
      ++seq_;  // cancels a delivery already popped from the heap
      removed = TimerHeap::Remove(this);
    }
    ChanCore* c = Channel();
    if (c != nullptr && c->DiscardBuffered()) pending = true;
  }
  // The caller holds a reference, so this does not free the timer.
  if (removed) OnHeapRemove();
  return pending;
}

Parker* RuntimeTimer::Run(uint64_t seq, int64_t when) {
  bool one_shot = false;
  Parker* wake = nullptr;
  {
    LockGuard l(&timer_mu_);
    if (seq != seq_ || !armed_) return nullptr;  // stopped or reset since armed
    const int64_t now = Now();
    if (period_ == 0) {
      armed_ = false;
      DeliverLocked(when, now);
      one_shot = true;
    } else {
      // A ticker: deliver (or drop, TM-29), then re-arm on its schedule at
      // the first tick after now (Go: when += period * (1 + -delay/period)).
      if (DeliverLocked(when, now)) {
        drops_ = 0;
      } else if (drops_ < 62) {
        ++drops_;
      }
      int64_t earliest = now;
      // (Not in a bubble: its clock moves only when everything is blocked,
      // so nothing spins, and ticks keep Go's schedule.)
      if (drops_ > 0 && period_ < kMaxDropBackoffNs && bubble_ == nullptr) {
        int64_t backoff = kMaxDropBackoffNs;
        if (drops_ < 20) backoff = std::min(backoff, period_ << drops_);
        earliest = now + backoff - 1;
      }
      const int64_t k = (earliest - when) / period_ + 1;
      int64_t step;
      int64_t next;
      if (__builtin_mul_overflow(k, period_, &step) ||
          __builtin_add_overflow(when, step, &next)) {
        next = kNever;
      }
      // A helper (RunDue) may run this while the timer thread is parked:
      // the re-armed ticker may then be the earliest entry.
      wake = TimerHeap::Arm(this, next, seq_);
    }
  }
  if (one_shot) AfterDeliverUnlocked();
  return wake;
}

TimerChan::TimerChan()
    : ChanCore(&kElemOpsFor<absl::Time>, /*cap=*/1, /*timer=*/true) {}

TimerChan::~TimerChan() {
  // The last reference is gone; the heap's weak entry must go before the
  // memory does (see the invariants in timer.h).
  RemoveFromHeap();
}

bool TimerChan::DeliverLocked(int64_t when, int64_t now) {
  // Go's sendTime: the time the timer was due, not the time of the send
  // (TM-4): Now() minus how late we are.
  absl::Time value = RuntimeTimer::bubble_ != nullptr
                         ? absl::FromUnixNanos(when)  // the fake clock's
                         : absl::Now() - absl::Nanoseconds(now - when);
  // Under timer_mu_: not a preemption point (lockrank.h).
  return SendNoPreempt(&value, /*block=*/false);
}

size_t TimerHeapSize() { return TimerHeap::Size(); }

int64_t LiveTimers() { return live_timers.load(std::memory_order_relaxed); }

}  // namespace golang::internal
