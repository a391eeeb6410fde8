// Conformance tests for the dynamic select (chan/select.h: a run-time list
// of select_case and select(cases), Go's reflect.Select). Same rules as the
// static select (docs/semantics.md section 2), plus reflect's own: at most one
// default, at most 65536 cases.
#include <array>
#include <atomic>
#include <cmath>
#include <memory>
#include <string>
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
using testutil::kScale;
using testutil::SleepMs;

// SEL-5: receives from whichever channel is ready; the index is into cases.
TEST(DynamicSelectTest, RecvReturnsIndexAndValue) {
  std::vector<chan<int>> ins;
  for (int i = 0; i < 5; i++) ins.push_back(make_chan<int>(1));
  int got = -1, from = -1;
  std::vector<select_case> cases;
  for (int i = 0; i < 5; i++) {
    cases.emplace_back(recv(ins[i], [&, i](int v) { got = v, from = i; }));
  }
  ins[3].send(33);
  EXPECT_EQ(select(cases), 3);
  EXPECT_EQ(got, 33);
  EXPECT_EQ(from, 3);
}

// SEL-4, SEL-28: default runs when nothing is ready, wherever it stands;
// default alone runs at once.
TEST(DynamicSelectTest, Default) {
  auto c = make_chan<int>();
  bool ran = false;
  std::vector<select_case> cases;
  cases.emplace_back(recv(c));
  cases.emplace_back(default_case([&] { ran = true; }));
  cases.emplace_back(send(c, 1));
  EXPECT_EQ(select(cases), 1);
  EXPECT_TRUE(ran);

  std::vector<select_case> only_default;
  only_default.emplace_back(default_case());
  EXPECT_EQ(select(only_default), 0);
}

// reflect.Select: `reflect.Select: multiple default cases`.
TEST(DynamicSelectDeathTest, MultipleDefaultsPanic) {
  EXPECT_DEATH(
      {
        std::vector<select_case> cases;
        cases.emplace_back(default_case());
        cases.emplace_back(recv(make_chan<int>()));
        cases.emplace_back(default_case());
        select(cases);
      },
      "panic: reflect.Select: multiple default cases");
}

// SEL-7, SEL-8: no cases, or only nil channels, block forever.
TEST(DynamicSelectTest, EmptyAndNilBlock) {
  EXPECT_TRUE(Blocks([] {
    std::vector<select_case> none;
    select(none);
  }));
  EXPECT_TRUE(Blocks([] {
    chan<int> nil;
    std::vector<select_case> cases;
    cases.emplace_back(recv(nil));
    cases.emplace_back(send(nil, 1));
    select(cases);
  }));
}

// SEL-9: nil cases are never chosen; with default, default runs.
TEST(DynamicSelectTest, NilCasesNeverChosen) {
  chan<int> nil;
  auto c = make_chan<int>(1);
  std::vector<select_case> cases;
  cases.emplace_back(recv(nil));
  cases.emplace_back(send(nil, 5));
  cases.emplace_back(default_case());
  EXPECT_EQ(select(cases), 2);
  cases.emplace_back(recv(c));
  for (int i = 0; i < 50; i++) {
    c.send(i);
    EXPECT_EQ(select(cases), 3);
  }
}

// SEL-5: blocks until a goroutine makes a case ready.
TEST(DynamicSelectTest, Blocks) {
  auto a = make_chan<std::string>();
  auto b = make_chan<std::string>();
  auto result = make_chan<std::string>(1);
  go([=] {
    std::string got;
    std::vector<select_case> cases;
    cases.emplace_back(recv(a, [&](std::string s) { got = "a:" + s; }));
    cases.emplace_back(recv(b, [&](std::string s) { got = "b:" + s; }));
    int k = select(cases);
    result.send(std::to_string(k) + got);
  });
  SleepMs(10);
  b.send("x");
  EXPECT_EQ(result.recv(), "1b:x");
}

