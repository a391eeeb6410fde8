#!/usr/bin/env python3
"""Compare golang-cpp's benchmark suite with its Go and crossbeam twins.

Builds the C++ suite (golang_benchmarks), the Go twin (benchmarks/go) and,
where cargo and Debian's librust-crossbeam-channel-dev are installed, the
crossbeam-channel twin of the crossbeam shapes (benchmarks/rust; skipped
with a message otherwise). Runs every selected shape in each, interleaved
(C++, Go, crossbeam, C++, Go, ...), each run a fresh process, and prints one
table: shape, each side's median with min-max, the ratios C++/Go and
C++/crossbeam of the medians (< 1: C++ is faster or smaller), and the best
peer of each shape with C++'s ratio to it, then a legend of the columns
(lower is better in every unit). Writes the table as Markdown, a
bar chart as SVG (log scale) and the raw runs as JSON into the results
folder (default: <repo>/build/results; the committed chart of the latest
full run is benchmarks/results/bench_compare.svg, copied there by hand).

A fixed-size shape comes in up to three forms, named by a prefix (see
benchmarks/README.md): "main/<shape>" runs in main itself (goroutine 1 in
C++, the main goroutine in Go), "<shape>" in a goroutine main starts, and
"thread/<shape>" on a std::thread (no Go twin; its crossbeam twin is one
thread against another, the yardstick for a plain thread's hand-off). The
table gives each shape one row with every form side by side, each form's
ratios, main-side shapes first; the forms of one shape run interleaved too.

    benchmarks/compare.py --quick            # the quick subset, < 1 minute
    benchmarks/compare.py                    # everything, full sizes
    benchmarks/compare.py --filter 'crossbeam/bounded_' --repetitions 5
    benchmarks/compare.py --gomaxprocs 2 --messages 1000000

Python 3 standard library only.
"""

import argparse
import datetime
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import textwrap
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GO_DIR = os.path.join(REPO, "benchmarks", "go")
RUST_DIR = os.path.join(REPO, "benchmarks", "rust")
# Where Debian's librust-*-dev packages put crate sources (the offline
# registry benchmarks/rust/.cargo/config.toml points at).
DEBIAN_CRATES = "/usr/share/cargo/registry"

# The --quick subset: one or two shapes of each family, small sizes, and
# the main-side and thread forms of the shapes users write most (issue 12).
QUICK_SHAPES = [
    "main/goroutine/pingpong",
    "thread/goroutine/pingpong",
    "main/crossbeam/bounded0_spsc",
    "thread/crossbeam/bounded0_spsc",
    "main/crossbeam/bounded1_spsc",
    "main/crossbeam/bounded1_mpsc",
    "crossbeam/bounded1_mpsc",
    "main/crossbeam/bounded0_select_rx",
    "crossbeam/bounded0_select_rx",
    "main/goroutine/spawn_join",
    "main/goroutine/spawn_join_warm",
    "goroutine/spawn_join_warm",
    "BM_ChanNonblocking",
    "BM_ChanUncontended",
    "BM_ChanContended",
    "BM_ChanSync",
    "BM_ChanProdCons/100",
    "BM_SelectUncontended",
    "BM_SelectProdCons",
    "BM_WaitGroupActuallyWait",
    "BM_MutexUncontended",
    "BM_TimerStop",
    "crossbeam/bounded0_spsc",
    "crossbeam/bounded1_spsc",
    "crossbeam/bounded_seq",
    "crossbeam/bounded_spsc",
    "crossbeam/bounded_mpsc",
    "crossbeam/bounded_mpmc",
    "crossbeam/bounded_select_rx",
    "crossbeam/bounded_select_both",
    "goroutine/spawn_join",
    "goroutine/pingpong",
    "context/tree_cancel",
    "timer/select_after",
    "timer/lateness_sleep",
    "mem/unbuffered_chan",
    "mem/parked_goroutine",
    "mem/flat",
]

# Google Benchmark decorations that are not part of the shape's name.
_DECORATION = re.compile(
    r"/(real_time|manual_time|process_time|threads:\d+|iterations:\d+|"
    r"min_time:[\d.]+|repeats:\d+)")

SIZE_FLAGS = ("messages", "sync_messages", "roundtrips", "spawn", "ctx_tree",
              "timers", "mem_objects", "mem_goroutines", "late_timers",
              "thread_messages")

_NS_PER_UNIT = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}


