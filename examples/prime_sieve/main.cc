// The concurrent prime sieve, a classic Go program, translated line for line
// from main.go: a daisy chain of goroutines, one filter per prime found so
// far, connected by channels.
//
// The goroutines are still blocked when main returns; as in Go, that
// neither delays nor crashes the exit. go(f, args...) copies its arguments,
// so each filter owns handles to its two channels.
#include <iostream>

#include "chan/chan.h"
#include "runtime/runtime.h"

using namespace golang;  // NOLINT: Go's builtins and packages, unqualified.

// generate sends 2, 3, 4, ... on ch.
void generate(send_chan<int> ch) {
  for (int i = 2;; i++) {
    ch.send(i);
  }
}

// filter copies the values from in to out, dropping multiples of prime.
void filter(recv_chan<int> in, send_chan<int> out, int prime) {
  for (;;) {
    int i = in.recv();
    if (i % prime != 0) {
      out.send(i);
    }
  }
}

int main() {
  auto ch = make_chan<int>();
  go(generate, ch);
  for (int i = 0; i < 20; i++) {
    int prime = ch.recv();
    std::cout << prime << "\n";
    auto next = make_chan<int>();
    go(filter, ch, next, prime);
    ch = next;
  }
}
