// golang-cpp: package signal (signal.h), after Go's os/signal/signal.go and
// runtime/sigqueue.go.
//
// The path of a signal: Handler (async-signal-safe: a pending flag and a
// byte on the wake pipe) -> the relay thread, blocked reading the pipe ->
// Deliver, which sends on the channels and cancels the contexts that asked
// for each pending signal.
//
// Invariants:
//  - the library's handler is installed for a signal exactly while ref[sig]
//    > 0, ref[sig] being the number of registrations (entries) that want
//    it; saved[sig] is the disposition it replaced, put back when ref
//    drops to 0;
//  - the wake pipe and the relay thread exist before any handler is
//    installed, and live as long as the process;
//  - a channel's entry moves from `entries` to `stopping` when Stop starts
//    and leaves `stopping` when Stop returns: a signal pending when Stop
//    withdrew the handler is delivered to it in between (Stop waits for a
//    pass of the relay thread, Go's signalWaitUntilIdle).
#include "signal/signal.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstring>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "chan/select.h"
#include "runtime/internal/lock.h"
#include "runtime/internal/sanitizers.h"
#include "runtime/runtime.h"

namespace golang::signal {
namespace {

using internal::Lock;
using internal::LockGuard;
using internal::LockRank;

constexpr int kNumSig = NSIG;

// Go's descriptions (syscall's signalList for Linux), index = number.
constexpr const char* kNames[32] = {
    nullptr,
    "hangup",
    "interrupt",
    "quit",
    "illegal instruction",
    "trace/breakpoint trap",
    "aborted",
    "bus error",
    "floating point exception",
    "killed",
    "user defined signal 1",
    "segmentation fault",
    "user defined signal 2",
    "broken pipe",
    "alarm clock",
    "terminated",
    "stack fault",
    "child exited",
    "continued",
    "stopped (signal)",
    "stopped",
    "stopped (tty input)",
    "stopped (tty output)",
    "urgent I/O condition",
    "CPU time limit exceeded",
    "file size limit exceeded",
    "virtual timer expired",
    "profiling timer expired",
    "window changed",
    "I/O possible",
    "power failure",
    "bad system call",
};

// Whether sig may be relayed at all (signal.h, "Differences from Go").
bool Relayable(int sig) {
  if (sig < 1 || sig >= kNumSig) return false;
  switch (sig) {
    case SIGKILL:
    case SIGSTOP:
    case SIGSEGV:
    case SIGBUS:
    case SIGFPE:
    case SIGILL: return false;
    default: break;
  }
  if (sig >= 32 && sig < SIGRTMIN) return false;  // glibc's own
  return sig != SIGRTMIN + 7;  // the runtime's (runtime/internal/traceback.cc)
}

// What the handler touches: flags it sets with atomic builtins (lock-free,
// async-signal-safe) and a file descriptor. The pipe's write end is
// non-blocking: when it is full, a wake-up is pending anyway.
int pending[kNumSig];  // set by the handler, exchanged by the relay thread
int wake_fd = -1;      // written once, before any handler is installed

// Under ThreadSanitizer, the handler is installed with libc's sigaction,
// not through TSan's interceptor. TSan's own handler defers a signal that
// arrives while its thread runs code TSan does not see as blocking, until
// that thread next calls an intercepted function; a goroutine worker or
// `main` parked on the runtime's futex may not do so for ever, and a
// program waiting for SIGTERM would never see it. So the handler runs
// directly: uninstrumented, it calls nothing of TSan's (an atomic builtin
// and the raw write system call), and the relay thread, which TSan does
// see, does the rest.
GOLANG_INTERNAL_NO_TSAN void Handler(int sig) {
  const int saved_errno = errno;
  __atomic_store_n(&pending[sig], 1, __ATOMIC_SEQ_CST);
  const char byte = 0;
  syscall(SYS_write, __atomic_load_n(&wake_fd, __ATOMIC_RELAXED), &byte, 1);
  errno = saved_errno;
}

using SigactionFn = int (*)(int, const struct sigaction*, struct sigaction*);

// The sigaction that reaches the kernel (see Handler).
SigactionFn RealSigaction() {
#if GOLANG_INTERNAL_TSAN
  static const SigactionFn fn = [] {
    void* libc = dlopen("libc.so.6", RTLD_NOW | RTLD_NOLOAD);
    void* sym = libc != nullptr ? dlsym(libc, "sigaction") : nullptr;
    return sym != nullptr ? reinterpret_cast<SigactionFn>(sym) : &sigaction;
  }();
  return fn;
#else
  return &sigaction;
#endif
}

// One Notify channel or one NotifyContext.
struct Entry {
  uint64_t id = 0;
  send_chan<int> c;                 // a channel's, or
  context::CancelCauseFunc cancel;  // a context's
  bool want[kNumSig] = {};
};

struct Registry {
  Lock mu{LockRank::kSignal};
  std::vector<Entry> entries ABSL_GUARDED_BY(mu);
  std::vector<Entry> stopping ABSL_GUARDED_BY(mu);
  int ref[kNumSig] ABSL_GUARDED_BY(mu) = {};
  struct sigaction saved[kNumSig] ABSL_GUARDED_BY(mu) = {};
  // Stop's requests for a pass of the relay thread, closed after it.
  std::vector<chan<Empty>> barriers ABSL_GUARDED_BY(mu);
  uint64_t next_id ABSL_GUARDED_BY(mu) = 1;
  bool started ABSL_GUARDED_BY(mu) = false;
};

Registry& R() {
  static Registry* r = new Registry;  // never destroyed: the relay reads it
  return *r;
}

void Wake() {
  const char byte = 0;
  ssize_t unused = write(__atomic_load_n(&wake_fd, __ATOMIC_RELAXED), &byte, 1);
  (void)unused;
}

// One pass of the relay thread: every pending signal to whoever wants it.
void Deliver() {
  Registry& r = R();
  std::vector<std::pair<context::CancelCauseFunc, int>> cancels;
  std::vector<chan<Empty>> barriers;
  {
    LockGuard l(&r.mu);
    // The barriers first: a signal pending when Stop asked is among those
    // exchanged below (Stop marks its barrier before waking us).
    barriers.swap(r.barriers);
    for (int sig = 1; sig < kNumSig; ++sig) {
      if (__atomic_load_n(&pending[sig], __ATOMIC_RELAXED) == 0 ||
          __atomic_exchange_n(&pending[sig], 0, __ATOMIC_SEQ_CST) == 0) {
        continue;
      }
      for (const std::vector<Entry>* list : {&r.entries, &r.stopping}) {
        for (const Entry& e : *list) {
          if (!e.want[sig]) continue;
          if (e.c != nullptr) {
            // Go's process(): send, but do not block for it.
            select(send(e.c, int{sig}), default_case());
          } else {
            cancels.emplace_back(e.cancel, sig);
          }
        }
      }
    }
  }
  // Outside the lock: a cancellation runs the context's callbacks.
  for (auto& [cancel, sig] : cancels) {
    cancel(absl::CancelledError(absl::StrCat(String(sig), " signal received")));
  }
  for (chan<Empty>& b : barriers) close(b);
}

void RelayLoop(int fd) {
  for (;;) {
    char buf[64];
    const ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // cannot happen: the write end is never closed
    Deliver();
  }
}

// Makes the pipe and starts the relay thread, once.
void StartLocked(Registry& r) ABSL_EXCLUSIVE_LOCKS_REQUIRED(r.mu) {
  if (r.started) return;
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    panic(absl::StrCat("os/signal: pipe: ", std::strerror(errno)));
  }
  fcntl(fds[1], F_SETFL, fcntl(fds[1], F_GETFL) | O_NONBLOCK);
  __atomic_store_n(&wake_fd, fds[1], __ATOMIC_RELAXED);
  try {
    std::thread(RelayLoop, fds[0]).detach();
  } catch (const std::system_error& e) {
    panic(std::string("runtime: failed to create new OS thread: ") + e.what());
  }
  r.started = true;
}

// Counts a want of sig; the first installs the handler.
void AddRefLocked(Registry& r, int sig) ABSL_EXCLUSIVE_LOCKS_REQUIRED(r.mu) {
  if (r.ref[sig]++ > 0) return;
  struct sigaction sa;
  std::memset(&sa, 0, sizeof sa);
  sa.sa_handler = Handler;
  sigemptyset(&sa.sa_mask);
  // SA_ONSTACK: on a thread with an alternate stack (the runtime's workers
  // have one for stack overflows), spare the goroutine's stack.
  sa.sa_flags = SA_RESTART | SA_ONSTACK;
  RealSigaction()(sig, &sa, &r.saved[sig]);
}

// Drops a want of sig; the last puts the previous disposition back.
void DropRefLocked(Registry& r, int sig) ABSL_EXCLUSIVE_LOCKS_REQUIRED(r.mu) {
  if (--r.ref[sig] > 0) return;
  RealSigaction()(sig, &r.saved[sig], nullptr);
}

// Fills want from the list; all relayable signals of 1-31 if it is empty.
void SetWants(std::span<const int> sigs, bool* want) {
  if (sigs.empty()) {
    for (int sig = 1; sig < 32; ++sig) want[sig] = Relayable(sig);
    return;
  }
  for (int sig : sigs) {
    if (Relayable(sig)) want[sig] = true;
  }
}

// Takes the entry with this id out of `entries` and its wants back.
bool RemoveLocked(Registry& r, uint64_t id, Entry* out)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(r.mu) {
  for (auto it = r.entries.begin(); it != r.entries.end(); ++it) {
    if (it->id != id) continue;
    *out = std::move(*it);
    r.entries.erase(it);
    for (int sig = 1; sig < kNumSig; ++sig) {
      if (out->want[sig]) DropRefLocked(r, sig);
    }
    return true;
  }
  return false;
}

}  // namespace

