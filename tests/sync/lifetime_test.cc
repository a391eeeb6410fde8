// "Destroyed right after the operation" for every sync primitive (issue 13,
// item 2): each object is on the heap and deleted the moment the operation
// that ends its use returns, while the other parties released by the same
// event (woken waiters, an unlocker or a Done still on its way out) race
// with the deletion. Nothing in the library may touch the object after that
// event: under AddressSanitizer a late access is a heap-use-after-free
// (freed blocks stay in quarantine, so even a late read is caught), under
// ThreadSanitizer it races with the delete, and in a release build the
// freed block is reused by the next iteration's object, so a late read sees
// the wrong object (the false `sync: WaitGroup is reused before previous
// Wait has returned` of issue 13).
//
// Each test builds only programs that are correct by the header's lifetime
// rules: a goroutine whose call must still be in progress at the release
// (a second Wait, a blocked Do) is first seen queued in the semaphore table
// (internal::NumQueuedForTest), i.e. done reading the object before it
// blocks. A call that has not yet blocked reads the object, which no
// library can avoid; the headers say so.
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "chan/chan.h"
#include "context/context.h"
#include "gtest/gtest.h"
#include "runtime/runtime.h"
#include "sync/errgroup.h"
#include "sync/internal/sema.h"
#include "sync/mutex.h"
#include "sync/once.h"
#include "sync/waitgroup.h"
#include "tests/test_util.h"

