// The program that panic_exit_test.cc runs with its standard output and
// standard error on pipes. It links golang::main, so its main() is goroutine
// 1, as in a Go program. argv[1] says how it fails:
//
//   cout            writes a line with std::cout ("\n", no flush), panics
//   cout-unsynced   the same after std::ios::sync_with_stdio(false)
//   printf          writes a line with printf, panics
//   goroutine       writes a line, then a goroutine panics
//   throw-main      writes a line, then an exception escapes main
//   throw-goroutine writes a line, then an exception escapes a goroutine
//   deadlock        writes a line, then main blocks forever
//   locked-stdout   writes a line with printf, panics holding stdout's lock
//   two-panics      two goroutines panic at once
#include <sys/resource.h>

#include <cstdio>
#include <cstring>
#include <iostream>
#include <stdexcept>

#include "chan/chan.h"
#include "runtime/runtime.h"

namespace {

// noinline: its frame stays on the stack, for the report's trace.
[[gnu::noinline]] void PanicHere(const char* message) {
  golang::panic(message);
}

}  // namespace

int main(int argc, char** argv) {
  const rlimit no_core = {0, 0};
  setrlimit(RLIMIT_CORE, &no_core);  // GOTRACEBACK=crash: no core file
  const char* mode = argc > 1 ? argv[1] : "";
  if (std::strcmp(mode, "cout") == 0) {
    std::cout << "written before the panic\n";
    PanicHere("from main");
  }
  if (std::strcmp(mode, "cout-unsynced") == 0) {
    std::ios::sync_with_stdio(false);
    std::cout << "written before the panic\n";
    PanicHere("from main");
  }
  if (std::strcmp(mode, "printf") == 0) {
    std::printf("written before the panic\n");
    PanicHere("from main");
  }
  if (std::strcmp(mode, "locked-stdout") == 0) {
    std::printf("written before the panic\n");
    flockfile(stdout);  // as a panic from inside a stdio callback would
    PanicHere("holding stdout");
  }
  auto never = golang::make_chan<int>();
  if (std::strcmp(mode, "two-panics") == 0) {
    auto start = golang::make_chan<int>();
    golang::go([start] {
      (void)start.recv();
      PanicHere("first");
    });
    golang::go([start] {
      (void)start.recv();
      PanicHere("second");
    });
    golang::close(start);
    (void)never.recv();
  }
  if (std::strcmp(mode, "goroutine") == 0) {
    std::cout << "written before the panic\n";
    golang::go([] { PanicHere("from a goroutine"); });
    (void)never.recv();
  }
  if (std::strcmp(mode, "throw-main") == 0) {
    std::cout << "written before the panic\n";
    throw std::runtime_error("escaped main");
  }
  if (std::strcmp(mode, "throw-goroutine") == 0) {
    std::cout << "written before the panic\n";
    golang::go([] { throw std::runtime_error("escaped a goroutine"); });
    (void)never.recv();
  }
  if (std::strcmp(mode, "deadlock") == 0) {
    std::cout << "written before the deadlock\n";
    (void)never.recv();
  }
  std::fprintf(stderr, "unknown mode %s\n", mode);
  return 1;
}
