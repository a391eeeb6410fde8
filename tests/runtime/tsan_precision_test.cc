// Tests that ThreadSanitizer sees Go's happens-before edges and no others
// (runtime/internal/switch.cc, "ThreadSanitizer"): a race between two
// goroutines is reported even when the scheduler runs them one after the
// other on one thread, and the edges Go promises (`go`, a channel hand-off,
// a WaitGroup, a Mutex) still order what they order, so correct programs
// stay clean.
//
// The race tests are death tests: the child reports the race and exits 66,
// TSan's exit code when it found one. A switch between goroutines that
// synchronized (as it did before) would order the write before the read:
// no report, and the child would exit 0. The clean tests run in the test
// process itself, where the test preset's halt_on_error=1 turns a false
// report into a failure. Everything runs at GOMAXPROCS 1 and 2: with one P
// the goroutines share a thread, and every switch goes through one
// scheduler loop.
#include <atomic>
#include <cstdlib>
#include <vector>

#include "chan/chan.h"
#include "gtest/gtest.h"
#include "runtime/internal/sanitizers.h"
#include "runtime/runtime.h"
#include "sync/mutex.h"
#include "sync/waitgroup.h"
#include "tests/runtime/sched_util.h"

namespace golang {
namespace {

using testutil::ProcsName;
using testutil::WithProcs;

#if defined(GOLANG_INTERNAL_TSAN)
// Written by one goroutine and read by another with nothing between them
// that Go orders: `flag` is relaxed, which orders nothing.
struct Shared {
  int value = 0;
  std::atomic<bool> flag{false};
};

// Each race runs this many times, on fresh memory. One round is enough at
// GOMAXPROCS 1, where every switch goes through one scheduler loop. At 2 the
// two goroutines often run at once on two threads, and there a single round
// went unreported about once in 15 runs (CI saw it; the cause is not pinned
// down: an edge the runtime adds when goroutines move between Ms, or TSan's
// own limits). A switch that synchronized orders every round, so the test
// still fails if the switches come back.
constexpr int kRaceRounds = 20;

void SpinUntil(const std::atomic<bool>& flag) {
  while (!flag.load(std::memory_order_relaxed)) runtime::Gosched();
}

// One goroutine writes and finishes; the next reads.
[[noreturn]] void WriterThenReader(int procs) {
  runtime::GOMAXPROCS(procs);
  for (int round = 0; round < kRaceRounds; ++round) {
    auto* s = new Shared;  // leaked: the child exits right after
    chan<int> out = make_chan<int>(1);
    go([s] {
      s->value = 42;
      s->flag.store(true, std::memory_order_relaxed);
    });
    go([s, out] {
      SpinUntil(s->flag);
      out.send(s->value);
    });
    if (out.recv() != 42) std::exit(3);
  }
  std::exit(0);
}

// A goroutine writes; the goroutine that started it, which waited for
// nothing Go orders, reads. As the pitfall "wg.Add inside the goroutine"
// does.
[[noreturn]] void ChildWritesParentReads(int procs) {
  runtime::GOMAXPROCS(procs);
  for (int round = 0; round < kRaceRounds; ++round) {
    auto* s = new Shared;
    chan<int> out = make_chan<int>(1);
    go([s, out] {
      go([s] {
        s->value = 7;
        s->flag.store(true, std::memory_order_relaxed);
      });
      SpinUntil(s->flag);
      out.send(s->value);
    });
    if (out.recv() != 7) std::exit(3);
  }
  std::exit(0);
}
#endif  // GOLANG_INTERNAL_TSAN

class TsanPrecisionDeathTest : public testing::TestWithParam<int> {};

TEST_P(TsanPrecisionDeathTest,
       RaceBetweenGoroutinesRunOneAfterTheOtherIsReported) {
#if defined(GOLANG_INTERNAL_TSAN)
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(WriterThenReader(GetParam()), testing::ExitedWithCode(66),
              "WARNING: ThreadSanitizer: data race");
#else
  GTEST_SKIP() << "ThreadSanitizer build only";
#endif
}

TEST_P(TsanPrecisionDeathTest, ChildsWriteReadByItsParentIsReported) {
#if defined(GOLANG_INTERNAL_TSAN)
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(ChildWritesParentReads(GetParam()), testing::ExitedWithCode(66),
              "WARNING: ThreadSanitizer: data race");
#else
  GTEST_SKIP() << "ThreadSanitizer build only";
#endif
}

INSTANTIATE_TEST_SUITE_P(Procs, TsanPrecisionDeathTest, testing::Values(1, 2),
                         ProcsName);

class TsanPrecisionTest : public testing::TestWithParam<int> {
 protected:
  WithProcs procs_{GetParam()};
};

constexpr int kRounds = 200;

// `go` happens before the goroutine starts: what the parent wrote before
// it, the child reads; a record reused from a finished goroutine changes
// nothing.
TEST_P(TsanPrecisionTest, GoOrdersTheParentsWritesBeforeTheChild) {
  for (int i = 0; i < kRounds; ++i) {
    auto value = std::make_unique<int>(i);
    chan<int> out = make_chan<int>();
    go([v = value.get(), out] { out.send(*v); });
    EXPECT_EQ(out.recv(), i);
  }
}

// A send happens before the matching receive completes, and (unbuffered)
// the receive before the send completes: data handed over either way.
TEST_P(TsanPrecisionTest, ChannelHandOffOrdersBothWays) {
  std::vector<int> data(kRounds);
  chan<int> to_worker = make_chan<int>();
  chan<int> back = make_chan<int>();
  go([&data, to_worker, back] {
    for (int i = 0; i < kRounds; ++i) {
      const int k = to_worker.recv();
      data[k] += 1;  // after main's write, through the send
      back.send(k);
    }
  });
  for (int i = 0; i < kRounds; ++i) {
    data[i] = i;
    to_worker.send(i);
    EXPECT_EQ(back.recv(), i);
    EXPECT_EQ(data[i], i + 1);  // after the worker's write, through back
  }
}

// Done happens before the Wait it releases returns; Unlock before the next
// Lock.
TEST_P(TsanPrecisionTest, WaitGroupAndMutexOrderTheirGoroutines) {
  std::vector<int> results(16);
  int total = 0;
  sync::Mutex mu;
  sync::WaitGroup wg;
  for (int i = 0; i < 16; ++i) {
    wg.Add(1);
    go([&, i] {
      results[i] = i * i;
      mu.Lock();
      total += i;
      mu.Unlock();
      wg.Done();
    });
  }
  wg.Wait();
  int sum = 0;
  for (int r : results) sum += r;
  EXPECT_EQ(sum, 1240);
  EXPECT_EQ(total, 120);
}

INSTANTIATE_TEST_SUITE_P(Procs, TsanPrecisionTest, testing::Values(1, 2),
                         ProcsName);

}  // namespace
}  // namespace golang
