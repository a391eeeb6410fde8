// golang-cpp: Go's concurrency model in C++20.
//
// chan/select.h — the select statement: select, recv, send, default_case,
// and the dynamic select over a run-time list of cases (Go's reflect.Select).
//
// Go origin: runtime/select.go; the spec's §Select statements.
//
// Example:
//
//   // Go:
//   //   select {
//   //   case v := <-results:
//   //       fmt.Println(v)
//   //   case err := <-errs:
//   //       return err
//   //   case <-time.After(time.Second):
//   //       return errTimeout
//   //   }
//   switch (auto r = select(recv(results), recv(errs),
//                           recv(time::After(time::Second)));
//           r.index()) {
//     case 0: std::cout << r.value<0>() << "\n"; break;
//     case 1: return r.value<1>();
//     case 2: return TimeoutError();
//   }
//
// or, with each Go case body as a lambda that select runs:
//
//   select(recv(results, [&](auto v) { std::cout << v << "\n"; }),
//          recv(errs, [&](absl::Status e) { LogError(e); }),
//          recv(time::After(time::Second)));
//
// Rules, exactly Go's:
//   - Every channel operand and every value to send is evaluated once, on
//     entry (they are the arguments of recv()/send(), which C++ evaluates
//     before select runs), whichever case is chosen.
//   - If one or more cases can proceed, one of them is chosen uniformly at
//     random. Otherwise, default_case runs if present; otherwise select
//     blocks until a case can proceed.
//   - A case on a nil channel is never ready. A receive case on a closed
//     channel is always ready (T{}, ok == false). A send case on a closed
//     channel panics with `send on closed channel`, even with a default.
//   - The same channel may appear in several cases; a select never pairs
//     its own send with its own receive.
//   - Only the chosen case's body runs, after the communication.
//
// select returns a select_result (below): the 0-based position of the case
// that ran (default_case included) and the value a receive case without a
// body received, so that Go case bodies, with their `return`, `break` and
// `continue`, translate to the cases of a `switch` on it.
//
// Memory ordering: the chosen communication has exactly the ordering of the
// same plain send or receive (see chan/chan.h).
//
// Differences from Go: a send value given as an rvalue of the element type
// (`send(ch, std::move(p))`) is moved from only if that case is chosen; if
// another case runs, the caller still owns it (so a move-only value is never
// lost by a select that takes another case). Other send values are copied on
// entry, as Go does. Go evaluates the operands in source order; here they
// are function arguments, whose order C++ leaves unspecified (GCC goes right
// to left): each is still evaluated exactly once, before select runs. Where
// the order matters, build a dynamic select from a braced list (evaluated
// left to right) or evaluate the operands into variables first.
#ifndef GOLANG_CHAN_SELECT_H_
#define GOLANG_CHAN_SELECT_H_

#include <cstddef>
#include <memory>
#include <span>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>

#include "absl/base/attributes.h"
#include "chan/chan.h"
#include "chan/internal/select_impl.h"

