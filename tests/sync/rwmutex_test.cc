// Tests of sync/mutex.h: RWMutex.
// Go: src/sync/rwmutex_test.go (TestParallelReaders, TestRWMutex with Go
// 1.18's TryLock checks, TestRLocker) and the RWMutex cases of
// src/sync/mutex_test.go TestMutexMisuse.
#include <atomic>
#include <chrono>
#include <mutex>
#include <shared_mutex>
#include <thread>

#include "chan/chan.h"
#include "gtest/gtest.h"
#include "runtime/runtime.h"
#include "sync/mutex.h"
#include "sync/waitgroup.h"
#include "tests/test_util.h"

namespace golang::sync {
namespace {

using testutil::kScale;  // iterations divided under sanitizers

void ParallelReader(RWMutex* m, send_chan<bool> clocked,
                    recv_chan<bool> cunlock, send_chan<bool> cdone) {
  m->RLock();
  clocked.send(true);
  (void)cunlock.recv();
  m->RUnlock();
  cdone.send(true);
}

void DoTestParallelReaders(int num_readers) {
  RWMutex m;
  auto clocked = make_chan<bool>();
  auto cunlock = make_chan<bool>();
  auto cdone = make_chan<bool>();
  for (int i = 0; i < num_readers; i++) {
    go(ParallelReader, &m, clocked, cunlock, cdone);
  }
  // Wait for all parallel RLock()s to succeed.
  for (int i = 0; i < num_readers; i++) (void)clocked.recv();
  for (int i = 0; i < num_readers; i++) cunlock.send(true);
  // Wait for the goroutines to finish.
  for (int i = 0; i < num_readers; i++) (void)cdone.recv();
}

// Go: src/sync/rwmutex_test.go TestParallelReaders (Go sets GOMAXPROCS for
// each run; here all run at the process's own, which any count of readers
// suits: each parks on a channel while it holds the read lock).
TEST(RWMutexTest, ParallelReaders) {
  DoTestParallelReaders(1);
  DoTestParallelReaders(3);
  DoTestParallelReaders(4);
}

void Reader(RWMutex* rwm, int num_iterations, std::atomic<int>* activity,
            send_chan<bool> cdone) {
  for (int i = 0; i < num_iterations; i++) {
    rwm->RLock();
    const int n = activity->fetch_add(1) + 1;
    if (n < 1 || n >= 10000) ADD_FAILURE() << "wlock(" << n << ")";
    for (int j = 0; j < 100; j++) asm volatile("" ::: "memory");
    activity->fetch_add(-1);
    rwm->RUnlock();
  }
  cdone.send(true);
}

void Writer(RWMutex* rwm, int num_iterations, std::atomic<int>* activity,
            int* shared, send_chan<bool> cdone) {
  for (int i = 0; i < num_iterations; i++) {
    rwm->Lock();
    const int n = activity->fetch_add(10000) + 10000;
    if (n != 10000) ADD_FAILURE() << "wlock(" << n << ")";
    ++*shared;  // plain write: TSan checks MM-9 between writers
    for (int j = 0; j < 100; j++) asm volatile("" ::: "memory");
    activity->fetch_add(-10000);
    rwm->Unlock();
  }
  cdone.send(true);
}

void HammerRWMutex(int num_readers, int num_iterations) {
  // Number of active readers + 10000 * number of active writers.
  std::atomic<int> activity{0};
  int shared = 0;
  RWMutex rwm;
  auto cdone = make_chan<bool>();
  go(Writer, &rwm, num_iterations, &activity, &shared, cdone);
  int i = 0;
  for (; i < num_readers / 2; i++) {
    go(Reader, &rwm, num_iterations, &activity, cdone);
  }
  go(Writer, &rwm, num_iterations, &activity, &shared, cdone);
  for (; i < num_readers; i++) {
    go(Reader, &rwm, num_iterations, &activity, cdone);
  }
  // Wait for the 2 writers and all readers to finish.
  for (int j = 0; j < 2 + num_readers; j++) (void)cdone.recv();
  EXPECT_EQ(shared, 2 * num_iterations);
}

// Go: src/sync/rwmutex_test.go TestRWMutex
// The analysis cannot follow a TryLock inside EXPECT_*'s branches.
void CheckTryLock() ABSL_NO_THREAD_SAFETY_ANALYSIS {
  RWMutex m;
  m.Lock();
  EXPECT_FALSE(m.TryLock()) << "TryLock succeeded with mutex locked";
  EXPECT_FALSE(m.TryRLock()) << "TryRLock succeeded with mutex locked";
  m.Unlock();
  ASSERT_TRUE(m.TryLock()) << "TryLock failed with mutex unlocked";
  m.Unlock();
  ASSERT_TRUE(m.TryRLock()) << "TryRLock failed with mutex unlocked";
  ASSERT_TRUE(m.TryRLock()) << "TryRLock failed with mutex rlocked";
  EXPECT_FALSE(m.TryLock()) << "TryLock succeeded with mutex rlocked";
  m.RUnlock();
  m.RUnlock();
}

TEST(RWMutexTest, RWMutex) {
  CheckTryLock();
  const int n = 1000 / kScale;
  for (int readers : {1, 3, 10, 1, 3, 10, 1, 3, 10, 5}) {
    HammerRWMutex(readers, n);
  }
}

// Go: src/sync/rwmutex_test.go TestRLocker
TEST(RWMutexTest, RLocker) {
  RWMutex wl;
  ReadLocker rl = wl.RLocker();
  auto wlocked = make_chan<bool>(1);
  auto rlocked = make_chan<bool>(1);
  constexpr int n = 10;
  WaitGroup wg;
  wg.Go([&]() ABSL_NO_THREAD_SAFETY_ANALYSIS {
    for (int i = 0; i < n; i++) {
      rl.Lock();
      rl.Lock();
      rlocked.send(true);
      wl.Lock();
      wlocked.send(true);
    }
  });
  for (int i = 0; i < n; i++) {
    (void)rlocked.recv();
    rl.Unlock();
    // Go: select { case <-wlocked: t.Fatal(...); default: }
    EXPECT_EQ(len(wlocked), 0) << "RLocker() didn't read-lock it";
    rl.Unlock();
    (void)wlocked.recv();
    EXPECT_EQ(len(rlocked), 0) << "RLocker() didn't respect the write lock";
    [&]() ABSL_NO_THREAD_SAFETY_ANALYSIS { wl.Unlock(); }();
  }
  wg.Wait();
}

// rwmutex.go: "If any goroutine calls Lock while the lock is already held by
// one or more readers, concurrent calls to RLock will block until the writer
// has acquired (and released) the lock."
// TryRLock in a polling loop: beyond the analysis.
void BlockedLockExcludesNewReadersBody() ABSL_NO_THREAD_SAFETY_ANALYSIS {
  RWMutex rw;
  rw.RLock();
  std::atomic<bool> writer_in{false};
  std::atomic<bool> reader_in{false};
  WaitGroup wg;
  wg.Go([&] {
    rw.Lock();
    writer_in = true;
    EXPECT_FALSE(reader_in.load());
    rw.Unlock();
  });
  // Once the writer has announced itself, TryRLock fails: poll for that.
  for (;;) {
    if (!rw.TryRLock()) break;
    rw.RUnlock();
    std::this_thread::yield();
  }
  wg.Go([&] {
    rw.RLock();  // must wait for the writer
    reader_in = true;
    EXPECT_TRUE(writer_in.load());
    rw.RUnlock();
  });
  // Give a broken RLock the chance to barge in.
  std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_FALSE(reader_in.load());
  EXPECT_FALSE(writer_in.load());
  rw.RUnlock();
  wg.Wait();
  EXPECT_TRUE(writer_in.load());
  EXPECT_TRUE(reader_in.load());
}

TEST(RWMutexTest, BlockedLockExcludesNewReaders) {
  BlockedLockExcludesNewReadersBody();
}

struct Table {
  RWMutex mu;
  int value ABSL_GUARDED_BY(mu) = 0;
};

// RWMutex is a C++ SharedLockable: std::shared_lock for readers,
// std::lock_guard / std::unique_lock for writers. (libstdc++'s guards carry
// no thread-safety annotations: hence the opt-outs.)
TEST(RWMutexTest, WorksWithStdLockTypes) {
  Table t;
  WaitGroup wg;
  constexpr int kWrites = 500;
  std::atomic<bool> writers_done{false};
  wg.Go([&]() ABSL_NO_THREAD_SAFETY_ANALYSIS {
    for (int i = 0; i < kWrites; i++) {
      std::lock_guard<RWMutex> l(t.mu);
      t.value++;
    }
  });
  wg.Go([&]() ABSL_NO_THREAD_SAFETY_ANALYSIS {
    for (int i = 0; i < kWrites; i++) {
      std::unique_lock<RWMutex> l(t.mu);
      t.value++;
    }
  });
  WaitGroup readers;
  for (int r = 0; r < 3; r++) {
    readers.Go([&]() ABSL_NO_THREAD_SAFETY_ANALYSIS {
      int last = 0;
      while (!writers_done.load()) {
        std::shared_lock<RWMutex> l(t.mu);
        EXPECT_GE(t.value, last);  // monotonic under the read lock
        last = t.value;
      }
      std::shared_lock<RWMutex> l(t.mu, std::try_to_lock);
      if (l.owns_lock()) {
        EXPECT_EQ(t.value, 2 * kWrites);
      }
    });
  }
  wg.Wait();
  writers_done = true;
  readers.Wait();
  std::shared_lock<RWMutex> l(t.mu);
  EXPECT_EQ([&]() ABSL_NO_THREAD_SAFETY_ANALYSIS { return t.value; }(),
            2 * kWrites);
}

// The RWMutex cases of Go's misuseTests.
void RWUnlock() ABSL_NO_THREAD_SAFETY_ANALYSIS {
  RWMutex mu;
  mu.Unlock();
}
void RWUnlock2() ABSL_NO_THREAD_SAFETY_ANALYSIS {
  RWMutex mu;
  mu.RLock();
  mu.Unlock();
}
void RWUnlock3() ABSL_NO_THREAD_SAFETY_ANALYSIS {
  RWMutex mu;
  mu.Lock();
  mu.Unlock();
  mu.Unlock();
}
void RWRUnlock() ABSL_NO_THREAD_SAFETY_ANALYSIS {
  RWMutex mu;
  mu.RUnlock();
}
void RWRUnlock2() ABSL_NO_THREAD_SAFETY_ANALYSIS {
  RWMutex mu;
  mu.Lock();
  mu.RUnlock();
}
void RWRUnlock3() ABSL_NO_THREAD_SAFETY_ANALYSIS {
  RWMutex mu;
  mu.RLock();
  mu.RUnlock();
  mu.RUnlock();
}

// Go: src/sync/mutex_test.go TestMutexMisuse (RWMutex.Unlock, Unlock2,
// Unlock3), the double-unlock cases.
TEST(RWMutexDeathTest, RWDoubleUnlock) {
  EXPECT_DEATH(RWUnlock(), "panic: sync: Unlock of unlocked RWMutex");
  EXPECT_DEATH(RWUnlock2(), "panic: sync: Unlock of unlocked RWMutex");
  EXPECT_DEATH(RWUnlock3(), "panic: sync: Unlock of unlocked RWMutex");
}

// Go: src/sync/mutex_test.go TestMutexMisuse (RWMutex.RUnlock, RUnlock2,
// RUnlock3).
TEST(RWMutexDeathTest, RWDoubleRUnlock) {
  EXPECT_DEATH(RWRUnlock(), "panic: sync: RUnlock of unlocked RWMutex");
  EXPECT_DEATH(RWRUnlock2(), "panic: sync: RUnlock of unlocked RWMutex");
  EXPECT_DEATH(RWRUnlock3(), "panic: sync: RUnlock of unlocked RWMutex");
}

}  // namespace
}  // namespace golang::sync
