// Tests of the parker (runtime/internal/parker.h): its contract (every Park
// matched by one Unpark, which may come first; what the waker wrote is seen
// after Park), the timed park's two outcomes, and the internal checks the
// sanitizer builds run on its state word (runtime/internal/check.h).
#include "runtime/internal/parker.h"

#include <atomic>
#include <thread>

#include "gtest/gtest.h"

namespace golang::internal {
namespace {

TEST(ParkerTest, UnparkBeforeParkIsNotLost) {
  Parker p;
  p.Unpark();
  p.Park();  // returns at once: the wake-up was kept
}

TEST(ParkerTest, ParkReturnsAfterTheUnparkWithTheWakersWrites) {
  for (int round = 0; round < 200; ++round) {
    Parker p;
    int value = 0;
    std::thread waker([&] {
      value = round + 1;
      p.Unpark();
    });
    p.Park();
    EXPECT_EQ(value, round + 1);
    waker.join();
  }
}

TEST(ParkerTest, ParkForTimesOutWithoutAnUnpark) {
  Parker p;
  EXPECT_FALSE(p.ParkFor(1'000'000));  // 1 ms, nobody wakes it
  // The word is back to empty: a later Unpark and Park still pair up.
  p.Unpark();
  p.Park();
}

TEST(ParkerTest, ParkForReturnsTrueWhenWoken) {
  Parker p;
  p.Unpark();
  EXPECT_TRUE(p.ParkFor(60'000'000'000));  // consumed at once, no wait
}

#if !defined(NDEBUG)
TEST(ParkerDeathTest, TwoUnparksForOneParkFailTheInternalCheck) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(
      {
        Parker p;
        p.Unpark();
        p.Unpark();
      },
      "fatal error: golang-cpp internal check failed: two Unparks for one "
      "Park");
}
#endif

}  // namespace
}  // namespace golang::internal
