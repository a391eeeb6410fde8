// sync needs only the runtime (STYLE.md, "The layers are one-way"). This
// binary links golang::sync without the umbrella target (tests/sync/
// CMakeLists.txt), so if a sync object used a channel, a timer or a context
// it would not link; the test itself exercises each primitive once across
// goroutines, so that every sync object is pulled into the link.
#include "gtest/gtest.h"
#include "runtime/runtime.h"
#include "sync/mutex.h"
#include "sync/once.h"
#include "sync/waitgroup.h"

namespace golang {
namespace {

TEST(SyncLayersTest, MutexRWMutexWaitGroupOnceNeedOnlyTheRuntime) {
  constexpr int kGoroutines = 8;
  constexpr int kRounds = 1000;
  sync::Mutex mu;
  sync::RWMutex rw;
  sync::Once once;
  sync::WaitGroup wg;
  int counter = 0;     // guarded by mu
  int writes = 0;      // guarded by rw
  int reads_seen = 0;  // guarded by mu
  int once_runs = 0;
  for (int i = 0; i < kGoroutines; i++) {
    wg.Go([&] {
      once.Do([&] { once_runs++; });
      int seen = 0;
      for (int j = 0; j < kRounds; j++) {
        mu.Lock();
        counter++;
        mu.Unlock();
        rw.Lock();
        writes++;
        rw.Unlock();
        rw.RLock();
        if (writes > 0) seen++;
        rw.RUnlock();
      }
      mu.Lock();
      reads_seen += seen;
      mu.Unlock();
    });
  }
  wg.Wait();
  EXPECT_EQ(counter, kGoroutines * kRounds);
  EXPECT_EQ(writes, kGoroutines * kRounds);
  EXPECT_EQ(reads_seen, kGoroutines * kRounds);
  EXPECT_EQ(once_runs, 1);
}

}  // namespace
}  // namespace golang
