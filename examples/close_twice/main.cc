// Pitfall: closing a channel twice, translated line for line from main.go.
// Each worker closes done when it finishes, as if it were the only one; the
// second close panics with "close of closed channel". (The workers run one
// after the other here so that the output is the same on every run.)
//
// The fix: a single closer, see single_closer.
#include <iostream>

#include "chan/chan.h"
#include "runtime/runtime.h"
#include "sync/waitgroup.h"

using namespace golang;  // NOLINT: Go's builtins and packages, unqualified.

// worker does its job, then signals completion by closing done.
void worker(int id, chan<Empty> done, sync::WaitGroup* wg) {
  std::cout << "worker " << id << ": finished, closing done\n";
  close(done);  // BUG: every worker closes the same channel.
  wg->Done();  // Not deferred: Go runs deferred calls while panicking, which would let main go on.
}

int main() {
  auto done = make_chan<Empty>();
  sync::WaitGroup wg;
  wg.Add(1);
  go(worker, 1, done, &wg);
  done.recv();
  std::cout << "main: done is closed\n";
  wg.Wait();

  wg.Add(1);
  go(worker, 2, done, &wg);  // A second worker on the same channel.
  wg.Wait();                 // Never returns: worker 2 panics before its Done.
  std::cout << "unreachable\n";
}
