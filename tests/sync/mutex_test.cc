// Tests of sync/mutex.h: Mutex.
// Go: src/sync/mutex_test.go (TestMutex with Go 1.18's TryLock checks,
// TestMutexMisuse, TestMutexFairness), plus the C++ Lockable interface and
// the lifetime promise of mutex.h.
#include "sync/mutex.h"

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <type_traits>

#include "chan/chan.h"
#include "gtest/gtest.h"
#include "runtime/runtime.h"
#include "sync/waitgroup.h"
#include "tests/test_util.h"

namespace golang::sync {
namespace {

using testutil::kScale;  // iterations divided under sanitizers

static_assert(!std::is_copy_constructible_v<Mutex>);
static_assert(!std::is_move_constructible_v<Mutex>);

// Counts with a plain int under the lock: ThreadSanitizer reports a race if
// "Unlock n is synchronized before Lock n+1 returns" (MM-9) fails, and a lost
// update shows in the total if mutual exclusion fails.
void HammerMutex(Mutex* m, int loops, int* shared, send_chan<bool> cdone) {
  for (int i = 0; i < loops; i++) {
    if (i % 3 == 0) {
      if (m->TryLock()) {
        ++*shared;
        m->Unlock();
      }
      continue;
    }
    m->Lock();
    ++*shared;
    m->Unlock();
  }
  cdone.send(true);
}

// Go: src/sync/mutex_test.go TestMutex
// The analysis cannot follow a TryLock inside EXPECT_*'s branches.
void CheckTryLock() ABSL_NO_THREAD_SAFETY_ANALYSIS {
  Mutex m;
  m.Lock();
  EXPECT_FALSE(m.TryLock()) << "TryLock succeeded with mutex locked";
  m.Unlock();
  ASSERT_TRUE(m.TryLock()) << "TryLock failed with mutex unlocked";
  m.Unlock();
}

TEST(MutexTest, Mutex) {
  CheckTryLock();
  Mutex m;

  auto c = make_chan<bool>();
  int shared = 0;
  constexpr int kLoops = 1000;
  for (int i = 0; i < 10; i++) go(HammerMutex, &m, kLoops, &shared, c);
  for (int i = 0; i < 10; i++) (void)c.recv();
  // Two thirds of the iterations always count; TryLock ones may not.
  EXPECT_GE(shared, 10 * (kLoops - (kLoops + 2) / 3));
  EXPECT_LE(shared, 10 * kLoops);
}

// The misuse cases of Go's misuseTests that concern Mutex. Unlocking an
// unlocked lock is what the analysis forbids, so it is switched off here.
void UnlockUnlocked() ABSL_NO_THREAD_SAFETY_ANALYSIS {
  Mutex mu;
  mu.Unlock();
}
void UnlockTwice() ABSL_NO_THREAD_SAFETY_ANALYSIS {
  Mutex mu;
  mu.Lock();
  mu.Unlock();
  mu.Unlock();
}

// Go: src/sync/mutex_test.go TestMutexMisuse (Mutex.Unlock, Mutex.Unlock2)
TEST(MutexDeathTest, MutexMisuse) {
  EXPECT_DEATH(UnlockUnlocked(), "panic: sync: unlock of unlocked mutex");
  EXPECT_DEATH(UnlockTwice(), "panic: sync: unlock of unlocked mutex");
}

// Go: src/sync/mutex_test.go TestMutexFairness. A goroutine that relocks in
// a loop must not starve another; Go allows 10 seconds for 10 acquisitions
// (they take about 10 x 1.1ms here once the starvation hand-off kicks in).
TEST(MutexTest, MutexFairness) {
  Mutex mu;
  std::atomic<bool> stop{false};
  WaitGroup hog_done;
  hog_done.Go([&] {
    while (!stop.load()) {
      mu.Lock();
      std::this_thread::sleep_for(std::chrono::microseconds(100));
      mu.Unlock();
    }
  });
  std::atomic<bool> done{false};
  WaitGroup other_done;
  other_done.Go([&] {
    for (int i = 0; i < 10; i++) {
      std::this_thread::sleep_for(std::chrono::microseconds(100));
      mu.Lock();
      mu.Unlock();
    }
    done = true;
  });
  // Poll for completion with Go's 10s limit (the poll only bounds the wait;
  // the result does not depend on it).
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!done.load() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  EXPECT_TRUE(done.load()) << "can't acquire Mutex in 10 seconds";
  stop = true;
  hog_done.Wait();
  other_done.Wait();
}

// A waiter queued longer than 1ms gets the lock handed over even though the
// holder relocks immediately (mutex.h "Blocking").
TEST(MutexTest, StarvingWaiterIsHandedTheLock) {
  Mutex mu;
  std::atomic<bool> stop{false};
  std::atomic<bool> acquired{false};
  mu.Lock();
  WaitGroup wg;
  wg.Go([&] {
    mu.Lock();  // blocks: main holds it
    acquired = true;
    mu.Unlock();
  });
  // Main relocks in a tight loop; without hand-off the waiter could lose
  // every race.
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!acquired.load() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::microseconds(200));
    mu.Unlock();
    mu.Lock();
  }
  mu.Unlock();
  wg.Wait();
  EXPECT_TRUE(acquired.load());
  stop = true;
}

