#!/usr/bin/env bash
# Benchmarks the inputs issue 20 found quadratic, at the issue's sizes and
# ten times them: distinct taxonomy terms, one page with many terms, and
# repeated heading ids. Prints the median wall time of `sheaf build` for
# each case (hyperfine when installed, else three runs of `date`).
#
#   bash scripts/bench-hostile.sh                      # the release build
#   SHEAF=/tmp/sheaf-old CASES="terms-12000" bash scripts/bench-hostile.sh
#
# A case that takes longer than LIMIT seconds (default 600) is stopped and
# reported as "> LIMIT s". Sites and output go to tmpfs.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=${WORK:-/dev/shm/sheaf-bench-hostile}
LIMIT=${LIMIT:-600}
RUNS=${RUNS:-3}
CASES=${CASES:-"terms-12000 terms-24000 terms-120000 terms-240000 one-page-10000 one-page-100000 same-heading-40000 same-heading-400000 same-id-20000 same-id-200000"}
if [ -z "${SHEAF:-}" ]; then
    cargo build --release --locked --manifest-path "$ROOT/Cargo.toml" >&2
    SHEAF=$ROOT/target/release/sheaf
fi
mkdir -p "$WORK"

# make_site DIR KIND N: writes a site of one kind of hostile input.
make_site() {
    python3 - "$1" "$2" "$3" <<'PY'
import os, sys
root, kind, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
os.makedirs(f"{root}/content/pages", exist_ok=True)
open(f"{root}/sheaf.toml", "w").write(
    'title = "Bench"\nbase_url = "https://example.org/"\ntaxonomies = ["topics"]\n')
open(f"{root}/content/_index.md", "w").write('+++\ntitle = "Home"\n+++\n')
def page(name, front, body=""):
    open(f"{root}/content/pages/{name}.md", "w").write(f"+++\ntitle = \"{name}\"\n{front}+++\n{body}")
if kind == "terms":        # n distinct terms, two on each of n/2 pages
    for p in range(n // 2):
        page(f"p{p}", f'[taxonomies]\ntopics = ["term {2*p}", "term {2*p+1}"]\n')
elif kind == "one-page":   # one page with n terms
    terms = ", ".join(f'"term {t}"' for t in range(n))
    page("many", f"[taxonomies]\ntopics = [{terms}]\n")
elif kind == "same-heading":
    page("same", "", "## Same\n\n" * n)
elif kind == "same-id":
    page("same", "", "## Heading {#same}\n\n" * n)
PY
}

for case in $CASES; do
    kind=${case%-*}
    n=${case##*-}
    site=$WORK/$case
    [ -d "$site" ] || make_site "$site" "$kind" "$n"
    out=$WORK/out-$case
    cmd="timeout $LIMIT $SHEAF build --root $site --output $out"
    if command -v hyperfine >/dev/null; then
        if hyperfine --runs "$RUNS" -i --export-json "$WORK/$case.json" "$cmd" >/dev/null 2>&1; then
            median=$(python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results'][0]; print(f\"{r['median']:.3f}\")" "$WORK/$case.json")
        else
            median="failed"
        fi
    else
        start=$(date +%s.%N); $cmd >/dev/null 2>&1 || true; end=$(date +%s.%N)
        median=$(python3 -c "print(f'{$end-$start:.3f}')")
    fi
    code=0; $cmd >/dev/null 2>&1 || code=$?
    if [ "$code" = 124 ]; then median="> $LIMIT"; fi
    printf '%-22s %10s s  exit %s\n' "$case" "$median" "$code"
done
