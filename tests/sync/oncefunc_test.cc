// Tests of sync/once.h: OnceFunc, OnceValue, OnceValues.
// Go: src/sync/oncefunc_test.go (TestOnceFunc, TestOnceValue, TestOnceValues,
// TestOnceFuncPanic, TestOnceValuePanic, TestOnceValuesPanic, TestOnceXGC),
// adapted: Go's panics are C++ exceptions, its allocation counts are not
// measured, and "garbage collected" is "destroyed".
#include <atomic>
#include <memory>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>

#include "gtest/gtest.h"
#include "sync/once.h"
#include "sync/waitgroup.h"

namespace golang::sync {
namespace {

// Go: src/sync/oncefunc_test.go TestOnceFunc
TEST(OnceFuncTest, OnceFunc) {
  int calls = 0;
  auto f = OnceFunc([&] { calls++; });
  for (int i = 0; i < 10; i++) f();
  EXPECT_EQ(calls, 1);
  auto g = f;  // copies share the state
  g();
  EXPECT_EQ(calls, 1);
}

// Go: src/sync/oncefunc_test.go TestOnceValue
TEST(OnceFuncTest, OnceValue) {
  int calls = 0;
  auto f = OnceValue([&] {
    calls++;
    return calls;
  });
  for (int i = 0; i < 10; i++) f();
  const int value = f();
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(value, 1);
}

// Go: src/sync/oncefunc_test.go TestOnceValues
TEST(OnceFuncTest, OnceValues) {
  int calls = 0;
  auto f = OnceValues([&] {
    calls++;
    return std::pair(calls, calls + 1);
  });
  for (int i = 0; i < 10; i++) f();
  auto [v1, v2] = f();
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(v1, 1);
  EXPECT_EQ(v2, 2);
  // A two-element tuple works too; the result is a pair.
  auto h = OnceValues([] { return std::tuple(std::string("a"), 2.5); });
  std::pair<std::string, double> r = h();
  EXPECT_EQ(r.first, "a");
  EXPECT_EQ(r.second, 2.5);
}

// Go: testOncePanicX — each call throws the same exception, f runs once.
template <class F>
void TestOncePanicX(const int& calls, F f) {
  const std::exception* first = nullptr;
  for (const char* label : {"first time", "second time"}) {
    try {
      f();
      FAIL() << label << ": f did not panic";
    } catch (const std::runtime_error& e) {
      EXPECT_STREQ(e.what(), "x") << label;
      if (first == nullptr) {
        first = &e;
      } else {
        EXPECT_EQ(first, &e) << label << ": not the same exception object";
      }
    }
  }
  EXPECT_EQ(calls, 1);
}

// Go: src/sync/oncefunc_test.go TestOnceFuncPanic
TEST(OnceFuncTest, OnceFuncPanic) {
  int calls = 0;
  auto f = OnceFunc([&] {
    calls++;
    throw std::runtime_error("x");
  });
  TestOncePanicX(calls, f);
}

// Go: src/sync/oncefunc_test.go TestOnceValuePanic
TEST(OnceFuncTest, OnceValuePanic) {
  int calls = 0;
  auto f = OnceValue([&]() -> int {
    calls++;
    throw std::runtime_error("x");
  });
  TestOncePanicX(calls, [&] { (void)f(); });
}

// Go: src/sync/oncefunc_test.go TestOnceValuesPanic
TEST(OnceFuncTest, OnceValuesPanic) {
  int calls = 0;
  auto f = OnceValues([&]() -> std::pair<int, int> {
    calls++;
    throw std::runtime_error("x");
  });
  TestOncePanicX(calls, [&] { (void)f(); });
}

// Go: src/sync/oncefunc_test.go TestOnceXGC — the wrapped function is not
// kept alive after the first call, though the wrapper is.
TEST(OnceFuncTest, OnceXGC) {
  auto check = [](auto make, bool throws) {
    auto buf = std::make_shared<int>(0);
    std::weak_ptr<int> watch = buf;
    auto f = make(std::move(buf));
    EXPECT_FALSE(watch.expired()) << "wrapped function destroyed too early";
    try {
      f();
      EXPECT_FALSE(throws);
    } catch (const std::runtime_error&) {
      EXPECT_TRUE(throws);
    }
    EXPECT_TRUE(watch.expired()) << "wrapped function still alive";
    try {
      f();
    } catch (const std::runtime_error&) {
    }
  };
  check([](std::shared_ptr<int> b) { return OnceFunc([b] { *b = 1; }); },
        false);
  check(
      [](std::shared_ptr<int> b) {
        return OnceValue([b] {
          *b = 1;
          return 0;
        });
      },
      false);
  check(
      [](std::shared_ptr<int> b) {
        return OnceValues([b] {
          *b = 1;
          return std::pair(0, 0);
        });
      },
      false);
  check(
      [](std::shared_ptr<int> b) {
        return OnceFunc([b] {
          *b = 1;
          throw std::runtime_error("test panic");
        });
      },
      true);
}

// Many goroutines call one wrapper: f runs once and everyone sees its
// result (MM-10 through the wrapper).
TEST(OnceFuncTest, ConcurrentCallers) {
  std::atomic<int> calls{0};
  auto get = OnceValue([&] {
    calls++;
    return std::make_shared<std::string>("config");
  });
  WaitGroup wg;
  for (int i = 0; i < 16; i++) {
    wg.Go([get] { EXPECT_EQ(*get(), "config"); });
  }
  wg.Wait();
  EXPECT_EQ(calls.load(), 1);
}

}  // namespace
}  // namespace golang::sync