def shape_name(name):
    return _DECORATION.sub("", name)


# Forms of a fixed-size shape, in table order: (form, name prefix, label).
FORMS = (("main", "main/", "main"), ("goroutine", "", "goroutine"),
         ("thread", "thread/", "std::thread"))


def split_form(shape):
    """(form, base shape) of a registered shape name."""
    for form, prefix, _ in FORMS:
        if prefix and shape.startswith(prefix):
            return form, shape[len(prefix):]
    return "goroutine", shape


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def run(cmd, env=None, timeout=None, cwd=None):
    res = subprocess.run(cmd, env=env, cwd=cwd, timeout=timeout,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True)
    if res.returncode != 0:
        raise RuntimeError("%s failed (%d):\n%s" %
                           (" ".join(cmd), res.returncode, res.stderr[-4000:]))
    return res.stdout


def build_cpp(build_dir):
    log("building golang_benchmarks in %s" % build_dir)
    if not os.path.exists(os.path.join(build_dir, "CMakeCache.txt")):
        run(["cmake", "-S", REPO, "-B", build_dir, "-G", "Ninja",
             "-DCMAKE_BUILD_TYPE=Release"])
    run(["cmake", "--build", build_dir, "--target", "golang_benchmarks"])
    return os.path.join(build_dir, "benchmarks", "golang_benchmarks")


def build_go(out_dir):
    exe = os.path.join(out_dir, "gobench")
    log("building the Go twin (%s)" % GO_DIR)
    env = dict(os.environ, GOPROXY="off", GO111MODULE="on")
    run(["go", "build", "-o", exe, "."], env=env, cwd=GO_DIR)
    return exe


def build_rust(target_dir):
    """The crossbeam twin's executable, or None (with the reason logged)."""
    if shutil.which("cargo") is None:
        log("no crossbeam column: cargo is not installed (Debian: cargo)")
        return None
    if not any(d.startswith("crossbeam-channel-")
               for d in (os.listdir(DEBIAN_CRATES)
                         if os.path.isdir(DEBIAN_CRATES) else [])):
        log("no crossbeam column: crossbeam-channel is not in %s (Debian: "
            "librust-crossbeam-channel-dev)" % DEBIAN_CRATES)
        return None
    log("building the crossbeam twin (%s)" % RUST_DIR)
    try:
        run(["cargo", "build", "--release", "--offline", "--quiet",
             "--target-dir", target_dir], cwd=RUST_DIR)
    except (RuntimeError, OSError) as e:
        log("no crossbeam column: the twin did not build: %s" % e)
        return None
    return os.path.join(target_dir, "release", "crossbeam-twin")


# Timer lateness shapes (timer_bench.cc) report three figures, one row each.
_LATENESS = (("median", "lateness_median_ns"), ("p99", "lateness_p99_ns"),
             ("max", "lateness_max_ns"))


def value_of(entry):
    """(value, unit) of one JSON benchmark entry, Go's ns/op or B/op."""
    if "bytes_per_op" in entry:
        return float(entry["bytes_per_op"]), "B/op"
    if "ns_per_op" in entry:
        return float(entry["ns_per_op"]), "ns/op"
    return float(entry["real_time"]) * _NS_PER_UNIT[entry["time_unit"]], "ns/op"


def values_of(entry):
    """[(row suffix, value, unit)] of one entry: one row, or a lateness
    shape's median, p99 and max ("ns late")."""
    if "lateness_p99_ns" in entry:
        return [(" " + label, float(entry[key]), "ns late")
                for label, key in _LATENESS]
    return [("",) + value_of(entry)]


def run_shape(exe, shape, size_args, min_time, env, timeout):
    regex = "^%s(/|$)" % re.escape(shape)
    out = run([exe] + size_args + ["--benchmark_filter=" + regex,
                                   "--benchmark_format=json",
                                   "--benchmark_min_time=%g" % min_time],
              env=env, timeout=timeout)
    entries = [e for e in json.loads(out)["benchmarks"]
               if e.get("run_type", "iteration") == "iteration" and
               shape_name(e["name"]) == shape]
    if len(entries) != 1:
        raise RuntimeError("%s: expected one result for %s, got %d" %
                           (exe, shape, len(entries)))
    if entries[0].get("error_occurred"):
        raise RuntimeError("%s: %s: %s" % (exe, shape,
                                           entries[0].get("error_message")))
    return values_of(entries[0])


