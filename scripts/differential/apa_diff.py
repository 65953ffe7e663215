#!/usr/bin/env python3
"""Differential harness: sheaf's APA output against pandoc citeproc.

Dev and CI only; users never need it. It writes a throwaway site whose one
page cites every entry of the given bibliographies twice (parenthetical
`[@key]` and narrative `@key`), builds it with sheaf, renders the same
Markdown with pandoc `--citeproc` and the official `apa.csl`, and prints
every difference in reference entries and in-text citations after
normalising whitespace and HTML (italics are kept as `*…*`, links as their
text), so only real differences show.

Pandoc is a candidate-finder, not the truth (see docs/apa-fidelity.md).
With `--expected FILE` (one `key<TAB>entry<TAB>note` line per entry, the
reviewed APA 7 rendering) the script also scores sheaf against that file,
which is the number reported as "entries exactly right".

    python3 scripts/differential/apa_diff.py                  # the corpus
    python3 scripts/differential/apa_diff.py --expected \
        tests/fixtures/evidence/corpus/expected-apa.tsv
    python3 scripts/differential/apa_diff.py --write-sheaf out.tsv

Needs: a built sheaf (`cargo build`; or `--sheaf PATH`) and pandoc 3.x
(`pip install pypandoc_binary`, or `--pandoc PATH`).
"""

from __future__ import annotations

import argparse
import html
import re
import shutil
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "tests/fixtures/evidence/corpus"
CSL = Path(__file__).resolve().parent / "apa.csl"


