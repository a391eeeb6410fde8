// golang-cpp internal: the goroutine registry, `go`, and panics.
#include "runtime/internal/goroutine.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#if defined(__linux__)
#include <sys/syscall.h>
#endif

#include "absl/strings/str_cat.h"
#include "runtime/internal/bubble.h"
#include "runtime/internal/fatal.h"
#include "runtime/internal/lock.h"
#include "runtime/internal/nanotime.h"
#include "runtime/internal/parker.h"
#include "runtime/internal/sanitizers.h"
#include "runtime/internal/sched.h"
#include "runtime/internal/stack.h"
#include "runtime/runtime.h"

namespace golang::internal {
namespace {

#if defined(GOLANG_INTERNAL_TSAN)
// Makes the linker copy tsan_suppressions.cc, and its
// __tsan_default_suppressions, into every program that links this file,
// which is every program using golang-cpp (see there). `used`: kept although
// nothing reads it, so the reference stays in the object file.
[[gnu::used]] const char* const kKeepTsanSuppressions = kTsanSuppressions;
#endif

// The registry. Allocated once and never destroyed, so goroutines still
// running while main returns (and static destructors run) never touch a
// destroyed object.
struct Registry {
  Lock mu{LockRank::kRegistry};
  Goroutine* list ABSL_GUARDED_BY(mu) = nullptr;  // every record
};

Registry& GetRegistry() {
  static Registry* r = new Registry;
  return *r;
}

void RegisterLocked(Registry& r, Goroutine* g)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(r.mu) {
  if (g->registered) return;  // a reused record stays on the list
  g->registered = true;
  g->reg_next = r.list;
  r.list = g;
}

bool IsMainThread() {
  // 0 not yet known, 1 main, 2 not. A relaxed atomic rather than a
  // thread_local with an initializer: every goroutine on the thread shares
  // it, unordered as ThreadSanitizer sees them (switch.cc).
  [[gnu::tls_model("initial-exec")]] thread_local std::atomic<int8_t> known{0};
  int8_t k = known.load(std::memory_order_relaxed);
  if (k == 0) {
    k = ThreadId() == static_cast<int32_t>(getpid()) ? 1 : 2;
    known.store(k, std::memory_order_relaxed);
  }
  return k == 1;
}

// Set once, before any goroutine runs, when main runs as goroutine 1.
std::atomic<bool> main_is_goroutine{false};

// The main goroutine's record: never registered in the list (it has no
// creator and never exits), but dumps show it as goroutine 1. When main runs
// as a goroutine (RunMainAsGoroutine) it is that goroutine's record, with a
// stack and a context like any other; otherwise it stands for the main
// thread.
Goroutine& MainRecord() {
  static Goroutine* g = [] {
    auto* m = new Goroutine;
    m->id = 1;
    m->tid.store(static_cast<int32_t>(getpid()), std::memory_order_relaxed);
    return m;
  }();
  return *g;
}

// Go's fatalpanic: the report of an unrecovered panic, then the end of the
// process (fatal.h). `unwound`: an exception escaped the goroutine's
// function, whose frames are gone by the time the runtime catches it.
[[noreturn]] void DieOfPanic(std::string_view message, bool unwound) {
  BeginDying();
  const Traceback level = TracebackSetting();
  // Build the whole report first and write it at once.
  std::string out = "panic: ";
  out.append(message);
  out.append("\n");
  if (level != Traceback::kNone) {
    out.append("\n");
    std::vector<std::string> frames;
    if (unwound) {
      frames.emplace_back(
          "(frames unwound: a C++ exception escaped the goroutine's "
          "function)");
    } else {
      frames = PanicFrames();
    }
    Goroutine* self = CurrentRecord();
    if (self != nullptr) {
      GoroutineInfo info = IdentityOf(*self);
      info.is_current = true;
      info.frames = std::move(frames);
      // Goroutine 1 has no "created by" line: when the frames do not name
      // main (an exception unwound them), say that it is main's, as Go's
      // main.main() frame does. The symbolizer spells it "main".
      if (info.id == 1 && std::find(info.frames.begin(), info.frames.end(),
                                    "main") == info.frames.end()) {
        info.frames.emplace_back("main");
      }
      out += FormatGoroutine(info);
    } else {
      out += "goroutine ? [running]:\n";
      for (const std::string& f : frames) out += f + "\n";
      out += "(a thread not started with go)\n";
    }
    if (level == Traceback::kAll || level == Traceback::kCrash) {
      // Go's GOTRACEBACK=all: the other goroutines follow.
      for (const GoroutineInfo& g : SnapshotGoroutines(/*with_stacks=*/true)) {
        if (g.is_current) continue;
        out += "\n";
        out += FormatGoroutine(g);
      }
    }
  }
  // In a seeded synctest bubble: the seed that replays this run.
  const std::string note = BubblePanicNote();
  if (!note.empty()) absl::StrAppend(&out, "\n", note);
  FlushStandardOutput();
  ExitAfterReport(out, level);
}

}  // namespace

void RunGoroutineBody(Goroutine* g) {
  try {
    std::move(g->fn)();
  } catch (const std::exception& e) {
    DieOfPanic(e.what(), /*unwound=*/true);
  } catch (...) {
    DieOfPanic("unknown C++ exception escaped a goroutine", /*unwound=*/true);
  }
  // Destroy the captures while the goroutine still counts as live: their
  // destructors are part of it.
  g->fn = nullptr;
  // Its bubble's Test returns after this (bubble.cc).
  if (Bubble* b = g->bubble.load(std::memory_order_relaxed)) TsanRelease(b);
  // To the next `go` that reuses this record and writes its storage
  // (ThreadSanitizer; switch.cc, "ThreadSanitizer").
  TsanRelease(&g->fn);
  // A dump in progress skips it from here on.
  g->alive.store(false, std::memory_order_release);
  AddLiveGoroutines(-1);
}

void Spawn(absl::AnyInvocable<void() &&> fn, SourceLocation created_at) {
  Goroutine* g = NewGoroutine();
  const Goroutine* parent = CurrentRecord();
  const int64_t parent_id = parent != nullptr ? parent->id : 0;
  TsanAcquire(&g->fn);  // the record's last goroutine is done with it
  g->fn = std::move(fn);
  // `go` inside a synctest bubble: the goroutine joins it.
  Bubble* bubble = CurrentBubble();
  g->bubble.store(bubble, std::memory_order_relaxed);
  if (bubble != nullptr) BubbleOnSpawn(bubble, g);
  g->wait_reason.store(WaitReason::kRunnable, std::memory_order_relaxed);
  AddLiveGoroutines(1);
  if (!g->registered) {  // a new record: registered once, for good
    Registry& r = GetRegistry();
    LockGuard l(&r.mu);
    RegisterLocked(r, g);
  }
  {
    LockGuard l(&g->meta_mu);
    g->id = NewGoroutineId();
    g->parent_id = parent_id;
    g->created_at = created_at;
    g->bubble_id = bubble != nullptr ? bubble->id : 0;
    g->alive.store(true, std::memory_order_relaxed);
  }
  TsanRelease(&g->fn);  // `go` happens before the goroutine starts
  ScheduleNew(g);
}

GoroutineInfo IdentityOf(const Goroutine& g) {
  GoroutineInfo info;
  info.id = g.id;
  info.parent_id = g.parent_id;
  info.bubble_id = g.bubble_id;
  if (g.created_at.line() != 0) {
    info.created_function = g.created_at.function_name();
    info.created_file = g.created_at.file_name();
    info.created_line = static_cast<int>(g.created_at.line());
  }
  return info;
}

int32_t ThreadId() {
#if defined(__linux__)
  return static_cast<int32_t>(syscall(SYS_gettid));
#else
  return 0;
#endif
}

const Goroutine* CurrentGoroutine() { return CurrentG(); }

Goroutine* CurrentRecord() {
  if (Goroutine* g = CurrentG()) return g;
  // When main is goroutine 1, the main thread is just a worker.
  if (IsMainThread() && !main_is_goroutine.load(std::memory_order_relaxed)) {
    return &MainRecord();
  }
  return nullptr;
}

void RunMainAsGoroutine(int (*real_main)(int, char**, char**), int argc,
                        char** argv, char** envp) {
  main_is_goroutine.store(true, std::memory_order_relaxed);
  Goroutine* g = &MainRecord();
  g->tid.store(0, std::memory_order_relaxed);  // not running yet
  g->fn = [real_main, argc, argv, envp] {
    // Go: when main returns, the program exits. exit() runs the static
    // destructors and atexit handlers on this goroutine's stack.
    std::exit(real_main(argc, argv, envp));
  };
  g->alive.store(true, std::memory_order_release);
  TsanRelease(&g->fn);
  constexpr size_t kMainStack = size_t{8} << 20;
  RunMainGoroutine(g, std::max(kMainStack, DefaultStackSize()));
}

void NoteParking(WaitReason reason) {
  Goroutine* g = CurrentRecord();
  if (g == nullptr) return;
  g->wait_since_ns.store(Nanotime(), std::memory_order_relaxed);
  g->wait_reason.store(reason, std::memory_order_relaxed);
}

void NoteRunning() {
  Goroutine* g = CurrentRecord();
  if (g == nullptr) return;
  g->wait_reason.store(WaitReason::kRunning, std::memory_order_relaxed);
}

int LiveGoroutines() { return CountLiveGoroutines(); }

void ForEachGoroutineLocked(void (*each)(Goroutine* g, void* arg),
                            void (*after)(void* arg), void* arg) {
  Registry& r = GetRegistry();
  LockGuard l(&r.mu);
  each(&MainRecord(), arg);
  for (Goroutine* g = r.list; g != nullptr; g = g->reg_next) {
    if (g->alive.load(std::memory_order_acquire)) each(g, arg);
  }
  after(arg);
}

}  // namespace golang::internal

