// Fan-out, fan-in and explicit cancellation, after the Go blog's
// "Go Concurrency Patterns: Pipelines and cancellation", translated line for
// line from main.go: gen emits numbers, two sq stages square them in
// parallel, merge fans their outputs into one channel. Every stage also
// selects on done, so closing done stops the whole pipeline even when the
// consumer stops reading early.
//
// Differences from Go: each stage returns while its goroutine runs on, so
// the goroutines capture by value ([=]): channel handles, and in merge a
// std::shared_ptr to the WaitGroup that Go would leave to its garbage
// collector. Go's variadic `nums ...int` is a std::vector.
#include <algorithm>
#include <iostream>
#include <memory>
#include <vector>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_join.h"
#include "chan/chan.h"
#include "chan/select.h"
#include "runtime/runtime.h"
#include "sync/waitgroup.h"

using namespace golang;  // NOLINT: Go's builtins and packages, unqualified.

// gen sends nums on the returned channel, then closes it.
recv_chan<int> gen(recv_chan<Empty> done, std::vector<int> nums) {
  auto out = make_chan<int>();
  go([=] {
    absl::Cleanup defer_close = [&] { close(out); };
    for (int n : nums) {
      if (select(send(out, n), recv(done)) == 1) {  // case <-done:
        return;
      }
    }
  });
  return out;
}

// sq sends the square of each value received from in.
recv_chan<int> sq(recv_chan<Empty> done, recv_chan<int> in) {
  auto out = make_chan<int>();
  go([=] {
    absl::Cleanup defer_close = [&] { close(out); };
    for (int n : in) {
      if (select(send(out, n * n), recv(done)) == 1) {  // case <-done:
        return;
      }
    }
  });
  return out;
}

// merge copies the values from every channel in cs to one channel, which
// it closes once all of cs are closed (or done is).
recv_chan<int> merge(recv_chan<Empty> done, std::vector<recv_chan<int>> cs) {
  auto wg = std::make_shared<sync::WaitGroup>();
  auto out = make_chan<int>();
  auto output = [=](recv_chan<int> c) {
    absl::Cleanup defer_done = [&] { wg->Done(); };
    for (int n : c) {
      if (select(send(out, n), recv(done)) == 1) {  // case <-done:
        return;
      }
    }
  };
  wg->Add(cs.size());
  for (const recv_chan<int>& c : cs) {
    go(output, c);
  }
  go([=] {
    wg->Wait();
    close(out);
  });
  return out;
}

// all runs the pipeline to the end.
void all() {
  auto done = make_chan<Empty>();
  absl::Cleanup defer_close = [&] { close(done); };
  auto in = gen(done, {1, 2, 3, 4, 5, 6, 7, 8});
  auto c1 = sq(done, in);  // Fan out: two stages read from in.
  auto c2 = sq(done, in);
  std::vector<int> squares;
  for (int n : merge(done, {c1, c2})) {  // Fan in.
    squares.push_back(n);
  }
  std::sort(squares.begin(), squares.end());  // The stages finish in any order.
  std::cout << "squares: [" << absl::StrJoin(squares, " ") << "]\n";
}

// early reads one value, then cancels: every stage returns instead of
// blocking forever on a send nobody receives, and merge closes its output.
void early() {
  auto done = make_chan<Empty>();
  auto in = gen(done, {1, 2, 3, 4, 5, 6, 7, 8});
  auto out = merge(done, {sq(done, in), sq(done, in)});
  out.recv();  // Take one value, then lose interest.
  std::cout << "got one value, cancelling\n";
  close(done);  // Tell every stage to stop.
  for ([[maybe_unused]] int n : out) {
  }  // Ends once merge has closed out: its goroutines have returned.
  std::cout << "pipeline stopped\n";
}

int main() {
  all();
  early();
}
