// Large frames compiled with -fno-stack-clash-protection
// (tests/runtime/CMakeLists.txt); see stack_overflow_frames.h.
#define GOLANG_OVERFLOW_FRAMES UnprobedOverflowFrames
#include "tests/runtime/stack_overflow_frames.inc"
