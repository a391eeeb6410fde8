// The program that panic_test.cc and seed_test.cc run with their output on
// pipes. It links golang::golang but not GoogleTest or golang::goleak, so a
// bubble's deadlock is a panic here. argv[1] says what it does:
//
//   root                the body blocks in select() with no cases
//   root-with-outsider  the same, with a goroutine outside blocked too
//   child               the body starts a goroutine that blocks so, returns
//   sleep-after-return  the body starts a goroutine that sleeps 1 s, returns
//   ticker              the body starts a goroutine ranging over Tick(1 s)
//   seeded-deadlock     Options{.seed = 12345}, the body blocks in select()
//   deadlock-third-run  Options{.seed = 100, .runs = 5}, the third run's
//                       body blocks in select(); prints "runs <n>" after
//   runs                Options{.seed = 100, .runs = 5}; prints "runs <n>"
//   trace:<s>           prints trace_body.h's trace with Options{.seed = s}
//
// Before anything else it writes "started\n" on standard output, unflushed
// (the panic must flush it).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "chan/chan.h"
#include "chan/select.h"
#include "runtime/runtime.h"
#include "synctest/synctest.h"
#include "tests/synctest/trace_body.h"
#include "time/time.h"

namespace golang {
namespace {

// Named frames for the dump (never inlined, so that they show).
[[gnu::noinline]] void InBubbleBlocked() {
  select();
  std::puts("unreachable");
}

[[gnu::noinline]] void OutsiderBlocked(chan<Empty> never) {
  (void)never.recv();
  std::puts("unreachable");
}

int Run(const std::string& mode) {
  if (mode == "root") {
    synctest::Test([] { InBubbleBlocked(); });
  } else if (mode == "root-with-outsider") {
    auto never = make_chan<Empty>();
    go([never] { OutsiderBlocked(never); });
    synctest::Test([] { InBubbleBlocked(); });
  } else if (mode == "child") {
    synctest::Test([] { go([] { InBubbleBlocked(); }); });
  } else if (mode == "sleep-after-return") {
    synctest::Test([] {
      go([] {
        time::Sleep(1 * time::Second);
        std::puts("woke after the body returned");
      });
    });
  } else if (mode == "ticker") {
    synctest::Test([] {
      go([] {
        for (time::Time t : time::Tick(1 * time::Second)) {
          (void)t;
          std::puts("ticker unexpectedly ran");
          return;
        }
      });
    });
  } else if (mode == "seeded-deadlock") {
    synctest::Test(synctest::Options{.seed = 12345}, [] { InBubbleBlocked(); });
  } else if (mode == "deadlock-third-run" || mode == "runs") {
    const bool deadlock = mode == "deadlock-third-run";
    int runs = 0;
    synctest::Test(synctest::Options{.seed = 100, .runs = 5},
                   [&runs, deadlock] {
                     if (++runs == 3 && deadlock) InBubbleBlocked();
                   });
    std::cout << "runs " << runs << "\n";
  } else if (mode.rfind("trace:", 0) == 0) {
    const uint64_t seed = std::stoull(mode.substr(6));
    std::vector<int> trace;
    synctest::Test(synctest::Options{.seed = seed},
                   [&trace] { trace = synctest_test::TraceBody(); });
    for (int entry : trace) std::cout << entry << " ";
    std::cout << "\n";
  } else {
    std::cerr << "unknown mode " << mode << "\n";
    return 1;
  }
  return 0;
}

}  // namespace
}  // namespace golang

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: synctest_helper <mode>\n";
    return 1;
  }
  std::cout << "started\n";
  return golang::Run(argv[1]);
}
