package main

// Twins of benchmarks/timer_bench.cc: timer lateness. N timers armed one
// after the other for d_i = ((i*7919) mod N) * span/N (span one second;
// tiny: 50 ms); each records how late its code runs, time.Since(due) with
// due = when it was armed + d_i; the shape reports the median, 99th
// percentile and maximum as lateness_median_ns, lateness_p99_ns and
// lateness_max_ns.

import (
	"sort"
	"sync"
	"time"
)

type lateness struct {
	seconds                float64
	medianNs, p99Ns, maxNs int64
}

// lateSlot is one timer: when it is due and how late it fired.
type lateSlot struct {
	due  time.Time
	late int64
}

func lateDelay(i, n int, span time.Duration) time.Duration {
	return time.Duration(i*7919%n) * (span / time.Duration(n))
}

// arm sets s's due time d from now and returns d.
func (s *lateSlot) arm(d time.Duration) time.Duration {
	s.due = time.Now().Add(d)
	return d
}

func (s *lateSlot) fired() { s.late = int64(time.Since(s.due)) }

func summarizeLateness(slots []lateSlot, seconds float64) lateness {
	late := make([]int64, len(slots))
	for i := range slots {
		late[i] = slots[i].late
	}
	sort.Slice(late, func(a, b int) bool { return late[a] < late[b] })
	n := len(late)
	p99 := (n*99 + 99) / 100
	if p99 > n {
		p99 = n
	}
	return lateness{seconds, late[n/2], late[p99-1], late[n-1]}
}

func afterFuncLateness(n int, span time.Duration) lateness {
	slots := make([]lateSlot, n)
	var fired sync.WaitGroup
	fired.Add(n)
	start := time.Now()
	for i := range slots {
		s := &slots[i]
		time.AfterFunc(s.arm(lateDelay(i, n, span)), func() {
			s.fired()
			fired.Done()
		})
	}
	fired.Wait()
	return summarizeLateness(slots, time.Since(start).Seconds())
}

// goroutineLateness starts n goroutines; goroutine i arms slot i for its
// delay and waits for the timer with wait(d).
func goroutineLateness(n int, span time.Duration, wait func(d time.Duration)) lateness {
	slots := make([]lateSlot, n)
	var fired sync.WaitGroup
	fired.Add(n)
	start := time.Now()
	for i := range slots {
		s, d := &slots[i], lateDelay(i, n, span)
		go func() {
			wait(s.arm(d))
			s.fired()
			fired.Done()
		}()
	}
	fired.Wait()
	return summarizeLateness(slots, time.Since(start).Seconds())
}

func registerTimer() {
	late := func(name string, f func() lateness) {
		register(bench{name: name, lateness: f})
	}
	late("timer/lateness_afterfunc", func() lateness {
		return afterFuncLateness(cfg.lateTimers, cfg.lateSpan)
	})
	late("timer/lateness_sleep", func() lateness {
		return goroutineLateness(cfg.lateTimers, cfg.lateSpan, time.Sleep)
	})
	late("timer/lateness_after", func() lateness {
		stop := make(chan struct{}) // never ready
		return goroutineLateness(cfg.lateTimers, cfg.lateSpan, func(d time.Duration) {
			select {
			case <-time.After(d):
			case <-stop:
			}
		})
	})
}
