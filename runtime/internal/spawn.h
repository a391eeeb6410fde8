// golang-cpp internal: NOT API.
//
// spawn.h: what `go` (runtime/runtime.h) needs from the runtime, and no
// more: Spawn, and the template that evaluates a go statement's function and
// arguments. The goroutine record, the scheduler and the parker stay out of
// every user's translation unit (goroutine.h, sched.h, parker.h).
#ifndef GOLANG_RUNTIME_INTERNAL_SPAWN_H_
#define GOLANG_RUNTIME_INTERNAL_SPAWN_H_

#include <functional>
#include <type_traits>
#include <utility>

#include "absl/functional/any_invocable.h"
#include "runtime/internal/source_location.h"

namespace golang::internal {

// Starts fn as a new goroutine. Never blocks on other goroutines.
void Spawn(absl::AnyInvocable<void() &&> fn, SourceLocation created_at);

// Evaluates f and args now (decay-copying them, as Go evaluates a go
// statement's function value and arguments at the go statement) and runs the
// call in a new goroutine.
template <class F, class... Args>
void Go(SourceLocation where, F&& f, Args&&... args) {
  static_assert(std::is_invocable_v<std::decay_t<F>, std::decay_t<Args>...>,
                "go(f, args...): f cannot be called with these arguments");
  Spawn(
      // An init-capture decays as `auto` does: f and args are copied or
      // moved into the goroutine, as Go evaluates them at the go statement.
      [fn = std::forward<F>(f), ... as = std::forward<Args>(args)]() mutable {
        std::invoke(std::move(fn), std::move(as)...);
      },
      where);
}

}  // namespace golang::internal

#endif  // GOLANG_RUNTIME_INTERNAL_SPAWN_H_
