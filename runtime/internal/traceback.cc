// golang-cpp internal: goroutine dumps (Go's runtime/traceback.go), taken
// by interrupting each goroutine's thread with a signal whose handler
// records that thread's own stack.
#include <errno.h>
#include <execinfo.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#if defined(__linux__)
#include <sys/syscall.h>
#endif

#include "absl/debugging/symbolize.h"
#include "absl/strings/str_cat.h"
#include "runtime/internal/fatal.h"
#include "runtime/internal/goroutine.h"
#include "runtime/internal/nanotime.h"
#include "runtime/internal/parker.h"
#include "runtime/internal/sched.h"
#include "runtime/runtime.h"

namespace golang::internal {

namespace {

constexpr int kStackIdle = 0;
constexpr int kStackRequested = 1;
constexpr int kStackReady = 2;

int StackSignal() {
#if defined(SIGRTMIN)
  return SIGRTMIN + 7;
#else
  return SIGUSR2;
#endif
}

// glibc's backtrace(): Debian's libabsl is built without a working
// absl::GetStackTrace (it returns no frames). backtrace() is safe in a
// signal handler once libgcc's unwinder is loaded, which InstallStackHandler
// does by calling it once first.
int CaptureStack(void** pcs, int max) { return backtrace(pcs, max); }

void StackSignalHandler(int, siginfo_t*, void*) {
  const int saved_errno = errno;
  Goroutine* g = CurrentRecord();
  if (g != nullptr &&
      g->stack_state.load(std::memory_order_acquire) == kStackRequested) {
    g->stack_depth = CaptureStack(g->stack, Goroutine::kMaxFrames);
    g->stack_state.store(kStackReady, std::memory_order_release);
  }
  errno = saved_errno;
}

void InstallStackHandler() {
  static const bool installed = [] {
    absl::InitializeSymbolizer("/proc/self/exe");
    void* warm[2];
    CaptureStack(warm, 2);  // loads the unwinder outside any handler
    struct sigaction sa;
    std::memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = StackSignalHandler;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaction(StackSignal(), &sa, nullptr);
    return true;
  }();
  (void)installed;
}

// A dump shows the goroutine's own frames: the innermost run of runtime
// frames (the signal handler, the futex, Park, the channel operation) and
// everything from the goroutine's entry outwards (the AnyInvocable thunk,
// the worker loop, thread start) are noise. Unsymbolizable frames are in
// shared libraries (libc), which is also where both runs live.
bool IsRuntimeFrame(const std::string& name) {
  return name.rfind("golang::internal::", 0) == 0 ||
         name.rfind("golang::runtime::Stack", 0) == 0 ||
         // absl's demangler gives up on some names (ABI tags): mangled
         // runtime names are still runtime frames.
         name.rfind("_ZN6golang8internal", 0) == 0 ||
         name.rfind("_ZN6golang7runtime5Stack", 0) == 0 ||
         name.rfind("absl::", 0) == 0 || name.rfind("?? ", 0) == 0 ||
         name == "syscall" || name == "backtrace" ||  // (TSan interceptor)
         name == "make_fcontext" || name == "jump_fcontext" ||  // Boost
         name == "ontop_fcontext" || name.rfind("std::", 0) == 0 ||
         name.rfind("__", 0) == 0 || name == "_start";
}

std::vector<std::string> SymbolizeAll(void* const* pcs, int depth) {
  std::vector<std::string> names;
  for (int i = 0; i < depth; ++i) {
    char buf[1024];
    // pcs are return addresses: look up pc-1 so a call at the end of a
    // function is attributed to it.
    void* pc = static_cast<char*>(pcs[i]) - 1;
    names.push_back(absl::Symbolize(pc, buf, sizeof buf)
                        ? std::string(buf)
                        : absl::StrCat("?? ", absl::Hex(pcs[i])));
  }
  return names;
}

std::vector<std::string> Symbolize(void* const* pcs, int depth) {
  std::vector<std::string> out;
  std::vector<std::string> names = SymbolizeAll(pcs, depth);
  size_t k = 0;
  while (k < names.size() && IsRuntimeFrame(names[k])) ++k;  // inner run
  while (k < names.size() && !IsRuntimeFrame(names[k])) {
    out.push_back(std::move(names[k++]));
  }
  return out;
}

struct CollectArg {
  bool with_stacks;
  const Goroutine* self;
  std::vector<Goroutine*> requested;
  std::vector<GoroutineInfo> infos;
};

void Collect(Goroutine* g, void* arg_ptr) {
  auto* arg = static_cast<CollectArg*>(arg_ptr);
  GoroutineInfo info;
  {
    LockGuard l(&g->meta_mu);  // the record may be reused meanwhile
    info = IdentityOf(*g);
  }
  info.reason = g->wait_reason.load(std::memory_order_relaxed);
  if (info.reason != WaitReason::kRunning &&
      info.reason != WaitReason::kRunnable) {
    info.waiting_ns =
        Nanotime() - g->wait_since_ns.load(std::memory_order_relaxed);
  }
  const int32_t tid = g->tid.load(std::memory_order_relaxed);
  const bool is_current = g == arg->self;
  info.is_current = is_current;
  arg->infos.push_back(std::move(info));
  if (arg->with_stacks && !is_current && tid == 0 && CaptureParkedStack(g)) {
    // Parked: its stack was read in place.
    g->stack_state.store(kStackReady, std::memory_order_release);
    arg->requested.push_back(g);
    return;
  }
  if (arg->with_stacks && tid != 0 && !is_current) {
    g->stack_state.store(kStackRequested, std::memory_order_release);
#if defined(__linux__)
    if (syscall(SYS_tgkill, getpid(), tid, StackSignal()) == 0) {
      arg->requested.push_back(g);
      return;
    }
#endif
    g->stack_state.store(kStackIdle, std::memory_order_relaxed);
    arg->requested.push_back(nullptr);
  } else {
    arg->requested.push_back(nullptr);
  }
}

// Runs with the registry still locked, so no requested goroutine can have
// been freed: wait (bounded) for each handler, then symbolize.
void Finish(CollectArg& arg) {
  const int64_t deadline = Nanotime() + 200'000'000;  // 200 ms
  for (size_t i = 0; i < arg.requested.size(); ++i) {
    Goroutine* g = arg.requested[i];
    if (g == nullptr) continue;
    while (g->stack_state.load(std::memory_order_acquire) != kStackReady &&
           Nanotime() < deadline) {
      // A goroutine that parked before the signal reached its thread is
      // read in place instead.
      if (g->tid.load(std::memory_order_relaxed) == 0 &&
          CaptureParkedStack(g)) {
        g->stack_state.store(kStackReady, std::memory_order_release);
        break;
      }
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    if (g->stack_state.load(std::memory_order_acquire) == kStackReady) {
      arg.infos[i].frames = Symbolize(g->stack, g->stack_depth);
    } else {
      arg.infos[i].frames.push_back(
          "(stack unavailable: the thread did not "
          "answer the stack signal)");
    }
    g->stack_state.store(kStackIdle, std::memory_order_release);
  }
}

}  // namespace

std::vector<GoroutineInfo> SnapshotGoroutines(bool with_stacks) {
  if (with_stacks) InstallStackHandler();
  CollectArg arg;
  arg.with_stacks = with_stacks;
  arg.self = CurrentRecord();
  // Collect under the registry lock, and wait for the stacks under it too,
  // so every goroutine we signalled stays alive until its handler has run.
  ForEachGoroutineLocked(
      Collect, [](void* p) { Finish(*static_cast<CollectArg*>(p)); }, &arg);
  if (with_stacks) {
    // Our own stack, captured directly.
    for (GoroutineInfo& info : arg.infos) {
      if (!info.is_current) continue;
      void* pcs[Goroutine::kMaxFrames];
      int depth = CaptureStack(pcs, Goroutine::kMaxFrames);
      info.frames = Symbolize(pcs, depth);
    }
  }
  std::sort(arg.infos.begin(), arg.infos.end(),
            [](const GoroutineInfo& a, const GoroutineInfo& b) {
              return a.id < b.id;
            });
  return arg.infos;
}

std::vector<std::string> PanicFrames() {
  InstallStackHandler();  // the symbolizer, and the unwinder loaded
  void* pcs[Goroutine::kMaxFrames];
  const int depth = CaptureStack(pcs, Goroutine::kMaxFrames);
  std::vector<std::string> names = SymbolizeAll(pcs, depth);
  // Everything up to golang::panic is the report's own machinery.
  size_t k = 0;
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i].rfind("golang::panic(", 0) == 0 ||
        names[i] == "golang::panic") {
      k = i + 1;
      break;
    }
  }
  // Unlike a dump, which keeps one run of frames, this keeps every frame of
  // the program's own: a panic's frames interleave with the standard
  // library's and absl's (an absl::Cleanup running a deferred call), and
  // the goroutine's entry (the runtime's frames) is outermost.
  std::vector<std::string> out;
  for (; k < names.size(); ++k) {
    if (!IsRuntimeFrame(names[k])) out.push_back(std::move(names[k]));
  }
  return out;
}

