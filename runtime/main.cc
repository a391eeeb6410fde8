// golang-cpp: main as goroutine 1 (target golang::main).
//
// Go runs a program's main function as goroutine 1, a goroutine like any
// other: when it waits on a channel, its thread runs other goroutines, and a
// goroutine it wakes, or that wakes it, hands off in user space. A C++
// program's main runs on the process's first thread, outside the scheduler,
// and every wait there is a trip through the kernel. Linking golang::main
// makes main goroutine 1: the target passes `-Wl,--wrap=main` to the linker,
// so the C runtime's call to main lands in __wrap_main below, which runs the
// program's own main (__real_main) as goroutine 1 and turns the first thread
// into one of the scheduler's workers (runtime/internal/goroutine.h,
// RunMainAsGoroutine). No source line changes.
//
// What that means for main's code (docs/scheduler.md, "main is goroutine
// 1"): it may resume on another thread after any call that can block, as
// every goroutine may (thread_local and thread-affine APIs: see there); its
// stack is 8 MiB of address space; an exception escaping it is a panic; and
// when it returns the process exits with its result.
#include "runtime/internal/goroutine.h"

extern "C" {

// The program's own main, as the linker's --wrap=main names it.
// NOLINTNEXTLINE(bugprone-reserved-identifier): the linker's name.
int __real_main(int argc, char** argv, char** envp);

// NOLINTNEXTLINE(bugprone-reserved-identifier): the linker's name.
int __wrap_main(int argc, char** argv, char** envp) {
  golang::internal::RunMainAsGoroutine(&__real_main, argc, argv, envp);
}

}  // extern "C"
