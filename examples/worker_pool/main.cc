// A worker pool, translated line for line from main.go: three workers take
// jobs from one channel and send results on another. The jobs channel is
// closed when all jobs are queued; a single closer closes results once
// every worker has returned.
//
// The goroutines capture by reference ([&]): main cannot leave before the
// range over results ends, which is after every worker's Done and the
// closer's close.
#include <algorithm>
#include <iostream>
#include <vector>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_format.h"
#include "chan/chan.h"
#include "runtime/runtime.h"
#include "sync/waitgroup.h"
#include "time/time.h"

using namespace golang;  // NOLINT: Go's builtins and packages, unqualified.

struct result {
  int job, worker, value;
};

// worker processes jobs until the jobs channel is closed and drained.
void worker(int id, recv_chan<int> jobs, send_chan<result> results) {
  for (int j : jobs) {
    time::Sleep(10 * time::Millisecond);  // The work.
    results.send(result{.job = j, .worker = id, .value = j * 2});
  }
}

int main() {
  constexpr int numJobs = 9;
  auto jobs = make_chan<int>(numJobs);
  auto results = make_chan<result>(numJobs);

  sync::WaitGroup wg;
  for (int w = 1; w <= 3; w++) {
    wg.Add(1);
    go(
        [&](int w) {
          absl::Cleanup done = [&] { wg.Done(); };
          worker(w, jobs, results);
        },
        w);
  }

  time::Time start = time::Now();
  for (int j = 1; j <= numJobs; j++) {
    jobs.send(j);
  }
  close(jobs);  // No more jobs: workers leave their range loops.

  go([&] {
    wg.Wait();
    close(results);
  });

  std::vector<result> all;
  for (result r : results) {
    all.push_back(r);
  }
  time::Duration elapsed = time::Since(start);

  std::sort(all.begin(), all.end(),
            [](const result& a, const result& b) { return a.job < b.job; });
  for (const result& r : all) {
    absl::PrintF("job %d -> %d\n", r.job, r.value);
  }
  // 9 jobs of 10 ms on 3 workers: 30 ms at best (90 ms in sequence).
  std::cout << "took at least 30ms: " << std::boolalpha
            << (elapsed >= 30 * time::Millisecond) << "\n";
}
