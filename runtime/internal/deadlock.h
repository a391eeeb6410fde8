// golang-cpp internal: NOT API.
//
// deadlock.h: Go's "all goroutines are asleep - deadlock!" (runtime/proc.go
// checkdead), for a runtime that does not own every thread.
//
// The runtime counts the threads it knows (every thread that has a Parker:
// goroutine workers, the timer thread, main and plain threads once they
// block on a channel or sync primitive) and how many of them are blocked
// in an untimed Park. A Parker's waker un-counts the sleeper before it
// changes the parker's word, which is the first thing that can let the
// sleeper run, so "blocked == known" can only be observed when no known
// thread is running. The thread whose Park makes it true then checks that the process
// has no other threads (/proc/self/stat): a thread the runtime does not know
// could still wake somebody, so with any such thread (a std::thread that
// never blocked here, a thread blocked in a system call or a std::mutex,
// sanitizer helper threads) it stays silent. A pending timer keeps the timer
// thread in a timed park, which is not blocked: no deadlock while timers are
// pending, as in Go.
#ifndef GOLANG_RUNTIME_INTERNAL_DEADLOCK_H_
#define GOLANG_RUNTIME_INTERNAL_DEADLOCK_H_

namespace golang::internal {

void NoteThreadKnown();
void NoteThreadGone();
// Called with the thread's parker already in its sleeping state; may not
// return (the process dies with Go's fatal error).
void NoteThreadBlocked();
void NoteThreadUnblocked();
// Undoes a NoteThreadUnblocked that turned out premature (the sleeper took
// itself back); never reports a deadlock.
void NoteThreadRecounted();

// Turns detection on or off (on by default; GOLANG_DEADLOCK=0 in the
// environment turns it off at start-up).
void SetDeadlockDetection(bool on);

}  // namespace golang::internal

#endif  // GOLANG_RUNTIME_INTERNAL_DEADLOCK_H_
