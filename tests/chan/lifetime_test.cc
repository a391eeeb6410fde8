// "Destroyed right after the operation" for channels and select (issue 13,
// item 2). The channel handle is on the heap and is the channel's only
// reference apart from what blocked operations hold; the goroutine whose
// operation ends the channel's use deletes it the moment that operation
// returns, while the partner (a sender, a closer, a select) is still on its
// way out of its own call through the same handle. Nothing may touch the
// channel, the handle or the partner's waiter record after the hand-off:
// AddressSanitizer reports a heap-use-after-free, ThreadSanitizer a race
// with the delete. Elements own heap memory (std::string past the small
// buffer), so a value moved or destroyed at the wrong time shows up too.
#include <atomic>
#include <memory>
#include <string>
#include <utility>

#include "chan/chan.h"
#include "chan/select.h"
#include "gtest/gtest.h"
#include "runtime/runtime.h"
#include "tests/test_util.h"

namespace golang {
namespace {

using testutil::kScale;

constexpr int kIterations = 2000 / kScale;

std::string Value(int i) { return std::string(48, 'a' + i % 26); }

// A sender and a receiver on one handle; the receiver deletes the handle
// (the channel's last reference) once its receive returns, while the send
// may still be returning. Buffered and unbuffered, and either side first.
TEST(ChanLifetime, DestroyedByReceiverWhileSendReturns) {
  for (int i = 0; i < kIterations; i++) {
    const int cap = i % 2;
    auto* ch = new chan<std::string>(make_chan<std::string>(cap));
    auto sent = make_chan<Empty>(1);
    go([ch, sent, i] {
      ch->send(Value(i));
      sent.send(Empty{});
    });
    if (i % 4 >= 2) runtime::Gosched();  // let the sender block first
    ASSERT_EQ(ch->recv(), Value(i));
    delete ch;
    (void)sent.recv();
  }
}

// The sender deletes the handle right after its send returns; the receiver
// it handed the value to may still be returning from its receive.
TEST(ChanLifetime, DestroyedBySenderWhileReceiveReturns) {
  for (int i = 0; i < kIterations; i++) {
    auto* ch = new chan<std::string>(make_chan<std::string>(0));
    auto got = make_chan<std::string>(1);
    go([ch, got] { got.send(ch->recv()); });
    ch->send(Value(i));
    delete ch;
    ASSERT_EQ(got.recv(), Value(i));
  }
}

// Receivers blocked on a channel that a goroutine closes through the shared
// handle; the last receiver to wake deletes the handle while close may still
// be returning (and waking the others).
TEST(ChanLifetime, DestroyedByLastWokenReceiverWhileCloseReturns) {
  constexpr int kReceivers = 3;
  for (int i = 0; i < kIterations; i++) {
    struct Shared {
      explicit Shared(int cap) : ch(make_chan<std::string>(cap)) {}
      chan<std::string> ch;
      std::atomic<int> left{kReceivers};
    };
    auto* s = new Shared(i % 2);
    auto done = make_chan<bool>(kReceivers);
    for (int r = 0; r < kReceivers; r++) {
      go([s, done] {
        auto [v, ok] = s->ch.recv_ok();
        if (s->left.fetch_sub(1) == 1) delete s;
        done.send(!ok && v.empty());
      });
    }
    if (i % 2 == 0) runtime::Gosched();
    go([s] { close(s->ch); });
    for (int r = 0; r < kReceivers; r++) ASSERT_TRUE(done.recv());
  }
}

// A select that commits a send (by polling, or after blocking on two
// channels) and the receiver that deletes both handles as soon as it has
// the value, while the select is still unlinking its other case.
TEST(SelectLifetime, DestroyedByPartnerWhileSelectReturns) {
  for (int i = 0; i < kIterations; i++) {
    auto* a = new chan<std::string>(make_chan<std::string>(i % 3 == 0 ? 1 : 0));
    auto* b = new chan<std::string>(make_chan<std::string>());
    auto chosen = make_chan<int>(1);
    go([a, b, chosen, i] {
      chosen.send(select(send(*a, Value(i)), recv(*b)));
    });
    if (i % 2 == 0) runtime::Gosched();
    ASSERT_EQ(a->recv(), Value(i));
    delete a;
    delete b;
    ASSERT_EQ(chosen.recv(), 0);
  }
}

// A select blocked on two receives, released by close of one channel from
// another goroutine through the shared handle; the select's goroutine
// deletes both handles right after select returns, while close returns.
TEST(SelectLifetime, DestroyedBySelectWhileCloseReturns) {
  for (int i = 0; i < kIterations; i++) {
    auto* a = new chan<std::string>(make_chan<std::string>());
    auto* b = new chan<std::string>(make_chan<std::string>(1));
    auto closed = make_chan<Empty>(1);
    go([a, closed] {
      close(*a);
      closed.send(Empty{});
    });
    bool ok = true;
    const int c =
        select(recv(*a, [&](std::string, bool o) { ok = o; }), recv(*b));
    delete a;
    delete b;
    ASSERT_EQ(c, 0);
    ASSERT_FALSE(ok);
    (void)closed.recv();
  }
}

}  // namespace
}  // namespace golang
