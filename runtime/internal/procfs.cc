// golang-cpp internal: the /proc stat reader (procfs.h).
#include "runtime/internal/procfs.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace golang::internal {

bool ReadProcStat(int32_t tid, ProcStat* out) {
  out->state = '\0';
  out->num_threads = -1;
#if defined(__linux__)
  char path[64];
  if (tid == 0) {
    std::snprintf(path, sizeof path, "/proc/self/stat");
  } else {
    std::snprintf(path, sizeof path, "/proc/self/task/%d/stat", tid);
  }
  const int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  char buf[1024];
  const ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (n <= 0) return false;
  buf[n] = '\0';
  // "pid (comm) state ppid ..." where comm may hold spaces and parentheses:
  // fields are counted from after the last ')'.
  const char* p = std::strrchr(buf, ')');
  if (p == nullptr || p[1] != ' ') return false;
  out->state = p[2];
  ++p;
  // num_threads is field 20; the state is field 3, so skip 17 more fields
  // after it.
  for (int field = 3; field < 20; ++field) {
    while (*p == ' ') ++p;
    while (*p != ' ' && *p != '\0') ++p;
    if (*p == '\0') return true;
  }
  out->num_threads = std::atoi(p);
  return true;
#else
  (void)tid;
  return false;
#endif
}

}  // namespace golang::internal
