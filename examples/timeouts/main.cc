// Timeouts, timers and tickers, translated line for line from main.go:
// select with time::After bounds how long an operation may take; a Timer can
// be stopped and reset; a for-select loop counts ticks and returns from
// inside a case (a switch on select's result); a default case makes a
// receive non-blocking.
#include <iostream>
#include <string>

#include "absl/cleanup/cleanup.h"
#include "chan/chan.h"
#include "chan/select.h"
#include "runtime/runtime.h"
#include "time/time.h"

using namespace golang;  // NOLINT: Go's builtins and packages, unqualified.

// firstTicks receives from tick until it has counted n ticks, or until
// giveUp fires; it returns how many it counted.
int firstTicks(recv_chan<time::Time> tick, recv_chan<time::Time> giveUp,
               int n) {
  int ticks = 0;
  for (;;) {
    switch (select(recv(tick), recv(giveUp))) {
      case 0:  // case <-tick:
        ticks++;
        if (ticks == n) {
          return ticks;
        }
        break;
      case 1:  // case <-giveUp:
        return ticks;
    }
  }
}

int main() {
  // A call that takes too long: the timeout wins.
  auto c1 = make_chan<std::string>(
      1);  // Buffered: the late send does not block forever.
  go([=] {
    time::Sleep(200 * time::Millisecond);
    c1.send("result 1");
  });
  select(recv(c1, [&](std::string res) { std::cout << res << "\n"; }),
         recv(time::After(20 * time::Millisecond),
              [&] { std::cout << "timeout 1\n"; }));

  // A call that is quick enough: the result wins.
  auto c2 = make_chan<std::string>(1);
  go([=] {
    time::Sleep(10 * time::Millisecond);
    c2.send("result 2");
  });
  select(recv(c2, [&](std::string res) { std::cout << res << "\n"; }),
         recv(time::After(500 * time::Millisecond),
              [&] { std::cout << "timeout 2\n"; }));

  // Timers: wait for one; stop another before it fires, then reset it.
  auto timer1 = time::NewTimer(10 * time::Millisecond);
  timer1->C.recv();
  std::cout << "timer 1 fired\n";
  auto timer2 = time::NewTimer(time::Hour);
  bool stopped = timer2->Stop();
  std::cout << "timer 2 stopped: " << std::boolalpha << stopped << "\n";
  timer2->Reset(10 * time::Millisecond);
  timer2->C.recv();
  std::cout << "timer 2 fired after Reset\n";

  // A ticker, read in a for-select loop.
  auto ticker = time::NewTicker(5 * time::Millisecond);
  absl::Cleanup defer_stop = [&] { ticker->Stop(); };
  std::cout << "ticks: " << firstTicks(ticker->C, time::After(time::Second), 3)
            << "\n";

  // A non-blocking receive.
  auto messages = make_chan<std::string>();
  select(
      recv(messages,
           [&](std::string msg) { std::cout << "received " << msg << "\n"; }),
      default_case([&] { std::cout << "no message received\n"; }));
}
