//! crossbeam-channel twin of benchmarks/crossbeam_bench.cc.
//!
//! The shapes of crossbeam-channel's own benchmarks (crossbeam.rs beside
//! go.go in crossbeam-channel/benchmarks), written fresh for this suite with
//! the C++ and Go twins' names, sizes and flags, so that compare.py can run
//! all three side by side. Rust has no goroutines: every sender and receiver
//! is an OS thread, as in crossbeam's benchmarks. The forms:
//!
//!   main/crossbeam/<shape>    the receiving side runs on main, as crossbeam.rs
//!   crossbeam/<shape>         the same, on a thread main starts (the twin of
//!                             the C++ shape run in a goroutine)
//!   thread/crossbeam/bounded{0,1}_spsc, thread/goroutine/pingpong
//!                             one thread against another: the yardstick for
//!                             a C++ std::thread waiting on goroutines
//!
//! Each shape runs once per invocation; ns_per_op is wall time per message
//! (per round trip for pingpong). Output is Google Benchmark's JSON, the
//! fields compare.py reads. Standard library and crossbeam-channel only.
//!
//!   crossbeam-twin [--quick|--tiny] [--messages=N] [--sync_messages=N]
//!                  [--thread_messages=N] [--benchmark_filter=RE]
//!                  [--benchmark_list_tests]
//!
//! The filter understands what compare.py passes ("^name(/|$)", with
//! Python's re.escape backslashes), "." for everything, and otherwise a
//! substring of the name.

use crossbeam_channel::{bounded, select, Receiver, Sender};
use std::thread;
use std::time::Instant;

type Message = usize;
const THREADS: usize = 4; // crossbeam's THREADS; the select shapes assume 4

fn seq(cap: usize, n: usize) {
    let (tx, rx) = bounded::<Message>(cap);
    for i in 0..n {
        tx.send(i).unwrap();
    }
    for _ in 0..n {
        rx.recv().unwrap();
    }
}

fn spsc(cap: usize, n: usize) {
    let (tx, rx) = bounded::<Message>(cap);
    let sender = thread::spawn(move || {
        for i in 0..n {
            tx.send(i).unwrap();
        }
    });
    for _ in 0..n {
        rx.recv().unwrap();
    }
    sender.join().unwrap();
}

fn senders(tx: &Sender<Message>, count: usize) -> Vec<thread::JoinHandle<()>> {
    (0..THREADS)
        .map(|_| {
            let tx = tx.clone();
            thread::spawn(move || {
                for i in 0..count {
                    tx.send(i).unwrap();
                }
            })
        })
        .collect()
}

fn join(handles: Vec<thread::JoinHandle<()>>) {
    for h in handles {
        h.join().unwrap();
    }
}

fn mpsc(cap: usize, n: usize) {
    let (tx, rx) = bounded::<Message>(cap);
    let handles = senders(&tx, n / THREADS);
    for _ in 0..n / THREADS * THREADS {
        rx.recv().unwrap();
    }
    join(handles);
}

fn mpmc(cap: usize, n: usize) {
    let (tx, rx) = bounded::<Message>(cap);
    let mut handles = senders(&tx, n / THREADS);
    for _ in 0..THREADS {
        let rx = rx.clone();
        handles.push(thread::spawn(move || {
            for _ in 0..n / THREADS {
                rx.recv().unwrap();
            }
        }));
    }
    join(handles);
}

struct Four {
    tx: Vec<Sender<Message>>,
    rx: Vec<Receiver<Message>>,
}

impl Four {
    fn new(cap: usize) -> Four {
        let (tx, rx) = (0..THREADS).map(|_| bounded::<Message>(cap)).unzip();
        Four { tx, rx }
    }

    // One sender per channel, n / THREADS messages each.
    fn start_senders(&self, n: usize) -> Vec<thread::JoinHandle<()>> {
        self.tx
            .iter()
            .map(|tx| {
                let tx = tx.clone();
                thread::spawn(move || {
                    for i in 0..n / THREADS {
                        tx.send(i).unwrap();
                    }
                })
            })
            .collect()
    }
}

fn select4(rx: &[Receiver<Message>]) {
    select! {
        recv(rx[0]) -> v => { v.unwrap(); }
        recv(rx[1]) -> v => { v.unwrap(); }
        recv(rx[2]) -> v => { v.unwrap(); }
        recv(rx[3]) -> v => { v.unwrap(); }
    }
}

fn select_rx(cap: usize, n: usize) {
    let four = Four::new(cap);
    let handles = four.start_senders(n);
    for _ in 0..n / THREADS * THREADS {
        select4(&four.rx);
    }
    join(handles);
}

fn select_both(cap: usize, n: usize) {
    let four = Four::new(cap);
    let mut handles = four.start_senders(n);
    for _ in 0..THREADS {
        let rx = four.rx.clone();
        handles.push(thread::spawn(move || {
            for _ in 0..n / THREADS {
                select4(&rx);
            }
        }));
    }
    join(handles);
}

// Two threads bounce a value over two unbuffered channels, n round trips.
fn pingpong(n: usize) {
    let (ping_tx, ping_rx) = bounded::<Message>(0);
    let (pong_tx, pong_rx) = bounded::<Message>(0);
    let echo = thread::spawn(move || {
        for _ in 0..n {
            pong_tx.send(ping_rx.recv().unwrap()).unwrap();
        }
    });
    for i in 0..n {
        ping_tx.send(i).unwrap();
        pong_rx.recv().unwrap();
    }
    echo.join().unwrap();
}

