// Retries with exponential backoff, tested in virtual time, translated line
// for line from main_test.go: a client calls a flaky server, waits 100ms
// after the first failure and twice as long after each next one, and gives
// up when its context's deadline passes. In a synctest bubble the program
// takes no real time, and every time it prints is exact.
//
// Go's synctest.Test needs a *testing.T, so the Go original is a test
// (`go test -v`), and each Go test is a function here that main() calls; what
// the Go test logs with t.Logf, this program prints.
#include <cstdint>
#include <memory>
#include <string>

#include "absl/cleanup/cleanup.h"
#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "chan/chan.h"
#include "chan/select.h"
#include "context/context.h"
#include "runtime/runtime.h"
#include "synctest/synctest.h"
#include "time/time.h"

using namespace golang;  // NOLINT: Go's builtins and packages, unqualified.

const absl::Status errUnavailable = absl::UnavailableError("unavailable");

// What fmt's %v prints for an error.
std::string errString(const absl::Status& err) {
  return err.ok() ? "<nil>" : std::string(err.message());
}

// server answers one request at a time. Each call takes 50ms; the first
// `failures` calls fail.
struct server {
  chan<chan<absl::Status>> requests;
  int calls = 0;

  absl::Status call(context::Context ctx);
};

std::shared_ptr<server> startServer(int failures) {
  auto s = std::make_shared<server>();
  s->requests = make_chan<chan<absl::Status>>();
  go([s, failures] {
    for (chan<absl::Status> reply : s->requests) {
      time::Sleep(50 * time::Millisecond);
      s->calls++;
      if (s->calls <= failures) {
        reply.send(errUnavailable);
      } else {
        reply.send(absl::OkStatus());
      }
    }
  });
  return s;
}

// call makes one request and waits for its answer, or for ctx to end.
absl::Status server::call(context::Context ctx) {
  auto reply = make_chan<absl::Status>(
      1);  // Buffered: a late answer never blocks the server.
  switch (select(send(requests, reply), recv(ctx.Done()))) {
    case 0:  // case s.requests <- reply:
      break;
    case 1:  // case <-ctx.Done():
      return ctx.Err();
  }
  switch (auto r = select(recv(reply), recv(ctx.Done())); r.index()) {
    case 0:  // case err := <-reply:
      return r.value<0>();
    default:  // case <-ctx.Done():
      return ctx.Err();
  }
}

// ms is d in whole milliseconds, for the log.
int64_t ms(time::Duration d) { return absl::ToInt64Milliseconds(d); }

// retry calls s until a call succeeds or ctx ends, with exponential backoff.
// It prints each attempt with the time it started, since start.
absl::Status retry(context::Context ctx, server* s) {
  time::Time start = time::Now();
  time::Duration backoff = 100 * time::Millisecond;
  for (int attempt = 1;; attempt++) {
    time::Duration at = time::Since(start);
    absl::Status err = s->call(ctx);
    if (err.ok()) {
      absl::PrintF("attempt %d at %dms: ok\n", attempt, ms(at));
      return absl::OkStatus();
    }
    absl::PrintF("attempt %d at %dms: %s\n", attempt, ms(at), errString(err));
    switch (select(recv(time::After(backoff)), recv(ctx.Done()))) {
      case 0:  // case <-time.After(backoff):
        break;
      case 1:  // case <-ctx.Done():
        absl::PrintF("gave up at %dms: %s\n", ms(time::Since(start)),
                     errString(ctx.Err()));
        return ctx.Err();
    }
    backoff *= 2;
  }
}

// t.Errorf: report a failure, and let main exit with status 1.
bool failed = false;

// The server fails three times, then answers: the fourth attempt, which
// starts at 50 + 100 + 50 + 200 + 50 + 400 = 850ms, succeeds.
void TestRetryRecovers() {
  synctest::Test([] {
    absl::PrintF("recovering server, from %s\n",
                 absl::FormatTime("%E4Y-%m-%d %H:%M:%E*S %z %Z", time::Now(),
                                  absl::UTCTimeZone()));
    time::Time start = time::Now();
    auto [ctx, cancel] =
        context::WithTimeout(context::Background(), 2 * time::Second);
    absl::Cleanup defer_cancel = cancel;
    auto s = startServer(3);
    absl::Cleanup defer_close = [&] { close(s->requests); };

    absl::Status err = retry(ctx, s.get());
    absl::PrintF("retry returned at %dms: %s, after %d calls\n",
                 ms(time::Since(start)), errString(err), s->calls);
  });
}

// The server never answers well: the 2s deadline ends the retries, during
// the wait after the fifth attempt. synctest::Wait shows that the client is
// still waiting 1ms before the deadline.
void TestRetryGivesUp() {
  synctest::Test([] {
    absl::PrintF("server down, from %s\n",
                 absl::FormatTime("%E4Y-%m-%d %H:%M:%E*S %z %Z", time::Now(),
                                  absl::UTCTimeZone()));
    time::Time start = time::Now();
    auto [ctx, cancel] =
        context::WithTimeout(context::Background(), 2 * time::Second);
    absl::Cleanup defer_cancel = cancel;
    auto s = startServer(1000);
    absl::Cleanup defer_close = [&] { close(s->requests); };

    auto done = make_chan<absl::Status>(1);
    go([done, ctx = ctx, s] { done.send(retry(ctx, s.get())); });
    time::Sleep(2 * time::Second - time::Millisecond);
    synctest::Wait();  // Every other goroutine of the bubble is blocked now.
    switch (auto r = select(recv(done), default_case()); r.index()) {
      case 0: {  // case err := <-done:
        absl::Status err = r.value<0>();
        absl::PrintF("retry returned at %dms, before the deadline: %s\n",
                     ms(time::Since(start)), errString(err));
        failed = true;
        return;
      }
      case 1:  // default:
        break;
    }
    absl::PrintF("at %dms: still retrying\n", ms(time::Since(start)));
    absl::Status err = done.recv();
    absl::PrintF("retry returned at %dms: %s, after %d calls\n",
                 ms(time::Since(start)), errString(err), s->calls);
  });
}

int main() {
  TestRetryRecovers();
  TestRetryGivesUp();
  return failed ? 1 : 0;
}
