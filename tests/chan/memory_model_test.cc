// The Go memory model's channel rules (MM-1..MM-8), checked by
// ThreadSanitizer: each test writes plain (non-atomic) data, synchronizes
// only through the one operation the rule names, then reads the data. If
// the implementation lacked that happens-before edge, TSan would report a
// data race (and in the plain build, the read value is still checked).
//
// MM-6 (a receive from a *buffered* channel is NOT synchronized before the
// matching send completes) is documented only: a test of it would be a test
// that a race exists, which a program must never rely on either way.
//
// MM-2 (the exit of a goroutine is synchronized before nothing) is why every
// test below joins its goroutines through a channel, never by their exit.
#include <atomic>
#include <string>
#include <vector>

#include "chan/chan.h"
#include "chan/select.h"
#include "gtest/gtest.h"
#include "runtime/runtime.h"
#include "tests/test_util.h"

namespace golang {
namespace {

using testutil::kScale;

// MM-1: "The go statement that starts a new goroutine is synchronized
// before the start of the goroutine's execution."
TEST(MemoryModelTest, GoStatement) {
  for (int i = 0; i < 100; i++) {
    std::string a = "hello, world " + std::to_string(i);
    auto out = make_chan<std::string>(1);
    go([&a, out] { out.send(a); });  // reads a, written before go
    EXPECT_EQ(out.recv(), "hello, world " + std::to_string(i));
  }
}

// MM-3: "A send on a channel is synchronized before the completion of the
// corresponding receive from that channel." For capacities 0, 1 and 10, and
// with the send or the receive made by a select.
TEST(MemoryModelTest, SendBeforeReceive) {
  for (int chan_cap : {0, 1, 10}) {
    for (int variant = 0; variant < 4; variant++) {
      std::string a;
      auto c = make_chan<int>(chan_cap);
      auto other = make_chan<int>();
      go([&a, c, other, variant] {
        a = "hello, world";
        if (variant % 2 == 0) {
          c.send(0);
        } else {
          select(send(c, 0), recv(other));
        }
      });
      if (variant < 2) {
        (void)c.recv();
      } else {
        select(recv(c), recv(other));
      }
      EXPECT_EQ(a, "hello, world");
    }
  }
}

// MM-4: "The closing of a channel is synchronized before a receive that
// returns a zero value because the channel is closed." Plain receive,
// recv_ok, range, select (blocking and non-blocking).
TEST(MemoryModelTest, CloseBeforeReceive) {
  for (int variant = 0; variant < 5; variant++) {
    for (int chan_cap : {0, 3}) {
      std::string a;
      auto c = make_chan<int>(chan_cap);
      go([&a, c] {
        a = "hello, world";
        close(c);
      });
      switch (variant) {
        case 0: EXPECT_EQ(c.recv(), 0); break;
        case 1: EXPECT_FALSE(c.recv_ok().second); break;
        case 2:
          for (int v : c) (void)v;
          break;
        case 3: select(recv(c)); break;
        case 4:
          while (select(recv(c), default_case()) != 0) {
            runtime::Gosched();
          }
          break;
      }
      EXPECT_EQ(a, "hello, world");
    }
  }
}

// MM-5: "A receive from an unbuffered channel is synchronized before the
// completion of the corresponding send on that channel."
TEST(MemoryModelTest, UnbufferedReceiveBeforeSendCompletes) {
  for (int variant = 0; variant < 4; variant++) {
    std::string a;
    auto c = make_chan<int>();
    auto other = make_chan<int>();
    go([&a, c, other, variant] {
      a = "hello, world";
      if (variant % 2 == 0) {
        (void)c.recv();
      } else {
        select(recv(c), recv(other));
      }
    });
    if (variant < 2) {
      c.send(0);
    } else {
      select(send(c, 0), recv(other));
    }
    EXPECT_EQ(a, "hello, world");
  }
}

// MM-7: "The kth receive from a channel with capacity C is synchronized
// before the completion of the k+Cth send on that channel." The receiver
// writes slot k before its k-th receive; the sender reads slot k after its
// (k+C)-th send, and nothing else orders them.
TEST(MemoryModelTest, KthReceiveBeforeKPlusCthSend) {
  for (int chan_cap : {1, 3}) {
    const int n = 2000 / kScale;
    std::vector<int> slot(n + 1, 0);  // slot[k]: written before receive k
    auto c = make_chan<int>(chan_cap);
    go([&slot, c] {
      for (int k = 1; k <= n; k++) {
        slot[k] = k;
        (void)c.recv();  // the k-th receive
      }
    });
    for (int s = 1; s <= n + chan_cap; s++) {
      c.send(s);  // the s-th send; s = k + C
      const int k = s - chan_cap;
      if (k >= 1) {
        ASSERT_EQ(slot[k], k) << "cap " << chan_cap;
      }
    }
  }
}

// MM-8: a buffered channel as a counting semaphore: at most C holders at
// once. With C = 1 it is a mutex, and the plain counter it protects is race
// free by MM-7 (the k-th release happens before the (k+1)-th acquire).
TEST(MemoryModelTest, ChannelSemaphore) {
  constexpr int kWorkers = 8;
  const int n = 1000 / kScale;
  {
    auto limit = make_chan<Empty>(1);
    int counter = 0;  // plain: protected by limit only
    auto done = make_chan<Empty>();
    for (int w = 0; w < kWorkers; w++) {
      go([&counter, limit, done] {
        for (int i = 0; i < n; i++) {
          limit.send({});  // acquire
          counter++;
          (void)limit.recv();  // release
        }
        done.send({});
      });
    }
    for (int w = 0; w < kWorkers; w++) (void)done.recv();
    EXPECT_EQ(counter, kWorkers * n);
  }
  {
    constexpr int kC = 3;
    auto limit = make_chan<int>(kC);
    std::atomic<int> active{0}, max_active{0};
    auto done = make_chan<Empty>();
    for (int w = 0; w < kWorkers; w++) {
      go([&, limit, done] {
        for (int i = 0; i < 100; i++) {
          limit.send(1);
          int now = ++active;
          int m = max_active.load();
          while (now > m && !max_active.compare_exchange_weak(m, now)) {
          }
          runtime::Gosched();
          --active;
          (void)limit.recv();
        }
        done.send({});
      });
    }
    for (int w = 0; w < kWorkers; w++) (void)done.recv();
    EXPECT_LE(max_active.load(), kC);
    EXPECT_GE(max_active.load(), 1);
  }
}

// MM-3 for values: the value received is the value sent, including an
// object whose members the sender wrote just before sending (a pointer
// handed over through a channel, with no other synchronization).
TEST(MemoryModelTest, PointerHandOff) {
  struct Msg {
    int a = 0;
    std::string b;
  };
  auto c = make_chan<Msg*>(4);
  auto back = make_chan<Msg*>(4);
  const int n = 2000 / kScale;
  go([c, back] {
    for (int i = 0; i < n; i++) {
      Msg* m = c.recv();
      m->a += 1;  // reads the sender's writes, then writes
      m->b += "r";
      back.send(m);
    }
  });
  for (int i = 0; i < n; i++) {
    auto* m = new Msg;
    m->a = i;
    m->b = "s";
    c.send(m);
    Msg* r = back.recv();
    EXPECT_EQ(r->a, i + 1);
    EXPECT_EQ(r->b, "sr");
    delete r;
  }
}

}  // namespace
}  // namespace golang
