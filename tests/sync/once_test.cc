// Tests of sync/once.h: Once.
// Go: src/sync/once_test.go (TestOnce; TestOncePanic with a C++ exception
// standing in for the panic), plus MM-10 and the lifetime promise.
#include "sync/once.h"

#include <atomic>
#include <chrono>
#include <stdexcept>
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

static_assert(!std::is_copy_constructible_v<Once>);
static_assert(!std::is_move_constructible_v<Once>);

struct One {
  int n = 0;  // plain int: TSan checks MM-10
  void Increment() { n++; }
};

void RunOnce(Once* once, One* o, send_chan<bool> c) {
  once->Do([o] { o->Increment(); });
  EXPECT_EQ(o->n, 1) << "once failed inside run";
  c.send(true);
}

// Go: src/sync/once_test.go TestOnce
TEST(OnceTest, Once) {
  One o;
  Once once;
  auto c = make_chan<bool>();
  constexpr int N = 10;
  for (int i = 0; i < N; i++) go(RunOnce, &once, &o, c);
  for (int i = 0; i < N; i++) (void)c.recv();
  EXPECT_EQ(o.n, 1) << "once failed outside run";
}

// Go: src/sync/once_test.go TestOncePanic. Go's panic is an exception here:
// Do considers f returned, rethrows, and never calls f again.
TEST(OnceTest, OncePanic) {
  Once once;
  EXPECT_THROW(once.Do([] { throw std::runtime_error("failed"); }),
               std::runtime_error)
      << "Once.Do did not panic";
  once.Do([] { FAIL() << "Once.Do called twice"; });
}

// MM-10: "the completion of a single call of f() from once.Do(f) is
// synchronized before the return of any call of once.Do(f)". f is slow so
// that the other callers park; each reads f's plain writes afterwards.
TEST(OnceTest, CallersWaitForFirstCall) {
  for (int round = 0; round < 20 / kScale + 1; round++) {
    Once once;
    int value = 0;
    std::atomic<int> calls{0};
    WaitGroup wg;
    for (int i = 0; i < 8; i++) {
      wg.Go([&] {
        once.Do([&] {
          calls++;
          std::this_thread::sleep_for(std::chrono::milliseconds(2));
          value = 42;
        });
        EXPECT_EQ(value, 42);
      });
    }
    wg.Wait();
    EXPECT_EQ(calls.load(), 1);
  }
}

// f's result is discarded; a function object that is called as an lvalue
// works too.
TEST(OnceTest, DoAcceptsAnyCallable) {
  Once once;
  int n = 0;
  auto f = [&n] { return ++n; };
  once.Do(f);
  once.Do(f);
  EXPECT_EQ(n, 1);
}

// Lifetimes (once.h): a waiting Do that returns may destroy the Once at
// once, while the Do that ran f may still be returning. Under ASan any access
// after f's Do marked the Once done is a heap-use-after-free.
TEST(OnceTest, DestroyedRightAfterWaitingDo) {
  for (int i = 0; i < 2000 / kScale; i++) {
    auto* once = new Once;
    auto started = make_chan<bool>(1);
    go([once, started, spin = i % 300] {
      once->Do([&] {
        started.send(true);
        for (int k = 0; k < spin * 10; k++) asm volatile("" ::: "memory");
      });
    });
    (void)started.recv();  // f is running: our Do must wait for it
    bool ran = false;
    once->Do([&] { ran = true; });
    EXPECT_FALSE(ran);
    delete once;
  }
}

}  // namespace
}  // namespace golang::sync
