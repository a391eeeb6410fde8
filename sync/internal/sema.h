// golang-cpp internal: NOT API. Included by sync's public headers only for
// their private members; users must not name anything in golang::internal.
//
// sema.h: the wait queues behind sync.WaitGroup, Mutex, RWMutex and Once, after
// Go's semaphore table (runtime/sema.go) and in the shape of WebKit's
// ParkingLot / Rust's parking_lot_core:
//
//   - A fixed, never-freed table of buckets, each a golang::internal::Lock and
//     a FIFO list of waiters. A waiter is queued in the bucket its key (the
//     address of the object it waits on) hashes to. A sync object therefore
//     holds nothing but its atomic state word(s); it owns no lock and no list.
//   - ParkOn(key, validate) runs validate() under the bucket lock and queues the
//     caller only if it returns true, so "check the state word, then sleep" is
//     atomic with respect to UnparkOn's "change the state word, then wake".
//   - UnparkOn(key, n, callback) detaches up to n waiters, runs callback under
//     the bucket lock (the caller's last write to its object goes there),
//     drops the lock, and only then unparks them.
//
// Why this shape: in C++ the object may be destroyed the moment a waiter sees
// it released (a WaitGroup deleted as soon as Wait returns, a Once whose Do has
// returned). UnparkOn reads the key only as a number after the callback; the
// lock it takes and drops is the bucket's, which lives forever; the waiter
// records it walks live on the stacks of goroutines that cannot return before
// their Unpark, and UnparkOn reads each record's `next` and `parker` before
// waking it. So once the callback has made its final write, nothing touches the
// object's memory again.
//
// Invariants (each bucket, under its lock):
//   - every queued waiter is parked or about to park, and is woken by exactly
//     the one UnparkOn that detached it (Parker's one-Unpark-per-Park rule);
//   - waiters on one key are kept in arrival order (FIFO);
//   - no user code runs and nobody is woken while a bucket lock is held.
#ifndef GOLANG_SYNC_INTERNAL_SEMA_H_
#define GOLANG_SYNC_INTERNAL_SEMA_H_

#include <atomic>
#include <climits>
#include <cstdint>

#include "absl/functional/function_ref.h"
#include "runtime/internal/wait_reason.h"

namespace golang::internal {

// What an unparker tells the waiters it wakes.
using ParkToken = uintptr_t;
// An ordinary wake-up: re-examine the state word.
inline constexpr ParkToken kParkTokenNormal = 0;
// Mutex starvation hand-off: ownership was passed straight to the waiter.
inline constexpr ParkToken kParkTokenHandoff = 1;
// ParkOn's result when validate() returned false: the caller never slept.
inline constexpr ParkToken kParkTokenInvalid = ~ParkToken{0};

// What UnparkOn's callback learns about the waiters it detached.
struct UnparkResult {
  int unparked = 0;        // waiters detached (they wake after the callback)
  bool have_more = false;  // waiters on the same key are still queued
  int64_t first_waited_ns = 0;  // how long the oldest detached waiter has
                                // waited since its wait_start_ns (0 if unknown)
};

// Queues the calling goroutine on `key` and parks it, provided validate()
// returns true; validate() runs with the bucket lock held and must be a few
// atomic operations (no user code, no blocking). Returns kParkTokenInvalid
// without sleeping if validate() returned false, otherwise the token chosen by
// the UnparkOn that woke us. `wait_start_ns` (a Nanotime() value, or 0)
// is reported to the unparker for fairness decisions; `reason` is what a
// goroutine dump shows while we sleep.
ParkToken ParkOn(const void* key, absl::FunctionRef<bool()> validate,
                 WaitReason reason, int64_t wait_start_ns = 0);

// Detaches up to `max_count` waiters queued on `key`, oldest first, then calls
// callback(result) with the bucket lock still held (so it is atomic with every
// concurrent ParkOn's validate), hands the token it returns to each detached
// waiter, drops the lock and unparks them. Returns how many were woken. After
// the callback returns, `key`'s memory is never touched again.
int UnparkOn(const void* key, int max_count,
             absl::FunctionRef<ParkToken(const UnparkResult&)> callback);

// For tests: how many waiters are queued on `key` (on any key if null), that
// is, parked or about to park and not yet detached by an UnparkOn. A waiter
// counted here has finished reading its object (validate() has run); what it
// may still do is return once woken.
int NumQueuedForTest(const void* key);

// Go's runtime_Semacquire: waits until *sema > 0, then decrements it.
void SemAcquire(std::atomic<uint32_t>* sema, WaitReason reason);

// Go's runtime_Semrelease: increments *sema and wakes one waiter if any. The
// increment is made inside UnparkOn's callback, so once it is visible the
// semaphore's memory is not touched again.
void SemRelease(std::atomic<uint32_t>* sema);

}  // namespace golang::internal

#endif  // GOLANG_SYNC_INTERNAL_SEMA_H_
