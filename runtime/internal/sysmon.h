// golang-cpp internal: NOT API.
//
// sysmon.h: the monitor (Go's sysmon, runtime/proc.go), a thread of its own
// that watches the Ps while goroutines run. It does two things, both as
// sched.h describes them: a goroutine that has run for 10 ms while others
// wait is asked to yield (at its next preemption point), and a P held for
// a while by a goroutine blocked outside the library (or computing, and
// ignoring the request to yield) is marked stuck: its queue moves to the
// global one and one more P, with its own M, serves the waiting goroutines.
// It also keeps the coarse clock behind SchedClockNs.
//
// The monitor sleeps while every P is idle (Sched::sysmon_waiting; the
// first P taken from the idle list wakes it), and otherwise ticks every
// 20 us, backing off to 10 ms while it finds nothing to do. It only reads
// the Ps it watches, through atomics (runtime2.h says which), and acts
// through the scheduler's own calls (WakeP, StartM, NewPLocked, the run
// queues), so it holds no state of the scheduler's beyond its last look.
#ifndef GOLANG_RUNTIME_INTERNAL_SYSMON_H_
#define GOLANG_RUNTIME_INTERNAL_SYSMON_H_

#include "runtime/internal/runtime2.h"

namespace golang::internal {

// Starts the monitor's thread, once (later calls do nothing). The
// scheduler calls it when the first goroutine is queued.
void StartSysmon();

// Withdraws the monitor's request that the goroutine on m yield, if there
// is one; m's thread calls it each time its goroutine switches out.
void ClearPreempt(M* m);

}  // namespace golang::internal

#endif  // GOLANG_RUNTIME_INTERNAL_SYSMON_H_
