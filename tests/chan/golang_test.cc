// Go's test/chan/*.go programs, one namespace per Go file (as crossbeam's
// tests/golang.rs does), plus test/closedchan.go, test/chancap.go and the
// channel parts of test/nil.go. Each program's main becomes a TEST; its
// panics become EXPECT/ASSERT failures, or death tests where Go expects a
// panic.
//
// Not ported: test/chan/sieve.go is older sieve1.go; select8.go tests the
// compiler's handling of `case <-c:` with break (N/A in C++).
//
// Programs whose goroutines never finish in Go (sieves, power series) leave
// them blocked here too; they are parked goroutines, which hold no thread
// and cost a page or two of stack each.
#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <deque>
#include <map>
#include <memory>
#include <ostream>
#include <queue>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "chan/chan.h"
#include "chan/select.h"
#include "gtest/gtest.h"
#include "runtime/goleak.h"
#include "runtime/internal/sanitizers.h"
#include "runtime/runtime.h"
#include "tests/test_util.h"

#if !defined(GOLANG_INTERNAL_SANITIZER)
#include <malloc.h>
#endif

namespace golang {
namespace {

using testutil::Blocks;
using testutil::Completes;
using testutil::kSanitizer;
using testutil::kScale;
using testutil::SleepMs;

// Go: test/chan/doubleselect.go. Flushes out two cases of one select both
// running: a 4-way send select, fanned back in, must produce no duplicate
// (SEL-6).
namespace doubleselect {

void Sender(int n, send_chan<int> c1, send_chan<int> c2, send_chan<int> c3,
            send_chan<int> c4) {
  for (int i = 0; i < n; i++) {
    select(send(c1, i), send(c2, i), send(c3, i), send(c4, i));
  }
  close(c1);
  close(c2);
  close(c3);
  close(c4);
}

// mux receives the values from sender and forwards them onto another
// channel.
void Mux(send_chan<int> out, recv_chan<int> in, send_chan<bool> done) {
  for (int v : in) out.send(v);
  done.send(true);
}

TEST(GolangTest, DoubleSelect) {
  const int iterations = 100000 / kScale;
  auto c1 = make_chan<int>(), c2 = make_chan<int>(), c3 = make_chan<int>(),
       c4 = make_chan<int>();
  auto done = make_chan<bool>();
  auto cmux = make_chan<int>();
  go(Sender, iterations, c1, c2, c3, c4);
  go(Mux, cmux, c1, done);
  go(Mux, cmux, c2, done);
  go(Mux, cmux, c3, done);
  go(Mux, cmux, c4, done);
  go([done, cmux] {
    for (int i = 0; i < 4; i++) (void)done.recv();
    close(cmux);
  });
  // recver: checks for duplicates.
  std::vector<bool> seen(iterations, false);
  int n = 0;
  for (int v : cmux) {
    ASSERT_FALSE(seen[v]) << "got duplicate value: " << v;
    seen[v] = true;
    n++;
  }
  EXPECT_EQ(n, iterations);
}

}  // namespace doubleselect

// Go: test/chan/fifo.go. Buffered channels are FIFO; unbuffered ones are
// FIFO through a daisy chain of readers (CH-25).
namespace fifo {

constexpr int kN = 10;

TEST(GolangTest, AsynchFifo) {
  auto ch = make_chan<int>(kN);
  for (int i = 0; i < kN; i++) ch.send(i);
  for (int i = 0; i < kN; i++) ASSERT_EQ(ch.recv(), i) << "bad receive";
}

void Chain(recv_chan<int> ch, int val, recv_chan<int> in, send_chan<int> out,
           send_chan<bool> bad) {
  (void)in.recv();
  if (ch.recv() != val) bad.send(true);
  out.send(1);
}

// thread together a daisy chain to read the elements in sequence
TEST(GolangTest, SynchFifo) {
  auto ch = make_chan<int>();
  auto in = make_chan<int>();
  auto start = in;
  auto bad = make_chan<bool>(kN);
  for (int i = 0; i < kN; i++) {
    auto out = make_chan<int>();
    go(Chain, ch, i, in, out, bad);
    in = out;
  }
  start.send(0);
  for (int i = 0; i < kN; i++) ch.send(i);
  (void)in.recv();
  EXPECT_EQ(select(recv(bad), default_case()), 1) << "value out of order";
}

}  // namespace fifo

// Go: test/chan/goroutines.go. A chain of goroutines, each doing
// `left <- <-right`, all alive at once (CH-41; no bounded pool).
namespace goroutines {

void F(send_chan<int> left, recv_chan<int> right) { left.send(right.recv()); }

TEST(GolangTest, Goroutines) {
  const int n = kSanitizer ? 1000 : 10000;
  auto leftmost = make_chan<int>();
  auto right = leftmost;
  auto left = leftmost;
  for (int i = 0; i < n; i++) {
    right = make_chan<int>();
    go(F, left, right);
    left = right;
  }
  go([](send_chan<int> c) { c.send(1); }, right);
  EXPECT_EQ(leftmost.recv(), 1);
}

}  // namespace goroutines

// Go: test/chan/nonblock.go. Non-blocking sends and receives succeed once
// the partner is parked, for several element types and buffer sizes 0 and
// 1 (CH-40).
namespace nonblock {

constexpr int kMaxTries = 10000;  // Go's; each try sleeps about a 10 us tick

void Sleep() {
  std::this_thread::sleep_for(std::chrono::microseconds(20));
  runtime::Gosched();
}

template <class T>
void Check(T to_receiver, T from_sender) {
  auto sync = make_chan<bool>();
  for (int buffer = 0; buffer < 2; buffer++) {
    SCOPED_TRACE(buffer);
    auto c = make_chan<T>(buffer);
    // Nothing to receive yet: a non-blocking receive takes default.
    ASSERT_EQ(select(recv(c), default_case()), 1) << "blocked sender";

    go([c, sync, to_receiver] {  // receiver
      EXPECT_EQ(c.recv(), to_receiver);
      sync.send(true);
    });
    int tries = 0;
    while (select(send(c, to_receiver), default_case()) != 0) {
      ASSERT_LE(++tries, kMaxTries) << "receiver, buffer=" << buffer;
      Sleep();
    }
    (void)sync.recv();

    go([c, sync, from_sender] {  // sender
      c.send(from_sender);
      sync.send(true);
    });
    if (buffer > 0) (void)sync.recv();
    T got{};
    tries = 0;
    while (select(recv(c, [&](T v) { got = v; }), default_case()) != 0) {
      ASSERT_LE(++tries, kMaxTries) << "sender, buffer=" << buffer;
      Sleep();
    }
    EXPECT_EQ(got, from_sender);
    if (buffer == 0) (void)sync.recv();
  }
}

TEST(GolangTest, Nonblock) {
  Check<int32_t>(123, 234);
  Check<int64_t>(123456, 234567);
  Check<bool>(true, true);
  Check<std::string>("hello", "hello again");
}

}  // namespace nonblock

// Go: test/chan/perm.go (an errorcheck test: it must not compile). The
// direction rules as static_asserts (CH-7); ChanTest has the full matrix.
namespace perm {

template <class C>
concept Sendable = requires(C c) {
  c.send(0);
};
template <class C>
concept Receivable = requires(C c) {
  c.recv();
};
template <class C>
concept ReceivableOk = requires(C c) {
  c.recv_ok();
};
template <class C>
concept SelectSend = requires(C c) {
  send(c, 0);
};
template <class C>
concept SelectRecv = requires(C c) {
  recv(c);
};
template <class C>
concept Rangeable = requires(C c) {
  c.begin();
};
template <class C>
concept Closable = requires(C c) {
  close(c);
};

using Cr = recv_chan<int>;
using Cs = send_chan<int>;
using C = chan<int>;

static_assert(std::is_assignable_v<Cr&, C>);    // cr = c  // ok
static_assert(std::is_assignable_v<Cs&, C>);    // cs = c  // ok
static_assert(!std::is_assignable_v<C&, Cr>);   // c = cr  // ERROR
static_assert(!std::is_assignable_v<C&, Cs>);   // c = cs  // ERROR
static_assert(!std::is_assignable_v<Cr&, Cs>);  // cr = cs // ERROR
static_assert(!std::is_assignable_v<Cs&, Cr>);  // cs = cr // ERROR

static_assert(Sendable<C> && Receivable<C> && ReceivableOk<C>);  // ok
static_assert(!Sendable<Cr>);                                    // ERROR "send"
static_assert(Receivable<Cr> && ReceivableOk<Cr>);               // ok
static_assert(Sendable<Cs>);                                     // ok
static_assert(!Receivable<Cs> && !ReceivableOk<Cs>);  // ERROR "receive"
static_assert(SelectSend<C> && SelectRecv<C>);        // ok
static_assert(!SelectSend<Cr> && SelectRecv<Cr>);     // case cr <- 0: ERROR
static_assert(SelectSend<Cs> && !SelectRecv<Cs>);     // case <-cs: ERROR
static_assert(!Rangeable<Cs>);                        // for range cs: ERROR
static_assert(Closable<C> && Closable<Cs> &&
              !Closable<Cr>);  // close(cr): ERROR

}  // namespace perm

// Go: test/chan/powser1.go. McIlroy's power series on demand channels:
// rational arithmetic with int64, goroutines created on demand, selects
// over request and data channels with nil-ed cases (CH-41).
namespace powser1 {

struct Rat {
  int64_t num = 0, den = 0;  // numerator, denominator
  bool operator==(const Rat&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Rat& r) {
  return os << r.num << "/" << r.den;
}

struct Dch {
  chan<int> req;
  chan<Rat> dat;
  int nam;
};
using DchP = std::shared_ptr<Dch>;
using Dch2 = std::shared_ptr<std::array<DchP, 2>>;

std::atomic<int> chnameserial{0};
// Go's seqno is a global incremented by every goroutine without
// synchronization (a benign race in the Go test); atomic here so TSan
// reports only the library's races.
std::atomic<int> seqno{0};

DchP Mkdch() {
  auto d = std::make_shared<Dch>();
  d->req = make_chan<int>();
  d->dat = make_chan<Rat>();
  d->nam = chnameserial++;
  return d;
}

Dch2 Mkdch2() {
  auto d2 = std::make_shared<std::array<DchP, 2>>();
  (*d2)[0] = Mkdch();
  (*d2)[1] = Mkdch();
  return d2;
}

// split reads a single demand channel and replicates its output onto two,
// which may be read at different rates. A process is created at first
// demand for an item and dies after the item has been sent to both
// outputs. (Go's comment explains the generations; the logic is Go's.)
void Dosplit(DchP in, Dch2 out, chan<int> wait) {
  bool both = false;  // do not service both channels
  select(recv((*out)[0]->req), recv(wait, [&] {
           both = true;
           select(recv((*out)[0]->req), recv((*out)[1]->req, [&] {
                    std::swap((*out)[0], (*out)[1]);
                  }));
         }));
  in->req.send(++seqno);
  auto release = make_chan<int>();
  go(Dosplit, in, out, release);
  Rat dat = in->dat.recv();
  (*out)[0]->dat.send(dat);
  if (!both) (void)wait.recv();
  (void)(*out)[1]->req.recv();
  (*out)[1]->dat.send(dat);
  release.send(0);
}

void Split(DchP in, Dch2 out) {
  auto release = make_chan<int>();
  go(Dosplit, in, out, release);
  release.send(0);
}

void Put(Rat dat, DchP out) {
  (void)out->req.recv();
  out->dat.send(dat);
}

Rat Get(DchP in) {
  in->req.send(++seqno);
  return in->dat.recv();
}

// Get one item from each of 2 demand channels.
std::array<Rat, 2> Get2(DchP in0, DchP in1) {
  std::array<chan<int>, 2> req = {in0->req, in1->req};
  std::array<chan<Rat>, 2> dat;  // nil until the request is sent
  std::array<Rat, 2> out;
  DchP in[2] = {in0, in1};
  for (int n = 4; n > 0; n--) {
    int s = ++seqno;
    select(send(req[0], s,
                [&] {
                  dat[0] = in[0]->dat;
                  req[0] = nullptr;
                }),
           send(req[1], s,
                [&] {
                  dat[1] = in[1]->dat;
                  req[1] = nullptr;
                }),
           recv(dat[0],
                [&](Rat it) {
                  out[0] = it;
                  dat[0] = nullptr;
                }),
           recv(dat[1], [&](Rat it) {
             out[1] = it;
             dat[1] = nullptr;
           }));
  }
  return out;
}

void Copy(DchP in, DchP out) {
  for (;;) {
    (void)out->req.recv();
    out->dat.send(Get(in));
  }
}

void Repeat(Rat dat, DchP out) {
  for (;;) Put(dat, out);
}

using PS = DchP;  // power series

int64_t Gcd(int64_t u, int64_t v) {
  if (u < 0) return Gcd(-u, v);
  if (u == 0) return v;
  return Gcd(v % u, u);
}

Rat I2tor(int64_t u, int64_t v) {
  int64_t g = Gcd(u, v);
  if (v > 0) return {u / g, v / g};
  return {-u / g, -v / g};
}

Rat Itor(int64_t u) { return I2tor(u, 1); }

const Rat kZero = Itor(0);
const Rat kOne = Itor(1);
const Rat kFinis = I2tor(1, 0);  // end mark

int64_t End(Rat u) { return u.den == 0 ? 1 : 0; }

Rat Add(Rat u, Rat v) {
  int64_t g = Gcd(u.den, v.den);
  return I2tor(u.num * (v.den / g) + v.num * (u.den / g), u.den * (v.den / g));
}

Rat Mul(Rat u, Rat v) {
  int64_t g1 = Gcd(u.num, v.den);
  int64_t g2 = Gcd(u.den, v.num);
  return {(u.num / g1) * (v.num / g2), (u.den / g2) * (v.den / g1)};
}

Rat Neg(Rat u) { return I2tor(-u.num, u.den); }

PS Ones, Twos;

Dch2 Split(PS u) {
  auto uu = Mkdch2();
  go([](PS u, Dch2 uu) { Split(u, uu); }, u, uu);
  return uu;
}

// Add two power series
PS Add(PS u, PS v) {
  auto z = Mkdch();
  go(
      [](PS u, PS v, PS z) {
        for (;;) {
          (void)z->req.recv();
          auto uv = Get2(u, v);
          switch (End(uv[0]) + 2 * End(uv[1])) {
            case 0: z->dat.send(Add(uv[0], uv[1])); break;
            case 1:
              z->dat.send(uv[1]);
              Copy(v, z);
              break;
            case 2:
              z->dat.send(uv[0]);
              Copy(u, z);
              break;
            case 3: z->dat.send(kFinis); break;
          }
        }
      },
      u, v, z);
  return z;
}

// Multiply a power series by a constant
PS Cmul(Rat c, PS u) {
  auto z = Mkdch();
  go(
      [](Rat c, PS u, PS z) {
        bool done = false;
        while (!done) {
          (void)z->req.recv();
          Rat v = Get(u);
          if (End(v) != 0) {
            done = true;
          } else {
            z->dat.send(Mul(c, v));
          }
        }
        z->dat.send(kFinis);
      },
      c, u, z);
  return z;
}

PS Sub(PS u, PS v) { return Add(u, Cmul(Neg(kOne), v)); }

PS Rep(Rat c) {
  auto z = Mkdch();
  go(Repeat, c, z);
  return z;
}

// Multiply. The algorithm is
//   let U = u + x*UU
//   let V = v + x*VV
//   then UV = u*v + x*(u*VV+v*UU) + x*x*UU*VV
PS Mul(PS u, PS v) {
  auto z = Mkdch();
  go(
      [](PS u, PS v, PS z) {
        (void)z->req.recv();
        auto uv = Get2(u, v);
        if (End(uv[0]) != 0 || End(uv[1]) != 0) {
          z->dat.send(kFinis);
        } else {
          z->dat.send(Mul(uv[0], uv[1]));
          auto uu = Split(u);
          auto vv = Split(v);
          auto w = Add(Cmul(uv[0], (*vv)[0]), Cmul(uv[1], (*uu)[0]));
          (void)z->req.recv();
          z->dat.send(Get(w));
          Copy(Add(w, Mul((*uu)[1], (*vv)[1])), z);
        }
      },
      u, v, z);
  return z;
}

// Differentiate
PS Diff(PS u) {
  auto z = Mkdch();
  go(
      [](PS u, PS z) {
        (void)z->req.recv();
        Rat v = Get(u);
        if (End(v) == 0) {
          bool done = false;
          for (int64_t i = 1; !done; i++) {
            v = Get(u);
            if (End(v) != 0) {
              done = true;
            } else {
              z->dat.send(Mul(Itor(i), v));
              (void)z->req.recv();
            }
          }
        }
        z->dat.send(kFinis);
      },
      u, z);
  return z;
}

// Integrate, with const of integration
PS Integ(Rat c, PS u) {
  auto z = Mkdch();
  go(
      [](Rat c, PS u, PS z) {
        Put(c, z);
        bool done = false;
        for (int64_t i = 1; !done; i++) {
          (void)z->req.recv();
          Rat v = Get(u);
          if (End(v) != 0) done = true;
          z->dat.send(Mul(I2tor(1, i), v));
        }
        z->dat.send(kFinis);
      },
      c, u, z);
  return z;
}

// Exponential of a power series with constant term 0
//   Z = exp(U); DZ = Z*DU; integrate to get Z
PS Exp(PS u) {
  auto zz = Mkdch2();
  Split(Integ(kOne, Mul((*zz)[0], Diff(u))), zz);
  return (*zz)[1];
}

// Monomial Substitution: U(c x^n). Each Ui is multiplied by c^i and
// followed by n-1 zeros.
PS MonSubst(PS u, Rat c0, int n) {
  auto z = Mkdch();
  go(
      [](PS u, PS z, Rat c0, int n) {
        Rat c = kOne;
        for (;;) {
          (void)z->req.recv();
          Rat v = Get(u);
          z->dat.send(Mul(v, c));
          c = Mul(c, c0);
          if (End(v) != 0) {
            z->dat.send(kFinis);
            break;
          }
          for (int i = 1; i < n; i++) {
            (void)z->req.recv();
            z->dat.send(kZero);
          }
        }
      },
      u, z, c0, n);
  return z;
}

void Check(PS u, Rat c, int count, const char* str) {
  for (int i = 0; i < count; i++) {
    Rat r = Get(u);
    ASSERT_EQ(r, c) << str;
  }
}

constexpr int kN = 10;

void Checka(PS u, const std::array<Rat, kN>& a, const char* str) {
  for (int i = 0; i < kN; i++) {
    SCOPED_TRACE(i);
    Check(u, a[i], 1, str);
  }
}

TEST(GolangTest, Powser1) {
  goleak::AllowLeaks();  // its goroutines run forever, as in Go
  Ones = Rep(kOne);
  Twos = Rep(Itor(2));
  Check(Ones, kOne, 5, "Ones");
  Check(Add(Ones, Ones), Itor(2), 0, "Add Ones Ones");  // 1 1 1 1 1
  Check(Add(Ones, Twos), Itor(3), 0, "Add Ones Twos");  // 3 3 3 3 3
  std::array<Rat, kN> a;
  PS d = Diff(Ones);
  for (int i = 0; i < kN; i++) a[i] = Itor(i + 1);
  Checka(d, a, "Diff");  // 1 2 3 4 5
  PS in = Integ(kZero, Ones);
  a[0] = kZero;  // integration constant
  for (int i = 1; i < kN; i++) a[i] = I2tor(1, i);
  Checka(in, a, "Integ");                                // 0 1 1/2 1/3 1/4 1/5
  Check(Cmul(Neg(kOne), Twos), Itor(-2), 10, "CMul");    // -1 -1 -1 -1 -1
  Check(Sub(Ones, Twos), Itor(-1), 0, "Sub Ones Twos");  // -1 -1 -1 -1 -1
  PS m = Mul(Ones, Ones);
  for (int i = 0; i < kN; i++) a[i] = Itor(i + 1);
  Checka(m, a, "Mul");  // 1 2 3 4 5
  PS e = Exp(Ones);
  a = {Itor(1),
       Itor(1),
       I2tor(3, 2),
       I2tor(13, 6),
       I2tor(73, 24),
       I2tor(167, 40),
       I2tor(4051, 720),
       I2tor(37633, 5040),
       I2tor(43817, 4480),
       I2tor(4596553, 362880)};
  Checka(e, a, "Exp");  // 1 1 3/2 13/6 73/24
  PS at = Integ(kZero, MonSubst(Ones, Neg(kOne), 2));
  for (int c = 1, i = 0; i < kN; i++) {
    if (i % 2 == 0) {
      a[i] = kZero;
    } else {
      a[i] = I2tor(c, i);
      c *= -1;
    }
  }
  Checka(at, a, "ATan");  // 0 -1 0 -1/3 0 -1/5
}

}  // namespace powser1

// Go: test/chan/select.go. Send values and channels are evaluated on every
// select, also when the case loses or default runs (SEL-15).
namespace select_go {

unsigned counter = 0;
unsigned shift = 0;

unsigned GetValue() {
  counter++;
  return 1u << shift;
}

int Send(chan<unsigned> a, chan<unsigned> b) {
  int i = 0;
  for (;;) {
    if (select(send(a, GetValue(),
                    [&] {
                      i++;
                      a = nullptr;
                    }),
               send(b, GetValue(),
                    [&] {
                      i++;
                      b = nullptr;
                    }),
               default_case()) == 2) {
      break;
    }
    shift++;
  }
  return i;
}

TEST(GolangTest, Select) {
  counter = 0;
  shift = 0;
  auto a = make_chan<unsigned>(1);
  auto b = make_chan<unsigned>(1);
  EXPECT_EQ(Send(a, b), 2);
  unsigned av = a.recv(), bv = b.recv();
  EXPECT_EQ(av | bv, 3u) << "bad values " << av << " " << bv;
  EXPECT_EQ(Send(a, nullptr), 1);
  EXPECT_EQ(counter, 10u);
}

}  // namespace select_go

// Go: test/chan/select2.go. Selects do not consume memory: a second run of
// selects grows the heap by less than 1.1 bytes per select (SEL-25). Measured
// with glibc's mallinfo2 in plain builds; under the sanitizers it just runs
// (ASan's leak check covers it).
namespace select2 {

void Sender(chan<int> c, int n) {
  for (int i = 0; i < n; i++) c.send(1);
}

void Receiver(chan<int> c, chan<int> dummy, int n) {
  for (int i = 0; i < n; i++) {
    select(recv(c), recv(dummy, [] { ADD_FAILURE() << "dummy"; }));
  }
}

TEST(GolangTest, Select2) {
  // Go: 100,000 selects may grow the heap by 110 KB. 30,000 here, with the
  // bound scaled (each select is two switches between sender and receiver:
  // keeps the test short).
  const int n = 30000 / kScale;
  auto c = make_chan<int>();
  auto dummy = make_chan<int>();
  // warm up
  go(Sender, c, n);
  Receiver(c, dummy, n);
#if !defined(GOLANG_INTERNAL_SANITIZER)
  const size_t alloc = mallinfo2().uordblks;
#endif
  // second time shouldn't increase footprint by much
  go(Sender, c, n);
  Receiver(c, dummy, n);
#if !defined(GOLANG_INTERNAL_SANITIZER)
  const size_t now = mallinfo2().uordblks;
  EXPECT_LT(now > alloc ? now - alloc : 0, 110000u * n / 100000)
      << "too much memory for " << n << " selects";
#endif
}

}  // namespace select2

// Go: test/chan/select3.go. The blocking / non-blocking / panicking matrix
// of basic operations and selects (CH-12, CH-19, CH-22, SEL-4, SEL-7..11,
// SEL-19). "always blocks" waits kBlockWait; "never blocks" allows 10 s.
namespace select3 {

constexpr int kAsync = 1;  // asynchronous channels

TEST(GolangTest, Select3) {
  chan<int> nilch;
  auto closedch = make_chan<int>();
  close(closedch);

  // sending/receiving from a nil channel blocks
  EXPECT_TRUE(Blocks([=] { nilch.send(7); }));
  EXPECT_TRUE(Blocks([=] { (void)nilch.recv(); }));

  // sending/receiving from a nil channel inside a select is never selected
  select(send(nilch, 7, [] { ADD_FAILURE() << "unreachable"; }),
         default_case());
  select(recv(nilch, [] { ADD_FAILURE() << "unreachable"; }), default_case());

  // sending to an async channel with free buffer space never blocks
  EXPECT_TRUE(Completes([] {
    auto ch = make_chan<int>(kAsync);
    ch.send(7);
  }));

  // receiving from a closed channel never blocks
  std::atomic<bool> ok{true};
  EXPECT_TRUE(Completes([=, &ok] {
    for (int i = 0; i < 10; i++) {
      if (closedch.recv() != 0) ok = false;
      auto [x, k] = closedch.recv_ok();
      if (x != 0 || k) ok = false;
    }
  }));
  EXPECT_TRUE(ok.load()) << "expected 0, false from closed channel";

  // sending to a closed channel panics: Select3DeathTest.

  // receiving from a non-ready channel always blocks
  EXPECT_TRUE(Blocks([] {
    auto ch = make_chan<int>();
    (void)ch.recv();
  }));

  // empty selects always block
  EXPECT_TRUE(Blocks([] { select(); }));

  // selects with only nil channels always block
  EXPECT_TRUE(Blocks([=] { select(recv(nilch)); }));
  EXPECT_TRUE(Blocks([=] { select(send(nilch, 7)); }));
  EXPECT_TRUE(Blocks([=] { select(recv(nilch), send(nilch, 7)); }));

  // selects with non-ready non-nil channels always block
  EXPECT_TRUE(Blocks([] {
    auto ch = make_chan<int>();
    select(recv(ch));
  }));

  // selects with default cases don't block
  EXPECT_TRUE(Completes([] { select(default_case()); }));
  EXPECT_TRUE(Completes([=] { select(recv(nilch), default_case()); }));
  EXPECT_TRUE(Completes([=] { select(send(nilch, 7), default_case()); }));

  // selects with ready channels don't block
  std::atomic<int> unreachable{0};
  EXPECT_TRUE(Completes([&] {
    auto ch = make_chan<int>(kAsync);
    select(send(ch, 7), default_case([&] { unreachable++; }));
  }));
  EXPECT_TRUE(Completes([&] {
    auto ch = make_chan<int>(kAsync);
    ch.send(7);
    select(recv(ch), default_case([&] { unreachable++; }));
  }));
  EXPECT_EQ(unreachable.load(), 0);

  // selects with closed channels behave like ordinary operations
  EXPECT_TRUE(Completes([=] { select(recv(closedch)); }));
  EXPECT_TRUE(
      Completes([=] { select(recv(closedch, [](int x) { (void)x; })); }));
  EXPECT_TRUE(Completes([=] {
    select(recv(closedch, [](int x, bool k) { (void)x, (void)k; }));
  }));

  // select should not get confused if it sees itself
  EXPECT_TRUE(Blocks([] {
    auto c = make_chan<int>();
    select(send(c, 1), recv(c));
  }));
}

TEST(GolangDeathTest, Select3) {
  // sending to a closed channel panics.
  EXPECT_DEATH(
      {
        auto closedch = make_chan<int>();
        close(closedch);
        closedch.send(7);
      },
      "panic: send on closed channel");
  EXPECT_DEATH(
      {
        auto closedch = make_chan<int>();
        close(closedch);
        select(send(closedch, 7));
      },
      "panic: send on closed channel");
}

}  // namespace select3

// Go: test/chan/select4.go. The receive target of a losing case is never
// evaluated (`case *f() = <-c1:`) (SEL-16).
namespace select4 {

int f_calls = 0;
int* F() {
  f_calls++;
  static int sink;
  return &sink;
}

TEST(GolangTest, Select4) {
  struct {
    int a = 0;
  } x;
  auto c = make_chan<int>(1);
  auto c1 = make_chan<int>();
  c.send(42);
  select(recv(c1, [](int v) { *F() = v; }), recv(c, [&](int v) { x.a = v; }));
  EXPECT_EQ(f_calls, 0) << "BUG: called f";
  EXPECT_EQ(x.a, 42);
}

}  // namespace select4

// Go: test/chan/select5.go, a representative subset of its generated cases
// (SEL-15, SEL-16). Each case records the evaluation of channel operands,
// send values and receive targets, then checks: all operands are evaluated
// exactly once before the communication, whether the case is chosen, loses,
// is nil, or default runs; a receive target is "evaluated" (its body runs)
// only for the chosen case and after the communication. Source order of
// the operands: see SelectTest.OperandsEvaluatedOnceUpFront (not
// guaranteed by the static select's function-argument form) and
// DynamicSelectTest.EvaluationOrder (guaranteed by a braced list).
namespace select5 {

struct Log {
  std::string s;
  chan<int> C(const chan<int>& c, char tag) {
    s += tag;
    return c;
  }
  int V(int v, char tag) {
    s += tag;
    return v;
  }
};

std::string Sorted(std::string s) {
  std::sort(s.begin(), s.end());
  return s;
}

TEST(GolangTest, Select5) {
  chan<int> nilch;
  // Ready receive wins; the send case on a full channel loses.
  {
    Log log;
    auto full = make_chan<int>(1);
    full.send(0);
    auto ready = make_chan<int>(1);
    ready.send(5);
    int got = 0;
    int k = select(send(log.C(full, 'a'), log.V(1, 'b')),
                   recv(log.C(ready, 'c'), [&](int v) {
                     log.s += 'R';
                     got = v;
                   }));
    EXPECT_EQ(k, 1);
    EXPECT_EQ(got, 5);
    EXPECT_EQ(Sorted(log.s.substr(0, 3)), "abc");
    EXPECT_EQ(log.s.back(), 'R') << log.s;
  }
  // Default runs; nil cases and not-ready cases evaluate their operands.
  {
    Log log;
    auto empty = make_chan<int>();
    int k = select(recv(log.C(nilch, 'a'), [&](int) { log.s += 'X'; }),
                   send(log.C(nilch, 'b'), log.V(2, 'c')),
                   recv(log.C(empty, 'd'), [&](int) { log.s += 'Y'; }),
                   default_case([&] { log.s += 'D'; }));
    EXPECT_EQ(k, 3);
    EXPECT_EQ(Sorted(log.s.substr(0, 4)), "abcd");
    EXPECT_EQ(log.s.substr(4), "D");
  }
  // A blocking select: operands are evaluated before it blocks, the target
  // after the value arrives.
  {
    Log log;
    auto c = make_chan<int>();
    go([c] {
      SleepMs(10);
      c.send(9);
    });
    int got = 0;
    select(recv(log.C(c, 'a'),
                [&](int v) {
                  log.s += 'R';
                  got = v;
                }),
           send(log.C(nilch, 'b'), log.V(3, 'c')));
    EXPECT_EQ(got, 9);
    EXPECT_EQ(Sorted(log.s.substr(0, 3)), "abc");
    EXPECT_EQ(log.s.substr(3), "R");
  }
  // A chosen send case: the value is the one evaluated on entry.
  {
    Log log;
    auto c = make_chan<int>(1);
    int v = 4;
    select(send(log.C(c, 'a'), log.V(v, 'b'), [&] { log.s += 'S'; }),
           recv(log.C(nilch, 'c')));
    v = 5;
    EXPECT_EQ(c.recv(), 4);
    EXPECT_EQ(Sorted(log.s.substr(0, 3)), "abc");
    EXPECT_EQ(log.s.substr(3), "S");
  }
}

}  // namespace select5

// Go: test/chan/select6.go (Issue 2075): a select's losing case must leave
// the other waiters on that channel wakeable (SEL-22).
namespace select6 {

TEST(GolangTest, Select6) {
  auto c1 = make_chan<bool>();
  auto c2 = make_chan<bool>();
  auto c3 = make_chan<bool>();
  go([=] { (void)c1.recv(); });
  go([=] {
    select(recv(c1, [] { ADD_FAILURE() << "dummy"; }),
           recv(c2, [&] { c3.send(true); }));
    (void)c1.recv();
  });
  go([=] { c2.send(true); });
  (void)c3.recv();
  c1.send(true);
  c1.send(true);
}

}  // namespace select6

// Go: test/chan/select7.go. Selects that discard the received value, with
// one, two and three cases, against plain and select sends (SEL-24).
namespace select7 {

void Recv1(recv_chan<int> c) { (void)c.recv(); }
void Recv2(recv_chan<int> c) { select(recv(c)); }
void Recv3(recv_chan<int> c) {
  auto c2 = make_chan<int>();
  select(recv(c), recv(c2));
}

using RecvFn = void (*)(recv_chan<int>);

void Send1(RecvFn recv_fn) {
  auto c = make_chan<int>();
  go(recv_fn, c);
  runtime::Gosched();
  c.send(1);
}

void Send2(RecvFn recv_fn) {
  auto c = make_chan<int>();
  go(recv_fn, c);
  runtime::Gosched();
  select(send(c, 1));
}

void Send3(RecvFn recv_fn) {
  auto c = make_chan<int>();
  go(recv_fn, c);
  runtime::Gosched();
  auto c2 = make_chan<int>();
  select(send(c, 1), send(c2, 1));
}

TEST(GolangTest, Select7) {
  for (RecvFn r : {Recv1, Recv2, Recv3}) {
    Send1(r);
    Send2(r);
    Send3(r);
  }
}

}  // namespace select7

// Go: test/chan/sendstmt.go. `case <-cc <- 2:` sends on a channel received
// on entry; `c <- false || true` sends the whole expression.
namespace sendstmt {

TEST(GolangTest, SendStmt) {
  // chanchan
  auto cc = make_chan<chan<int>>(1);
  auto c = make_chan<int>(1);
  cc.send(c);
  select(send(cc.recv(), 2), default_case([] { ADD_FAILURE() << "nonblock"; }));
  EXPECT_EQ(c.recv(), 2) << "bad receive";
  // sendprec
  auto b = make_chan<bool>(1);
  b.send(false || true);
  EXPECT_TRUE(b.recv()) << "sent false";
}

}  // namespace sendstmt

// Go: test/chan/sieve1.go. The concurrent prime sieve (CH-34, CH-41).
namespace sieve1 {

// Send the sequence 2, 3, 4, ... to channel 'ch'.
void Generate(send_chan<int> ch) {
  for (int i = 2;; i++) ch.send(i);
}

// Copy the values from channel 'in' to channel 'out', removing those
// divisible by 'prime'.
void Filter(recv_chan<int> in, send_chan<int> out, int prime) {
  for (int i : in) {
    if (i % prime != 0) out.send(i);
  }
}

// The prime sieve: Daisy-chain Filter processes together.
void Sieve(send_chan<int> primes) {
  auto ch = make_chan<int>();
  go(Generate, ch);
  for (;;) {
    int prime = ch.recv();
    primes.send(prime);
    auto ch1 = make_chan<int>();
    go(Filter, ch, ch1, prime);
    ch = ch1;
  }
}

TEST(GolangTest, Sieve1) {
  goleak::AllowLeaks();  // its goroutines run forever, as in Go
  auto primes = make_chan<int>();
  go(Sieve, primes);
  const int a[] = {2,  3,  5,  7,  11, 13, 17, 19, 23, 29, 31, 37, 41,
                   43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97};
  for (int want : a) ASSERT_EQ(primes.recv(), want);
}

}  // namespace sieve1

// Go: test/chan/sieve2.go. An Eratosthenes sieve over odd candidates with a
// heap of multiples channels and a send proxy that buffers without bound
// using a select with a nil-ed send case (SEL-9, CH-41).
namespace sieve2 {

// Return a chan of odd numbers, starting from 5.
chan<int> Odds() {
  auto out = make_chan<int>(50);
  go([out] {
    for (int n = 5;; n += 2) out.send(n);
  });
  return out;
}

// Return a chan of odd multiples of the prime number p, starting from p*p.
chan<int> Multiples(int p) {
  auto out = make_chan<int>(10);
  go([out, p] {
    for (int n = p * p;; n += 2 * p) out.send(n);
  });
  return out;
}

struct PeekCh {
  int head;
  chan<int> ch;
};

struct HeadGreater {
  bool operator()(const PeekCh& a, const PeekCh& b) const {
    return a.head > b.head;
  }
};
using PeekChHeap =
    std::priority_queue<PeekCh, std::vector<PeekCh>, HeadGreater>;

// Return a channel to serve as a sending proxy to 'out'. Use a goroutine to
// receive values from 'out' and store them in an expanding buffer, so that
// sending to 'out' never blocks.
send_chan<int> SendProxy(send_chan<int> out) {
  auto proxy = make_chan<int>(10);
  go([proxy, out] {
    std::deque<int> buf;
    for (;;) {
      send_chan<int> c = out;
      int e = 0;
      if (buf.empty()) {
        c = nullptr;  // buffer empty: disable output
      } else {
        e = buf.front();
      }
      select(recv(proxy, [&](int v) { buf.push_back(v); }),
             send(c, e, [&] { buf.pop_front(); }));
    }
  });
  return proxy;
}

// Return a chan int of primes.
chan<int> Sieve() {
  // The output values.
  auto out = make_chan<int>(10);
  out.send(2);
  out.send(3);
  // The channel of all composites to be eliminated in increasing order.
  auto composites = make_chan<int>(50);
  // The feedback loop.
  auto primes = make_chan<int>(10);
  primes.send(3);
  // Merge channels of multiples of 'primes' into 'composites'.
  go([primes, composites] {
    PeekChHeap h;
    int min = 15;
    for (;;) {
      auto m = Multiples(primes.recv());
      int head = m.recv();
      while (min < head) {
        composites.send(min);
        PeekCh minchan = h.top();
        h.pop();
        min = minchan.head;
        minchan.head = minchan.ch.recv();
        h.push(minchan);
      }
      while (min == head) {
        PeekCh minchan = h.top();
        h.pop();
        min = minchan.head;
        minchan.head = minchan.ch.recv();
        h.push(minchan);
      }
      composites.send(head);
      h.push(PeekCh{m.recv(), m});
    }
  });
  // Sieve out 'composites' from 'candidates'.
  go([primes_in = primes, composites, out] {
    // The merging goroutine receives from 'primes' much slower than this
    // one sends to it: a proxy does automatic buffering.
    send_chan<int> primes = SendProxy(primes_in);
    auto candidates = Odds();
    int p = candidates.recv();
    for (;;) {
      int c = composites.recv();
      while (p < c) {
        primes.send(p);
        out.send(p);
        p = candidates.recv();
      }
      if (p == c) p = candidates.recv();
    }
  });
  return out;
}

TEST(GolangTest, Sieve2) {
  goleak::AllowLeaks();  // its goroutines run forever, as in Go
  auto primes = Sieve();
  const int a[] = {2,  3,  5,  7,  11, 13, 17, 19, 23, 29, 31, 37, 41,
                   43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97};
  for (int want : a) ASSERT_EQ(primes.recv(), want);
}

}  // namespace sieve2

// Go: test/chan/zerosize.go. Channels of zero-sized types (CH-6). C++ has
// no zero-size objects: Empty and std::array<char, 0> have size 1, which
// the channel must handle like any other type.
namespace zerosize {

TEST(GolangTest, ZeroSize) {
  (void)make_chan<std::array<char, 0>>();
  (void)make_chan<std::array<char, 0>>(1);
  (void)make_chan<Empty>();
  (void)make_chan<Empty>(1);
  auto c = make_chan<Empty>(1);
  c.send({});
  EXPECT_TRUE(c.recv_ok().second);
  auto a = make_chan<std::array<char, 0>>(1);
  a.send({});
  EXPECT_TRUE(a.recv_ok().second);
}

}  // namespace zerosize

// Go: test/closedchan.go. Receive from and send to closed channels, through
// direct operations (XChan), one-case selects (SChan) and selects with an
// extra case (SSChan) (CH-14, CH-22, CH-23, CH-36, CH-37, SEL-27).
namespace closedchan {

// The Chan interface, three ways.
class Chan {
 public:
  explicit Chan(chan<int> c) : c_(std::move(c)) {}
  virtual ~Chan() = default;
  virtual void Send(int x) = 0;
  virtual bool Nbsend(int x) = 0;
  virtual int Recv() = 0;
  virtual std::pair<int, bool> Nbrecv() = 0;
  virtual std::pair<int, bool> Recv2() = 0;
  virtual std::tuple<int, bool, bool> Nbrecv2() = 0;
  void Close() { close(c_); }
  virtual const char* Impl() = 0;

