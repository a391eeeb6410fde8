// A bounded-parallel stage that stops at the first error, translated line
// for line from main.go, which uses the standard library alone
// (errgroup::WithContext with SetLimit does the same): a semaphore channel
// lets at most limit workers run at once, a WaitGroup waits for them, and
// the first worker to fail records its error and cancels the context, so
// that the others stop and no more start.
//
// Differences from Go:
//   - The workers capture by reference ([&]): squareAll waits for them
//     (wg.Wait()) before anything they use is destroyed. Each worker gets
//     its own i and n as arguments, as Go's `go func(i, n int) {...}(i, n)`
//     does. ctx, cancel and err are structured bindings, which Clang
//     before 16 cannot capture, so the lambdas copy them in by name
//     (`ctx = ctx`; ctx and cancel are cheap handles).
//   - Go's `break feed` leaves the for loop from inside a select case; a
//     C++ `break` there would leave only the switch, so it is a goto to
//     just after the loop, where Go's label puts it.
#include <cstddef>
#include <iostream>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/cleanup/cleanup.h"
#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "chan/chan.h"
#include "chan/select.h"
#include "context/context.h"
#include "runtime/runtime.h"
#include "sync/mutex.h"
#include "sync/once.h"
#include "sync/waitgroup.h"
#include "time/time.h"

using namespace golang;  // NOLINT: Go's builtins and packages, unqualified.

// square returns n*n after n milliseconds of work, or gives up when ctx is
// done; a negative n is an error.
std::pair<int, absl::Status> square(context::Context ctx, int n) {
  if (n < 0) {
    return {0, absl::InvalidArgumentError(
                   absl::StrFormat("square(%d): negative input", n))};
  }
  switch (select(recv(time::After(n * time::Millisecond)), recv(ctx.Done()))
              .index()) {
    case 0:  // case <-time.After(time.Duration(n) * time.Millisecond):
      return {n * n, absl::OkStatus()};
    default:  // case <-ctx.Done():
      return {0, ctx.Err()};
  }
}

// squareAll squares the inputs, at most limit at a time. It returns the
// squares in input order (0 for those not done), the most workers that ever
// ran at once, and the first error.
std::tuple<std::vector<int>, int, absl::Status> squareAll(
    const std::vector<int>& inputs, int limit) {
  auto [ctx, cancel] = context::WithCancel(context::Background());
  absl::Cleanup defer_cancel = cancel;
  sync::WaitGroup wg;
  sync::Once once;
  absl::Status firstErr;
  sync::Mutex mu;  // Guards running and peak.
  int running = 0, peak = 0;
  auto sem = make_chan<Empty>(limit);  // A token per running worker.
  std::vector<int> squares(inputs.size());
  for (std::size_t i = 0; i < inputs.size(); i++) {
    int n = inputs[i];
    switch (select(send(sem, Empty{}), recv(ctx.Done())).index()) {
      case 0:  // case sem <- struct{}{}: blocks while limit workers run.
        break;
      case 1:  // case <-ctx.Done(): a worker failed: start no more.
        // Go: break feed
        goto feed_done;
    }
    wg.Add(1);
    go(
        [&, ctx = ctx, cancel = cancel](std::size_t i, int n) {
          absl::Cleanup defer_done = [&] { wg.Done(); };
          // Runs first: frees the token.
          absl::Cleanup defer_free = [&] { sem.recv(); };
          mu.Lock();
          running++;
          if (running > peak) {
            peak = running;
          }
          mu.Unlock();
          auto [v, err] = square(ctx, n);
          mu.Lock();
          running--;
          mu.Unlock();
          if (!err.ok()) {
            // Only the first error counts.
            once.Do([&, err = err] {
              firstErr = err;
              cancel();
            });
            return;
          }
          squares[i] = v;
        },
        i, n);
  }
feed_done:
  wg.Wait();
  return {squares, peak, firstErr};
}

// run squares inputs, three at a time, and prints the outcome.
void run(const std::vector<int>& inputs) {
  auto [squares, peak, err] = squareAll(inputs, 3);
  std::cout << "squares: [" << absl::StrJoin(squares, " ") << "]\n";
  if (!err.ok()) {
    std::cout << "error: " << err.message() << "\n";
  }
  std::cout << "at most 3 at once: " << std::boolalpha << (peak <= 3) << "\n";
}

int main() {
  run({10, 20, 30, 40, 50, 60, 70, 80, 90});
  // -1 fails at once; the 5-second items are cancelled, not waited for.
  run({5000, 5000, -1, 5000, 5000, 5000});
}
