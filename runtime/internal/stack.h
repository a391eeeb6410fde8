// golang-cpp internal: NOT API.
//
// stack.h: goroutine stacks. Go grows a goroutine's stack by copying it; C++
// frames hold pointers into their own stack, so ours cannot move. Instead a
// goroutine gets a fixed-size stack of address space (256 KiB by default)
// of which only the pages it touches become resident, so a goroutine that
// parks after a few calls costs a page or two, as Go's 2 KiB start does.
//
// Overflow: below each stack lies a guard page (PROT_NONE). A goroutine that
// runs off its stack faults there, and the fault handler (on an alternate
// signal stack) dies with Go's "fatal error: stack overflow" naming the
// goroutine, never corrupting a neighbour.
//
// Linux allows a process vm.max_map_count mappings (65530 by default), and
// every guard page splits a mapping, so at most about half that many stacks
// can be guarded. Past that budget, stacks come from unguarded slabs and
// have a canary word at their limit instead, checked whenever the goroutine
// switches to the scheduler. The canary is the stack's lowest word, which
// stays zero (and its page not resident) unless the stack overflows: an overflow that reaches the canary is still
// reported as a stack overflow, but one that jumps past it (a frame bigger
// than the free space) can corrupt the stack below. docs/scheduler.md says
// how to raise the limit when a program needs more guarded goroutines.
#ifndef GOLANG_RUNTIME_INTERNAL_STACK_H_
#define GOLANG_RUNTIME_INTERNAL_STACK_H_

#include <cstddef>
#include <cstdint>

namespace golang::internal {

struct StackMem {
  char* lo = nullptr;   // lowest usable byte (just above the guard)
  size_t size = 0;      // usable bytes; the stack starts at lo + size
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

// Installs the SIGSEGV/SIGBUS handler that recognizes guard-page faults,
// once per process, and an alternate signal stack for the calling thread
// (every worker thread calls this when it starts).
void InstallStackOverflowHandler();

struct Goroutine;

// Reports that goroutine g overflowed its stack and exits (status 2).
[[noreturn]] void StackOverflow(const Goroutine& g);

}  // namespace golang::internal

#endif  // GOLANG_RUNTIME_INTERNAL_STACK_H_
