"""Alignment quality and speed: tm.align against the PyPI package `galechurch` on the same sentences.

    pip install galechurch          # for this benchmark only
    python benchmarks/align.py [--sentences 10000] [--seed 1]

1. Link precision / recall (a link counts when its source and target index sets both equal a gold
   link's) on the hand-aligned parallel texts of tests/data/align (en-az, en-ru), for tm.align and
   for galechurch fed the same sentence lists, paragraph by paragraph (galechurch aligns one block
   at a time: it is given the gold paragraph pairs, an advantage tm does not get).
2. A synthetic parallel document of --sentences sentences a side, built from the gold links of
   those texts (random order, numbers shifted per copy, paragraphs of 2-6 links) with extra random
   2-1 merges, 1-0 and 0-1 omissions, and its known gold links: precision / recall and the time of
   tm.align (one sentence a line) and of galechurch on the whole document.
3. Calibration: the observed precision of tm's links per confidence band, over both corpora.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tm.align import align  # noqa: E402
from tm.model import nfc  # noqa: E402
from tm.segment import segment  # noqa: E402

DATA = ROOT / "tests" / "data" / "align"
Link = tuple[tuple[int, ...], tuple[int, ...]]


def documents() -> list[tuple[str, str, str, str, str, set[Link]]]:
    """(name, src_lang, tgt_lang, source text, target text, gold links) of every gold file."""
    docs = []
    for gold_path in sorted(DATA.glob("*.gold.json")):
        name = gold_path.name.removesuffix(".gold.json")
        doc, pair = name.split(".")
        src, tgt = pair.split("-")
        gold = {(tuple(g["source"]), tuple(g["target"])) for g in json.loads(gold_path.read_text("utf-8"))}
        docs.append(
            (
                name,
                src,
                tgt,
                (DATA / f"{doc}.{src}.txt").read_text("utf-8"),
                (DATA / f"{doc}.{tgt}.txt").read_text("utf-8"),
                gold,
            )
        )
    return docs


def score(found: set[Link], gold: set[Link]) -> tuple[int, int, int]:
    return len(found & gold), len(found), len(gold)


def prf(counts: tuple[int, int, int]) -> str:
    correct, found, gold = counts
    p = correct / found if found else 0.0
    r = correct / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"P {p:6.1%}  R {r:6.1%}  F1 {f:6.1%}"


def add(a: tuple[int, int, int], b: tuple[int, int, int]) -> tuple[int, int, int]:
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2])


def galechurch_links(source: list[list[str]], target: list[list[str]]) -> set[Link]:
    """galechurch on paragraph pairs (blocks), indices mapped back to the whole document."""
    import galechurch

    links: set[Link] = set()
    s0 = t0 = 0
    for src_block, tgt_block in zip(source, target):
        for bead in galechurch.align(src_block, tgt_block, max_block_size=10**9).beads:
            links.add(
                (
                    tuple(range(s0 + bead.source_start, s0 + bead.source_end)),
                    tuple(range(t0 + bead.target_start, t0 + bead.target_end)),
                )
            )
        s0 += len(src_block)
        t0 += len(tgt_block)
    return links


def paragraph_groups(alignment, gold: set[Link]) -> tuple[list[list[str]], list[list[str]]]:
    """Gold paragraph pairs: merge paragraphs until every gold link stays inside one block."""
    src_par, tgt_par = alignment.source_paragraphs, alignment.target_paragraphs
    # Union-find over (side, paragraph) joined by gold links.
    parent: dict[tuple[int, int], tuple[int, int]] = {}

    def find(x: tuple[int, int]) -> tuple[int, int]:
        parent.setdefault(x, x)
        while parent[x] != x:
            x = parent[x]
        return x

    for p in set(src_par):
        find((0, p))
    for p in set(tgt_par):
        find((1, p))
    for s, t in gold:
        nodes = [(0, src_par[i]) for i in s] + [(1, tgt_par[j]) for j in t]
        for node in nodes[1:]:
            parent[find(node)] = find(nodes[0])
    blocks: dict[tuple[int, int], tuple[list[str], list[str]]] = {}
    order: list[tuple[int, int]] = []
    for side, sentences, paragraphs in ((0, alignment.source, src_par), (1, alignment.target, tgt_par)):
        for index, text in enumerate(sentences):
            root = find((side, paragraphs[index]))
            if root not in blocks:
                blocks[root] = ([], [])
                order.append(root)
            blocks[root][side].append(text)
    return [blocks[r][0] for r in order], [blocks[r][1] for r in order]


def sentences(text: str, lang: str) -> list[str]:
    """The sentences of ``text`` as ``align`` numbers them (segmented, across paragraphs)."""
    return [sentence.text for paragraph in segment(nfc(text), lang) for sentence in paragraph.sentences]


def synthetic(docs, count: int, seed: int) -> tuple[str, str, set[Link]]:
    """A parallel document of about ``count`` sentences a side, one a line, and its gold links."""
    rng = random.Random(seed)
    beads: list[tuple[list[str], list[str]]] = []
    for _name, src, tgt, source_text, target_text, gold in docs:
        if tgt != "az":
            continue
        source, target = sentences(source_text, src), sentences(target_text, tgt)
        for s, t in gold:
            beads.append(([source[i] for i in s], [target[j] for j in t]))
    paragraphs: list[list[tuple[list[str], list[str]]]] = []
    n_src = n_tgt = 0
    while n_src < count or n_tgt < count:
        paragraph: list[tuple[list[str], list[str]]] = []
        for _ in range(rng.randint(2, 6)):
            s, t = rng.choice(beads)
            # Numbers change from copy to copy, except where a word multiplies them (7 min = 7,000).
            shift = 0 if any(_MULTIPLIED.search(x) for x in t) else rng.randrange(1, 500)
            s, t = [_shift(x, shift) for x in s], [_shift(x, shift) for x in t]
            roll = rng.random()
            if roll < 0.02 and s:  # the translator left this out
                t = []
            elif roll < 0.04 and t:  # the translator added something
                s = []
            elif roll > 0.96 and paragraph and len(paragraph[-1][0]) == len(paragraph[-1][1]) == len(s) == len(t) == 1:
                # a 2-1 merge: this target sentence joins the previous link's
                before = paragraph.pop()
                s, t = before[0] + s, [before[1][0] + " " + t[0]]
            if s or t:
                paragraph.append((s, t))
        if any(s for s, _ in paragraph) and any(t for _, t in paragraph):
            paragraphs.append(paragraph)
            n_src += sum(len(s) for s, _ in paragraph)
            n_tgt += sum(len(t) for _, t in paragraph)
    src_lines: list[str] = []
    tgt_lines: list[str] = []
    links: set[Link] = set()
    i = j = 0
    for paragraph in paragraphs:
        for s, t in paragraph:
            links.add((tuple(range(i, i + len(s))), tuple(range(j, j + len(t)))))
            i, j = i + len(s), j + len(t)
            src_lines += s
            tgt_lines += t
        src_lines.append("")
        tgt_lines.append("")
    return "\n".join(src_lines), "\n".join(tgt_lines), links


_MULTIPLIED = re.compile(r"\d\s+(?:min|тысяч)")
_NUMBER = re.compile(r"\d+(?:[ ,.]\d{3})*(?![\d])")


def _shift(text: str, shift: int) -> str:
    return _NUMBER.sub(lambda m: str(int(re.sub(r"\D", "", m.group())) + shift), text)


def calibration(links: list[tuple[float, bool, bool]]) -> list[str]:
    """Observed precision per confidence band, for links with both sides and for omissions."""
    bands = [(0.0, 0.3), (0.3, 0.5), (0.5, 0.7), (0.7, 0.9), (0.9, 1.01)]
    rows = []
    for label, paired in (("links with both sides", True), ("omissions (1-0, 0-1)", False)):
        rows.append(f"  {label}")
        for lo, hi in bands:
            inside = [ok for c, ok, both in links if both == paired and lo <= c < hi]
            if inside:
                rows.append(
                    f"    confidence {lo:.1f}-{min(hi, 1.0):.1f}: {len(inside):6d} links, {sum(inside) / len(inside):6.1%} correct"
                )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sentences", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    try:
        import galechurch  # noqa: F401
    except ImportError:
        sys.exit("pip install galechurch (for this benchmark only)")

    docs = documents()
    calibrated: list[tuple[float, bool]] = []
    total_tm = total_gc = (0, 0, 0)
    print("1. Hand-aligned texts (tests/data/align)")
    for name, src, tgt, source_text, target_text, gold in docs:
        result = align(source_text, target_text, src, tgt)
        found = {(link.source, link.target) for link in result.links}
        calibrated += [
            (link.confidence, (link.source, link.target) in gold, bool(link.source and link.target))
            for link in result.links
        ]
        source_blocks, target_blocks = paragraph_groups(result, gold)
        gc = galechurch_links(source_blocks, target_blocks)
        total_tm, total_gc = add(total_tm, score(found, gold)), add(total_gc, score(gc, gold))
        print(f"  {name:18s} tm {prf(score(found, gold))} | galechurch {prf(score(gc, gold))}")
    print(f"  {'all':18s} tm {prf(total_tm)} | galechurch {prf(total_gc)}")

    print(f"\n2. Synthetic document, {args.sentences} sentences a side (seed {args.seed})")
    source_text, target_text, gold = synthetic(docs, args.sentences, args.seed)
    src, tgt = "en", "az"  # the synthetic document is built from the en-az texts
    started = time.perf_counter()
    result = align(source_text, target_text, src, tgt, segmented=True)
    elapsed = time.perf_counter() - started
    found = {(link.source, link.target) for link in result.links}
    calibrated += [
        (link.confidence, (link.source, link.target) in gold, bool(link.source and link.target))
        for link in result.links
    ]
    print(f"  {len(result.source)} x {len(result.target)} sentences, {len(gold)} gold links")
    print(f"  tm.align          {prf(score(found, gold))}  time {elapsed:6.2f} s  [{result.signature}]")
    raw_source = "\n\n".join(p.replace("\n", " ") for p in source_text.split("\n\n"))
    raw_target = "\n\n".join(p.replace("\n", " ") for p in target_text.split("\n\n"))
    started = time.perf_counter()
    raw = align(raw_source, raw_target, src, tgt)
    elapsed = time.perf_counter() - started
    print(
        f"  tm.align on running text (segmentation included): {len(raw.source)} x {len(raw.target)} sentences, time {elapsed:6.2f} s"
    )
    source_sents = [[line for line in source_text.splitlines() if line]]
    target_sents = [[line for line in target_text.splitlines() if line]]
    started = time.perf_counter()
    gc = galechurch_links(source_sents, target_sents)
    elapsed = time.perf_counter() - started
    print(f"  galechurch (whole){prf(score(gc, gold))}  time {elapsed:6.2f} s")
    blocks = (
        [p.split("\n") for p in source_text.strip().split("\n\n")],
        [p.split("\n") for p in target_text.strip().split("\n\n")],
    )  # the synthetic paragraphs correspond one to one
    started = time.perf_counter()
    gc = galechurch_links(*blocks)
    elapsed = time.perf_counter() - started
    print(f"  galechurch (paragraph pairs given){prf(score(gc, gold))}  time {elapsed:6.2f} s")

    print("\n3. Calibration of tm's confidence (both corpora)")
    print("\n".join(calibration(calibrated)))


if __name__ == "__main__":
    main()