def list_shapes(exe, size_args, env):
    out = run([exe] + size_args + ["--benchmark_list_tests=true"], env=env)
    return [shape_name(line.strip()) for line in out.splitlines() if line.strip()]


def machine_info(cpp_exe):
    info = {"nproc": os.cpu_count(), "cpu": platform.processor() or "?"}
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    info["cpu"] = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        info["go"] = run(["go", "version"]).strip()
    except (RuntimeError, OSError):
        info["go"] = "?"
    info["compiler"] = "?"
    d = os.path.dirname(os.path.abspath(cpp_exe))
    while d != os.path.dirname(d):
        cache = os.path.join(d, "CMakeCache.txt")
        if os.path.exists(cache):
            with open(cache) as f:
                m = re.search(r"^CMAKE_CXX_COMPILER:\w+=(.*)$", f.read(), re.M)
            if m:
                try:
                    info["compiler"] = run([m.group(1), "--version"]).splitlines()[0]
                except (RuntimeError, OSError):
                    pass
            with open(cache) as f:
                m = re.search(r"^CMAKE_BUILD_TYPE:\w+=(.*)$", f.read(), re.M)
            info["build_type"] = m.group(1) if m else "?"
            break
        d = os.path.dirname(d)
    info["kernel"] = platform.release()
    return info


def fmt_num(v):
    if v is None:
        return "-"
    if v == 0:
        return "0"
    a = abs(v)
    if a >= 1e6:
        return "%.3g M" % (v / 1e6) if a < 1e9 else "%.3g G" % (v / 1e9)
    if a >= 100:
        return "%.0f" % v
    if a >= 10:
        return "%.1f" % v
    return "%.2f" % v


def summarize(vals):
    if not vals:
        return None
    return {"median": statistics.median(vals), "min": min(vals),
            "max": max(vals)}


def ratio_of(c, g):
    if c and g and g["median"] > 0 and c["median"] >= 0:
        return c["median"] / g["median"]
    return None


def cell(s):
    return "-" if s is None else "%s (%s–%s)" % (
        fmt_num(s["median"]), fmt_num(s["min"]), fmt_num(s["max"]))


# The peers C++ is compared with: (key in a result, label).
PEERS = (("go", "Go"), ("cb", "crossbeam"))


def table_header(with_cb):
    """The columns: per form, C++ and each peer with C++'s ratio to it (the
    thread form has no Go twin); then the best peer of the row's first form
    and C++'s ratio to it."""
    header = ["shape", "unit"]
    for form, _, label in FORMS:
        header.append("%s: C++" % label)
        for key, peer in PEERS:
            if (key == "go" and form == "thread") or (key == "cb" and not with_cb):
                continue
            header += ["%s: %s" % (label, peer), "%s: C++/%s" % (label, peer)]
    return header + ["best peer", "C++/best"]


def table_rows(results, with_cb):
    """One row per shape (and row suffix): every form side by side, main-side
    shapes first, each group in the order its shapes ran."""
    rows, index = [], {}
    for r in results:
        key = (r["base"], r["suffix"])
        if key not in index:
            index[key] = {"name": r["base"] + r["suffix"], "unit": r["unit"],
                          "forms": {}, "order": len(index)}
        index[key]["forms"][r["form"]] = r
    for row in sorted(index.values(),
                      key=lambda x: ("main" not in x["forms"], x["order"])):
        out = [row["name"], row["unit"]]
        best = None  # (median, label, ratio) of the first form with a peer
        for form, _, _ in FORMS:
            r = row["forms"].get(form)
            c = summarize(r["cpp"]) if r else None
            out.append(cell(c))
            for key, peer in PEERS:
                if (key == "go" and form == "thread") or (key == "cb" and not with_cb):
                    continue
                p = summarize(r.get(key, [])) if r else None
                ratio = ratio_of(c, p)
                out += [cell(p), "-" if ratio is None else "%.2f" % ratio]
                if ratio is not None and (best is None or (
                        best[3] == form and p["median"] < best[0])):
                    best = (p["median"], peer, ratio, form)
        out += ["-", "-"] if best is None else [best[1], "%.2f" % best[2]]
        rows.append(out)
    return rows


