// golang-cpp internal: NOT API.
//
// parker.h: how a goroutine (or a plain thread) blocks and is woken. This is
// the one narrow interface through which channels, select, sync and timers
// wait, after Go's gopark/goready pair:
//
//   Parker* self = CurrentParker();
//   ... publish `self` in some queue, under that queue's lock ...
//   ... release the lock ...
//   self->Park();            // returns once somebody calls self->Unpark()
//
//   // the waker, after removing the waiter from the queue and dropping the
//   // queue's lock (never wake while holding a lock: the woken side would
//   // only run into it):
//   parker->Unpark();
//
// Contract: every Park is matched by exactly one Unpark, issued by whichever
// party removed the waiter from the queue it was published in. An Unpark that
// arrives before the Park is not lost: Park then returns at once. Park never
// returns without its Unpark (no spurious wake-ups reach callers).
//
// Memory ordering: everything the waker wrote before Unpark happens before
// Park returns (a release/acquire pair on the parker's state word).
//
// Two kinds, one interface. A goroutine's parker (inside its record) parks
// by switching to its worker's scheduler loop, which settles the park on its
// own stack once the goroutine's context is saved (sched.h); its Unpark
// makes the goroutine runnable on the waker's P. A plain thread's parker
// (main, a std::thread, the runtime's own threads) parks the OS thread:
// spin, then futex. CurrentParker() returns whichever the caller is, so a
// channel shared by goroutines and plain threads works both ways.
//
// The state word, and every move it makes (one word, both kinds):
//
//   from             to               by
//   kEmpty           kNotified        Unpark, before the owner sleeps
//   kNotified        kEmpty           the owner: the wake-up consumed
//   kEmpty           kSleeping        a thread's Park (counted blocked); a
//                                     goroutine's scheduler, once it saved
//                                     the goroutine's context
//                                     (CommitGoroutinePark)
//   kEmpty           kSleepingTimed   a thread's ParkFor (not blocked)
//   kSleeping*       kNotified        Unpark: a futex wake for a thread,
//                                     ReadyGoroutine for a goroutine
//   kSleeping*       kEmpty           ParkFor's timeout: the sleeper takes
//                                     the word back itself
//   kSleeping        kInspecting      a goroutine dump (BeginInspect)
//   kInspecting      kSleeping        the dump done (EndInspect)
//   kInspecting      kNotified        Unpark during a dump: EndInspect then
//                                     readies the goroutine
//
// Only the owner leaves kNotified, and only one waker enters it per park, so
// the owner resets it with a plain store.
//
// Diagnostics: Park records the reason on the current goroutine (for
// goroutine dumps) when it really goes to sleep, and counts the thread as
// blocked until its Unpark arrives. When every thread the runtime knows is
// blocked, and there are no threads it does not know, nothing can ever wake
// anyone: that is Go's "all goroutines are asleep - deadlock!" (deadlock.cc).
// A timed ParkFor does not count as blocked (the timeout is progress), except
// for runtime threads that ask to (idle workers).
//
// Lifetime: a Parker is never freed. When its thread exits it goes back to a
// pool for the next thread, so a waker's late futex wake on it is harmless
// (a spurious futex return, which Park absorbs).
#ifndef GOLANG_RUNTIME_INTERNAL_PARKER_H_
#define GOLANG_RUNTIME_INTERNAL_PARKER_H_

#include <atomic>
#include <cstdint>

#include "runtime/internal/wait_reason.h"

namespace golang::internal {

struct Goroutine;

class Parker {
 public:
  Parker() = default;                       // an OS thread's
  explicit Parker(Goroutine* g) : g_(g) {}  // a goroutine's
  Parker(const Parker&) = delete;
  Parker& operator=(const Parker&) = delete;

  // Blocks until Unpark() has been called (or returns at once if it already
  // was), consuming that one wake-up.
  void Park(WaitReason reason = WaitReason::kUnknown);

