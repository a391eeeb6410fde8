// Replicated search, first answer wins, translated line for line from
// main.go: the same query goes to every replica at once and the first
// answer is used. context::WithTimeout bounds the wait; the deferred cancel
// tells the replicas still working to stop, and the buffered results
// channel lets a replica that answers too late send without blocking, so no
// goroutine outlives the search.
//
// Differences from Go: each replica's goroutine runs on after first()
// returns, so it captures by value ([=]) what it uses: the query, the
// results channel and the context (handles). `ctx = ctx` also because Clang
// before 16 cannot capture a structured binding. Go's variadic
// `replicas ...replica` is a std::vector.
#include <iostream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/cleanup/cleanup.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "chan/chan.h"
#include "chan/select.h"
#include "context/context.h"
#include "runtime/runtime.h"
#include "time/time.h"

using namespace golang;  // NOLINT: Go's builtins and packages, unqualified.

// A replica answers any query after its latency; they all hold the same
// data, so which one answers first does not change the answer.
struct replica {
  time::Duration latency;

  // search asks r for q; it gives up when ctx is done.
  std::pair<std::string, absl::Status> search(context::Context ctx,
                                              const std::string& q) const {
    switch (select(recv(time::After(latency)), recv(ctx.Done())).index()) {
      case 0:  // case <-time.After(r.latency):
        return {absl::StrFormat("%d results for %s", q.size(), q),
                absl::OkStatus()};
      default:  // case <-ctx.Done():
        return {"", ctx.Err()};
    }
  }
};

// first sends q to every replica and returns the first answer, or the
// context's error if none answers within timeout.
std::pair<std::string, absl::Status> first(
    const std::string& q, time::Duration timeout,
    const std::vector<replica>& replicas) {
  auto [ctx, cancel] = context::WithTimeout(context::Background(), timeout);
  absl::Cleanup defer_cancel = cancel;  // The replicas still searching stop.
  // Room for every answer: a replica that answers late never blocks.
  auto results = make_chan<std::string>(replicas.size());
  for (const replica& r : replicas) {
    go(
        [=, ctx = ctx](replica r) {
          if (auto [answer, err] = r.search(ctx, q); err.ok()) {
            results.send(answer);
          }
        },
        r);
  }
  switch (auto r = select(recv(results), recv(ctx.Done())); r.index()) {
    case 0:  // case answer := <-results:
      return {r.value<0>(), absl::OkStatus()};
    default:  // case <-ctx.Done():
      return {"", ctx.Err()};
  }
}

// goroutines returns runtime::NumGoroutine() once it has come down to want
// (a goroutine counts until its function has returned), or after a second.
int goroutines(int want) {
  for (int i = 0; i < 1000 && runtime::NumGoroutine() > want; i++) {
    time::Sleep(time::Millisecond);
  }
  return runtime::NumGoroutine();
}

// report prints the outcome of a search, and how many goroutines are left.
void report(std::string answer, const absl::Status& err) {
  if (!err.ok()) {
    answer = absl::StrCat("no answer: ", err.message());
  }
  absl::PrintF("%s (goroutines after: %d)\n", answer, goroutines(1));
}

int main() {
  std::cout << "goroutines at start: " << runtime::NumGoroutine() << "\n";
  replica down{.latency = time::Hour};  // Never answers in time.

  // Two replicas answer, a millisecond apart; the third is down.
  auto [answer, err] =
      first("gopher", 5 * time::Second,
            {replica{time::Millisecond}, replica{2 * time::Millisecond}, down});
  report(answer, err);

  // Every replica is down: the deadline ends the search.
  std::tie(answer, err) =
      first("gopher", 20 * time::Millisecond, {down, down, down});
  report(answer, err);
}