// SEL-21: duplicate channels in one dynamic select (TestSelectDuplicateChannel
// with a dynamic select as goroutine A).
TEST(DynamicSelectTest, DuplicateChannel) {
  auto c = make_chan<int>();
  auto d = make_chan<int>();
  auto e = make_chan<int>();
  go([=] {
    std::vector<select_case> cases;
    cases.emplace_back(recv(c));
    cases.emplace_back(recv(c));
    cases.emplace_back(recv(d));
    e.send(select(cases));
  });
  SleepMs(1);
  auto b_got = make_chan<int>(1);
  go([=] { b_got.send(c.recv()); });
  SleepMs(1);
  d.send(7);
  EXPECT_EQ(e.recv(), 2);
  c.send(8);
  EXPECT_EQ(b_got.recv(), 8);
}

// SEL-1, SEL-3: duplicate cases on one ready channel are chosen at random,
// receive and send alike.
TEST(DynamicSelectTest, DuplicatesChosenAtRandom) {
  auto c = make_chan<int>(1);
  std::array<int, 3> hits{};
  std::vector<select_case> cases;
  for (int i = 0; i < 3; i++)
    cases.emplace_back(recv(c, [&, i] { hits[i]++; }));
  for (int i = 0; i < 300; i++) {
    c.send(i);
    select(cases);
  }
  for (int h : hits) EXPECT_GT(h, 30);

  std::vector<select_case> sends;
  int one = 1, zero = 0;
  sends.emplace_back(send(c, one));
  sends.emplace_back(send(c, zero));
  int ones = 0;
  for (int i = 0; i < 100; i++) {
    select(sends);
    ones += c.recv();
  }
  EXPECT_GT(ones, 10);
  EXPECT_LT(ones, 90);
}

// SEL-2: TestSelectFairness with a dynamic select.
TEST(DynamicSelectTest, Fairness) {
  constexpr int kTrials = 10000;
  auto c1 = make_chan<uint8_t>(kTrials + 1);
  auto c2 = make_chan<uint8_t>(kTrials + 1);
  for (int i = 0; i < kTrials + 1; i++) {
    c1.send(1);
    c2.send(2);
  }
  auto c3 = make_chan<uint8_t>();
  auto c4 = make_chan<uint8_t>();
  uint8_t b = 0;
  auto take = [&](uint8_t v) { b = v; };
  std::vector<select_case> cases;
  cases.emplace_back(recv(c3, take));
  cases.emplace_back(recv(c4, take));
  cases.emplace_back(recv(c1, take));
  cases.emplace_back(recv(c2, take));
  int cnt1 = 0;
  for (int i = 0; i < kTrials; i++) {
    select(cases);
    cnt1 += b == 1;
  }
  const double e = std::abs(static_cast<double>(cnt1) / kTrials - 0.5);
  EXPECT_LE(e, 4.891676 / (2 * std::sqrt(kTrials))) << cnt1;
}

// SEL-10, SEL-14: a closed channel's receive case gives (T{}, false).
TEST(DynamicSelectTest, ClosedRecv) {
  auto c = make_chan<std::string>(1);
  c.send("last");
  close(c);
  std::string v = "?";
  bool ok = false;
  std::vector<select_case> cases;
  cases.emplace_back(recv(c, [&](std::string s, bool k) { v = s, ok = k; }));
  cases.emplace_back(default_case());
  EXPECT_EQ(select(cases), 0);
  EXPECT_EQ(v, "last");
  EXPECT_TRUE(ok);
  EXPECT_EQ(select(cases), 0);
  EXPECT_EQ(v, "");
  EXPECT_FALSE(ok);
}

