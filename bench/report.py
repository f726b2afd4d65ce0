#!/usr/bin/env python3
"""Turns the raw timings of bench/run.sh into the Markdown report (bench/results.md).

Input: a TSV with one row per run (n, tool, run, wall_ms, user_s, sys_s, maxrss_kb, status);
run 0 is the untimed warm-up and is left out. Medians over the timed runs; peak RSS is the
largest over them. Stdlib only.
"""

import argparse
import csv
import datetime
import os
import platform
import re
import statistics
from pathlib import Path

HERE = Path(__file__).resolve().parent
TOOLS = ["planpress", "hugo", "zola", "floor"]
NAMES = {"planpress": "planpress", "hugo": "Hugo", "zola": "Zola", "floor": "floor",
         "copy": "`cp -r` of planpress's output"}


def load(raw):
    runs = {}
    with open(raw, newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            if row["run"] == "0":
                continue
            key = (row["n"], row["tool"])
            runs.setdefault(key, []).append(row)
    return runs


def stats(rows):
    ok = [r for r in rows if r["status"] == "ok"]
    if not ok:
        return None
    wall = [float(r["wall_ms"]) for r in ok]
    cpu = [(float(r["user_s"]) + float(r["sys_s"])) * 1000 for r in ok]
    return {
        "wall": statistics.median(wall), "wall_min": min(wall), "wall_max": max(wall),
        "cpu": statistics.median(cpu), "rss": max(int(r["maxrss_kb"]) for r in ok),
        "runs": len(ok), "failed": len(rows) - len(ok),
        "contended": sum(w > 1.25 * min(wall) + 5 for w in wall),
    }


def ms(x):
    if x is None:
        return "n/a"
    return f"{x / 1000:.2f} s" if x >= 10000 else f"{x:.0f} ms" if x >= 100 else f"{x:.1f} ms"


def mb(kb):
    return f"{kb / 1024:.0f} MB" if kb >= 10240 else f"{kb / 1024:.1f} MB"


def megabytes(size):
    if size is None:
        return ""
    return f"{size / 1e6:,.0f} MB" if size >= 1e7 else f"{size / 1e6:.1f} MB"


def ratio(a, b):
    return f"{a / b:.2f}×" if a and b else "n/a"


def cpu_model():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def mem_total():
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal"):
                return f"{int(line.split()[1]) / 1024 / 1024:.0f} GB"
    except OSError:
        pass
    return "?"


def corpus_bytes(corpus, n, seed):
    """Average bytes and total bytes of the planpress corpus's documents."""
    content = Path(corpus) / f"planpress-{n}-s{seed}" / "content"
    sizes = [p.stat().st_size for p in content.rglob("*.md")]
    return (sum(sizes) / len(sizes), sum(sizes)) if sizes else (None, None)


def load_now():
    try:
        return " ".join(open("/proc/loadavg").read().split()[:3])
    except OSError:
        return "?"


def pulldown_version():
    lock = HERE / "floor" / "Cargo.lock"
    m = re.search(r'name = "pulldown-cmark"\nversion = "([^"]+)"', lock.read_text()) \
        if lock.exists() else None
    return m.group(1) if m else "0.13"


# The budgets the open issues set (#19, #22), checked on this run.
HUGO_BUDGET, ZOLA_BUDGET, RSS_BUDGET_KB, SEARCH_SHARE_BUDGET = 0.33, 0.25, 1024 * 1024, 0.15


def stage_shares(path):
    """(search stage ms, build ms) of each PLANPRESS_TIMINGS run, by corpus size."""
    shares = {}
    if path and os.path.exists(path):
        for line in open(path):
            n, _, search, total = line.rstrip("\n").split("\t")
            shares.setdefault(n, []).append((float(search), float(total)))
    return shares


def budgets(sizes, get, shares):
    """The issues' budgets against this run's medians: one line each, met or not."""
    out = ["", "## Budgets", "",
           "The open issues' budgets (#19, #22), checked on this run's medians.", "",
           "| N docs | budget | this run | met |", "|---:|---|---:|:---:|"]

    def row(n, what, value, ok):
        out.append(f"| {int(n):,} | {what} | {value} | {'yes' if ok else '**no**'} |")

    for n in sizes:
        pp = get(n, "planpress", "wall")
        for tool, limit in (("hugo", HUGO_BUDGET), ("zola", ZOLA_BUDGET)):
            other = get(n, tool, "wall")
            if pp and other:
                row(n, f"wall ≤ {limit:.2f}× {NAMES[tool]}'s", f"{pp / other:.3f}×",
                    pp / other <= limit)
        rss = get(n, "planpress", "rss")
        if rss and int(n) >= 10000:
            row(n, "peak RSS under 1 GiB", mb(rss), rss < RSS_BUDGET_KB)
        runs = shares.get(n)
        if runs and int(n) >= 10000:
            ratios = sorted(search / total for search, total in runs)
            median = statistics.median(ratios)
            detail = ", ".join(f"{search:.0f} of {total:.0f} ms" for search, total in runs)
            row(n, f"search stage ≤ {SEARCH_SHARE_BUDGET:.0%} of the build",
                f"{median:.1%} ({detail})", median <= SEARCH_SHARE_BUDGET)
    return out


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--raw", required=True)
    p.add_argument("--pages", required=True)
    p.add_argument("--runs", required=True)
    p.add_argument("--seed", required=True)
    p.add_argument("--corpus", required=True)
    p.add_argument("--planpress-version", default="n/a")
    p.add_argument("--hugo-version", default="n/a")
    p.add_argument("--zola-version", default="n/a")
    p.add_argument("--load-start", default="?")
    p.add_argument("--stages", default="")
    a = p.parse_args()

    runs = load(a.raw)
    pages, written = {}, {}
    if os.path.exists(a.pages):
        for line in open(a.pages):
            n, tool, count, *size = line.rstrip("\n").split("\t")
            pages[(n, tool)] = count
            if size and size[0].isdigit():
                written[(n, tool)] = int(size[0])
    sizes = sorted({n for n, _ in runs if n != "example"}, key=int)
    st = {k: stats(v) for k, v in runs.items()}
    get = lambda n, t, f: (st.get((n, t)) or {}).get(f)  # noqa: E731

    out = ["# planpress benchmark results", ""]
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    out += [
        f"- date: {now}",
        f"- machine: {os.cpu_count()} CPUs (nproc), {cpu_model()}, {mem_total()} RAM, "
        f"{platform.system()} {platform.release()}",
        f"- planpress: {a.planpress_version}; Hugo: {a.hugo_version.split(' BuildDate')[0]}; "
        f"Zola: {a.zola_version}; floor: pulldown-cmark {pulldown_version()}, single-threaded",
        f"- runs: {a.runs} timed runs per tool and size after one untimed warm-up, tools "
        f"interleaved in one loop, cold output folder every run; medians of wall and CPU "
        f"(user+sys) time; peak RSS is the largest of the runs",
        f"- corpus: `bench/gen_corpus.py --seed {a.seed}`; everything on tmpfs (/dev/shm)",
        f"- load average (1, 5, 15 min) at start: {a.load_start}; at end: {load_now()} "
        f"(other processes on the machine make times noisier; ratios hold better)",
        "",
        "## Summary",
        "",
        "Medians; the ratio cells give median wall, median CPU and best-of-runs (min) wall. "
        "On a shared machine the min is the least disturbed run.",
        "",
        "| N docs | planpress wall / CPU | Hugo wall / CPU | Zola wall / CPU | floor wall / CPU "
        "| planpress ÷ Hugo (wall, CPU, min) | planpress ÷ Zola (wall, CPU, min) "
        "| planpress ÷ floor (wall, CPU, min) | peak RSS planpress / Hugo / Zola / floor |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for n in sizes:
        cells = [f"{int(n):,}"]
        for t in TOOLS:
            cells.append(f"{ms(get(n, t, 'wall'))} / {ms(get(n, t, 'cpu'))}")
        for t in ("hugo", "zola", "floor"):
            cells.append(f"{ratio(get(n, 'planpress', 'wall'), get(n, t, 'wall'))}, "
                         f"{ratio(get(n, 'planpress', 'cpu'), get(n, t, 'cpu'))}, "
                         f"{ratio(get(n, 'planpress', 'wall_min'), get(n, t, 'wall_min'))}")
        cells.append(" / ".join(mb(get(n, t, "rss")) if get(n, t, "rss") else "n/a"
                                for t in TOOLS))
        out.append("| " + " | ".join(cells) + " |")

    out += budgets(sizes, get, stage_shares(a.stages))

    out += ["", "## Per tool", "",
            "CPU ÷ wall is the parallelism a tool got out of the cores (the floor is "
            "single-threaded; below 1 means it waited, for the CPU or for I/O). Contended runs "
            "are those whose wall time exceeds the tool's own best run by over 25 %.",
            "",
            "| N docs | tool | wall median (min–max) | CPU median | CPU ÷ wall | docs/s "
            "| peak RSS | HTML files written | bytes written | contended runs | failed runs |",
            "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for n in sizes + (["example"] if any(k[0] == "example" for k in runs) else []):
        for t in TOOLS + ["copy"]:
            s = st.get((n, t))
            if (n, t) not in runs:
                continue
            if s is None:
                out.append(f"| {n} | {NAMES[t]} | failed | | | | | | | | {len(runs[(n, t)])} |")
                continue
            docs = int(n) if n != "example" and t != "copy" else None
            rate = f"{docs / (s['wall'] / 1000):,.0f}" if docs else ""
            par = f"{s['cpu'] / s['wall']:.2f}" if s["cpu"] else ""
            out.append(f"| {n if n == 'example' else f'{int(n):,}'} | {NAMES[t]} | "
                       f"{ms(s['wall'])} ({ms(s['wall_min'])}–{ms(s['wall_max'])}) | "
                       f"{ms(s['cpu'])} | {par} | {rate} | {mb(s['rss'])} | "
                       f"{pages.get((n, t), '')} | {megabytes(written.get((n, t)))} | "
                       f"{s['contended']} | {s['failed']} |")

    if any(get(n, "copy", "wall") for n in sizes):
        out += ["", "## What the floor leaves out", "",
                "The floor renders each document's Markdown and nothing else; planpress also "
                "writes the index pages, the search index, the open-data exports and the feeds. "
                "A single-threaded `cp -r` of planpress's output, tmpfs to tmpfs, shows what "
                "writing that much costs before any of it is computed.",
                "",
                "| N docs | planpress writes | floor writes | bytes ÷ floor "
                "| `cp -r` of planpress's output, wall / CPU | `cp -r` ÷ floor (wall) "
                "| planpress ÷ `cp -r` (wall) |",
                "|---:|---:|---:|---:|---:|---:|---:|"]
        for n in sizes:
            pp, fl = written.get((n, "planpress")), written.get((n, "floor"))
            out.append(f"| {int(n):,} | {megabytes(pp)} | {megabytes(fl)} | "
                       f"{ratio(pp, fl)} | {ms(get(n, 'copy', 'wall'))} / "
                       f"{ms(get(n, 'copy', 'cpu'))} | "
                       f"{ratio(get(n, 'copy', 'wall'), get(n, 'floor', 'wall'))} | "
                       f"{ratio(get(n, 'planpress', 'wall'), get(n, 'copy', 'wall'))} |")

    if ("example", "planpress") in runs:
        s = st.get(("example", "planpress"))
        f = st.get(("example", "floor"))
        out += ["", "## Bundled example (/work/main)", ""]
        if s:
            out.append(f"Full build of the bundled example site: median **{ms(s['wall'])}** wall "
                       f"({ms(s['wall_min'])}–{ms(s['wall_max'])}), {ms(s['cpu'])} CPU, "
                       f"peak RSS {mb(s['rss'])} over {s['runs']} runs "
                       f"(target: well under 100 ms); the floor takes {ms(f and f['wall'])}.")
        else:
            out.append("The build of the bundled example failed; see the log.")

    out += ["", "## Corpus", "", "| N docs | average document | total Markdown |",
            "|---:|---:|---:|"]
    for n in sizes:
        avg, total = corpus_bytes(a.corpus, n, a.seed)
        if avg:
            out.append(f"| {int(n):,} | {avg:,.0f} bytes | {total / 1024 / 1024:.1f} MB |")
    print("\n".join(out))


if __name__ == "__main__":
    main()
