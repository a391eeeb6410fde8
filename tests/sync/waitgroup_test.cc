// Tests of sync/waitgroup.h.
// Go: src/sync/waitgroup_test.go, plus the lifetime and reuse properties the
// C++ port promises (docs/api.md "sync and errgroup"; docs/semantics.md
// WG-*, MM-12, MM-13).
#include "sync/waitgroup.h"

#include <sys/wait.h>

#include <atomic>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <thread>
#include <type_traits>
#include <vector>

#include "chan/chan.h"
#include "gtest/gtest.h"
#include "runtime/runtime.h"
#include "tests/test_util.h"

namespace golang::sync {
namespace {

using testutil::kScale;  // iterations divided under sanitizers

// WG-15: not copyable or movable.
static_assert(!std::is_copy_constructible_v<WaitGroup>);
static_assert(!std::is_copy_assignable_v<WaitGroup>);
static_assert(!std::is_move_constructible_v<WaitGroup>);
static_assert(!std::is_move_assignable_v<WaitGroup>);
// One state word, as Go's (TestWaitGroupAlign's concern is its alignment).
static_assert(sizeof(WaitGroup) == 8);

void TestWaitGroupRound(WaitGroup& wg1, WaitGroup& wg2) {
  constexpr int n = 16;
  wg1.Add(n);
  wg2.Add(n);
  auto exited = make_chan<bool>(n);
  for (int i = 0; i != n; i++) {
    go([&wg1, &wg2, exited] {
      wg1.Done();
      wg2.Wait();
      exited.send(true);
    });
  }
  wg1.Wait();
  for (int i = 0; i != n; i++) {
    // Go: select { case <-exited: t.Fatal(...); default: }
    ASSERT_EQ(len(exited), 0) << "WaitGroup released group too soon";
    wg2.Done();
  }
  for (int i = 0; i != n; i++) {
    (void)exited.recv();  // Will block if barrier fails to unlock someone.
  }
}

// Go: src/sync/waitgroup_test.go TestWaitGroup
TEST(WaitGroupTest, WaitGroup) {
  WaitGroup wg1;
  WaitGroup wg2;
  // Run the same test a few times to ensure barrier is in a proper state.
  for (int i = 0; i != 8; i++) TestWaitGroupRound(wg1, wg2);
}

// WG-1: a fresh WaitGroup's Wait returns at once.
TEST(WaitGroupTest, WaitOnZeroReturns) {
  WaitGroup wg;
  wg.Wait();
  wg.Add(0);
  wg.Wait();
  wg.Add(2);
  wg.Add(-2);
  wg.Wait();
}

// Go: src/sync/waitgroup_test.go TestWaitGroupMisuse
TEST(WaitGroupDeathTest, WaitGroupMisuse) {
  EXPECT_DEATH(
      {
        WaitGroup wg;
        wg.Add(1);
        wg.Done();
        wg.Done();
      },
      "panic: sync: negative WaitGroup counter");
  // WG-3: Add(-1) on a fresh WaitGroup.
  EXPECT_DEATH(
      {
        WaitGroup wg;
        wg.Add(-1);
      },
      "panic: sync: negative WaitGroup counter");
}

// WG-16: pushing the 32-bit counter past 2^31-1 wraps it negative.
TEST(WaitGroupDeathTest, CounterOverflowPanics) {
  EXPECT_DEATH(
      {
        WaitGroup wg;
        wg.Add(INT_MAX);
        wg.Add(1);
      },
      "panic: sync: negative WaitGroup counter");
}

// Misuse2 and Misuse3 race on purpose; detection is opportunistic (WG-10).
// Like Go, accept any of the three messages, and (unlike Go, which demands a
// panic within 1e6 runs) also accept a run in which no misuse was seen: what
// must never happen is another message, a crash or a hang. The reuse panic
// itself is never raised here (a woken Wait does not read the WaitGroup
// again, see waitgroup.h), so Misuse3 usually ends undetected.
constexpr char kMisuseRegex[] =
    "panic: sync: (negative WaitGroup counter|WaitGroup misuse: Add called "
    "concurrently with Wait|WaitGroup is reused before previous Wait has "
    "returned)|misuse not detected";

bool PanickedOrExitedCleanly(int status) {
  // An unrecovered panic exits with status 2, as in Go.
  return WIFEXITED(status) &&
         (WEXITSTATUS(status) == 0 || WEXITSTATUS(status) == 2);
}

[[noreturn]] void ExitUndetected() {
  std::fprintf(stderr, "misuse not detected\n");
  std::fflush(stderr);
  std::_Exit(0);
}

// Go: src/sync/waitgroup_test.go TestWaitGroupMisuse2
TEST(WaitGroupDeathTest, WaitGroupMisuse2) {
  EXPECT_EXIT(
      {
        auto done = make_chan<bool>(2);
        for (int i = 0; i < 20000 / kScale; i++) {
          WaitGroup wg;
          wg.Add(1);
          go([&wg, done] {
            wg.Wait();
            done.send(true);
          });
          go([&wg, done] {
            wg.Add(1);  // This is the bad guy.
            wg.Done();
            done.send(true);
          });
          wg.Done();
          for (int j = 0; j < 2; j++) (void)done.recv();
        }
        ExitUndetected();
      },
      PanickedOrExitedCleanly, kMisuseRegex);
}

// Go: src/sync/waitgroup_test.go TestWaitGroupMisuse3
TEST(WaitGroupDeathTest, WaitGroupMisuse3) {
  EXPECT_EXIT(
      {
        auto done = make_chan<bool>(1);
        for (int i = 0; i < 20000 / kScale; i++) {
          WaitGroup wg;
          wg.Add(1);
          go([&wg] { wg.Done(); });
          go([&wg, done] {
            wg.Wait();
            // Start reusing the wg before waiting for the Wait below to
            // return.
            wg.Add(1);
            go([&wg] { wg.Done(); });
            wg.Wait();
            done.send(true);
          });
          wg.Wait();
          (void)done.recv();
        }
        ExitUndetected();
      },
      PanickedOrExitedCleanly, kMisuseRegex);
}

// Go: src/sync/waitgroup_test.go TestWaitGroupRace
TEST(WaitGroupTest, WaitGroupRace) {
  for (int i = 0; i < 1000 / kScale; i++) {
    auto wg = std::make_unique<WaitGroup>();
    auto n = std::make_shared<std::atomic<int>>(0);
    // spawn goroutine 1
    wg->Add(1);
    go([w = wg.get(), n] {
      n->fetch_add(1);
      w->Done();
    });
    // spawn goroutine 2
    wg->Add(1);
    go([w = wg.get(), n] {
      n->fetch_add(1);
      w->Done();
    });
    // Wait for goroutine 1 and 2
    wg->Wait();
    ASSERT_EQ(n->load(), 2) << "Spurious wakeup from Wait";
  }
}

// Go: src/sync/waitgroup_test.go TestWaitGroupAlign
TEST(WaitGroupTest, WaitGroupAlign) {
  struct X {
    char x;
    WaitGroup wg;
  };
  X x;
  x.wg.Add(1);
  go([](X* x) { x->wg.Done(); }, &x);
  x.wg.Wait();
}

// Go: src/sync/waitgroup_test.go TestWaitGroupGo (Go 1.25)
TEST(WaitGroupTest, WaitGroupGo) {
  WaitGroup wg;
  int i = 0;
  wg.Go([&] { i++; });
  wg.Wait();
  EXPECT_EQ(i, 1);
}

// WG-11: a task started by Go may itself call Go.
TEST(WaitGroupTest, GoFromInsideTask) {
  WaitGroup wg;
  std::atomic<int> n{0};
  wg.Go([&] {
    n++;
    wg.Go([&] {
      n++;
      wg.Go([&] { n++; });
    });
  });
  wg.Wait();
  EXPECT_EQ(n.load(), 3);
}

// WG-12: Go adds 1 in the caller, before the goroutine starts, so a Wait
// after Go cannot return before f has run.
TEST(WaitGroupTest, GoAddsBeforeStarting) {
  WaitGroup gate;
  gate.Add(1);
  WaitGroup wg;
  std::atomic<bool> f_done{false};
  wg.Go([&] {
    gate.Wait();
    f_done = true;
  });
  WaitGroup waiter;
  std::atomic<bool> wait_returned{false};
  waiter.Go([&] {
    wg.Wait();
    wait_returned = true;
  });
  // Give a broken Wait the chance to return early.
  std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_FALSE(wait_returned.load());
  gate.Done();
  waiter.Wait();
  EXPECT_TRUE(f_done.load());
  EXPECT_TRUE(wait_returned.load());
}

// WG-13: an exception escaping f is a panic; Done does not run first, so
// Wait never returns and the program cannot carry on.
TEST(WaitGroupDeathTest, GoFunctionThrowsCrashesWithoutDone) {
  EXPECT_DEATH(
      {
        WaitGroup wg;
        wg.Go([] { throw std::runtime_error("task failed"); });
        wg.Wait();
        // Reached only if Done ran despite the exception.
        std::fprintf(stderr, "Wait returned\n");
        std::_Exit(0);
      },
      "panic: task failed");
}

// Go: src/sync/waitgroup.go doc, MM-12: "a call to Done synchronizes before
// the return of any Wait call that it unblocks". Plain writes, read after
// Wait: ThreadSanitizer reports a race if the edge is missing.
TEST(WaitGroupTest, DoneSynchronizesBeforeWait) {
  for (int round = 0; round < 100 / kScale; round++) {
    constexpr int kWorkers = 8;
    std::vector<int> results(kWorkers, 0);
    WaitGroup wg;
    wg.Add(kWorkers);
    for (int i = 0; i < kWorkers; i++) {
      go([&results, &wg, i] {
        results[i] = i * i;
        wg.Done();
      });
    }
    wg.Wait();
    for (int i = 0; i < kWorkers; i++) ASSERT_EQ(results[i], i * i);
  }
}

// MM-13: "the return from f synchronizes before the return of any Wait call
// that it unblocks"; several concurrent waiters all see the writes (WG-5).
TEST(WaitGroupTest, GoReturnSynchronizesBeforeEveryWaiter) {
  for (int round = 0; round < 100 / kScale; round++) {
    constexpr int kWorkers = 4;
    int results[kWorkers] = {};
    WaitGroup wg;
    for (int i = 0; i < kWorkers; i++) {
      wg.Go([&results, i] { results[i] = i + 1; });
    }
    WaitGroup waiters;
    std::atomic<int> sum{0};
    for (int w = 0; w < 3; w++) {
      waiters.Go([&] {
        wg.Wait();
        int s = 0;
        for (int r : results) s += r;
        sum += s;
      });
    }
    waiters.Wait();
    ASSERT_EQ(sum.load(), 3 * (1 + 2 + 3 + 4));
  }
}

// WG-6: the state resets, so one WaitGroup serves many rounds, with the
// waiter both finding the counter at zero and parking.
TEST(WaitGroupTest, ReusedTenThousandTimes) {
  WaitGroup wg;
  std::atomic<int> done{0};
  const int rounds = 10000 / kScale;
  for (int i = 0; i < rounds; i++) {
    wg.Add(1);
    go([&] {
      done.fetch_add(1, std::memory_order_relaxed);
      wg.Done();
    });
    wg.Wait();
    ASSERT_EQ(done.load(std::memory_order_relaxed), i + 1);
  }
}

// Lifetimes (docs/api.md): once Wait has returned, the WaitGroup may be
// destroyed at once, even while the last Done is still returning. The waiter
// deletes the WaitGroup the moment Wait returns; under ASan any access by Done
// after the wake-up is a heap-use-after-free. The freed block is likely
// reused by the next iteration's WaitGroup at the same address, which also
// exercises a late wake-up reaching the wrong WaitGroup.
TEST(WaitGroupTest, DestroyedRightAfterWait) {
  const int iterations = 5000 / kScale;
  for (int i = 0; i < iterations; i++) {
    auto* wg = new WaitGroup;
    const int doers = 1 + i % 3;
    wg->Add(doers);
    for (int d = 0; d < doers; d++) {
      go([wg, spin = (i * 7 + d) % 200] {
        // Vary the timing so Wait sometimes parks, sometimes finds zero.
        for (int k = 0; k < spin * 10; k++) {
          asm volatile("" ::: "memory");
        }
        wg->Done();
      });
    }
    wg->Wait();
    delete wg;
  }
}

// As above with several waiters; the last one to leave deletes.
TEST(WaitGroupTest, DestroyedAfterAllWaitersReturn) {
  const int iterations = 1000 / kScale;
  for (int i = 0; i < iterations; i++) {
    auto* wg = new WaitGroup;
    auto* left = new std::atomic<int>(0);
    constexpr int kWaiters = 3;
    wg->Add(1);
    WaitGroup finished;
    for (int w = 0; w < kWaiters; w++) {
      finished.Go([wg, left] {
        wg->Wait();
        if (left->fetch_add(1) + 1 == kWaiters) {
          delete wg;
          delete left;
        }
      });
    }
    go([wg] { wg->Done(); });
    finished.Wait();
  }
}

}  // namespace
}  // namespace golang::sync
