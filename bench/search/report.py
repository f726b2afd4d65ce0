#!/usr/bin/env python3
"""Writes bench/search/results.md from what run.sh left in WORK: per corpus size, the build
(wall, peak RSS, the search stage from PLANPRESS_TIMINGS), the index on disk beside
Pagefind's, and per query the bytes received before the first result and the time to it,
for planpress and Pagefind side by side, unthrottled and on slow 4G with a 4x slower CPU.

    python3 report.py WORK 1000 10000
"""
import json
import re
import statistics
import sys
from pathlib import Path


def timings(path):
    marks = {}
    for line in path.read_text().splitlines():
        m = re.match(r"timings:\s+([\d.]+) ms.*MB peak since last mark\s+(.*)$", line)
        if m:
            marks[m.group(2).strip()] = float(m.group(1))
    return marks


def main():
    work = Path(sys.argv[1])
    sizes = sys.argv[2:]
    out = ["# Search benchmark", "",
           "Written by `bench/search/run.sh` (see bench/search/README.md). Bytes: what came over",
           "the wire (gzip) from opening the search page to the first result shown, without the",
           "HTML page and its stylesheet; time: from the query to the first result. Each query in a",
           "fresh browser context (cold cache), Chromium at 390 px. Slow: Lighthouse's slow 4G",
           "(150 ms, 1.6 Mbit/s) and a 4x slower CPU.", ""]
    for n in sizes:
        wall, rss = (work / f"build-{n}.time").read_text().split()
        pf_wall, pf_rss = (work / f"pagefind-{n}.time").read_text().split()
        marks = timings(work / f"timings-{n}.txt")
        search_ms = marks.get("search index assembled", 0) - marks.get("exports", 0)
        total_ms = marks.get("exit", float(wall) * 1000)
        ours_disk = int((work / f"index-{n}.bytes").read_text())
        pf_disk = int((work / f"pagefind-{n}.bytes").read_text())
        out += [f"## {n} documents", "",
                "| | planpress | Pagefind |", "|---|---|---|",
                f"| indexing | search stage {search_ms:.0f} ms of a {total_ms:.0f} ms build "
                f"({100 * search_ms / total_ms:.0f} %), build peak {int(rss) // 1024} MB | "
                f"CLI {float(pf_wall):.1f} s, {int(pf_rss) // 1024} MB peak |",
                f"| index on disk | {ours_disk / 1e6:.1f} MB | {pf_disk / 1e6:.1f} MB |"]
        rows = {}
        for mode in ("fast", "slow"):
            data = json.loads((work / f"measure-{n}-{mode}.json").read_text())
            for side in ("planpress", "pagefind"):
                rows[f"{side} {mode}"] = data[side]

        def median(key, field):
            return statistics.median(r[field] for r in rows[key])

        out.append(f"| median KB before the first result | {median('planpress fast', 'bytes') / 1024:.0f} | "
                   f"{median('pagefind fast', 'bytes') / 1024:.0f} |")
        for mode in ("fast", "slow"):
            out.append(f"| median ms to the first result, {mode} | {median(f'planpress {mode}', 'ms'):.0f} | "
                       f"{median(f'pagefind {mode}', 'ms'):.0f} |")
        out += ["", "| query | planpress KB | Pagefind KB | planpress ms (slow) | Pagefind ms (slow) | planpress results | Pagefind results |",
                "|---|---|---|---|---|---|---|"]
        for i, run in enumerate(rows["planpress fast"]):
            pf = rows["pagefind fast"][i]
            ours_slow = rows["planpress slow"][i]
            pf_slow = rows["pagefind slow"][i]
            count = re.match(r"\d+", run["results"])
            out.append(f"| {run['query']} | {run['bytes'] / 1024:.0f} | {pf['bytes'] / 1024:.0f} | "
                       f"{ours_slow['ms']} | {pf_slow['ms']} | {count.group(0) if count else run['results']} | {pf['results']} |")
        out.append("")
    print("\n".join(out))


if __name__ == "__main__":
    main()
