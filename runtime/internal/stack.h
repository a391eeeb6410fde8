// golang-cpp internal: NOT API.
//
// stack.h: goroutine stacks. Go grows a goroutine's stack by copying it; C++
// frames hold pointers into their own stack, so ours cannot move. Instead a
// goroutine gets a fixed-size stack of address space (256 KiB by default)
// of which only the pages it touches become resident, so a goroutine that
// parks after a few calls costs a page or two, as Go's 2 KiB start does.
//
// Overflow: below each stack lies a guard region of kStackGuard bytes
// (PROT_NONE). A goroutine that runs off its stack faults there, and the
// fault handler (on an alternate signal stack) dies with Go's "fatal error:
// stack overflow" naming the goroutine, never corrupting a neighbour. The
// region is as large as a whole default stack, not one page: a frame with a
// large local array moves the stack pointer by its whole size at once, and
// its first store can land anywhere up to that far below the limit. It costs
// address space only (nothing in it is ever resident). Frames larger still
// are caught by the compiler's stack-clash protection, which the library's
// CMake targets add to their users' compile options: such a frame touches
// every page on its way down, so its first touch below the limit is in the
// guard.
//
// Linux allows a process vm.max_map_count mappings (65530 by default), and
// every guard splits a mapping, so at most about half that many stacks can
// be guarded. Past that budget, stacks come from unguarded slabs. Each has a
// red zone of kStackGuard bytes below it (ordinary memory, never resident
// unless written), so that a frame that jumps past the stack's limit lands
// in its own red zone rather than in the neighbouring stack, and a canary
// word at its limit instead of a guard, checked whenever the goroutine
// switches to the scheduler. The canary is the stack's lowest word, which
// stays zero (and its page not resident) unless the stack overflows: an
// overflow that writes it is reported as a stack overflow at the next
// switch; one that only writes the red zone below it and returns before the
// goroutine switches goes unreported, and a runaway recursion that never
// switches runs on through the red zone into the stack below.
// docs/scheduler.md says how to raise the limit when a program needs more
// guarded goroutines.
#ifndef GOLANG_RUNTIME_INTERNAL_STACK_H_
#define GOLANG_RUNTIME_INTERNAL_STACK_H_

#include <cstddef>
#include <cstdint>

namespace golang::internal {

// The guard region (or, for an unguarded stack, the red zone) below every
// goroutine stack.
inline constexpr size_t kStackGuard = 256 * 1024;

struct StackMem {
  char* lo = nullptr;  // lowest usable byte (just above the guard)
  size_t size = 0;     // usable bytes; the stack starts at lo + size
  bool guarded = false;
};

// The size of new goroutines' stacks: GOLANG_STACK_SIZE (bytes, rounded up
// to pages, at least 16 KiB) from the environment, else 256 KiB.
size_t DefaultStackSize();
// Sets it; returns the previous size. Affects goroutines started later.
size_t SetDefaultStackSize(size_t bytes);

// Allocates a stack of `size` usable bytes. Panics when the system refuses.
StackMem AllocateStack(size_t size);
// Returns a stack to the system.
void ReleaseStack(const StackMem& s);

// The canary of an unguarded stack (its lowest word, zero until an
// overflow writes it); always true for guarded stacks.
bool StackCanaryIntact(const StackMem& s);

// Installs the SIGSEGV/SIGBUS handler that recognizes stack overflows (a
// fault at an address in the kStackGuard bytes below the running
// goroutine's stack, or while its stack pointer is there), once per
// process, and an alternate signal stack for the calling thread (every
// worker thread calls this when it starts).
void InstallStackOverflowHandler();

struct Goroutine;

// Reports that goroutine g overflowed its stack and exits (status 2).
[[noreturn]] void StackOverflow(const Goroutine& g);

}  // namespace golang::internal

#endif  // GOLANG_RUNTIME_INTERNAL_STACK_H_