namespace golang {

// Go: case v := <-ch: / case v, ok := <-ch: / case <-ch:
//
// A receive case. body may take (T v), (T v, bool ok) or nothing; with no
// body the value is discarded. On a closed, drained channel the case is
// ready and body gets T{} (and ok == false).
//
// Make cases inside the select(...) call, as Go writes them: a case refers
// to the channel of the handle it was made from, so the handle (even a
// temporary such as `time::After(d)`) must outlive it, which the
// full-expression guarantees. To keep cases in a variable, use select_case,
// which holds its own reference.
template <class T, class F = internal::NoBody>
[[nodiscard]] auto recv(const chan<T>& ch, F body = {}) {
  return internal::RecvCase<T, F>(ch.core(), std::move(body));
}
template <class T, class F = internal::NoBody>
[[nodiscard]] auto recv(const recv_chan<T>& ch, F body = {}) {
  return internal::RecvCase<T, F>(ch.core(), std::move(body));
}

// Go: case ch <- v:
//
// A send case; body (optional) runs after the value was sent. v is
// evaluated on entry. An rvalue of type T is moved from only if this case
// is chosen (see "Differences from Go" above).
template <class T, class X, class F = internal::NoBody>
[[nodiscard]] auto send(const chan<T>& ch, X&& v, F body = {}) {
  return internal::MakeSendCase<T>(ch.core(), std::forward<X>(v),
                                   std::move(body));
}
template <class T, class X, class F = internal::NoBody>
[[nodiscard]] auto send(const send_chan<T>& ch, X&& v, F body = {}) {
  return internal::MakeSendCase<T>(ch.core(), std::forward<X>(v),
                                   std::move(body));
}

// Go: default:
template <class F = internal::NoBody>
[[nodiscard]] auto default_case(F body = {}) {
  return internal::DefaultCase<F>(std::move(body));
}

// What a select statement did, for a `switch` to take apart: which case ran
// and, for a receive case made without a body (`recv(ch)`), the value it
// received and Go's ok. select() returns one; its type names the value type
// of each case (internal::NoValue for a case that carries none), so write
// `auto r = select(...)`.
//
//   // Go:
//   //   select {
//   //   case v, ok := <-in:      // case 0
//   //       if !ok { return }
//   //       total += v
//   //   case <-ctx.Done():       // case 1
//   //       return
//   //   default:                 // case 2
//   //       continue
//   //   }
//   switch (auto r = select(recv(in), recv(ctx.Done()), default_case());
//           r.index()) {
//     case 0:
//       if (!r.ok<0>()) return;
//       total += r.value<0>();
//       break;
//     case 1: return;
//     case 2: continue;
//   }
//
// A `break` inside the switch leaves it, which is Go's `break` inside a
// select case; `return` and `continue` mean what they mean in Go.
//
// The result also converts to int, the position of the case that ran, so
// `switch (select(...))` and `int chosen = select(...)` read as before.
//
// Type-checked: value<I>() and ok<I>() exist only when case I is a receive
// made without a body (a receive case with a body has handed its value to
// the body; send and default cases receive nothing); otherwise the call
// does not compile. Asked of a case that did not run, they panic with
// `select: value<I>() of a select in which case J ran` (or ok<I>()).
//
// A result owns the value its case received (destroyed with the result);
// the cases themselves are gone once the select(...) full-expression ends.
template <class... Values>
class select_result {
  template <std::size_t I>
  using Nth = std::tuple_element_t<I, std::tuple<Values...>>;
  // Whether case I is a receive without a body, whose value the result holds.
  template <std::size_t I>
  static constexpr bool Carries = [] {
    if constexpr (I < sizeof...(Values)) {
      return !std::is_same_v<Nth<I>, internal::NoValue>;
    } else {
      return false;
    }
  }();

 public:
  // Go: which case of the select ran, counted from 0 in source order
  // (default_case included).
  [[nodiscard]] int index() const { return index_; }
  // The same, for `switch (select(...))` and `int i = select(...)`:
  // implicit, as select returned an int before it returned a result.
  // NOLINTNEXTLINE(google-explicit-constructor)
  operator int() const { return index_; }

  // Go: v in `case v := <-ch:`, for case I, a receive without a body. The
  // value received, or T{} if the channel was closed and drained (then
  // ok<I>() is false). A reference into the result: `auto v = r.value<0>()`
  // copies, `std::move(r).value<0>()` moves (for a move-only T).
  template <std::size_t I>
  requires Carries<I>
  [[nodiscard]] auto& value() & {
    Check(I, "value");
    return std::get<I + 1>(values_);
  }
  template <std::size_t I>
  requires Carries<I>
  [[nodiscard]] const auto& value() const& {
    Check(I, "value");
    return std::get<I + 1>(values_);
  }
  template <std::size_t I>
  requires Carries<I>
  [[nodiscard]] auto&& value() && {
    Check(I, "value");
    return std::get<I + 1>(std::move(values_));
  }

  // Go: ok in `case v, ok := <-ch:`, for case I, a receive without a body:
  // true if the value came from a send, false if the channel was closed.
  template <std::size_t I>
  requires Carries<I>
  [[nodiscard]] bool ok() const {
    Check(I, "ok");
    return ok_;
  }

