// golang-cpp internal: goroutine stacks, guard pages and the stack-overflow
// report. The design, and its limit, are in stack.h.
#include "runtime/internal/stack.h"

#include <signal.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#include <atomic>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "runtime/internal/fatal.h"
#include "runtime/internal/goroutine.h"
#include "runtime/internal/lock.h"
#include "runtime/internal/sanitizers.h"
#include "runtime/runtime.h"

#if defined(GOLANG_INTERNAL_ASAN)
#include <sanitizer/lsan_interface.h>
#endif

namespace golang::internal {
namespace {

constexpr size_t kMinStack = 16 * 1024;
constexpr size_t kDefaultStack = 256 * 1024;
constexpr int kSlabStacks = 16;
constexpr size_t kAltStack = 64 * 1024;  // a worker's signal stack

size_t PageSize() {
  static const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  return page;
}

size_t RoundStack(size_t bytes) {
  const size_t page = PageSize();
  if (bytes < kMinStack) bytes = kMinStack;
  return (bytes + page - 1) / page * page;
}

size_t StackSizeFromEnv() {
  const char* env = std::getenv("GOLANG_STACK_SIZE");
  if (env == nullptr || *env == '\0') return kDefaultStack;
  char* end = nullptr;
  const uint64_t v = std::strtoull(env, &end, 10);
  if (end == env || v == 0) return kDefaultStack;
  return RoundStack(static_cast<size_t>(v));
}

std::atomic<size_t> default_stack{StackSizeFromEnv()};

static_assert(kStackGuard % (64 * 1024) == 0,
              "the guard is whole pages for every page size Linux uses");

// How many guarded stacks may exist at once: each costs two mappings (the
// guard splits its region), and the program needs the rest of the
// vm.max_map_count budget for everything else (malloc arenas, libraries).
int64_t GuardBudget() {
  static const int64_t budget = [] {
    int64_t max_maps = 65530;
    if (FILE* f = std::fopen("/proc/sys/vm/max_map_count", "r")) {
      int64_t v = 0;
      if (std::fscanf(f, "%" SCNd64, &v) == 1 && v > 0) max_maps = v;
      std::fclose(f);
    }
    const int64_t spare = max_maps - 16384;
    return spare > 0 ? spare / 2 : 0;
  }();
  return budget;
}

std::atomic<int64_t> guarded_stacks{0};

// Unguarded stacks, carved out of slabs that are never unmapped (a stack
// returned to the system goes back to this free list instead). Each piece
// of a slab is a red zone of kStackGuard bytes and the stack above it.
struct Slabs {
  Lock mu{LockRank::kStack};
  std::vector<char*> free ABSL_GUARDED_BY(mu);  // stack bottoms (lo)
  size_t size ABSL_GUARDED_BY(mu) = 0;          // their size
};
Slabs& GetSlabs() {
  static Slabs* s = new Slabs;
  return *s;
}

void* MapOrPanic(size_t bytes) {
  void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) {
    golang::panic(absl::StrCat("runtime: cannot allocate ", bytes,
                               "-byte goroutine stack: ", strerror(errno)));
  }
  return p;
}

StackMem AllocateUnguarded(size_t size) {
  Slabs& slabs = GetSlabs();
  char* lo = nullptr;
  {
    LockGuard l(&slabs.mu);
    if (slabs.size != size) {
      // The stack size changed: stacks of the old size stay mapped (they
      // are rare: only past the guard budget) but are no longer handed out.
      slabs.free.clear();
      slabs.size = size;
    }
    if (!slabs.free.empty()) {
      lo = slabs.free.back();
      slabs.free.pop_back();
    }
  }
  if (lo == nullptr) {
    const size_t piece = kStackGuard + size;
    char* slab = static_cast<char*>(MapOrPanic(piece * kSlabStacks));
    lo = slab + kStackGuard;
    LockGuard l(&slabs.mu);
    for (int i = 1; i < kSlabStacks; ++i) {
      slabs.free.push_back(slab + i * piece + kStackGuard);
    }
  }
  // The canary is the lowest word, left zero: the page is never written
  // unless the stack overflows, so it costs no resident memory (a read maps
  // the shared zero page).
  return StackMem{lo, size, false};
}

// The previous handlers, chained to for faults that are not ours.
struct sigaction old_segv;
struct sigaction old_bus;

// The stack pointer of the interrupted code, where this architecture's
// ucontext is known; null elsewhere.
const char* FaultStackPointer(void* uctx) {
  const auto* uc = static_cast<const ucontext_t*>(uctx);
#if defined(__x86_64__)
  // NOLINTNEXTLINE(performance-no-int-to-ptr): a saved register is an integer.
  return reinterpret_cast<const char*>(uc->uc_mcontext.gregs[REG_RSP]);
#elif defined(__aarch64__)
  return reinterpret_cast<const char*>(uc->uc_mcontext.sp);
#else
  (void)uc;
  return nullptr;
#endif
}

// Whether p is in the kStackGuard bytes below the stack: its guard, or the
// red zone of an unguarded stack.
bool InGuard(const StackMem& s, const char* p) {
  const auto lo = reinterpret_cast<uintptr_t>(s.lo);
  const auto a = reinterpret_cast<uintptr_t>(p);
  return a < lo && lo - a <= kStackGuard;
}

void OverflowHandler(int sig, siginfo_t* info, void* uctx) {
  const Goroutine* g = CurrentGoroutine();
  if (g != nullptr && g->stack_mem.lo != nullptr) {
    // The goroutine ran off its stack when the fault is in the guard,
    // however far below the limit (a large frame's first store lands up to
    // its size below it), or when its stack pointer is already there,
    // whatever it touched: an access below the stack pointer (x86-64's red
    // zone) can reach past the guard's lower end, and a fault below an
    // unguarded stack's red zone is an overflow too.
    if (InGuard(g->stack_mem, static_cast<const char*>(info->si_addr)) ||
        InGuard(g->stack_mem, FaultStackPointer(uctx))) {
      StackOverflow(*g);
    }
  }
  // Not ours: hand the fault to whoever had it before (a sanitizer, or the
  // default action, which dumps core).
  struct sigaction* old = sig == SIGSEGV ? &old_segv : &old_bus;
  if (old->sa_flags & SA_SIGINFO) {
    if (old->sa_sigaction != nullptr) {
      old->sa_sigaction(sig, info, uctx);
      return;
    }
  } else if (old->sa_handler != SIG_DFL && old->sa_handler != SIG_IGN &&
             old->sa_handler != nullptr) {
    old->sa_handler(sig);
    return;
  }
  signal(sig, SIG_DFL);  // returning re-executes the access and dies
}

// LeakSanitizer scans thread stacks for pointers, but not goroutine stacks,
// which are plain mappings: a goroutine parked forever would otherwise make
// everything only it refers to look leaked.
void RegisterRoot(const StackMem& s) {
#if defined(GOLANG_INTERNAL_ASAN)
  __lsan_register_root_region(s.lo, s.size);
#else
  (void)s;
#endif
}

void UnregisterRoot(const StackMem& s) {
#if defined(GOLANG_INTERNAL_ASAN)
  __lsan_unregister_root_region(s.lo, s.size);
#else
  (void)s;
#endif
}

}  // namespace

