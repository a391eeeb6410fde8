// golang-cpp: Go's concurrency model in C++20.
//
// sync/once.h — sync::Once, and the OnceFunc, OnceValue and OnceValues
// wrappers.
//
// Go origin: src/sync/once.go, src/sync/oncefunc.go.
//
// A Once runs one function exactly once, however many goroutines ask, and
// makes every asker wait until that run has finished. OnceFunc, OnceValue and
// OnceValues wrap a function so that calling the wrapper any number of times,
// from any goroutines, runs it once and returns its result every time.
//
// Example:
//
//   // Go:
//   //   var once sync.Once
//   //   var config *Config
//   //   func get() *Config { once.Do(func() { config = load() }); return config }
//   sync::Once once;
//   Config* config = nullptr;
//   Config* Get() {
//     once.Do([] { config = Load(); });
//     return config;
//   }
//
//   // Go: getConfig := sync.OnceValue(load)
//   auto get_config = sync::OnceValue(Load);
//   Config* c = get_config();
//
// Memory ordering: "the completion of a single call of f() from once.Do(f) is
// synchronized before the return of any call of once.Do(f)". So what f wrote
// may be read, without further synchronization, after any Do returns; the
// same holds for the results and effects of the function a OnceFunc,
// OnceValue or OnceValues wrapper runs, after any call of the wrapper
// returns.
//
// Lifetimes: a Once may be destroyed as soon as a Do on it has returned,
// provided no other Do is still to come or on its way in (one that has not
// yet blocked still reads the Once): the Do that ran f touches the Once for
// the last time when it marks it done, before any waiting Do can return, and
// the Do calls that were blocked waiting for f return without touching it
// again. The wrappers share their state between copies and keep it alive
// as long as any copy lives, and a call blocked waiting for f holds the
// state itself: the last copy of a wrapper may be destroyed as soon as one
// call has returned, while calls that waited for f are still returning.
//
// Differences from Go:
//   - Go's panics are C++ exceptions here. If f throws inside Do, Do treats
//     f as having returned (later Do calls do not call f) and rethrows to its
//     own caller, as Go's Do does with a panic. A wrapper from OnceFunc,
//     OnceValue or OnceValues whose function threw rethrows that same
//     exception on every call, as Go re-panics with the same value.
//   - OnceValues takes a function returning a std::pair (or any two-element
//     tuple-like) and its wrapper returns a std::pair.
//   - OnceValue's and OnceValues' wrappers return a copy of the stored
//     result, as Go returns the value; the result type must be copyable.
//   - Not copyable or movable.
#ifndef GOLANG_SYNC_ONCE_H_
#define GOLANG_SYNC_ONCE_H_

#include <atomic>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <tuple>
#include <type_traits>
#include <utility>

#include "absl/functional/function_ref.h"

namespace golang::sync {

// Go: type Once struct
//
// The zero value (a default-constructed Once) has not run anything.
class Once {
 public:
  constexpr Once() = default;
  Once(const Once&) = delete;
  Once& operator=(const Once&) = delete;

  // Go: func (o *Once) Do(f func())
  //
  // Calls f() if and only if Do is being called for the first time on this
  // Once. Concurrent callers wait until that first f has returned (or
  // thrown); then every Do returns. If f calls Do on the same Once, it
  // deadlocks, as in Go. f is called in the calling goroutine and may throw
  // (see "Differences from Go" above).
  //
  // Fast path: after the first call has completed, one acquire load.
  template <class F>
  void Do(F&& f) {
    if (state_.load(std::memory_order_acquire) == kDone) [[likely]] {
      return;
    }
    DoSlow(absl::FunctionRef<void()>(f));
  }

 private:
  static constexpr uint32_t kIdle = 0;            // f has not started
  static constexpr uint32_t kRunning = 1;         // f runs, nobody waits
  static constexpr uint32_t kRunningWaiters = 2;  // f runs, callers parked
  static constexpr uint32_t kDone = 3;            // f has returned

  void DoSlow(absl::FunctionRef<void()> f);
  void Finish() noexcept;