// For debuggers (docs/scheduler.md, docs/gdb/goroutines.gdb): the saved
// context of parked goroutine `id`, or null if there is no such goroutine or
// it is running. Reads the registry without its lock: call it only with the
// process stopped (gdb stops every thread).
extern "C" ABSL_NO_THREAD_SAFETY_ANALYSIS void* golang_debug_goroutine_context(
    int64_t id) {
  using golang::internal::Goroutine;
  golang::internal::Registry& r = golang::internal::GetRegistry();
  for (Goroutine* g = r.list; g != nullptr; g = g->reg_next) {
    if (g->alive.load(std::memory_order_relaxed) && g->id == id) {
      return g->tid.load(std::memory_order_relaxed) == 0 ? g->ctx : nullptr;
    }
  }
  return nullptr;
}

namespace golang {

void panic(std::string_view message) {
  internal::DieOfPanic(message, /*unwound=*/false);
}

namespace runtime {

int NumGoroutine() { return internal::LiveGoroutines() + 1; }

void Gosched() {
  if (internal::CurrentG() != nullptr) {
    internal::YieldGoroutine();
  } else {
    std::this_thread::yield();
  }
}

int GOMAXPROCS(int n) { return internal::SetMaxProcs(n); }

void SetDefaultGOMAXPROCS() { internal::SetDefaultMaxProcs(); }

}  // namespace runtime
}  // namespace golang
