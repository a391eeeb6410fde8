// The orphan goroutine problem, from the opening of "Structured concurrency
// in Go", translated line for line from main.go: a handler fetches user data
// from a database and checks a cache in two goroutines, and returns when its
// deadline passes. The goroutines have no parent to wait for them and no
// signal to stop: each request leaves two orphans behind, blocked forever on
// a reply that never comes, and runtime::NumGoroutine() climbs. See
// orphan_structured for the fix.
//
// Differences from Go: the orphans outlive handler, so they capture by
// value ([=]): the channels are handles, and copying one keeps the channel
// alive. A [&] capture here would leave them pointing into a dead stack.
#include <iostream>
#include <string>

#include "absl/strings/str_format.h"
#include "chan/chan.h"
#include "chan/select.h"
#include "runtime/runtime.h"
#include "time/time.h"

using namespace golang;  // NOLINT: Go's builtins and packages, unqualified.

// backend stands for a server that has stopped answering: nobody ever sends
// on reply.
struct backend {
  chan<std::string> reply;

  // query waits for the backend's reply.
  std::string query(int id) const { return reply.recv(); }
};

backend db = backend{.reply = make_chan<std::string>()};
backend cache = backend{.reply = make_chan<std::string>()};

// handler serves one request: it asks the database and the cache in
// parallel and answers with whichever replies first, or "timeout".
std::string handler(int id) {
  auto user = make_chan<std::string>();
  auto cached = make_chan<std::string>();
  go([=] { user.send(db.query(id)); });       // Orphan: nobody waits for it,
  go([=] { cached.send(cache.query(id)); });  // nothing tells it to stop.
  std::string resp;
  switch (select(recv(user, [&](std::string u) { resp = u; }),
                 recv(cached, [&](std::string c) { resp = c; }),
                 recv(time::After(10 * time::Millisecond)))) {
    case 0:
    case 1: return resp;
    default:  // case <-time.After(...):
      return "timeout";
  }
}

int main() {
  std::cout << "goroutines at start: " << runtime::NumGoroutine() << "\n";
  for (int id = 1; id <= 5; id++) {
    std::string resp = handler(id);
    absl::PrintF("request %d: %s, goroutines: %d\n", id, resp,
                 runtime::NumGoroutine());
  }
}
