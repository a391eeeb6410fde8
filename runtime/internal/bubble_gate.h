// golang-cpp internal: NOT API. Included by sync/mutex.h for its inline
// Lock and Unlock; users must not name anything in golang::internal.
//
// bubble_gate.h: the little of synctest bubbles (bubble.h) that the inline
// fast paths need: whether any bubble exists, and the lock-holder records
// that only then are kept.
#ifndef GOLANG_RUNTIME_INTERNAL_BUBBLE_GATE_H_
#define GOLANG_RUNTIME_INTERNAL_BUBBLE_GATE_H_

#include <atomic>

namespace golang::internal {

// Bubbles alive (synctest::Test calls in progress).
extern std::atomic<int> bubbles_live;

// sync's holders (the Mutex extension, bubble.h). Called only while
// bubbles_live != 0.
[[gnu::cold]] void BubbleNoteLocked(const void* lock);
[[gnu::cold]] void BubbleNoteUnlocked(const void* lock);

}  // namespace golang::internal

#endif  // GOLANG_RUNTIME_INTERNAL_BUBBLE_GATE_H_
