"""Segmentation speed: tm against sentencex and pysbd on a few MB of mixed en/ru/az news text.

    pip install sentencex pysbd      # for this benchmark only
    python benchmarks/segment_speed.py [--mb 3] [--documents] [--lang en] [--rounds 25]

The corpus is the project's own text: the English article plus the Azerbaijani and Russian
paragraphs below (and the translated POs once they exist), repeated to the requested size. Each
segmenter runs on the same paragraphs; tm and sentencex take turns for ``--rounds`` rounds, and
the least CPU time of each is reported (the machine may be shared: CPU time, and turns, keep
another process's load out of the ratio). pysbd runs once, on a share of the corpus; it has no
Azerbaijani rules: it segments the az part with its English rules.

With ``--documents`` each segmenter gets whole documents instead: per language a heading, a
dateline, the paragraphs separated by blank lines, a lead-in with numbered and lettered items, a
bulleted list and a hard-wrapped paragraph (``DOCUMENT_PARTS``), as news releases and reports are;
first tm's sentences are checked to be those of ``segment()`` on every document.
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

from tm.segment import segment, split_sentences  # noqa: E402

AZ = """\
Azərbaycan Respublikasının İnsan Hüquqları üzrə Müvəkkili (Ombudsman) Səbinə Əliyeva Xocalı soyqırımının 31-ci ildönümü ilə bağlı bəyanat yayıb. Bəyanatda qeyd olunur ki, 1992-ci il fevralın 25-dən 26-na keçən gecə Xocalı şəhəri yerlə-yeksan edilib. Prof. Məmmədov və dos. Hüseynova tədbirdə çıxış ediblər. Hadisə nəticəsində 613 nəfər həlak olub, 1275 nəfər girov götürülüb, onlardan 150-nin taleyi hələ də məlum deyil.
“Biz unutmuruq. Ədalət bərpa olunmalıdır”, – deyə Ombudsman vurğulayıb. İclasda H. Əliyevin çıxışı, səh. 12-də verilmiş sənədlər və s. müzakirə edildi. Ötən il 24 ştat qətnamə qəbul edib. Bu barədə ətraflı məlumat https://example.az/xeber.html ünvanında verilir."""

RU = """\
Уполномоченный по правам человека Азербайджанской Республики (омбудсмен) Сабина Алиева выступила с заявлением в связи с 31-й годовщиной Ходжалинского геноцида. В заявлении отмечается, что в ночь с 25 на 26 февраля 1992 г. город Ходжалы был стёрт с лица земли. Проф. Мамедов и доц. Гусейнова т. е. представители университета выступили на мероприятии. В результате погибли 613 человек, 1 275 человек были взяты в заложники, судьба 150 из них до сих пор неизвестна.
«Мы не забываем. Справедливость должна быть восстановлена», – подчеркнула омбудсмен. На заседании обсуждались выступление Г. А. Алиева, документы на с. 12 и т. д. В 2010–2012 гг. резолюции приняли 17 стран. Подробнее см. на сайте ул. Низами, д. 5."""


# The parts of a whole document beyond its running paragraphs, per language: a heading and a
# dateline before them; lists and a hard-wrapped paragraph after.
DOCUMENT_PARTS = {
    "en": (
        "Statement of the Commissioner\nBAKU, 24 February",
        "The Commissioner's findings:\n1. Hundreds of civilians were killed in one night.\n"
        "2. The fate of many hostages is still unknown.\n3. No one has been held to account.",
        "She asked the international organizations to:\n(a) Condemn the crime;\n"
        "(b) Bring those responsible before the court;\n(c) Support the families of the victims.",
        "Documents attached:\n• the list of the dead\n• the testimony of survivors",
        "The Commissioner added that the memory of the victims is kept in every\n"
        "school of the country. \u201cWe remember them,\u201d she said. Dr. Rustamov and\n"
        "Mr. Hasanov spoke after her at the event on Feb. 24.",
    ),
    "ru": (
        "Заявление Уполномоченного\nБАКУ, 24 февраля",
        "Выводы Уполномоченного:\n1. За одну ночь были убиты сотни мирных жителей.\n"
        "2. Судьба многих заложников до сих пор неизвестна.\n3. Никто не понёс наказания.",
        "Она призвала международные организации:\nа) осудить преступление;\n"
        "б) привлечь виновных к суду;\nв) поддержать семьи погибших.",
        "К заявлению приложены:\n– список погибших;\n– показания выживших.",
        "Уполномоченный добавила, что память о жертвах хранят в каждой школе\n"
        "страны. «Мы помним их», – сказала она. После неё выступили проф. Рустамов и\n"
        "г-н Гасанов, т. е. представители общественности.",
    ),
    "az": (
        "Müvəkkilin bəyanatı\nBAKI, 24 fevral",
        "Müvəkkilin nəticələri:\n1. Bir gecədə yüzlərlə dinc sakin öldürülüb.\n"
        "2. Bir çox girovun taleyi hələ də məlum deyil.\n3. Heç kim cəzalandırılmayıb.",
        "O, beynəlxalq təşkilatları çağırıb:\na) cinayəti pisləməyə;\n"
        "b) təqsirkarları məhkəməyə verməyə;\nc) həlak olanların ailələrinə dəstək olmağa.",
        "Bəyanata əlavə olunur:\n• həlak olanların siyahısı\n• sağ qalanların ifadələri",
        "Müvəkkil əlavə edib ki, qurbanların xatirəsi ölkənin hər məktəbində\n"
        "yaşadılır. “Biz onları unutmuruq”, – deyə o bildirib. Ondan sonra prof. Rüstəmov\n"
        "və dos. Həsənova çıxış ediblər.",
    ),
}


