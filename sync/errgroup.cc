// errgroup, after golang.org/x/sync/errgroup/errgroup.go (v0.16.0).
#include "sync/errgroup.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "chan/select.h"
#include "runtime/runtime.h"

namespace golang::errgroup {

void Group::Start(chan<Empty> sem, absl::AnyInvocable<absl::Status() &&> f) {
  wg_.Add(1);
  go([this, sem = std::move(sem), f = std::move(f)]() mutable {
    // No defer: if f throws, the exception escapes the goroutine (a panic)
    // and the group is not released (Go v0.16.0, x/sync#53757).
    absl::Status err;
    {
      // f, and everything it captured, is destroyed before Done: nothing f
      // owns outlives the Wait that Done releases.
      auto local = std::move(f);
      err = std::move(local)();
    }
    if (!err.ok() && !err_once_.exchange(true, std::memory_order_acq_rel)) {
      err_ = err;
      if (cancel_) cancel_(err_);
    }
    // Go: g.done() — the slot first, then the WaitGroup (EG-16), so that
    // once Wait returns no slot is held.
    if (sem != nullptr) {
      (void)sem.recv();
      sem = nullptr;
    }
    wg_.Done();  // the last touch of *this
  });
}

void Group::Go(absl::AnyInvocable<absl::Status() &&> f) {
  chan<Empty> sem = sem_;
  if (sem != nullptr) sem.send(Empty{});  // blocks at the limit
  Start(std::move(sem), std::move(f));
}

bool Group::TryGo(absl::AnyInvocable<absl::Status() &&> f) {
  chan<Empty> sem = sem_;
  if (sem != nullptr && select(send(sem, Empty{}), default_case()) != 0) {
    return false;
  }
  Start(std::move(sem), std::move(f));
  return true;
}

void Group::SetLimit(int n) {
  if (n < 0) {
    sem_ = nullptr;
    return;
  }
  if (const int64_t active = len(sem_); active != 0) {
    golang::panic(absl::StrCat("errgroup: modify limit while ", active,
                               " goroutines in the group are still active"));
  }
  sem_ = make_chan<Empty>(n);
}

absl::Status Group::Wait() {
  wg_.Wait();
  if (cancel_) cancel_(err_);
  return err_;
}

std::pair<std::unique_ptr<Group>, context::Context> WithContext(
    const context::Context& parent) {
  auto [ctx, cancel] = context::WithCancelCause(parent);
  auto g = std::make_unique<Group>();
  g->cancel_ = std::move(cancel);
  return {std::move(g), std::move(ctx)};
}

}  // namespace golang::errgroup