// A send value that is a temporary (`send(c, i + 1)`, a literal) must be
// usable after the full expression that built the case: the select_case
// cannot keep a pointer to the temporary (ASan: stack-use-after-scope).
TEST(DynamicSelectTest, SendTemporaryValue) {
  auto c = make_chan<int>(4);
  std::vector<select_case> cases;
  for (int i = 0; i < 3; i++) cases.emplace_back(send(c, i + 100));
  cases.emplace_back(send(c, 7));
  std::vector<int> got;
  for (int round = 0; round < 4; round++) {
    (void)select(cases);
    got.push_back(c.recv());
  }
  for (int v : got) {
    EXPECT_TRUE(v == 7 || (v >= 100 && v <= 102)) << v;
  }
  auto s = make_chan<std::string>(1);
  std::vector<select_case> scases;
  scases.emplace_back(send(s, std::string(100, 'x')));
  select(scases);
  EXPECT_EQ(s.recv(), std::string(100, 'x'));
}

// A move-only value can be sent by a dynamic select; it is consumed only by
// the case that is chosen.
TEST(DynamicSelectTest, SendMoveOnly) {
  auto full = make_chan<std::unique_ptr<int>>(1);
  full.send(std::make_unique<int>(0));
  auto c = make_chan<std::unique_ptr<int>>(1);
  auto p = std::make_unique<int>(5);
  auto q = std::make_unique<int>(6);
  {
    std::vector<select_case> cases;
    cases.emplace_back(send(full, std::move(q)));
    cases.emplace_back(send(c, std::move(p)));
    EXPECT_EQ(select(cases), 1);
  }
  auto got = c.recv();
  ASSERT_NE(got, nullptr);
  EXPECT_EQ(*got, 5);
  EXPECT_EQ(*full.recv(), 0);
}

// A select_case keeps its channel alive (select.h): the case outlives every
// handle of the channel.
TEST(DynamicSelectTest, CaseKeepsChannelAlive) {
  std::vector<select_case> cases;
  {
    auto c = make_chan<int>(1);
    c.send(3);
    cases.emplace_back(recv(c, [](int v) { EXPECT_EQ(v, 3); }));
  }
  cases.emplace_back(default_case());
  EXPECT_EQ(select(cases), 0);
  EXPECT_EQ(select(cases), 1);
}

// SEL-22, SEL-25: a large blocking select woken through one channel unlinks
// its waiters from all the others, which keep working; repeated use does not
// grow anything (ASan's leak check at exit).
TEST(DynamicSelectTest, ManyCasesWakeAndCleanUp) {
  constexpr int kN = 100;
  std::vector<chan<int>> chans;
  for (int i = 0; i < kN; i++) chans.push_back(make_chan<int>());
  auto result = make_chan<int>(1);
  for (int round = 0; round < 20; round++) {
    const int target = (round * 37) % kN;
    go([=] {
      std::vector<select_case> cases;
      for (int i = 0; i < kN; i++) cases.emplace_back(recv(chans[i]));
      result.send(select(cases));
    });
    SleepMs(1);
    chans[target].send(round);
    EXPECT_EQ(result.recv(), target);
    // Every other channel's queue must be empty again: a plain receiver on
    // it gets the next value.
    const int other = (target + 1) % kN;
    go([=] { result.send(chans[other].recv()); });
    chans[other].send(-round);
    EXPECT_EQ(result.recv(), -round);
  }
}

// test/chan/select2.go with a dynamic select: 30,000 selects reuse one case
// list (the list owns no per-call state; ASan's leak check at exit).
TEST(DynamicSelectTest, RepeatedSelectsNoGrowth) {
  auto c = make_chan<int>();
  auto dummy = make_chan<int>();
  const int n = 30000 / kScale;
  go([=] {
    for (int i = 0; i < n; i++) c.send(1);
  });
  int sum = 0;
  std::vector<select_case> cases;
  cases.emplace_back(recv(c, [&](int v) { sum += v; }));
  cases.emplace_back(recv(dummy, [](int) { ADD_FAILURE() << "dummy"; }));
  for (int i = 0; i < n; i++) select(cases);
  EXPECT_EQ(sum, n);
}