def legend(reps, with_cb):
    """What the table's columns and figures mean: [(term, meaning)]."""
    return [
        ("shape", "what is measured (benchmarks/README.md, \"The shapes\"); "
                  "a name ending in median, p99 or max is that figure of a "
                  "timer lateness shape"),
        ("unit", "ns/op: nanoseconds per operation (a message, a round trip, "
                 "a spawn and join...); B/op: bytes per object, per parked "
                 "goroutine, or (mem/flat) heap growth per repetition; "
                 "ns late: how long after its due time a timer fired. "
                 "Lower is better in every unit"),
        ("main, goroutine, std::thread",
         "where the C++ code runs: in main itself (goroutine 1; Go: the main "
         "goroutine; crossbeam: the main thread), in a goroutine main starts "
         "(crossbeam: a thread), on a plain std::thread (crossbeam: one "
         "thread against another; no Go twin)"),
        ("C++, Go, crossbeam", "the median of %d run%s per side, each a "
                               "fresh process, with the lowest and highest "
                               "run in parentheses (min–max); M = million" % (
                                   reps, "" if reps == 1 else "s")),
        ("C++/Go, C++/crossbeam", "C++'s median divided by the peer's: below "
                                  "1 C++ is faster (or smaller), 0.50 = twice "
                                  "as fast, 2.00 = twice as slow"),
        ("best peer, C++/best",
         ("the faster of Go and crossbeam" if with_cb else
          "Go (the only peer in this run)") +
         " in the first of the row's forms that has a peer, and C++'s "
         "ratio to it"),
        ("-", "not measured: no such form, no twin, a failed run, or a ratio "
              "of a negative figure"),
    ]


def text_legend(entries):
    lines = ["Legend:"]
    for term, meaning in entries:
        lines += textwrap.wrap("%s — %s" % (term, meaning), width=79,
                               initial_indent="  ", subsequent_indent="      ")
    return "\n".join(lines)


def text_table(header, rows):
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
    fmt = lambda row: "  ".join(str(x).ljust(w) for x, w in zip(row, widths))
    lines = [fmt(header), fmt(["-" * w for w in widths])]
    lines += [fmt(r) for r in rows]
    return "\n".join(lines)


def markdown_table(header, rows):
    lines = ["| " + " | ".join(header) + " |",
             "| " + " | ".join(["---"] * 2 + ["---:"] * (len(header) - 2)) +
             " |"]
    for r in rows:
        lines.append("| " + " | ".join("`%s`" % r[0] if i == 0 else str(x)
                                       for i, x in enumerate(r)) + " |")
    return "\n".join(lines)