namespace golang::sync {
namespace {

using testutil::kScale;

constexpr int kIterations = 2000 / kScale;

// Until `n` waiters are queued on `key` (on any key if null). Yields rather
// than sleeps: the waiters are about to park, a matter of microseconds.
void WaitQueued(const void* key, int n) {
  while (internal::NumQueuedForTest(key) < n) runtime::Gosched();
}

// A busy wait that holds the processor (and, where it is called, a lock):
// long enough for a waiter to pass Mutex's 1 ms starvation threshold.
void Spin(std::chrono::microseconds d) {
  const auto end = std::chrono::steady_clock::now() + d;
  while (std::chrono::steady_clock::now() < end) {
  }
}

// ---- WaitGroup ----

// The article's shape (issue 13): a closer goroutine `wg.Wait();
// close(errChan)` beside a parent that waits too and returns, destroying the
// WaitGroup while the closer is still being woken. On even iterations both
// waiters are parked when the last Done comes; on odd ones the parent's
// Wait races the Done (it may park, or find the counter at zero). The next
// iteration's WaitGroup usually takes the freed block and is Added to at
// once, before the previous closer is sure to have run: a closer that read
// the WaitGroup after its wake-up would see that Add and panic falsely.
TEST(WaitGroupLifetime, DestroyedByOneWaiterWhileAnotherWakes) {
  chan<Empty> previous_closed;
  for (int i = 0; i < kIterations; i++) {
    auto wg = std::make_unique<WaitGroup>();
    wg->Add(1);
    auto closed = make_chan<Empty>();
    go([w = wg.get(), closed] {
      w->Wait();
      close(closed);
    });
    if (previous_closed != nullptr) (void)previous_closed.recv();
    WaitQueued(wg.get(), 1);  // the closer is blocked in Wait
    go([w = wg.get(), both_parked = i % 2 == 0] {
      if (both_parked) WaitQueued(w, 2);
      w->Done();  // may still be returning when the WaitGroup is deleted
    });
    wg->Wait();
    wg.reset();
    previous_closed = closed;
  }
  (void)previous_closed.recv();
}

// A Wait that arrives while the last Done is still waking a parked waiter
// must not return before that Done is finished with the WaitGroup: it may
// be destroyed as soon as this Wait returns. The Done and the Wait start
// together from a spin barrier so that the Wait often lands inside the
// release.
TEST(WaitGroupLifetime, WaitArrivingDuringReleaseReturnsAfterIt) {
  for (int i = 0; i < kIterations; i++) {
    auto wg = std::make_unique<WaitGroup>();
    wg->Add(1);
    auto woken = make_chan<Empty>(1);
    go([w = wg.get(), woken] {
      w->Wait();
      woken.send(Empty{});
    });
    WaitQueued(wg.get(), 1);
    std::atomic<bool> start{false};
    auto released = make_chan<Empty>(1);
    go([w = wg.get(), &start, released] {
      while (!start.load(std::memory_order_acquire)) {
      }
      w->Done();
      released.send(Empty{});
    });
    start.store(true, std::memory_order_release);
    wg->Wait();
    wg.reset();
    (void)released.recv();
    (void)woken.recv();
  }
}

// Several waiters, all parked; the one that returns first destroys the
// WaitGroup while the others are still being woken.
TEST(WaitGroupLifetime, DestroyedByFirstOfManyWaiters) {
  constexpr int kWaiters = 4;
  for (int i = 0; i < kIterations; i++) {
    auto* wg = new WaitGroup;
    auto* first = new std::atomic<bool>(false);
    wg->Add(1);
    auto left = make_chan<Empty>(kWaiters);
    for (int w = 0; w < kWaiters; w++) {
      go([wg, first, left] {
        wg->Wait();
        if (!first->exchange(true)) delete wg;
        left.send(Empty{});
      });
    }
    WaitQueued(wg, kWaiters);
    wg->Done();
    for (int w = 0; w < kWaiters; w++) (void)left.recv();
    delete first;
  }
}

// WaitGroup::Go promises that f, with everything it captured, is destroyed
// before the Done that releases Wait. A capture that cannot be moved (only
// copied) used to survive, in the moved-from shell of f, until after Done:
// the probe sees it still alive when Wait has returned.
TEST(WaitGroupLifetime, GoDestroysItsFunctionBeforeDone) {
  struct CopyOnlyProbe {
    explicit CopyOnlyProbe(std::atomic<int>* live) : live(live) { ++*live; }
    CopyOnlyProbe(const CopyOnlyProbe& o) : live(o.live) { ++*live; }
    ~CopyOnlyProbe() { --*live; }
    std::atomic<int>* live;
  };
  for (int i = 0; i < kIterations; i++) {
    std::atomic<int> live{0};
    WaitGroup wg;
    wg.Go([probe = CopyOnlyProbe(&live)] { (void)probe; });
    wg.Wait();
    ASSERT_EQ(live.load(), 0) << "a copy of f outlived Done";
  }
}

// ---- Once ----

// The caller that ran f destroys the Once as soon as its Do returns, while
// the callers that were blocked waiting for f are being woken.
TEST(OnceLifetime, DestroyedByRunnerWhileWaitersWake) {
  constexpr int kWaiters = 2;
  for (int i = 0; i < kIterations; i++) {
    auto* once = new Once;
    auto returned = make_chan<Empty>(kWaiters);
    int runs = 0;
    once->Do([&] {
      runs++;
      for (int w = 0; w < kWaiters; w++) {
        go([once, returned] {
          once->Do([] { ADD_FAILURE() << "f ran twice"; });
          returned.send(Empty{});
        });
      }
      WaitQueued(once, kWaiters);  // both wait for f
    });
    delete once;
    for (int w = 0; w < kWaiters; w++) (void)returned.recv();
    ASSERT_EQ(runs, 1);
  }
}

// As above, with f throwing: Do marks the Once done and rethrows; the
// waiters return normally, touching nothing.
TEST(OnceLifetime, DestroyedByRunnerWhoseFunctionThrewWhileWaitersWake) {
  for (int i = 0; i < kIterations; i++) {
    auto* once = new Once;
    auto returned = make_chan<Empty>(1);
    EXPECT_THROW(once->Do([&] {
      go([once, returned] {
        once->Do([] { ADD_FAILURE() << "f ran twice"; });
        returned.send(Empty{});
      });
      WaitQueued(once, 1);
      throw std::runtime_error("f failed");
    }),
                 std::runtime_error);
    delete once;
    (void)returned.recv();
  }
}

// OnceValue: the wrapper (the last owner of its shared state) is destroyed
// by the caller that ran f, while the callers that waited for f are still
// being woken and have yet to copy the result out.
TEST(OnceLifetime, OnceValueDestroyedByRunnerWhileWaitersWake) {
  constexpr int kWaiters = 2;
  for (int i = 0; i < kIterations; i++) {
    auto results = make_chan<std::string>(kWaiters);
    // The wrapper lives in a heap std::function that the runner deletes.
    auto* get = new std::function<std::string()>;
    *get = OnceValue([get, results] {
      for (int w = 0; w < kWaiters; w++) {
        go([get, results] { results.send((*get)()); });
      }
      // Nothing else in this binary waits in the semaphore table now.
      WaitQueued(nullptr, kWaiters);
      return std::string(100, 'v');  // heap-allocated: ASan sees its copy
    });
    const std::string mine = (*get)();
    delete get;
    for (int w = 0; w < kWaiters; w++) ASSERT_EQ(results.recv(), mine);
  }
}

// OnceFunc whose function throws: the waiters rethrow the stored exception
// after the wrapper is gone.
TEST(OnceLifetime, OnceFuncDestroyedByRunnerWhileWaitersRethrow) {
  for (int i = 0; i < kIterations; i++) {
    auto threw = make_chan<bool>(1);
    auto* call = new std::function<void()>;
    *call = OnceFunc([call, threw] {
      go([call, threw] {
        try {
          (*call)();
          threw.send(false);
        } catch (const std::runtime_error&) {
          threw.send(true);
        }
      });
      WaitQueued(nullptr, 1);
      throw std::runtime_error("f failed");
    });
    EXPECT_THROW((*call)(), std::runtime_error);
    delete call;
    ASSERT_TRUE(threw.recv());
  }
}

// ---- Mutex ----

// Lockers queue behind the holder; each locks and unlocks in turn, and the
// last one out destroys the Mutex while the Unlocks that handed it over may
// still be returning. Every 16th round the holder keeps the lock past the
// starvation threshold, so Unlock hands the Mutex straight to a waiter.
TEST(MutexLifetime, DestroyedByLastLockerWhileUnlocksReturn) {
  constexpr int kLockers = 3;
  for (int i = 0; i < kIterations; i++) {
    struct Shared {
      Mutex mu;
      std::atomic<int> left{kLockers};
    };
    auto* s = new Shared;
    auto returned = make_chan<Empty>(kLockers);
    s->mu.Lock();
    for (int k = 0; k < kLockers; k++) {
      go([s, returned] {
        s->mu.Lock();
        s->mu.Unlock();
        if (s->left.fetch_sub(1) == 1) delete s;
        returned.send(Empty{});
      });
    }
    if (i % 2 == 0) WaitQueued(&s->mu, kLockers);
    if (i % 16 == 0) Spin(std::chrono::microseconds(1500));
    s->mu.Unlock();
    for (int k = 0; k < kLockers; k++) (void)returned.recv();
  }
}

// ---- RWMutex ----

// A writer unlocks; readers get in, read what it wrote, leave, and the last
// reader out destroys the RWMutex while the writer's Unlock may still be
// returning. On even rounds the readers are blocked in RLock when the
// writer unlocks (Unlock wakes them); on odd ones they poll with TryRLock
// and get in the moment the writer lets readers back in.
TEST(RWMutexLifetime, DestroyedByReaderRightAfterWriterUnlocks) {
  constexpr int kReaders = 2;
  for (int i = 0; i < kIterations; i++) {
    struct Shared {
      RWMutex rw;
      int data = 0;
      std::atomic<int> left{kReaders};
    };
    auto* s = new Shared;
    auto returned = make_chan<Empty>(kReaders);
    s->rw.Lock();
    s->data = 1;
    for (int k = 0; k < kReaders; k++) {
      go([s, returned, poll = i % 2 == 1] {
        if (poll) {
          while (!s->rw.TryRLock()) runtime::Gosched();
        } else {
          s->rw.RLock();
        }
        const int data = s->data;
        s->rw.RUnlock();
        EXPECT_EQ(data, 1);
        if (s->left.fetch_sub(1) == 1) delete s;
        returned.send(Empty{});
      });
    }
    if (i % 2 == 0) WaitQueued(nullptr, kReaders);  // blocked in RLock
    s->rw.Unlock();
    for (int k = 0; k < kReaders; k++) (void)returned.recv();
  }
}

// Readers hold the lock; a writer waits for them, gets in once the last one
// leaves, unlocks and destroys the RWMutex while that reader's RUnlock may
// still be returning.
TEST(RWMutexLifetime, DestroyedByWriterRightAfterLastReaderUnlocks) {
  constexpr int kReaders = 2;
  for (int i = 0; i < kIterations; i++) {
    auto* rw = new RWMutex;
    auto holding = make_chan<Empty>(kReaders);
    auto leave = make_chan<Empty>();
    auto returned = make_chan<Empty>(kReaders);
    for (int k = 0; k < kReaders; k++) {
      go([rw, holding, leave, returned] {
        rw->RLock();
        holding.send(Empty{});
        (void)leave.recv();
        rw->RUnlock();
        returned.send(Empty{});
      });
    }
    for (int k = 0; k < kReaders; k++) (void)holding.recv();
    go([leave] {
      for (int k = 0; k < kReaders; k++) leave.send(Empty{});
    });
    rw->Lock();
    rw->Unlock();
    delete rw;
    for (int k = 0; k < kReaders; k++) (void)returned.recv();
  }
}

// One writer hands the RWMutex to the next (with readers blocked behind the
// first, which its Unlock lets in before the second writer); the second
// writer unlocks and destroys it while the first writer's Unlock may still
// be returning.
TEST(RWMutexLifetime, DestroyedByWriterRightAfterPreviousWriterUnlocks) {
  for (int i = 0; i < kIterations; i++) {
    auto* rw = new RWMutex;
    auto returned = make_chan<Empty>(3);
    rw->Lock();
    go([rw, returned] {
      rw->Lock();  // the second writer
      rw->Unlock();
      delete rw;
      returned.send(Empty{});
    });
    const bool with_reader = i % 2 == 0;
    if (with_reader) {
      go([rw, returned] {
        rw->RLock();
        rw->RUnlock();
        returned.send(Empty{});
      });
    }
    // The second writer waits for w_ (a Mutex, keyed at the RWMutex's own
    // address), the reader for the writer.
    WaitQueued(nullptr, with_reader ? 2 : 1);
    rw->Unlock();
    for (int k = 0; k < (with_reader ? 2 : 1); k++) (void)returned.recv();
  }
}

// ---- errgroup ----

// Group (plain, WithContext, or with a limit) destroyed the moment Wait
// returns, while its goroutines may still be leaving Done.
TEST(ErrgroupLifetime, DestroyedRightAfterWait) {
  constexpr int kTasks = 3;
  for (int i = 0; i < kIterations; i++) {
    std::unique_ptr<errgroup::Group> g;
    context::Context ctx;
    if (i % 2 == 0) {
      g = std::make_unique<errgroup::Group>();
    } else {
      std::tie(g, ctx) = errgroup::WithContext(context::Background());
    }
    if (i % 3 == 0) g->SetLimit(2);
    for (int k = 0; k < kTasks; k++) {
      g->Go([k, ctx] {
        if (k == 1) return absl::InternalError(std::string(40, 'e'));
        if (ctx != nullptr) (void)ctx.Err();
        return absl::OkStatus();
      });
    }
    const absl::Status err = g->Wait();
    g.reset();
    ctx = context::Context();
    ASSERT_EQ(err.code(), absl::StatusCode::kInternal);
  }
}

}  // namespace
}  // namespace golang::sync
