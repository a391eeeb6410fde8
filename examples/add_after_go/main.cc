// Pitfall: calling wg.Add inside the goroutine instead of before the go
// statement, translated line for line from main.go. The goroutines first
// open a connection (20 ms); by the time they call wg.Add(1), main's
// wg.Wait() has seen a zero counter and returned. The results are read while
// the orphaned goroutines are still writing them: a data race, which
// ThreadSanitizer reports in a -DGOLANG_SANITIZE=thread build (as
// `go run -race main.go` does for the Go program).
//
// The fix: wg.Add(1) before `go`, in the parent.
//
// Differences from Go: with this bug the goroutines outlive the Wait that
// was meant to bound them, and may outlive main's locals (under
// ThreadSanitizer, a goroutine busy reporting the race can still be writing
// after main returned). So, as for any goroutine that can outlive its
// parent, what they share lives on the heap (std::make_shared) and is
// captured by value. With [&], this bug would also be a use-after-free.
#include <iostream>
#include <memory>
#include <vector>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_join.h"
#include "runtime/runtime.h"
#include "sync/waitgroup.h"
#include "time/time.h"

using namespace golang;  // NOLINT: Go's builtins and packages, unqualified.

// connect stands for opening a connection.
void connect() { time::Sleep(20 * time::Millisecond); }

int main() {
  auto wg = std::make_shared<sync::WaitGroup>();
  auto results = std::make_shared<std::vector<int>>(3);
  for (int i = 0; i < 3; i++) {
    go(
        [=](int i) {
          connect();
          wg->Add(1);  // BUG: too late, Wait may already have returned.
          absl::Cleanup done = [&] { wg->Done(); };
          (*results)[i] = (i + 1) * 10;
        },
        i);
  }
  wg->Wait();  // Sees zero and returns at once.
  std::cout << "after Wait: [" << absl::StrJoin(*results, " ") << "]\n";
  time::Sleep(100 * time::Millisecond);  // Meanwhile the orphans finish.
  std::cout << "100ms later: [" << absl::StrJoin(*results, " ") << "]\n";
}
