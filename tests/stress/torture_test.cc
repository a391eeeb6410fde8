// A seeded random-operations torture: producers and consumers, half of them
// goroutines and half plain threads, drive a set of buffered and unbuffered
// channels with every kind of operation (send, receive, select with and
// without default, a timer or a context in a select, dynamic select, close)
// while contexts are cancelled under them. Every value sent must be
// received exactly once, and nothing received that was not sent.
//
// Each actor draws its operations from its own PRNG seeded from the run's
// seed, so a seed fixes what every actor tries (the interleaving is the
// scheduler's). The seed is printed, and a failing run says it:
//   GOLANG_TORTURE_SEED=<seed>     replay the same choices
//   GOLANG_TORTURE_SECONDS=<s>     how long producers keep producing
//                                  (default 1; the CI stress job runs longer)
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/cleanup/cleanup.h"
#include "absl/time/clock.h"
#include "chan/chan.h"
#include "chan/select.h"
#include "context/context.h"
#include "gtest/gtest.h"
#include "runtime/runtime.h"
#include "sync/waitgroup.h"
#include "time/time.h"

namespace golang {
namespace {

uint64_t EnvOr(const char* name, uint64_t fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? std::strtoull(v, nullptr, 10) : fallback;
}

constexpr int kChannels = 6;
constexpr int kProducers = 6;  // even ids are goroutines, odd ones threads
constexpr int kConsumers = 4;

// A value names its producer and its sequence number.
constexpr int64_t Encode(int producer, int64_t seq) {
  return seq * kProducers + producer;
}

// Runs f as a goroutine (even id) or a plain thread (odd id); wg counts it.
template <class F>
void Start(int id, sync::WaitGroup& wg, std::vector<std::thread>& threads,
           F f) {
  if (id % 2 == 0) {
    wg.Go(std::move(f));
  } else {
    threads.emplace_back(std::move(f));
  }
}

class Torture {
 public:
  explicit Torture(uint64_t seed) : seed_(seed) {
    std::mt19937_64 rng(seed);
    for (int i = 0; i < kChannels; ++i) {
      // Unbuffered (rendezvous) and small buffers: capacities 0..3.
      chans_.push_back(make_chan<int64_t>(static_cast<int>(rng() % 4)));
    }
  }

  void Run(absl::Duration produce_for) {
    auto [root, cancel_root] = context::WithCancel(context::Background());
    const absl::Time stop_at = absl::Now() + produce_for;
    sent_.resize(kProducers);
    received_.resize(kConsumers);

    sync::WaitGroup producers;
    std::vector<std::thread> producer_threads;
    for (int p = 0; p < kProducers; ++p) {
      Start(p, producers, producer_threads,
            [this, p, root = root, stop_at] { Produce(p, root, stop_at); });
    }
    // Cancels the root context half-way: producers' context cases then
    // fire at once, and they carry on with fresh contexts.
    auto canceller = std::thread([cancel = cancel_root, produce_for] {
      std::this_thread::sleep_for(absl::ToChronoNanoseconds(produce_for / 2));
      cancel();
    });

    sync::WaitGroup consumers;
    std::vector<std::thread> consumer_threads;
    for (int c = 0; c < kConsumers; ++c) {
      Start(c, consumers, consumer_threads, [this, c] { Consume(c); });
    }

    producers.Wait();
    for (auto& t : producer_threads) t.join();
    canceller.join();
    // The single closer: every producer is done.
    for (auto& ch : chans_) close(ch);
    consumers.Wait();
    for (auto& t : consumer_threads) t.join();
    cancel_root();
  }

  // Every value sent received exactly once, nothing else received.
  void Check() const {
    std::vector<int64_t> sent;
    std::vector<int64_t> got;
    for (const auto& v : sent_) sent.insert(sent.end(), v.begin(), v.end());
    for (const auto& v : received_) got.insert(got.end(), v.begin(), v.end());
    std::sort(sent.begin(), sent.end());
    std::sort(got.begin(), got.end());
    ASSERT_GT(sent.size(), 0u);
    const auto dup = std::adjacent_find(got.begin(), got.end());
    EXPECT_TRUE(dup == got.end())
        << "value " << *dup << " received twice (seed " << seed_ << ")";
    EXPECT_EQ(sent.size(), got.size()) << "seed " << seed_;
    EXPECT_TRUE(sent == got)
        << "received values differ from those sent (seed " << seed_ << ")";
  }

