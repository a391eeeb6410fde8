// golang-cpp internal: NOT API.
//
// wait_reason.h: why a goroutine is blocked, as goroutine dumps print it
// (Go's waitReason, runtime/runtime2.go). Recorded only when a goroutine
// actually goes to sleep, never on a fast path.
#ifndef GOLANG_RUNTIME_INTERNAL_WAIT_REASON_H_
#define GOLANG_RUNTIME_INTERNAL_WAIT_REASON_H_

#include <cstdint>

namespace golang::internal {

enum class WaitReason : uint8_t {
  kRunning = 0,
  kRunnable,  // in a run queue, waiting for a P
  kUnknown,   // a park whose caller gave no reason
  kChanSend,
  kChanReceive,
  kChanSendNilChan,
  kChanReceiveNilChan,
  kSelect,
  kSelectNoCases,
  kWaitGroupWait,
  kMutexLock,
  kRWMutexRLock,
  kRWMutexLock,
  kOnce,
  kSleep,
  kTimerIdle,   // the runtime's timer thread with nothing to do
  kWorkerIdle,  // a pooled worker thread waiting for a goroutine
  kSignalWait,  // the runtime's signal-dump thread
  // Inside a synctest bubble (runtime/internal/bubble.h): blocked on
  // something of the same bubble, which only the bubble can end (Go's
  // waitReasonSynctest*; dumps say "(durable)").
  kChanSendDurable,
  kChanReceiveDurable,
  kSelectDurable,
  kWaitGroupWaitDurable,
  kMutexLockDurable,  // beyond Go: the holder is in the same bubble
  kRWMutexRLockDurable,
  kRWMutexLockDurable,
  kSynctestRun,   // synctest::Test, waiting for its bubble
  kSynctestWait,  // synctest::Wait
};

// Go's isIdleInSynctest: whether a goroutine of a bubble blocked for this
// reason counts as durably blocked (only the bubble itself can wake it).
// kSleep and the nil-channel and no-case reasons count because inside a
// bubble a sleep's timer is the bubble's, and the others never end.
constexpr bool IsDurableWait(WaitReason r) {
  switch (r) {
    case WaitReason::kChanSendNilChan:
    case WaitReason::kChanReceiveNilChan:
    case WaitReason::kSelectNoCases:
    case WaitReason::kSleep:
    case WaitReason::kChanSendDurable:
    case WaitReason::kChanReceiveDurable:
    case WaitReason::kSelectDurable:
    case WaitReason::kWaitGroupWaitDurable:
    case WaitReason::kMutexLockDurable:
    case WaitReason::kRWMutexRLockDurable:
    case WaitReason::kRWMutexLockDurable:
    case WaitReason::kSynctestWait: return true;
    default: return false;
  }
}

// Go's spelling ("chan receive", "select (no cases)", ...).
const char* WaitReasonString(WaitReason r);

}  // namespace golang::internal

#endif  // GOLANG_RUNTIME_INTERNAL_WAIT_REASON_H_
