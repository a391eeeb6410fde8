// golang-cpp internal: NOT API.
//
// select_impl.h: the machinery behind chan/select.h's cases and select
// calls: the case types recv(), send() and default_case() return, the
// static select's run over a tuple of them, and the type-erased case a
// select_case holds. The select algorithm itself (lock order, wait, wake)
// is select_core.h's, shared by the static and the dynamic select.
#ifndef GOLANG_CHAN_INTERNAL_SELECT_IMPL_H_
#define GOLANG_CHAN_INTERNAL_SELECT_IMPL_H_

#include <array>
#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <tuple>
#include <type_traits>
#include <utility>

#include "absl/base/attributes.h"
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
//
// A case made without a body (recv(ch), F = NoBody) keeps what it received
// for the select's result (select_result::value<I>()); the static select
// moves it there with TakeValue after the case fires. The dynamic select
// has no typed result, so there it discards the value, as before.
template <class T, class F>
class RecvCase : public CaseBase {
 public:
  static constexpr bool kIsDefault = false;
  static constexpr bool kKeepsValue = std::is_same_v<F, NoBody>;
  static constexpr bool kWithValue = kKeepsValue ||
                                     std::is_invocable_v<F&, T> ||
                                     std::is_invocable_v<F&, T, bool>;
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
    if constexpr (kKeepsValue) {
      // Nothing to run: the value waits in the slot for TakeValue.
    } else if constexpr (std::is_invocable_v<F&, T, bool>) {
      body_(ok ? slot_.Take() : T{}, ok);
    } else if constexpr (std::is_invocable_v<F&, T>) {
      body_(ok ? slot_.Take() : T{});
    } else {
      body_();
    }
  }
  // After Fire(ok), once: the value received (T{} if !ok).
  T TakeValue(bool ok) requires kKeepsValue { return ok ? slot_.Take() : T{}; }

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

// What a select did: the position of the case that ran, and for a receive
// case, Go's ok.
struct Fired {
  int position;
  bool ok;
};

// Runs the typed select over the cases tuple and the chosen case's body.
// See select() in chan/select.h. Always inlined into select(), and so into
// its caller: what is left is the case array, one call (SelectGo, or the
// channel's own Send or Recv for a single case) and the chosen body.
template <class Tuple, std::size_t... I>
ABSL_ATTRIBUTE_ALWAYS_INLINE inline Fired RunSelect(Tuple& cs,
                                                    std::index_sequence<I...>) {
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
  ((static_cast<int>(I) == position ? (std::get<I>(cs).Fire(ok), 0) : 0), ...);
  return Fired{position, ok};
}

// The value a select's result holds for each case: what a receive case
// without a body received, nothing (NoValue) for every other case.
struct NoValue {};
template <class C>
struct CaseValueOf {
  using type = NoValue;
};
template <class T>
struct CaseValueOf<RecvCase<T, NoBody>> {
  using type = T;
};
template <class C>
using CaseValue = typename CaseValueOf<std::remove_cvref_t<C>>::type;

// select_result's constructor takes this, so that only select() makes one.
struct SelectResultTag {};

// select_result::value<I>() or ok<I>() asked while another case ran.
[[noreturn]] void PanicSelectResult(const char* what, std::size_t asked,
                                    int ran);

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
    // No typed result here: a receive case without a body discards.
    if constexpr (KeepsValue()) sc.elem = nullptr;
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
  static constexpr bool KeepsValue() {
    if constexpr (requires { C::kKeepsValue; }) {
      return C::kKeepsValue;
    } else {
      return false;
    }
  }
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
}  // namespace golang

#endif  // GOLANG_CHAN_INTERNAL_SELECT_IMPL_H_