  // As Park, but gives up after `timeout_ns`. Returns true if woken, false on
  // timeout. After a timeout the caller must make sure no Unpark is still on
  // its way (by taking itself out of the queue it was published in under
  // that queue's lock) or call Park() to absorb it.
  //
  // `blocked`: count this wait as blocked for deadlock detection even though
  // it has a timeout (only for runtime threads whose timeout is not
  // progress, such as an idle worker that would just exit).
  //
  // OS-thread parkers only: a goroutine waits with a timeout through a
  // runtime timer that unparks it (time::Sleep).
  bool ParkFor(int64_t timeout_ns, WaitReason reason = WaitReason::kUnknown,
               bool blocked = false);

  // Waits for an Unpark without sleeping: polls for up to `spins` pauses,
  // then (unless spins is 0) yields the CPU kSpinYields times, and returns
  // true, having consumed it, if it came, false otherwise (the caller then
  // parks as usual). For a plain thread's Park and an idle worker, whose
  // next wake-up often comes within microseconds from the other side of a
  // hand-off (a std::thread and a goroutine): caught here, it costs no OS
  // wake-up.
  bool SpinFor(int spins);

  // Wakes the parked owner. Call at most once per Park.
  void Unpark();

  // Scheduler side of a goroutine's park (sched.cc), on the scheduler's
  // stack once the goroutine's context is saved: kEmpty -> kSleeping.
  // Returns false if the Unpark already came (the goroutine runs on).
  bool CommitGoroutinePark();
  // Goroutine dumps: claim a parked goroutine so that it stays parked while
  // its stack is read (kSleeping -> kInspecting), and give it back; an
  // Unpark that arrives meanwhile is left to EndInspect, which then readies
  // the goroutine itself.
  bool BeginInspect();
  void EndInspect();

 private:
  static constexpr uint32_t kEmpty = 0;     // no wake-up pending, not asleep
  static constexpr uint32_t kNotified = 1;  // Unpark came, Park not yet
  static constexpr uint32_t kSleeping = 2;  // owner asleep, counted blocked
  static constexpr uint32_t kSleepingTimed = 3;  // asleep with a timeout
  static constexpr uint32_t kInspecting = 4;  // a parked goroutine being dumped

  // kNotified -> kEmpty, if it is kNotified.
  bool TryConsume();
  // The OS-thread half of Park and ParkFor: kEmpty -> `sleeping`, sleep on
  // the futex until an Unpark (or, timeout_ns >= 0, the timeout), and settle
  // the word. Returns true if woken.
  bool Sleep(uint32_t sleeping, int64_t timeout_ns, WaitReason reason);
  // The goroutine half of Park: to the scheduler, which commits the park.
  void ParkAsGoroutine(WaitReason reason);

  std::atomic<uint32_t> state_{kEmpty};
  Goroutine* const g_ = nullptr;  // the goroutine, for a goroutine's parker
};

// The calling goroutine's parker, or the calling thread's. Never null.
Parker* CurrentParker();

// The calling OS thread's own parker, even inside a goroutine (for the
// runtime's threads). Never null.
Parker* ThreadParker();

// How many times an Unpark has had to wake a sleeping thread through the
// kernel (a futex wake), over the process's life: the OS wake-ups that the
// hand-offs between threads and goroutines cost (the benchmarks report it
// per operation). A relaxed counter beside a system call.
extern std::atomic<uint64_t> os_wakeups;

// How many times Park spins on the state word before sleeping. Spinning pays
// off when the waker is running on another core and about to Unpark
// (ping-pong); on a single core it only burns the waker's time slice.
int ParkSpinCount();

// How many times SpinFor yields the CPU after its pauses, before giving up:
// crossbeam's Backoff count. On a loaded machine the thread that will Unpark
// may be waiting for this very CPU; yielding lets it run, where a sleep
// would cost a futex wake-up each way. Measured on the thread/ benchmark
// forms (2 vCPUs, loaded, interleaved runs): 4 yields took capacity-0 spsc
// from 12.5-20 to 9.7-14 us per message and the ping-pong round trip from
// 38-40 to 24 us; 10 yields did no better.
inline constexpr int kSpinYields = 4;

}  // namespace golang::internal

#endif  // GOLANG_RUNTIME_INTERNAL_PARKER_H_
