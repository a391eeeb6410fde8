// golang-cpp internal: Go's "all goroutines are asleep - deadlock!".
// The argument for why this never fires on a program that can still make
// progress is in deadlock.h.
#include "runtime/internal/deadlock.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "runtime/internal/goroutine.h"

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
#if defined(__linux__)
  int fd = open("/proc/self/stat", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  char buf[1024];
  ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (n <= 0) return -1;
  buf[n] = '\0';
  // "pid (comm) state ppid ..." where comm may hold spaces and parentheses:
  // fields are counted from after the last ')'. num_threads is field 20;
  // the state is field 3, so skip 17 more fields after it.
  const char* p = strrchr(buf, ')');
  if (p == nullptr) return -1;
  ++p;
  for (int field = 3; field < 20; ++field) {
    while (*p == ' ') ++p;
    while (*p != ' ' && *p != '\0') ++p;
    if (*p == '\0') return -1;
  }
  return atoi(p);
#else
  return -1;
#endif
}

[[noreturn]] void Deadlock() {
  std::string out = "fatal error: all goroutines are asleep - deadlock!\n\n";
  out += FormatGoroutines(SnapshotGoroutines(/*with_stacks=*/true));
  std::fwrite(out.data(), 1, out.size(), stderr);
  std::fflush(stderr);
  _exit(2);  // Go's exit status for fatal errors
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
