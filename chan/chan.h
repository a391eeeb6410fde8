// golang-cpp: Go's concurrency model in C++20.
//
// chan/chan.h — channels: chan<T>, send_chan<T>, recv_chan<T>, make_chan,
// close, len, cap, and Empty (Go's struct{}).
//
// Go origin: runtime/chan.go; the spec's §Channel types, §Send statements,
// §Receive operator, §Close, §For statements with range clause.
//
// A channel is a typed, synchronized FIFO queue shared by reference. An
// unbuffered channel (capacity 0) is a rendezvous: a send completes only when
// a receiver takes the value. A buffered channel blocks senders only while
// full and receivers only while empty. Closing a channel lets receivers
// drain what is buffered and then receive T{} with ok == false forever.
//
// Example:
//
//   // Go:
//   //   results := make(chan int, 3)
//   //   go func() { for i := 0; i < 3; i++ { results <- i * i }; close(results) }()
//   //   for r := range results { fmt.Println(r) }
//   auto results = make_chan<int>(3);
//   go([=] {
//     for (int i = 0; i < 3; i++) results.send(i * i);
//     close(results);
//   });
//   for (int r : results) std::cout << r << "\n";
//
// Ranges: chan<T> and recv_chan<T> are C++20 input views
// (std::ranges::input_range and std::ranges::view; not send_chan<T>, which
// cannot receive), so range-for and the standard views run over them:
//
//   // Go:
//   //   for i := 0; i < 3; i++ {
//   //       line, ok := <-lines
//   //       if !ok { break }
//   //       fmt.Println(strings.ToUpper(line))
//   //   }
//   for (const std::string& s : lines | std::views::take(3) |
//                                   std::views::transform(ToUpper))
//     std::cout << s << "\n";
//
// Each element is one receive, made when the loop first tests or reads it,
// never ahead: begin() receives nothing, so take(n) receives exactly n
// values (fewer if the channel is closed first) and a `break` leaves the
// rest in the channel, as in Go. *it is T&&, as std::generator<T>'s is:
// `for (auto v : ch)` moves each value out, so move-only T works.
// views::filter is the one that reads ahead: its ++ searches for the next
// match at once, so `ch | filter(p) | take(n)` goes on receiving (and
// blocking) until the (n+1)-th match. Put take before filter, or count and
// `break` in the loop body, when what to bound is the receives.
//
// A handle is a view: it is a reference, so copying it is O(1) and a view
// built over a handle refers to the same channel, not to the variable; and
// a borrowed range: an iterator holds its own reference, so a view over an
// rvalue (`Generate() | std::views::take(3)`) never dangles. The loop that
// also stops when a context is done is context::Range(ctx, ch)
// (context/context.h). Clang 14 (the clang-tsa build's) cannot compile
// libstdc++'s std::views at all, a Clang bug later fixed
// (llvm/llvm-project#52696); range-for and the range concepts work there.
//
// Memory ordering (the Go memory model, all of which ThreadSanitizer sees):
//   - a send on a channel is synchronized before the completion of the
//     matching receive;
//   - the closing of a channel is synchronized before a receive that returns
//     because the channel is closed;
//   - a receive from an unbuffered channel is synchronized before the
//     completion of the matching send;
//   - the k-th receive on a channel of capacity C is synchronized before the
//     completion of the (k+C)-th send.
//   len() is a snapshot and synchronizes with nothing.
//
// Blocking: a goroutine that blocks in a channel operation parks, and its
// thread runs other goroutines meanwhile; a plain thread (a std::thread, or
// main in a program that does not link golang::main) sleeps on a futex
// after a brief spin. An operation on a nil channel blocks forever, as in
// Go. When every goroutine and every thread the runtime knows are blocked
// and no timer is pending, the runtime reports Go's `fatal error: all
// goroutines are asleep - deadlock!` and exits with status 2
// (docs/diagnostics.md says when it can be sure).
//
// Lifetimes: a channel lives while any handle, range loop or blocked
// operation refers to it. Dropping every handle while values are buffered
// destroys them.
//
// Differences from Go:
//   - recv() on a closed channel returns T{}, so T must be default
//     constructible to be received; send() takes its argument by value, so
//     move-only types work with `ch.send(std::move(p))`.
#ifndef GOLANG_CHAN_CHAN_H_
#define GOLANG_CHAN_CHAN_H_

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <ranges>
#include <type_traits>
#include <utility>

