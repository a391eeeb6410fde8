// golang-cpp internal: NOT API. Included by chan/chan.h for what its handle
// types are made of; users must not name anything in golang::internal.
//
// chan_handle.h: the machinery under chan<T>, send_chan<T> and recv_chan<T>
// (chan/chan.h). The three differ only in which operations they offer;
// everything else is here, once:
//
//   ChanRef       a counted reference to the type-erased channel
//                 (chan_core.h); a nil channel is a null one;
//   ChanHandle    the base of the three handle types: nil, copy and move,
//                 bool, core(), and adoption of a counted reference;
//   Send, Recv    the typed blocking send and the one typed receive over a
//                 ChanCore, which recv, recv_ok and range all run;
//   RecvIterator  range over a channel, lazily, one receive per element;
//                 it holds its own reference (ChanIterator: chan's);
//   Slot          raw storage a receive constructs its value into (select's
//                 receive cases use it too).
#ifndef GOLANG_CHAN_INTERNAL_CHAN_HANDLE_H_
#define GOLANG_CHAN_INTERNAL_CHAN_HANDLE_H_

#include <cstddef>
#include <iterator>
#include <new>
#include <type_traits>
#include <utility>

#include "chan/internal/chan_core.h"
#include "runtime/runtime.h"

namespace golang {

template <class T>
class chan;
template <class T>
class send_chan;
template <class T>
class recv_chan;

namespace internal {

// Satisfied by exactly the three handle types: what len, cap and == take.
template <class C>
inline constexpr bool kIsChannelHandle = false;
template <class T>
inline constexpr bool kIsChannelHandle<chan<T>> = true;
template <class T>
inline constexpr bool kIsChannelHandle<send_chan<T>> = true;
template <class T>
inline constexpr bool kIsChannelHandle<recv_chan<T>> = true;
template <class C>
concept ChannelHandle = kIsChannelHandle<C>;

// Raw, correctly aligned storage for one T that may or may not hold a value.
template <class T>
class Slot {
 public:
  Slot() = default;
  // A Slot holds a value only from a successful receive to its Take(),
  // inside one select call, never while the case that owns it is moved. So
  // moving a Slot yields an empty one (this lets a receive case with a
  // value body be moved into a dynamic select_case).
  Slot(Slot&&) noexcept {}
  Slot(const Slot&) = delete;
  Slot& operator=(const Slot&) = delete;
  void* get() { return &bytes_; }
  // Moves the value out and destroys it. Only after a successful receive.
  T Take() {
    T* p = std::launder(reinterpret_cast<T*>(&bytes_));
    T v(std::move(*p));
    p->~T();
    return v;
  }

 private:
  alignas(T) unsigned char bytes_[sizeof(T)];
};

// A counted reference to a channel; null is a nil channel. A copy takes a
// reference and destruction drops one: the last frees the channel.
class ChanRef {
 public:
  constexpr ChanRef() noexcept = default;
  // Adopts a reference already counted (ChanCore::Make's, a timer's).
  explicit ChanRef(ChanCore* adopted) noexcept : core_(adopted) {}
  ChanRef(const ChanRef& o) noexcept : core_(o.core_) {
    if (core_ != nullptr) core_->Ref();
  }
  ChanRef(ChanRef&& o) noexcept : core_(std::exchange(o.core_, nullptr)) {}
  ChanRef& operator=(ChanRef o) noexcept {  // copy or move, then swap
    swap(o);
    return *this;
  }
  ~ChanRef() {
    if (core_ != nullptr) core_->Unref();
  }
  void swap(ChanRef& o) noexcept { std::swap(core_, o.core_); }
  ChanCore* get() const noexcept { return core_; }

 private:
  ChanCore* core_ = nullptr;
};

// Go: ch <- v (chansend1). Blocks forever on a nil channel (CH-12).
template <class T>
void Send(ChanCore* c, T& v) {
  if (c == nullptr) BlockForever(WaitReason::kChanSendNilChan);
  c->Send(&v, /*block=*/true);
}

// Go: <-ch (chanrecv), the one receive of recv, recv_ok and range. Blocks
// forever on a nil channel (CH-19). Otherwise blocks until it constructs a
// value in slot and returns true, or returns false with slot left empty if
// the channel is closed and drained.
template <class T>
bool Recv(ChanCore* c, Slot<T>& slot) {
  if (c == nullptr) BlockForever(WaitReason::kChanReceiveNilChan);
  return c->Recv(slot.get(), /*block=*/true).ok;
}

// Go: v, ok := <-ch (chanrecv2); T{} and false once closed and drained.
template <class T>
std::pair<T, bool> RecvOk(ChanCore* c) {
  Slot<T> slot;
  if (Recv(c, slot)) return {slot.Take(), true};
  return {T{}, false};
}

// Go: close(ch).
inline void Close(ChanCore* c) {
  if (c == nullptr) golang::panic("close of nil channel");  // CH-29
  c->Close();
}

// Go: for v := range ch — the iterator of a range over a channel, a C++20
// std::input_iterator (move-only, single pass) whose sentinel is
// std::default_sentinel_t. Each position is one receive, done by Source,
// a callable `bool(Slot<T>&)` that blocks until it constructs a value in the
// slot (true) or finds that the range is over (false, slot left empty):
// RecvOnce below for chan<T> and recv_chan<T>, context/context.h's
// select on the channel and ctx.Done() for context::Range. The iterator
// holds the source, and the source its own references, so the loop goes on
// over the channel the range expression named even if that handle is
// reassigned meanwhile (Go evaluates the range expression once), and an
// iterator outlives the handle it came from (the ranges are borrowed).
//
// The receive is lazy: a position receives when the iterator is first
// compared with the sentinel there, or dereferenced there, whichever comes
// first; never in begin(), and never in ++ past a position that has been
// looked at. So a loop that stops by itself, as views::take(n) does (its
// end test checks its count before it compares the iterator), receives no
// value it does not yield: take(n) receives exactly n. ++ past a position
// never looked at receives and discards its value, so every step is one
// receive (`++it; ++it;` skips two values, as two receives would).
//
// *it is the received value as an rvalue reference (T&&), as
// std::generator<T>'s is: `auto v = *it` moves it out, `const auto& v`
// looks at it in place (valid until ++). Read each element once.
//
// Not thread-safe, like any iterator: one loop, one goroutine. The end test
// is const but receives (the cache is mutable), as istreambuf_iterator's
// reads through a const iterator.
template <class T, class Source>
class RecvIterator {
 public:
  using iterator_concept = std::input_iterator_tag;
  using value_type = T;
  using difference_type = std::ptrdiff_t;

