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
//   absl::Status err;
//   switch (select(recv(results, [&](int v) { std::cout << v << "\n"; }),
//                  recv(errs, [&](absl::Status e) { err = e; }),
//                  recv(time::After(time::Second)))) {
//     case 1: return err;
//     case 2: return TimeoutError();
//   }
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
// select returns the 0-based position of the case that ran (default_case
// included), so that Go case bodies that `return` or `break` out of an
// enclosing loop translate to a `switch` on the result.
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

#include <array>
#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <tuple>
#include <type_traits>
#include <utility>

#include "chan/chan.h"
#include "chan/internal/select_core.h"

namespace golang {
namespace internal {

// Every case type derives from CaseBase so select() can recognise them.
struct CaseBase {};

struct NoBody {
  void operator()() const {}
};

// case v := <-c: / case v, ok := <-c: / case <-c:
template <class T, class F>
class RecvCase : public CaseBase {
 public:
  static constexpr bool kIsDefault = false;
  static constexpr bool kWithValue =
      std::is_invocable_v<F&, T> || std::is_invocable_v<F&, T, bool>;
  static_assert(kWithValue || std::is_invocable_v<F&>,
                "recv(ch, f): f must take (T), (T, bool) or nothing");

  RecvCase(ChanCore* c, F body) : chan_(c), body_(std::move(body)) {}

  ChanCore* chan() const { return chan_; }
  void Prepare(SelectCase& sc) {
    sc.chan = chan_;
    sc.is_send = false;
    if constexpr (kWithValue) {
      sc.elem = slot_.get();
    } else {
      sc.elem = nullptr;  // the value is discarded: nothing to move
    }
  }
  void Fire(bool ok) {
    if constexpr (std::is_invocable_v<F&, T, bool>) {
      body_(ok ? slot_.Take() : T{}, ok);
    } else if constexpr (std::is_invocable_v<F&, T>) {
      body_(ok ? slot_.Take() : T{});
    } else {
      body_();
    }
  }

 private:
  ChanCore* chan_;
  F body_;
  [[no_unique_address]] std::conditional_t<kWithValue, Slot<T>, Empty> slot_;
};

// case c <- v:
template <class T, class F, bool kBorrowed>
class SendCase : public CaseBase {
 public:
  static constexpr bool kIsDefault = false;
  using Stored = std::conditional_t<kBorrowed, T*, T>;

  SendCase(ChanCore* c, Stored value, F body)
      : chan_(c), value_(std::move(value)), body_(std::move(body)) {}

  ChanCore* chan() const { return chan_; }
  // The same case owning its value (for a select_case).
  SendCase<T, F, false> Owned() && requires kBorrowed {
    return SendCase<T, F, false>(chan_, std::move(*value_), std::move(body_));
  }
  void Prepare(SelectCase& sc) {
    sc.chan = chan_;
    sc.is_send = true;
    if constexpr (kBorrowed) {
      sc.elem = value_;
    } else {
      sc.elem = &value_;
    }
  }
  void Fire(bool) { body_(); }

 private:
  ChanCore* chan_;
  Stored value_;
  F body_;
};

// default:
template <class F>
class DefaultCase : public CaseBase {
 public:
  static constexpr bool kIsDefault = true;
  explicit DefaultCase(F body) : body_(std::move(body)) {}
  void Fire(bool) { body_(); }

 private:
  F body_;
};

template <class C>
concept SelectCaseType = std::is_base_of_v<CaseBase, std::remove_cvref_t<C>>;

template <class T, class X>
auto MakeSendCase(ChanCore* c, X&& x, auto body) {
  using F = decltype(body);
  if constexpr (std::is_same_v<X&&, T&&>) {
    // An rvalue T: borrow it; it is moved from only if this case fires.
    return SendCase<T, F, true>(c, &x, std::move(body));
  } else {
    return SendCase<T, F, false>(c, T(std::forward<X>(x)), std::move(body));
  }
}

// Where the cases of a select stand: positions of the communication cases
// and of the default case, computed at compile time from the case kinds.
template <bool... kIsDefault>
struct CaseLayout {
  static constexpr int kCount = sizeof...(kIsDefault);
  static constexpr int kDefaults = (0 + ... + (kIsDefault ? 1 : 0));
  static_assert(kDefaults <= 1, "select: more than one default_case");
  static constexpr bool kHasDefault = kDefaults == 1;
  static constexpr int kComm = kCount - kDefaults;

