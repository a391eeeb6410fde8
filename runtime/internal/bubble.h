// golang-cpp internal: NOT API.
//
// bubble.h: synctest bubbles (synctest/synctest.h), after Go's
// runtime/synctest.go. A bubble is a set of goroutines (the one
// synctest::Test starts and every goroutine started from inside, also by a
// bubble timer firing) with a fake clock and timers of its own.
//
// Accounting (all under Bubble::mu):
//   total    goroutines of the bubble alive;
//   running  those not durably blocked: running, runnable, or blocked on
//            something outside the bubble.
// A goroutine counts as durably blocked from the moment its scheduler has
// committed its park (Parker::CommitGoroutinePark, which the scheduler
// calls on its own stack) with a durable wait reason (IsDurableWait), until
// the Unpark that wakes it, which counts it running again before it becomes
// runnable. Those two events happen in either order (the waker may come
// between the commit and the accounting), and both are counted under mu, so
// the count is right once both are in. `running` reaches 0 only when every
// goroutine of the bubble has committed a durable park and nobody has woken
// any of them since: as nothing outside a bubble can wake a durably blocked
// goroutine (a bubble channel or timer used from outside panics), only the
// bubble's driver (below) can then make progress, and it is the one woken.
//
// A park is accounted on the scheduler's stack after it is committed; in
// between, a waker may count the goroutine running again, and it may even
// run to its end. So the scheduler counts the park as `active` from just
// before the commit until it is accounted (Go's incActive in park_m), and
// the bubble is idle, or over, only with no park in flight.
//
// The driver: the goroutine or thread that called synctest::Test. It parks
// (kSynctestRun) while the bubble runs, and is woken (once per park, under
// mu: `driver_waiting`) when, with no park in flight, running reaches 0 or
// total reaches 0. Then, in
// Go's order: timers due at the current fake time fire; else a goroutine in
// synctest::Wait is woken; else the clock jumps to the next timer (unless
// the bubble's main goroutine has returned: time stops then, as in Go) and
// it fires; else the bubble is deadlocked. Bubble timers fire on the
// driver, which acts as a member of the bubble meanwhile (FiringBubble), so
// that AfterFunc's goroutines join the bubble.
//
// Seeded bubbles (Options::seed): one goroutine of the bubble runs at a
// time, the holder of the bubble's token. A goroutine made runnable goes to
// the bubble's `runnable` set instead of a run queue; whenever the holder
// parks, yields or exits (on its scheduler's stack, after the switch), the
// token goes to a goroutine drawn from the set by the bubble's PRNG, which
// is then readied as usual. Channel operations and selects yield first (the
// preemption point turns into a yield while a seeded bubble exists), so
// they are scheduling points too. The driver holds the token while it fires
// timers, so a woken goroutine does not run before the driver is done.
//
// The fast paths outside bubbles pay one relaxed load of `bubbles_live`
// (CurrentBubble), or of a channel's own bubble pointer.
//
// Lock order: Bubble::mu is a leaf below the scheduler's entry points: it
// is taken on a goroutine's stack or its scheduler's, never while a channel,
// timer or sema lock is held, and nobody is woken or readied under it.
#ifndef GOLANG_RUNTIME_INTERNAL_BUBBLE_H_
#define GOLANG_RUNTIME_INTERNAL_BUBBLE_H_

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/base/optimization.h"
#include "absl/base/thread_annotations.h"
#include "absl/functional/any_invocable.h"
#include "runtime/internal/bubble_gate.h"
#include "runtime/internal/lock.h"
#include "runtime/internal/source_location.h"
#include "runtime/internal/wait_reason.h"

namespace golang::internal {

struct Goroutine;
class Parker;

// The fake clock's start, 2000-01-01 00:00:00 UTC, in Unix nanoseconds.
inline constexpr int64_t kBubbleEpochNs = 946'684'800'000'000'000;

struct Bubble {
  Lock mu{LockRank::kBubble};
  const int64_t id;
  const bool seeded;
  const uint64_t seed;
  // The fake clock in Unix nanoseconds; moved by the driver only, under mu,
  // while every goroutine of the bubble is durably blocked (read anywhere).
  std::atomic<int64_t> now_ns{kBubbleEpochNs};