size_t DefaultStackSize() {
  return default_stack.load(std::memory_order_relaxed);
}

size_t SetDefaultStackSize(size_t bytes) {
  return default_stack.exchange(RoundStack(bytes), std::memory_order_relaxed);
}

namespace {

// Address space for guarded stacks is mapped 32 stacks at a time (one
// mmap instead of 32); each piece (a guard and the stack above it) gets its
// guard's protection when handed out.
// Pieces are unmapped one by one when released.
struct GuardedChunk {
  Lock mu{LockRank::kStack};
  char* next ABSL_GUARDED_BY(mu) = nullptr;
  int left ABSL_GUARDED_BY(mu) = 0;
  size_t size ABSL_GUARDED_BY(mu) = 0;  // stack size of the pieces
};
GuardedChunk& GetGuardedChunk() {
  static GuardedChunk* c = new GuardedChunk;
  return *c;
}
constexpr int kChunkStacks = 32;

StackMem AllocateGuardedOrNot(size_t size) {
  if (guarded_stacks.fetch_add(1, std::memory_order_relaxed) >= GuardBudget()) {
    guarded_stacks.fetch_sub(1, std::memory_order_relaxed);
    return AllocateUnguarded(size);
  }
  const size_t piece = kStackGuard + size;
  char* map = nullptr;
  {
    GuardedChunk& c = GetGuardedChunk();
    LockGuard l(&c.mu);
    if (c.left > 0 && c.size == size) {
      map = c.next;
      c.next += piece;
      --c.left;
    }
  }
  if (map == nullptr) {
    char* chunk = static_cast<char*>(MapOrPanic(piece * kChunkStacks));
    map = chunk;
    GuardedChunk& c = GetGuardedChunk();
    LockGuard l(&c.mu);
    // Unused pieces of a previous chunk (another size) are returned.
    if (c.left > 0) munmap(c.next, (kStackGuard + c.size) * c.left);
    c.next = chunk + piece;
    c.left = kChunkStacks - 1;
    c.size = size;
  }
  if (mprotect(map, kStackGuard, PROT_NONE) != 0) {
    munmap(map, piece);
    guarded_stacks.fetch_sub(1, std::memory_order_relaxed);
    return AllocateUnguarded(size);
  }
  return StackMem{map + kStackGuard, size, true};
}

}  // namespace

