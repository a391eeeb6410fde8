// golang-cpp internal: the semaphore table (see sema.h).
#include "sync/internal/sema.h"

#include <cstddef>

#include "absl/base/attributes.h"
#include "absl/base/thread_annotations.h"
#include "runtime/internal/lock.h"
#include "runtime/internal/nanotime.h"
#include "runtime/internal/parker.h"

namespace golang::internal {
namespace {

// A parked goroutine's entry. Lives on the parked goroutine's stack, which
// stays valid until its Parker is unparked.
struct Waiter {
  const void* key;
  Parker* parker;
  int64_t wait_start_ns;
  Waiter* next = nullptr;
  // Written by the unparker under the bucket lock before Unpark; read by the
  // owner after Park returns (Parker's release/acquire orders the two).
  ParkToken token = kParkTokenNormal;
};

struct alignas(64) Bucket {  // one cache line each: buckets do not contend
  Lock mu{LockRank::kSemaBucket};
  Waiter* head ABSL_GUARDED_BY(mu) = nullptr;
  Waiter* tail ABSL_GUARDED_BY(mu) = nullptr;
};

// 256 buckets, as Go's semTabSize is 251: collisions only lengthen a list
// walk. Constant-initialized and trivially destructible, so usable from static
// initializers and during exit.
constexpr int kBucketBits = 8;
ABSL_CONST_INIT Bucket g_buckets[1 << kBucketBits];

Bucket& BucketFor(const void* key) {
  // Fibonacci hashing spreads neighbouring addresses (an RWMutex's two
  // semaphores) over different buckets.
  const uint64_t a = reinterpret_cast<uintptr_t>(key);
  return g_buckets[(a * 0x9E3779B97F4A7C15ull) >> (64 - kBucketBits)];
}

}  // namespace

ParkToken ParkOn(const void* key, absl::FunctionRef<bool()> validate,
                 WaitReason reason, int64_t wait_start_ns) {
  Bucket& b = BucketFor(key);
  Waiter self{key, CurrentParker(), wait_start_ns};
  {
    LockGuard l(&b.mu);
    if (!validate()) return kParkTokenInvalid;
    if (b.tail == nullptr) {
      b.head = &self;
    } else {
      b.tail->next = &self;
    }
    b.tail = &self;
  }
  self.parker->Park(reason);
  return self.token;
}

int UnparkOn(const void* key, int max_count,
             absl::FunctionRef<ParkToken(const UnparkResult&)> callback) {
  Bucket& b = BucketFor(key);
  Waiter* woken = nullptr;  // detached waiters, in queue order
  Waiter* woken_tail = nullptr;
  UnparkResult result;
  {
    LockGuard l(&b.mu);
    Waiter* prev = nullptr;
    for (Waiter* w = b.head; w != nullptr;) {
      Waiter* next = w->next;
      if (w->key != key) {
        prev = w;
      } else if (result.unparked == max_count) {
        result.have_more = true;
        break;
      } else {
        if (prev == nullptr) {
          b.head = next;
        } else {
          prev->next = next;
        }
        if (b.tail == w) b.tail = prev;
        if (result.unparked == 0 && w->wait_start_ns != 0) {
          result.first_waited_ns = Nanotime() - w->wait_start_ns;
        }
        w->next = nullptr;
        if (woken_tail == nullptr) {
          woken = w;
        } else {
          woken_tail->next = w;
        }
        woken_tail = w;
        ++result.unparked;
      }
      w = next;
    }
    const ParkToken token = callback(result);
    for (Waiter* w = woken; w != nullptr; w = w->next) w->token = token;
  }
  // Lock dropped. Each waiter may return (and its stack frame vanish) the
  // instant it is unparked, so read everything we need from it first.
  for (Waiter* w = woken; w != nullptr;) {
    Waiter* next = w->next;
    Parker* parker = w->parker;
    parker->Unpark();
    w = next;
  }
  return result.unparked;
}

int NumQueuedForTest(const void* key) {
  int n = 0;
  for (Bucket& b : g_buckets) {
    if (key != nullptr && &b != &BucketFor(key)) continue;
    LockGuard l(&b.mu);
    for (const Waiter* w = b.head; w != nullptr; w = w->next) {
      if (key == nullptr || w->key == key) ++n;
    }
  }
  return n;
}

void SemAcquire(std::atomic<uint32_t>* sema, WaitReason reason) {
  for (;;) {
    uint32_t v = sema->load(std::memory_order_relaxed);
    while (v > 0) {
      if (sema->compare_exchange_weak(v, v - 1, std::memory_order_acquire,
                                      std::memory_order_relaxed)) {
        return;
      }
    }
    // Sleep only while the count is still 0. SemRelease increments inside
    // UnparkOn's callback, under the same bucket lock, after detaching the
    // oldest waiter: if validate() saw 0, we are queued before that release
    // runs, so it (or a later one) wakes someone; if it saw the increment, we
    // do not sleep. A woken waiter whose unit was taken by a newcomer simply
    // queues again: units are never lost, only raced for.
    ParkOn(
        sema, [sema] { return sema->load(std::memory_order_relaxed) == 0; },
        reason);
  }
}

void SemRelease(std::atomic<uint32_t>* sema) {
  UnparkOn(sema, 1, [sema](const UnparkResult&) {
    sema->fetch_add(1, std::memory_order_release);
    return kParkTokenNormal;
  });
}

}  // namespace golang::internal
