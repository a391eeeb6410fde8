// golang-cpp internal: NOT API.
//
// goroutine.h: the goroutine record (Go's g) and the registry of live
// goroutines. Goroutines are scheduled M:N (sched.h): each has its own stack
// (stack.h) and parks by switching back to its worker's scheduler loop.
//
// The registry (every live goroutine, with where it was created and what it
// is blocked on) feeds runtime::Stack, the deadlock report and goleak.
#ifndef GOLANG_RUNTIME_INTERNAL_GOROUTINE_H_
#define GOLANG_RUNTIME_INTERNAL_GOROUTINE_H_

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "runtime/internal/lock.h"
#include "runtime/internal/parker.h"
#include "runtime/internal/source_location.h"
#include "runtime/internal/spawn.h"
#include "runtime/internal/stack.h"
#include "runtime/internal/wait_reason.h"

namespace golang::internal {

// One goroutine (Go's g). Alive from `go` until its function has returned;
// then the record, with its stack, waits on a free list for the next `go`
// (records are never freed, so a late reader of a finished goroutine's
// parker or id reads a valid object).
struct Bubble;

struct Goroutine {
  // Who it is. Written by `go` under meta_mu; read by the goroutine itself
  // freely and by anyone else (dumps) under meta_mu, since the record may
  // be reused by another `go` meanwhile.
  Lock meta_mu{LockRank::kGoroutineMeta};
  int64_t id = 0;
  int64_t parent_id = 0;  // the goroutine whose `go` created it
  SourceLocation created_at;
  absl::AnyInvocable<void() &&> fn;

  // What it is blocked on, and since when (monotonic ns); written by the
  // goroutine itself when it goes to sleep, read by dumps. Relaxed: a dump
  // is a snapshot.
  std::atomic<WaitReason> wait_reason{WaitReason::kRunning};
  std::atomic<int64_t> wait_since_ns{0};
  std::atomic<int32_t> tid{0};  // the OS thread running it, 0 when it is not

  // Scheduling (sched.cc; the context in switch.cc, the queue and
  // free-list link in runq.cc and gcache.cc).
  Parker parker{this};              // how it blocks: see Parker
  void* ctx = nullptr;              // saved context while it is not running
  StackMem stack_mem;               // its stack
  Goroutine* sched_next = nullptr;  // global run queue / free list link
  void* tsan_fiber = nullptr;       // ThreadSanitizer's name for its stack
  // Its exception-handling state while it is switched out (switch.cc).
  void* eh_caught = nullptr;
  unsigned int eh_uncaught = 0;

  // Stack capture on request (traceback.cc): the dumper sets kRequested and
  // signals the thread; its handler fills `stack` and sets kReady.
  static constexpr int kMaxFrames = 48;
  std::atomic<int> stack_state{0};
  int stack_depth = 0;
  void* stack[kMaxFrames];

  // The registry holds every record ever made (records are reused, never
  // freed); `alive` marks the ones that are goroutines right now. Set by
  // `go` under meta_mu, cleared when the goroutine ends.
  Goroutine* reg_next = nullptr;  // under the registry lock
  bool registered = false;        // set once, under the registry lock
  std::atomic<bool> alive{false};

  // Its synctest bubble (bubble.h), or null. Set by `go` before the
  // goroutine is queued (and left as it is when it exits, until the next
  // `go` reuses the record); read by the goroutine itself, its scheduler
  // and its wakers. The id is for dumps (under meta_mu).
  // Atomic (relaxed) for ThreadSanitizer, which sees the scheduler's reads
  // unordered with the spawner's write (switch.cc, "ThreadSanitizer").
  std::atomic<Bubble*> bubble{nullptr};
  int64_t bubble_id = 0;
};

// The goroutine running on this thread, or null on a plain thread.
const Goroutine* CurrentGoroutine();

// Runs a new goroutine's function, then unregisters it; the scheduler calls
// this on the goroutine's own stack.
void RunGoroutineBody(Goroutine* g);

// The record that describes this thread in dumps: its goroutine, or the
// main goroutine's record (id 1) on the main thread, or null.
Goroutine* CurrentRecord();

// Recorded when a plain thread really goes to sleep / wakes up (a goroutine's
// parker records its own, Parker::ParkAsGoroutine).
void NoteParking(WaitReason reason);
void NoteRunning();

// Live goroutines started with go (not counting main).
int LiveGoroutines();

// A snapshot of one goroutine for dumps and leak checks.
struct GoroutineInfo {
  int64_t id = 0;
  int64_t parent_id = 0;
  int64_t bubble_id = 0;         // its synctest bubble's, 0 if none
  std::string created_function;  // empty when unknown
  std::string created_file;
  int created_line = 0;
  WaitReason reason = WaitReason::kRunning;
  int64_t waiting_ns = 0;
  bool is_current = false;          // the goroutine taking the snapshot
  std::vector<std::string> frames;  // symbolized, innermost first
};

// Who g is (id, creator, creation site), for a dump; the rest of the
// snapshot is left default. The caller is g itself or holds g.meta_mu.
GoroutineInfo IdentityOf(const Goroutine& g);

// Every live goroutine (and main's record), ordered by id. With
// `with_stacks`, each thread is briefly interrupted to record its stack.
std::vector<GoroutineInfo> SnapshotGoroutines(bool with_stacks);

// The calling thread's frames for a panic's report, innermost first: from
// golang::panic's caller outwards, with the runtime's own frames (and the
// standard library's, absl's, and the C library's) left out.
std::vector<std::string> PanicFrames();

// Go's dump format for one goroutine / for a list.
std::string FormatGoroutine(const GoroutineInfo& g);
std::string FormatGoroutines(const std::vector<GoroutineInfo>& gs);

// With the registry locked (no goroutine can be created or finish
// meanwhile), calls each(g, arg) for main's record and every registered
// goroutine, then after(arg). Neither may block on other goroutines.
void ForEachGoroutineLocked(void (*each)(Goroutine* g, void* arg),
                            void (*after)(void* arg), void* arg);

// main as goroutine 1 (runtime/main.cc, target golang::main): runs
// real_main(argc, argv, envp) as goroutine 1 on a stack of its own (8 MiB
// of address space, as a native main thread has, or the default goroutine
// stack size if larger), with this thread, the process's main thread,
// serving as a worker. When real_main returns, the process exits with its
// result, as Go's does when main returns, whatever other goroutines are
// doing. Call it once, from the process's main thread, before anything else
// of the library.
[[noreturn]] void RunMainAsGoroutine(int (*real_main)(int, char**, char**),
                                     int argc, char** argv, char** envp);

// The calling thread's kernel id (gettid), 0 where there is none.
int32_t ThreadId();

}  // namespace golang::internal

#endif  // GOLANG_RUNTIME_INTERNAL_GOROUTINE_H_
