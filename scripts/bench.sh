#!/usr/bin/env bash
# Benchmarks sheaf on the shared corpus (../shared/bench/), in one run:
#   1. sheaf beside Zola, Hugo and the pulldown-cmark floor (peers.sh), cold
#      builds, medians of RUNS, peak RSS, HTML files written;
#   2. the cost of evidence linking: the same corpus with every citation
#      stripped (and again with the bibliography stripped too), timed pair
#      by pair with farm-bench when it is installed, else hyperfine;
#   3. the cost of the readability check: the corpus as it is and with
#      [check] plain_language = false, pair by pair (PLAIN_RUNS pairs, 21
#      unless set; PLAIN=0 leaves it out);
#   4. a 100,000-page build (BIG=1) for time and peak RSS.
#
#   bash scripts/bench.sh                 # SIZES="1000 10000" RUNS=5
#   SIZES=10000 RUNS=5 BIG=1 bash scripts/bench.sh
#   CITATIONS=0 bash scripts/bench.sh     # without the citations-stripped timings
#   BEFORE=/path/to/old/sheaf bash scripts/bench.sh   # also old vs new, pair by pair
#
# Outputs go to tmpfs (OUT_BASE=/dev/shm/...) because disk writes on shared
# machines add seconds of noise. The peers are a benchmark dependency only.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=${BENCH:-$ROOT/../shared/bench}
WORK=${WORK:-/tmp/sheaf-bench}
export OUT_BASE=${OUT_BASE:-/dev/shm/sheaf-bench-out}
export SIZES=${SIZES:-"1000 10000"}
export RUNS=${RUNS:-5}
export WORK RES=${RES:-$WORK/results}
mkdir -p "$WORK" "$OUT_BASE" "$RES"

echo "== building sheaf (release)" >&2
cargo build --release --locked --manifest-path "$ROOT/Cargo.toml" >&2
export SHEAF=$ROOT/target/release/sheaf

echo "== peers (Zola, Hugo, floor) and sheaf" >&2
INCREMENTAL=${INCREMENTAL:-0} bash "$BENCH/peers.sh"

if [[ -n ${BEFORE:-} ]]; then
    # The same corpus built by an older binary and this one in the same
    # run, so a change is measured against the machine's drift.
    for n in $SIZES; do
        echo "== before vs after, N=$n" >&2
        hyperfine --warmup 1 --runs "$RUNS" \
            "$SHEAF build --quiet --root $WORK/corpus/sheaf-$n --output $OUT_BASE/after-$n" \
            "$BEFORE build --quiet --root $WORK/corpus/sheaf-$n --output $OUT_BASE/before-$n" |
            tee "$RES/before-after-$n.txt"
    done
fi

if [[ ${CITATIONS:-1} == 1 ]]; then
echo "== evidence linking: with citations vs stripped" >&2
# Two baselines: the same corpus with every citation stripped (the issue's
# measure; the bibliography is still loaded, formatted and checked), and
# with the bibliography stripped as well.
for n in $SIZES; do
    src=$WORK/corpus/sheaf-$n
    plain=$WORK/corpus/sheaf-$n-nocite-bib
    bare=$WORK/corpus/sheaf-$n-nocite
    rm -rf "$plain" "$bare" && cp -r "$src" "$plain"
    # Drop bracketed citations and narrative @key [p. N] ones.
    find "$plain/content" -name '*.md' -print0 | xargs -0 sed -i -E \
        -e 's/ ?\[(see )?-?@[^]]*\]//g' -e 's/@[A-Za-z0-9_:.-]+[A-Za-z0-9_] \[[^]]*\]/the study/g'
    cp -r "$plain" "$bare"
    sed -i '/^bibliography/d' "$bare/sheaf.toml"
    a="$SHEAF build --quiet --root $src --output $OUT_BASE/cite-$n"
    for base in "$plain" "$bare"; do
        b="$SHEAF build --quiet --root $base --output $OUT_BASE/nocite-$n"
        if command -v farm-bench >/dev/null; then
            farm-bench -n "$RUNS" --timeout 1200 --vs "$b" -- $a
        else
            hyperfine --warmup 1 --runs "$RUNS" "$a" "$b"
        fi
    done | tee "$RES/citations-$n.txt"
done
fi

if [[ ${PLAIN:-1} == 1 ]]; then
echo "== readability: the check on (the default) vs [check] plain_language = false" >&2
for n in $SIZES; do
    src=$WORK/corpus/sheaf-$n
    off=$WORK/corpus/sheaf-$n-noplain
    rm -rf "$off" && cp -r "$src" "$off"
    printf '\n[check]\nplain_language = false\n' >>"$off/sheaf.toml"
    # Printing the warnings is part of the cost: both builds write stderr
    # to /dev/null rather than to the timing tool's pipe.
    a="exec $SHEAF build --root $src --output $OUT_BASE/plain-$n >/dev/null 2>&1"
    b="exec $SHEAF build --root $off --output $OUT_BASE/noplain-$n >/dev/null 2>&1"
    if command -v farm-bench >/dev/null; then
        farm-bench -n "${PLAIN_RUNS:-21}" --timeout 1200 --vs "sh -c '$b'" -- sh -c "$a"
    else
        hyperfine --warmup 1 --runs "$RUNS" "$a" "$b"
    fi | tee "$RES/plain-$n.txt"
done
fi

if [[ ${BIG:-0} == 1 ]]; then
    echo "== 100,000 pages" >&2
    big=$WORK/corpus/sheaf-100000
    [[ -f $big/.gen_corpus ]] || python3 "$BENCH/gen_corpus.py" --pages 100000 --format sheaf --out "$big"
    rm -rf "$OUT_BASE/big"
    /usr/bin/time -v "$SHEAF" build --root "$big" --output "$OUT_BASE/big" -v 2>&1 | tee "$RES/big.txt" |
        grep -E "Built|Maximum resident|Elapsed"
fi
echo "results in $RES" >&2
