#!/usr/bin/env python3
"""Writes src/render/theme/history.txt: the fingerprint of every version of every file of
themes/default/ that git history holds, so that planpress can tell a site's copy of an
older bundled file (safe to replace: `planpress update-theme`) from a file the site
changed (kept). Run from the repository root after changing the theme; the test
`render::theme::history::tests::every_bundled_file_is_in_the_history` says when.

The fingerprint is 64-bit FNV-1a over the file's bytes (`history::fingerprint`).
"""
import os
import subprocess
import sys

PREFIX = "themes/default/"


def fnv1a64(data: bytes) -> int:
    h = 0xCBF29CE484222325
    for b in data:
        h ^= b
        h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def main() -> None:
    raw = subprocess.run(
        ["git", "log", "--format=", "--raw", "--no-abbrev", "--", PREFIX],
        check=True, capture_output=True, text=True).stdout
    pairs = set()
    for line in raw.splitlines():
        if not line.startswith(":"):
            continue
        meta, *paths = line.split("\t")
        fields = meta.split()
        old_blob, new_blob = fields[2], fields[3]
        # A rename or copy names the old path then the new one.
        old_path, new_path = paths[0], paths[-1]
        for blob, path in ((old_blob, old_path), (new_blob, new_path)):
            if set(blob) != {"0"} and path.startswith(PREFIX):
                pairs.add((path[len(PREFIX):], blob))
    batch = subprocess.Popen(["git", "cat-file", "--batch"], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE)
    lines = set()
    for rel, blob in sorted(pairs):
        batch.stdin.write(blob.encode() + b"\n")
        batch.stdin.flush()
        header = batch.stdout.readline().split()
        size = int(header[2])
        data = batch.stdout.read(size)
        batch.stdout.read(1)
        lines.add(f"{rel}\t{fnv1a64(data):016x}")
    batch.stdin.close()
    batch.wait()
    # The files as they are now, committed or not: the version this planpress bundles.
    # (build.rs embeds the same files: all but editors' backups and swap files.)
    for folder, _, names in os.walk(PREFIX):
        for name in names:
            if name.endswith("~") or ".swp" in name:
                continue
            path = os.path.join(folder, name)
            with open(path, "rb") as f:
                lines.add(f"{os.path.relpath(path, PREFIX)}\t{fnv1a64(f.read()):016x}")
    out = "src/render/theme/history.txt"
    with open(out, "w") as f:
        f.write("# Every version of every file of themes/default/ in git history: path, FNV-1a 64.\n")
        f.write("# Written by tools/theme_history.py; read by src/render/theme/history.rs.\n")
        for line in sorted(lines):
            f.write(line + "\n")
    print(f"{out}: {len(lines)} versions", file=sys.stderr)


if __name__ == "__main__":
    main()