#include "chan/internal/chan_core.h"
#include "chan/internal/chan_handle.h"
#include "runtime/runtime.h"

namespace golang {

// Go: struct{} — the element type of signal-only channels (chan<Empty>).
struct Empty {
  friend constexpr bool operator==(Empty, Empty) { return true; }
};

// Go: chan T — a channel handle, both directions.
//
// A handle refers to a channel, or to none (nil): chan<T>() and nullptr are
// nil, and a handle assigned nullptr is nil again. Copying a handle copies
// the reference, as in Go; `ch == nullptr`, `!ch` and `ch1 == ch2` below
// compare references. A chan<T> converts implicitly to send_chan<T> and
// recv_chan<T> (Go assigns a chan T to a chan<- T or a <-chan T), never the
// reverse and never from one view to the other.
template <class T>
class chan : public internal::ChanHandle<chan<T>, T> {
 public:
  using internal::ChanHandle<chan<T>, T>::ChanHandle;  // chan<T>(), nullptr

  // Go: chan T is assignable to chan<- T and <-chan T, hence implicit. The
  // view refers to the same channel; from an rvalue it takes this handle's
  // reference.
  // NOLINTBEGIN(google-explicit-constructor)
  operator send_chan<T>() const& {
    return internal::AdoptChan<send_chan<T>>(this->ref());
  }
  operator send_chan<T>() && {
    return internal::AdoptChan<send_chan<T>>(std::move(*this).ref());
  }
  operator recv_chan<T>() const& {
    return internal::AdoptChan<recv_chan<T>>(this->ref());
  }
  operator recv_chan<T>() && {
    return internal::AdoptChan<recv_chan<T>>(std::move(*this).ref());
  }
  // NOLINTEND(google-explicit-constructor)

  // Go: ch <- v
  // Blocks until a receiver takes v (unbuffered) or there is room in the
  // buffer. Panics with `send on closed channel` if the channel is or
  // becomes closed. Blocks forever on a nil channel.
  void send(T v) const { internal::Send(this->core(), v); }

  // Go: v := <-ch
  // Blocks until a value is available; returns T{} at once if the channel is
  // closed and drained. Blocks forever on a nil channel.
  T recv() const { return internal::RecvOk<T>(this->core()).first; }

  // Go: v, ok := <-ch
  // As recv(); ok is false iff v is T{} because the channel is closed and
  // drained.
  [[nodiscard]] std::pair<T, bool> recv_ok() const {
    return internal::RecvOk<T>(this->core());
  }

  // Go: for v := range ch
  // Receives until the channel is closed and drained; T need not be default
  // constructible. The loop keeps the channel it started with, even if the
  // handle is reassigned inside it. Blocks forever on a nil channel.
  //
  // begin() receives nothing: each element is received when the loop first
  // tests or reads it (see "Ranges" above), so views::take(n) receives
  // exactly n values. *it is T&&: `for (auto v : ch)` moves each value out.
  using iterator = internal::ChanIterator<T>;
  iterator begin() const { return iterator({this->ref()}); }
  std::default_sentinel_t end() const { return {}; }
};

// Go: chan<- T — a send-only view of a channel: chan<T>'s send, nothing
// else (receiving from or ranging over it does not compile, as in Go).
template <class T>
class send_chan : public internal::ChanHandle<send_chan<T>, T> {
 public:
  using internal::ChanHandle<send_chan<T>, T>::ChanHandle;  // nil

