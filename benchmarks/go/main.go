// Command gobench is the Go twin of golang-cpp's C++ benchmark suite
// (benchmarks/*.cc): the same shapes, the same sizes and flags, printing
// Google Benchmark's JSON format so that benchmarks/compare.py reads both.
//
//	go run . [--quick|--tiny] [--messages=N ...] [--benchmark_filter=RE]
//	         [--benchmark_min_time=SECONDS]
//
// Standard library only; runs with Go 1.19. Shapes modelled on Go's own
// testing benchmarks run under testing.Benchmark (so b.N and b.RunParallel
// are Go's); fixed-size shapes run once and report ns_per_op, each in two
// forms (registerFixed): main/<name> runs it in the main goroutine itself,
// <name> in a goroutine that main starts and waits for, as the C++ suite's
// main/ and goroutine forms do (benchmarks/bench_common.h). The C++ suite's
// thread/ forms (a std::thread) have no twin here.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"regexp"
	"runtime"
	"strconv"
	"testing"
	"time"
)

// config mirrors golang::bench::Config (benchmarks/bench_common.h).
type config struct {
	messages, syncMessages, roundtrips, spawn, ctxTree, timers int
	memObjects, memGoroutines                                  int
	lateTimers                                                 int
	lateSpan                                                   time.Duration
	procs                                                      int
}

var cfg = config{
	messages:      5_000_000,
	syncMessages:  5_000_000,
	roundtrips:    1_000_000,
	spawn:         100_000,
	ctxTree:       10_000,
	timers:        100_000,
	memObjects:    10_000,
	memGoroutines: 100_000,
	lateTimers:    10_000,
	lateSpan:      time.Second,
}

// result is one entry of Google Benchmark's JSON "benchmarks" array.
type result struct {
	Name       string  `json:"name"`
	RunName    string  `json:"run_name"`
	RunType    string  `json:"run_type"`
	Iterations int     `json:"iterations"`
	RealTime   float64 `json:"real_time"`
	CPUTime    float64 `json:"cpu_time"`
	TimeUnit   string  `json:"time_unit"`
	// Counters, as Google Benchmark prints user counters: top-level keys.
	NsPerOp         *float64 `json:"ns_per_op,omitempty"`
	Ops             *float64 `json:"ops,omitempty"`
	BytesPerOp      *float64 `json:"bytes_per_op,omitempty"`
	HeapBytesPerOp  *float64 `json:"heap_bytes_per_op,omitempty"`
	RssGrowthPerRep *float64 `json:"rss_growth_per_rep,omitempty"`
	LateMedianNs    *float64 `json:"lateness_median_ns,omitempty"`
	LateP99Ns       *float64 `json:"lateness_p99_ns,omitempty"`
	LateMaxNs       *float64 `json:"lateness_max_ns,omitempty"`
}

type bench struct {
	name string
	// Exactly one of these is set.
	goBench  func(b *testing.B)        // run under testing.Benchmark
	fixed    func() (float64, int)     // seconds, ops
	memory   func() map[string]float64 // counters
	lateness func() lateness           // timer lateness (timer.go)
}

var benches []bench

func register(b bench) { benches = append(benches, b) }

func fptr(v float64) *float64 { return &v }

// registerFixed registers a fixed-size shape in both of its forms: run
// returns the seconds it measured for ops operations.
//
//	main/<name>  run is called right here, in the main goroutine
//	<name>       run is called in a new goroutine, main waits on a channel
//	             (the C++ suite's InGoroutine)
func registerFixed(name string, run func() float64, ops int) {
	register(bench{name: "main/" + name, fixed: func() (float64, int) { return run(), ops }})
	register(bench{name: name, fixed: func() (float64, int) {
		result := make(chan float64, 1)
		go func() { result <- run() }()
		return <-result, ops
	}})
}

