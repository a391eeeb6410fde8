// golang-cpp internal: NOT API.
//
// lockrank.h: the order in which the runtime's locks may be taken, after
// Go's runtime/lockrank.go. This is the one place it is written down.
//
// Every internal::Lock is constructed with a rank. A thread may take a lock
// only while every lock it already holds has a lower rank. Two ranks are
// also nestable: a thread may hold several locks of that rank at once, in
// an order fixed by the data.
//   - kCancelCtx, parent before child: cancelling a context cancels its
//     children under the parent's lock.
//   - kChan, by ascending address: select locks all its channels that way,
//     so two selects over the same channels cannot deadlock.
// The nestings that exist (each arrow: "held while taking"; every one was
// seen running the test suite with the check on):
//   kCancelCtx -> kCancelCtx: cancelling a subtree, parent before child;
//   kCancelCtx -> kChan: closing Done, under the context's lock as in Go;
//   kCancelCtx -> kTimer -> kTimerHeap: stopping a deadline's timer;
//   kCancelCtx -> kRegistry, kGoroutineMeta, kSched, kSchedFree, kStack:
//     `go` under the parent's lock (an AfterFunc context's function starts
//     when its parent is cancelled, as Go's afterFuncCtx does; `go` only
//     queues the goroutine);
//   kTimer -> kChan: a timer's value delivered, or drained by Stop/Reset;
//   kTimer -> kSched: a sleeping goroutine made ready;
//   kChan -> kChan: select, by ascending address;
//   kChan -> kParkerPool: a plain thread's first wait hands it a Parker;
//   kRegistry -> kGoroutineMeta: dumps read each goroutine's identity;
//   kSched -> kSchedFree;
//   kCancelCtx, kTimer -> kBubble: waking a goroutine of a synctest bubble
//     counts it running again (a timer's value delivered, Done closed).
// A channel operation readies the goroutines it wakes after unlocking the
// channel (Go's send/recv do the same), so kChan -> kSched does not occur;
// kSemaBucket (sync::Mutex, WaitGroup, Once) nests with nothing.
//
// In builds with the library's checks on (check.h: the sanitizer presets,
// any build without NDEBUG) every lock and unlock is recorded per thread and
// a violation aborts with both locks' ranks: a lock-order inversion is found
// the first time the two locks nest the wrong way, not the day two threads
// deadlock on it. Release builds record nothing.
#ifndef GOLANG_RUNTIME_INTERNAL_LOCKRANK_H_
#define GOLANG_RUNTIME_INTERNAL_LOCKRANK_H_

#include <cstdint>

namespace golang::internal {

// Ascending: a lock may be taken while holding only lower ranks.
enum class LockRank : uint8_t {
  kSignal,         // signal/signal.cc, the signal registry (held while
                   // sending to channels and installing handlers)
  kCancelCtx,      // context/internal/cancel_ctx.h, one per context (nestable)
  kTimer,          // time/internal/timer.h, one per timer
  kChan,           // chan/internal/chan_core.h, one per channel (nestable)
  kSemaBucket,     // sync/internal/sema.cc, the sync package's wait queues
  kTimerHeap,      // time/internal/timer.cc, the timer heap
  kBubble,         // runtime/internal/bubble.h, a synctest bubble's counts
  kParkerPool,     // runtime/internal/parker.cc, the plain threads' Parkers
  kRegistry,       // runtime/internal/goroutine.cc, the list of all records
  kGoroutineMeta,  // runtime/internal/goroutine.h, a goroutine's identity
  kSched,          // the scheduler: global run queue, idle Ps and Ms
  kSchedFree,      // the scheduler's free goroutine records
  kStack,          // runtime/internal/stack.cc, the stack pools
  kCgroup,  // runtime/internal/cgroup.cc, the default GOMAXPROCS's source
};

// The rank's name, for the failure message.
const char* LockRankString(LockRank r);

}  // namespace golang::internal

#endif  // GOLANG_RUNTIME_INTERNAL_LOCKRANK_H_