std::string FormatGoroutine(const GoroutineInfo& g) {
  std::string out =
      absl::StrCat("goroutine ", g.id, " [", WaitReasonString(g.reason));
  // Go prints the wait time only from one minute on.
  const int64_t minutes = g.waiting_ns / 60'000'000'000;
  if (g.reason != WaitReason::kRunning && minutes >= 1) {
    absl::StrAppend(&out, ", ", minutes, minutes == 1 ? " minute" : " minutes");
  }
  if (g.bubble_id != 0) {
    absl::StrAppend(&out, ", synctest bubble ", g.bubble_id);
  }
  out += "]:\n";
  for (const std::string& f : g.frames) absl::StrAppend(&out, f, "\n");
  if (g.id != 1) {
    if (g.created_line != 0) {
      absl::StrAppend(&out, "created by ", g.created_function);
      if (g.parent_id != 0) {
        absl::StrAppend(&out, " in goroutine ", g.parent_id);
      }
      absl::StrAppend(&out, "\n\t", g.created_file, ":", g.created_line, "\n");
    } else {
      out += "created by (unknown call site)\n";
    }
  }
  return out;
}

std::string FormatGoroutines(const std::vector<GoroutineInfo>& gs) {
  std::string out;
  for (size_t i = 0; i < gs.size(); ++i) {
    if (i > 0) out += "\n";
    out += FormatGoroutine(gs[i]);
  }
  return out;
}