class Flatten(HTMLParser):
    """HTML to comparable text: italics as *…*, every other tag dropped."""

    ITALIC = {"i", "em"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.ITALIC:
            self.out.append("*")

    def handle_endtag(self, tag):
        if tag in self.ITALIC:
            self.out.append("*")

    def handle_data(self, data):
        self.out.append(data)


def flatten(fragment: str) -> str:
    p = Flatten()
    p.feed(fragment)
    text = "".join(p.out)
    text = text.replace("\u00a0", " ")
    text = re.sub(r"\s+", " ", text).strip()
    # "*a* *b*" and "*a b*" are the same italics; so are "**" runs.
    text = text.replace("**", "")
    text = re.sub(r"\*(\s+)\*", r"\1", text)
    return text


def keys_of(bibs: list[Path]) -> list[str]:
    keys = []
    for bib in bibs:
        for m in re.finditer(r"(?m)^\s*@(\w+)\s*[{(]\s*([^,\s]+)\s*,", bib.read_text()):
            if m.group(1).lower() not in {"comment", "string", "preamble"}:
                keys.append(m.group(2))
    return keys


def page_markdown(keys: list[str]) -> str:
    lines = []
    for i, k in enumerate(keys):
        lines.append(f"P{i}: [@{k}]\n")
        lines.append(f"N{i}: @{k}\n")
    return "\n".join(lines)


def run_sheaf(sheaf: Path, bibs: list[Path], keys: list[str], work: Path):
    site = work / "site"
    (site / "content").mkdir(parents=True)
    names = []
    for bib in bibs:
        shutil.copy(bib, site / bib.name)
        names.append(f'"{bib.name}"')
    (site / "sheaf.toml").write_text(
        'title = "Corpus"\nbase_url = "https://example.org/"\n'
        f"bibliography = [{', '.join(names)}]\n"
    )
    (site / "content/_index.md").write_text('+++\ntitle = "Home"\n+++\n')
    (site / "content/corpus.md").write_text(
        '+++\ntitle = "Corpus"\n+++\n' + page_markdown(keys)
    )
    proc = subprocess.run(
        [str(sheaf), "build", "--root", str(site), "--quiet"],
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        sys.exit(f"sheaf build failed:\n{proc.stderr}")
    out = (site / "public/corpus/index.html").read_text()
    refs = {
        m.group(1): flatten(m.group(2))
        for m in re.finditer(
            r'<li id="ref-([^"]+)"><span class="reference-list__text">(.*?)</span>'
            r'(?: <a class="reference-list__more"|</li>)',
            out,
            re.S,
        )
    }
    cites = paragraphs(out)
    return refs, cites, proc.stderr


def paragraphs(out: str) -> dict[str, str]:
    cites = {}
    for m in re.finditer(r"<p>([PN]\d+): (.*?)</p>", out, re.S):
        cites[m.group(1)] = flatten(m.group(2))
    return cites


def run_pandoc(pandoc: str, bibs: list[Path], keys: list[str], work: Path):
    md = work / "page.md"
    md.write_text(page_markdown(keys))
    args = [pandoc, str(md), "--citeproc", "--csl", str(CSL), "-t", "html"]
    for bib in bibs:
        args += ["--bibliography", str(bib)]
    proc = subprocess.run(args, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"pandoc failed:\n{proc.stderr}")
    out = proc.stdout
    refs = {}
    for m in re.finditer(
        r'<div id="ref-([^"]+)" class="csl-entry"[^>]*>(.*?)</div>', out, re.S
    ):
        refs[html.unescape(m.group(1))] = flatten(m.group(2))
    return refs, paragraphs(out), proc.stderr


def find_pandoc(given: str | None) -> str:
    if given:
        return given
    try:
        import pypandoc  # type: ignore

        return pypandoc.get_pandoc_path()
    except Exception:
        found = shutil.which("pandoc")
        if not found:
            sys.exit("pandoc not found: pip install pypandoc_binary, or pass --pandoc")
        return found


def read_tsv(path: Path) -> dict[str, str]:
    rows = {}
    for line in path.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            k, v = line.split("\t")[:2]
            rows[k] = v
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("bibs", nargs="*", type=Path, help="default: the corpus")
    ap.add_argument("--sheaf", type=Path, default=REPO / "target/debug/sheaf")
    ap.add_argument("--pandoc")
    ap.add_argument("--expected", type=Path, help="reviewed APA 7 output (TSV)")
    ap.add_argument("--write-sheaf", type=Path, help="write sheaf's entries as TSV")
    ap.add_argument("--quiet-diff", action="store_true", help="scores only")
    a = ap.parse_args()
    bibs = a.bibs or sorted(CORPUS.glob("*.bib"))
    keys = keys_of(bibs)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        s_refs, s_cites, s_warn = run_sheaf(a.sheaf, bibs, keys, work)
        p_refs, p_cites, _ = run_pandoc(find_pandoc(a.pandoc), bibs, keys, work)

    ref_diff = [k for k in keys if s_refs.get(k) != p_refs.get(k)]
    cite_diff = [
        (f"{t}{i}", k)
        for i, k in enumerate(keys)
        for t in "PN"
        if s_cites.get(f"{t}{i}") != p_cites.get(f"{t}{i}")
    ]
    if not a.quiet_diff:
        for k in ref_diff:
            print(f"== ref {k}\n  sheaf:  {s_refs.get(k)}\n  pandoc: {p_refs.get(k)}")
        for tag, k in cite_diff:
            print(
                f"== cite {tag} {k}\n  sheaf:  {s_cites.get(tag)}\n  pandoc: {p_cites.get(tag)}"
            )
    n = len(keys)
    print(f"\n{n} entries; references equal to pandoc: {n - len(ref_diff)}/{n}"
          f" ({100 * (n - len(ref_diff)) / n:.1f} %)")
    print(f"in-text citations equal to pandoc: {2 * n - len(cite_diff)}/{2 * n}"
          f" ({100 * (2 * n - len(cite_diff)) / (2 * n):.1f} %)")
    if a.expected:
        exp = read_tsv(a.expected)
        wrong = [k for k in keys if s_refs.get(k) != exp.get(k)]
        if not a.quiet_diff:
            for k in wrong:
                print(f"!= expected {k}\n  sheaf:    {s_refs.get(k)}\n  expected: {exp.get(k)}")
        print(f"references exactly right (reviewed APA 7): {n - len(wrong)}/{n}"
              f" ({100 * (n - len(wrong)) / n:.1f} %)")
    if a.write_sheaf:
        a.write_sheaf.write_text("".join(f"{k}\t{s_refs.get(k, '')}\n" for k in keys))
    if s_warn.strip():
        print(f"\nsheaf warnings:\n{s_warn}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
