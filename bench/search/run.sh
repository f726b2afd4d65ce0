#!/usr/bin/env bash
# The search benchmark (bench/search/README.md): for each corpus size, generate the corpus,
# build it with planpress (PLANPRESS_TIMINGS=1), index the same built site's document pages
# with Pagefind's CLI, serve it gzip-compressed, and run the fixed queries in headless
# Chromium at 390 px for both, unthrottled and on slow 4G with a 4× slower CPU.
#
#   bench/search/run.sh            # 1000 and 10000 documents
#   bench/search/run.sh 1000       # one size
#
# Needs python3, node, chromium (CHROMIUM=…), target/release/planpress (PLANPRESS=…), and
# runs `npm ci` here on the first run (pagefind, playwright-core). Writes
# bench/search/results.md and the raw JSON beside it under $WORK.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
WORK=${WORK:-/dev/shm/planpress-bench/search}
PLANPRESS=${PLANPRESS:-$REPO/target/release/planpress}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
PORT=${PORT:-8931}
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(1000 10000)
mkdir -p "$WORK"
[ -x "$PLANPRESS" ] || { echo "no $PLANPRESS: cargo build --release" >&2; exit 1; }
[ -d "$HERE/node_modules/pagefind" ] || (cd "$HERE" && npm ci --no-audit --no-fund)

for n in "${SIZES[@]}"; do
    site="$WORK/corpus-$n"
    out="$WORK/public-$n"
    if [ ! -d "$site" ]; then
        python3 "$REPO/bench/gen_corpus.py" --docs "$n" --out "$site.tmp"
        mv "$site.tmp" "$site"
    fi
    rm -rf "$site/themes" && cp -r "$REPO/themes" "$site/themes"
    rm -rf "$out"
    /usr/bin/time -f "%e %M" -o "$WORK/build-$n.time" \
        env PLANPRESS_TIMINGS=1 "$PLANPRESS" build --root "$site" --output "$out" \
        --base-url "http://127.0.0.1:$PORT/" >/dev/null 2>"$WORK/timings-$n.txt"
    # Pagefind on the document pages only: <organisation>/<document>/index.html.
    orgs=$(cd "$site/content" && find . -mindepth 1 -maxdepth 1 -type d -printf '%f,' | sed 's/,$//')
    /usr/bin/time -f "%e %M" -o "$WORK/pagefind-$n.time" \
        "$HERE/node_modules/.bin/pagefind" --site "$out" --glob "{$orgs}/*/index.html" \
        --force-language sv --quiet
    mkdir -p "$out/pagefind-bench"
    cp "$HERE/pagefind.html" "$out/pagefind-bench/index.html"
    node "$HERE/serve.mjs" "$out" "$PORT" > "$WORK/serve.log" 2>&1 &
    server=$!
    trap 'kill $server 2>/dev/null || true' EXIT
    sleep 1
    for mode in fast slow; do
        flag=""
        [ "$mode" = slow ] && flag="--throttle"
        node "$HERE/measure.mjs" --base "http://127.0.0.1:$PORT" --queries "$HERE/queries.txt" \
            --chromium "$CHROMIUM" $flag > "$WORK/measure-$n-$mode.json"
    done
    kill "$server" 2>/dev/null || true
    trap - EXIT
    du -sb "$out/sok" | cut -f1 > "$WORK/index-$n.bytes"
    du -sb "$out/pagefind" | cut -f1 > "$WORK/pagefind-$n.bytes"
done
python3 "$HERE/report.py" "$WORK" "${SIZES[@]}" > "$HERE/results.md"
cat "$HERE/results.md"
