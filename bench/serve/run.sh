#!/usr/bin/env bash
# bench/serve/run.sh [DOCS] — save-to-reload latency of `planpress serve`.
#
# Measures, on a copy of the bundled example and on a generated DOCS-document corpus
# (default 1000, bench/gen_corpus.py), the time from writing a document to the held
# live-reload request answering with the new generation, and, when Chromium and
# tests/serve_e2e/node_modules are there, to the open page showing the new text (updated in
# place by its live-reload script, or its `load` after a full reload; see serve_latency.mjs).
# Median, p90 and max of SAVES saves (default 25) each, printed and appended to
# bench/serve/results.tsv. Target (DESIGN.md): under 100 ms median on 1,000 documents.
#
# EDIT=item changes a list item's text instead of adding a sentence to the body, so that the
# index pages change too, and also measures the time to the generation that reports them.
#
# Environment: PLANPRESS (target/release/planpress), SAVES (25), SEED (1), EDIT (text),
#              LABEL (added to the site's name in the results, e.g. the binary's commit),
#              BENCH_DIR (/dev/shm/planpress-serve-bench), CHROMIUM (chromium on PATH; "" for none).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
DOCS=${1:-1000}
PLANPRESS=${PLANPRESS:-$REPO/target/release/planpress}
SAVES=${SAVES:-25}
SEED=${SEED:-1}
EDIT=${EDIT:-text}
WORK=${BENCH_DIR:-/dev/shm/planpress-serve-bench}
CHROMIUM=${CHROMIUM-$(command -v chromium || true)}

[ -x "$PLANPRESS" ] || { echo "serve bench: build it first: cargo build --release" >&2; exit 1; }
if [ -n "$CHROMIUM" ] && [ ! -d "$REPO/tests/serve_e2e/node_modules/chrome-remote-interface" ]; then
    echo "serve bench: no tests/serve_e2e/node_modules (npm ci there); measuring without the browser" >&2
    CHROMIUM=""
fi
BROWSER_ARGS=()
[ -n "$CHROMIUM" ] && BROWSER_ARGS=(--browser "$CHROMIUM")

mkdir -p "$WORK"
rm -rf "$WORK/example"
mkdir -p "$WORK/example"
cp -r "$REPO/site.toml" "$REPO/content" "$REPO/themes" "$WORK/example/"

CORPUS="$WORK/corpus-$DOCS"
if [ ! -d "$CORPUS/content" ]; then
    python3 "$REPO/bench/gen_corpus.py" --docs "$DOCS" --seed "$SEED" --out "$CORPUS" >&2
fi
rm -rf "$CORPUS/themes"
cp -r "$REPO/themes" "$CORPUS/themes"

stamp=$(date -u +%Y-%m-%dT%H:%MZ)
for site in "$WORK/example" "$CORPUS"; do
    name=$(basename "$site")
    [ "$EDIT" = text ] || name="$name ($EDIT edit)"
    [ -z "${LABEL:-}" ] || name="$name ($LABEL)"
    node "$HERE/serve_latency.mjs" --bin "$PLANPRESS" --site "$site" --saves "$SAVES" \
        --label "$name" --edit "$EDIT" "${BROWSER_ARGS[@]}" | tee /dev/stderr | sed "s/^/$stamp\t/" >> "$HERE/results.tsv"
done
