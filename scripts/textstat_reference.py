#!/usr/bin/env python3
"""Writes the reference readability figures that tests/suite/plain.rs
compares sheaf against, from Python's textstat 0.7.8 (later releases fetch
NLTK data when they run and fail offline).

    pip install textstat==0.7.8
    python3 scripts/textstat_reference.py            # rewrite expected.json
    python3 scripts/textstat_reference.py --pick DIR # re-pick paragraphs from
                                                     # a checkout of the source repo

A dev tool only: sheaf does not need Python or textstat to run.
"""
import json
import random
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent / "tests/fixtures/plain/reference"


def pick(repo: Path) -> None:
    """Six narrative paragraphs of 50-220 words per book, no dialogue."""
    data = json.loads((HERE / "paragraphs.json").read_text())
    books = {}
    for p in data["paragraphs"]:
        books.setdefault(p["file"], p["book"])
    out = []
    for name, title in books.items():
        text = (repo / name).read_text(encoding="utf-8").replace("\r", "")
        good = []
        for para in text.split("\n\n"):
            para = re.sub(r"\s+", " ", para).strip()
            words = para.split()
            if not 50 <= len(words) <= 220 or para[-1] not in ".!?":
                continue
            if any(c in para for c in '"“_*[') or "Gutenberg" in para:
                continue
            if sum(c.isupper() for c in para) > len(para) * 0.1:
                continue
            good.append(para)
        random.seed(16)
        out += [{"file": name, "book": title, "text": p} for p in random.sample(good, min(6, len(good)))]
    data["paragraphs"] = out
    (HERE / "paragraphs.json").write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")


def main() -> None:
    if "--pick" in sys.argv:
        pick(Path(sys.argv[sys.argv.index("--pick") + 1]))
    import textstat

    version = ".".join(map(str, textstat.__version__)) if isinstance(textstat.__version__, tuple) else textstat.__version__
    if version != "0.7.8":
        sys.exit(f"textstat {version} found; pip install textstat==0.7.8")
    textstat.set_rounding_points(None)
    data = json.loads((HERE / "paragraphs.json").read_text())
    expected = []
    for p in data["paragraphs"]:
        t = p["text"]
        expected.append(
            {
                "flesch_kincaid_grade": textstat.flesch_kincaid_grade(t),
                "smog_index": textstat.smog_index(t),
                "coleman_liau_index": textstat.coleman_liau_index(t),
                "words": textstat.lexicon_count(t),
                "sentences": textstat.sentence_count(t),
                "syllables": textstat.syllable_count(t),
            }
        )
    (HERE / "expected.json").write_text(
        json.dumps({"textstat": version, "paragraphs": expected}, indent=1) + "\n"
    )
    print(f"wrote {len(expected)} paragraphs to {HERE / 'expected.json'}")


if __name__ == "__main__":
    main()
