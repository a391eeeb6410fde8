// The TSan consumer's program: errors (absl::Status) passed between
// goroutines the three usual ways, each error read and released on more
// than one goroutine:
//   errgroup     the first error of a group, read by Wait and by the other
//                subtasks through Cause(ctx);
//   cause        context::WithCancelCause, cancelled on one goroutine, its
//                Cause read there and on a watcher goroutine;
//   chan         a chan<absl::Status> that workers send errors on, keeping
//                and reading their own copies afterwards.
// Built with -fsanitize=thread and run with no TSAN_OPTIONS, it must exit 0
// with no ThreadSanitizer report (TSan makes the exit status 66 if it printed
// one). `consumer errgroup|cause|chan` runs one of them; `consumer race`
// instead races on purpose and must be reported: the check that a report
// does fail the run.
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "chan/chan.h"
#include "context/context.h"
#include "runtime/runtime.h"
#include "sync/errgroup.h"
#include "sync/waitgroup.h"

#if !defined(__SANITIZE_THREAD__)
#if !defined(__has_feature)
#error "tests/consumer/tsan must be built with -fsanitize=thread"
#elif !__has_feature(thread_sanitizer)
#error "tests/consumer/tsan must be built with -fsanitize=thread"
#endif
#endif

namespace {

using namespace golang;  // NOLINT: Go's builtins and packages, unqualified.

constexpr int kRounds = 20;
constexpr int kTasks = 8;

// Go:
//   g, ctx := errgroup.WithContext(context.Background())
//   for i := 0; i < tasks; i++ {
//     g.Go(func() error {
//       if i == 3 { return fmt.Errorf("task %d: disk on fire", i) }
//       <-ctx.Done()
//       return context.Cause(ctx)
//     })
//   }
//   return g.Wait()
bool Errgroup() {
  auto [g, ctx] = errgroup::WithContext(context::Background());
  for (int i = 0; i < kTasks; i++) {
    g->Go([i, ctx = ctx]() -> absl::Status {
      if (i == 3) {
        return absl::InternalError(absl::StrCat("task ", i, ": disk on fire"));
      }
      ctx.Done().recv();
      absl::Status cause = context::Cause(ctx);
      return cause.message().empty() ? absl::UnknownError("no cause") : cause;
    });
  }
  absl::Status err = g->Wait();
  return err.message() == "task 3: disk on fire";
}

// Go:
//   func shutdown(why error) {
//     ctx, cancel := context.WithCancelCause(context.Background())
//     wg.Go(func() { <-ctx.Done(); log.Print(context.Cause(ctx)) })
//     cancel(why)
//   }
//   shutdown(why); log.Print(why)
// The caller keeps its error and reads it after it let go of the context;
// the watcher, which reads the cause on its own goroutine, may hold the last
// reference to the context (its closure dies after its Done, and main waits
// for the watchers only at the end).
bool Cause(sync::WaitGroup& watchers) {
  absl::Status why = absl::AbortedError("shutdown requested by operator");
  {
    auto [ctx, cancel] = context::WithCancelCause(context::Background());
    watchers.Go([ctx = ctx] {
      ctx.Done().recv();
      if (context::Cause(ctx).message() != "shutdown requested by operator") {
        std::abort();
      }
    });
    cancel(why);
  }
  return why.message() == "shutdown requested by operator";
}

// Go:
//   errs := make(chan error, workers)
//   for i := 0; i < workers; i++ {
//     go func() { err := lookup(i); errs <- err; log(err) }()
//   }
bool Chan() {
  chan<absl::Status> errs = make_chan<absl::Status>(kTasks);
  for (int i = 0; i < kTasks; i++) {
    go([i, errs] {
      absl::Status err =
          absl::NotFoundError(absl::StrCat("item ", i, " not found"));
      errs.send(err);
      // The worker's own copy, read after the send: the receiver may
      // already have released its copy, or release it only later.
      if (err.message().empty()) std::abort();
    });
  }
  size_t total = 0;
  for (int i = 0; i < kTasks; i++) total += errs.recv().message().size();
  return total == kTasks * std::strlen("item 0 not found");
}

// A real race, which TSan must report: a goroutine and main both increment
// a plain int. The relaxed flag only makes main's increment come second (it
// orders nothing, for TSan as for the memory model), so the report does not
// depend on timing.
int Race() {
  int counter = 0;
  std::atomic<bool> incremented{false};
  sync::WaitGroup wg;
  wg.Go([&] {
    counter++;
    incremented.store(true, std::memory_order_relaxed);
  });
  while (!incremented.load(std::memory_order_relaxed)) {
    std::this_thread::yield();
  }
  counter++;
  wg.Wait();
  std::printf("tsan consumer: raced, counter %d\n", counter);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const char* only = argc > 1 ? argv[1] : "";
  if (std::strcmp(only, "race") == 0) return Race();
  auto run = [&](const char* name) {
    return *only == 0 || std::strcmp(only, name) == 0;
  };
  int failures = 0;
  sync::WaitGroup watchers;
  for (int round = 0; round < kRounds; round++) {
    if (run("errgroup") && !Errgroup()) failures++;
    if (run("cause") && !Cause(watchers)) failures++;
    if (run("chan") && !Chan()) failures++;
  }
  watchers.Wait();
  std::printf("tsan consumer: %d rounds of %s: %s\n", kRounds,
              *only ? only : "errgroup, cause, chan",
              failures == 0 ? "ok" : "WRONG");
  return failures == 0 ? 0 : 1;
}