enum Form {
    Main,      // on main
    OnThread,  // on a thread main starts
}

struct Shape {
    name: String,
    form: Form,
    ops: usize,
    run: Box<dyn Fn() + Send + Sync>,
}

struct Sizes {
    messages: usize,
    sync_messages: usize,
    thread_messages: usize,
}

fn shapes(s: &Sizes) -> Vec<Shape> {
    let mut out = Vec::new();
    let kinds: [(&str, fn(usize, usize)); 5] = [
        ("mpmc", mpmc),
        ("mpsc", mpsc),
        ("select_both", select_both),
        ("select_rx", select_rx),
        ("spsc", spsc),
    ];
    // The order of crossbeam_bench.cc (go.go's main()).
    for (prefix, cap, n) in [
        ("bounded0_", 0, s.sync_messages),
        ("bounded1_", 1, s.sync_messages),
        ("bounded_", s.messages, s.messages),
    ] {
        let mut list: Vec<(&str, fn(usize, usize))> = kinds.to_vec();
        if prefix == "bounded_" {
            list.insert(4, ("seq", seq));
        }
        for (kind, f) in list {
            let base = format!("crossbeam/{}{}", prefix, kind);
            out.push(Shape {
                name: format!("main/{}", base),
                form: Form::Main,
                ops: n,
                run: Box::new(move || f(cap, n)),
            });
            out.push(Shape { name: base, form: Form::OnThread, ops: n, run: Box::new(move || f(cap, n)) });
            if kind == "spsc" && cap <= 1 {
                let t = s.thread_messages;
                out.push(Shape {
                    name: format!("thread/crossbeam/{}{}", prefix, kind),
                    form: Form::Main,
                    ops: t,
                    run: Box::new(move || f(cap, t)),
                });
            }
        }
    }
    let t = s.thread_messages;
    out.push(Shape {
        name: "thread/goroutine/pingpong".to_string(),
        form: Form::Main,
        ops: t,
        run: Box::new(move || pingpong(t)),
    });
    out
}

fn matches(filter: &str, name: &str) -> bool {
    let f = filter.replace('\\', "");
    if f.is_empty() || f == "." || f == ".*" {
        return true;
    }
    if let Some(rest) = f.strip_prefix('^') {
        if let Some(exact) = rest.strip_suffix("(/|$)") {
            return name == exact || name.starts_with(&format!("{}/", exact));
        }
        return name.starts_with(rest);
    }
    name.contains(f.as_str())
}

fn json_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn main() {
    let mut sizes = Sizes { messages: 5_000_000, sync_messages: 5_000_000, thread_messages: 100_000 };
    let mut overrides: Vec<(String, usize)> = Vec::new();
    let mut filter = String::from(".");
    let mut list = false;
    for arg in std::env::args().skip(1) {
        let (key, value) = match arg.split_once('=') {
            Some((k, v)) => (k.to_string(), Some(v.to_string())),
            None => (arg.clone(), None),
        };
        match (key.as_str(), value) {
            ("--quick", None) => {
                sizes = Sizes { messages: 200_000, sync_messages: 200_000, thread_messages: 10_000 }
            }
            ("--tiny", None) => sizes = Sizes { messages: 2_000, sync_messages: 2_000, thread_messages: 200 },
            ("--benchmark_filter", Some(v)) => filter = v,
            ("--benchmark_list_tests", v) => list = v.map_or(true, |v| v != "false"),
            ("--messages" | "--sync_messages" | "--thread_messages", Some(v)) => {
                let n = v.parse().unwrap_or_else(|_| panic!("{}: not a count: {}", key, v));
                overrides.push((key.clone(), n));
            }
            // The other sizes and Google Benchmark's own flags: accepted for
            // symmetry with the C++ and Go twins, which share compare.py's
            // command line; no shape here uses them.
            (k, Some(_)) if k.starts_with("--") => {}
            _ => {
                eprintln!("crossbeam-twin: unknown argument {}", arg);
                std::process::exit(2);
            }
        }
    }
    for (key, n) in overrides {
        match key.as_str() {
            "--messages" => sizes.messages = n,
            "--sync_messages" => sizes.sync_messages = n,
            _ => sizes.thread_messages = n,
        }
    }
    let selected: Vec<Shape> = shapes(&sizes).into_iter().filter(|s| matches(&filter, &s.name)).collect();
    if list {
        for s in &selected {
            println!("{}", s.name);
        }
        return;
    }
    let mut entries = Vec::new();
    for s in selected {
        let start = Instant::now();
        match s.form {
            Form::Main => (s.run)(),
            Form::OnThread => {
                let run = s.run;
                thread::spawn(move || run()).join().unwrap();
            }
        }
        let ns = start.elapsed().as_nanos() as f64;
        eprintln!("{:<44} {:>12.1} ns/op", s.name, ns / s.ops as f64);
        entries.push(format!(
            "{{\"name\": {n}, \"run_name\": {n}, \"run_type\": \"iteration\", \"iterations\": 1, \
             \"real_time\": {t}, \"cpu_time\": {t}, \"time_unit\": \"ns\", \"ns_per_op\": {p}, \"ops\": {o}}}",
            n = json_string(&s.name),
            t = ns,
            p = ns / s.ops as f64,
            o = s.ops
        ));
    }
    println!("{{\"context\": {{\"library\": \"crossbeam-channel 0.5\"}}, \"benchmarks\": [\n  {}\n]}}", entries.join(",\n  "));
}