std::string String(int sig) {
  if (sig >= 1 && sig < 32) return kNames[sig];
  return absl::StrCat("signal ", sig);
}

void Stop(const send_chan<int>& c) {
  Registry& r = R();
  chan<Empty> barrier = make_chan<Empty>();
  uint64_t id = 0;
  {
    LockGuard l(&r.mu);
    for (const Entry& e : r.entries) {
      if (e.c != nullptr && e.c == c) id = e.id;
    }
    Entry e;
    if (id == 0 || !RemoveLocked(r, id, &e)) return;
    r.stopping.push_back(std::move(e));
    r.barriers.push_back(barrier);
  }
  Wake();
  barrier.recv();  // a pass of the relay thread after the handler went
  LockGuard l(&r.mu);
  std::erase_if(r.stopping, [id](const Entry& e) { return e.id == id; });
}

namespace signal_internal {

void Notify(send_chan<int> c, std::span<const int> sigs) {
  if (c == nullptr) panic("os/signal: Notify using nil channel");
  Registry& r = R();
  LockGuard l(&r.mu);
  StartLocked(r);
  Entry* entry = nullptr;
  for (Entry& e : r.entries) {
    if (e.c != nullptr && e.c == c) entry = &e;
  }
  if (entry == nullptr) {
    entry = &r.entries.emplace_back();
    entry->id = r.next_id++;
    entry->c = std::move(c);
  }
  bool want[kNumSig] = {};
  SetWants(sigs, want);
  for (int sig = 1; sig < kNumSig; ++sig) {
    if (want[sig] && !entry->want[sig]) {
      entry->want[sig] = true;
      AddRefLocked(r, sig);
    }
  }
}

std::pair<context::Context, context::CancelFunc> NotifyContext(
    const context::Context& parent, std::span<const int> sigs) {
  auto [ctx, cancel] = context::WithCancelCause(parent);
  Registry& r = R();
  uint64_t id;
  {
    LockGuard l(&r.mu);
    StartLocked(r);
    Entry e;
    e.id = r.next_id++;
    e.cancel = cancel;
    SetWants(sigs, e.want);
    for (int sig = 1; sig < kNumSig; ++sig) {
      if (e.want[sig]) AddRefLocked(r, sig);
    }
    id = e.id;
    r.entries.push_back(std::move(e));
  }
  // Go's signalCtx.stop: cancel, then stop the notification. No wait for
  // the relay thread: once cancelled, a late signal changes nothing.
  context::CancelFunc stop = [cancel = std::move(cancel), id] {
    cancel(absl::OkStatus());
    Registry& r = R();
    Entry e;  // destroyed after the lock is released
    LockGuard l(&r.mu);
    (void)RemoveLocked(r, id, &e);
  };
  return {std::move(ctx), std::move(stop)};
}

}  // namespace signal_internal
}  // namespace golang::signal
