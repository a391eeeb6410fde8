// golang-cpp internal: NOT API.
//
// goroutine.h: the goroutine record and the pool of worker threads that runs
// goroutines. Today each running goroutine owns an OS thread for as long as
// it runs; a finished goroutine's thread parks in an idle pool and is handed
// the next `go` (no thread creation in steady state). Because a goroutine
// owns its thread while it runs, a goroutine blocked on anything (a channel,
// a std::mutex, a system call) never stops another one from running: a
// program that Go runs without deadlock runs here without deadlock.
#ifndef GOLANG_RUNTIME_INTERNAL_GOROUTINE_H_
#define GOLANG_RUNTIME_INTERNAL_GOROUTINE_H_

#include <cstdint>
#include <source_location>

#include "absl/functional/any_invocable.h"

namespace golang::internal {

// One goroutine (Go's g). Owned by the worker that runs it.
struct Goroutine {
  int64_t id = 0;
  std::source_location created_at;
  absl::AnyInvocable<void() &&> fn;
};

// Starts fn as a new goroutine. Never blocks on other goroutines.
void Spawn(absl::AnyInvocable<void() &&> fn, std::source_location created_at);

// The goroutine running on this thread, or null on a plain thread.
const Goroutine* CurrentGoroutine();

// Live goroutines started with go (not counting main).
int LiveGoroutines();

}  // namespace golang::internal

#endif  // GOLANG_RUNTIME_INTERNAL_GOROUTINE_H_