func main() {
	testing.Init()
	quick := flag.Bool("quick", false, "quick preset")
	tiny := flag.Bool("tiny", false, "smoke-test preset")
	messages := flag.Int("messages", 0, "messages per crossbeam shape, capacity N")
	syncMessages := flag.Int("sync_messages", 0, "messages per crossbeam shape, capacity 0 and 1")
	roundtrips := flag.Int("roundtrips", 0, "ping-pong round trips")
	spawn := flag.Int("spawn", 0, "goroutines in spawn+join")
	ctxTree := flag.Int("ctx_tree", 0, "goroutines in the context tree")
	timers := flag.Int("timers", 0, "iterations of the timer shapes")
	memObjects := flag.Int("mem_objects", 0, "objects per memory shape")
	memGoroutines := flag.Int("mem_goroutines", 0, "parked goroutines")
	lateTimers := flag.Int("late_timers", 0, "timers in the timer lateness shapes")
	flag.Int("thread_messages", 0, "accepted for symmetry: the C++ thread/ forms have no twin")
	filter := flag.String("benchmark_filter", ".", "regexp of shapes to run")
	minTime := flag.Float64("benchmark_min_time", 0.5, "seconds per b.N benchmark")
	flag.String("benchmark_format", "json", "accepted for symmetry; always json")
	list := flag.Bool("benchmark_list_tests", false, "list the shapes and exit")
	flag.Parse()

	if *quick {
		cfg.messages, cfg.syncMessages, cfg.roundtrips = 200_000, 200_000, 100_000
		cfg.spawn, cfg.ctxTree = 10_000, 2_000
		cfg.timers, cfg.memObjects, cfg.memGoroutines = 10_000, 2_000, 10_000
	}
	if *tiny {
		cfg.messages, cfg.syncMessages, cfg.roundtrips = 2_000, 2_000, 1_000
		cfg.spawn, cfg.ctxTree = 200, 100
		cfg.timers, cfg.memObjects, cfg.memGoroutines = 200, 100, 100
		cfg.lateTimers, cfg.lateSpan = 200, 50*time.Millisecond
	}
	for _, o := range []struct {
		v   int
		dst *int
	}{{*messages, &cfg.messages}, {*syncMessages, &cfg.syncMessages}, {*roundtrips, &cfg.roundtrips}, {*spawn, &cfg.spawn},
		{*ctxTree, &cfg.ctxTree}, {*timers, &cfg.timers}, {*memObjects, &cfg.memObjects},
		{*memGoroutines, &cfg.memGoroutines}, {*lateTimers, &cfg.lateTimers}} {
		if o.v > 0 {
			*o.dst = o.v
		}
	}
	cfg.procs = runtime.GOMAXPROCS(0)
	if err := flag.Set("test.benchtime", strconv.FormatFloat(*minTime, 'f', -1, 64)+"s"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	re, err := regexp.Compile(*filter)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}

	registerChan()
	registerCrossbeam()
	registerGoroutine()
	registerSync()
	registerMemory()
	registerTimer()
	registerTime()

	if *list {
		for _, b := range benches {
			if re.MatchString(b.name) {
				fmt.Println(b.name)
			}
		}
		return
	}

	out := struct {
		Context    map[string]any `json:"context"`
		Benchmarks []result       `json:"benchmarks"`
	}{
		Context: map[string]any{
			"date":          time.Now().Format(time.RFC3339),
			"executable":    "go " + runtime.Version(),
			"num_cpus":      runtime.NumCPU(),
			"gomaxprocs":    strconv.Itoa(cfg.procs),
			"messages":      strconv.Itoa(cfg.messages),
			"sync_messages": strconv.Itoa(cfg.syncMessages),
		},
		Benchmarks: []result{},
	}
	for _, b := range benches {
		if !re.MatchString(b.name) {
			continue
		}
		r := result{Name: b.name, RunName: b.name, RunType: "iteration", TimeUnit: "ns"}
		switch {
		case b.goBench != nil:
			br := testing.Benchmark(b.goBench)
			r.Iterations = br.N
			r.RealTime = float64(br.T.Nanoseconds()) / float64(br.N)
			r.CPUTime = r.RealTime
		case b.fixed != nil:
			secs, ops := b.fixed()
			r.Iterations = 1
			r.RealTime = secs * 1e3
			r.CPUTime = r.RealTime
			r.TimeUnit = "ms"
			r.NsPerOp = fptr(secs * 1e9 / float64(ops))
			r.Ops = fptr(float64(ops))
		case b.lateness != nil:
			l := b.lateness()
			r.Iterations = 1
			r.RealTime = l.seconds * 1e3
			r.CPUTime = r.RealTime
			r.TimeUnit = "ms"
			r.Ops = fptr(float64(cfg.lateTimers))
			r.LateMedianNs = fptr(float64(l.medianNs))
			r.LateP99Ns = fptr(float64(l.p99Ns))
			r.LateMaxNs = fptr(float64(l.maxNs))
		default:
			c := b.memory()
			r.Iterations = 1
			if v, ok := c["bytes_per_op"]; ok {
				r.BytesPerOp = fptr(v)
			}
			if v, ok := c["heap_bytes_per_op"]; ok {
				r.HeapBytesPerOp = fptr(v)
			}
			if v, ok := c["rss_growth_per_rep"]; ok {
				r.RssGrowthPerRep = fptr(v)
			}
		}
		out.Benchmarks = append(out.Benchmarks, r)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
