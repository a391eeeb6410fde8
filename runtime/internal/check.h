// golang-cpp internal: NOT API.
//
// check.h: the library's own assertions. GOLANG_INTERNAL_DCHECK(cond, what)
// states an invariant of the runtime's state machines; a failure is a bug in
// golang-cpp, never in the user's program (misuse gets Go's panic instead).
// Checked in the sanitizer builds and any build without NDEBUG (the asan and
// tsan presets compile with -O1 -g and no NDEBUG); compiled out, condition
// unevaluated, in release builds. A failure prints
//
//   fatal error: golang-cpp internal check failed: <what> (<cond>) at <file>:<line>
//
// and aborts.
#ifndef GOLANG_RUNTIME_INTERNAL_CHECK_H_
#define GOLANG_RUNTIME_INTERNAL_CHECK_H_

namespace golang::internal {

[[noreturn]] void DcheckFailed(const char* cond, const char* what,
                               const char* file, int line);

}  // namespace golang::internal

#if defined(NDEBUG)
// Unevaluated, but it still counts as a use of what it names.
#define GOLANG_INTERNAL_DCHECK(cond, what) \
  static_cast<void>(sizeof((cond) ? 1 : 0))
#else
#define GOLANG_INTERNAL_DCHECK(cond, what) \
  ((cond) ? static_cast<void>(0)           \
          : ::golang::internal::DcheckFailed(#cond, what, __FILE__, __LINE__))
#endif

#endif  // GOLANG_RUNTIME_INTERNAL_CHECK_H_
