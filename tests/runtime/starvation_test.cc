// Runnable goroutines never starve behind goroutines that block outside the
// library (issue: the monitor handed off only the global queue and the
// blocked P's own queue, so goroutines queued on a P it had already found
// stuck waited for as long as that P's goroutine blocked).
//
// Each case starts kBlockers goroutines from main that each block outside
// the library, in read() on a pipe, in std::this_thread::sleep_for, or on
// one std::latch, and requires every one of them to start while the
// earlier ones are still blocked, as Go does (it starts 200 such readers
// in about 60 ms). The cases run at GOMAXPROCS 1 and 2, each after a
// warm-up that leaves idle workers and retired Ps behind, as an earlier
// test in the same binary does (the latch case hung only then).
#include <unistd.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <latch>
#include <thread>
#include <vector>

#include "absl/cleanup/cleanup.h"
#include "chan/chan.h"
#include "chan/select.h"
#include "gtest/gtest.h"
#include "runtime/runtime.h"
#include "sync/waitgroup.h"
#include "tests/runtime/sched_util.h"
#include "time/time.h"

namespace golang {
namespace {

using testutil::WithProcs;

constexpr int kBlockers = 200;

// Long enough that a goroutine left queued behind the blocked ones shows
// as missing, short enough for a failing run to end: Go needs 60 ms here.
const time::Duration kStartLimit = absl::Seconds(20);

// What an earlier goroutine-heavy test leaves behind: idle workers, Ps that
// the monitor added for a blocked goroutine and that retired again, and
// records on the free lists. A goroutine blocks on a std::latch until a
// second one (which the monitor must give a worker of its own) releases
// it; then goroutines on every P hand a token round a ring.
void WarmUp() {
  {
    std::latch latch(1);
    sync::WaitGroup wg;
    wg.Go([&latch] { latch.wait(); });
    wg.Go([&latch] { latch.count_down(); });
    wg.Wait();
  }
  constexpr int kRing = 16;
  std::vector<chan<int>> ring;
  for (int i = 0; i < kRing; ++i) ring.push_back(make_chan<int>());
  sync::WaitGroup wg;
  for (int i = 0; i < kRing; ++i) {
    wg.Go([&ring, i] {
      chan<int> in = ring[i];
      chan<int> out = ring[(i + 1) % kRing];
      for (int round = 0; round < 100; ++round) {
        if (i == 0) {
          out.send(round);
          in.recv();
        } else {
          out.send(in.recv());
        }
      }
    });
  }
  wg.Wait();
}

// Receives from `started` until n values arrived or kStartLimit passed;
// returns how many arrived.
int CollectStarts(recv_chan<int> started, int n) {
  auto limit = time::After(kStartLimit);
  int got = 0;
  while (got < n) {
    bool timed_out = false;
    select(recv(started, [&got](int) { ++got; }),
           recv(limit, [&timed_out] { timed_out = true; }));
    if (timed_out) break;
  }
  return got;
}

class StarvationTest : public testing::TestWithParam<int> {};

INSTANTIATE_TEST_SUITE_P(Procs, StarvationTest, testing::Values(1, 2),
                         testutil::ProcsName);

// Go: 200 goroutines each blocked in read() on its own pipe all start.
TEST_P(StarvationTest, PipeReadersAllStartWhileEarlierOnesBlock) {
  WithProcs procs(GetParam());
  WarmUp();
  std::vector<std::array<int, 2>> pipes(kBlockers);
  for (auto& p : pipes) ASSERT_EQ(pipe(p.data()), 0);
  auto started = make_chan<int>(kBlockers);
  sync::WaitGroup wg;
  for (int i = 0; i < kBlockers; ++i) {
    wg.Go([&pipes, started, i] {
      started.send(i);
      char c = 0;
      EXPECT_EQ(read(pipes[i][0], &c, 1), 1);
    });
  }
  // No reader is released before every one has started.
  EXPECT_EQ(CollectStarts(started, kBlockers), kBlockers)
      << "goroutines queued behind blocked readers never started";
  for (auto& p : pipes) ASSERT_EQ(write(p[1], "x", 1), 1);
  wg.Wait();
  for (auto& p : pipes) {
    ::close(p[0]);
    ::close(p[1]);
  }
}

// 200 goroutines that each sleep in the kernel (std::this_thread::
// sleep_for, 50 ms at a time) until all of them have started: every one
// must start while the earlier ones sleep. Each records, as it starts,
// whether any sleeper had already given up waiting (after kStartLimit).
TEST_P(StarvationTest, SleepersAllStartWhileEarlierOnesSleep) {
  WithProcs procs(GetParam());
  WarmUp();
  std::atomic<int> started{0};
  std::atomic<int> gave_up{0};
  auto late_starts = make_chan<int>(kBlockers);
  const absl::Time give_up_at = absl::Now() + kStartLimit;
  sync::WaitGroup wg;
  for (int i = 0; i < kBlockers; ++i) {
    wg.Go([&started, &gave_up, late_starts, give_up_at] {
      if (gave_up.load() != 0) late_starts.send(1);
      started.fetch_add(1);
      while (started.load() < kBlockers) {
        if (absl::Now() > give_up_at) {
          gave_up.fetch_add(1);
          break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
    });
  }
  wg.Wait();
  close(late_starts);
  int late = 0;
  for (int v : late_starts) late += v;
  EXPECT_EQ(gave_up.load(), 0)
      << "sleepers waited " << kStartLimit << " for the others to start; "
      << late << " started only after that";
}

// 200 goroutines that each arrive_and_wait() on one std::latch: the last
// arrival releases them all, so every one must get a thread while the
// others block.
TEST_P(StarvationTest, LatchWaitersAllArrive) {
  WithProcs procs(GetParam());
  WarmUp();
  std::latch latch(kBlockers);
  std::atomic<int> arrived{0};
  auto done = make_chan<int>(kBlockers);
  for (int i = 0; i < kBlockers; ++i) {
    go([&latch, &arrived, done, i] {
      arrived.fetch_add(1);
      latch.arrive_and_wait();
      done.send(i);
    });
  }
  const int released = CollectStarts(done, kBlockers);
  if (released != kBlockers) {
    // The waiters cannot be released any other way; they hold references
    // to this frame, so the test cannot return.
    std::fprintf(stderr, "only %d of %d goroutines arrived at the latch\n",
                 arrived.load(), kBlockers);
    std::abort();
  }
}

}  // namespace
}  // namespace golang