  // Go: ch <- v — see chan<T>::send.
  void send(T v) const { internal::Send(this->core(), v); }
};

// Go: <-chan T — a receive-only view of a channel: chan<T>'s recv, recv_ok
// and range, nothing else (sending on or closing it does not compile).
template <class T>
class recv_chan : public internal::ChanHandle<recv_chan<T>, T> {
 public:
  using internal::ChanHandle<recv_chan<T>, T>::ChanHandle;  // nil

  // Go: v := <-ch — see chan<T>::recv.
  T recv() const { return internal::RecvOk<T>(this->core()).first; }
  // Go: v, ok := <-ch — see chan<T>::recv_ok.
  [[nodiscard]] std::pair<T, bool> recv_ok() const {
    return internal::RecvOk<T>(this->core());
  }
  // Go: for v := range ch — see chan<T>::begin.
  using iterator = internal::ChanIterator<T>;
  iterator begin() const { return iterator({this->ref()}); }
  std::default_sentinel_t end() const { return {}; }
};

// Go: ch1 == ch2, ch == nil — for all three handle types, of one element
// type (a chan<T> compares with its send_chan<T> and recv_chan<T> views, as
// Go compares a chan T with a chan<- T): equal iff they refer to the same
// channel (the same make_chan call) or both are nil.
template <internal::ChannelHandle A, internal::ChannelHandle B>
requires std::same_as<typename A::value_type, typename B::value_type>
bool operator==(const A& a, const B& b) noexcept {
  return a.core() == b.core();
}
template <internal::ChannelHandle A>
bool operator==(const A& a, std::nullptr_t) noexcept {
  return a.core() == nullptr;
}

// Go: make(chan T) and make(chan T, size)
//
// Creates a channel with the given buffer capacity (0: unbuffered). Panics
// with `makechan: size out of range` if size is negative or too large.
template <class T>
[[nodiscard]] chan<T> make_chan(int64_t size = 0) {
  static_assert(std::is_move_constructible_v<T>,
                "channel elements must be movable");
  return internal::AdoptChan<chan<T>>(
      internal::ChanCore::Make(&internal::kElemOpsFor<T>, size));
}

// Go: close(ch)
//
// Records that no more values will be sent. Receivers drain what is buffered
// and then get T{} with ok == false; every blocked receiver wakes, every
// blocked sender panics with `send on closed channel`. Never blocks. Panics
// with `close of closed channel` or `close of nil channel`. A receive-only
// channel cannot be closed (a compile error, as in Go).
template <class T>
void close(const chan<T>& ch) {
  internal::Close(ch.core());
}
template <class T>
void close(const send_chan<T>& ch) {
  internal::Close(ch.core());
}

// Go: len(ch) — the number of elements buffered and not yet received. A
// snapshot: it may be stale at once. 0 for nil and unbuffered channels.
template <internal::ChannelHandle C>
[[nodiscard]] int64_t len(const C& ch) {
  return ch.core() == nullptr ? 0 : ch.core()->Len();
}

// Go: cap(ch) — the buffer capacity. 0 for nil and unbuffered channels.
template <internal::ChannelHandle C>
[[nodiscard]] int64_t cap(const C& ch) {
  return ch.core() == nullptr ? 0 : ch.core()->Cap();
}

}  // namespace golang

// chan<T> and recv_chan<T> are views and borrowed ranges (see "Ranges" at
// the top). A view must be cheap to copy, move and destroy; a handle is a
// counted reference, and the values the last handle's destruction may free
// are the channel's buffer, not elements of the range, whose elements are
// receives yet to happen. Borrowed: the iterator holds its own reference.
// send_chan<T> is not a range, so it is not marked.
template <class T>
inline constexpr bool std::ranges::enable_view<golang::chan<T>> = true;
template <class T>
inline constexpr bool std::ranges::enable_view<golang::recv_chan<T>> = true;
template <class T>
inline constexpr bool std::ranges::enable_borrowed_range<golang::chan<T>> =
    true;
template <class T>
inline constexpr bool std::ranges::enable_borrowed_range<golang::recv_chan<T>> =
    true;

#endif  // GOLANG_CHAN_CHAN_H_
