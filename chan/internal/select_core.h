// golang-cpp internal: NOT API.
//
// select_core.h: the type-erased select machinery (Go's runtime/select.go).
// The public select() in chan/select.h turns its typed cases into an array
// of SelectCase and calls SelectGo; it never sees how a channel stores its
// values, and SelectGo never sees the cases' types.
#ifndef GOLANG_CHAN_INTERNAL_SELECT_CORE_H_
#define GOLANG_CHAN_INTERNAL_SELECT_CORE_H_

#include <cstdint>

#include "chan/internal/chan_core.h"

namespace golang::internal {

// One communication case of a select (Go's scase).
struct SelectCase {
  ChanCore* chan;  // null: a nil channel, never ready
  bool is_send;
  // Send: the value (left intact unless this case fires). Receive: raw
  // storage the value is constructed into, or null to discard it.
  void* elem;
  bool recv_ok = false;  // out: receive only
};

// Runs a select over cases[0..n). Returns the index of the case that fired,
// or -1 if none was ready and `block` is false (the default case). Panics
// with `send on closed channel` if a send case is chosen on a closed channel.
// n == 0 with block blocks forever.
int SelectGo(SelectCase* cases, int n, bool block);

// A uniformly distributed number in [0, n), from a per-thread generator.
uint32_t FastRandN(uint32_t n);

}  // namespace golang::internal

#endif  // GOLANG_CHAN_INTERNAL_SELECT_CORE_H_
