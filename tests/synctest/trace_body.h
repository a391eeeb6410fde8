// A bubble body whose interleaving shows in its result, for the seeded
// mode's tests (seed_test.cc, helper.cc). Not API.
#ifndef GOLANG_TESTS_SYNCTEST_TRACE_BODY_H_
#define GOLANG_TESTS_SYNCTEST_TRACE_BODY_H_

#include <vector>

#include "chan/chan.h"
#include "chan/select.h"
#include "runtime/runtime.h"
#include "sync/waitgroup.h"

namespace golang::synctest_test {

// Run inside a bubble: four goroutines take six steps each (a yield, a
// round trip through a shared buffered channel, a select between two ready
// channels), and log every step on a channel as they go: 100 * goroutine +
// 10 * step + (the select's choice, for a select step). The log, in the
// order of the sends, is the interleaving.
inline std::vector<int> TraceBody() {
  constexpr int kGoroutines = 4;
  constexpr int kSteps = 6;
  auto log = make_chan<int>(kGoroutines * kSteps);
  auto ball = make_chan<int>(2);
  auto ready_a = make_chan<int>(kGoroutines * kSteps);
  auto ready_b = make_chan<int>(kGoroutines * kSteps);
  for (int i = 0; i < kGoroutines * kSteps; i++) {
    ready_a.send(0);
    ready_b.send(1);
  }
  sync::WaitGroup wg;
  for (int g = 0; g < kGoroutines; g++) {
    wg.Go([g, log, ball, ready_a, ready_b] {
      for (int step = 0; step < kSteps; step++) {
        int entry = 100 * g + 10 * step;
        switch (step % 3) {
          case 0: runtime::Gosched(); break;
          case 1:
            ball.send(g);
            (void)ball.recv();
            break;
          default: entry += select(recv(ready_a), recv(ready_b)).index(); break;
        }
        log.send(entry);
      }
    });
  }
  wg.Wait();
  close(log);
  std::vector<int> trace;
  for (int entry : log) trace.push_back(entry);
  return trace;
}

}  // namespace golang::synctest_test

#endif  // GOLANG_TESTS_SYNCTEST_TRACE_BODY_H_
