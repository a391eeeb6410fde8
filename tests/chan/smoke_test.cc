#include "chan/chan.h"
#include "chan/select.h"
#include "runtime/runtime.h"
#include "gtest/gtest.h"
#include <memory>
#include <string>
namespace golang { namespace {
TEST(Smoke, PingPong) {
  auto a = make_chan<int>(); auto b = make_chan<int>();
  go([=] { for (int v : a) b.send(v + 1); close(b); });
  int x = 0;
  for (int i = 0; i < 10000; i++) { a.send(x); x = b.recv(); }
  close(a);
  EXPECT_EQ(x, 10000);
  auto [v, ok] = b.recv_ok(); EXPECT_FALSE(ok); EXPECT_EQ(v, 0);
}
TEST(Smoke, Select) {
  auto a = make_chan<std::string>(1); auto b = make_chan<std::unique_ptr<int>>(1);
  int got = 0;
  int r = select(recv(a, [&](std::string s) { got = 1; }), send(b, std::make_unique<int>(3)), default_case());
  EXPECT_EQ(r, 1);
  r = select(recv(a), recv(b, [&](std::unique_ptr<int> p, bool ok) { got = *p; }));
  EXPECT_EQ(r, 1); EXPECT_EQ(got, 3);
  r = select(recv(a), default_case([&]{ got = -1; }));
  EXPECT_EQ(r, 1); EXPECT_EQ(got, -1);
  chan<int> nil;
  recv_chan<int> rc = make_chan<int>(); send_chan<int> sc = nil;
  EXPECT_TRUE(nil == nullptr); EXPECT_FALSE(rc == nullptr); EXPECT_EQ(len(rc), 0);
  std::vector<select_case> cs; cs.emplace_back(recv(rc)); cs.emplace_back(default_case());
  EXPECT_EQ(select(cs), 1);
}
}}
