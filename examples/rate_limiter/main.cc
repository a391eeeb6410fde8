// Rate limiting with time::Tick, translated line for line from main.go:
// requests are served at most one per tick. A bursty limiter lets the first
// three through at once, then one per tick: a buffered channel of tokens,
// refilled by a goroutine from a ticker.
//
// The refilling goroutine outlives main's use of it, so it captures by
// value ([=]): a copy of the channel handle keeps the channel alive.
#include <iostream>

#include "chan/chan.h"
#include "runtime/runtime.h"
#include "time/time.h"

using namespace golang;  // NOLINT: Go's builtins and packages, unqualified.

int main() {
  auto requests = make_chan<int>(5);
  for (int i = 1; i <= 5; i++) {
    requests.send(i);
  }
  close(requests);

  time::Time start = time::Now();
  auto limiter = time::Tick(10 * time::Millisecond);
  for (int req : requests) {
    limiter.recv();  // Wait for the next tick.
    std::cout << "request " << req << "\n";
  }
  // Five ticks, 10 ms apart.
  std::cout << "steady: at least 50ms: " << std::boolalpha
            << (time::Since(start) >= 50 * time::Millisecond) << "\n";

  start = time::Now();
  auto burstyLimiter = make_chan<time::Time>(3);
  for (int i = 0; i < 3; i++) {
    burstyLimiter.send(time::Now());  // A burst of three.
  }
  go([=] {
    for (time::Time t : time::Tick(10 * time::Millisecond)) {
      burstyLimiter.send(t);  // Then one more per tick.
    }
  });

  auto burstyRequests = make_chan<int>(5);
  for (int i = 1; i <= 5; i++) {
    burstyRequests.send(i);
  }
  close(burstyRequests);

  for (int req : burstyRequests) {
    burstyLimiter.recv();
    std::cout << "bursty request " << req << "\n";
  }
  // Three at once, then two ticks, 10 ms apart.
  std::cout << "bursty: at least 20ms: " << std::boolalpha
            << (time::Since(start) >= 20 * time::Millisecond) << "\n";
}
