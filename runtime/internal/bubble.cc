// golang-cpp internal: synctest bubbles, after Go's runtime/synctest.go.
// The accounting, the driver and the seeded scheduling are described in
// bubble.h.
#include "runtime/internal/bubble.h"

#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "runtime/internal/fastrand.h"
#include "runtime/internal/goroutine.h"
#include "runtime/internal/nanotime.h"
#include "runtime/internal/parker.h"
#include "runtime/internal/sanitizers.h"
#include "runtime/internal/sched.h"
#include "runtime/runtime.h"

namespace golang::internal {

[[gnu::tls_model("initial-exec")]] thread_local std::atomic<uint64_t>
    select_rng_state{0};

std::atomic<int> bubbles_live{0};
std::atomic<const BubbleTimerHooks*> bubble_timer_hooks{nullptr};

namespace {

std::atomic<int64_t> bubble_ids{0};

// The bubble whose timers this thread fires (the driver, FiringBubble). A
// relaxed atomic: goroutines on the thread share it, unordered as
// ThreadSanitizer sees them (switch.cc).
[[gnu::tls_model("initial-exec")]] thread_local std::atomic<Bubble*> firing{
    nullptr};

// The token's holder while the driver fires timers.
const char kDriverToken = 0;

std::atomic<BubbleFailureHandler> failure_handler{nullptr};

// Bubbles whose deadlock was reported: their goroutines stay blocked.
struct Abandoned {
  Lock mu{LockRank::kBubble};
  absl::flat_hash_set<int64_t> ids ABSL_GUARDED_BY(mu);
};
Abandoned& GetAbandoned() {
  static Abandoned* a = new Abandoned;  // never destroyed
  return *a;
}

}  // namespace

Bubble::Bubble(int64_t id, bool seeded, uint64_t seed)
    : id(id), seeded(seeded), seed(seed) {
  // Seeded: every draw replays. Otherwise: different every run, as Go's
  // order of timers due at the same instant is.
  uint64_t s = (seeded ? seed
                       : static_cast<uint64_t>(Nanotime()) ^
                             static_cast<uint64_t>(id) << 48) ^
               0x2545f4914f6cdd1dULL;
  rng = Wyrand(&s);
  holder_rng = Wyrand(&s);
}

Bubble* CurrentBubbleSlow() {
  if (Bubble* b = firing.load(std::memory_order_relaxed)) return b;
  Goroutine* g = CurrentG();
  return g != nullptr ? g->bubble.load(std::memory_order_relaxed) : nullptr;
}

void BubbleRef(Bubble* b) { b->refs.fetch_add(1, std::memory_order_relaxed); }

void BubbleUnref(Bubble* b) {
  if (b->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) delete b;
}

FiringBubble::FiringBubble(Bubble* b)
    : prev_(firing.exchange(b, std::memory_order_relaxed)) {}

FiringBubble::~FiringBubble() {
  firing.store(prev_, std::memory_order_relaxed);
}

namespace {

// Seeded bubbles: if nobody holds the token, hands it to a goroutine drawn
// from the runnable set, which the caller readies after unlocking.
Goroutine* MaybeDispatchLocked(Bubble* b) ABSL_EXCLUSIVE_LOCKS_REQUIRED(b->mu) {
  if (b->holder != nullptr || b->runnable.empty()) return nullptr;
  const size_t i = Wyrand(&b->rng) % b->runnable.size();
  Goroutine* g = b->runnable[i];
  // erase, not swap-and-pop: the set's order is part of the replay.
  b->runnable.erase(b->runnable.begin() + static_cast<std::ptrdiff_t>(i));
  b->holder = g;
  b->holder_rng = Wyrand(&b->rng);
  return g;
}

// The driver, if it waits and the bubble has gone idle or empty; it must be
// unparked once the lock is dropped.
Parker* MaybeWakeDriverLocked(Bubble* b) ABSL_EXCLUSIVE_LOCKS_REQUIRED(b->mu) {
  if (!b->driver_waiting || b->active != 0) return nullptr;
  if (b->total != 0 && b->running != 0) return nullptr;
  b->driver_waiting = false;
  return b->driver;
}

void Wake(Parker* driver, Goroutine* next) {
  if (driver != nullptr) driver->Unpark();
  if (next != nullptr) ReadyGoroutine(next);
}

}  // namespace

void BubbleOnSpawn(Bubble* b, Goroutine* g) {
  TsanAcquire(&b->built);
  LockGuard l(&b->mu);
  ++b->total;
  ++b->running;
  if (b->main == nullptr) b->main = g;  // the first is Test's f
}

bool BubbleScheduleNew(Goroutine* g) {
  Bubble* b = g->bubble.load(std::memory_order_relaxed);
  if (b == nullptr) return false;
  TsanAcquire(&b->built);
  if (!b->seeded) return false;
  Goroutine* next;
  {
    LockGuard l(&b->mu);
    b->runnable.push_back(g);
    next = MaybeDispatchLocked(b);
  }
  if (next != nullptr) ReadyGoroutine(next);
  return true;
}

void BubbleParkBegins(Bubble* b) {
  TsanAcquire(&b->built);
  LockGuard l(&b->mu);
  ++b->active;
}

void BubbleParkAborted(Bubble* b) {
  Parker* driver;
  {
    LockGuard l(&b->mu);
    --b->active;
    driver = MaybeWakeDriverLocked(b);
  }
  Wake(driver, nullptr);
}

void BubbleOnPark(Bubble* b, Goroutine* g, WaitReason reason) {
  Parker* driver;
  Goroutine* next = nullptr;
  {
    LockGuard l(&b->mu);
    --b->active;
    if (IsDurableWait(reason)) --b->running;
    if (b->seeded && b->holder == g) {
      b->holder = nullptr;
      next = MaybeDispatchLocked(b);
    }
    driver = MaybeWakeDriverLocked(b);
  }
  Wake(driver, next);
}

void BubbleOnWake(Goroutine* g) {
  Bubble* b = g->bubble.load(std::memory_order_relaxed);
  TsanAcquire(&b->built);
  // Stable: g sleeps until it is readied below.
  const WaitReason reason = g->wait_reason.load(std::memory_order_relaxed);
  const bool durable = IsDurableWait(reason);
  if (!durable && !b->seeded) {
    // Done with b: ThreadSanitizer, which does not see the scheduler's
    // edges from here to g's exit and Test's return, learns that this
    // comes before the bubble is freed (its last BubbleUnref acquires
    // refs).
    TsanRelease(&b->refs);
    ReadyGoroutine(g);
    return;
  }
  Goroutine* next = g;
  {
    LockGuard l(&b->mu);
    if (durable) ++b->running;
    if (b->seeded) {
      b->runnable.push_back(g);
      next = MaybeDispatchLocked(b);
    }
  }
  if (next != nullptr) ReadyGoroutine(next);
}

bool BubbleOnYield(Bubble* b, Goroutine* g) {
  TsanAcquire(&b->built);
  if (!b->seeded) return false;
  Goroutine* next;
  {
    LockGuard l(&b->mu);
    b->runnable.push_back(g);
    if (b->holder == g) b->holder = nullptr;
    next = MaybeDispatchLocked(b);
  }
  if (next != nullptr) ReadyGoroutine(next);
  return true;
}

void BubbleOnExit(Bubble* b, Goroutine* g) {
  TsanAcquire(&b->built);
  Parker* driver;
  Goroutine* next = nullptr;
  {
    LockGuard l(&b->mu);
    --b->total;
    --b->running;
    if (g == b->main) b->main_done = true;
    if (b->seeded && b->holder == g) {
      b->holder = nullptr;
      next = MaybeDispatchLocked(b);
    }
    driver = MaybeWakeDriverLocked(b);
  }
  // The driver may return from Test, and free b, once woken: b is not
  // touched from here on.
  Wake(driver, next);
}

uint64_t BubbleDriverRand(Bubble* b) {
  LockGuard l(&b->mu);
  return Wyrand(&b->rng);
}

void BubbleReseedSelect(Bubble* b) {
  // Under mu, where the token's hand-off wrote holder_rng: the goroutine
  // readied with the token has no other edge from that write.
  uint64_t seed;
  {
    LockGuard l(&b->mu);
    seed = Wyrand(&b->holder_rng);
  }
  select_rng_state.store(seed | 1, std::memory_order_relaxed);
}

// ---------------------------------------------------------------------------
// Lock holders (the Mutex extension): per lock address, how many holds
// goroutines of which bubble have, and how many holds others have. Kept
// only while some bubble exists; an Unlock by a goroutine other than the
// locker (allowed) is charged to the unlocker's side, so a lock shared
// between a bubble and the outside at once may be misjudged: the docs say
// so.

namespace {

struct Holds {
  Bubble* bubble = nullptr;  // the bubble whose goroutines hold it
  bool mixed = false;        // holders of more than one bubble
  int bubble_holds = 0;
  int other_holds = 0;
};

struct HolderTable {
  Lock mu{LockRank::kBubble};
  absl::flat_hash_map<const void*, Holds> holds ABSL_GUARDED_BY(mu);
};

HolderTable& Holders() {
  static HolderTable* t = new HolderTable;  // never destroyed
  return *t;
}

}  // namespace

void BubbleNoteLocked(const void* lock) {
  Bubble* b = CurrentBubbleSlow();
  HolderTable& t = Holders();
  LockGuard l(&t.mu);
  Holds& h = t.holds[lock];
  if (b == nullptr) {
    ++h.other_holds;
    return;
  }
  if (h.bubble != nullptr && h.bubble != b) h.mixed = true;
  h.bubble = b;
  ++h.bubble_holds;
}

void BubbleNoteUnlocked(const void* lock) {
  Bubble* b = CurrentBubbleSlow();
  HolderTable& t = Holders();
  LockGuard l(&t.mu);
  auto it = t.holds.find(lock);
  if (it == t.holds.end()) return;  // locked before any bubble existed
  Holds& h = it->second;
  int& side = b != nullptr ? h.bubble_holds : h.other_holds;
  if (side > 0) --side;
  if (h.bubble_holds == 0 && h.other_holds == 0) t.holds.erase(it);
}

bool BubbleHoldsLock(Bubble* b, const void* lock) {
  HolderTable& t = Holders();
  LockGuard l(&t.mu);
  auto it = t.holds.find(lock);
  if (it == t.holds.end()) return false;
  const Holds& h = it->second;
  return h.bubble == b && !h.mixed && h.bubble_holds > 0 && h.other_holds == 0;
}

// ---------------------------------------------------------------------------
// Association (Go's internal/synctest Associate), for WaitGroups: the
// object's address, with the bubble that first used it. The caller keeps
// a flag in the object itself, so that an entry left by a destroyed object
// whose address is reused is recognised as stale.

namespace {

struct AssocTable {
  Lock mu{LockRank::kBubble};
  absl::flat_hash_map<const void*, int64_t> bubble_of ABSL_GUARDED_BY(mu);
};

AssocTable& Assoc() {
  static AssocTable* t = new AssocTable;  // never destroyed
  return *t;
}

}  // namespace

Association BubbleAssociate(Bubble* b, const void* object, bool fresh) {
  AssocTable& t = Assoc();
  LockGuard l(&t.mu);
  if (fresh) {
    t.bubble_of[object] = b->id;
    return Association::kCurrent;
  }
  auto [it, added] = t.bubble_of.try_emplace(object, b->id);
  if (added || it->second == b->id) return Association::kCurrent;
  return Association::kOther;
}

bool BubbleIsAssociated(Bubble* b, const void* object) {
  AssocTable& t = Assoc();
  LockGuard l(&t.mu);
  auto it = t.bubble_of.find(object);
  return it != t.bubble_of.end() && it->second == b->id;
}

// ---------------------------------------------------------------------------
// The driver.

void SetBubbleFailureHandler(BubbleFailureHandler h) {
  failure_handler.store(h, std::memory_order_release);
}

namespace {
std::atomic<BubbleFailedProbe> failed_probe{nullptr};
}  // namespace

void SetBubbleFailedProbe(BubbleFailedProbe p) {
  failed_probe.store(p, std::memory_order_release);
}

BubbleFailedProbe GetBubbleFailedProbe() {
  return failed_probe.load(std::memory_order_acquire);
}

void ReportBubbleFailure(const std::string& report, SourceLocation where) {
  BubbleFailureHandler h = failure_handler.load(std::memory_order_acquire);
  if (h == nullptr || !h(report, where)) golang::panic(report);
}

bool BubbleAbandoned(int64_t id) {
  Abandoned& a = GetAbandoned();
  LockGuard l(&a.mu);
  return a.ids.contains(id);
}

std::string BubblePanicNote() {
  if (bubbles_live.load(std::memory_order_relaxed) == 0) return "";
  Bubble* b = CurrentBubbleSlow();
  if (b == nullptr || !b->seeded) return "";
  return absl::StrCat("synctest: seed ", b->seed,
                      ": rerun with GOLANG_SYNCTEST_SEED=", b->seed, "\n");
}

namespace {

// Fires the bubble's timers due now, as a member of the bubble; with a
// seed, holding the token meanwhile, so that nothing it wakes runs before
// it is done.
void FireDue(Bubble* b, const BubbleTimerHooks* hooks) {
  if (b->seeded) {
    LockGuard l(&b->mu);
    b->holder = &kDriverToken;
  }
  {
    FiringBubble as_member(b);
    hooks->fire_due(b);
  }
  if (b->seeded) {
    Goroutine* next;
    {
      LockGuard l(&b->mu);
      b->holder = nullptr;
      next = MaybeDispatchLocked(b);
    }
    if (next != nullptr) ReadyGoroutine(next);
  }
}

std::string DeadlockReport(Bubble* b, bool main_done) {
  std::string out = main_done
                        ? "deadlock: main bubble goroutine has exited "
                          "but blocked goroutines remain"
                        : "deadlock: all goroutines in bubble are blocked";
  out += "\n";
  std::vector<GoroutineInfo> mine;
  for (GoroutineInfo& g : SnapshotGoroutines(/*with_stacks=*/true)) {
    if (g.bubble_id == b->id) mine.push_back(std::move(g));
  }
  if (!mine.empty()) {
    out += "\n";
    out += FormatGoroutines(mine);
  }
  if (b->seeded) {
    absl::StrAppend(&out, "\nsynctest: seed ", b->seed,
                    ": rerun with GOLANG_SYNCTEST_SEED=", b->seed, "\n");
  }
  return out;
}

void SpawnInto(Bubble* b, absl::AnyInvocable<void() &&> f,
               SourceLocation where) {
  FiringBubble as_member(b);  // `go` from "inside" b: its first goroutine
  Spawn(std::move(f), where);
}

}  // namespace

std::string RunBubble(const BubbleOptions& options,
                      absl::AnyInvocable<void() &&> f, SourceLocation where) {
  if (CurrentBubble() != nullptr) {
    golang::panic("synctest.Run called from within a synctest bubble");
  }
  auto* b = new Bubble(bubble_ids.fetch_add(1, std::memory_order_relaxed) + 1,
                       options.seeded, options.seed);
  b->driver = CurrentParker();
  TsanRelease(&b->built);  // to the schedulers' fibers (Bubble::built)
  bubbles_live.fetch_add(1);
  if (b->seeded) {
    // Every channel operation and select becomes a scheduling point
    // (PreemptSlow yields a seeded bubble's goroutine).
    preempt_requests.fetch_add(1);
  }
  SpawnInto(b, std::move(f), where);

  std::string failure;
  for (;;) {
    Parker* waiter;
    bool main_done;
    bool idle;
    {
      LockGuard l(&b->mu);
      if (b->total == 0 && b->active == 0) break;
      idle = b->running == 0 && b->active == 0;
      // Woken (once) by whoever makes the bubble idle or empty.
      if (!idle) b->driver_waiting = true;
      waiter = b->waiter;
      main_done = b->main_done;
    }
    if (!idle) {
      b->driver->Park(WaitReason::kSynctestRun);
      continue;
    }
    // Every goroutine of the bubble is durably blocked: nothing in it can
    // run until the driver acts, so what was read above stays true.
    const BubbleTimerHooks* hooks =
        bubble_timer_hooks.load(std::memory_order_acquire);
    const int64_t next = hooks != nullptr ? hooks->next_when(b) : -1;
    if (next >= 0 && next <= BubbleNowNs(b)) {
      FireDue(b, hooks);  // due at the current time: before Wait returns
      continue;
    }
    if (waiter != nullptr) {
      {
        LockGuard l(&b->mu);
        b->waiter = nullptr;
      }
      waiter->Unpark();  // counts it running again (kSynctestWait)
      continue;
    }
    if (next >= 0 && !main_done) {
      b->now_ns.store(next, std::memory_order_relaxed);
      FireDue(b, hooks);
      continue;
    }
    failure = DeadlockReport(b, main_done);
    break;
  }
  TsanAcquire(b);  // every goroutine's exit, before Test returns
  if (!failure.empty()) {
    {
      Abandoned& a = GetAbandoned();
      LockGuard l(&a.mu);
      a.ids.insert(b->id);
    }
    ReportBubbleFailure(failure, where);
    // Reported as a test failure: the blocked goroutines stay blocked for
    // good, and keep the bubble (never freed) alive.
  }
  const BubbleTimerHooks* hooks =
      bubble_timer_hooks.load(std::memory_order_acquire);
  if (hooks != nullptr && failure.empty()) hooks->clear(b);
  // Associations outlive the bubble: a WaitGroup it used still belongs to
  // it, and another bubble's Add panics (Go's fatal error).
  if (b->seeded) {
    preempt_requests.fetch_sub(1);
  }
  bubbles_live.fetch_sub(1);
  if (failure.empty()) BubbleUnref(b);
  return failure;
}

void BubbleWait() {
  Bubble* b = CurrentBubble();
  if (b == nullptr || CurrentG() == nullptr ||
      firing.load(std::memory_order_relaxed) != nullptr) {
    golang::panic("synctest.Wait: goroutine is not in a bubble");
  }
  Parker* self = CurrentParker();
  bool busy;
  {
    LockGuard l(&b->mu);
    busy = b->waiting;
    if (!busy) {
      b->waiting = true;
      b->waiter = self;
    }
  }
  if (busy) golang::panic("synctest.Wait: wait already in progress");
  // Woken by the driver once every other goroutine is durably blocked.
  self->Park(WaitReason::kSynctestWait);
  {
    LockGuard l(&b->mu);
    b->waiting = false;
  }
  // What the others did before they blocked (they released b as they
  // parked, Parker::ParkAsGoroutine).
  TsanAcquire(b);
}

}  // namespace golang::internal
