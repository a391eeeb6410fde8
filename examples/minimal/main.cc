// The minimal pattern from "Structured concurrency in Go", translated line
// for line from main.go: a WaitGroup tracks the child, a context carries the
// cancellation signal.
//
// main runs the article's program as written (the child prints "Data
// fetched"), then once more with the parent cancelling at once, so that the
// other select case runs (the child prints "Cancelled").
#include <iostream>

#include "absl/cleanup/cleanup.h"
#include "chan/select.h"
#include "context/context.h"
#include "runtime/runtime.h"
#include "sync/waitgroup.h"
#include "time/time.h"

using namespace golang;  // NOLINT: Go's builtins and packages, unqualified.

void cancelled();

// FetchData simulates a concurrent operation.
void FetchData(context::Context ctx, sync::WaitGroup* wg) {
  absl::Cleanup done = [&] {
    wg->Done();
  };  // Decrement counter when function returns.
  select(recv(time::After(100 * time::Millisecond),
              [&] { std::cout << "Data fetched\n"; }),
         recv(ctx.Done(), [&] {  // Exit if parent cancels.
           std::cout << "Cancelled\n";
         }));
}

int main() {
  auto [ctx, cancel] = context::WithCancel(context::Background());
  absl::Cleanup defer_cancel = cancel;  // Ensure resources are cleaned up.
  sync::WaitGroup wg;
  wg.Add(1);                // Reserve one slot in the counter.
  go(FetchData, ctx, &wg);  // Spawn child goroutine.
  wg.Wait();                // Block until counter reaches zero.

  cancelled();
}

// cancelled is the same program, except that the parent cancels the child
// before the data arrives.
void cancelled() {
  auto [ctx, cancel] = context::WithCancel(context::Background());
  absl::Cleanup defer_cancel = cancel;
  sync::WaitGroup wg;
  wg.Add(1);
  go(FetchData, ctx, &wg);
  cancel();  // The parent gives up: the child sees ctx.Done() and stops.
  wg.Wait();
}
