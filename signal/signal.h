// golang-cpp: Go's concurrency model in C++20.
//
// signal/signal.h — package os/signal: Notify, Stop and NotifyContext, and
// Signal's String.
//
// Go origin: src/os/signal/signal.go (Go 1.26: NotifyContext's cause) and
// the runtime's signal queue (runtime/sigqueue.go).
//
// A program asks for incoming signals either on a channel (Notify, undone by
// Stop) or as the cancellation of a context (NotifyContext, undone by its
// stop function). While anything asks for a signal, the library's handler
// is installed for it, and the signal no longer has its previous effect
// (SIGINT no longer ends the program); when the last request for it is
// withdrawn, the handler that was there before is put back.
//
// Example:
//
//   // Go:
//   //   ctx, stop := signal.NotifyContext(context.Background(),
//   //                                     os.Interrupt, syscall.SIGTERM)
//   //   defer stop()
//   //   <-ctx.Done()
//   //   fmt.Println(context.Cause(ctx))  // "interrupt signal received"
//   auto [ctx, stop] = signal::NotifyContext(context::Background(),
//                                            SIGINT, SIGTERM);
//   absl::Cleanup defer_stop = [&] { stop(); };
//   ctx.Done().recv();
//   std::cout << context::Cause(ctx).message() << "\n";
//
//   // Go:
//   //   c := make(chan os.Signal, 1)
//   //   signal.Notify(c, syscall.SIGHUP)
//   //   for s := range c { reload(s) }
//   auto c = make_chan<int>(1);
//   signal::Notify(c, SIGHUP);
//   for (int s : c) reload(s);
//
// How a signal travels: the handler does only what is async-signal-safe: it
// marks the signal pending and writes a byte to a pipe. A thread of the
// library's own, started by the first Notify, reads the pipe and does the
// rest: a send that does not block on every channel that asked for the
// signal, and the cancellation of every context. So a signal may arrive on
// any thread, blocked in anything, and no thread needs to block signals. As
// in Go (the runtime's sig.mask), several deliveries of one signal before
// that thread looks count as one. Under ThreadSanitizer the handler is
// installed past TSan's interceptor (TSan would hold a signal that lands on
// a thread parked in the runtime until that thread next woke), so there
// sigaction() does not report it.
//
// Memory ordering: a signal's delivery on a channel is a channel send, and
// its cancellation of a context closes Done (the channel close rule); what
// the program did before the signal was raised is not ordered before
// either, as in Go.
//
// Differences from Go:
//   - A signal is its number, an int (SIGINT, SIGTERM...), where Go has the
//     os.Signal interface; String(sig) is Go's syscall.Signal.String().
//     Channels are chan<int>.
//   - The cause of a NotifyContext cancelled by a signal is
//     absl::CancelledError("<String(sig)> signal received"), Go 1.26's
//     message ("interrupt signal received"); the context's Err() is
//     context::Canceled, as in Go.
//   - SIGSEGV, SIGBUS, SIGFPE and SIGILL (synchronous faults: Go turns them
//     into panics and relays only those sent by kill), SIGKILL and SIGSTOP
//     (which cannot be caught), glibc's internal real-time signals (below
//     SIGRTMIN) and SIGRTMIN+7 (the runtime's, for goroutine dumps) are
//     never relayed: Notify ignores them. Notify with no signals relays the
//     others among 1-31; real-time signals only when named.
//   - Once Notify or NotifyContext has been called, the relaying thread may
//     wake any goroutine at any time, so the runtime's "all goroutines are
//     asleep - deadlock!" report stays silent from then on (in Go, merely
//     importing os/signal has that effect, golang/go#21576).
//   - NotifyContext's context prints as the context::WithCancelCause it is
//     (`context.Background.WithCancel`), not as Go's
//     `signal.NotifyContext(context.Background, [interrupt])`.
//   - There is no Ignore, Ignored or Reset.
#ifndef GOLANG_SIGNAL_SIGNAL_H_
#define GOLANG_SIGNAL_SIGNAL_H_

#include <concepts>
#include <span>
#include <string>
#include <utility>

#include "chan/chan.h"
#include "context/context.h"

namespace golang {
namespace signal {
namespace signal_internal {

void Notify(send_chan<int> c, std::span<const int> sigs);
std::pair<context::Context, context::CancelFunc> NotifyContext(
    const context::Context& parent, std::span<const int> sigs);

}  // namespace signal_internal

// Go: func Notify(c chan<- os.Signal, sig ...os.Signal)
//
// Relays the listed signals (all that can be, if none is listed: see
// "Differences from Go") to c. A delivery never blocks: if c's buffer is
// full, that delivery is dropped, so give c room for the signals it must not
// miss (a buffer of 1 for a channel that waits for one signal). Calling
// Notify again with the same channel adds to its set; several channels may
// ask for the same signal, and each gets it. Panics with
// `os/signal: Notify using nil channel` if c is nil. Numbers outside 1 to
// NSIG-1 are ignored, as Go ignores what is not a signal.
template <std::convertible_to<int>... Sig>
void Notify(send_chan<int> c, Sig... sig) {
  const int list[sizeof...(Sig) + 1] = {static_cast<int>(sig)..., 0};
  signal_internal::Notify(std::move(c),
                          std::span<const int>(list, sizeof...(Sig)));
}

// Go: func Stop(c chan<- os.Signal)
//
// Undoes every Notify with c: when Stop returns, no more signals are sent
// on c. A signal that arrived before the handler was withdrawn is still
// delivered to c before Stop returns (Go's guarantee: such a signal either
// reaches the program or has its default effect). A signal nobody asks for
// any more gets back the disposition it had before the first request for
// it. Stopping a channel that was never notified does nothing.
void Stop(const send_chan<int>& c);

// Go: func NotifyContext(parent context.Context, signals ...os.Signal)
// (ctx context.Context, stop context.CancelFunc)
//
// `auto [ctx, stop] = signal::NotifyContext(parent, SIGINT, SIGTERM);`
// ctx is done when one of the signals arrives (then Cause(ctx) names it,
// Go 1.26's "terminated signal received"), when stop is called, or when
// parent is done, whichever comes first. Until stop is called the signals
// are diverted to ctx, even after it is done: a second SIGINT does not end
// the program either. stop cancels ctx (Err() == Cause() == Canceled if no
// signal came first) and withdraws the request for the signals, which may
// give them their previous effect back; call it as soon as the work under
// ctx is done, typically `absl::Cleanup defer_stop = [&] { stop(); };`.
// stop may be called any number of times, from any thread. With no signals
// listed, every signal Notify relays counts. Panics with
// `cannot create context from nil parent` if parent is nil.
template <std::convertible_to<int>... Sig>
[[nodiscard]] std::pair<context::Context, context::CancelFunc> NotifyContext(
    const context::Context& parent, Sig... sig) {
  const int list[sizeof...(Sig) + 1] = {static_cast<int>(sig)..., 0};
  return signal_internal::NotifyContext(
      parent, std::span<const int>(list, sizeof...(Sig)));
}

// Go: func (s syscall.Signal) String() string
//
// Go's description of the signal on Linux: "interrupt" for SIGINT,
// "terminated" for SIGTERM, "user defined signal 1" for SIGUSR1, "hangup",
// ...; "signal <n>" for a number without one (the real-time signals).
[[nodiscard]] std::string String(int sig);

}  // namespace signal
}  // namespace golang

#endif  // GOLANG_SIGNAL_SIGNAL_H_
