// Tests of runtime/internal/tsan_suppressions.cc: a program built with
// ThreadSanitizer gets the runtime's default suppressions with no
// TSAN_OPTIONS, so an absl::Status whose last copy dies on another goroutine
// than one that read it is not reported (Debian's libabsl_status, which
// holds the decrement that orders the two, is not instrumented).
//
// Each test makes the free come after the other goroutine's read and
// release in real time, with nothing TSan can see ordering them: a relaxed
// flag, which creates no happens-before edge (for TSan as for the memory
// model). So without the suppression TSan reports every run (the test
// process exits 66, and dies at once under the test preset's
// halt_on_error=1), whatever the timing. The tests run in every build; only
// the TSan build can fail them that way.
#include <dlfcn.h>

#include <atomic>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "chan/chan.h"
#include "gtest/gtest.h"
#include "runtime/internal/sanitizers.h"
#include "runtime/runtime.h"

namespace golang {
namespace {

// Long enough that std::string puts it on the heap too: its buffer is freed
// with the rep.
constexpr char kMessage[] = "an error message well past the small-string size";

void WaitFor(const std::atomic<bool>& flag) {
  while (!flag.load(std::memory_order_relaxed)) std::this_thread::yield();
}

// A goroutine receives a copy, reads it and lets go of it; main frees the
// last copy afterwards.
TEST(TsanTest, StatusReadOnGoroutineFreedOnMain) {
  absl::Status err = absl::InternalError(kMessage);
  chan<absl::Status> errs = make_chan<absl::Status>(1);
  chan<Empty> done = make_chan<Empty>(1);
  std::atomic<bool> released{false};
  errs.send(err);  // a copy: both share one representation
  go([errs, done, &released] {
    {
      absl::Status got = errs.recv();
      EXPECT_EQ(got.message(), kMessage);
    }
    released.store(true, std::memory_order_relaxed);
    done.send(Empty{});
  });
  WaitFor(released);
  EXPECT_EQ(err.message(), kMessage);
  err = absl::OkStatus();  // the last copy: frees the representation
  done.recv();
}

// Main reads its copy after the goroutine has received one and lets go of
// it; the goroutine frees the last copy on its worker thread afterwards.
TEST(TsanTest, StatusReadOnMainFreedOnGoroutine) {
  chan<absl::Status> errs = make_chan<absl::Status>(1);
  chan<Empty> done = make_chan<Empty>();
  std::atomic<bool> received{false};
  std::atomic<bool> released{false};
  go([errs, done, &received, &released] {
    absl::Status got = errs.recv();
    received.store(true, std::memory_order_relaxed);
    WaitFor(released);
    got = absl::OkStatus();  // the last copy: frees the representation
    done.send(Empty{});
  });
  {
    absl::Status err = absl::InternalError(kMessage);
    errs.send(err);
    // From here to the free, main does nothing the goroutine could
    // synchronize with (done.recv() can come before the free).
    WaitFor(received);
    EXPECT_EQ(err.message(), kMessage);
  }
  released.store(true, std::memory_order_relaxed);
  done.recv();
}

// The definition TSan calls is the runtime's (found as TSan's runtime finds
// it: first in the program's global scope), although this program never
// names it: the static library's object is linked in for every program.
TEST(TsanTest, DefaultSuppressionsAreTheRuntimes) {
#if defined(GOLANG_INTERNAL_TSAN)
  using Fn = const char* (*)();
  auto fn =
      reinterpret_cast<Fn>(dlsym(RTLD_DEFAULT, "__tsan_default_suppressions"));
  ASSERT_NE(fn, nullptr);
  const char* suppressions = fn();
  ASSERT_NE(suppressions, nullptr);
  EXPECT_EQ(std::string(suppressions), "race:Status::Unref\n");
#else
  GTEST_SKIP() << "ThreadSanitizer build only";
#endif
}

}  // namespace
}  // namespace golang