namespace {

// The thread that prints the dump for DumpOnSignal. A signal handler may
// only do async-signal-safe things; Parker::Unpark is one atomic exchange
// and a futex wake, so the handler wakes the dump thread directly, and the
// dump thread (parked through the runtime) keeps deadlock detection working.
std::atomic<Parker*> dump_parker{nullptr};
std::atomic<int> dump_signal{0};

void DumpSignalHandler(int sig) {
  const int saved_errno = errno;
  dump_signal.store(sig, std::memory_order_relaxed);
  if (Parker* p = dump_parker.load(std::memory_order_acquire)) p->Unpark();
  errno = saved_errno;
}

}  // namespace
}  // namespace golang::internal

namespace golang::runtime {

std::string Stack(bool all) {
  using internal::GoroutineInfo;
  std::vector<GoroutineInfo> gs = internal::SnapshotGoroutines(true);
  if (!all) {
    std::vector<GoroutineInfo> mine;
    for (GoroutineInfo& g : gs) {
      if (g.is_current) mine.push_back(std::move(g));
    }
    if (mine.empty()) return "goroutine ? [running]:\n";
    return internal::FormatGoroutines(mine);
  }
  return internal::FormatGoroutines(gs);
}

void DumpOnSignal(int sig) {
  static const bool started = [] {
    std::atomic<bool> ready{false};
    std::thread([&ready] {
      internal::dump_parker.store(internal::CurrentParker(),
                                  std::memory_order_release);
      ready.store(true, std::memory_order_release);
      internal::dump_parker.load()->Park(internal::WaitReason::kSignalWait);
      const int s = internal::dump_signal.load(std::memory_order_relaxed);
      std::string out =
          s == SIGQUIT ? "SIGQUIT: quit\n\n"
                       : absl::StrCat("signal ", s, ": goroutine dump\n\n");
      out += Stack(true);
      internal::BeginDying();
      internal::FlushStandardOutput();
      // As Go does on SIGQUIT: status 2, or SIGABRT under GOTRACEBACK=crash.
      internal::ExitAfterReport(out, internal::TracebackSetting());
    }).detach();
    while (!ready.load(std::memory_order_acquire)) std::this_thread::yield();
    return true;
  }();
  (void)started;
  struct sigaction sa;
  std::memset(&sa, 0, sizeof sa);
  sa.sa_handler = internal::DumpSignalHandler;
  sigemptyset(&sa.sa_mask);
  sigaction(sig, &sa, nullptr);
}

}  // namespace golang::runtime
