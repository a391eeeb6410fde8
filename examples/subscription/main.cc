// A subscription, translated line for line from main.go: a loop goroutine
// fetches batches of items in the background, queues them, and delivers
// them one at a time on a channel. Its select turns a case off by leaving
// the case's channel nil: the send only while something is pending, the
// start of a fetch only while none runs and the queue has room. Close asks
// the loop to stop and gets back the last fetch error.
//
// Differences from Go:
//   - Go's *subscription is a pointer to two channel fields; here the
//     subscription is a value holding the two channel handles, and the loop
//     goroutine gets its own copy.
//   - The source is a std::shared_ptr, which Go leaves to its garbage
//     collector: a fetch may still be running when Close has stopped the
//     loop, so the loop is not the source's only owner.
//   - Go's local `updates` stands beside the field s.updates; in the C++
//     method the field is this->updates.
#include <deque>
#include <iostream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "chan/chan.h"
#include "chan/select.h"
#include "runtime/runtime.h"
#include "time/time.h"

using namespace golang;  // NOLINT: Go's builtins and packages, unqualified.

// source hands out numbered items three at a time; its second fetch fails.
struct source {
  int fetches = 0, next = 0;

  std::pair<std::vector<std::string>, absl::Status> fetch() {
    fetches++;
    if (fetches == 2) {
      return {{}, absl::UnavailableError("source busy")};
    }
    std::vector<std::string> items;
    for (int i = 0; i < 3; i++) {
      next++;
      items.push_back(absl::StrCat("item ", next));
    }
    return {items, absl::OkStatus()};
  }
};

struct fetchResult {
  std::vector<std::string> items;
  absl::Status err;
};

struct subscription {
  chan<std::string> updates;         // The items, in order.
  chan<chan<absl::Status>> closing;  // Close's request; the loop answers.

  absl::Status Close() const {
    auto reply = make_chan<absl::Status>();
    closing.send(reply);
    return reply.recv();
  }

  void loop(std::shared_ptr<source> src) const {
    std::deque<std::string> pending;
    absl::Status err;             // The last fetch error.
    chan<fetchResult> fetchDone;  // Not nil while a fetch runs.
    for (;;) {
      recv_chan<time::Time> startFetch;  // Nil: no fetch starts.
      if (fetchDone == nullptr && pending.size() < 10) {
        startFetch = time::After(time::Millisecond);
      }
      std::string first;
      chan<std::string> updates;  // Nil: nothing to send.
      if (!pending.empty()) {
        first = pending[0];
        updates = this->updates;
      }
      switch (auto r = select(recv(startFetch), recv(fetchDone),
                              send(updates, first), recv(closing));
              r.index()) {
        case 0:  // case <-startFetch:
          // Buffered: the fetch never blocks.
          fetchDone = make_chan<fetchResult>(1);
          go(
              [src](send_chan<fetchResult> done) {
                auto [items, err] = src->fetch();
                done.send(fetchResult{items, err});
              },
              fetchDone);
          break;
        case 1: {  // case result := <-fetchDone:
          auto result = r.value<1>();
          fetchDone = nullptr;
          if (!result.err.ok()) {
            err = result.err;
            break;  // Nothing to queue; the next fetch tries again.
          }
          pending.insert(pending.end(), result.items.begin(),
                         result.items.end());
          break;
        }
        case 2:  // case updates <- first:
          pending.pop_front();
          break;
        case 3: {  // case reply := <-s.closing:
          auto reply = r.value<3>();
          close(this->updates);
          reply.send(err);
          return;
        }
      }
    }
  }
};

int main() {
  auto s = subscription{.updates = make_chan<std::string>(),
                        .closing = make_chan<chan<absl::Status>>()};
  go(&subscription::loop, s, std::make_shared<source>());
  for (int i = 0; i < 7; i++) {
    std::cout << s.updates.recv() << "\n";
  }
  std::cout << "close: " << s.Close().message() << "\n";
  auto [_, open] = s.updates.recv_ok();
  std::cout << "updates open: " << std::boolalpha << open << "\n";
}
