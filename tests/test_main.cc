// The main() of every test binary.
#include "gtest/gtest.h"

int main(int argc, char** argv) {
  // Test processes have goroutine threads running: death tests must re-exec
  // the binary rather than fork a multi-threaded process.
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
