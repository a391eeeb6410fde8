// Pitfall: calling Done more times than Add, translated line for line from
// main.go. A job is retried after the WaitGroup has been waited on, but
// nobody calls wg.Add(1) for the retry: its deferred wg.Done() takes the
// counter below zero and the program panics with
// "sync: negative WaitGroup counter".
//
// The fix: pair every Done with an Add made before the work starts
// (wg.Add(1) before the retry).
#include <iostream>
#include <string>
#include <vector>

#include "absl/cleanup/cleanup.h"
#include "runtime/runtime.h"
#include "sync/waitgroup.h"

using namespace golang;  // NOLINT: Go's builtins and packages, unqualified.

// process handles one job; it is always paired with a wg.Add(1)... or so
// its author thought.
void process(std::string job, sync::WaitGroup* wg) {
  absl::Cleanup done = [&] { wg->Done(); };
  (void)job.size();  // the work
}

int main() {
  std::vector<std::string> jobs = {"a", "b", "c"};
  sync::WaitGroup wg;
  wg.Add(jobs.size());
  for (const std::string& job : jobs) {
    go(process, job, &wg);
  }
  wg.Wait();
  std::cout << "all jobs done\n";

  std::cout << "retrying job a\n";
  process(jobs[0], &wg);  // BUG: no wg.Add(1) for the retry.
  std::cout << "unreachable\n";
}
