// golang-cpp internal: NOT API.
//
// runq.h: the run queues, after Go's runqput, runqget, runqgrab and
// globrunqget (runtime/proc.go), from Dmitry Vyukov's design of Go's
// scheduler. Each P has a local queue: a ring of kRunqSize goroutines
// that only its owner M pushes to and that its owner and any thief pop
// from, with no lock, plus a one-goroutine `runnext` slot that runs before
// the ring (a goroutine readied by the running one, so that the pair
// ping-pongs on one core). Behind them is one global queue under
// Sched::mu, for what overflows a ring, what a yield or a preemption puts
// back, and what a plain thread readies when no P is idle. When and from
// where the scheduler takes work is sched.cc's; these are the containers.
//
// Invariants of a local queue (P::head, P::tail, P::ring, P::runnext):
//  - tail - head <= kRunqSize (unsigned, wrapping); the goroutines queued
//    are ring[i % kRunqSize] for i in [head, tail);
//  - only the owner writes tail and the ring; anyone advances head, only
//    by a CAS from the head it read, after reading the slots it takes;
//  - only the owner (or whoever holds the P while it is idle) sets runnext
//    to a goroutine; anyone may take it, by a CAS to null.
// Of the global queue: Sched::runq_head..runq_tail, linked through
// Goroutine::sched_next, with runq_size its length: all written under
// Sched::mu; runq_size is also read without it, as a hint that decides
// whether to take the lock.
//
// Memory ordering (each atomic operation in runq.cc cites the rule it
// keeps, as Go's comments on these functions do):
//  1. Publish: the owner writes a slot, then stores tail with release;
//     a thief loads tail with acquire before it reads the slots. So the
//     thief reads the goroutine the owner put there, and everything done
//     to its record before it was queued (its saved context, by the M
//     that parked it, through the parker's own edge to the waker) happens
//     before the thief's M runs it. runnext's exchange (release) and a
//     thief's CAS on it (acquire) do the same for that slot.
//  2. Consume: a consumer reads the slots it takes, then CASes head
//     with release ("commits consume", Go says); the owner loads head with
//     acquire before it overwrites a slot. Every write of head is such a
//     CAS, so that acquire synchronizes with every earlier one (C++'s
//     release sequence), not only the last: the consumer's read of a slot
//     happens before the slot's next occupant is written, and cannot see
//     it. A consumer whose CAS fails discards what it read, which may
//     be anything (the slots are atomics so that such a read is no race).
//  3. Consistency: a thief loads head with acquire and then tail, so its
//     tail is at least as new as the one behind the CAS that wrote its
//     head: t - h never goes negative; it can exceed the ring, with a head
//     read long ago, and then the thief reads again.
// What the queues do not order: a put against a spinning M's last look
// for work. That hand-off (whoever queues work wakes an idle P unless an
// M is spinning) is WakeP's and FindRunnable's, in sched.cc.
#ifndef GOLANG_RUNTIME_INTERNAL_RUNQ_H_
#define GOLANG_RUNTIME_INTERNAL_RUNQ_H_

#include "absl/base/thread_annotations.h"
#include "runtime/internal/runtime2.h"

namespace golang::internal {

struct Goroutine;

// Owner only: puts g on p's local queue. With next, g goes to runnext and
// kicks the old runnext out to the tail of the queue. A full ring moves
// half of itself, plus g, to the global queue (taking Sched::mu).
void RunqPut(P* p, Goroutine* g, bool next);

// Owner only: takes the next goroutine from p's local queue (runnext
// first), or null.
Goroutine* RunqGet(P* p);

// Whether p's local queue and runnext look empty: a snapshot, from any
// thread.
bool RunqEmpty(P* p);

// Takes about half of v's local queue into p's (p's owner calls it), and
// returns one of them to run, or null. With steal_next, v's runnext too
// when its queue is empty.
Goroutine* RunqSteal(P* p, P* v, bool steal_next);

// Moves every goroutine queued on v (its local queue and runnext) to the
// global queue, as a thief would take them; true if there were any.
bool RunqDrainToGlobal(P* v);

// Appends the n goroutines head..tail, linked through sched_next, to the
// global queue.
void GlobRunqPutBatchLocked(Sched& s, Goroutine* head, Goroutine* tail, int n)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(s.mu);

// Appends g to the global queue.
void GlobRunqPut(Goroutine* g);

// Takes a fair share of the global queue (at most max, if max > 0) into
// p's local queue, and returns one of them to run, or null. p's owner
// calls it, with p's local queue empty or max == 1: the share goes to the
// ring under Sched::mu, and a ring that overflowed would take Sched::mu
// again (RunqPut).
Goroutine* GlobRunqGet(P* p, int max);

}  // namespace golang::internal

#endif  // GOLANG_RUNTIME_INTERNAL_RUNQ_H_
