// golang-cpp internal: NOT API.
//
// gcache.h: goroutine bookkeeping cached per P, after Go's p.gFree,
// p.goidcache and their global counterparts (runtime/proc.go). Three
// things every `go` and every exit touch are kept on the P that does it,
// so that goroutines on different Ps share no lock and no cache line:
//   - finished goroutines' records with their stacks, for the next `go`
//     (Go's gfget and gfput): a P's list refills from and spills to a
//     global one under Sched::free_mu, a batch at a time;
//   - goroutine ids, taken from Sched::goidgen 16 at a time;
//   - the count of live goroutines (runtime::NumGoroutine), summed over
//     the Ps when read.
// A plain thread (no P) uses the global list, id counter and count
// directly. The entry points are sched.h's NewGoroutine, NewGoroutineId,
// AddLiveGoroutines and CountLiveGoroutines; the scheduler (sched.cc)
// calls the two below.
#ifndef GOLANG_RUNTIME_INTERNAL_GCACHE_H_
#define GOLANG_RUNTIME_INTERNAL_GCACHE_H_

#include "runtime/internal/runtime2.h"

namespace golang::internal {

struct Goroutine;

// Go's gfput: g has exited on p (p's owner calls it, after g's last
// switch); its record, with its stack if that is of the default size, goes
// on p's free list.
void GFreePut(P* p, Goroutine* g);

// Go's gfpurge: p retires; every record on its free list goes to the
// global one. Its caller holds Sched::mu: free_mu nests inside it.
void GFreePurge(P* p);

}  // namespace golang::internal

#endif  // GOLANG_RUNTIME_INTERNAL_GCACHE_H_
