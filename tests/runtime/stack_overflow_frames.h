// Functions with large frames for the stack-overflow death tests
// (sched_test.cc). Each recurses forever, every frame holding one array of
// a given size: a frame that large moves the stack pointer by its whole size
// at once, so the first byte it writes can be far below the stack's limit.
// The same functions are compiled twice:
//   probed:   with the flags the library gives its users, so with
//             -fstack-clash-protection where the compiler has it (the frame
//             touches each page on its way down);
//   unprobed: with -fno-stack-clash-protection, as a user whose compiler or
//             build lacks the flag compiles them (only the guard's size
//             stops such a frame).
#ifndef GOLANG_TESTS_RUNTIME_STACK_OVERFLOW_FRAMES_H_
#define GOLANG_TESTS_RUNTIME_STACK_OVERFLOW_FRAMES_H_

#include <span>

namespace golang::testframes {

struct OverflowFrame {
  int kib;    // the array's size in KiB
  bool full;  // every byte written (top down), or only the lowest
  int (*recurse)(int depth);
};

// 5, 8, 12, 16, 20, 24, 32, 48 and 64 KiB, each written only at its low end
// and written fully.
std::span<const OverflowFrame> ProbedOverflowFrames();
std::span<const OverflowFrame> UnprobedOverflowFrames();

// A 1 MiB frame written only at its low end, probed: larger than the guard
// and than the whole stack, so only the probes stop it.
int ProbedHugeFrame(int depth);

}  // namespace golang::testframes

#endif  // GOLANG_TESTS_RUNTIME_STACK_OVERFLOW_FRAMES_H_
