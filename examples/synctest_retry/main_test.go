// Retries with exponential backoff, tested in virtual time: a client calls a
// flaky server, waits 100ms after the first failure and twice as long after
// each next one, and gives up when its context's deadline passes. In a
// testing/synctest bubble (Go 1.25) the test takes no real time, and every
// time it logs is exact.
//
//	go test -v
package main

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"
)

var errUnavailable = errors.New("unavailable")

// server answers one request at a time. Each call takes 50ms; the first
// `failures` calls fail.
type server struct {
	requests chan chan error
	calls    int
}

func startServer(failures int) *server {
	s := &server{requests: make(chan chan error)}
	go func() {
		for reply := range s.requests {
			time.Sleep(50 * time.Millisecond)
			s.calls++
			if s.calls <= failures {
				reply <- errUnavailable
			} else {
				reply <- nil
			}
		}
	}()
	return s
}

// call makes one request and waits for its answer, or for ctx to end.
func (s *server) call(ctx context.Context) error {
	reply := make(chan error, 1) // Buffered: a late answer never blocks the server.
	select {
	case s.requests <- reply:
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case err := <-reply:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// ms is d in whole milliseconds, for the log.
func ms(d time.Duration) int64 { return d.Milliseconds() }

// retry calls s until a call succeeds or ctx ends, with exponential backoff.
// It logs each attempt with the time it started, since start.
func retry(ctx context.Context, t *testing.T, s *server) error {
	start := time.Now()
	backoff := 100 * time.Millisecond
	for attempt := 1; ; attempt++ {
		at := time.Since(start)
		err := s.call(ctx)
		if err == nil {
			t.Logf("attempt %d at %dms: ok", attempt, ms(at))
			return nil
		}
		t.Logf("attempt %d at %dms: %v", attempt, ms(at), err)
		select {
		case <-time.After(backoff):
		case <-ctx.Done():
			t.Logf("gave up at %dms: %v", ms(time.Since(start)), ctx.Err())
			return ctx.Err()
		}
		backoff *= 2
	}
}

// The server fails three times, then answers: the fourth attempt, which
// starts at 50 + 100 + 50 + 200 + 50 + 400 = 850ms, succeeds.
func TestRetryRecovers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		t.Logf("recovering server, from %v", time.Now().UTC())
		start := time.Now()
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		s := startServer(3)
		defer close(s.requests)

		err := retry(ctx, t, s)
		t.Logf("retry returned at %dms: %v, after %d calls", ms(time.Since(start)), err, s.calls)
	})
}

// The server never answers well: the 2s deadline ends the retries, during
// the wait after the fifth attempt. synctest.Wait shows that the client is
// still waiting 1ms before the deadline.
func TestRetryGivesUp(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		t.Logf("server down, from %v", time.Now().UTC())
		start := time.Now()
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		s := startServer(1000)
		defer close(s.requests)

		done := make(chan error, 1)
		go func() {
			done <- retry(ctx, t, s)
		}()
		time.Sleep(2*time.Second - time.Millisecond)
		synctest.Wait() // Every other goroutine of the bubble is blocked now.
		select {
		case err := <-done:
			t.Errorf("retry returned at %dms, before the deadline: %v", ms(time.Since(start)), err)
			return
		default:
		}
		t.Logf("at %dms: still retrying", ms(time.Since(start)))
		err := <-done
		t.Logf("retry returned at %dms: %v, after %d calls", ms(time.Since(start)), err, s.calls)
	})
}
