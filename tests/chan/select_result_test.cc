// The select statement with Go's control flow: select_result (chan/select.h).
// Go writes return, break and continue inside a select case; here a switch
// over the result of select() holds them, and the result carries the value
// and ok of a receive case made without a body.
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "chan/chan.h"
#include "chan/select.h"
#include "gtest/gtest.h"
#include "runtime/runtime.h"
#include "sync/waitgroup.h"

namespace golang {
namespace {

TEST(SelectResultTest, ValueAndOkOfTheReceiveThatRan) {
  auto a = make_chan<int>(1);
  auto b = make_chan<std::string>(1);
  b.send("hello");
  auto r = select(recv(a), recv(b));
  ASSERT_EQ(r.index(), 1);
  EXPECT_TRUE(r.ok<1>());
  EXPECT_EQ(r.value<1>(), "hello");
  EXPECT_EQ(len(b), 0);  // received, not peeked
}

// Go: case v, ok := <-c: on a closed, drained channel: v is the zero value,
// ok is false.
TEST(SelectResultTest, ClosedChannelGivesZeroValueAndNotOk) {
  auto c = make_chan<std::string>(1);
  c.send("last");
  close(c);
  auto first = select(recv(c));
  EXPECT_TRUE(first.ok<0>());
  EXPECT_EQ(first.value<0>(), "last");
  auto second = select(recv(c));
  EXPECT_FALSE(second.ok<0>());
  EXPECT_EQ(second.value<0>(), "");
}

// The result converts to the position of the case that ran, as select()
// returned before it had a result: old code reads the same.
TEST(SelectResultTest, ConvertsToThePosition) {
  auto c = make_chan<int>(1);
  int chosen = select(recv(c), default_case());
  EXPECT_EQ(chosen, 1);
  c.send(7);
  switch (select(recv(c), default_case())) {
    case 0: break;
    default: ADD_FAILURE() << "the ready receive was not chosen";
  }
  EXPECT_EQ(select(recv(c), default_case()), 1);
}

// A receive case with a body hands its value to the body, as before.
TEST(SelectResultTest, BodiesStillRun) {
  auto c = make_chan<int>(1);
  c.send(5);
  int got = 0;
  bool got_ok = false;
  auto r = select(recv(c,
                       [&](int v, bool ok) {
                         got = v;
                         got_ok = ok;
                       }),
                  default_case());
  EXPECT_EQ(r.index(), 0);
  EXPECT_EQ(got, 5);
  EXPECT_TRUE(got_ok);
  // The element type need not be repeated: a generic lambda takes it.
  c.send(6);
  select(recv(c, [&](auto v) { got = v; }));
  EXPECT_EQ(got, 6);
}

// Type-checking: value<I>() and ok<I>() exist only for a receive case made
// without a body.
template <class R, std::size_t I>
concept HasValue = requires(R r) {
  r.template value<I>();
};
template <class R, std::size_t I>
concept HasOk = requires(R r) {
  r.template ok<I>();
};

TEST(SelectResultTest, OnlyBodilessReceivesCarryAValue) {
  auto c = make_chan<int>();
  using R = decltype(select(recv(c), recv(c, [](int) {}), send(c, 1),
                            default_case()));
  static_assert(HasValue<R, 0> && HasOk<R, 0>);
  static_assert(!HasValue<R, 1> && !HasOk<R, 1>);  // its body took it
  static_assert(!HasValue<R, 2> && !HasOk<R, 2>);  // a send
  static_assert(!HasValue<R, 3> && !HasOk<R, 3>);  // default
  static_assert(!HasValue<R, 4> && !HasOk<R, 4>);  // no such case
  static_assert(
      std::is_same_v<
          std::remove_cvref_t<decltype(std::declval<R&>().template value<0>())>,
          int>);
  static_assert(std::is_convertible_v<R, int>);
  SUCCEED();
}

TEST(SelectResultDeathTest, ValueOfACaseThatDidNotRunPanics) {
  EXPECT_DEATH(
      {
        auto a = make_chan<int>(1);
        auto r = select(recv(a), default_case());
        (void)r.value<0>();
      },
      "panic: select: value<0>\\(\\) of a select in which case 1 ran");
  EXPECT_DEATH(
      {
        auto a = make_chan<int>(1);
        auto b = make_chan<int>(1);
        b.send(1);
        auto r = select(recv(a), recv(b));
        (void)r.ok<0>();
      },
      "panic: select: ok<0>\\(\\) of a select in which case 1 ran");
}

TEST(SelectResultTest, MoveOnlyValue) {
  auto c = make_chan<std::unique_ptr<int>>(1);
  c.send(std::make_unique<int>(42));
  auto r = select(recv(c), default_case());
  ASSERT_EQ(r.index(), 0);
  std::unique_ptr<int> p = std::move(r).value<0>();
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(*p, 42);
}

// A value received by a case without a body is the result's: destroyed with
// it when nobody takes it (ASan's leak check fails this test otherwise).
TEST(SelectResultTest, UntakenValueIsDestroyed) {
  auto c = make_chan<std::shared_ptr<int>>(1);
  auto v = std::make_shared<int>(1);
  c.send(v);
  select(recv(c));  // Go: case <-c:, the value discarded
  EXPECT_EQ(v.use_count(), 1);
  c.send(v);
  {
    auto r = select(recv(c));
    EXPECT_EQ(v.use_count(), 2);
  }
  EXPECT_EQ(v.use_count(), 1);
}

// The dynamic select has no typed result: a receive without a body discards
// its value there, as it did before.
TEST(SelectResultTest, DynamicSelectDiscards) {
  auto c = make_chan<std::shared_ptr<int>>(1);
  auto v = std::make_shared<int>(1);
  c.send(v);
  std::vector<select_case> cases;
  cases.emplace_back(recv(c));
  EXPECT_EQ(select(cases), 0);
  EXPECT_EQ(v.use_count(), 1);
}

// Every value sent on an unbuffered channel reaches the result of exactly
// one select, against a competing ready case.
TEST(SelectResultTest, NoValueLostUnbuffered) {
  constexpr int kN = 2000;
  auto c = make_chan<int>();
  auto other = make_chan<int>(1);
  go([c] {
    for (int i = 1; i <= kN; ++i) c.send(i);
    close(c);
  });
  long long sum = 0;
  int from_other = 0;
  for (;;) {
    if (len(other) == 0) other.send(0);
    auto r = select(recv(c), recv(other));
    if (r.index() == 1) {
      ++from_other;
      continue;
    }
    if (!r.ok<0>()) break;
    sum += r.value<0>();
  }
  EXPECT_EQ(sum, static_cast<long long>(kN) * (kN + 1) / 2);
  EXPECT_GT(from_other, 0);  // both cases were ready and chosen at random
}

// Go's control flow, written inside the cases:
//
//   func drain(in <-chan int, quit <-chan struct{}) (sum int) {
//       for {
//           select {
//           case v, ok := <-in:
//               if !ok {
//                   return sum
//               }
//               if v < 0 {
//                   break // leave the select; the loop goes on
//               }
//               if v == 0 {
//                   continue
//               }
//               sum += v
//           case <-quit:
//               return -1
//           }
//       }
//   }
int Drain(recv_chan<int> in, recv_chan<Empty> quit, int* skipped) {
  int sum = 0;
  for (;;) {
    switch (auto r = select(recv(in), recv(quit)); r.index()) {
      case 0: {
        auto [v, ok] = std::pair(r.value<0>(), r.ok<0>());
        if (!ok) return sum;
        if (v < 0) {
          ++*skipped;
          break;  // Go's break: leaves the select
        }
        if (v == 0) continue;  // Go's continue: the next iteration
        sum += v;
        break;
      }
      case 1: return -1;
    }
  }
}

TEST(SelectResultTest, ReturnBreakContinueInsideTheCases) {
  auto in = make_chan<int>(8);
  auto quit = make_chan<Empty>();
  for (int v : {3, -1, 0, 4, -2, 5}) in.send(v);
  close(in);
  int skipped = 0;
  EXPECT_EQ(Drain(in, quit, &skipped), 12);
  EXPECT_EQ(skipped, 2);

  auto open = make_chan<int>();
  close(quit);
  EXPECT_EQ(Drain(open, quit, &skipped), -1);
}

// Go: case it = <-ch: (assignment to a variable declared outside).
TEST(SelectResultTest, AssignmentForm) {
  auto ch = make_chan<std::string>(1);
  auto done = make_chan<Empty>();
  std::string it = "before";
  ch.send("after");
  switch (auto r = select(recv(ch), recv(done)); r.index()) {
    case 0: it = r.value<0>(); break;
    case 1: break;
  }
  EXPECT_EQ(it, "after");
}

// A send case and a receive case of the same select, across goroutines.
TEST(SelectResultTest, SendAndReceiveCases) {
  auto in = make_chan<int>();
  auto out = make_chan<int>();
  sync::WaitGroup wg;
  wg.Add(1);
  go([&] {
    for (int i = 0; i < 100; ++i) in.send(i);
    close(in);
    wg.Done();
  });
  int sent = 0;
  int received = 0;
  auto sink = make_chan<int>(1000);
  go([out, sink] {
    for (int v : out) sink.send(v);
    close(sink);
  });
  bool in_open = true;
  while (in_open) {
    switch (auto r = select(recv(in), send(out, received)); r.index()) {
      case 0:
        if (!r.ok<0>()) {
          in_open = false;
          break;
        }
        ++received;
        break;
      case 1: ++sent; break;
    }
  }
  close(out);
  wg.Wait();
  int drained = 0;
  for (int v : sink) {
    (void)v;
    ++drained;
  }
  EXPECT_EQ(received, 100);
  EXPECT_EQ(drained, sent);
}

}  // namespace
}  // namespace golang
