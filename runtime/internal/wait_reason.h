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
};

// Go's spelling ("chan receive", "select (no cases)", ...).
const char* WaitReasonString(WaitReason r);

}  // namespace golang::internal

#endif  // GOLANG_RUNTIME_INTERNAL_WAIT_REASON_H_
