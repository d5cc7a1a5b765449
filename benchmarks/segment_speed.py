"""Segmentation speed: tm against sentencex and pysbd on a few MB of mixed en/ru/az news text.

    pip install sentencex pysbd      # for this benchmark only
    python benchmarks/segment_speed.py [--mb 3]

The corpus is the project's own text: the English article plus the Azerbaijani and Russian
paragraphs below (and the translated POs once they exist), repeated to the requested size. Each
segmenter runs on the same paragraphs; the best of three runs is reported. pysbd has no
Azerbaijani rules: it segments the az part with its English rules.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tm.segment import split_sentences  # noqa: E402

AZ = """\
Azərbaycan Respublikasının İnsan Hüquqları üzrə Müvəkkili (Ombudsman) Səbinə Əliyeva Xocalı soyqırımının 31-ci ildönümü ilə bağlı bəyanat yayıb. Bəyanatda qeyd olunur ki, 1992-ci il fevralın 25-dən 26-na keçən gecə Xocalı şəhəri yerlə-yeksan edilib. Prof. Məmmədov və dos. Hüseynova tədbirdə çıxış ediblər. Hadisə nəticəsində 613 nəfər həlak olub, 1275 nəfər girov götürülüb, onlardan 150-nin taleyi hələ də məlum deyil.
“Biz unutmuruq. Ədalət bərpa olunmalıdır”, – deyə Ombudsman vurğulayıb. İclasda H. Əliyevin çıxışı, səh. 12-də verilmiş sənədlər və s. müzakirə edildi. Ötən il 24 ştat qətnamə qəbul edib. Bu barədə ətraflı məlumat https://example.az/xeber.html ünvanında verilir."""

RU = """\
Уполномоченный по правам человека Азербайджанской Республики (омбудсмен) Сабина Алиева выступила с заявлением в связи с 31-й годовщиной Ходжалинского геноцида. В заявлении отмечается, что в ночь с 25 на 26 февраля 1992 г. город Ходжалы был стёрт с лица земли. Проф. Мамедов и доц. Гусейнова т. е. представители университета выступили на мероприятии. В результате погибли 613 человек, 1 275 человек были взяты в заложники, судьба 150 из них до сих пор неизвестна.
«Мы не забываем. Справедливость должна быть восстановлена», – подчеркнула омбудсмен. На заседании обсуждались выступление Г. А. Алиева, документы на с. 12 и т. д. В 2010–2012 гг. резолюции приняли 17 стран. Подробнее см. на сайте ул. Низами, д. 5."""


def corpus(megabytes: float) -> list[tuple[str, str]]:
    """Return (lang, paragraph) pairs adding up to about ``megabytes`` of UTF-8 text."""
    paragraphs: list[tuple[str, str]] = []
    for doc in sorted((ROOT / "segments").glob("*/en.txt")):
        paragraphs += [("en", p) for p in doc.read_text("utf-8").split("\n\n") if p.strip()]
    paragraphs += [("az", p) for p in AZ.split("\n")] + [("ru", p) for p in RU.split("\n")]
    size = sum(len(p.encode()) for _, p in paragraphs)
    copies = max(1, int(megabytes * 1_000_000 / size))
    # Each copy differs in its numbers, so no segmenter can answer from a cache of earlier calls.
    return [
        (lang, re.sub(r"\d+", lambda m, copy=copy: str(int(m.group()) + copy), text))
        for copy in range(copies)
        for lang, text in paragraphs
    ]


def run(name: str, fn, paragraphs: list[tuple[str, str]], repeat: int = 3) -> dict[str, float]:
    best = float("inf")
    count = 0
    for _ in range(repeat):
        start = time.perf_counter()
        count = sum(len(fn(text, lang)) for lang, text in paragraphs)
        best = min(best, time.perf_counter() - start)
    return {"segmenter": name, "seconds": round(best, 3), "sentences": count, "sentences_per_s": round(count / best)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=3.0, help="corpus size in megabytes (default 3)")
    parser.add_argument("--pysbd-share", type=float, default=0.05, help="fraction of the corpus pysbd runs on")
    args = parser.parse_args()
    paragraphs = corpus(args.mb)
    mb = sum(len(p.encode()) for _, p in paragraphs) / 1e6
    print(f"corpus: {len(paragraphs)} paragraphs, {mb:.2f} MB (en/az/ru)", file=sys.stderr)
    results = [run("tm", split_sentences, paragraphs)]
    try:
        from importlib.metadata import version

        import sentencex

        result = run("sentencex", lambda t, lang: list(sentencex.segment(lang, t)), paragraphs)
        result["version"] = version("sentencex")
        results.append(result)
    except ImportError:
        print("sentencex not installed: pip install sentencex", file=sys.stderr)
    try:
        import pysbd

        segmenters = {
            lang: pysbd.Segmenter(language=lang if lang != "az" else "en", clean=False) for lang in ("en", "ru", "az")
        }
        # pysbd is slow: time it on a share of the corpus and scale up.
        share = paragraphs[: max(1, int(len(paragraphs) * args.pysbd_share))]
        result = run("pysbd", lambda t, lang: segmenters[lang].segment(t), share, repeat=1)
        factor = len(paragraphs) / len(share)
        result.update(
            seconds=round(result["seconds"] * factor, 3),
            sentences=round(result["sentences"] * factor),
            note=f"timed on {len(share)} paragraphs, scaled x{factor:.1f}",
        )
        results.append(result)
    except ImportError:
        print("pysbd not installed: pip install pysbd", file=sys.stderr)
    tm_rate = results[0]["sentences_per_s"]
    for r in results:
        r["tm_speedup"] = round(tm_rate / r["sentences_per_s"], 1)
        name = f"{r['segmenter']} {r.get('version', '')}".strip()
        print(f"{name:16} {r['sentences_per_s']:>10,} sentences/s  {r['seconds']:>8}s  tm is x{r['tm_speedup']}")
    print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    main()
