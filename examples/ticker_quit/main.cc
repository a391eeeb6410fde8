// A ticker paces a worker, and a quit channel stops it, translated line for
// line from main.go: on each tick the worker handles the next job in its
// queue, or waits for the next tick when the queue is empty. Closing quit
// makes it return; on the way out it stops its ticker and closes done, so
// main knows it is gone.
//
// Differences from Go: the worker gets its own copy of the jobs (a
// std::vector by value) and drops the first with erase, where Go reslices
// (jobs = jobs[1:]).
#include <iostream>
#include <string>
#include <vector>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/ascii.h"
#include "chan/chan.h"
#include "chan/select.h"
#include "runtime/runtime.h"
#include "time/time.h"

using namespace golang;  // NOLINT: Go's builtins and packages, unqualified.

const time::Duration period = 5 * time::Millisecond;

void worker(std::vector<std::string> jobs, send_chan<std::string> results,
            recv_chan<Empty> quit, send_chan<Empty> done) {
  absl::Cleanup defer_close = [&] { close(done); };
  auto ticker = time::NewTicker(period);
  absl::Cleanup defer_stop = [&] { ticker->Stop(); };
  for (;;) {
    switch (select(recv(ticker->C), recv(quit)).index()) {
      case 0:  // case <-ticker.C:
        if (jobs.empty()) {
          continue;  // Idle: wait for the next tick, or quit.
        }
        results.send(absl::AsciiStrToUpper(jobs[0]));
        jobs.erase(jobs.begin());
        break;
      case 1:  // case <-quit:
        return;
    }
  }
}

int main() {
  std::vector<std::string> jobs = {"alpha", "beta", "gamma", "delta"};
  auto results = make_chan<std::string>();
  auto quit = make_chan<Empty>();
  auto done = make_chan<Empty>();
  time::Time start = time::Now();
  go(worker, jobs, results, quit, done);
  for ([[maybe_unused]] const std::string& job : jobs) {  // for range jobs
    std::cout << results.recv() << "\n";
  }
  // One job per tick: the last result came no sooner than the fourth tick.
  std::cout << "paced by the ticker: " << std::boolalpha
            << (time::Since(start) >= 4 * period) << "\n";
  close(quit);
  done.recv();
  std::cout << "worker stopped\n";
}
