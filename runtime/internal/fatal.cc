// golang-cpp internal: the end of a process that panicked or hit a fatal
// error (fatal.h).
#include "runtime/internal/fatal.h"

#include <pthread.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string_view>

#include "runtime/internal/goroutine.h"

namespace golang::internal {
namespace {

void WriteStderr(std::string_view s) {
  while (!s.empty()) {
    const ssize_t n = write(2, s.data(), s.size());
    if (n <= 0) return;
    s.remove_prefix(static_cast<size_t>(n));
  }
}

// The thread that is ending the process, 0 until one is.
std::atomic<int32_t> dying_thread{0};

void* Flush(void* /*unused*/) {
  // C++ streams first: with sync_with_stdio(false) std::cout keeps its own
  // buffer, which fflush does not know; otherwise std::cout writes through
  // to stdout and its flush is stdout's. flush() may throw if the program
  // set exceptions() on the stream: nothing is left to report it to.
  try {
    std::cout.flush();
    std::clog.flush();
    std::wcout.flush();
    std::wclog.flush();
  } catch (...) {  // NOLINT(bugprone-empty-catch): nothing to do
  }
  std::fflush(nullptr);
  return nullptr;
}

}  // namespace

Traceback TracebackSetting() {
  const char* env = std::getenv("GOTRACEBACK");
  if (env == nullptr) return Traceback::kSingle;
  const std::string_view v = env;
  if (v == "none" || v == "0") return Traceback::kNone;
  if (v == "all" || v == "1" || v == "system" || v == "2") {
    return Traceback::kAll;
  }
  if (v == "crash") return Traceback::kCrash;
  return Traceback::kSingle;
}

void BeginDying() {
  const int32_t self = ThreadId();
  int32_t first = 0;
  if (dying_thread.compare_exchange_strong(first, self)) return;
  if (first == self) {
    WriteStderr("fatal error: panic during panic\n");
    _exit(2);
  }
  // Another thread is reporting and will end the process: Go's second
  // panicking goroutine likewise waits for the first one's exit.
  for (;;) pause();
}

void FlushStandardOutput() {
  // On a helper thread, so that a stream locked by this very thread (a
  // panic from inside a stdio callback; glibc's stream locks are recursive,
  // and flushing here would write out a half-updated buffer) or by a thread
  // that never lets go, or a full pipe, costs a bounded wait instead of a
  // hang. Nothing here may wait on a goroutine: this thread may be the only
  // worker.
  pthread_t t;
  if (pthread_create(&t, nullptr, Flush, nullptr) != 0) {
    Flush(nullptr);
    return;
  }
  timespec deadline;
  clock_gettime(CLOCK_REALTIME, &deadline);
  deadline.tv_sec += 1;
  if (pthread_timedjoin_np(t, nullptr, &deadline) != 0) {
    // Still stuck: the process ends with it; its unflushed bytes are lost.
    pthread_detach(t);
  }
}

void ExitAfterReport(std::string_view report, Traceback level) {
  WriteStderr(report);
  if (level == Traceback::kCrash) {
    // Go's crash: die of SIGABRT whatever the program installed for it, so
    // that the system writes a core dump.
    signal(SIGABRT, SIG_DFL);
    sigset_t abrt;
    sigemptyset(&abrt);
    sigaddset(&abrt, SIGABRT);
    pthread_sigmask(SIG_UNBLOCK, &abrt, nullptr);
    std::abort();
  }
  // Go's exit status for a panic or a fatal error. _exit: no atexit handler
  // or static destructor runs while other goroutines may still be running
  // and using what they would destroy.
  _exit(2);
}

}  // namespace golang::internal
