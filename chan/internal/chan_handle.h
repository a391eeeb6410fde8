// golang-cpp internal: NOT API. Included by chan/chan.h for what its handle
// types are made of; users must not name anything in golang::internal.
//
// chan_handle.h: the machinery under chan<T>, send_chan<T> and recv_chan<T>
// (chan/chan.h): the counted reference to the type-erased channel
// (chan_core.h) that the handle types share, their send and receive over
// it, the range iterator, and Slot, the storage a receive constructs into.
#ifndef GOLANG_CHAN_INTERNAL_CHAN_HANDLE_H_
#define GOLANG_CHAN_INTERNAL_CHAN_HANDLE_H_

#include <cstddef>
#include <iterator>
#include <new>
#include <optional>
#include <utility>

#include "chan/internal/chan_core.h"

namespace golang {
template <class T>
class chan;
template <class T>
class send_chan;
template <class T>
class recv_chan;

namespace internal {

// The element type of a channel handle type (chan<T>, send_chan<T>,
// recv_chan<T>); ChannelHandle is satisfied by exactly those three.
template <class C>
struct ChanElem {};
template <class T>
struct ChanElem<chan<T>> {
  using type = T;
};
template <class T>
struct ChanElem<send_chan<T>> {
  using type = T;
};
template <class T>
struct ChanElem<recv_chan<T>> {
  using type = T;
};
template <class C>
concept ChannelHandle = requires { typename ChanElem<C>::type; };

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

// What the three handle types share: a counted reference to the channel.
template <class T>
class ChanHandle {
 public:
  using value_type = T;

  constexpr ChanHandle() noexcept = default;
  ChanHandle(const ChanHandle& o) noexcept : core_(o.core_) {
    if (core_ != nullptr) core_->Ref();
  }
  ChanHandle(ChanHandle&& o) noexcept : core_(std::exchange(o.core_, nullptr)) {}
  ChanHandle& operator=(const ChanHandle& o) noexcept {
    ChanHandle(o).swap(*this);
    return *this;
  }
  ChanHandle& operator=(ChanHandle&& o) noexcept {
    ChanHandle(std::move(o)).swap(*this);
    return *this;
  }
  ~ChanHandle() {
    if (core_ != nullptr) core_->Unref();
  }
  void swap(ChanHandle& o) noexcept { std::swap(core_, o.core_); }

  // The channel, for the runtime (select, time). Not for users.
  ChanCore* core() const { return core_; }

 protected:
  explicit ChanHandle(ChanCore* adopted) noexcept : core_(adopted) {}

  void DoSend(T&& v) const {
    if (core_ == nullptr) BlockForever(WaitReason::kChanSendNilChan);  // CH-12
    core_->Send(&v, /*block=*/true);
  }
  std::pair<T, bool> DoRecvOk() const {
    if (core_ == nullptr) BlockForever(WaitReason::kChanReceiveNilChan);  // CH-19
    Slot<T> slot;
    if (core_->Recv(slot.get(), /*block=*/true).ok) {
      return {slot.Take(), true};
    }
    return {T{}, false};
  }
  bool DoRecvInto(std::optional<T>& out) const {
    if (core_ == nullptr) BlockForever(WaitReason::kChanReceiveNilChan);
    Slot<T> slot;
    if (!core_->Recv(slot.get(), /*block=*/true).ok) return false;
    out.emplace(slot.Take());
    return true;
  }

  ChanCore* core_ = nullptr;
};

// Adopts an already-counted reference (make_chan, time's timer channels).
template <class H>
H AdoptChan(ChanCore* core) {
  return H(core);
}

}  // namespace internal

// Go: for v := range ch — an input iterator over received values; it ends
// when the channel is closed and drained.
template <class T>
class ChanIterator {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = T;
  using difference_type = std::ptrdiff_t;

  ChanIterator() = default;
  // Hands the received value over (moves it out): read each element once.
  T operator*() { return std::move(*value_); }
  ChanIterator& operator++() {
    Advance();
    return *this;
  }
  void operator++(int) { Advance(); }
  friend bool operator==(const ChanIterator& it, std::default_sentinel_t) {
    return !it.value_.has_value();
  }

 private:
  template <class>
  friend class recv_chan;
  template <class>
  friend class chan;
  using Receive = bool (*)(const void*, std::optional<T>&);
  ChanIterator(const void* handle, Receive receive)
      : handle_(handle), receive_(receive) {
    Advance();
  }
  void Advance() {
    value_.reset();
    receive_(handle_, value_);
  }

  const void* handle_ = nullptr;
  Receive receive_ = nullptr;
  std::optional<T> value_;
};


}  // namespace golang

#endif  // GOLANG_CHAN_INTERNAL_CHAN_HANDLE_H_
