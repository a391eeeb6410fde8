// Tests of the lock order (runtime/internal/lockrank.h) and its check in the
// builds with the library's checks on: the nestings the order allows pass,
// each kind of violation aborts naming both locks, and the order holds for
// the nestings the runtime really makes (a context cancelled with a timer,
// channels and an AfterFunc below it; a select over many channels).
#include "runtime/internal/lockrank.h"

#include <functional>
#include <string>
#include <vector>

#include "chan/chan.h"
#include "chan/select.h"
#include "context/context.h"
#include "gtest/gtest.h"
#include "runtime/internal/lock.h"
#include "runtime/runtime.h"
#include "sync/waitgroup.h"
#include "time/time.h"

namespace golang::internal {
namespace {

// Two locks of one rank, `first` at the lower address (members are laid out
// in declaration order).
template <LockRank kRank>
struct TwoLocks {
  Lock first{kRank};
  Lock second{kRank};
};

TEST(LockRankTest, AscendingRanksNest) {
  Lock ctx(LockRank::kCancelCtx);
  Lock ch(LockRank::kChan);
  Lock sched(LockRank::kSched);
  LockGuard a(&ctx);
  LockGuard b(&ch);
  LockGuard c(&sched);
}

TEST(LockRankTest, ChannelsNestByAscendingAddress) {
  TwoLocks<LockRank::kChan> chans;
  LockGuard a(&chans.first);
  LockGuard b(&chans.second);
}

TEST(LockRankTest, ReleasedOutOfOrderThenRetakenInOrder) {
  Lock ch(LockRank::kChan);
  Lock sched(LockRank::kSched);
  ch.lock();
  sched.lock();
  ch.unlock();  // not the last taken: the record forgets the right one
  sched.unlock();
  LockGuard a(&ch);
  LockGuard b(&sched);
}

// The runtime's own nestings, run with the check on: a context with a
// deadline, a child, an AfterFunc and a waiter on Done, cancelled; then a
// select over more channels than the check records one by one.
TEST(LockRankTest, RuntimeNestingsFollowTheOrder) {
  auto [parent, cancel_parent] =
      context::WithTimeout(context::Background(), time::Hour);
  auto [child, cancel_child] = context::WithCancel(parent);
  auto after = make_chan<int>(1);
  std::function<bool()> stop =
      context::AfterFunc(child, [after] { after.send(1); });
  sync::WaitGroup wg;
  wg.Add(1);
  go([&wg, child = child] {
    child.Done().recv();
    wg.Done();
  });
  cancel_parent();
  wg.Wait();
  EXPECT_EQ(after.recv(), 1);
  EXPECT_FALSE(stop());  // it has run
  cancel_child();

  std::vector<chan<int>> chans;
  std::vector<select_case> cases;
  for (int i = 0; i < 200; ++i) {
    chans.push_back(make_chan<int>(1));
    cases.emplace_back(recv(chans.back()));
  }
  chans[150].send(7);
  EXPECT_EQ(select(cases), 150);
}

#if !defined(NDEBUG)
constexpr char kPrefix[] = "fatal error: golang-cpp internal check failed: ";

TEST(LockRankDeathTest, LowerRankUnderHigherFails) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(
      {
        Lock ch(LockRank::kChan);
        Lock sched(LockRank::kSched);
        LockGuard a(&sched);
        LockGuard b(&ch);
      },
      std::string(kPrefix) +
          "lock order: taking kChan .* while holding kSched");
}

TEST(LockRankDeathTest, ChannelsByDescendingAddressFail) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(
      {
        TwoLocks<LockRank::kChan> chans;
        LockGuard a(&chans.second);
        LockGuard b(&chans.first);
      },
      std::string(kPrefix) + "lock order: taking kChan .* while holding kChan");
}

TEST(LockRankDeathTest, SameRankThatDoesNotNestFails) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(
      {
        TwoLocks<LockRank::kTimer> timers;
        LockGuard a(&timers.first);
        LockGuard b(&timers.second);
      },
      std::string(kPrefix) +
          "lock order: taking kTimer .* while holding kTimer");
}

TEST(LockRankDeathTest, TakingAHeldLockFails) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(
      {
        Lock ctx(LockRank::kCancelCtx);  // nestable, but not with itself
        ctx.lock();
        ctx.lock();
      },
      std::string(kPrefix) + "lock taken twice: taking kCancelCtx");
}

TEST(LockRankDeathTest, UnlockingALockNotHeldFails) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(
      {
        Lock ch(LockRank::kChan);
        ch.unlock();
      },
      std::string(kPrefix) +
          "unlock of kChan .*which this thread does not hold");
}
#endif  // !NDEBUG

}  // namespace
}  // namespace golang::internal