struct Counter {
  Mutex mu;
  int n ABSL_GUARDED_BY(mu) = 0;
};

// Mutex is a C++ Lockable: std::lock_guard, std::unique_lock and
// std::scoped_lock work. (libstdc++'s guards carry no thread-safety
// annotations, so Clang's analysis cannot follow them: hence the opt-outs.)
TEST(MutexTest, WorksWithStdLockTypes) {
  Counter c;
  WaitGroup wg;
  constexpr int kIters = 1000;
  wg.Go([&]() ABSL_NO_THREAD_SAFETY_ANALYSIS {
    for (int i = 0; i < kIters; i++) {
      std::lock_guard<Mutex> l(c.mu);
      c.n++;
    }
  });
  wg.Go([&]() ABSL_NO_THREAD_SAFETY_ANALYSIS {
    for (int i = 0; i < kIters; i++) {
      std::unique_lock<Mutex> l(c.mu);
      c.n++;
    }
  });
  wg.Go([&]() ABSL_NO_THREAD_SAFETY_ANALYSIS {
    for (int i = 0; i < kIters; i++) {
      std::unique_lock<Mutex> l(c.mu, std::defer_lock);
      while (!l.try_lock()) std::this_thread::yield();
      c.n++;
    }
  });
  wg.Wait();
  c.mu.Lock();
  EXPECT_EQ(c.n, 3 * kIters);
  c.mu.Unlock();
}

// No owner (Go): a goroutine may unlock a Mutex another goroutine locked.
// Lock and Unlock in different goroutines: beyond the analysis.
void UnlockFromAnotherGoroutineBody() ABSL_NO_THREAD_SAFETY_ANALYSIS {
  Mutex mu;
  mu.Lock();
  WaitGroup wg;
  wg.Go([&mu]() ABSL_NO_THREAD_SAFETY_ANALYSIS { mu.Unlock(); });
  wg.Wait();
  mu.Lock();  // would deadlock if the Unlock had not released it
  mu.Unlock();
}

TEST(MutexTest, UnlockFromAnotherGoroutine) {
  UnlockFromAnotherGoroutineBody();
}

// Lifetimes (mutex.h): a Mutex may be destroyed right after a Lock that
// returned after another goroutine's Unlock, while that Unlock may still be
// returning. Under ASan an access by Unlock after its release is a
// heap-use-after-free.
// Lock and Unlock in different goroutines: beyond the analysis.
void DestroyedRightAfterHandoverBody() ABSL_NO_THREAD_SAFETY_ANALYSIS {
  struct Shared {
    Mutex mu;
    bool ready ABSL_GUARDED_BY(mu) = false;
  };
  for (int i = 0; i < 3000 / kScale; i++) {
    auto* s = new Shared;
    s->mu.Lock();
    go([s]() ABSL_NO_THREAD_SAFETY_ANALYSIS {
      // Hold on a little so main often parks in Lock.
      for (int k = 0; k < 200; k++) asm volatile("" ::: "memory");
      s->ready = true;
      s->mu.Unlock();
    });
    // The goroutine unlocks; our Lock returns once it has.
    [s]() ABSL_NO_THREAD_SAFETY_ANALYSIS {
      s->mu.Lock();
      EXPECT_TRUE(s->ready);
      s->mu.Unlock();
    }();
    delete s;
  }
}

TEST(MutexTest, DestroyedRightAfterHandover) {
  DestroyedRightAfterHandoverBody();
}

}  // namespace
}  // namespace golang::sync