def svg_chart(results, title):
    """Horizontal bars per shape, C++ beside its peers (Go, and crossbeam
    where it ran), log-scale ns/op axis."""
    rows = [r for r in results
            if r["unit"] == "ns/op" and r["cpp"] and (r["go"] or r["cb"])]
    if not rows:
        return None
    sides = (("cpp", "#1f77b4", "C++"), ("go", "#ff7f0e", "Go"),
             ("cb", "#2ca02c", "crossbeam"))
    meds = [statistics.median(r[k]) for r in rows for k, _, _ in sides if r[k]]
    meds = [m for m in meds if m > 0]
    lo = 10 ** math.floor(math.log10(min(meds)))
    hi = 10 ** math.ceil(math.log10(max(meds)))
    if hi <= lo:
        hi = lo * 10
    label_w, plot_w, bar_h, gap, top = 230, 560, 9, 8, 50
    row_h = 3 * bar_h + gap
    width = label_w + plot_w + 80
    height = top + row_h * len(rows) + 40
    x = lambda v: label_w + plot_w * (math.log10(max(v, lo)) - math.log10(lo)) / (
        math.log10(hi) - math.log10(lo))
    esc = lambda s: (s.replace("&", "&amp;").replace("<", "&lt;")
                     .replace(">", "&gt;"))
    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
           'font-family="sans-serif" font-size="11">' % (width, height),
           '<rect width="100%" height="100%" fill="white"/>',
           '<text x="10" y="18" font-size="14" font-weight="bold">%s</text>'
           % esc(title),
           '<rect x="%d" y="26" width="10" height="10" fill="#1f77b4"/>'
           '<text x="%d" y="35">C++ (golang-cpp)</text>' % (label_w, label_w + 14),
           '<rect x="%d" y="26" width="10" height="10" fill="#ff7f0e"/>'
           '<text x="%d" y="35">Go</text>' % (label_w + 120, label_w + 134),
           '<rect x="%d" y="26" width="10" height="10" fill="#2ca02c"/>'
           '<text x="%d" y="35">crossbeam</text>' % (label_w + 170, label_w + 184),
           '<text x="%d" y="35" fill="#555">ns/op, log scale; '
           'shorter is faster</text>' % (label_w + 260)]
    decade = lo
    while decade <= hi * 1.0001:
        xx = x(decade)
        out.append('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#ddd"/>'
                   % (xx, top - 4, xx, height - 30))
        out.append('<text x="%.1f" y="%d" text-anchor="middle" fill="#555">'
                   '%s</text>' % (xx, height - 16, fmt_num(decade)))
        decade *= 10
    for i, r in enumerate(rows):
        y = top + i * row_h
        out.append('<text x="%d" y="%d" text-anchor="end">%s</text>'
                   % (label_w - 6, y + bar_h + 4, esc(r["shape"])))
        for j, (k, color, side) in enumerate(sides):
            if not r[k]:
                continue
            m = statistics.median(r[k])
            yy = y + j * bar_h
            out.append('<rect x="%d" y="%d" width="%.1f" height="%d" '
                       'fill="%s"><title>%s %s: %s ns/op</title></rect>'
                       % (label_w, yy, max(x(m) - label_w, 1), bar_h - 1,
                          color, esc(r["shape"]), side, fmt_num(m)))
            out.append('<text x="%.1f" y="%d" fill="#333" font-size="9">%s'
                       '</text>' % (x(m) + 3, yy + bar_h - 1, fmt_num(m)))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true",
                    help="the quick subset at small sizes (< 1 minute)")
    ap.add_argument("--filter", default=None,
                    help="regex over shape names (default: all, or the "
                         "quick subset)")
    ap.add_argument("--repetitions", type=int, default=None,
                    help="runs per shape per language (default 3)")
    ap.add_argument("--gomaxprocs", type=int, default=None,
                    help="GOMAXPROCS for both sides (default: unset = nproc)")
    ap.add_argument("--min-time", type=float, default=None,
                    help="seconds per b.N-style shape (default 0.5; quick 0.05)")
    ap.add_argument("--cpp-binary", default=None,
                    help="a built golang_benchmarks (default: build it)")
    ap.add_argument("--build-dir", default=os.path.join(REPO, "build-bench"),
                    help="CMake build dir used when --cpp-binary is not given")
    ap.add_argument("--results", default=os.path.join(REPO, "build", "results"),
                    help="output folder (default <repo>/build/results)")
    ap.add_argument("--no-crossbeam", action="store_true",
                    help="leave out the crossbeam twin even where cargo is")
    ap.add_argument("--timeout", type=float, default=600,
                    help="seconds before one run is abandoned")
    for flag in SIZE_FLAGS:
        ap.add_argument("--" + flag, type=int, default=None,
                        help="size override passed to both sides")
    args = ap.parse_args()

    reps = args.repetitions or 3
    min_time = args.min_time or (0.05 if args.quick else 0.5)
    size_args = ["--quick"] if args.quick else []
    for flag in SIZE_FLAGS:
        if getattr(args, flag) is not None:
            size_args.append("--%s=%d" % (flag, getattr(args, flag)))
    env = dict(os.environ)
    if args.gomaxprocs:
        env["GOMAXPROCS"] = str(args.gomaxprocs)

    os.makedirs(args.results, exist_ok=True)
    cpp = args.cpp_binary or build_cpp(args.build_dir)
    gob = build_go(args.results)
    cbb = None if args.no_crossbeam else build_rust(
        os.path.join(args.build_dir, "rust"))

    cpp_shapes = list_shapes(cpp, size_args, env)
    go_shapes = set(list_shapes(gob, size_args, env))
    cb_shapes = set(list_shapes(cbb, size_args, env)) if cbb else set()
    # The thread/ forms have no Go twin by design: they run on the C++ side
    # only. Any other shape without a twin is reported and left out.
    shapes = [s for s in cpp_shapes
              if s in go_shapes or split_form(s)[0] == "thread"]
    missing = [s for s in cpp_shapes if s not in shapes]
    if missing:
        log("no Go twin for: " + ", ".join(missing))
    if args.filter:
        shapes = [s for s in shapes if re.search(args.filter, s)]
    elif args.quick:
        shapes = [s for s in shapes if s in QUICK_SHAPES]
    if not shapes:
        sys.exit("no shape matches")

    # The forms of one shape run together, interleaved: per repetition every
    # form, C++ then Go, so that a spell of load from other tenants falls on
    # all of them alike.
    groups = {}
    for s in shapes:
        groups.setdefault(split_form(s)[1], []).append(s)
    order = {form: i for i, (form, _, _) in enumerate(FORMS)}
    for members in groups.values():
        members.sort(key=lambda s: order[split_form(s)[0]])

    started = time.time()
    results = []
    for i, (base, members) in enumerate(groups.items()):
        rows = {}  # (shape, row suffix) -> row
        for _ in range(reps):
            for shape in members:
                sides = [("cpp", cpp)]
                if shape in go_shapes:
                    sides.append(("go", gob))
                if shape in cb_shapes:
                    sides.append(("cb", cbb))
                for key, exe in sides:
                    try:
                        for suffix, v, unit in run_shape(exe, shape, size_args,
                                                         min_time, env,
                                                         args.timeout):
                            r = rows.setdefault((shape, suffix), {
                                "shape": shape + suffix, "base": base,
                                "form": split_form(shape)[0],
                                "suffix": suffix, "cpp": [], "go": [],
                                "cb": [], "unit": unit})
                            r[key].append(v)
                    except (RuntimeError, subprocess.TimeoutExpired) as e:
                        log("FAILED %s %s: %s" % (key, shape, e))
        for shape in members:
            if not any(k[0] == shape for k in rows):
                rows[(shape, "")] = {
                    "shape": shape, "base": base, "form": split_form(shape)[0],
                    "suffix": "", "cpp": [], "go": [], "cb": [],
                    "unit": "ns/op"}
        for r in rows.values():
            results.append(r)
            c, g, b = (summarize(r[k]) for k in ("cpp", "go", "cb"))
            log("[%d/%d %4.0fs] %-38s C++ %10s  Go %10s  crossbeam %10s %s" % (
                i + 1, len(groups), time.time() - started, r["shape"],
                fmt_num(c and c["median"]), fmt_num(g and g["median"]),
                fmt_num(b and b["median"]), r["unit"]))

    # Main-side shapes first, as in the table; then the order they ran in.
    has_main = {r["base"] for r in results if r["form"] == "main"}
    results.sort(key=lambda r: r["base"] not in has_main)

    info = machine_info(cpp)
    info["gomaxprocs"] = env.get("GOMAXPROCS", "unset (= nproc)")
    info["sizes"] = " ".join(size_args) or "full (defaults)"
    info["repetitions"] = reps
    info["min_time"] = min_time
    info["date"] = datetime.datetime.now().isoformat(timespec="seconds")
    info["elapsed_s"] = round(time.time() - started, 1)
    info["crossbeam"] = "crossbeam-channel (benchmarks/rust)" if cbb else "not run"
    with_cb = any(r["cb"] for r in results)
    header = table_header(with_cb)
    rows = table_rows(results, with_cb)
    machine = ("%(nproc)s CPUs, %(cpu)s; %(go)s; %(crossbeam)s; %(compiler)s "
               "(%(build_type)s); Linux %(kernel)s; GOMAXPROCS %(gomaxprocs)s; "
               "sizes: %(sizes)s; %(repetitions)s runs per side, interleaved; "
               "%(date)s, %(elapsed_s)s s" % dict(info, build_type=info.get(
                   "build_type", "?")))
    print(text_table(header, rows))
    print("\n" + text_legend(legend(reps, with_cb)))
    print("\n" + machine)

    md = ["# golang-cpp vs Go and crossbeam-channel: benchmark comparison", "",
          machine, ""]
    md += ["- `%s` — %s." % e for e in legend(reps, with_cb)]
    md += ["", markdown_table(header, rows), ""]
    md_path = os.path.join(args.results, "bench_compare.md")
    with open(md_path, "w") as f:
        f.write("\n".join(md))
    svg = svg_chart(results, "golang-cpp vs Go and crossbeam (%s)" % (
        "quick" if args.quick else "full"))
    svg_path = os.path.join(args.results, "bench_compare.svg")
    if svg:
        with open(svg_path, "w") as f:
            f.write(svg)
    with open(os.path.join(args.results, "bench_compare.json"), "w") as f:
        json.dump({"machine": info, "results": results}, f, indent=1)
    log("wrote %s, %s, bench_compare.json" % (md_path, svg_path))


if __name__ == "__main__":
    main()
