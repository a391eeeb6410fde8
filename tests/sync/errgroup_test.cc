// Tests of sync/errgroup.h: a port of golang.org/x/sync/errgroup's
// errgroup_test.go (v0.16.0), its examples, and stress tests.
#include "sync/errgroup.h"

#include <algorithm>
#include <atomic>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "chan/chan.h"
#include "chan/select.h"
#include "context/context.h"
#include "gtest/gtest.h"
#include "runtime/runtime.h"
#include "sync/waitgroup.h"
#include "time/time.h"

namespace golang {
namespace {

using errgroup::Group;

bool IsDone(const context::Context& c) {
  return select(recv(c.Done()), default_case()) == 0;
}

// Go: errgroup_test.go TestZeroGroup
TEST(ErrgroupTest, ZeroGroup) {
  const absl::Status err1 = absl::InternalError("errgroup_test: 1");
  const absl::Status err2 = absl::InternalError("errgroup_test: 2");
  const std::vector<std::vector<absl::Status>> cases = {
      {},
      {absl::OkStatus()},
      {err1},
      {err1, absl::OkStatus()},
      {err1, absl::OkStatus(), err2},
  };
  for (const auto& errs : cases) {
    Group g;
    absl::Status first_err;
    for (size_t i = 0; i < errs.size(); i++) {
      absl::Status err = errs[i];
      g.Go([err] { return err; });
      if (first_err.ok() && !err.ok()) first_err = err;
      EXPECT_EQ(g.Wait(), first_err) << "after " << i + 1 << " Go calls";
    }
  }
}

// Go: errgroup_test.go TestWithContext
TEST(ErrgroupTest, WithContext) {
  const absl::Status err_doom = absl::InternalError("group_test: doomed");
  struct Case {
    std::vector<absl::Status> errs;
    absl::Status want;
  };
  const Case cases[] = {
      {{}, absl::OkStatus()},
      {{absl::OkStatus()}, absl::OkStatus()},
      {{err_doom}, err_doom},
      {{err_doom, absl::OkStatus()}, err_doom},
  };
  for (const Case& tc : cases) {
    auto [g, ctx] = errgroup::WithContext(context::Background());
    for (const absl::Status& err : tc.errs) g->Go([err] { return err; });
    EXPECT_EQ(g->Wait(), tc.want);
    // EG-7: Done is closed after Wait even without errors.
    EXPECT_TRUE(IsDone(ctx)) << "after Wait, ctx.Done() was not closed";
    EXPECT_EQ(ctx.Err(), context::Canceled);
  }
}

// Go: errgroup_test.go TestTryGo
TEST(ErrgroupTest, TryGo) {
  Group g;
  const int n = 42;
  g.SetLimit(42);
  auto ch = make_chan<Empty>();
  auto fn = [ch] {
    ch.send(Empty{});
    return absl::OkStatus();
  };
  for (int i = 0; i < n; i++) {
    ASSERT_TRUE(g.TryGo(fn))
        << "TryGo should succeed but got fail at " << i << "-th call.";
  }
  ASSERT_FALSE(g.TryGo(fn)) << "TryGo is expected to fail but succeeded.";
  go([ch] {
    for (int i = 0; i < n; i++) (void)ch.recv();
  });
  EXPECT_TRUE(g.Wait().ok());

  ASSERT_TRUE(g.TryGo(fn)) << "TryGo should succeed after all goroutines.";
  go([ch] { (void)ch.recv(); });
  EXPECT_TRUE(g.Wait().ok());

  // Switch limit.
  g.SetLimit(1);
  ASSERT_TRUE(g.TryGo(fn)) << "TryGo should succeed after switching limit.";
  ASSERT_FALSE(g.TryGo(fn)) << "TryGo should fail after switching limit.";
  go([ch] { (void)ch.recv(); });
  EXPECT_TRUE(g.Wait().ok());

  // Block all calls.
  g.SetLimit(0);
  for (int i = 0; i < 1 << 10; i++) {
    ASSERT_FALSE(g.TryGo(fn)) << "TryGo should fail";
  }
  EXPECT_TRUE(g.Wait().ok());
}

// Go: errgroup_test.go TestGoLimit
TEST(ErrgroupTest, GoLimit) {
  const int kLimit = 10;
  Group g;
  g.SetLimit(kLimit);
  std::atomic<int> active{0};
  for (int i = 0; i <= 1 << 10; i++) {
    g.Go([&active]() -> absl::Status {
      const int n = ++active;
      if (n > kLimit) {
        return absl::InternalError("saw " + std::to_string(n) +
                                   " active goroutines; want <= 10");
      }
      // Give other goroutines a chance to increment active.
      time::Sleep(1 * time::Microsecond);
      --active;
      return absl::OkStatus();
    });
  }
  EXPECT_TRUE(g.Wait().ok());
}

// Go: errgroup_test.go TestCancelCause
TEST(ErrgroupTest, CancelCause) {
  const absl::Status err_doom = absl::InternalError("group_test: doomed");
  struct Case {
    std::vector<absl::Status> errs;
    absl::Status want;
  };
  const Case cases[] = {
      {{}, absl::OkStatus()},
      {{absl::OkStatus()}, absl::OkStatus()},
      {{err_doom}, err_doom},
      {{err_doom, absl::OkStatus()}, err_doom},
  };
  for (const Case& tc : cases) {
    auto [g, ctx] = errgroup::WithContext(context::Background());
    for (const absl::Status& err : tc.errs) {
      EXPECT_TRUE(g->TryGo([err] { return err; }));
    }
    EXPECT_EQ(g->Wait(), tc.want);
    const absl::Status want = tc.want.ok() ? context::Canceled : tc.want;
    EXPECT_EQ(context::Cause(ctx), want);
    EXPECT_EQ(ctx.Err(), context::Canceled);  // EG-8: Err is Canceled
  }
}

// EG-6/EG-9: the first failure cancels ctx before Wait returns, so siblings
// watching ctx stop early; Cause is the error.
TEST(ErrgroupTest, FirstErrorCancelsSiblings) {
  const absl::Status err = absl::InternalError("boom");
  auto [g, ctx] = errgroup::WithContext(context::Background());
  for (int i = 0; i < 8; i++) {
    g->Go([ctx = ctx] {
      (void)ctx.Done().recv();  // runs until cancelled by the failure
      return context::Cause(ctx);
    });
  }
  g->Go([err] { return err; });
  EXPECT_EQ(g->Wait(), err);
  EXPECT_EQ(context::Cause(ctx), err);
  // EG-4: sticky.
  g->Go([] { return absl::InternalError("later"); });
  EXPECT_EQ(g->Wait(), err);
  // EG-19: Go after cancellation still runs f.
  std::atomic<bool> ran{false};
  g->Go([&ran] {
    ran = true;
    return absl::OkStatus();
  });
  EXPECT_EQ(g->Wait(), err);
  EXPECT_TRUE(ran.load());
}

// EG-11/EG-12: Go blocks the caller at the limit, and SetLimit(0) blocks Go.
TEST(ErrgroupTest, GoBlocksAtLimit) {
  Group g;
  g.SetLimit(1);
  auto release = make_chan<Empty>();
  g.Go([release] {
    (void)release.recv();
    return absl::OkStatus();
  });
  auto second_started = make_chan<Empty>();
  go([&g, second_started] {
    g.Go([] { return absl::OkStatus(); });  // blocks until the first ends
    close(second_started);
  });
  EXPECT_EQ(
      select(recv(second_started), recv(time::After(20 * time::Millisecond))),
      1)
      << "Go did not block at the limit";
  close(release);
  (void)second_started.recv();
  EXPECT_TRUE(g.Wait().ok());
}

// EG-14/EG-15: SetLimit while goroutines hold slots panics; with no
// previous limit, or n < 0, it does not.
TEST(ErrgroupDeathTest, SetLimitWhileActive) {
  Group g;
  auto release = make_chan<Empty>();
  g.Go([release] {
    (void)release.recv();
    return absl::OkStatus();
  });
  g.SetLimit(5);   // no previous limit: no panic (EG-15)
  g.SetLimit(-1);  // never panics
  g.SetLimit(2);
  g.Go([release] {
    (void)release.recv();
    return absl::OkStatus();
  });
  EXPECT_DEATH(g.SetLimit(3),
               "panic: errgroup: modify limit while 1 goroutines in the group "
               "are still active");
  close(release);
  EXPECT_TRUE(g.Wait().ok());
  g.SetLimit(3);  // EG-16: slots are released before Wait returns
}

// Go: errgroup_test.go TestPanic — adapted: at v0.16.0 a panic in f is not
// recovered and crashes the process; an exception is not turned into an error.
TEST(ErrgroupDeathTest, Panic) {
  EXPECT_DEATH(
      {
        Group g;
        g.Go([]() -> absl::Status {
          throw std::runtime_error("errgroup boom");
        });
        (void)g.Wait();
      },
      "panic: errgroup boom");
  EXPECT_DEATH(
      {
        auto gc = errgroup::WithContext(context::Background());
        gc.first->Go([]() -> absl::Status { golang::panic("errgroup panic"); });
        (void)gc.first->Wait();
      },
      "panic: errgroup panic");
}

// Go: errgroup example_test.go ExampleGroup_justErrors — with fake fetches.
TEST(ErrgroupExampleTest, JustErrors) {
  Group g;
  const std::vector<std::string> urls = {"http://www.golang.org/",
                                         "http://www.google.com/",
                                         "http://www.somestupidname.com/"};
  auto fetch = [](const std::string& url) -> absl::Status {
    if (url.find("somestupidname") != std::string::npos) {
      return absl::UnavailableError("no such host");
    }
    return absl::OkStatus();
  };
  for (const std::string& url : urls) {
    g.Go([url, fetch] { return fetch(url); });
  }
  EXPECT_EQ(g.Wait(), absl::UnavailableError("no such host"));
}

// Go: errgroup example_test.go ExampleGroup_parallel
TEST(ErrgroupExampleTest, Parallel) {
  // Go: type Search func(ctx context.Context, query string) (Result, error)
  using Search = std::function<absl::Status(const context::Context&,
                                            const std::string&, std::string*)>;
  auto fake_search = [](std::string kind) -> Search {
    return [kind](const context::Context&, const std::string& query,
                  std::string* result) {
      *result = kind + " result for \"" + query + "\"";
      return absl::OkStatus();
    };
  };
  const Search web = fake_search("web"), image = fake_search("image"),
               video = fake_search("video");
  auto google = [&](const context::Context& ctx, const std::string& query,
                    std::vector<std::string>* out) -> absl::Status {
    auto [g, gctx] = errgroup::WithContext(ctx);
    const std::vector<Search> searches = {web, image, video};
    std::vector<std::string> results(searches.size());
    for (size_t i = 0; i < searches.size(); i++) {
      g->Go([&, i, gctx = gctx]() -> absl::Status {
        std::string result;
        absl::Status err = searches[i](gctx, query, &result);
        if (err.ok()) results[i] = result;  // MM-17: read after Wait
        return err;
      });
    }
    if (absl::Status err = g->Wait(); !err.ok()) return err;
    *out = std::move(results);
    return absl::OkStatus();
  };
  std::vector<std::string> results;
  ASSERT_TRUE(google(context::Background(), "golang", &results).ok());
  EXPECT_EQ(results, (std::vector<std::string>{"web result for \"golang\"",
                                               "image result for \"golang\"",
                                               "video result for \"golang\""}));
}

// Go: errgroup example_test.go ExampleGroup_pipeline — adapted: the stages
// (walk, digest with a fixed pool, collect) over numbers instead of files.
TEST(ErrgroupExampleTest, Pipeline) {
  auto digest_all = [](const context::Context& parent, int n,
                       std::map<int, int>* out) -> absl::Status {
    auto [g, ctx] = errgroup::WithContext(parent);
    auto paths = make_chan<int>();
    g->Go([paths, ctx = ctx, n]() -> absl::Status {
      for (int i = 0; i < n; i++) {
        absl::Status err;
        if (select(send(paths, i),
                   recv(ctx.Done(), [&] { err = ctx.Err(); })) == 1) {
          close(paths);
          return err;
        }
      }
      close(paths);
      return absl::OkStatus();
    });
    struct Result {
      int path;
      int sum;
    };
    auto c = make_chan<Result>();
    const int kNumDigesters = 20;
    sync::WaitGroup workers;
    workers.Add(kNumDigesters);
    for (int i = 0; i < kNumDigesters; i++) {
      g->Go([paths, c, ctx = ctx, &workers]() -> absl::Status {
        absl::Status err;
        for (int path : paths) {
          if (select(send(c, Result{path, path * path}),
                     recv(ctx.Done(), [&] { err = ctx.Err(); })) == 1) {
            break;
          }
        }
        workers.Done();
        return err;
      });
    }
    go([c, &workers] {
      workers.Wait();
      close(c);
    });
    std::map<int, int> m;
    for (Result r : c) m[r.path] = r.sum;
    if (absl::Status err = g->Wait(); !err.ok()) return err;
    *out = std::move(m);
    return absl::OkStatus();
  };
  std::map<int, int> m;
  ASSERT_TRUE(digest_all(context::Background(), 500, &m).ok());
  ASSERT_EQ(m.size(), 500u);
  for (auto [k, v] : m) EXPECT_EQ(v, k * k);
}

// Stress: 1,000 goroutines under a limit; never more than the limit active;
// every one runs; the first error is one of those returned.
TEST(ErrgroupStressTest, ThousandGoroutinesWithLimit) {
  const int kLimit = 16;
  for (int round = 0; round < 3; round++) {
    auto [g, ctx] = errgroup::WithContext(context::Background());
    g->SetLimit(kLimit);
    std::atomic<int> active{0}, max_active{0}, ran{0};
    for (int i = 0; i < 1000; i++) {
      g->Go([&, i]() -> absl::Status {
        const int a = ++active;
        int m = max_active.load();
        while (a > m && !max_active.compare_exchange_weak(m, a)) {
        }
        runtime::Gosched();
        --active;
        ++ran;
        if (round == 1 && i % 100 == 99) {
          return absl::InternalError("e" + std::to_string(i));
        }
        return absl::OkStatus();
      });
    }
    absl::Status err = g->Wait();
    EXPECT_EQ(ran.load(), 1000);
    EXPECT_LE(max_active.load(), kLimit);
    if (round == 1) {
      EXPECT_TRUE(absl::IsInternal(err));
      EXPECT_EQ(context::Cause(ctx), err);
    } else {
      EXPECT_TRUE(err.ok());
    }
    EXPECT_TRUE(IsDone(ctx));
  }
}

}  // namespace
}  // namespace golang
