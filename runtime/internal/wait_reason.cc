// golang-cpp internal: the wait reasons' names (wait_reason.h), spelled as
// Go's waitReasonStrings (runtime/runtime2.go) spells them, so that a dump
// reads like Go's.
#include "runtime/internal/wait_reason.h"

namespace golang::internal {

const char* WaitReasonString(WaitReason r) {
  switch (r) {
    case WaitReason::kRunning: return "running";
    case WaitReason::kRunnable: return "runnable";
    case WaitReason::kUnknown: return "semacquire";
    case WaitReason::kChanSend: return "chan send";
    case WaitReason::kChanReceive: return "chan receive";
    case WaitReason::kChanSendNilChan: return "chan send (nil chan)";
    case WaitReason::kChanReceiveNilChan: return "chan receive (nil chan)";
    case WaitReason::kSelect: return "select";
    case WaitReason::kSelectNoCases: return "select (no cases)";
    case WaitReason::kWaitGroupWait: return "sync.WaitGroup.Wait";
    case WaitReason::kMutexLock: return "sync.Mutex.Lock";
    case WaitReason::kRWMutexRLock: return "sync.RWMutex.RLock";
    case WaitReason::kRWMutexLock: return "sync.RWMutex.Lock";
    case WaitReason::kOnce: return "sync.Once.Do";
    case WaitReason::kSleep: return "sleep";
    case WaitReason::kTimerIdle: return "timer goroutine (idle)";
    case WaitReason::kWorkerIdle: return "idle";
    case WaitReason::kSignalWait: return "signal wait";
    case WaitReason::kChanSendDurable: return "chan send (durable)";
    case WaitReason::kChanReceiveDurable: return "chan receive (durable)";
    case WaitReason::kSelectDurable: return "select (durable)";
    case WaitReason::kWaitGroupWaitDurable:
      return "sync.WaitGroup.Wait (durable)";
    case WaitReason::kMutexLockDurable: return "sync.Mutex.Lock (durable)";
    case WaitReason::kRWMutexRLockDurable:
      return "sync.RWMutex.RLock (durable)";
    case WaitReason::kRWMutexLockDurable: return "sync.RWMutex.Lock (durable)";
    case WaitReason::kSynctestRun: return "synctest.Run";
    case WaitReason::kSynctestWait: return "synctest.Wait";
  }
  return "unknown";
}

}  // namespace golang::internal
