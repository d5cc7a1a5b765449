"""Speed of glossary recognition: index build per language, then find_terms over many sentences.

    python benchmarks/glossary_find.py [--repeat N]
    python benchmarks/glossary_find.py --entries 1000000

Uses the article glossary and sentences of the article (en) and of the recognition tests (az, ru),
repeated to a few thousand units, as QA over a document would. With ``--entries N``, it writes a
glossary of N two-word names under benchmarks/.data (removed afterwards) and times
``find_terms_in_file`` instead: the first find, which builds the stored index, then later ones,
with the peak RSS and the size of the index.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tm.glossary import build_index, find_terms, find_terms_in_file, read_glossary, stored_index  # noqa: E402
from tm.segment import split_sentences  # noqa: E402

sys.path.insert(0, str(ROOT / "tests" / "glossary"))
from test_recognize import AZ, RU  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=60)
    parser.add_argument("--entries", type=int, help="time the stored index of a glossary of this many names")
    args = parser.parse_args()
    if args.entries:
        stored(args.entries)
        return
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


def stored(entries: int) -> None:
    data = ROOT / "benchmarks" / ".data" / "glossary_find"
    data.mkdir(parents=True, exist_ok=True)
    os.environ["XDG_CACHE_HOME"] = str(data / "cache")
    try:
        path = data / "names.en-az.txt"
        with open(path, "w", encoding="utf-8") as out:
            out.writelines(f"Name{i} Surname{i}\tAd{i} Soyad{i}\tperson\n" for i in range(entries))
        middle = entries // 2
        for label, text in [("first", f"Name{middle} Surname{middle} came."), ("later", "Name7 Surname7 met Name9."),
                            ("later", f"Ad{middle} Soyad{middle}ın sözləri.")]:  # fmt: skip
            lang = "az" if text.startswith("Ad") else "en"
            start, cpu = time.perf_counter(), time.process_time()
            hits = find_terms_in_file(path, text, lang)
            wall, cpu = time.perf_counter() - start, time.process_time() - cpu
            print(f"{label} find ({lang}): {wall:.2f} s ({cpu:.2f} s CPU), {len(hits)} hit(s)")
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        size = stored_index.index_path(path).stat().st_size / 1e6
        print(f"{entries:,} entries: peak RSS {rss:.0f} MB, index {size:.0f} MB")
    finally:
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