def documents(megabytes: float) -> list[tuple[str, str]]:
    """Return (lang, whole document) pairs adding up to about ``megabytes``: per language, the
    heading and dateline, its paragraphs of ``corpus`` and the rest of ``DOCUMENT_PARTS``."""
    by_lang: dict[str, list[str]] = {}
    for lang, text in corpus(megabytes):
        by_lang.setdefault(lang, []).append(text)
    docs = []
    for lang, paragraphs in by_lang.items():
        size = 12  # paragraphs of running text in a document
        for number, start in enumerate(range(0, len(paragraphs), size)):
            # Like the paragraphs, each document's own parts differ in their numbers.
            head, *rest = (
                re.sub(r"\d+", lambda m, number=number: str(int(m.group()) + number), p) for p in DOCUMENT_PARTS[lang]
            )
            docs.append((lang, "\n\n".join([head, *paragraphs[start : start + size], *rest])))
    return docs


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


def run(segmenters: dict, paragraphs: list[tuple[str, str]], rounds: int) -> list[dict]:
    """Time each of ``segmenters`` (name: function of text and language) on ``paragraphs``, in
    turns for ``rounds`` rounds; the least CPU time of each."""
    best = dict.fromkeys(segmenters, float("inf"))
    counts = dict.fromkeys(segmenters, 0)
    for _ in range(rounds):
        for name, fn in segmenters.items():
            start = time.process_time()
            counts[name] = sum(len(fn(text, lang)) for lang, text in paragraphs)
            best[name] = min(best[name], time.process_time() - start)
    return [
        {
            "segmenter": name,
            "seconds": round(best[name], 4),
            "sentences": counts[name],
            "sentences_per_s": round(counts[name] / best[name]),
        }
        for name in segmenters
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=3.0, help="corpus size in megabytes (default 3)")
    parser.add_argument("--documents", action="store_true", help="segment whole documents, not paragraphs")
    parser.add_argument("--pysbd-share", type=float, default=0.05, help="fraction of the corpus pysbd runs on")
    parser.add_argument("--lang", choices=["en", "ru", "az"], help="time the text of one language only")
    parser.add_argument("--rounds", type=int, default=25, help="rounds of turns of tm and sentencex (default 25)")
    args = parser.parse_args()
    paragraphs = documents(args.mb) if args.documents else corpus(args.mb)
    paragraphs = [(lang, text) for lang, text in paragraphs if args.lang in (None, lang)]
    mb = sum(len(p.encode()) for _, p in paragraphs) / 1e6
    unit = "documents" if args.documents else "paragraphs"
    print(f"corpus: {len(paragraphs)} {unit}, {mb:.2f} MB ({args.lang or 'en/az/ru'})", file=sys.stderr)
    if args.documents:
        for lang, text in paragraphs:
            if split_sentences(text, lang) != [s.text for p in segment(text, lang) for s in p.sentences]:
                sys.exit(f"tm: split_sentences differs from segment() on a {lang} document: {text[:60]!r}")
    segmenters = {"tm": split_sentences}
    try:
        from importlib.metadata import version

        import sentencex

        segmenters["sentencex"] = lambda t, lang: list(sentencex.segment(lang, t))
    except ImportError:
        print("sentencex not installed: pip install sentencex", file=sys.stderr)
    results = run(segmenters, paragraphs, args.rounds)
    if "sentencex" in segmenters:
        results[1]["version"] = version("sentencex")
    try:
        import pysbd

        by_lang = {
            lang: pysbd.Segmenter(language=lang if lang != "az" else "en", clean=False) for lang in ("en", "ru", "az")
        }
        # pysbd is slow: time it on a share of the corpus and scale up.
        share = paragraphs[: max(1, int(len(paragraphs) * args.pysbd_share))]
        (result,) = run({"pysbd": lambda t, lang: by_lang[lang].segment(t)}, share, 1)
        factor = len(paragraphs) / len(share)
        result.update(
            seconds=round(result["seconds"] * factor, 3),
            sentences=round(result["sentences"] * factor),
            note=f"timed on {len(share)} paragraphs, scaled x{factor:.1f}",
        )
        results.append(result)
    except ImportError:
        print("pysbd not installed: pip install pysbd", file=sys.stderr)
    # Every segmenter reads the same text (pysbd a share of it, scaled): compare times, since they
    # count sentences differently (sentencex gives the blank lines between paragraphs as segments).
    tm_seconds = results[0]["seconds"]
    for r in results:
        r["tm_speedup"] = round(r["seconds"] / tm_seconds, 2)
        name = f"{r['segmenter']} {r.get('version', '')}".strip()
        print(f"{name:16} {r['sentences_per_s']:>10,} sentences/s  {r['seconds']:>8}s  tm is x{r['tm_speedup']}")
    print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    main()