  int total ABSL_GUARDED_BY(mu) = 0;
  int running ABSL_GUARDED_BY(mu) = 0;
  // Parks between their commit and their accounting (Go's `active`): while
  // any is in flight the bubble is neither idle nor over, since the parked
  // goroutine may already have been woken, and even have exited.
  int active ABSL_GUARDED_BY(mu) = 0;
  Goroutine* main ABSL_GUARDED_BY(mu) = nullptr;  // Test's f
  bool main_done ABSL_GUARDED_BY(mu) = false;
  Parker* driver = nullptr;  // set before the first goroutine starts
  bool driver_waiting ABSL_GUARDED_BY(mu) = false;
  Parker* waiter ABSL_GUARDED_BY(mu) = nullptr;  // in synctest::Wait
  bool waiting ABSL_GUARDED_BY(mu) = false;

  // Seeded scheduling.
  uint64_t rng ABSL_GUARDED_BY(mu) = 0;
  std::vector<Goroutine*> runnable ABSL_GUARDED_BY(mu);
  const void* holder ABSL_GUARDED_BY(mu) = nullptr;  // token holder
  // The token holder's random numbers (select's poll order): only the
  // holder uses it, and the token passes under mu.
  uint64_t holder_rng ABSL_GUARDED_BY(mu) = 0;

  // The bubble's timer heap, owned by the time layer (BubbleTimerHooks).
  void* timers = nullptr;

  // Channels and timers made in the bubble hold references, so that one
  // that outlives Test still compares against a live bubble.
  std::atomic<int32_t> refs{1};

  // ThreadSanitizer: the driver releases this address once the bubble is
  // built, and every scheduler-side entry point below acquires it. The
  // schedulers run on fibers of their own, which see nothing of the
  // driver's history (switch.cc, "ThreadSanitizer"): without this, the
  // bubble's construction would race with their first use of its lock.
  const char built = 0;

  Bubble(int64_t id, bool seeded, uint64_t seed);
};

// What the time layer provides for bubble timers (time/internal/timer.cc
// installs it when it makes the first bubble timer). Called by the driver
// with no lock held.
struct BubbleTimerHooks {
  // The earliest pending timer's due time (Unix ns), or -1 if none.
  int64_t (*next_when)(Bubble* b);
  // Fires every timer due by b->now_ns.
  void (*fire_due)(Bubble* b);
  // Drops every pending timer (the bubble is over).
  void (*clear)(Bubble* b);
};
extern std::atomic<const BubbleTimerHooks*> bubble_timer_hooks;

[[gnu::cold]] Bubble* CurrentBubbleSlow();
// The calling goroutine's bubble, or null (also on a plain thread). Also
// the bubble whose timers the calling thread is firing (FiringBubble).
inline Bubble* CurrentBubble() {
  if (ABSL_PREDICT_TRUE(bubbles_live.load(std::memory_order_relaxed) == 0)) {
    return nullptr;
  }
  return CurrentBubbleSlow();
}

void BubbleRef(Bubble* b);
void BubbleUnref(Bubble* b);

// The fake time now, Unix nanoseconds.
inline int64_t BubbleNowNs(const Bubble* b) {
  return b->now_ns.load(std::memory_order_relaxed);
}

// While alive, the calling thread counts as a member of b (the driver,
// firing b's timers).
class FiringBubble {
 public:
  explicit FiringBubble(Bubble* b);
  ~FiringBubble();
  FiringBubble(const FiringBubble&) = delete;
  FiringBubble& operator=(const FiringBubble&) = delete;

