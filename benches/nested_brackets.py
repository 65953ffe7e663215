#!/usr/bin/env python3
"""Writes a one-page sheaf site whose page nests brackets or images N deep,
the input that made the citation pass quadratic (issue 20).

    python3 benches/nested_brackets.py --depth 200000 --kind brackets --out /tmp/nb
    hyperfine 'target/release/sheaf check' --cwd /tmp/nb   (or /usr/bin/time -v)

--kind brackets: `[see [see ... @key]]`; --kind images: `![see ![see ... @key]]`
(image openers that never close); --kind image-tree: `![a ![a ... x](i.png)](i.png)`,
well-formed nested images (the alt-text check).
Both should take time linear in --depth (run two depths, 10x apart).
"""
import argparse
import pathlib

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--depth", type=int, required=True)
parser.add_argument("--kind", choices=["brackets", "images", "image-tree"], default="brackets")
parser.add_argument("--out", required=True)
args = parser.parse_args()

out = pathlib.Path(args.out)
(out / "content").mkdir(parents=True, exist_ok=True)
(out / "sheaf.toml").write_text(
    'title = "Nested"\nbase_url = "https://example.org/"\nbibliography = ["refs.bib"]\n'
)
(out / "refs.bib").write_text(
    "@book{key,\n  author = {Doe, Jane},\n  title = {Deep},\n  year = {2020},\n"
    "  publisher = {Press}\n}\n"
)
n = args.depth
if args.kind == "brackets":
    body = "[see " * n + "@key" + "]" * n
elif args.kind == "images":
    body = "![see " * n + "@key" + "]" * n
else:
    body = "![a " * n + "x" + "](i.png)" * n
(out / "content" / "_index.md").write_text('+++\ntitle = "Home"\n+++\n')
(out / "content" / "deep.md").write_text('+++\ntitle = "Deep"\n+++\n' + body + "\n")