  struct Table {
    std::array<int, kComm + 1> comm_pos{};  // comm case number -> position
    int default_pos = -1;
  };
  static constexpr Table Make() {
    constexpr bool flags[] = {kIsDefault..., false};
    Table t;
    int k = 0;
    for (int i = 0; i < kCount; ++i) {
      if (flags[i]) {
        t.default_pos = i;
      } else {
        t.comm_pos[k++] = i;
      }
    }
    return t;
  }
  static constexpr Table kTable = Make();
};

// Runs the typed select over the cases tuple. See select() below.
template <class Tuple, std::size_t... I>
int RunSelect(Tuple& cs, std::index_sequence<I...>) {
  using Layout = CaseLayout<
      std::remove_reference_t<std::tuple_element_t<I, Tuple>>::kIsDefault...>;
  constexpr int kComm = Layout::kComm;
  constexpr bool kHasDefault = Layout::kHasDefault;
  [[maybe_unused]] constexpr bool kDefault[] = {
      std::remove_reference_t<std::tuple_element_t<I, Tuple>>::kIsDefault...,
      false};

  std::array<SelectCase, kComm + 1> sc{};
  {
    [[maybe_unused]] int k = 0;
    (
        [&] {
          if constexpr (!kDefault[I]) std::get<I>(cs).Prepare(sc[k++]);
        }(),
        ...);
  }

  int fired;  // communication case number, or -1 for default
  if constexpr (kComm == 0) {
    if constexpr (!kHasDefault) BlockForever(WaitReason::kSelectNoCases);
    fired = -1;
  } else if constexpr (kComm == 1) {
    // One case: a plain (possibly non-blocking) operation, as Go compiles
    // it (selectnbsend / selectnbrecv).
    SelectCase& c = sc[0];
    if (c.chan == nullptr) {
      if constexpr (!kHasDefault) BlockForever(WaitReason::kSelect);
      fired = -1;
    } else if (c.is_send) {
      fired = c.chan->Send(c.elem, !kHasDefault) ? 0 : -1;
    } else {
      RecvStatus st = c.chan->Recv(c.elem, !kHasDefault);
      c.recv_ok = st.ok;
      fired = st.selected ? 0 : -1;
    }
  } else {
    fired = SelectGo(sc.data(), kComm, !kHasDefault);
  }

  const int position =
      fired < 0 ? Layout::kTable.default_pos : Layout::kTable.comm_pos[fired];
  [[maybe_unused]] const bool ok = fired < 0 ? false : sc[fired].recv_ok;
  ((static_cast<int>(I) == position ? (std::get<I>(cs).Fire(ok), 0) : 0),
   ...);
  return position;
}

// The dynamic select's type-erased case.
class AnyCase {
 public:
  virtual ~AnyCase() = default;
  virtual bool IsDefault() const = 0;
  virtual void Prepare(SelectCase& sc) = 0;
  virtual void Fire(bool ok) = 0;
};

// The element type of a send case (void for other cases).
template <class C>
struct SendElem {
  using type = void;
};
template <class T, class F, bool kBorrowed>
struct SendElem<SendCase<T, F, kBorrowed>> {
  using type = T;
};

// Per-run scratch copy of a copyable send value; nothing otherwise.
template <class E, bool = !std::is_void_v<E> && std::is_copy_constructible_v<E>>
struct SendScratch {
  static constexpr bool kCopies = false;
};
template <class E>
struct SendScratch<E, true> {
  static constexpr bool kCopies = true;
  std::optional<E> value;
};

template <class C>
class AnyCaseOf final : public AnyCase {
 public:
  explicit AnyCaseOf(C c) : c_(std::move(c)) {
    if constexpr (!C::kIsDefault) {
      if (c_.chan() != nullptr) c_.chan()->Ref();
    }
  }
  ~AnyCaseOf() override {
    if constexpr (!C::kIsDefault) {
      if (c_.chan() != nullptr) c_.chan()->Unref();
    }
  }
  bool IsDefault() const override { return C::kIsDefault; }
  void Prepare(SelectCase& sc) override {
    if constexpr (!C::kIsDefault) c_.Prepare(sc);
    // A select_case may run many times: each run sends a fresh copy of a
    // copyable value (reflect.Select copies its Send value each time), so
    // the case's own value is never moved from.
    if constexpr (Scratch::kCopies) {
      scratch_.value.emplace(*static_cast<const Elem*>(sc.elem));
      sc.elem = &*scratch_.value;
    }
  }
  void Fire(bool ok) override { c_.Fire(ok); }

 private:
  using Elem = typename SendElem<C>::type;
  using Scratch = SendScratch<Elem>;
  C c_;
  [[no_unique_address]] Scratch scratch_;
};

// A select_case owns its send value: a borrowed rvalue (see MakeSendCase)
// is moved in while the full-expression that made it is still running,
// since the case outlives that expression.
template <class C>
std::unique_ptr<AnyCase> MakeAnyCase(C c) {
  return std::make_unique<AnyCaseOf<C>>(std::move(c));
}
template <class T, class F>
std::unique_ptr<AnyCase> MakeAnyCase(SendCase<T, F, true> c) {
  return std::make_unique<AnyCaseOf<SendCase<T, F, false>>>(
      std::move(c).Owned());
}

}  // namespace internal

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

// Go: select { cases... }
//
// Runs the select described above and returns the position of the case
// that ran. `select()` with no cases blocks forever.
template <internal::SelectCaseType... Cases>
int select(Cases&&... cases) {
  auto cs = std::forward_as_tuple(cases...);
  return internal::RunSelect(cs, std::index_sequence_for<Cases...>{});
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
  template <internal::SelectCaseType C>
  select_case(C c)  // NOLINT: implicit, so vector::emplace_back(recv(...)) works
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
