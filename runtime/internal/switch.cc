// golang-cpp internal: the context switch (switch.h). Goroutines are
// Boost.Context fcontexts; a switch is one jump_fcontext, told to the
// sanitizers on both sides: AddressSanitizer learns which stack it lands on
// (__sanitizer_start_switch_fiber / __sanitizer_finish_switch_fiber), and
// ThreadSanitizer which fiber runs (__tsan_switch_to_fiber), with the
// happens-before edges below. The scheduler's own decisions (what to run,
// what a request means) are sched.cc's.
//
// Invariants:
//  - an M's scheduler loop runs on its thread's own stack, always on that
//    thread; a goroutine's frames run on its own stack, on whichever M
//    resumed it. Only an M's loop switches into a goroutine (and a dump,
//    for the moment it reads a parked goroutine's stack), and a goroutine
//    only ever switches back to the loop of the M running it;
//  - a goroutine's saved context (Goroutine::ctx) is written only while it
//    is switched out: by PrepareContext before it first runs, by the M it
//    left, or by a dump (CaptureParkedStack) holding its parker's
//    inspection claim;
//  - the M crosses a switch by value: the goroutine side reads it from the
//    jump's data, never from a thread-local read before the jump.
#include "runtime/internal/switch.h"

#include <cxxabi.h>
#include <execinfo.h>
#include <pthread.h>

#include <boost/context/detail/fcontext.hpp>
#include <cstdlib>

#include "runtime/internal/goroutine.h"
#include "runtime/internal/parker.h"
#include "runtime/internal/runtime2.h"
#include "runtime/internal/sanitizers.h"
#include "runtime/internal/sched.h"

#if defined(GOLANG_INTERNAL_ASAN)
#include <sanitizer/common_interface_defs.h>
#endif
#if defined(GOLANG_INTERNAL_TSAN)
#include <sanitizer/tsan_interface.h>
// Exported by GCC's and Clang's TSan runtimes, not declared by their
// headers: stop and resume checking the calling fiber's memory accesses.
extern "C" void __tsan_ignore_thread_begin();
extern "C" void __tsan_ignore_thread_end();
#endif

