// A for-select loop with two timeouts, translated line for line from
// main.go: time::After, made anew on every iteration, bounds the wait for
// each message; one Timer, made before the loop, bounds the whole read. The
// same loop reads three streams, and each ends it a different way: a
// producer that goes silent trips the per-message timeout, one that never
// stops talking runs into the overall deadline, and one that closes its
// channel ends the loop cleanly.
//
// The producers capture their channels by value ([=]): channel handles are
// cheap to copy, and main does not wait for the chatty producer to see
// stop. Go's `got, why = ...` and `_, why = ...` are std::tie assignments.
#include <iostream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "chan/chan.h"
#include "chan/select.h"
#include "runtime/runtime.h"
#include "time/time.h"

using namespace golang;  // NOLINT: Go's builtins and packages, unqualified.

// consume collects messages from msgs until msgs is closed, no message
// comes within perMessage, or overall has passed; it says which it was.
std::pair<std::vector<std::string>, std::string> consume(
    recv_chan<std::string> msgs, time::Duration perMessage,
    time::Duration overall) {
  std::vector<std::string> got;
  auto deadline = time::NewTimer(overall);
  absl::Cleanup defer_stop = [&] { deadline->Stop(); };
  for (;;) {
    switch (auto r = select(recv(msgs), recv(time::After(perMessage)),
                            recv(deadline->C));
            r.index()) {
      case 0: {  // case m, ok := <-msgs:
        auto m = r.value<0>();
        if (!r.ok<0>()) {
          return {got, "channel closed"};
        }
        got.push_back(m);
        break;
      }
      case 1:  // case <-time.After(perMessage): a fresh timeout every time.
        return {got,
                absl::StrCat("silent for ", absl::FormatDuration(perMessage))};
      case 2:  // case <-deadline.C: one deadline for the whole loop.
        return {got, absl::StrCat("deadline of ", absl::FormatDuration(overall),
                                  " passed")};
    }
  }
}

int main() {
  // Three messages, then silence: the channel is never closed.
  auto silent = make_chan<std::string>();
  go([=] {
    for (std::string m : {"one", "two", "three"}) {
      silent.send(m);
    }
  });
  auto [got, why] = consume(silent, 500 * time::Millisecond, time::Minute);
  std::cout << "silent producer: [" << absl::StrJoin(got, " ") << "] - " << why
            << "\n";

  // A message every 2ms, until told to stop: the per-message timeout never
  // fires. How many arrive depends on timing, so only the reason is
  // printed.
  auto chatty = make_chan<std::string>();
  auto stop = make_chan<Empty>();
  go([=] {
    for (;;) {
      switch (select(send(chatty, std::string("tick")), recv(stop)).index()) {
        case 0:  // case chatty <- "tick":
          time::Sleep(2 * time::Millisecond);
          break;
        case 1:  // case <-stop:
          return;
      }
    }
  });
  std::tie(std::ignore, why) =
      consume(chatty, time::Second, 100 * time::Millisecond);
  close(stop);
  std::cout << "chatty producer: " << why << "\n";

  // Two messages, then close.
  auto closing = make_chan<std::string>();
  go([=] {
    absl::Cleanup defer_close = [&] { close(closing); };
    closing.send("first");
    closing.send("last");
  });
  std::tie(got, why) = consume(closing, time::Minute, time::Minute);
  std::cout << "closing producer: [" << absl::StrJoin(got, " ") << "] - " << why
            << "\n";
}
