// golang-cpp: Go's concurrency model in C++20.
//
// runtime/goleak.h — goroutine leak checks for GoogleTest tests, after
// go.uber.org/goleak.
//
// "A leaked goroutine is a silent memory leak. Track every spawn." A test
// that starts goroutines should end with none of them alive:
//
//   // Go: defer goleak.VerifyNone(t)
//   TEST(Server, Shutdown) {
//     absl::Cleanup check = [] { goleak::VerifyNone(); };
//     ...
//   }
//
// or, for a whole test binary (Go: goleak.VerifyTestMain(m)):
//
//   int main(int argc, char** argv) {
//     testing::InitGoogleTest(&argc, argv);
//     goleak::InstallListener();  // checks after every test
//     return RUN_ALL_TESTS();
//   }
//
// A leak is reported as a test failure listing each leaked goroutine in
// runtime::Stack's format (what it is blocked on, where it was created).
// Goroutines take a moment to finish after the last thing a test waited for,
// so the check retries with backoff (up to about two seconds, as goleak)
// before it reports.
//
// Link the `golang::goleak` CMake target (it needs GoogleTest).
#ifndef GOLANG_RUNTIME_GOLEAK_H_
#define GOLANG_RUNTIME_GOLEAK_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace golang::goleak {

// Options for Find and VerifyNone.
struct Options {
  // Ignore goroutines whose `go` call site (file name or function name)
  // contains one of these substrings. Go: goleak.IgnoreTopFunction and
  // friends; here the creation site is what is known for every goroutine.
  std::vector<std::string> ignore_created_by;
  // Ignore goroutines with ids up to this one (see IgnoreCurrent).
  int64_t ignore_up_to_id = 0;
  // How long to keep retrying before reporting (default: about 2 s).
  int max_retries = 20;
};

// Go: goleak.IgnoreCurrent() — ignore every goroutine alive now.
[[nodiscard]] Options IgnoreCurrent();

// Go: goleak.Find(opts...) — returns an empty string if no unexpected
// goroutine is alive (after retrying), else a report listing them.
[[nodiscard]] std::string Find(const Options& options = {});

// Go: goleak.VerifyNone(t, opts...) — adds a GoogleTest failure to the
// current test if Find reports anything. Without options it ignores the
// goroutines that were alive when the current test started, and those that
// earlier tests' allowed leaks (AllowLeaks) have started since, if
// InstallListener is in use, and otherwise none.
void VerifyNone(const Options& options);
void VerifyNone();

// Checks after every test of the binary (GoogleTest event listener): any
// goroutine started during a test and still alive after it is a failure of
// that test. A test that leaks on purpose calls AllowLeaks() first.
void InstallListener();

// Exempts the current test from the listener's check (its goroutines are
// still reported by explicit VerifyNone calls).
void AllowLeaks();

}  // namespace golang::goleak

#endif  // GOLANG_RUNTIME_GOLEAK_H_