 protected:
  chan<int> c_;
};

// direct channel operations when possible
class XChan final : public Chan {
 public:
  using Chan::Chan;
  void Send(int x) override { c_.send(x); }
  bool Nbsend(int x) override {
    return select(send(c_, x), default_case()) == 0;
  }
  int Recv() override { return c_.recv(); }
  std::pair<int, bool> Nbrecv() override {
    int x = 0;
    bool selected =
        select(recv(c_, [&](int v) { x = v; }), default_case()) == 0;
    return {x, selected};
  }
  std::pair<int, bool> Recv2() override { return c_.recv_ok(); }
  std::tuple<int, bool, bool> Nbrecv2() override {
    int x = 0;
    bool ok = false;
    bool selected = select(recv(c_, [&](int v, bool k) { x = v, ok = k; }),
                           default_case()) == 0;
    return {x, ok, selected};
  }
  const char* Impl() override { return "(<- operator)"; }
};

// indirect operations via select
class SChan final : public Chan {
 public:
  using Chan::Chan;
  void Send(int x) override { select(send(c_, x)); }
  bool Nbsend(int x) override {
    return select(default_case(), send(c_, x)) == 1;
  }
  int Recv() override {
    int x = -1;
    select(recv(c_, [&](int v) { x = v; }));
    return x;
  }
  std::pair<int, bool> Nbrecv() override {
    int x = 0;
    bool selected =
        select(default_case(), recv(c_, [&](int v) { x = v; })) == 1;
    return {x, selected};
  }
  std::pair<int, bool> Recv2() override {
    int x = -1;
    bool ok = true;
    select(recv(c_, [&](int v, bool k) { x = v, ok = k; }));
    return {x, ok};
  }
  std::tuple<int, bool, bool> Nbrecv2() override {
    int x = 0;
    bool ok = false;
    bool selected =
        select(default_case(),
               recv(c_, [&](int v, bool k) { x = v, ok = k; })) == 1;
    return {x, ok, selected};
  }
  const char* Impl() override { return "(select)"; }
};

// indirect operations via larger selects
chan<bool>& Dummy() {
  static chan<bool>* dummy = new chan<bool>(make_chan<bool>());
  return *dummy;
}

class SSChan final : public Chan {
 public:
  using Chan::Chan;
  void Send(int x) override { select(send(c_, x), recv(Dummy())); }
  bool Nbsend(int x) override {
    return select(default_case(), recv(Dummy()), send(c_, x)) == 2;
  }
  int Recv() override {
    int x = -1;
    select(recv(Dummy()), recv(c_, [&](int v) { x = v; }));
    return x;
  }
  std::pair<int, bool> Nbrecv() override {
    int x = 0;
    bool selected = select(recv(Dummy()), default_case(),
                           recv(c_, [&](int v) { x = v; })) == 2;
    return {x, selected};
  }
  std::pair<int, bool> Recv2() override {
    int x = -1;
    bool ok = true;
    select(recv(Dummy()), recv(c_, [&](int v, bool k) { x = v, ok = k; }));
    return {x, ok};
  }
  std::tuple<int, bool, bool> Nbrecv2() override {
    int x = 0;
    bool ok = false;
    bool selected =
        select(recv(Dummy()), default_case(),
               recv(c_, [&](int v, bool k) { x = v, ok = k; })) == 2;
    return {x, ok, selected};
  }
  const char* Impl() override { return "(select)"; }
};

using Mk = std::unique_ptr<Chan> (*)(chan<int>);
const Mk kMks[] = {
    [](chan<int> c) -> std::unique_ptr<Chan> {
      return std::make_unique<XChan>(c);
    },
    [](chan<int> c) -> std::unique_ptr<Chan> {
      return std::make_unique<SChan>(c);
    },
    [](chan<int> c) -> std::unique_ptr<Chan> {
      return std::make_unique<SSChan>(c);
    },
};

// test1 without its shouldPanic parts, which are the death tests below
// (there is no recover: a panic ends the process here, so the "value should
// have been discarded" check after a recovered panic cannot be made).
void Test1(Chan& c) {
  SCOPED_TRACE(c.Impl());
  for (int i = 0; i < 3; i++) {
    // recv a close signal (a zero value)
    EXPECT_EQ(c.Recv(), 0) << "test1: recv on closed";
    auto [x2, ok2] = c.Recv2();
    EXPECT_EQ(x2, 0);
    EXPECT_FALSE(ok2) << "test1: recv2 on closed";
    // should work with select: received a value without blocking, so
    // selected == true.
    auto [x, selected] = c.Nbrecv();
    EXPECT_EQ(x, 0);
    EXPECT_TRUE(selected) << "test1: recv on closed nb";
    auto [x3, ok3, selected3] = c.Nbrecv2();
    EXPECT_EQ(x3, 0);
    EXPECT_FALSE(ok3);
    EXPECT_TRUE(selected3) << "test1: recv2 on closed nb";
  }
}

// should be able to get the last value via Recv
void TestAsync1(Chan& c) {
  EXPECT_EQ(c.Recv(), 1) << "testasync1: Recv did not get 1 " << c.Impl();
  Test1(c);
}

// should be able to get the last value via Recv2
void TestAsync2(Chan& c) {
  auto [x, ok] = c.Recv2();
  EXPECT_EQ(x, 1);
  EXPECT_TRUE(ok) << c.Impl();
  Test1(c);
}

// should be able to get the last value via Nbrecv
void TestAsync3(Chan& c) {
  auto [x, selected] = c.Nbrecv();
  EXPECT_EQ(x, 1);
  EXPECT_TRUE(selected) << c.Impl();
  Test1(c);
}

// should be able to get the last value via Nbrecv2
void TestAsync4(Chan& c) {
  auto [x, ok, selected] = c.Nbrecv2();
  EXPECT_EQ(x, 1);
  EXPECT_TRUE(ok);
  EXPECT_TRUE(selected) << c.Impl();
  Test1(c);
}

chan<int> ClosedSync() {
  auto c = make_chan<int>();
  close(c);
  return c;
}

chan<int> ClosedAsync() {
  auto c = make_chan<int>(2);
  c.send(1);
  close(c);
  return c;
}

TEST(GolangTest, ClosedChan) {
  for (Mk mk : kMks) {
    auto c = mk(ClosedSync());
    Test1(*c);
  }
  for (auto test : {TestAsync1, TestAsync2, TestAsync3, TestAsync4}) {
    for (Mk mk : kMks) {
      auto c = mk(ClosedAsync());
      test(*c);
    }
  }
}

TEST(GolangDeathTest, ClosedChan) {
  for (int k = 0; k < 3; k++) {
    SCOPED_TRACE(k);
    // send should panic, through every form, sync and async.
    EXPECT_DEATH(kMks[k](ClosedSync())->Nbsend(1),
                 "panic: send on closed channel");
    EXPECT_DEATH(kMks[k](ClosedSync())->Send(2),
                 "panic: send on closed channel");
    EXPECT_DEATH(kMks[k](ClosedAsync())->Nbsend(1),
                 "panic: send on closed channel");
    EXPECT_DEATH(kMks[k](ClosedAsync())->Send(2),
                 "panic: send on closed channel");
  }
  EXPECT_DEATH(
      {
        chan<int> ch;
        close(ch);
      },
      "panic: close of nil channel");
  EXPECT_DEATH(
      {
        auto ch = make_chan<int>();
        close(ch);
        close(ch);
      },
      "panic: close of closed channel");
}

}  // namespace closedchan

// Go: test/chancap.go (CH-2, CH-3, CH-4).
namespace chancap {

TEST(GolangTest, ChanCap) {
  auto c = make_chan<int>(10);
  EXPECT_EQ(len(c), 0);
  EXPECT_EQ(cap(c), 10);
  for (int i = 0; i < 3; i++) c.send(i);
  EXPECT_EQ(len(c), 3);
  EXPECT_EQ(cap(c), 10);
  c = make_chan<int>();
  EXPECT_EQ(len(c), 0);
  EXPECT_EQ(cap(c), 0);
}

TEST(GolangDeathTest, ChanCap) {
  int64_t n = -1;
  EXPECT_DEATH((void)make_chan<int>(n), "panic: makechan: size out of range");
  n = int64_t{1} << 62;
  EXPECT_DEATH((void)make_chan<int>(n), "panic: makechan: size out of range");
  n = INT64_MAX;
  EXPECT_DEATH((void)make_chan<int>(n), "panic: makechan: size out of range");
}

}  // namespace chancap

// Go: test/nil.go chantest: a nil channel is never ready; len and cap are 0
// (CH-8, CH-12, CH-19, CH-35).
namespace nil_go {

TEST(GolangTest, NilChan) {
  chan<int> ch;
  // nil channel is never ready
  EXPECT_TRUE(Blocks([=] { ch.send(1); }));
  EXPECT_TRUE(Blocks([=] { (void)ch.recv(); }));
  EXPECT_TRUE(Blocks([=] { (void)ch.recv_ok(); }));
  EXPECT_TRUE(Blocks([=] {
    for (int v : ch) (void)v;
  }));
  EXPECT_EQ(len(ch), 0);
  EXPECT_EQ(cap(ch), 0);
}

}  // namespace nil_go

}  // namespace
}  // namespace golang
