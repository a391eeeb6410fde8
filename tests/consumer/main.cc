// The program both consumer projects build: a worker pool that squares
// 1..1000 with goroutines, channels and select, the way a user of an
// installed (find_package) or vendored (add_subdirectory) golang-cpp would.
// It prints one line and exits 0 only if the sum is right.
#include <cstdio>

#include "chan/chan.h"
#include "chan/select.h"
#include "runtime/runtime.h"

namespace {

using golang::chan;
using golang::Empty;

constexpr int kN = 1000;
constexpr int kWorkers = 4;

long SumOfSquares() {
  chan<int> jobs = golang::make_chan<int>(16);
  chan<long> results = golang::make_chan<long>();  // unbuffered
  chan<Empty> done = golang::make_chan<Empty>();

  golang::go([=] {
    for (int i = 1; i <= kN; i++) jobs.send(i);
    golang::close(jobs);
  });
  for (int w = 0; w < kWorkers; w++) {
    golang::go([=] {
      for (int j : jobs) results.send(long{j} * j);
      done.send(Empty{});
    });
  }

  // Go:
  //   for finished < workers {
  //     select {
  //     case v := <-results: sum += v
  //     case <-done: finished++
  //     }
  //   }
  // results is unbuffered, so a worker's last result has been received
  // before its done send can start.
  long sum = 0;
  int finished = 0;
  while (finished < kWorkers) {
    golang::select(golang::recv(results, [&](long v) { sum += v; }),
                   golang::recv(done, [&] { finished++; }));
  }
  return sum;
}

}  // namespace

int main() {
  const long want = long{kN} * (kN + 1) * (2 * kN + 1) / 6;
  const long got = SumOfSquares();
  std::printf("golang-cpp demo: %d goroutines squared 1..%d, sum %ld (%s)\n",
              kWorkers + 1, kN, got, got == want ? "ok" : "WRONG");
  return got == want ? 0 : 1;
}
