// The handler of orphan_leak, made structured, translated line for line
// from main.go: the request's context carries the deadline to both
// children, and a WaitGroup makes the handler wait for them before it
// returns. No goroutine outlives its request, so runtime::NumGoroutine()
// stays flat.
//
// Differences from Go:
//   - The children capture by reference ([&]): safe only because handler
//     waits for them before anything they use is destroyed.
//   - A defer runs when the function returns; an absl::Cleanup runs when its
//     scope ends, after the destructors of everything declared below it. So
//     the Cleanup that waits for the children is declared after what they
//     use (the channels), not first as Go's `defer wg.Wait()` is.
//   - `ctx = ctx` in a capture list: Clang before 16 cannot capture a
//     structured binding, so it is copied in by name (a cheap handle).
#include <iostream>
#include <string>
#include <utility>

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

// backend stands for a server that has stopped answering: nobody ever sends
// on reply.
struct backend {
  chan<std::string> reply;

  // query waits for the backend's reply, or for ctx to be done.
  std::pair<std::string, absl::Status> query(context::Context ctx,
                                             int id) const {
    std::string r;
    switch (
        select(recv(reply, [&](std::string v) { r = v; }), recv(ctx.Done()))) {
      case 0: return {r, absl::OkStatus()};
      default:  // case <-ctx.Done():
        return {"", ctx.Err()};
    }
  }
};

backend db = backend{.reply = make_chan<std::string>()};
backend cache = backend{.reply = make_chan<std::string>()};

// handler serves one request: it asks the database and the cache in
// parallel and answers with whichever replies first, or the context's error.
std::string handler(context::Context parent, int id) {
  sync::WaitGroup wg;
  auto [ctx, cancel] = context::WithTimeout(parent, 10 * time::Millisecond);
  auto user = make_chan<std::string>(1);    // Buffered: a child never blocks
  auto cached = make_chan<std::string>(1);  // on a reply nobody reads.
  absl::Cleanup defer_wait = [&] {
    wg.Wait();
  };  // Runs last: no child outlives the request.
  absl::Cleanup defer_cancel =
      cancel;  // Runs first: tells the children to stop.
  wg.Add(2);
  go([&, ctx = ctx] {
    absl::Cleanup done = [&] { wg.Done(); };
    if (auto [u, err] = db.query(ctx, id); err.ok()) {
      user.send(u);
    }
  });
  go([&, ctx = ctx] {
    absl::Cleanup done = [&] { wg.Done(); };
    if (auto [c, err] = cache.query(ctx, id); err.ok()) {
      cached.send(c);
    }
  });
  std::string resp;
  switch (select(recv(user, [&](std::string u) { resp = u; }),
                 recv(cached, [&](std::string c) { resp = c; }),
                 recv(ctx.Done()))) {
    case 0:
    case 1: return resp;
    default:  // case <-ctx.Done():
      return std::string(ctx.Err().message());
  }
}

// settledNumGoroutine returns runtime::NumGoroutine() once the goroutines
// that called wg.Done() have also returned: a goroutine counts until its
// function returns, a moment after its deferred Done ran.
int settledNumGoroutine(int want) {
  for (int i = 0; i < 1000 && runtime::NumGoroutine() > want; i++) {
    time::Sleep(time::Millisecond);
  }
  return runtime::NumGoroutine();
}

int main() {
  std::cout << "goroutines at start: " << runtime::NumGoroutine() << "\n";
  for (int id = 1; id <= 5; id++) {
    std::string resp = handler(context::Background(), id);
    absl::PrintF("request %d: %s, goroutines: %d\n", id, resp,
                 settledNumGoroutine(1));
  }
}
