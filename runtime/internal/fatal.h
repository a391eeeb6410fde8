// golang-cpp internal: NOT API.
//
// fatal.h: how the process ends on an unrecovered panic or one of the
// runtime's fatal errors, as a Go program's does (Go's runtime/panic.go,
// fatalpanic and fatalthrow, and the GOTRACEBACK setting of
// runtime/runtime1.go): standard output is flushed, the report goes to
// standard error, and the process exits with status 2 at once, running no
// atexit handler or static destructor (Go runs no deferred call of any other
// goroutine either). GOTRACEBACK=crash aborts instead (SIGABRT, and a core
// dump where the system writes one).
//
// The library's own assertion failures (check.h, lockrank.h) are bugs in
// golang-cpp, not in the program: they keep std::abort and do not come here.
#ifndef GOLANG_RUNTIME_INTERNAL_FATAL_H_
#define GOLANG_RUNTIME_INTERNAL_FATAL_H_

#include <string>
#include <string_view>

namespace golang::internal {

// GOTRACEBACK, read from the environment at each use. Go's values: `none`
// (or 0): the report's first line only; `single` (the default, also an
// empty or unrecognised value): the failing goroutine's trace; `all` (or
// 1): every goroutine; `system` (or 2): as `all` (the runtime's own frames
// are never shown here); `crash`: as `all`, then abort.
//
// Differences from Go: Go reads the variable once at start-up, and an
// unrecognised value there means `none`, not `single`.
enum class Traceback { kNone, kSingle, kAll, kCrash };
[[nodiscard]] Traceback TracebackSetting();

// Called first by every path that ends the process here. Returns in the
// first thread to call it. A second thread that arrives meanwhile waits
// forever for the first to end the process (Go lets one panic report); a
// second call on the same thread (a panic while reporting one) writes
// `fatal error: panic during panic` and exits with status 2 at once.
void BeginDying();

// Flushes std::cout, std::clog (and the wide ones) and every stdio stream
// (fflush(nullptr)), so that what the program wrote before it failed is not
// lost when standard output is a pipe or a file. The flushing runs on a
// helper thread and is waited for at most one second: a stream whose lock
// the failing thread (or a thread that never lets go) holds, or a pipe that
// nobody reads, cannot hold up the report. If no thread can be started, it
// runs on the calling thread.
void FlushStandardOutput();

// Writes `report` to standard error (file descriptor 2, unbuffered) and ends
// the process: std::abort under GOTRACEBACK=crash, otherwise _exit(2).
// Does not flush standard output; call FlushStandardOutput first.
[[noreturn]] void ExitAfterReport(std::string_view report, Traceback level);

}  // namespace golang::internal

#endif  // GOLANG_RUNTIME_INTERNAL_FATAL_H_
