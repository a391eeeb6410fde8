// golang-cpp internal: NOT API.
//
// fastrand.h: the runtime's cheap random numbers (Go's cheaprand): wyrand,
// Wang Yi's generator (public domain), one add and one 64x64->128-bit
// multiply per number. For spreading choices, never for secrets. Each user
// keeps its own state word: the scheduler one per M (where work stealing
// starts), select one per thread (its poll order, chan/internal).
#ifndef GOLANG_RUNTIME_INTERNAL_FASTRAND_H_
#define GOLANG_RUNTIME_INTERNAL_FASTRAND_H_

#include <atomic>
#include <cstdint>

namespace golang::internal {

// Advances *state and returns the next 64 random bits. Any state will do
// as a seed.
inline uint64_t Wyrand(uint64_t* state) {
  *state += 0xa0761d6478bd642f;
  const __uint128_t m =
      static_cast<__uint128_t>(*state) * (*state ^ 0xe7037ed1a0b428db);
  return static_cast<uint64_t>(m >> 64) ^ static_cast<uint64_t>(m);
}

// The state word of select's random poll order on this thread (the chan
// layer's RngNext), kept here because a seeded synctest bubble reseeds it
// from the bubble's PRNG at each of its scheduling points (PreemptSlow,
// bubble.h), so that the poll order replays with the seed. A relaxed
// atomic: every goroutine on the thread uses it, unordered as
// ThreadSanitizer sees them. 0: not seeded yet.
[[gnu::tls_model("initial-exec")]] extern thread_local std::atomic<uint64_t>
    select_rng_state;

}  // namespace golang::internal

#endif  // GOLANG_RUNTIME_INTERNAL_FASTRAND_H_
