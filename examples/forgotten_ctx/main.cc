// Pitfall: forgetting to pass ctx to a database query, translated line for
// line from main.go. Each request times out after 10 ms, but the query it
// started was given context::Background(), so it runs to completion (1 s)
// and keeps its connection. Connections pile up until the pool is exhausted
// and the server stops serving requests.
//
// The fix (second half): pass ctx, so the query stops when the request
// does; and wait for the query goroutine, so that no child outlives the
// request.
//
// Differences from Go: Go's `db *DB` becomes std::shared_ptr<DB>, because
// the leaked queries outlive their request (and, here, main's locals); the
// goroutine that outlives handleLeaky captures by value ([=]). The fixed
// handler waits for its goroutine, so [&] is safe there.
#include <atomic>
#include <cstdint>
#include <iostream>
#include <memory>

#include "absl/cleanup/cleanup.h"
#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "chan/chan.h"
#include "chan/select.h"
#include "context/context.h"
#include "runtime/runtime.h"
#include "sync/waitgroup.h"
#include "time/time.h"

using namespace golang;  // NOLINT: Go's builtins and packages, unqualified.

const absl::Status errPoolExhausted =
    absl::ResourceExhaustedError("connection pool exhausted");

// DB is a database with a pool of maxConns connections.
struct DB {
  explicit DB(int32_t max_conns) : maxConns(max_conns) {}
  int32_t maxConns;
  std::atomic<int32_t> open{0};

  // Query holds a connection until the query completes (1 s) or ctx is done.
  absl::Status Query(context::Context ctx, int id) {
    if (++open > maxConns) {
      --open;
      return errPoolExhausted;
    }
    absl::Cleanup release = [&] { --open; };  // Release the connection.
    switch (select(recv(time::After(time::Second)), recv(ctx.Done()))) {
      case 0: return absl::OkStatus();
      default:  // case <-ctx.Done():
        return ctx.Err();
    }
  }
};

// handleLeaky serves one request, but forgets to pass its ctx to the query.
absl::Status handleLeaky(context::Context parent, std::shared_ptr<DB> db,
                         int id) {
  auto [ctx, cancel] = context::WithTimeout(parent, 10 * time::Millisecond);
  absl::Cleanup defer_cancel = cancel;
  auto res = make_chan<absl::Status>(1);
  go([=] { res.send(db->Query(context::Background(), id)); });  // BUG: not ctx.
  absl::Status err;
  switch (
      select(recv(res, [&](absl::Status e) { err = e; }), recv(ctx.Done()))) {
    case 0: return err;
    default:  // case <-ctx.Done():
      return ctx.Err();
  }
}

// handle serves one request: the query gets the request's ctx, and the
// handler waits for the goroutine it started.
absl::Status handle(context::Context parent, std::shared_ptr<DB> db, int id) {
  sync::WaitGroup wg;
  auto [ctx, cancel] = context::WithTimeout(parent, 10 * time::Millisecond);
  auto res = make_chan<absl::Status>(1);
  absl::Cleanup defer_wait = [&] { wg.Wait(); };
  absl::Cleanup defer_cancel = cancel;
  wg.Add(1);
  go([&, ctx = ctx] {
    absl::Cleanup done = [&] { wg.Done(); };
    res.send(db->Query(ctx, id));
  });
  absl::Status err;
  switch (
      select(recv(res, [&](absl::Status e) { err = e; }), recv(ctx.Done()))) {
    case 0: return err;
    default:  // case <-ctx.Done():
      return ctx.Err();
  }
}

int main() {
  std::cout << "forgot ctx:\n";
  auto leaky = std::make_shared<DB>(3);
  for (int id = 1; id <= 5; id++) {
    absl::Status err = handleLeaky(context::Background(), leaky, id);
    absl::PrintF("request %d: %s, open connections: %d\n", id, err.message(),
                 leaky->open.load());
  }
  std::cout << "passed ctx:\n";
  auto db = std::make_shared<DB>(3);
  for (int id = 1; id <= 5; id++) {
    absl::Status err = handle(context::Background(), db, id);
    absl::PrintF("request %d: %s, open connections: %d\n", id, err.message(),
                 db->open.load());
  }
}
