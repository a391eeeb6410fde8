// golang-cpp internal: NOT API.
//
// sanitizers.h: which sanitizer this translation unit is built with, for
// the runtime code that must tell it about goroutine stacks and switches.
//   GOLANG_INTERNAL_ASAN  AddressSanitizer (and its LeakSanitizer)
//   GOLANG_INTERNAL_TSAN  ThreadSanitizer
//   GOLANG_INTERNAL_SANITIZER  either of them
// This is the project's one way to tell: the compiler's own macros, so that
// a user's sanitizer build of the library is seen without options to set.
// The tests include this header too.
#ifndef GOLANG_RUNTIME_INTERNAL_SANITIZERS_H_
#define GOLANG_RUNTIME_INTERNAL_SANITIZERS_H_

#if defined(__SANITIZE_ADDRESS__)
#define GOLANG_INTERNAL_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define GOLANG_INTERNAL_ASAN 1
#endif
#endif

#if defined(__SANITIZE_THREAD__)
#define GOLANG_INTERNAL_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define GOLANG_INTERNAL_TSAN 1
#endif
#endif

#if defined(GOLANG_INTERNAL_ASAN) || defined(GOLANG_INTERNAL_TSAN)
#define GOLANG_INTERNAL_SANITIZER 1
#endif

#if defined(GOLANG_INTERNAL_TSAN)
#include <sanitizer/tsan_interface.h>
#endif

namespace golang::internal {

// On a function: ThreadSanitizer does not check its memory accesses.
#if defined(GOLANG_INTERNAL_TSAN)
#define GOLANG_INTERNAL_NO_TSAN __attribute__((no_sanitize("thread")))
#else
#define GOLANG_INTERNAL_NO_TSAN
#endif

// A happens-before edge for ThreadSanitizer from a release to every later
// acquire on the same address; nothing outside TSan builds.
#if defined(GOLANG_INTERNAL_TSAN)
inline void TsanRelease(const void* addr) {
  __tsan_release(const_cast<void*>(addr));
}
inline void TsanAcquire(const void* addr) {
  __tsan_acquire(const_cast<void*>(addr));
}
#else
inline void TsanRelease(const void*) {}
inline void TsanAcquire(const void*) {}
#endif

}  // namespace golang::internal

#if defined(GOLANG_INTERNAL_TSAN)
namespace golang::internal {
// The suppressions the runtime gives ThreadSanitizer through
// __tsan_default_suppressions (tsan_suppressions.cc, which says why
// goroutine.cc refers to this).
extern const char kTsanSuppressions[];
}  // namespace golang::internal
#endif

#endif  // GOLANG_RUNTIME_INTERNAL_SANITIZERS_H_