 private:
  Bubble* prev_;
};

// ---- The scheduler's side (sched.cc, goroutine.cc, parker.cc). ----

// `go` from inside b: g joins it (counted running).
[[gnu::cold]] void BubbleOnSpawn(Bubble* b, Goroutine* g);
// A new goroutine of a seeded bubble: queued in the bubble's set. Returns
// false if g's bubble is not seeded (schedule it as usual).
bool BubbleScheduleNew(Goroutine* g);
// The scheduler is about to commit a park of one of b's goroutines
// (counted in `active`), and then either failed to (the wake-up came
// first) or committed it with `reason` (read before the commit).
void BubbleParkBegins(Bubble* b);
void BubbleParkAborted(Bubble* b);
void BubbleOnPark(Bubble* b, Goroutine* g, WaitReason reason);
// g's parker was unparked while g slept: counts it running again and makes
// it runnable (through the bubble's set if seeded).
void BubbleOnWake(Goroutine* g);
// A goroutine of a seeded bubble yields (Gosched, a channel operation):
// back into the set, and the token moves on. Returns false if b is not
// seeded (queue it as usual).
bool BubbleOnYield(Bubble* b, Goroutine* g);
// g has exited (on its scheduler's stack).
void BubbleOnExit(Bubble* b, Goroutine* g);
// For the driver (the time layer's order of timers due at one instant):
// the bubble's PRNG, seeded or not.
uint64_t BubbleDriverRand(Bubble* b);
// A seeded bubble's holder, at a scheduling point: the thread's select
// poll order (fastrand.h, select_rng_state) continues from the bubble's
// PRNG, so that it replays with the seed.
void BubbleReseedSelect(Bubble* b);

// ---- sync's holders (the Mutex extension). ----
// Called only while bubbles_live != 0.
// BubbleNoteLocked and BubbleNoteUnlocked are in bubble_gate.h.
// Whether `lock` is held, and only by goroutines of the calling goroutine's
// bubble b (so a waiter in b is durably blocked).
bool BubbleHoldsLock(Bubble* b, const void* lock);

// ---- WaitGroup association (Go's synctest.Associate). ----
// `fresh`: the object has no mark of a bubble (a new one, perhaps at the
// address of a destroyed one): it is associated with b whatever the table
// said.
enum class Association { kCurrent, kOther };
Association BubbleAssociate(Bubble* b, const void* object, bool fresh);
bool BubbleIsAssociated(Bubble* b, const void* object);

// ---- synctest (synctest/synctest.cc). ----
struct BubbleOptions {
  bool seeded = false;
  uint64_t seed = 0;
};
// Runs f as the main goroutine of a new bubble and returns when the bubble
// is over. Returns an empty string, or the failure (deadlock report) that
// a failure handler took instead of a panic.
std::string RunBubble(const BubbleOptions& options,
                      absl::AnyInvocable<void() &&> f, SourceLocation where);
void BubbleWait();

// Where a bubble's failure goes instead of a panic (golang::goleak installs
// GoogleTest's). Returns false to panic after all.
// `where` is the synctest::Test call the failure belongs to.
using BubbleFailureHandler = bool (*)(const std::string& report,
                                      SourceLocation where);
void SetBubbleFailureHandler(BubbleFailureHandler h);
// Whether the current test has failed so far (GoogleTest's HasFailure;
// golang::goleak installs it), for Options::runs. Null: unknown.
using BubbleFailedProbe = bool (*)();
void SetBubbleFailedProbe(BubbleFailedProbe p);
BubbleFailedProbe GetBubbleFailedProbe();
// Reports a failure through the handler, or panics if there is none.
void ReportBubbleFailure(const std::string& report, SourceLocation where);
// Whether bubble `id` failed (its goroutines were reported once, and stay
// blocked): goleak leaves them out.
bool BubbleAbandoned(int64_t id);
// A line for a panic's report inside a seeded bubble (its seed), or "".
std::string BubblePanicNote();

}  // namespace golang::internal

#endif  // GOLANG_RUNTIME_INTERNAL_BUBBLE_H_
