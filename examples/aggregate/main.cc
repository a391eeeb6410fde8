// AggregateResults from "Structured concurrency in Go", translated line for
// line from main.go: two workers fetch in parallel, errors come back on a
// buffered channel that a single closer goroutine closes once the WaitGroup
// reaches zero.
//
// main calls it twice: once when both sources answer (the merged result is
// printed) and once when the preferences service is down (the error is).
//
// Differences from Go: AggregateResults may return on the first error while
// the other worker is still running, and with no garbage collector its
// locals would then be destroyed under that worker. So what the goroutines
// share with it lives on the heap (std::make_shared) and they capture it by
// value ([=]); channels and contexts are handles, already safe to copy.
#include <iostream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/cleanup/cleanup.h"
#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "chan/chan.h"
#include "chan/select.h"
#include "context/context.h"
#include "runtime/runtime.h"
#include "sync/waitgroup.h"
#include "time/time.h"

using namespace golang;  // NOLINT: Go's builtins and packages, unqualified.

// prefsDown makes fetchPrefs fail, to show the error path.
bool prefsDown = false;

// fetchProfile stands for a call to a profile service.
std::pair<std::string, absl::Status> fetchProfile(context::Context ctx) {
  switch (select(recv(time::After(20 * time::Millisecond)), recv(ctx.Done()))) {
    case 0: return {"profile", absl::OkStatus()};
    default:  // case <-ctx.Done():
      return {"", ctx.Err()};
  }
}

// fetchPrefs stands for a call to a preferences service.
std::pair<std::string, absl::Status> fetchPrefs(context::Context ctx) {
  if (prefsDown) {
    return {"", absl::UnavailableError("prefs: service unavailable")};
  }
  switch (select(recv(time::After(10 * time::Millisecond)), recv(ctx.Done()))) {
    case 0: return {"prefs", absl::OkStatus()};
    default:  // case <-ctx.Done():
      return {"", ctx.Err()};
  }
}

// merge joins the parts of a result.
std::string merge(const std::vector<std::string>& results) {
  return absl::StrJoin(results, "+");
}

// AggregateResults combines data from multiple sources.
std::pair<std::string, absl::Status> AggregateResults(context::Context ctx) {
  auto wg = std::make_shared<sync::WaitGroup>();
  // Buffered to hold errors from both children.
  auto errChan = make_chan<absl::Status>(2);
  auto results = std::make_shared<std::vector<std::string>>(2);
  wg->Add(2);
  // Launch first worker.
  go([=] {
    absl::Cleanup done = [&] { wg->Done(); };
    auto [data, err] = fetchProfile(ctx);
    if (!err.ok()) {
      errChan.send(err);  // Report error without blocking.
      return;
    }
    (*results)[0] = data;
  });
  // Launch second worker.
  go([=] {
    absl::Cleanup done = [&] { wg->Done(); };
    auto [data, err] = fetchPrefs(ctx);
    if (!err.ok()) {
      errChan.send(err);  // Report error without blocking.
      return;
    }
    (*results)[1] = data;
  });
  // Wait for workers, then close the error channel.
  go([=] {
    wg->Wait();
    close(errChan);
  });
  // Collect errors as they arrive.
  for (absl::Status err : errChan) {
    if (!err.ok()) {
      return {"", err};
    }
  }
  return {merge(*results), absl::OkStatus()};
}

void handle() {
  auto [ctx, cancel] = context::WithCancel(context::Background());
  absl::Cleanup defer_cancel =
      cancel;  // Stops the remaining worker if AggregateResults fails early.
  auto [data, err] = AggregateResults(ctx);
  if (!err.ok()) {
    std::cout << "error: " << err.message() << "\n";
    return;
  }
  absl::PrintF("result: %s\n", data);
}

int main() {
  handle();
  prefsDown = true;
  handle();
}