// SEL-15 in source order: cases built with a braced list are evaluated left
// to right (C++ guarantees it for braced initializers), so the dynamic
// select honours Go's order (test/chan/select5.go's checkorder).
TEST(DynamicSelectTest, EvaluationOrder) {
  std::string order;
  auto a = make_chan<int>(1);
  auto b = make_chan<int>(1);
  chan<int> nil;
  auto ch = [&](const chan<int>& c, char tag) -> const chan<int>& {
    order += tag;
    return c;
  };
  auto val = [&](int v, char tag) {
    order += tag;
    return v;
  };
  a.send(0);  // a is full: its send case is not ready
  select_case cases[] = {
      send(ch(a, '1'), val(1, '2')),   recv(ch(nil, '3')), recv(ch(b, '4')),
      send(ch(nil, '5'), val(2, '6')), default_case(),
  };
  EXPECT_EQ(select(cases), 4);
  // Within one send case, channel then value is still a function argument
  // order (see SelectTest.OperandsEvaluatedOnceUpFront); across cases the
  // order is the source order.
  ASSERT_EQ(order.size(), 6u);
  EXPECT_LT(order.find('1'), order.find('3'));
  EXPECT_LT(order.find('2'), order.find('3'));
  EXPECT_LT(order.find('3'), order.find('4'));
  EXPECT_LT(order.find('4'), order.find('5'));
  EXPECT_LT(order.find('4'), order.find('6'));
}

// Go: src/reflect/all_test.go TestSelectMaxCases: 65536 cases work.
TEST(DynamicSelectTest, MaxCases) {
  constexpr int kMax = 65536;
  auto idle = make_chan<int>();
  auto ready = make_chan<int>(1);
  ready.send(1);
  std::vector<select_case> cases;
  cases.reserve(kMax);
  for (int i = 0; i < kMax - 1; i++) cases.emplace_back(recv(idle));
  bool fired = false;
  cases.emplace_back(recv(ready, [&](int) { fired = true; }));
  EXPECT_EQ(select(cases), kMax - 1);
  EXPECT_TRUE(fired);
}

// Go: src/reflect/all_test.go TestSelectMaxCases: one case more panics with
// `reflect.Select: too many cases (max 65536)` (an index past 65535 cannot
// be represented by the select machinery).
TEST(DynamicSelectDeathTest, TooManyCasesPanic) {
  EXPECT_DEATH(
      {
        auto idle = make_chan<int>();
        std::vector<select_case> cases;
        for (int i = 0; i < 65537; i++) cases.emplace_back(recv(idle));
        cases.emplace_back(default_case());
        select(cases);
      },
      "panic: reflect.Select: too many cases \\(max 65536\\)");
}

// SEL-11 with the dynamic select: a closed send case panics even with a
// default.
TEST(DynamicSelectDeathTest, SendOnClosedWithDefault) {
  EXPECT_DEATH(
      {
        auto c = make_chan<int>(1);
        close(c);
        std::vector<select_case> cases;
        cases.emplace_back(send(c, 1));
        cases.emplace_back(default_case());
        select(cases);
      },
      "panic: send on closed channel");
}

// A case used in many select calls sends its (copyable) value every time,
// as reflect.Select sends a copy of SelectCase.Send on each call.
TEST(DynamicSelectTest, ReusedSendCaseSendsValueEachTime) {
  auto c = make_chan<std::string>(1);
  std::string hello = "hello";
  std::vector<select_case> cases;
  cases.emplace_back(send(c, hello));
  cases.emplace_back(send(c, std::string("world")));
  for (int i = 0; i < 20; i++) {
    (void)select(cases);
    std::string got = c.recv();
    EXPECT_TRUE(got == "hello" || got == "world")
        << "round " << i << ": '" << got << "'";
  }
}

}  // namespace
}  // namespace golang
