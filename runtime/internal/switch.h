// golang-cpp internal: NOT API.
//
// switch.h: the context switch between a goroutine and its M's scheduler
// loop (Go's gogo and mcall), on Boost.Context's fcontext, with everything
// the sanitizers must be told about it. The scheduler (sched.cc) calls
// these; a goroutine's own side of a switch (Park, Gosched, its exit) is
// sched.h's ParkOnScheduler and YieldGoroutine, defined in switch.cc too,
// as are TsanRuntimeScope and CaptureParkedStack.
//
// Every switch is announced to AddressSanitizer (the stack it lands on)
// and to ThreadSanitizer (one fiber per goroutine, and one per M's loop);
// switch.cc, "ThreadSanitizer", says which switches synchronize and why.
// Each switch also swaps the C++ runtime's per-thread exception state, so
// that a goroutine that parks inside a catch block finds its exception
// again on whichever thread it resumes.
#ifndef GOLANG_RUNTIME_INTERNAL_SWITCH_H_
#define GOLANG_RUNTIME_INTERNAL_SWITCH_H_

#include "runtime/internal/runtime2.h"

namespace golang::internal {

struct Goroutine;

// Makes g's saved context the start of a goroutine on its stack
// (g->stack_mem), which runs g->fn when an M first switches to it.
void PrepareContext(Goroutine* g);

// For a goroutine that has exited: drops what PrepareContext made besides
// the stack (its ThreadSanitizer fiber). The record and stack may then be
// reused, by PrepareContext again.
void ReleaseContext(Goroutine* g);

// Records the calling thread's stack, where m's scheduler loop runs, for
// the sanitizers' side of switches back to it. m's thread calls it once,
// before its first switch.
void NoteSchedulerStack(M* m);

// Scheduler side (Go's gogo): runs g on m, the calling thread's M, until g
// switches back; m->req then says what g asked for. g's context was made by
// PrepareContext or saved by its last switch out.
void SwitchToGoroutine(M* m, Goroutine* g);

}  // namespace golang::internal

#endif  // GOLANG_RUNTIME_INTERNAL_SWITCH_H_