  std::atomic<uint32_t> state_{kIdle};
};

namespace internal_once {

struct Nothing {};

// The state shared by every copy of a wrapper: the Once, the function until
// it has run (it is destroyed right after, as Go drops its reference to f),
// the result, and what f threw.
template <class F, class R>
struct OnceState {
  explicit OnceState(F f) : fn(std::move(f)) {}
  Once once;
  // Set once value or error is final (after fn is gone): calls that see it
  // cannot block.
  std::atomic<bool> finished{false};
  std::optional<F> fn;
  std::optional<std::conditional_t<std::is_void_v<R>, Nothing, R>> value;
  std::exception_ptr error;

  // Runs fn unless some call already has, then returns a copy of its result
  // or rethrows what it threw.
  R Get() {
    once.Do([this] {
      try {
        if constexpr (std::is_void_v<R>) {
          std::invoke(std::move(*fn));
        } else {
          value.emplace(std::invoke(std::move(*fn)));
        }
      } catch (...) {
        error = std::current_exception();
      }
      fn.reset();
      finished.store(true, std::memory_order_release);
    });
    return Result();
  }

  // Once finished: the copy of the result, or the rethrow.
  R Result() const {
    if (error) std::rethrow_exception(error);
    if constexpr (!std::is_void_v<R>) return *value;
  }
};

// The body of every wrapper; `state` is the wrapper's own reference.
template <class F, class R>
R Call(const std::shared_ptr<OnceState<F, R>>& state) {
  // Finished: this call does not block (it does not even enter Do, whose
  // runner may still be finishing), so the wrapper the caller is calling
  // holds the state throughout. One acquire load, no reference count
  // traffic on the hot path.
  if (state->finished.load(std::memory_order_acquire)) return state->Result();
  // This call may block in Do until f has finished. The caller that ran f,
  // or another waiter woken before us, may then return and destroy the last
  // copy of the wrapper while we are still being woken: hold the state
  // ourselves until we return.
  const std::shared_ptr<OnceState<F, R>> keep = state;
  return keep->Get();
}

}  // namespace internal_once

// Go: func OnceFunc(f func()) func()
//
// Returns a function that calls f only the first time it is called, from
// whatever goroutine; every call returns after that first call of f has
// returned. If f threw, every call throws the same exception. The returned
// function is copyable; copies share one state. f's result, if any, is
// discarded.
template <class F>
[[nodiscard]] auto OnceFunc(F&& f) {
  using Fn = std::decay_t<F>;
  static_assert(std::is_invocable_v<Fn>,
                "OnceFunc(f): f must be callable with no arguments");
  auto state = std::make_shared<internal_once::OnceState<Fn, void>>(
      Fn(std::forward<F>(f)));
  return [state]() { internal_once::Call(state); };
}

// Go: func OnceValue[T any](f func() T) func() T
//
// Returns a function that calls f only the first time it is called and
// returns (a copy of) f's result on every call. If f threw, every call throws
// the same exception. Copies of the returned function share one state.
template <class F>
[[nodiscard]] auto OnceValue(F&& f) {
  using Fn = std::decay_t<F>;
  static_assert(std::is_invocable_v<Fn>,
                "OnceValue(f): f must be callable with no arguments");
  using R = std::decay_t<std::invoke_result_t<Fn&&>>;
  static_assert(!std::is_void_v<R>, "OnceValue(f): f must return a value");
  auto state =
      std::make_shared<internal_once::OnceState<Fn, R>>(Fn(std::forward<F>(f)));
  return [state]() -> R { return internal_once::Call(state); };
}

// Go: func OnceValues[T1, T2 any](f func() (T1, T2)) func() (T1, T2)
//
// As OnceValue, for a function returning two values: f returns a std::pair
// (or a two-element std::tuple), and the returned function returns a
// std::pair.
template <class F>
[[nodiscard]] auto OnceValues(F&& f) {
  using Fn = std::decay_t<F>;
  static_assert(std::is_invocable_v<Fn>,
                "OnceValues(f): f must be callable with no arguments");
  using R = std::decay_t<std::invoke_result_t<Fn&&>>;
  static_assert(std::tuple_size<R>::value == 2,
                "OnceValues(f): f must return a std::pair");
  using P = std::pair<std::tuple_element_t<0, R>, std::tuple_element_t<1, R>>;
  return OnceValue([fn = Fn(std::forward<F>(f))]() mutable -> P {
    R r = std::invoke(std::move(fn));
    return P(std::get<0>(std::move(r)), std::get<1>(std::move(r)));
  });
}

}  // namespace golang::sync

#endif  // GOLANG_SYNC_ONCE_H_