namespace golang::internal {

namespace bctx = boost::context::detail;

// ---------------------------------------------------------------------------
// ThreadSanitizer: the edges it sees are Go's, not the scheduler's.
//
// TSan models each goroutine's stack as a fiber, and each M's scheduler loop
// as another (the thread's own). A switch that synchronized would order
// everything a goroutine did before everything the next goroutine on that M
// does, through the scheduler: it would hide the races `go run -race`
// reports (a goroutine's write, main's read with no Wait between). So:
//  - switching from a goroutine to its scheduler does not synchronize; the
//    two fields that cross it (M::req, M::g0_ctx) are atomics;
//  - switching from the scheduler into a goroutine does: the scheduler's
//    fiber holds only runtime history (below), which the goroutine may see;
//  - the runtime's work on a goroutine's stack (spawning, readying, the
//    free lists, the P's counters) runs as the M's scheduler fiber
//    (TsanRuntimeScope, sched.h), so what that goroutine did never reaches the
//    scheduler's locks and queues, and from there other goroutines; its
//    memory accesses go unchecked there (the same code is checked when the
//    scheduler or a plain thread runs it);
//  - per-thread state that goroutines share (select's random numbers, the
//    main-thread test) is held in relaxed atomics;
//  - the edges Go promises are explicit: `go` happens before the new
//    goroutine starts (a release and acquire on Goroutine::fn), and a
//    waker's Unpark before the woken Park returns (the parker's word);
//  - a goroutine record handed from one M to another carries its own edge
//    (on Goroutine::ctx), with the scheduler's history only.
// What TSan still orders beyond Go: a goroutine after the one whose record
// it reuses (the record's storage and stack are shared), and a goroutine
// readied by a plain thread (main without golang::main, a std::thread, the
// timer thread) after that thread's past.

#if defined(GOLANG_INTERNAL_TSAN)
// Not instrumented themselves: user_ is written as the goroutine and read
// as the scheduler.
GOLANG_INTERNAL_NO_TSAN TsanRuntimeScope::TsanRuntimeScope() {
  M* m = CurrentM();
  if (m == nullptr || m->curg == nullptr) return;
  void* current = __tsan_get_current_fiber();
  if (current == m->tsan_g0) return;  // nested, or the scheduler's own
  user_ = current;
  __tsan_switch_to_fiber(m->tsan_g0, __tsan_switch_to_fiber_no_sync);
  // Its memory accesses are not checked either: they run on the
  // goroutine's stack, whose frames the goroutine's own calls wrote.
  __tsan_ignore_thread_begin();
}

GOLANG_INTERNAL_NO_TSAN TsanRuntimeScope::~TsanRuntimeScope() {
  if (user_ == nullptr) return;
  // What the runtime did in the scope (a record it made, say) happens
  // before what the goroutine does next with it; the other way round there
  // is no edge. The scheduler's history is the runtime's alone.
  __tsan_ignore_thread_end();
  void* edge = &CurrentM()->tsan_g0;
  __tsan_release(edge);
  __tsan_switch_to_fiber(user_, __tsan_switch_to_fiber_no_sync);
  __tsan_acquire(edge);
}
#endif

namespace {

// ---------------------------------------------------------------------------
// Context switches, with the sanitizers told about every one.

// Jumps to the context `to`, on the stack [to_lo, to_lo + to_size) and the
// TSan fiber tsan_to, passing data. With last, the stack being left is
// never resumed (the goroutine has exited): ASan is told so, and drops that
// stack's fake frames.
bctx::transfer_t Jump(void* to, void* data, const void* to_lo, size_t to_size,
                      void* tsan_to, bool tsan_sync, bool last) {
#if defined(GOLANG_INTERNAL_ASAN)
  void* fake = nullptr;
  __sanitizer_start_switch_fiber(last ? nullptr : &fake, to_lo, to_size);
#else
  (void)to_lo;
  (void)to_size;
  (void)last;
#endif
#if defined(GOLANG_INTERNAL_TSAN)
  // Into a goroutine: synchronizes; out of one, to the scheduler: does not
  // (see "ThreadSanitizer" above).
  __tsan_switch_to_fiber(tsan_to,
                         tsan_sync ? 0 : __tsan_switch_to_fiber_no_sync);
#else
  (void)tsan_to;
  (void)tsan_sync;
#endif
  bctx::transfer_t t = bctx::jump_fcontext(to, data);
#if defined(GOLANG_INTERNAL_ASAN)
  __sanitizer_finish_switch_fiber(fake, nullptr, nullptr);
#endif
  return t;
}

// Goroutine side (Go's mcall): back to the M's scheduler loop with a
// request. Returns when some M resumes the goroutine (never, for kExit).
void SwitchToScheduler(Request req) {
  M* m = CurrentM();
  m->req.store(req, std::memory_order_relaxed);
  bctx::transfer_t t =
      Jump(m->g0_ctx.load(std::memory_order_relaxed), nullptr, m->g0_lo,
           m->g0_size, m->tsan_g0, /*tsan_sync=*/false, req == Request::kExit);
  // Resumed by the M in t.data, from its scheduler loop.
  static_cast<M*>(t.data)->g0_ctx.store(t.fctx, std::memory_order_relaxed);
}

// A goroutine's first frame.
void GoroutineMain(bctx::transfer_t t) {
#if defined(GOLANG_INTERNAL_ASAN)
  __sanitizer_finish_switch_fiber(nullptr, nullptr, nullptr);
#endif
  M* m = static_cast<M*>(t.data);
  m->g0_ctx.store(t.fctx, std::memory_order_relaxed);
  Goroutine* g = CurrentG();
  // `go` happens before the goroutine starts (Spawn releases).
  TsanAcquire(&g->fn);
  RunGoroutineBody(g);
  SwitchToScheduler(Request::kExit);
  std::abort();  // never resumed
}

// The C++ runtime keeps the exceptions being handled (the stack that
// `throw;` and std::current_exception read) and the count of uncaught ones
// per thread. A goroutine that parks inside a catch block may resume on
// another thread, so each goroutine carries its own copy, swapped in and out
// around every switch (the Itanium C++ ABI layout: libstdc++ and libc++abi).
struct EhGlobals {
  void* caught_exceptions;
  unsigned int uncaught_exceptions;
};

EhGlobals* ThreadEhGlobals() {
  return reinterpret_cast<EhGlobals*>(abi::__cxa_get_globals());
}

}  // namespace

void PrepareContext(Goroutine* g) {
  g->ctx = bctx::make_fcontext(g->stack_mem.lo + g->stack_mem.size,
                               g->stack_mem.size, GoroutineMain);
#if defined(GOLANG_INTERNAL_TSAN)
  g->tsan_fiber = __tsan_create_fiber(0);
#endif
  TsanRelease(&g->ctx);  // to the M that first runs it (Execute)
}

void ReleaseContext(Goroutine* g) {
#if defined(GOLANG_INTERNAL_TSAN)
  __tsan_destroy_fiber(g->tsan_fiber);
  g->tsan_fiber = nullptr;
#else
  (void)g;
#endif
}

void NoteSchedulerStack(M* m) {
  pthread_attr_t attr;
  if (pthread_getattr_np(pthread_self(), &attr) == 0) {
    void* addr = nullptr;
    size_t size = 0;
    pthread_attr_getstack(&attr, &addr, &size);
    m->g0_lo = addr;
    m->g0_size = size;
    pthread_attr_destroy(&attr);
  }
#if defined(GOLANG_INTERNAL_TSAN)
  m->tsan_g0 = __tsan_get_current_fiber();
#endif
}

void SwitchToGoroutine(M* m, Goroutine* g) {
  // This is the M's own stack, always on its own thread.
  EhGlobals* eh = ThreadEhGlobals();
  const EhGlobals scheduler_eh = *eh;
  // The record as the last M (or Spawn, or a dump) left it.
  TsanAcquire(&g->ctx);
  eh->caught_exceptions = g->eh_caught;
  eh->uncaught_exceptions = g->eh_uncaught;
  bctx::transfer_t t = Jump(g->ctx, m, g->stack_mem.lo, g->stack_mem.size,
                            g->tsan_fiber, /*tsan_sync=*/true, false);
  g->ctx = t.fctx;
  g->eh_caught = eh->caught_exceptions;
  g->eh_uncaught = eh->uncaught_exceptions;
  *eh = scheduler_eh;
}

void ParkOnScheduler() { SwitchToScheduler(Request::kPark); }

void YieldGoroutine() { SwitchToScheduler(Request::kYield); }

// ---------------------------------------------------------------------------
// A parked goroutine's stack, read in place for a dump.

namespace {

struct CaptureArgs {
  Goroutine* g;
  void* tsan_dumper;  // the dumper's TSan fiber
};

// Runs on a parked goroutine's stack, called there by ontop_fcontext: record
// the stack, then hand control straight back to the dumper. When the
// goroutine is next resumed, this returns the resumer's transfer as if the
// goroutine's own switch had returned it (and that switch finishes the
// sanitizers' side of the resumption, as usual).
bctx::transfer_t CaptureOnTop(bctx::transfer_t from) {
  auto* args = static_cast<CaptureArgs*>(from.data);
  Goroutine* g = args->g;
#if defined(GOLANG_INTERNAL_ASAN)
  const void* dumper_lo = nullptr;
  size_t dumper_size = 0;
  __sanitizer_finish_switch_fiber(nullptr, &dumper_lo, &dumper_size);
#endif
  g->stack_depth = backtrace(g->stack, Goroutine::kMaxFrames);
#if defined(GOLANG_INTERNAL_ASAN)
  void* fake = nullptr;
  __sanitizer_start_switch_fiber(&fake, dumper_lo, dumper_size);
#endif
#if defined(GOLANG_INTERNAL_TSAN)
  __tsan_switch_to_fiber(args->tsan_dumper, 0);
#endif
  return bctx::jump_fcontext(from.fctx, nullptr);
}

}  // namespace

bool CaptureParkedStack(Goroutine* g) {
  // Claim it first: only a parked goroutine's context is stable.
  if (!g->parker.BeginInspect()) return false;
  CaptureArgs args{g, nullptr};
#if defined(GOLANG_INTERNAL_ASAN)
  void* fake = nullptr;
  __sanitizer_start_switch_fiber(&fake, g->stack_mem.lo, g->stack_mem.size);
#endif
#if defined(GOLANG_INTERNAL_TSAN)
  args.tsan_dumper = __tsan_get_current_fiber();
  __tsan_switch_to_fiber(g->tsan_fiber, 0);
#endif
  bctx::transfer_t t = bctx::ontop_fcontext(g->ctx, &args, CaptureOnTop);
#if defined(GOLANG_INTERNAL_ASAN)
  __sanitizer_finish_switch_fiber(fake, nullptr, nullptr);
#endif
  g->ctx = t.fctx;  // now inside CaptureOnTop, which returns on resume
  TsanRelease(&g->ctx);
  g->parker.EndInspect();
  return true;
}

}  // namespace golang::internal
