// context::Range(ctx, ch) (issue 17): a range over a channel that ends when
// the channel is closed and drained or when the context is done, Go's
//
//   for {
//       select {
//       case v, ok := <-ch:
//           if !ok { return }
//           ...
//       case <-ctx.Done():
//           return
//       }
//   }
//
// Not a Go port: Go writes that loop by hand.
#include <memory>
#include <ranges>
#include <utility>
#include <vector>

#include "absl/cleanup/cleanup.h"
#include "chan/chan.h"
#include "chan/select.h"
#include "context/context.h"
#include "gtest/gtest.h"
#include "runtime/runtime.h"
#include "tests/test_util.h"
#include "time/time.h"

namespace golang {
namespace {

using context::Background;
using testutil::SleepMs;

// --- The concepts. ---

using IntRange = decltype(context::Range(Background(), chan<int>()));
static_assert(std::ranges::input_range<IntRange>);
static_assert(std::ranges::view<IntRange>);
static_assert(std::ranges::borrowed_range<IntRange>);
static_assert(std::same_as<std::ranges::range_value_t<IntRange>, int>);
static_assert(std::same_as<std::ranges::range_reference_t<IntRange>, int&&>);
static_assert(std::input_iterator<std::ranges::iterator_t<IntRange>>);
static_assert(std::same_as<IntRange, decltype(context::Range(
                                         Background(), recv_chan<int>()))>);
static_assert(std::ranges::input_range<decltype(context::Range(
                  Background(), chan<std::unique_ptr<int>>()))>);

template <class C>
concept CanRange = requires(C c) {
  context::Range(Background(), c);
};
static_assert(CanRange<chan<int>> && CanRange<recv_chan<int>>);
static_assert(!CanRange<send_chan<int>>);  // cannot receive, as in Go

// --- Ending at close. ---

// The channel is closed and drained before the context is done: every value,
// and the context is still live. With Background (Done() nil) it is plain
// `for v := range ch`.
TEST(ContextRangeTest, EndsAtClose) {
  auto [ctx, cancel] = context::WithCancel(Background());
  absl::Cleanup defer_cancel = [&cancel = cancel] { cancel(); };
  for (const context::Context& c : {ctx, Background()}) {
    auto ch = make_chan<int>();
    go([ch] {
      for (int i = 0; i < 5; i++) ch.send(i);
      close(ch);
    });
    std::vector<int> got;
    for (int v : context::Range(c, ch)) got.push_back(v);
    EXPECT_EQ(got, (std::vector<int>{0, 1, 2, 3, 4}));
    EXPECT_TRUE(c.Err().ok());
  }
}

// --- Ending at cancel. ---

// The producer sends three values and then blocks (on something else); the
// consumer, parked in the loop's select, is woken by cancel and the range
// ends: nothing else was ready.
TEST(ContextRangeTest, EndsAtCancelWhileProducerBlocked) {
  auto [ctx, cancel] = context::WithCancel(Background());
  auto ch = make_chan<int>();
  auto release = make_chan<Empty>();
  auto exited = make_chan<Empty>();
  go([ch, release, exited] {
    for (int i = 0; i < 3; i++) ch.send(i);
    (void)release.recv();  // blocked, not sending
    exited.send(Empty{});
  });
  go([cancel = cancel] {
    SleepMs(30);  // provoke: let the consumer park in its select first
    cancel();
  });
  std::vector<int> got;
  for (int v : context::Range(ctx, ch)) got.push_back(v);
  EXPECT_EQ(got, (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(ctx.Err(), context::Canceled);
  close(release);
  (void)exited.recv();
}

// Cancelled from the loop body: the next step's select finds Done closed.
// The producer is blocked in a select that sends, so the channel may be
// ready as well: then the choice is random and the loop may yield a few
// more values, always in order, before it takes Done.
TEST(ContextRangeTest, CancelInTheBody) {
  testutil::Generator gen;
  auto [ctx, cancel] = context::WithCancel(Background());
  std::vector<int> got;
  for (int v : context::Range(ctx, gen.out())) {
    got.push_back(v);
    if (v == 2) cancel();
  }
  ASSERT_GE(got.size(), 3u);
  for (size_t i = 0; i < got.size(); i++)
    EXPECT_EQ(got[i], static_cast<int>(i));
  EXPECT_EQ(ctx.Err(), context::Canceled);
  EXPECT_EQ(gen.Stop(), static_cast<int>(got.size()));
}

// Both ready at every step (a full buffer, a cancelled context): Go's select
// chooses uniformly at random, so the loop yields a geometric number of
// values: none in about half the runs, some in the rest. Either is missing
// with probability 2^-200.
TEST(ContextRangeTest, BothReadyChoosesAtRandom) {
  auto [ctx, cancel] = context::WithCancel(Background());
  cancel();
  int runs_with_none = 0;
  int runs_with_some = 0;
  for (int run = 0; run < 200; run++) {
    auto ch = make_chan<int>(64);
    for (int i = 0; i < 64; i++) ch.send(i);
    int n = 0;
    for (int v : context::Range(ctx, ch)) {
      EXPECT_EQ(v, n);  // a prefix, in order
      n++;
    }
    EXPECT_EQ(len(ch), 64 - n);  // what was not yielded was not received
    (n == 0 ? runs_with_none : runs_with_some)++;
  }
  EXPECT_GT(runs_with_none, 0);
  EXPECT_GT(runs_with_some, 0);
}

// An already-cancelled context over an open, empty channel: the first step
// ends the range.
TEST(ContextRangeTest, AlreadyCancelled) {
  auto [ctx, cancel] = context::WithCancel(Background());
  cancel();
  auto ch = make_chan<int>();
  int n = 0;
  for ([[maybe_unused]] int v : context::Range(ctx, ch)) n++;
  EXPECT_EQ(n, 0);
}

// A nil channel's case is never ready: the range ends only at the deadline
// (a timer closes Done; no one sleeps).
TEST(ContextRangeTest, NilChannelEndsAtDeadline) {
  auto [ctx, cancel] =
      context::WithTimeout(Background(), 20 * time::Millisecond);
  absl::Cleanup defer_cancel = [&cancel = cancel] { cancel(); };
  chan<int> nil;
  int n = 0;
  for ([[maybe_unused]] int v : context::Range(ctx, nil)) n++;
  EXPECT_EQ(n, 0);
  EXPECT_EQ(ctx.Err(), context::DeadlineExceeded);
}

// --- Elements. ---

// Move-only elements, and a range that keeps its channel when the handle is
// dropped (the view holds its own handles).
TEST(ContextRangeTest, MoveOnlyElements) {
  auto [ctx, cancel] = context::WithCancel(Background());
  absl::Cleanup defer_cancel = [&cancel = cancel] { cancel(); };
  auto ch = make_chan<std::unique_ptr<int>>();
  go([ch] {
    for (int i = 0; i < 4; i++) ch.send(std::make_unique<int>(i));
    close(ch);
  });
  auto range = context::Range(ctx, ch);
  ch = nullptr;
  std::vector<int> got;
  for (std::unique_ptr<int> p : range) got.push_back(*p);
  EXPECT_EQ(got, (std::vector<int>{0, 1, 2, 3}));
}

// T need not be default constructible: a closed channel's case makes no T{}.
TEST(ContextRangeTest, NonDefaultConstructibleElements) {
  struct NoDefault {
    explicit NoDefault(int x) : v(x) {}
    int v;
  };
  auto [ctx, cancel] = context::WithCancel(Background());
  absl::Cleanup defer_cancel = [&cancel = cancel] { cancel(); };
  auto ch = make_chan<NoDefault>(2);
  ch.send(NoDefault(1));
  ch.send(NoDefault(2));
  close(ch);
  int sum = 0;
  for (NoDefault v : context::Range(ctx, ch)) sum += v.v;
  EXPECT_EQ(sum, 3);
}

#if GOLANG_TEST_STD_VIEWS

// take(n) runs exactly n steps: n receives from an unbounded generator.
TEST(ContextRangeTest, TakeReceivesExactlyN) {
  auto [ctx, cancel] = context::WithCancel(Background());
  absl::Cleanup defer_cancel = [&cancel = cancel] { cancel(); };
  testutil::Generator gen;
  std::vector<int> got;
  for (int v : context::Range(ctx, gen.out()) | std::views::take(3)) {
    got.push_back(v);
  }
  EXPECT_EQ(got, (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(gen.Stop(), 3);
}

// take, filter and transform over a producer, the context live throughout.
TEST(ContextRangeTest, TakeFilterTransform) {
  auto [ctx, cancel] = context::WithCancel(Background());
  absl::Cleanup defer_cancel = [&cancel = cancel] { cancel(); };
  testutil::Generator gen;
  std::vector<int> got;
  for (int sq : context::Range(ctx, gen.out()) | std::views::take(6) |
                    std::views::filter([](int v) { return v % 2 == 1; }) |
                    std::views::transform([](int v) { return v * v; })) {
    got.push_back(sq);
  }
  EXPECT_EQ(got, (std::vector<int>{1, 9, 25}));
  EXPECT_EQ(gen.Stop(), 6);
}

// A view pipeline over Range ends at cancel too, with the producer blocked.
TEST(ContextRangeTest, ViewsEndAtCancel) {
  auto [ctx, cancel] = context::WithCancel(Background());
  auto ch = make_chan<std::unique_ptr<int>>();
  auto release = make_chan<Empty>();
  auto exited = make_chan<Empty>();
  go([ch, release, exited] {
    for (int i = 0; i < 3; i++) ch.send(std::make_unique<int>(i));
    (void)release.recv();
    exited.send(Empty{});
  });
  go([cancel = cancel] {
    SleepMs(30);  // provoke: let the consumer park in its select first
    cancel();
  });
  std::vector<int> got;
  for (int v :
       context::Range(ctx, ch) | std::views::take(100) |
           std::views::transform([](std::unique_ptr<int> p) { return *p; })) {
    got.push_back(v);
  }
  EXPECT_EQ(got, (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(ctx.Err(), context::Canceled);
  close(release);
  (void)exited.recv();
}

#endif  // GOLANG_TEST_STD_VIEWS

}  // namespace
}  // namespace golang