  // Not trivially copyable on purpose: a trivially copyable result of 16
  // bytes or less comes back in two registers, which GCC assembles through
  // the stack from narrower stores, and the wide reload misses store
  // forwarding: that stall doubled the cost of a non-blocking select
  // (BM_SelectNonblock). Returned through memory instead, each field is
  // stored once where the caller reads it.
  select_result(const select_result&) = default;
  select_result(select_result&&) noexcept = default;
  select_result& operator=(const select_result&) = default;
  select_result& operator=(select_result&&) noexcept = default;
  ~select_result() {}  // NOLINT(modernize-use-equals-default): see above

  // Made by select() only.
  template <class Tuple, std::size_t... I>
  select_result(internal::SelectResultTag, internal::Fired fired, Tuple& cs,
                std::index_sequence<I...>)
      : index_(fired.position), ok_(fired.ok) {
    (
        [&] {
          if constexpr (!std::is_same_v<Nth<I>, internal::NoValue>) {
            if (static_cast<int>(I) == index_) {
              values_.template emplace<I + 1>(
                  std::get<I>(cs).TakeValue(fired.ok));
            }
          }
        }(),
        ...);
  }

 private:
  void Check(std::size_t asked, const char* what) const {
    if (static_cast<int>(asked) != index_) {
      internal::PanicSelectResult(what, asked, index_);
    }
  }

  int index_;
  bool ok_;
  // Index I + 1 holds case I's value once it ran; monostate otherwise.
  std::variant<std::monostate, Values...> values_;
};

// Go: select { cases... }
//
// Runs the select described above and the chosen case's body, and returns
// a select_result: its index() is the position of the case that ran, and a
// receive case made without a body leaves its value there. `select()` with
// no cases blocks forever.
//
// Always inlined, so that a caller that reads no part of the result stores
// none of it.
template <internal::SelectCaseType... Cases>
ABSL_ATTRIBUTE_ALWAYS_INLINE inline select_result<internal::CaseValue<Cases>...>
select(Cases&&... cases) {
  auto cs = std::forward_as_tuple(cases...);
  const internal::Fired fired =
      internal::RunSelect(cs, std::index_sequence_for<Cases...>{});
  return select_result<internal::CaseValue<Cases>...>(
      internal::SelectResultTag{}, fired, cs,
      std::index_sequence_for<Cases...>{});
}

// Go: reflect.Select(cases) — the dynamic select.
//
// A select_case holds any case made by recv(), send() or default_case().
// Build a run-time list of them and call select(cases):
//
//   std::vector<select_case> cases;
//   for (auto& in : inputs)
//     cases.emplace_back(recv(in, [&](int v) { total += v; }));
//   cases.emplace_back(default_case());
//   int chosen = select(cases);   // index into cases
//
// Same rules as the static select, at most one default and at most 65536
// cases. A select_case keeps its channel alive and owns its send value (an
// rvalue is moved in when the case is made, so `send(ch, i + 1)` is safe). A
// case may be used in many select calls (its body runs each time it is
// chosen); each run sends a copy of a copyable value, while a move-only
// value is sent by the first run that chooses the case.
class select_case {
 public:
  // Implicit, so that vector::emplace_back(recv(...)) works.
  template <internal::SelectCaseType C>
  select_case(C c)  // NOLINT(google-explicit-constructor)
      : impl_(internal::MakeAnyCase(std::move(c))) {}

 private:
  friend int select(std::span<select_case> cases);
  std::unique_ptr<internal::AnyCase> impl_;
};

// Go: chosen, recv, recvOK := reflect.Select(cases)
//
// Returns the index of the case that ran. Values and ok are delivered to the
// case's body, as with the static select. Panics with reflect's messages:
// `reflect.Select: multiple default cases` if more than one default is
// given, `reflect.Select: too many cases (max 65536)` past 65536 cases.
int select(std::span<select_case> cases);

}  // namespace golang

#endif  // GOLANG_CHAN_SELECT_H_
