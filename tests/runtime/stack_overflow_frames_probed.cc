// Large frames compiled with the library's usage requirements (so with
// -fstack-clash-protection where the compiler has it); see
// stack_overflow_frames.h.
#define GOLANG_OVERFLOW_FRAMES ProbedOverflowFrames
#include "tests/runtime/stack_overflow_frames.inc"

namespace golang::testframes {

int ProbedHugeFrame(int depth) { return LowEnd<1024>(depth); }

}  // namespace golang::testframes
