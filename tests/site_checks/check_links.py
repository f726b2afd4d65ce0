#!/usr/bin/env python3
"""Check every internal link and fragment anchor of a served site with Debian's
linkchecker (AnchorCheck plugin enabled).

    python3 check_links.py --url http://127.0.0.1:PORT/planer/ \
        [--also http://127.0.0.1:PORT/planer/sitemap.xml] [--feed http://127.0.0.1:PORT/planer/atom.xml]

The site must already be served at --url (serve.py does that). Every URL on
the same origin (scheme://host:port/) counts as internal and is checked, also
those outside the base path, so a link that forgets the base path is caught.
External URLs are not fetched (the machine has no internet). --also adds
start URLs (linkchecker reads XML sitemaps too); --feed reads an Atom feed and
checks every link in it.

Exit status 0 when no link is broken and no anchor is missing, 1 when some
are (each printed on stdout with page, line, column, link text and reason),
2 when linkchecker itself could not run.
"""
import argparse
import csv
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request

CONFIG = """\
[checking]
threads={threads}
recursionlevel=-1
maxrequestspersecond=1000
timeout=30
[filtering]
checkextern=0
internlinks=^{origin}
[output]
warnings=1
[AnchorCheck]
"""

ANCHOR_RE = re.compile(r"Anchor `(?P<name>[^']*)'.* not found\.")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--url", required=True, help="start URL (the served site's home page)")
    ap.add_argument("--linkchecker", default=shutil.which("linkchecker") or "linkchecker")
    ap.add_argument("--also", action="append", default=[], help="another start URL (e.g. sitemap.xml)")
    ap.add_argument("--feed", action="append", default=[], help="an Atom feed whose links are checked")
    ap.add_argument("--threads", type=int, default=4)
    ap.add_argument("--timeout", type=int, default=600, help="seconds for the whole run")
    ap.add_argument("--strict-warnings", action="store_true",
                    help="count every linkchecker warning as a failure, not only missing anchors")
    args = ap.parse_args()

    parts = urllib.parse.urlsplit(args.url)
    origin = f"{parts.scheme}://{parts.netloc}/"
    base = args.url if args.url.endswith("/") else args.url + "/"

    # linkchecker reads its config as the calling user, then (as root) drops
    # privileges to nobody; keep the file world-readable anyway.
    fd, cfg = tempfile.mkstemp(prefix="planpress-linkchecker-", suffix=".rc")
    with os.fdopen(fd, "w") as f:
        f.write(CONFIG.format(threads=args.threads, origin=re.escape(origin)))
    os.chmod(cfg, 0o644)
    starts = [args.url] + args.also
    from_feed = {}
    for feed in args.feed:
        try:
            with urllib.request.urlopen(feed, timeout=30) as r:
                xml = r.read().decode("utf-8", "replace")
        except OSError as e:
            print(f"BROKEN LINK   feed {feed}: {e}")
            return 1
        for href in re.findall(r"<link\b[^>]*\bhref=\"([^\"]+)\"", xml):
            href = urllib.parse.urljoin(feed, href.replace("&amp;", "&"))
            if href.startswith(origin) and href != feed and href not in starts:
                starts.append(href)
                from_feed[href] = feed
    cmd = [args.linkchecker, "--config", cfg, "--no-robots", "--no-status",
           "--verbose", "--output", "csv/utf-8"] + starts
    try:
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              timeout=args.timeout)
    except FileNotFoundError:
        print(f"linkchecker not found: {args.linkchecker}", file=sys.stderr)
        return 2
    except subprocess.TimeoutExpired:
        print(f"linkchecker did not finish within {args.timeout}s", file=sys.stderr)
        return 2
    finally:
        os.unlink(cfg)

    out = proc.stdout.decode("utf-8", "replace")
    err = proc.stderr.decode("utf-8", "replace")
    lines = out.splitlines()
    try:
        header = next(i for i, l in enumerate(lines) if l.startswith("urlname;parentname;"))
    except StopIteration:
        print(f"linkchecker produced no CSV output (exit {proc.returncode}): {' '.join(cmd)}",
              file=sys.stderr)
        print(err[-4000:], file=sys.stderr)
        return 2
    body = [l for l in lines[header:] if not l.startswith("# Stopped checking at ")]
    rows = list(csv.DictReader(io.StringIO("\n".join(body)), delimiter=";"))

    def page(url):
        if not url:
            return "(start URL)"
        if url.startswith(base):
            return "/" + url[len(base):] if url != base else "/ (home page)"
        if url.startswith(origin):
            return url[len(origin) - 1:] + "  [outside the site's base path]"
        return url

    failures = []
    notes = []
    checked = 0
    for r in rows:
        checked += 1
        valid = r.get("valid", "") == "True"
        warning = (r.get("warningstring") or "").strip()
        parent = r.get("parentname") or ""
        if parent:
            where = f"page {page(parent)}"
        elif r.get("url") in from_feed:
            where = f"feed {page(from_feed[r['url']])}"
        else:
            where = "start URL"
        if r.get("line"):
            where += f" line {r['line']}, col {r.get('column', '?')}"
        link = r.get("urlname", "")
        text = (r.get("name") or "").strip()
        target = r.get("url", "")
        elem = f'<a href="{link}">{text}</a>' if text and parent else f'"{link}"'
        if not valid:
            failures.append(f"BROKEN LINK   {where}: {elem} -> {page(target)}: {r.get('result', '')}")
        elif warning and ANCHOR_RE.search(warning):
            anchor = ANCHOR_RE.search(warning).group("name")
            failures.append(f"MISSING ANCHOR {where}: {elem} -> no id=\"{anchor}\" on {page(target.split('#')[0])}")
        elif warning:
            msg = f"WARNING       {where}: {elem} -> {page(target)}: {warning}"
            (failures if args.strict_warnings else notes).append(msg)

    for n in notes:
        print(n)
    for f in failures:
        print(f)
    print(f"linkchecker checked {checked} links from {args.url}: "
          f"{len(failures)} broken, {len(notes)} other warnings")
    if checked <= 1:
        print("linkchecker found no links at all: is the home page empty or not HTML?", file=sys.stderr)
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
