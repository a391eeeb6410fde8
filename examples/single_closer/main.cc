// The single-closer idiom from "Structured concurrency in Go", translated
// line for line from main.go: several workers send on one channel, and none
// of them closes it. One extra goroutine waits for the WaitGroup, then
// closes the channel exactly once, so the parent can range over it.
//
// The goroutines capture by reference ([&]): main cannot return before the
// range loop ends, which is after every worker's Done and after the closer
// has closed results (a channel stays valid for an operation in progress,
// and a WaitGroup may be destroyed once Wait has returned).
#include <algorithm>
#include <iostream>
#include <vector>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_join.h"
#include "chan/chan.h"
#include "runtime/runtime.h"
#include "sync/waitgroup.h"

using namespace golang;  // NOLINT: Go's builtins and packages, unqualified.

int main() {
  auto results = make_chan<int>();
  sync::WaitGroup wg;
  for (int i = 1; i <= 5; i++) {
    wg.Add(1);
    go(
        [&](int i) {
          absl::Cleanup done = [&] { wg.Done(); };
          results.send(i * i);  // Workers send; none of them closes.
        },
        i);
  }
  // The single closer: the WaitGroup guarantees only one goroutine
  // reaches the close call, after every send.
  go([&] {
    wg.Wait();
    close(results);
  });
  std::vector<int> squares;
  for (int r : results) {  // Ends when the closer has closed results.
    squares.push_back(r);
  }
  std::sort(squares.begin(), squares.end());  // Workers finish in any order.
  std::cout << "squares: [" << absl::StrJoin(squares, " ") << "]\n";
}
