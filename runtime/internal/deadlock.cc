// golang-cpp internal: Go's "all goroutines are asleep - deadlock!".
// The argument for why this never fires on a program that can still make
// progress is in deadlock.h.
#include "runtime/internal/deadlock.h"

#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "runtime/internal/fatal.h"
#include "runtime/internal/goroutine.h"
#include "runtime/internal/procfs.h"

namespace golang::internal {
namespace {

std::atomic<int> known_threads{0};
std::atomic<int> blocked_threads{0};

bool DetectionEnabledAtStart() {
  const char* env = std::getenv("GOLANG_DEADLOCK");
  return env == nullptr || std::string(env) != "0";
}
std::atomic<bool> detection{DetectionEnabledAtStart()};

// The number of threads in this process, or -1 if it cannot be told.
// /proc/self/stat's num_threads field is a counter the kernel keeps, so this
// costs one small read however many threads there are (listing
// /proc/self/task instead made starting N blocking goroutines O(N^2)).
int ProcessThreads() {
  ProcStat stat;
  return ReadProcStat(/*tid=*/0, &stat) ? stat.num_threads : -1;
}

[[noreturn]] void Deadlock() {
  BeginDying();
  const Traceback level = TracebackSetting();
  std::string out = "fatal error: all goroutines are asleep - deadlock!\n";
  // Go's fatal errors show every goroutine unless GOTRACEBACK=none.
  if (level != Traceback::kNone) {
    out += "\n";
    out += FormatGoroutines(SnapshotGoroutines(/*with_stacks=*/true));
  }
  FlushStandardOutput();
  ExitAfterReport(out, level);  // status 2, Go's for fatal errors
}

void CheckDeadlock() {
  if (!detection.load(std::memory_order_relaxed)) return;
  const int known = known_threads.load();
  if (blocked_threads.load() != known) return;
  // Every thread the runtime knows is asleep with nobody left to wake it,
  // unless a thread it does not know exists.
  if (ProcessThreads() != known) return;
  // Nothing known could have run since (all were asleep), and no unknown
  // thread exists: re-reading the counters only guards against a thread
  // that was created or exited between the two reads above.
  if (blocked_threads.load() != known || known_threads.load() != known) return;
  Deadlock();
}

}  // namespace

void NoteThreadKnown() { known_threads.fetch_add(1); }
void NoteThreadGone() { known_threads.fetch_sub(1); }

void NoteThreadBlocked() {
  // seq_cst: the comparison must see every earlier wake-up's decrement.
  if (blocked_threads.fetch_add(1) + 1 == known_threads.load()) {
    CheckDeadlock();
  }
}

void NoteThreadUnblocked() { blocked_threads.fetch_sub(1); }

void NoteThreadRecounted() { blocked_threads.fetch_add(1); }

void SetDeadlockDetection(bool on) { detection.store(on); }

}  // namespace golang::internal
