// golang-cpp internal: the ThreadSanitizer suppressions every program built
// with -fsanitize=thread gets from the runtime, with no TSAN_OPTIONS.
//
// Debian's libabsl is compiled without -fsanitize=thread. absl::Status
// shares one reference-counted representation between copies; the copy
// constructor's increment is inline (instrumented), but the last release
// happens inside libabsl_status.so (Status::UnrefNonInlined), whose
// acquire/release decrement TSan cannot see. When the last copy of an error
// dies on another thread than one that read it, TSan reports the free as
// racing with those reads, although the decrement orders them. Statuses
// cross goroutines all the time (errgroup, context causes, error channels),
// so this would flag correct programs (tests/consumer/tsan shows all three).
// The free shows up under Status::UnrefNonInlined or, when the symbolizer
// attributes it to the inline caller, under Status::Unref; the pattern
// matches both, and nothing else.
//
// TSan reads __tsan_default_suppressions() at startup, before it reads a
// file named by TSAN_OPTIONS=suppressions=..., and applies both. The runtime
// library defines a weak one that returns ""; this strong definition
// replaces it (in the executable, which the dynamic libtsan of GCC looks up
// first, or over the weak one of clang's static runtime). A program that
// defines its own __tsan_default_suppressions cannot link this one too (a
// duplicate definition); it should add the pattern below to its own.
//
// Linking. The runtime is a static library, and a linker copies an archive
// member into the program only to resolve an undefined symbol; nothing would
// ever ask for __tsan_default_suppressions from here (the sanitizer runtime
// already defines it, weakly), so this object would be dropped. So it also
// defines kTsanSuppressions, and goroutine.cc, which every program that uses
// golang-cpp links (it holds panic, Spawn and the parking hooks that sched.cc,
// parker.cc and every package call), keeps a pointer to it. That works with
// any linker and any way of linking (CMake targets, installed package, a
// hand-written -lgolang_runtime), and only in builds where both files see
// TSan: both test the same macro from sanitizers.h.
#include "runtime/internal/sanitizers.h"

#if defined(GOLANG_INTERNAL_TSAN)

namespace golang::internal {

// The format of a suppressions file: one `kind:pattern` a line.
extern const char kTsanSuppressions[] =
    // absl::Status's last release in uninstrumented libabsl_status (above).
    "race:Status::Unref\n";

}  // namespace golang::internal

extern "C" const char* __tsan_default_suppressions() {
  return golang::internal::kTsanSuppressions;
}

#endif  // GOLANG_INTERNAL_TSAN
