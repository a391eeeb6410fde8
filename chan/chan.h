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
// Lifetimes: a channel lives while any handle, or any blocked operation,
// refers to it. Dropping every handle while values are buffered destroys
// them.
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

// Go: chan<- T — a send-only view of a channel.
template <class T>
class send_chan : public internal::ChanHandle<T> {
 public:
  // Go: var ch chan<- T (nil)
  constexpr send_chan() noexcept = default;
  constexpr send_chan(std::nullptr_t) noexcept {}
  send_chan& operator=(std::nullptr_t) noexcept {
    send_chan().swap(*this);
    return *this;
  }

  // Go: ch <- v
  // Blocks until a receiver takes v (unbuffered) or there is room in the
  // buffer. Panics with `send on closed channel` if the channel is or
  // becomes closed. Blocks forever on a nil channel.
  void send(T v) const { this->DoSend(std::move(v)); }

  explicit operator bool() const noexcept { return this->core_ != nullptr; }

 private:
  friend class chan<T>;
  template <class H>
  friend H internal::AdoptChan(internal::ChanCore*);
  explicit send_chan(internal::ChanCore* adopted) noexcept
      : internal::ChanHandle<T>(adopted) {}
};

// Go: <-chan T — a receive-only view of a channel.
template <class T>
class recv_chan : public internal::ChanHandle<T> {
 public:
  // Go: var ch <-chan T (nil)
  constexpr recv_chan() noexcept = default;
  constexpr recv_chan(std::nullptr_t) noexcept {}
  recv_chan& operator=(std::nullptr_t) noexcept {
    recv_chan().swap(*this);
    return *this;
  }

  // Go: v := <-ch
  // Blocks until a value is available; returns T{} at once if the channel is
  // closed and drained. Blocks forever on a nil channel.
  T recv() const { return this->DoRecvOk().first; }

  // Go: v, ok := <-ch
  // As recv(); ok is false iff v is T{} because the channel is closed and
  // drained.
  [[nodiscard]] std::pair<T, bool> recv_ok() const { return this->DoRecvOk(); }

  // Go: for v := range ch
  ChanIterator<T> begin() const { return ChanIterator<T>(this, &Receive); }
  std::default_sentinel_t end() const { return {}; }

  explicit operator bool() const noexcept { return this->core_ != nullptr; }

 private:
  friend class chan<T>;
  template <class H>
  friend H internal::AdoptChan(internal::ChanCore*);
  explicit recv_chan(internal::ChanCore* adopted) noexcept
      : internal::ChanHandle<T>(adopted) {}
  static bool Receive(const void* self, std::optional<T>& out) {
    return static_cast<const recv_chan*>(self)->DoRecvInto(out);
  }
};

// Go: chan T — a bidirectional channel handle. Copying it copies the
// reference, as in Go; it converts implicitly to send_chan<T> and
// recv_chan<T>.
template <class T>
class chan : public internal::ChanHandle<T> {
 public:
  // Go: var ch chan T (nil)
  constexpr chan() noexcept = default;
  constexpr chan(std::nullptr_t) noexcept {}
  chan& operator=(std::nullptr_t) noexcept {
    chan().swap(*this);
    return *this;
  }

  // Go: chan T is assignable to chan<- T and <-chan T.
  operator send_chan<T>() const& { return send_chan<T>(Share()); }
  operator send_chan<T>() && { return send_chan<T>(Release()); }
  operator recv_chan<T>() const& { return recv_chan<T>(Share()); }
  operator recv_chan<T>() && { return recv_chan<T>(Release()); }

  // Go: ch <- v — see send_chan::send.
  void send(T v) const { this->DoSend(std::move(v)); }
  // Go: v := <-ch — see recv_chan::recv.
  T recv() const { return this->DoRecvOk().first; }
  // Go: v, ok := <-ch — see recv_chan::recv_ok.
  [[nodiscard]] std::pair<T, bool> recv_ok() const { return this->DoRecvOk(); }

  // Go: for v := range ch
  ChanIterator<T> begin() const { return ChanIterator<T>(this, &Receive); }
  std::default_sentinel_t end() const { return {}; }

  explicit operator bool() const noexcept { return this->core_ != nullptr; }

 private:
  template <class H>
  friend H internal::AdoptChan(internal::ChanCore*);
  explicit chan(internal::ChanCore* adopted) noexcept
      : internal::ChanHandle<T>(adopted) {}
  internal::ChanCore* Share() const {
    if (this->core_ != nullptr) this->core_->Ref();
    return this->core_;
  }
  internal::ChanCore* Release() { return std::exchange(this->core_, nullptr); }
  static bool Receive(const void* self, std::optional<T>& out) {
    return static_cast<const chan*>(self)->DoRecvInto(out);
  }
};

// Go: ch1 == ch2, ch == nil — for all three handle types, of one element
// type (a chan<T> compares with its send_chan<T> and recv_chan<T> views, as
// Go compares a chan T with a chan<- T): equal iff they refer to the same
// channel (the same make_chan call) or both are nil.
template <internal::ChannelHandle A, internal::ChannelHandle B>
  requires std::same_as<typename internal::ChanElem<A>::type,
                        typename internal::ChanElem<B>::type>
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
  if (ch.core() == nullptr) golang::panic("close of nil channel");
  ch.core()->Close();
}
template <class T>
void close(const send_chan<T>& ch) {
  if (ch.core() == nullptr) golang::panic("close of nil channel");
  ch.core()->Close();
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

#endif  // GOLANG_CHAN_CHAN_H_