  size_t Sent() const {
    size_t n = 0;
    for (const auto& v : sent_) n += v.size();
    return n;
  }

 private:
  void Produce(int p, const context::Context& root, absl::Time stop_at) {
    std::mt19937_64 rng(seed_ * 1000003 + static_cast<uint64_t>(p));
    std::vector<int64_t>& sent = sent_[p];
    int64_t seq = 0;
    while (absl::Now() < stop_at) {
      const int64_t v = Encode(p, seq++);
      auto& a = chans_[rng() % kChannels];
      auto& b = chans_[rng() % kChannels];
      bool ok = true;
      switch (rng() % 6) {
        case 0: a.send(v); break;
        case 1: select(send(a, v), send(b, v)); break;
        case 2: ok = select(send(a, v), default_case()) == 0; break;
        case 3: {
          // A context with a short deadline under the root, which may be
          // cancelled already.
          auto [ctx, cancel] = context::WithTimeout(
              root, absl::Microseconds(static_cast<int64_t>(rng() % 300)));
          ok = select(send(a, v), recv(ctx.Done())) == 0;
          cancel();
          break;
        }
        case 4:
          ok =
              select(send(a, v), recv(time::After(absl::Microseconds(
                                     static_cast<int64_t>(rng() % 200))))) == 0;
          break;
        default:
          runtime::Gosched();
          ok = false;
          break;
      }
      if (ok) sent.push_back(v);
    }
  }

  void Consume(int c) {
    std::mt19937_64 rng(seed_ * 7919 + 17 + static_cast<uint64_t>(c));
    std::vector<int64_t>& got = received_[c];
    std::vector<bool> closed(kChannels, false);
    int open = kChannels;
    auto take = [&](int i, int64_t v, bool ok) {
      if (ok) {
        got.push_back(v);
      } else if (!closed[i]) {
        closed[i] = true;
        --open;
      }
    };
    while (open > 0) {
      const int i = static_cast<int>(rng() % kChannels);
      switch (rng() % 4) {
        case 0: {
          // Dynamic select over every channel still open for this consumer.
          std::vector<select_case> cases;
          for (int k = 0; k < kChannels; ++k) {
            if (closed[k]) continue;
            cases.emplace_back(recv(
                chans_[k], [&take, k](int64_t v, bool ok) { take(k, v, ok); }));
          }
          select(cases);
          break;
        }
        case 1:
          select(recv(chans_[i], [&](int64_t v, bool ok) { take(i, v, ok); }),
                 default_case());
          break;
        case 2:
          select(recv(chans_[i], [&](int64_t v, bool ok) { take(i, v, ok); }),
                 recv(time::After(
                     absl::Microseconds(static_cast<int64_t>(rng() % 200)))));
          break;
        default:
          if (closed[i]) break;
          // A blocking receive on one channel, but never for long: the
          // producers may all be sending elsewhere.
          select(recv(chans_[i], [&](int64_t v, bool ok) { take(i, v, ok); }),
                 recv(time::After(absl::Milliseconds(1))));
          break;
      }
    }
  }

  const uint64_t seed_;
  std::vector<chan<int64_t>> chans_;
  // One vector per actor, written only by it; read after it is joined.
  std::vector<std::vector<int64_t>> sent_;
  std::vector<std::vector<int64_t>> received_;
};

TEST(TortureTest, EveryValueReceivedExactlyOnce) {
  const uint64_t seed =
      EnvOr("GOLANG_TORTURE_SEED",
            static_cast<uint64_t>(absl::ToUnixNanos(absl::Now())) % 1000000007);
  const absl::Duration produce_for =
      absl::Seconds(static_cast<int64_t>(EnvOr("GOLANG_TORTURE_SECONDS", 1)));
  std::printf("torture: seed %llu, %s (rerun with GOLANG_TORTURE_SEED=%llu)\n",
              static_cast<unsigned long long>(seed),
              absl::FormatDuration(produce_for).c_str(),
              static_cast<unsigned long long>(seed));
  Torture t(seed);
  t.Run(produce_for);
  t.Check();
  std::printf("torture: %zu values sent and received\n", t.Sent());
}

}  // namespace
}  // namespace golang