  RecvIterator() = default;
  explicit RecvIterator(Source source) : source_(std::move(source)) {}
  // Move-only: a copy would share the channel but not the position, and a
  // received value is delivered once. A move carries the value received
  // for this position, if any.
  RecvIterator(RecvIterator&& o) noexcept(
      std::is_nothrow_move_constructible_v<T>)
      : source_(std::move(o.source_)) {
    TakeFrom(o);
  }
  RecvIterator& operator=(RecvIterator&& o) noexcept(
      std::is_nothrow_move_constructible_v<T>) {
    if (this != &o) {
      Drop();
      source_ = std::move(o.source_);
      TakeFrom(o);
    }
    return *this;
  }
  RecvIterator(const RecvIterator&) = delete;
  RecvIterator& operator=(const RecvIterator&) = delete;
  ~RecvIterator() { Drop(); }

  // The value at this position (receives it if not yet received). Only
  // where the iterator is not at the end.
  T&& operator*() const {
    Receive();
    return std::move(*Value());
  }
  // Steps past this position: drops its value, receiving it first if it
  // was never looked at.
  RecvIterator& operator++() {
    Receive();
    Drop();
    return *this;
  }
  void operator++(int) { ++*this; }
  // At the end once the source reports the range over (the channel closed
  // and drained, or the context done). Blocks until then or until a value
  // arrives.
  friend bool operator==(const RecvIterator& it, std::default_sentinel_t) {
    it.Receive();
    return it.state_ == State::kEnd;
  }

 private:
  // Where this position stands. The value lives in slot_ (raw storage, not
  // std::optional: GCC 12 warns maybe-uninitialized when it inlines an
  // optional's move through the views' iterators) exactly while kValue.
  enum class State : unsigned char { kPending, kValue, kEnd };

  // This position's one receive, if it has not happened yet; the source
  // constructs the value in place.
  void Receive() const {
    if (state_ != State::kPending) return;
    state_ = source_(slot_) ? State::kValue : State::kEnd;
  }
  T* Value() const { return std::launder(reinterpret_cast<T*>(slot_.get())); }
  // Leaves this position: destroys its value, if any.
  void Drop() const {
    if (state_ == State::kValue) Value()->~T();
    state_ = State::kPending;
  }
  void TakeFrom(RecvIterator& o) {
    state_ = o.state_;
    if (state_ == State::kValue) ::new (slot_.get()) T(std::move(*o.Value()));
    o.Drop();
  }

  Source source_;
  mutable Slot<T> slot_;
  mutable State state_ = State::kPending;
};

// The source of chan<T>'s and recv_chan<T>'s range: one plain receive.
// Blocks forever on a nil channel (CH-19).
template <class T>
struct RecvOnce {
  ChanRef chan;
  bool operator()(Slot<T>& slot) const { return Recv(chan.get(), slot); }
};
template <class T>
using ChanIterator = RecvIterator<T, RecvOnce<T>>;

template <class Self, class T>
class ChanHandle;

// Makes handle type H from a counted reference (make_chan, time's timer
// channels: AdoptChan<H>(core) adopts theirs; chan<T>'s conversions to its
// views pass a copy, or the moved-from handle's own).
template <class H>
H AdoptChan(ChanRef ref) {
  return H(std::move(ref));
}
template <class H>
H AdoptChan(ChanCore* adopted) {
  return AdoptChan<H>(ChanRef(adopted));
}

// The base of chan<T>, send_chan<T> and recv_chan<T> (Self): a ChanRef, and
// what a handle of any direction does with it. Self in the type keeps the
// three apart: no handle converts to another through its base.
template <class Self, class T>
class ChanHandle {
 public:
  using value_type = T;

  // Nil. Implicit from nullptr, as Go's nil is assignable to a channel.
  constexpr ChanHandle() noexcept = default;
  constexpr ChanHandle(std::nullptr_t) noexcept {}  // NOLINT: implicit

  explicit operator bool() const noexcept { return ref_.get() != nullptr; }
  void swap(Self& o) noexcept { ref_.swap(static_cast<ChanHandle&>(o).ref_); }

  // The channel, for the library (select, time, len, cap, ==). Not for
  // users.
  ChanCore* core() const noexcept { return ref_.get(); }

 protected:
  explicit ChanHandle(ChanRef ref) noexcept : ref_(std::move(ref)) {}
  const ChanRef& ref() const& noexcept { return ref_; }
  ChanRef&& ref() && noexcept { return std::move(ref_); }

 private:
  template <class H>
  friend H AdoptChan(ChanRef ref);

  ChanRef ref_;
};

}  // namespace internal
}  // namespace golang

#endif  // GOLANG_CHAN_INTERNAL_CHAN_HANDLE_H_