StackMem AllocateStack(size_t size) {
  StackMem s = AllocateGuardedOrNot(size);
  RegisterRoot(s);
  return s;
}

void ReleaseStack(const StackMem& s) {
  if (s.lo == nullptr) return;
  UnregisterRoot(s);
  if (s.guarded) {
    munmap(s.lo - kStackGuard, kStackGuard + s.size);
    guarded_stacks.fetch_sub(1, std::memory_order_relaxed);
    return;
  }
  Slabs& slabs = GetSlabs();
  LockGuard l(&slabs.mu);
  if (slabs.size == s.size) slabs.free.push_back(s.lo);
}

bool StackCanaryIntact(const StackMem& s) {
  if (s.guarded) return true;
  uint64_t v;
  std::memcpy(&v, s.lo, sizeof v);
  return v == 0;
}

void StackOverflow(const Goroutine& g) {
  // Runs on the alternate signal stack (or on the scheduler's stack, for a
  // canary), and only ever ends the process.
  std::string out =
      absl::StrCat("runtime: goroutine stack exceeds ", g.stack_mem.size,
                   "-byte limit\nfatal error: stack overflow\n\n");
  GoroutineInfo info = IdentityOf(g);
  info.is_current = true;
  out += FormatGoroutine(info);
  absl::StrAppend(&out,
                  "(set GOLANG_STACK_SIZE to a larger size in bytes; "
                  "see docs/scheduler.md)\n");
  // Status 2, or SIGABRT under GOTRACEBACK=crash (fatal.h). Standard
  // output is not flushed: this may run in a signal handler, interrupting
  // code that holds the streams' locks or is halfway through their buffers.
  ExitAfterReport(out, TracebackSetting());
}

void InstallStackOverflowHandler() {
  static const bool installed = [] {
    struct sigaction sa;
    std::memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = OverflowHandler;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, &old_segv);
    sigaction(SIGBUS, &sa, &old_bus);
    return true;
  }();
  (void)installed;
  // This thread's alternate stack, where the handler runs when the
  // goroutine's own stack is the thing that overflowed; freed when the
  // thread exits.
  struct AltStack {
    void* mem = nullptr;
    AltStack() {
      stack_t current;
      if (sigaltstack(nullptr, &current) == 0 &&
          !(current.ss_flags & SS_DISABLE)) {
        return;  // the thread has one already (a sanitizer installs its own)
      }
      // mmap, not malloc: a worker's signal stack is the runtime's, not
      // the program's heap (which tests measure).
      void* m = mmap(nullptr, kAltStack, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (m == MAP_FAILED) return;
      mem = m;
      stack_t ss;
      std::memset(&ss, 0, sizeof ss);
      ss.ss_sp = mem;
      ss.ss_size = kAltStack;
      sigaltstack(&ss, nullptr);
    }
    ~AltStack() {
      if (mem == nullptr) return;
      stack_t ss;
      std::memset(&ss, 0, sizeof ss);
      ss.ss_flags = SS_DISABLE;
      sigaltstack(&ss, nullptr);
      munmap(mem, kAltStack);
    }
  };
  thread_local AltStack alt;
  (void)alt;
}

}  // namespace golang::internal
