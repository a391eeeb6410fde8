// golang-cpp internal: NOT API.
//
// nanotime.h: the runtime's one monotonic clock (Go's nanotime), in
// nanoseconds on CLOCK_MONOTONIC's timeline. Every interval and deadline
// below the time package is read from it: the timers and Sleep, the
// monitor (whose last reading is SchedClockNs, sched.h), Mutex's starvation
// threshold, the "blocked for" of goroutine dumps, and select's random
// seed. What Go reads from the wall clock is read from the wall clock here
// too (absl::Now): time::Now, and the value a timer channel delivers.
//
// Inline, and through the vDSO: no system call, nothing shared written.
#ifndef GOLANG_RUNTIME_INTERNAL_NANOTIME_H_
#define GOLANG_RUNTIME_INTERNAL_NANOTIME_H_

#include <time.h>

#include <cstdint>

namespace golang::internal {

inline int64_t Nanotime() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

}  // namespace golang::internal

#endif  // GOLANG_RUNTIME_INTERNAL_NANOTIME_H_
