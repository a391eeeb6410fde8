// golang-cpp internal: NOT API.
//
// procfs.h: the runtime's one reader of /proc, for the two questions it
// asks the kernel about its own threads:
//   - how many threads the process has (the deadlock detector, deadlock.cc:
//     a thread the runtime does not know of could still wake somebody);
//   - whether a worker's thread is on a CPU or waiting for one, as opposed
//     to asleep in the kernel (the scheduler's monitor, sysmon.cc: a worker
//     asleep in a system call holds its P for nothing).
// Both are fields of a stat file (proc(5): /proc/self/stat for the
// process, /proc/self/task/<tid>/stat for one thread), read with one
// open and one read, no allocation and no FILE stream. Linux only; elsewhere
// every read fails and each caller assumes what is safe for it.
#ifndef GOLANG_RUNTIME_INTERNAL_PROCFS_H_
#define GOLANG_RUNTIME_INTERNAL_PROCFS_H_

#include <cstdint>

namespace golang::internal {

// The fields of a stat file that the runtime reads.
struct ProcStat {
  // Field 3: 'R' running or runnable, 'S' asleep, 'D' in an uninterruptible
  // wait, ...
  char state = '\0';
  // Field 20: the process's threads (the same in a thread's file); -1 if
  // the read ended before it.
  int num_threads = -1;
};

// Reads /proc/self/stat (tid 0) or /proc/self/task/<tid>/stat into *out.
// False if the file cannot be read or has no state field.
bool ReadProcStat(int32_t tid, ProcStat* out);

}  // namespace golang::internal

#endif  // GOLANG_RUNTIME_INTERNAL_PROCFS_H_
