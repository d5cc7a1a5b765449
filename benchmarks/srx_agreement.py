"""SRX agreement: an independent SRX engine on tm's exported rules against tm, and tm's SRX engine on
LanguageTool's rules against that independent engine.

    pip install choppa-srx           # (in the test extra) the port of the Java segment library
    python benchmarks/srx_agreement.py

Texts: the article, the benchmark's Azerbaijani and Russian paragraphs and whole documents (headings,
datelines, lists: benchmarks/segment_speed.py), and the texts of tests/test_segment_lines.py; then,
apart, the peers' golden sets (pysbd-golden-*.json, when /work/shared/peers holds them).

For each pair it reports texts segmented identically and sentences in common (the same text at the
same place). LanguageTool's rules (LGPL) are read from the installed choppa-srx package.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import choppa  # noqa: E402
import segment_speed  # noqa: E402

from tests import test_segment_lines as lines  # noqa: E402
from tm import srx  # noqa: E402
from tm.segment import split_sentences  # noqa: E402

PEERS = Path("/work/shared/peers")


def our_texts() -> list[tuple[str, str]]:
    texts = [("en", (ROOT / "segments" / "article-2023-02-23" / "en.txt").read_text("utf-8"))]
    texts += [("az", p) for p in segment_speed.AZ.split("\n")] + [("ru", p) for p in segment_speed.RU.split("\n")]
    texts += [(lang, "\n\n".join(parts)) for lang, parts in segment_speed.DOCUMENT_PARTS.items()]
    for cases in (lines.NUMBERED, lines.BRACKETED, lines.LETTERED, lines.BULLETS, lines.DASHES, lines.HEADINGS):
        texts += [(lang, text) for lang, (text, _) in cases.items()]
    for cases in (lines.DATELINES,):
        texts += [(lang, text) for lang, (text, _) in cases.items()]
    return texts


def peer_texts() -> list[tuple[str, str]]:
    texts = []
    for path in sorted(PEERS.glob("pysbd-golden-*.json")):
        lang = path.stem.rsplit("-", 1)[1]
        if lang in ("en", "ru"):
            texts += [(lang, case["text"]) for case in json.loads(path.read_text("utf-8"))]
    return texts


def compare(texts, first, second) -> dict[str, object]:
    """How often ``first(lang, text)`` and ``second(lang, text)`` (lists of sentences) agree: the
    texts they cut alike, and the sentences of ``first`` that ``second`` gives at the same place."""
    same_texts, common, total = 0, 0, 0
    by_lang: Counter[str] = Counter()
    for lang, text in texts:
        a, b = first(lang, text), second(lang, text)
        same_texts += a == b
        by_lang[lang] += a == b
        common += len(_placed(a) & _placed(b))
        total += len(_placed(a))
    return {
        "texts": len(texts),
        "identical_texts": same_texts,
        "sentences": total,
        "sentences_in_common": common,
        "agreement": round(common / total, 4) if total else 1.0,
    }


def _placed(sentences: list[str]) -> set[tuple[int, str]]:
    """Sentences with the number of characters before them (their place in the text)."""
    place, placed = 0, set()
    for sentence in sentences:
        placed.add((place, sentence))
        place += len("".join(sentence.split()))
    return placed


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        exported = Path(folder) / "tm.srx"
        srx.write(srx.export_rules(["en", "ru", "az"]), exported)
        ours_in_choppa = choppa.SrxDocument(ruleset=str(exported))
        start = time.perf_counter()
        languagetool = srx.read(choppa.DEFAULT_SRX_RULESET)
        read_seconds = time.perf_counter() - start
        languagetool_in_choppa = choppa.SrxDocument(ruleset=str(choppa.DEFAULT_SRX_RULESET))

        def choppa_split(document):
            return lambda lang, text: [s.strip() for s in choppa.SrxTextIterator(document, lang, text) if s.strip()]

        results = {}
        for name, texts in (("our texts", our_texts()), ("peers' golden sets en+ru", peer_texts())):
            results[name] = {
                "choppa on tm's exported rules vs tm": compare(
                    texts, lambda lang, text: split_sentences(text, lang), choppa_split(ours_in_choppa)
                ),
                "LanguageTool rules: tm's importer vs choppa": compare(
                    texts, lambda lang, text: languagetool.split(text, lang), choppa_split(languagetool_in_choppa)
                ),
            }
    for name, pairs in results.items():
        for pair, r in pairs.items():
            print(
                f"{name:26} {pair:44} texts {r['identical_texts']}/{r['texts']} identical, "
                f"sentences {r['sentences_in_common']}/{r['sentences']} = {100 * r['agreement']:.1f}%"
            )
    print(f"reading LanguageTool's segment.srx with tm.srx.read: {read_seconds:.2f}s")
    print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    main()
