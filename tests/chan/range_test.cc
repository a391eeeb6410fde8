// Channels as C++20 ranges (issue 17): chan<T> and recv_chan<T> are input
// views whose every element is one receive, made lazily, so the standard
// views compose over them with Go's `for v := range ch` semantics. Not a
// Go port: Go has no views; each test says which Go loop it mirrors.
#include <algorithm>
#include <iterator>
#include <memory>
#include <ranges>
#include <utility>
#include <vector>

#include "chan/chan.h"
#include "chan/select.h"
#include "gtest/gtest.h"
#include "runtime/runtime.h"
#include "tests/test_util.h"

namespace golang {
namespace {

using testutil::Blocks;
using testutil::Completes;

// --- The concepts. ---

using It = chan<int>::iterator;
static_assert(std::input_iterator<It>);
static_assert(!std::forward_iterator<It>);  // single pass: each is a receive
static_assert(std::sentinel_for<std::default_sentinel_t, It>);
static_assert(std::same_as<std::iter_value_t<It>, int>);
static_assert(std::same_as<std::iter_reference_t<It>, int&&>);
static_assert(std::same_as<recv_chan<int>::iterator, It>);

static_assert(std::ranges::input_range<chan<int>>);
static_assert(std::ranges::input_range<recv_chan<int>>);
static_assert(std::ranges::input_range<const chan<int>>);
static_assert(!std::ranges::forward_range<chan<int>>);
static_assert(!std::ranges::range<send_chan<int>>);  // cannot receive
static_assert(std::ranges::view<chan<int>>);
static_assert(std::ranges::view<recv_chan<int>>);
static_assert(std::ranges::borrowed_range<chan<int>>);
static_assert(std::ranges::borrowed_range<recv_chan<int>>);
static_assert(std::ranges::viewable_range<recv_chan<int>>);
static_assert(std::same_as<std::ranges::range_value_t<chan<int>>, int>);

// Move-only and non-default-constructible elements.
struct NoDefault {
  explicit NoDefault(int x) : v(x) {}
  int v;
};
static_assert(std::ranges::input_range<chan<std::unique_ptr<int>>>);
static_assert(std::ranges::input_range<recv_chan<NoDefault>>);
static_assert(
    std::same_as<std::ranges::range_reference_t<chan<std::unique_ptr<int>>>,
                 std::unique_ptr<int>&&>);

#if GOLANG_TEST_STD_VIEWS
using Take = decltype(std::declval<chan<int>>() | std::views::take(3));
static_assert(std::ranges::input_range<Take>);
static_assert(std::ranges::view<Take>);
using Pipeline = decltype(std::declval<recv_chan<int>&>() |
                          std::views::filter([](int v) { return v > 0; }) |
                          std::views::transform([](int v) { return v * 2; }));
static_assert(std::ranges::input_range<Pipeline>);
#endif

// --- Helpers (and testutil::Generator, tests/test_util.h). ---

// A buffered channel holding 0..n-1, closed.
chan<int> Filled(int n) {
  auto ch = make_chan<int>(n);
  for (int i = 0; i < n; i++) ch.send(i);
  close(ch);
  return ch;
}

// --- Range-for and the lazy iterator. ---

// Go: for v := range ch — every value in order, ending at close, as before
// (CH-34), now through the lazy iterator; over recv_chan and a const handle.
TEST(ChanRangeTest, RangeForEndsAtClose) {
  auto ch = make_chan<int>();
  go([ch] {
    for (int i = 0; i < 5; i++) ch.send(i);
    close(ch);
  });
  std::vector<int> got;
  const recv_chan<int> r = ch;
  for (int v : r) got.push_back(v);
  EXPECT_EQ(got, (std::vector<int>{0, 1, 2, 3, 4}));
}

// begin() receives nothing; the first end test or * does; ++ past a position
// already looked at receives nothing; ++ past one never looked at receives
// and discards it (each step is one receive).
TEST(ChanRangeTest, IteratorReceivesLazily) {
  auto ch = Filled(6);
  auto it = ch.begin();
  EXPECT_EQ(len(ch), 6);  // begin() received nothing
  EXPECT_FALSE(it == std::default_sentinel);
  EXPECT_EQ(len(ch), 5);  // the end test received 0
  EXPECT_EQ(*it, 0);
  EXPECT_EQ(len(ch), 5);  // * read what the test received
  ++it;
  EXPECT_EQ(len(ch), 5);  // ++ past a position looked at: nothing
  EXPECT_EQ(*it, 1);      // * alone receives too
  EXPECT_EQ(len(ch), 4);
  ++it;
  ++it;  // never looked at: receives 2 and drops it
  EXPECT_EQ(len(ch), 3);
  it++;
  EXPECT_EQ(*it, 4);  // 3 was dropped the same way by it++
  ++it;
  EXPECT_EQ(*it, 5);
  ++it;
  EXPECT_TRUE(it == std::default_sentinel);  // closed and drained
  EXPECT_TRUE(it == std::default_sentinel);  // and stays there
}

// A nil channel: begin() returns at once (it receives nothing); the first
// end test blocks forever, as Go's `for v := range nilChan` does.
TEST(ChanRangeTest, NilChannelBlocksAtTheFirstTest) {
  EXPECT_TRUE(Completes([] {
    chan<int> nil;
    auto it = nil.begin();
    (void)it;
  }));
  EXPECT_TRUE(Blocks([] {
    chan<int> nil;
    for ([[maybe_unused]] int v : nil) {
    }
  }));
}

// Move-only elements through range-for: each value moved out once.
TEST(ChanRangeTest, MoveOnlyElements) {
  auto ch = make_chan<std::unique_ptr<int>>();
  go([ch] {
    for (int i = 0; i < 4; i++) ch.send(std::make_unique<int>(i));
    close(ch);
  });
  std::vector<int> got;
  for (std::unique_ptr<int> p : ch) {
    ASSERT_NE(p, nullptr);
    got.push_back(*p);
  }
  EXPECT_EQ(got, (std::vector<int>{0, 1, 2, 3}));

  // `const auto&` looks at the value in place.
  auto b = make_chan<std::unique_ptr<int>>(2);
  b.send(std::make_unique<int>(7));
  b.send(std::make_unique<int>(8));
  close(b);
  int sum = 0;
  for (const auto& p : b) sum += *p;
  EXPECT_EQ(sum, 15);
}

// T need not be default constructible: the range never makes a T{}.
TEST(ChanRangeTest, NonDefaultConstructibleElements) {
  auto ch = make_chan<NoDefault>(2);
  ch.send(NoDefault(1));
  ch.send(NoDefault(2));
  close(ch);
  int sum = 0;
  for (NoDefault v : ch) sum += v.v;
  EXPECT_EQ(sum, 3);
}

// An iterator outlives the handle it came from (a borrowed range), and a
// loop keeps its channel when the handle is reassigned (CH-34).
TEST(ChanRangeTest, IteratorHoldsItsChannel) {
  auto it = Filled(2).begin();  // the handle is a temporary
  ASSERT_FALSE(it == std::default_sentinel);
  EXPECT_EQ(*it, 0);
  ++it;
  EXPECT_EQ(*it, 1);
  ++it;
  EXPECT_TRUE(it == std::default_sentinel);
}

#if GOLANG_TEST_STD_VIEWS

// --- views::take: exactly n receives. ---

// Go:
//   for i := 0; i < 3; i++ { got = append(got, <-gen) }
// take(3) over an unbounded generator receives exactly 3 values: its end
// test checks the count before it touches the channel.
TEST(ChanRangeTest, TakeReceivesExactlyN) {
  testutil::Generator gen;
  std::vector<int> got;
  for (int v : gen.out() | std::views::take(3)) got.push_back(v);
  EXPECT_EQ(got, (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(gen.Stop(), 3);
}

// The same on an rvalue handle (a view: no owning_view, no dangling), and
// take(0) receives nothing.
TEST(ChanRangeTest, TakeOverAnRvalueHandle) {
  testutil::Generator gen;
  std::vector<int> got;
  for (int v : gen.out() | std::views::take(0)) got.push_back(v);
  for (int v : recv_chan<int>(gen.out()) | std::views::take(2)) {
    got.push_back(v);
  }
  EXPECT_EQ(got, (std::vector<int>{0, 1}));
  EXPECT_EQ(gen.Stop(), 2);
}

// On a buffered channel, what take leaves is still buffered.
TEST(ChanRangeTest, TakeLeavesTheRestBuffered) {
  auto ch = Filled(10);
  std::vector<int> got;
  for (int v : ch | std::views::take(3)) got.push_back(v);
  EXPECT_EQ(got, (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(len(ch), 7);
  for (int v : ch | std::views::take(2)) got.push_back(v);
  EXPECT_EQ(got, (std::vector<int>{0, 1, 2, 3, 4}));
  EXPECT_EQ(len(ch), 5);
}

// take(n) over a channel closed after fewer values ends at the close.
TEST(ChanRangeTest, TakeEndsAtClose) {
  auto ch = make_chan<int>();
  go([ch] {
    for (int i = 0; i < 3; i++) ch.send(i);
    close(ch);
  });
  std::vector<int> got;
  for (int v : ch | std::views::take(10)) got.push_back(v);
  EXPECT_EQ(got, (std::vector<int>{0, 1, 2}));
}

// --- filter and transform over a producer goroutine. ---

// Go:
//   for i := 0; i < 10; i++ {
//       v := <-gen
//       if v%2 == 0 { got = append(got, v*v) }
//   }
TEST(ChanRangeTest, TakeFilterTransform) {
  testutil::Generator gen;
  std::vector<int> got;
  for (int sq : gen.out() | std::views::take(10) |
                    std::views::filter([](int v) { return v % 2 == 0; }) |
                    std::views::transform([](int v) { return v * v; })) {
    got.push_back(sq);
  }
  EXPECT_EQ(got, (std::vector<int>{0, 4, 16, 36, 64}));
  EXPECT_EQ(gen.Stop(), 10);
}

// transform then take is exact too: transform's ++ only steps its base.
TEST(ChanRangeTest, TransformTakeIsExact) {
  testutil::Generator gen;
  std::vector<int> got;
  for (int v : gen.out() | std::views::transform([](int v) { return -v; }) |
                   std::views::take(4)) {
    got.push_back(v);
  }
  EXPECT_EQ(got, (std::vector<int>{0, -1, -2, -3}));
  EXPECT_EQ(gen.Stop(), 4);
}

// filter reads ahead, as chan/chan.h warns: take's last ++ steps filter's
// iterator, which searches for the next match at once. Here filter(even) |
// take(2) yields 0 and 2 but also receives 3 and 4 looking for a third.
// Breaking in the loop body instead bounds the receives exactly, as Go's
// loop with a break does.
TEST(ChanRangeTest, FilterReadsAheadBreakDoesNot) {
  auto even = [](int v) { return v % 2 == 0; };
  auto a = Filled(10);
  std::vector<int> got;
  for (int v : a | std::views::filter(even) | std::views::take(2)) {
    got.push_back(v);
  }
  EXPECT_EQ(got, (std::vector<int>{0, 2}));
  EXPECT_EQ(len(a), 5);  // 0..4 received

  auto b = Filled(10);
  got.clear();
  for (int v : b | std::views::filter(even)) {
    got.push_back(v);
    if (got.size() == 2) break;
  }
  EXPECT_EQ(got, (std::vector<int>{0, 2}));
  EXPECT_EQ(len(b), 7);  // 0..2 received
}

// Move-only elements through the views: filter looks (const&), transform
// takes (by value), take bounds.
TEST(ChanRangeTest, MoveOnlyThroughViews) {
  auto ch = make_chan<std::unique_ptr<int>>();
  go([ch] {
    for (int i = 0; i < 10; i++) ch.send(std::make_unique<int>(i));
    close(ch);
  });
  std::vector<int> got;
  for (int v :
       ch | std::views::take(6) |
           std::views::filter(
               [](const std::unique_ptr<int>& p) { return *p % 3 != 0; }) |
           std::views::transform([](std::unique_ptr<int> p) { return *p; })) {
    got.push_back(v);
  }
  EXPECT_EQ(got, (std::vector<int>{1, 2, 4, 5}));
  // The rest, moved out by range-for.
  for (std::unique_ptr<int> p : ch) got.push_back(*p);
  EXPECT_EQ(got, (std::vector<int>{1, 2, 4, 5, 6, 7, 8, 9}));
}

// A view holds a copy of the handle: the channel, not the variable. Go's
// range expression is evaluated once, likewise.
TEST(ChanRangeTest, ViewKeepsItsChannel) {
  auto ch = Filled(4);
  auto first3 = ch | std::views::take(3);
  ch = nullptr;
  std::vector<int> got;
  for (int v : first3) got.push_back(v);
  EXPECT_EQ(got, (std::vector<int>{0, 1, 2}));
}

// A borrowed range: an algorithm over an rvalue handle returns a usable
// iterator (not std::ranges::dangling), positioned on what it found; it
// received exactly up to the match.
TEST(ChanRangeTest, FindOnAnRvalueHandle) {
  testutil::Generator gen;
  auto it = std::ranges::find(gen.out(), 3);
  static_assert(std::same_as<decltype(it), recv_chan<int>::iterator>);
  EXPECT_EQ(*it, 3);
  EXPECT_EQ(gen.Stop(), 4);
}

// views::drop discards by stepping: each dropped element is one receive.
TEST(ChanRangeTest, DropReceivesAndDiscards) {
  auto ch = Filled(6);
  std::vector<int> got;
  for (int v : ch | std::views::drop(2) | std::views::take(2)) {
    got.push_back(v);
  }
  EXPECT_EQ(got, (std::vector<int>{2, 3}));
  EXPECT_EQ(len(ch), 2);
}

#endif  // GOLANG_TEST_STD_VIEWS

}  // namespace
}  // namespace golang
