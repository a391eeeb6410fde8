// The main() of every test binary.
#include "gtest/gtest.h"
#include "runtime/goleak.h"

int main(int argc, char** argv) {
  // Test processes have goroutine threads running: death tests must re-exec
  // the binary rather than fork a multi-threaded process.
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  testing::InitGoogleTest(&argc, argv);
  // Every test must leave no goroutine of its own running (goleak); a test
  // that leaks on purpose says so with goleak::AllowLeaks().
  golang::goleak::InstallListener();
  return RUN_ALL_TESTS();
}
