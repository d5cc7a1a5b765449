"""Speed of glossary recognition: index build per language, then find_terms over many sentences.

    python benchmarks/glossary_find.py [--repeat N]

Uses the article glossary and sentences of the article (en) and of the recognition tests (az, ru),
repeated to a few thousand units, as QA over a document would.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tm.glossary import build_index, find_terms, read_glossary  # noqa: E402
from tm.segment import split_sentences  # noqa: E402

sys.path.insert(0, str(ROOT / "tests" / "glossary"))
from test_recognize import AZ, RU  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=60)
    args = parser.parse_args()
    glossary = read_glossary(ROOT / "glossaries" / "article-2023-02-23.tbx")
    english = split_sentences((ROOT / "segments" / "article-2023-02-23" / "en.txt").read_text(), "en")
    samples = {"en": english, "az": [s for _, s, _ in AZ], "ru": [s for _, s, _ in RU]}
    for lang, sentences in samples.items():
        glossary.invalidate()
        start = time.perf_counter()
        build_index(glossary, lang)
        built = time.perf_counter() - start
        units = sentences * args.repeat
        start = time.perf_counter()
        hits = sum(len(find_terms(s, lang, glossary)) for s in units)
        elapsed = time.perf_counter() - start
        print(
            f"{lang}: index {built * 1000:.0f} ms; {len(units)} units, {hits} hits in {elapsed:.2f} s "
            f"({len(units) / elapsed:,.0f} units/s)"
        )


if __name__ == "__main__":
    main()
