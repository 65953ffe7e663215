#!/usr/bin/env bash
# Print timings: `sheaf build --pdf` of the example site and of a site of
# 100 factsheets (the example's four factsheets copied 25 times each, so
# its booklet holds 100 chapters), medians of RUNS, this checkout's release
# binary against BEFORE's in the same run (pair by pair, so a change is
# measured against the machine's drift).
#
#   bash scripts/bench-print.sh                                   # RUNS=3
#   BEFORE=/old/target/release/sheaf BEFORE_ROOT=/tmp/old-example bash scripts/bench-print.sh
#
# Needs Chromium and hyperfine. Outputs go to tmpfs (OUT_BASE) because disk
# writes on shared machines add noise.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=${WORK:-/tmp/sheaf-bench-print}
OUT_BASE=${OUT_BASE:-/dev/shm/sheaf-bench-print}
RUNS=${RUNS:-3}
JOBS=${JOBS:-2}
mkdir -p "$WORK" "$OUT_BASE"

echo "== building sheaf (release)" >&2
cargo build --release --locked --manifest-path "$ROOT/Cargo.toml" >&2
AFTER=$ROOT/target/release/sheaf

# The 100-factsheet site: the example site with each factsheet copied 25
# times under new names and titles (translations left out, so the one
# booklet is measured).
SITE=$WORK/factsheets-100
rm -rf "$SITE" && mkdir -p "$SITE"
cp "$ROOT/sheaf.toml" "$ROOT/references.bib" "$SITE/"
[[ -f $ROOT/glossary.toml ]] && cp "$ROOT/glossary.toml" "$SITE/"
[[ -d $ROOT/static ]] && cp -r "$ROOT/static" "$SITE/"
cp -r "$ROOT/content" "$SITE/content"
find "$SITE/content" -name '*.vi.md' -delete -o -name '*.ar.md' -delete
sed -i '/^\[languages\./,/^name/d' "$SITE/sheaf.toml"
for src in "$SITE"/content/factsheets/*.md "$SITE"/content/factsheets/*/index.md; do
    [[ $(basename "$src") == _index.md ]] && continue
    if [[ $(basename "$src") == index.md ]]; then # a page bundle
        dir=$(dirname "$src")
        for n in $(seq 2 25); do
            cp -r "$dir" "$dir-$n"
            sed -i -E -e "s/^title = \"(.*)\"/title = \"\\1 ($n)\"/" -e '/^aliases/d' "$dir-$n/index.md"
        done
        continue
    fi
    slug=$(basename "$src" .md)
    for n in $(seq 2 25); do
        sed -E -e "s/^title = \"(.*)\"/title = \"\\1 ($n)\"/" -e '/^aliases/d' \
            "$src" >"$SITE/content/factsheets/$slug-$n.md"
    done
done
count=$(($(find "$SITE/content/factsheets" -maxdepth 1 -name '*.md' ! -name '_index.md' | wc -l) + $(find "$SITE/content/factsheets" -mindepth 2 -name index.md | wc -l)))
echo "== $count factsheets in $SITE" >&2

# Each binary builds the site with the theme it was built with: BEFORE's
# example site is BEFORE_ROOT (the example as it was there, with its own
# themes/ folder), e.g. a copy of the old checkout's content/, themes/,
# sheaf.toml and references.bib.
run() { # label after-root before-root
    local label=$1 cmds=()
    cmds+=("$AFTER build --quiet --pdf --jobs $JOBS --root $2 --output $OUT_BASE/out-$label-after")
    [[ -n ${BEFORE:-} ]] &&
        cmds+=("$BEFORE build --quiet --pdf --jobs $JOBS --root $3 --output $OUT_BASE/out-$label-before")
    hyperfine --runs "$RUNS" --export-json "$WORK/$label.json" "${cmds[@]}"
}

run example "$ROOT" "${BEFORE_ROOT:-$ROOT}"
run factsheets-100 "$SITE" "$SITE"
python3 - "$WORK" <<'PY'
import json, sys, statistics
for label in ("example", "factsheets-100"):
    data = json.load(open(f"{sys.argv[1]}/{label}.json"))
    for r in data["results"]:
        print(f"{label:16} median {statistics.median(r['times']):7.2f} s  {r['command'].split(' build')[0]}")
PY
