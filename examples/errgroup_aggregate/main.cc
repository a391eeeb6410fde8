// AggregateResults again, with errgroup, translated line for line from
// main.go: the group waits for every fetch, returns the first error, and
// cancels the others' context as soon as one fails. SetLimit(2) keeps at
// most two fetches in flight.
//
// Differences from Go:
//   - The fetches capture `results` by reference: safe because g->Wait()
//     returns only after every one of them has. What each needs for itself
//     (i, source, ctx) is copied into its closure, as Go's
//     `i, source := i, source` does; `ctx = ctx` also because Clang before
//     16 cannot capture a structured binding.
//   - Go's report(AggregateResults(...)) passes two results as two
//     arguments; std::apply does that with the returned pair.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <iostream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/cleanup/cleanup.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "chan/select.h"
#include "context/context.h"
#include "runtime/runtime.h"
#include "sync/errgroup.h"
#include "time/time.h"

using namespace golang;  // NOLINT: Go's builtins and packages, unqualified.

// down names the sources that fail, to show the error path.
absl::flat_hash_set<std::string> down;

// inFlight and maxInFlight count concurrent fetches, to show SetLimit.
std::atomic<int32_t> inFlight{0}, maxInFlight{0};

// fetch stands for a call to the service behind source.
std::pair<std::string, absl::Status> fetch(context::Context ctx,
                                           std::string source) {
  int32_t n = ++inFlight;
  absl::Cleanup defer_done = [&] { --inFlight; };
  for (int32_t m = maxInFlight.load();
       n > m && !maxInFlight.compare_exchange_strong(m, n);
       m = maxInFlight.load()) {
  }
  if (down.contains(source)) {
    return {"", absl::UnavailableError(
                    absl::StrCat(source, ": service unavailable"))};
  }
  switch (select(recv(time::After(20 * time::Millisecond)), recv(ctx.Done()))) {
    case 0: return {source, absl::OkStatus()};
    default:  // case <-ctx.Done(): Another fetch failed.
      return {"", ctx.Err()};
  }
}

// AggregateResults combines data from all sources, two at a time.
std::pair<std::string, absl::Status> AggregateResults(
    context::Context parent, const std::vector<std::string>& sources) {
  auto [g, ctx] = errgroup::WithContext(parent);
  g->SetLimit(2);  // Go blocks while two fetches are in flight.
  std::vector<std::string> results(sources.size());
  for (std::size_t i = 0; i < sources.size(); i++) {
    const std::string& source = sources[i];
    g->Go([&results, i, source,
           ctx = ctx]() -> absl::Status {  // Each closure gets its own copies.
      auto [data, err] = fetch(ctx, source);
      if (!err.ok()) {
        return err;  // The first error cancels ctx.
      }
      results[i] = data;
      return absl::OkStatus();
    });
  }
  if (absl::Status err = g->Wait(); !err.ok()) {
    return {"", err};
  }
  return {absl::StrJoin(results, "+"), absl::OkStatus()};
}

// report prints what AggregateResults returned.
void report(const std::string& data, const absl::Status& err) {
  if (!err.ok()) {
    std::cout << "error: " << err.message() << "\n";
    return;
  }
  std::cout << "result: " << data << "\n";
}

int main() {
  std::vector<std::string> sources = {"profile", "prefs", "history", "friends"};
  std::apply(report, AggregateResults(context::Background(), sources));
  std::cout << "most fetches in flight: " << maxInFlight.load() << "\n";

  down.insert("prefs");  // The error path.
  std::apply(report, AggregateResults(context::Background(), sources));
}
