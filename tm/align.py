"""Sentence alignment of a document and its translation: a length model plus anchors, with confidence.

``align(source_text, target_text, "en", "az")`` segments both texts (or reads one sentence a line
with ``segmented=True``), aligns paragraphs first and then the sentences inside each aligned
paragraph group, and returns an ``Alignment``: a list of ``Link`` (source sentence indices, target
sentence indices, confidence, cost, reasons) counted from 0 across the whole document.

How a link is scored
--------------------
Both levels run the same dynamic programme over the moves 1-1, 1-0, 0-1, 2-1, 1-2 and 2-2. The cost
of a link (in nats, so that costs are negative log-probabilities) is the sum of

- the move's prior, ``-ln P(move)`` with Gale & Church's (1993) frequencies;
- the length cost of Gale & Church: ``δ = (l_t - c·l_s) / sqrt(s²·l)`` with ``l`` the mean of
  ``l_s`` and ``l_t/c``, costed ``-ln(2·(1 - Φ(|δ|)))``. The mean ratio ``c`` and the variance
  ``s²`` are estimated from the two texts: ``c`` starts as the ratio of their total lengths, then
  ``c`` and ``s²`` are re-estimated from the confident 1-1 links of a first pass, and the texts are
  aligned again;
- the anchors: things that survive translation and can be compared across languages. Numbers by
  value (``1,275`` = ``1 275``, ``31st`` = ``31-ci`` = ``31-й``, see ``tm.numbers``), month names
  (``February`` = ``fevralın`` = ``февраля``), quotation marks, and glossary names in any inflected
  form (``Khojaly`` = ``Xocalının`` = ``Ходжалы``). Each anchor found on both sides lowers the cost
  (``ANCHOR_BONUS`` × its weight), each anchor found on one side only raises it
  (``ANCHOR_PENALTY`` × its weight). A 1-0 or 0-1 link has no anchor cost and a fixed cost otherwise.

The search is banded: only cells within a band around the diagonal are visited, and the band is
doubled whenever the best path touches its edge, so time is linear in the document length.

How confidence is calibrated
----------------------------
``confidence = posterior × fit × agreement``, each factor in [0, 1]:

- ``posterior``: the probability of the link among all alignments of the banded lattice, from a
  forward-backward pass over the same costs (the cost margin against every alternative: a link
  whose alternatives cost several nats more gets ≈ 1, a close alternative ≈ 0.5). A sentence link
  multiplies its own posterior with that of the paragraph link it lies in.
- ``fit``: how plausible the link's own length ratio is: 1 while ``|δ| ≤ 2.58`` (the 99 % band of the
  length model), then its two-sided p-value divided by 0.01. A link with an empty side (an
  omission) gets 0.5: no length evidence can confirm that a sentence was left untranslated.
- ``agreement``: ``0.5 + 0.5 × matched / (matched + unmatched)`` of the link's anchor weights; 1 for
  a link without anchors.

Links below ``threshold`` are drafts: written as fuzzy / draft units with the reason.
``benchmarks/align.py`` prints how these confidences compare with the observed precision: they are
conservative (on its texts, links of confidence 0.5-0.7 were 98 % correct, omissions below 0.5
were 86 % correct).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from tm.errors import TmError
from tm.fileio import read_text, write_atomic
from tm.formats import tsv
from tm.lang import expected_script, fold, rules_for, script_of
from tm.model import Context, Origin, Signature, Status, Unit, Variant, nfc, normalize_lang
from tm.numbers import extract_numbers, format_value
from tm.segment import segment

__all__ = [
    "Alignment",
    "Anchors",
    "LengthModel",
    "Link",
    "align",
    "align_files",
    "find_anchors",
    "to_units",
    "write_alignment",
]

#: Frequencies of each move: Gale & Church's, except omissions, which a news translation makes
#: twice as often as their parliamentary corpus (0.0099 for 1-0 and 0-1 together).
MOVE_PRIORS: dict[tuple[int, int], float] = {
    (1, 1): 0.89,
    (1, 0): 0.01,
    (0, 1): 0.01,
    (2, 1): 0.089 / 2,
    (1, 2): 0.089 / 2,
    (2, 2): 0.011,
}
MOVES = tuple(MOVE_PRIORS)
_PRIOR_COST = tuple(-math.log(MOVE_PRIORS[m]) for m in MOVES)
#: The cost of each sentence left out (or added): the prior of a 1-0 link.
_OMISSION_COST = _PRIOR_COST[MOVES.index((1, 0))]
#: Nats gained per matched anchor weight, and lost per unmatched one.
ANCHOR_BONUS = 2.5
ANCHOR_PENALTY = 3.0
#: Weight of an anchor by its kind (the key's first character).
ANCHOR_WEIGHTS = {"#": 1.0, "g": 1.0, "m": 0.6, "q": 0.6}
#: Gale & Church's variance for character lengths: the start of the estimate, and its prior.
DEFAULT_VARIANCE = 6.8
#: How many links the prior variance counts for when it is re-estimated from a text.
PRIOR_LINKS = 10
DEFAULT_THRESHOLD = 0.5
#: The band's half-width, in cells, before any widening.
BAND = 12
#: A target whose length ratio is further than this factor from the languages' expected ratio is
#: not taken for a translation.
MAX_RATIO_FACTOR = 1.6
_QUOTES = frozenset('«»“”„"‹›')
_WORD = re.compile(r"\w+")


# --------------------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class Link:
    """Source sentences aligned with target sentences (indices from 0 across the document)."""

    source: tuple[int, ...]
    target: tuple[int, ...]
    confidence: float
    cost: float
    reasons: tuple[str, ...] = ()
    draft: bool = False

    @property
    def kind(self) -> str:
        """The move, ``"1-1"``, ``"2-1"``, ``"1-0"`` ..."""
        return f"{len(self.source)}-{len(self.target)}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": list(self.source),
            "target": list(self.target),
            "confidence": round(self.confidence, 3),
            "cost": round(self.cost, 3),
            "draft": self.draft,
            "reasons": list(self.reasons),
        }


@dataclass(frozen=True, slots=True)
class LengthModel:
    """Gale-Church length model: target length ≈ ``ratio`` × source length, variance ``variance`` × length."""

    ratio: float
    variance: float

    def delta(self, source_length: int, target_length: int) -> float:
        """How many standard deviations ``target_length`` is from what ``source_length`` predicts."""
        mean = (source_length + target_length / self.ratio) / 2
        return (target_length - self.ratio * source_length) / math.sqrt(self.variance * max(mean, 1.0))


@dataclass(slots=True)
class Alignment:
    """The links of a document pair, the sentences they index, and the settings that produced them."""

    links: list[Link]
    source: list[str]
    target: list[str]
    source_lang: str
    target_lang: str
    #: The paragraph of each source / target sentence.
    source_paragraphs: list[int] = field(default_factory=list)
    target_paragraphs: list[int] = field(default_factory=list)
    parameters: dict[str, Any] = field(default_factory=dict)
    signature: str = ""

    @property
    def drafts(self) -> list[Link]:
        """The links below the threshold."""
        return [link for link in self.links if link.draft]

    def texts(self, link: Link) -> tuple[str, str]:
        """The source and target text of ``link`` (sentences of an n-m link joined by a space)."""
        return (
            " ".join(self.source[i] for i in link.source),
            " ".join(self.target[j] for j in link.target),
        )


# --------------------------------------------------------------------------- anchors


def _weight(keys: Iterable[str]) -> float:
    return sum(ANCHOR_WEIGHTS[key[0]] for key in keys)


@dataclass(frozen=True, slots=True)
class Anchors:
    """What a sentence holds that survives translation, as comparable keys.

    ``required`` keys (``#1275`` a number, ``m2`` February, ``q`` a quotation, ``g<id>`` a glossary
    entry) count against a link when the other side lacks them; ``optional`` ones (a lone number
    word, a numeric date's month) only count when they match.
    """

    required: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    #: The total weight of the required keys (what the link loses if none of them match).
    weight: float = field(default=0.0, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "weight", _weight(self.required))

    def __add__(self, other: Anchors) -> Anchors:
        return Anchors(self.required + other.required, self.optional + other.optional)


_NO_ANCHORS = Anchors()


def find_anchors(text: str, lang: str, glossary: Any = None) -> Anchors:
    """Return the anchors of one sentence (numbers by value, months, quotes, glossary names)."""
    required: list[str] = []
    optional: list[str] = []
    for number in extract_numbers(text, lang):
        if number.kind == "month":
            optional.append(f"m{number.value}")
        elif number.optional:
            optional.append(f"#{format_value(number.value)}")
        else:
            required.append(f"#{format_value(number.value)}")
    months = _month_patterns(lang)
    if months:
        for word in _WORD.findall(text):
            for index, pattern in enumerate(months, 1):
                if pattern.fullmatch(word):
                    required.append(f"m{index}")
                    break
    if not _QUOTES.isdisjoint(text):
        required.append("q")
    if glossary is not None:
        required.extend(_glossary_keys(text, lang, glossary))
    return Anchors(tuple(required), tuple(optional))


def _glossary_keys(text: str, lang: str, glossary: Any) -> list[str]:
    from tm.glossary import find_terms

    return [f"g{hit.entry.id}" for hit in find_terms(text, lang, glossary)]


def _month_patterns(lang: str) -> tuple[re.Pattern[str], ...]:
    """The compiled month patterns of ``lang``, kept in its rules' cache."""
    rules = rules_for(lang)
    patterns = rules.cache.get("align.months")
    if patterns is None:
        patterns = rules.cache["align.months"] = tuple(re.compile(p) for p in rules.months)
    return cast("tuple[re.Pattern[str], ...]", patterns)


def _anchor_match(source: Anchors, target: Anchors) -> tuple[list[str], list[str], list[str]]:
    """Return (matched, unmatched in source, unmatched in target) anchor keys."""
    wanted_t = list(target.required)
    matched: list[str] = []
    lost_s: list[str] = []
    for key in source.required:
        if key in wanted_t:
            wanted_t.remove(key)
            matched.append(key)
        else:
            lost_s.append(key)
    optional_t = list(target.optional)
    optional_s = list(source.optional)
    for pool, lost in ((optional_t, lost_s), (optional_s, wanted_t)):
        for key in list(lost):
            if key in pool:
                pool.remove(key)
                lost.remove(key)
                matched.append(key)
    for key in optional_s:
        if key in optional_t:
            optional_t.remove(key)
            matched.append(key)
    return matched, lost_s, wanted_t


def _anchor_cost(source: Anchors, target: Anchors) -> float:
    """``ANCHOR_PENALTY`` × unmatched weight - ``ANCHOR_BONUS`` × matched weight (``_anchor_match``)."""
    if not (source.required or source.optional) or not (target.required or target.optional):
        return ANCHOR_PENALTY * (source.weight + target.weight)
    matched, lost_s, lost_t = _anchor_match(source, target)
    return ANCHOR_PENALTY * (_weight(lost_s) + _weight(lost_t)) - ANCHOR_BONUS * _weight(matched)


# --------------------------------------------------------------------------- the lattice


@dataclass(frozen=True, slots=True)
class _Step:
    """One link of a best path over a lattice: [i0, i1) x [j0, j1), its cost and posterior."""

    i0: int
    i1: int
    j0: int
    j1: int
    cost: float
    posterior: float


class _Side:
    """The units of one side of a lattice: prefix sums of lengths and of sentence counts, anchors
    of one and two units."""

    __slots__ = ("lengths", "prefix", "sentences", "anchors", "pairs")

    def __init__(self, lengths: Sequence[int], anchors: Sequence[Anchors], sizes: Sequence[int] | None = None) -> None:
        self.lengths = list(lengths)
        self.prefix = _prefix(lengths)
        self.sentences = _prefix(sizes if sizes is not None else [1] * len(self.lengths))
        self.anchors = list(anchors)
        self.pairs = [a + b for a, b in zip(anchors, anchors[1:])]

    def span_anchors(self, start: int, end: int) -> Anchors:
        if end - start == 1:
            return self.anchors[start]
        if end - start == 2:
            return self.pairs[start]
        total = _NO_ANCHORS
        for anchors in self.anchors[start:end]:
            total = total + anchors
        return total


def _prefix(values: Iterable[int]) -> list[int]:
    sums = [0]
    for value in values:
        sums.append(sums[-1] + value)
    return sums


def _coster(source: _Side, target: _Side, model: LengthModel) -> Callable[[int, int, int, int, int], float]:
    """Return ``cost(move, i0, i1, j0, j1)`` for links between ``source`` and ``target`` units."""
    sp, tp, sn, tn = source.prefix, target.prefix, source.sentences, target.sentences
    sa, sa2, ta, ta2 = source.anchors, source.pairs, target.anchors, target.pairs
    ratio, variance = model.ratio, model.variance
    omission = _OMISSION_COST

    def cost(move: int, i0: int, i1: int, j0: int, j1: int) -> float:
        di, dj = i1 - i0, j1 - j0
        if not di or not dj:  # every sentence left out costs one omission
            return omission * (sn[i1] - sn[i0] + tn[j1] - tn[j0])
        ls, lt = sp[i1] - sp[i0], tp[j1] - tp[j0]
        mean = (ls + lt / ratio) / 2
        delta = abs(lt - ratio * ls) / math.sqrt(variance * (mean if mean > 1 else 1.0))
        value = _PRIOR_COST[move] + _length_cost(delta)
        s = sa[i0] if di == 1 else sa2[i0]
        t = ta[j0] if dj == 1 else ta2[j0]
        if s.required or s.optional or t.required or t.optional:
            value += _anchor_cost(s, t)
        return value

    return cost


def _length_cost(delta: float) -> float:
    """``-ln(2·(1 - Φ(δ)))`` for δ ≥ 0: Gale & Church's cost of a length mismatch."""
    return -math.log(max(math.erfc(delta / math.sqrt(2)), 1e-300))


def _band(n: int, m: int, width: int) -> tuple[list[int], list[int]]:
    """Per row i of an (n+1) x (m+1) lattice, the lowest and highest column visited."""
    if n == 0 or width >= max(n, m):
        return [0] * (n + 1), [m] * (n + 1)
    width = max(width, math.ceil(m / n) + 2)
    lo, hi = [], []
    for i in range(n + 1):
        centre = i * m // n
        lo.append(max(0, centre - width))
        hi.append(min(m, centre + width))
    return lo, hi


def _best_path(n: int, m: int, cost: Callable[[int, int, int, int, int], float], width: int = BAND) -> list[_Step]:
    """Best path through the n x m lattice, with each link's cost and posterior probability.

    Banded: the band is doubled while the best path touches its edge.
    """
    while True:
        lo, hi = _band(n, m, width)
        steps, touches = _search(n, m, cost, lo, hi)
        if not touches or width >= max(n, m):
            return steps
        width *= 2


def _search(
    n: int, m: int, cost: Callable[[int, int, int, int, int], float], lo: list[int], hi: list[int]
) -> tuple[list[_Step], bool]:
    """The best path through the band ``lo``..``hi`` of the lattice, with each step's posterior,
    and whether it touches the band's edge (then a wider band may find a better one)."""
    alpha, back, costs = _forward(n, cost, lo, hi)
    beta = _backward(n, m, lo, hi, costs)
    return _trace(n, m, lo, hi, back, costs, alpha, beta)


def _forward(
    n: int, cost: Callable[[int, int, int, int, int], float], lo: list[int], hi: list[int]
) -> tuple[list[list[float]], list[list[int]], list[list[float]]]:
    """The forward pass: per cell the forward log-sum (alpha), the best move into it
    and the cost of each move into it (kept for the backward pass)."""
    inf = math.inf
    exp, log = math.exp, math.log
    moves = tuple(enumerate(MOVES))
    best = [[inf] * (hi[i] - lo[i] + 1) for i in range(n + 1)]
    alpha = [[inf] * (hi[i] - lo[i] + 1) for i in range(n + 1)]
    back = [[-1] * (hi[i] - lo[i] + 1) for i in range(n + 1)]
    per_cell = len(MOVES)
    costs = [[inf] * (per_cell * (hi[i] - lo[i] + 1)) for i in range(n + 1)]
    best[0][0] = alpha[0][0] = 0.0
    for i in range(n + 1):
        row_lo = lo[i]
        row_best, row_alpha, row_back, row_costs = best[i], alpha[i], back[i], costs[i]
        for j in range(row_lo, hi[i] + 1):
            if i == 0 and j == 0:
                continue
            top, top_move = inf, -1
            terms = []
            for k, (di, dj) in moves:
                pi, pj = i - di, j - dj
                if pi < 0 or pj < lo[pi] or pj > hi[pi]:
                    continue
                previous = best[pi][pj - lo[pi]]
                if previous == inf:
                    continue
                c = cost(k, pi, i, pj, j)
                row_costs[per_cell * (j - row_lo) + k] = c
                if previous + c < top:
                    top, top_move = previous + c, k
                terms.append(alpha[pi][pj - lo[pi]] + c)
            if top_move < 0:
                continue
            row_best[j - row_lo], row_back[j - row_lo] = top, top_move
            floor = min(terms)
            row_alpha[j - row_lo] = floor - log(sum(exp(floor - t) for t in terms))
    return alpha, back, costs


def _backward(n: int, m: int, lo: list[int], hi: list[int], costs: list[list[float]]) -> list[list[float]]:
    """The backward log-sum (beta) of every cell, from the move costs of the forward pass."""
    inf = math.inf
    exp, log = math.exp, math.log
    moves = tuple(enumerate(MOVES))
    per_cell = len(MOVES)
    beta = [[inf] * (hi[i] - lo[i] + 1) for i in range(n + 1)]
    beta[n][m - lo[n]] = 0.0
    for i in range(n, -1, -1):
        row_lo = lo[i]
        for j in range(hi[i], row_lo - 1, -1):
            if i == n and j == m:
                continue
            terms = []
            for k, (di, dj) in moves:
                ni, nj = i + di, j + dj
                if ni > n or nj < lo[ni] or nj > hi[ni]:
                    continue
                after = beta[ni][nj - lo[ni]]
                if after == inf:
                    continue
                terms.append(after + costs[ni][per_cell * (nj - lo[ni]) + k])
            if terms:
                floor = min(terms)
                beta[i][j - row_lo] = floor - log(sum(exp(floor - t) for t in terms))
    return beta


def _trace(
    n: int,
    m: int,
    lo: list[int],
    hi: list[int],
    back: list[list[int]],
    costs: list[list[float]],
    alpha: list[list[float]],
    beta: list[list[float]],
) -> tuple[list[_Step], bool]:
    """Follow the best moves back from (n, m): the steps with their posteriors, and whether the
    path touches the band's edge."""
    per_cell = len(MOVES)
    total = alpha[n][m - lo[n]]
    steps: list[_Step] = []
    touches = False
    i, j = n, m
    while i or j:
        k = back[i][j - lo[i]]
        di, dj = MOVES[k]
        pi, pj = i - di, j - dj
        c = costs[i][per_cell * (j - lo[i]) + k]
        posterior = math.exp(min(0.0, total - (alpha[pi][pj - lo[pi]] + c + beta[i][j - lo[i]])))
        steps.append(_Step(pi, i, pj, j, c, posterior))
        if (j == lo[i] and j > 0) or (j == hi[i] and j < m):
            touches = True
        i, j = pi, pj
    steps.reverse()
    return steps, touches


# --------------------------------------------------------------------------- aligning


def align(
    source_text: str,
    target_text: str,
    src_lang: str,
    tgt_lang: str,
    *,
    glossary: Any = None,
    segmented: bool = False,
    threshold: float = DEFAULT_THRESHOLD,
    paths: tuple[str | Path | None, str | Path | None] = (None, None),
) -> Alignment:
    """Align ``target_text`` (a translation into ``tgt_lang``) with ``source_text`` (in ``src_lang``).

    Texts are segmented with ``tm.segment`` (or, with ``segmented=True``, read as one sentence a
    line, paragraphs separated by blank lines). ``glossary`` (from ``tm.glossary``) adds its names
    as anchors. Links with a confidence below ``threshold`` are drafts. Raises TmError when the
    target cannot be a translation of the source: an empty text, a text not in its language (by
    script), the same text on both sides, or a length ratio far from what the languages allow;
    the error names the file of the text at fault when ``paths`` (source, target) give them.
    """
    src_lang, tgt_lang = normalize_lang(src_lang), normalize_lang(tgt_lang)
    if not 0.0 <= threshold <= 1.0:
        raise TmError(f"threshold must be between 0 and 1, not {threshold}")
    source = _sentences(nfc(source_text), src_lang, segmented)
    target = _sentences(nfc(target_text), tgt_lang, segmented)
    check_translation(source, target, src_lang, tgt_lang, paths=paths)
    src_flat = [s for paragraph in source for s in paragraph]
    tgt_flat = [s for paragraph in target for s in paragraph]
    src_side = _Side([len(s) for s in src_flat], [find_anchors(s, src_lang, glossary) for s in src_flat])
    tgt_side = _Side([len(s) for s in tgt_flat], [find_anchors(s, tgt_lang, glossary) for s in tgt_flat])
    ratio = tgt_side.prefix[-1] / src_side.prefix[-1]
    model = LengthModel(ratio, DEFAULT_VARIANCE * ratio)
    steps = _align_paragraphs(source, target, src_side, tgt_side, model)
    passes = 1
    estimate = _estimate(steps, src_side, tgt_side, model)
    if estimate is not None:  # a second pass with the length model of this text
        model, passes = estimate, 2
        steps = _align_paragraphs(source, target, src_side, tgt_side, model)
    links = [_link(step, src_side, tgt_side, model, threshold) for step in steps]
    parameters = {
        "ratio": round(model.ratio, 4),
        "variance": round(model.variance, 3),
        "passes": passes,
        "threshold": threshold,
        "band": BAND,
        "glossary": glossary is not None,
    }
    alignment = Alignment(
        links=links,
        source=src_flat,
        target=tgt_flat,
        source_lang=src_lang,
        target_lang=tgt_lang,
        source_paragraphs=[p for p, paragraph in enumerate(source) for _ in paragraph],
        target_paragraphs=[p for p, paragraph in enumerate(target) for _ in paragraph],
        parameters=parameters,
        signature=_signature(src_lang, tgt_lang, parameters),
    )
    check_plausible(alignment, path=paths[1])
    return alignment


def align_files(
    source: Path,
    target: Path,
    src_lang: str,
    tgt_lang: str,
    *,
    glossary: Path | None = None,
    segmented: bool = False,
    threshold: float = DEFAULT_THRESHOLD,
) -> Alignment:
    """``align`` two files (``glossary`` is a glossary file); errors name the file at fault."""
    terms = None
    if glossary is not None:
        from tm.glossary import read_glossary

        terms = read_glossary(glossary)
    return align(
        read_text(source),
        read_text(target),
        src_lang,
        tgt_lang,
        glossary=terms,
        segmented=segmented,
        threshold=threshold,
        paths=(source, target),
    )


def _sentences(text: str, lang: str, segmented: bool) -> list[list[str]]:
    """The sentences of ``text``, grouped by paragraph."""
    if not segmented:
        return [[s.text for s in p.sentences] for p in segment(text, lang)]
    paragraphs: list[list[str]] = [[]]
    for line in text.splitlines():
        line = line.strip()
        if line:
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    return [p for p in paragraphs if p]


def _align_paragraphs(
    source: list[list[str]], target: list[list[str]], src_side: _Side, tgt_side: _Side, model: LengthModel
) -> list[_Step]:
    """Align paragraphs, then the sentences inside each aligned group; sentence-level steps."""
    src_par, tgt_par = _paragraph_side(src_side, source), _paragraph_side(tgt_side, target)
    # A paragraph side's sentence counts, summed, are where each paragraph starts.
    src_starts, tgt_starts = src_par.sentences, tgt_par.sentences
    steps: list[_Step] = []
    for group in _best_path(len(source), len(target), _coster(src_par, tgt_par, model)):
        i0, i1 = src_starts[group.i0], src_starts[group.i1]
        j0, j1 = tgt_starts[group.j0], tgt_starts[group.j1]
        if i0 == i1 or j0 == j1:  # a paragraph left out: each of its sentences is an omission
            steps += [_Step(i, i + 1, j0, j0, _OMISSION_COST, group.posterior) for i in range(i0, i1)]
            steps += [_Step(i0, i0, j, j + 1, _OMISSION_COST, group.posterior) for j in range(j0, j1)]
            continue
        inner = _coster(_slice(src_side, i0, i1), _slice(tgt_side, j0, j1), model)
        for step in _best_path(i1 - i0, j1 - j0, inner):
            steps.append(
                _Step(
                    i0 + step.i0, i0 + step.i1, j0 + step.j0, j0 + step.j1, step.cost, step.posterior * group.posterior
                )
            )
    return steps


def _paragraph_side(sentences: _Side, paragraphs: list[list[str]]) -> _Side:
    """The paragraphs of one side as lattice units, from that side's ``sentences``."""
    sizes = [len(p) for p in paragraphs]
    starts = _prefix(sizes)
    spans = list(zip(starts, starts[1:]))
    return _Side(
        [sentences.prefix[b] - sentences.prefix[a] for a, b in spans],
        [sentences.span_anchors(a, b) for a, b in spans],
        sizes,
    )


def _slice(side: _Side, start: int, end: int) -> _Side:
    return _Side(side.lengths[start:end], side.anchors[start:end])


def _estimate(steps: list[_Step], source: _Side, target: _Side, model: LengthModel) -> LengthModel | None:
    """Re-estimate ratio and variance from the confident 1-1 links (None if there are too few)."""
    pairs = [
        (source.lengths[s.i0], target.lengths[s.j0])
        for s in steps
        if s.i1 - s.i0 == 1
        and s.j1 - s.j0 == 1
        and s.posterior >= 0.8
        and abs(model.delta(source.lengths[s.i0], target.lengths[s.j0])) < 3
    ]
    if len(pairs) < 5:
        return None
    ratio = sum(t for _, t in pairs) / max(1, sum(s for s, _ in pairs))
    squares = sum((t - ratio * s) ** 2 / max(1.0, (s + t / ratio) / 2) for s, t in pairs)
    # A maximum a posteriori estimate: the default variance counts as PRIOR_LINKS links, so that a
    # short text cannot make the length model overconfident.
    variance = (squares + PRIOR_LINKS * DEFAULT_VARIANCE * ratio) / (len(pairs) + PRIOR_LINKS)
    return LengthModel(ratio, min(max(variance, 1.0), 100.0))


def _link(step: _Step, source: _Side, target: _Side, model: LengthModel, threshold: float) -> Link:
    """Turn a step into a Link: confidence (see the module docstring) and reasons."""
    src_ids = tuple(range(step.i0, step.i1))
    tgt_ids = tuple(range(step.j0, step.j1))
    reasons: list[str] = []
    kind = f"{len(src_ids)}-{len(tgt_ids)}"
    if not tgt_ids:
        fit = 0.5
        reasons.append("omission: no target sentence for this source")
    elif not src_ids:
        fit = 0.5
        reasons.append("addition: no source sentence for this target")
    else:
        ls = source.prefix[step.i1] - source.prefix[step.i0]
        lt = target.prefix[step.j1] - target.prefix[step.j0]
        delta = model.delta(ls, lt)
        fit = min(1.0, math.erfc(abs(delta) / math.sqrt(2)) / 0.01)
        if kind != "1-1":
            reasons.append(f"{kind} link")
        if fit < 1.0:
            reasons.append(f"length ratio {lt / max(ls, 1):.2f} far from {model.ratio:.2f} (z={delta:+.1f})")
    agreement = 1.0
    if src_ids and tgt_ids:
        matched, lost_s, lost_t = _anchor_match(
            source.span_anchors(step.i0, step.i1), target.span_anchors(step.j0, step.j1)
        )
        total = _weight(matched) + _weight(lost_s) + _weight(lost_t)
        if total:
            agreement = 0.5 + 0.5 * _weight(matched) / total
        if matched:
            reasons.append("anchors matched: " + " ".join(_show(k) for k in matched))
        if lost_s:
            reasons.append("only in source: " + " ".join(_show(k) for k in lost_s))
        if lost_t:
            reasons.append("only in target: " + " ".join(_show(k) for k in lost_t))
    if step.posterior < 0.9:
        reasons.append(f"alternatives close (posterior {step.posterior:.2f})")
    confidence = max(0.0, min(1.0, step.posterior * fit * agreement))
    draft = confidence < threshold
    if draft:
        reasons.insert(0, f"confidence {confidence:.2f} below threshold {threshold:g}")
    return Link(src_ids, tgt_ids, confidence, round(step.cost, 4), tuple(reasons), draft)


def _show(key: str) -> str:
    """An anchor key as a reason shows it: the number, the English month name, "quotation", the entry."""
    if key[0] == "m":
        number = int(key[1:])
        # English's month patterns are the plain names, January first.
        return rules_for("en").months[number - 1] if 1 <= number <= 12 else key[1:]
    if key == "q":
        return "quotation"
    return key[1:]


def _signature(src_lang: str, tgt_lang: str, parameters: dict[str, Any]) -> str:
    return str(
        Signature.of(
            ("align", "gc+anchors"),
            ("pair", f"{src_lang}-{tgt_lang}"),
            ("c", f"{parameters['ratio']:.3f}"),
            ("s2", f"{parameters['variance']:.2f}"),
            ("passes", parameters["passes"]),
            ("band", parameters["band"]),
            ("glossary", "yes" if parameters["glossary"] else "no"),
            ("threshold", f"{parameters['threshold']:g}"),
        )
    )


# --------------------------------------------------------------------------- bad input


def check_translation(
    source: list[list[str]],
    target: list[list[str]],
    src_lang: str,
    tgt_lang: str,
    *,
    paths: tuple[str | Path | None, str | Path | None] = (None, None),
) -> None:
    """Raise TmError unless ``target`` (sentences by paragraph) can be a translation of ``source``.

    Refused: an empty side; a side whose letters are mostly not in its language's script
    (Cyrillic text given as ``az``); the same text on both sides, or a target sharing most of its
    words with the source (same language); a total length ratio more than ``MAX_RATIO_FACTOR``
    away from the ratio the two languages usually have. The error names the side's file from
    ``paths`` (source, target).
    """
    sides = (("source", source, src_lang, paths[0]), ("target", target, tgt_lang, paths[1]))
    for side, paragraphs, lang, path in sides:
        if not paragraphs:
            raise TmError(
                f"the {side} text is empty: nothing to align", path=path, hint=f"give a {lang} document with text"
            )
    for side, paragraphs, lang, path in sides:
        _check_script(side, " ".join(s for p in paragraphs for s in p), lang, path)
    src_words = _words(source, src_lang)
    tgt_words = _words(target, tgt_lang)
    if source == target:
        raise TmError("the target text is the same as the source: it is not a translation", path=paths[1])
    if tgt_words:
        vocabulary = set(src_words)
        shared = sum(1 for w in tgt_words if w in vocabulary) / len(tgt_words)
        if shared > 0.5:
            raise TmError(
                f"the target text shares {shared:.0%} of its words with the source: "
                f"it is not a {tgt_lang} translation of a {src_lang} text",
                path=paths[1],
                hint="check that SOURCE and TARGET are different files in the languages of --from and --to",
            )
    src_len = sum(len(s) for p in source for s in p)
    tgt_len = sum(len(s) for p in target for s in p)
    expected = rules_for(tgt_lang).expansion / rules_for(src_lang).expansion
    ratio = tgt_len / src_len
    if not expected / MAX_RATIO_FACTOR <= ratio <= expected * MAX_RATIO_FACTOR:
        longer = "longer" if ratio > expected else "shorter"
        raise TmError(
            f"the target text is {ratio:.2f} times as long as the source ({tgt_len} against {src_len} "
            f"characters; a {src_lang}-{tgt_lang} translation is about {expected:.2f}): "
            f"far {longer} than a translation",
            path=paths[1],
            hint="align a document with its own translation; split a file that holds several documents",
        )


def _check_script(side: str, text: str, lang: str, path: str | Path | None) -> None:
    expected = expected_script(lang)
    if expected is None:
        return
    counts: dict[str, int] = {}
    letters = 0
    for char in text[:20000]:
        if char.isalpha():
            letters += 1
            script = script_of(char) or ""  # a letter without a Unicode name (Tangut) counts as ""
            counts[script] = counts.get(script, 0) + 1
    if letters and counts.get(expected, 0) / letters < 0.5:
        found = max(counts, key=counts.__getitem__).capitalize()
        raise TmError(
            f"the {side} text is not in {lang}: its letters are mostly {found}, {lang} is written in "
            f"{expected.capitalize()}",
            path=path,
            hint="check --from and --to, and the order of SOURCE and TARGET",
        )


def _words(paragraphs: list[list[str]], lang: str) -> list[str]:
    return [fold(w, lang) for p in paragraphs for s in p for w in _WORD.findall(s) if len(w) > 1 and not w.isdigit()]


def check_plausible(alignment: Alignment, path: str | Path | None = None) -> None:
    """Raise TmError when an alignment says the texts are not a translation of each other
    (naming ``path``, the target's file, if given).

    Most sentences without a counterpart, or a mean confidence below 0.2, mean the length model
    and the anchors found no common structure: a confident-looking result would be nonsense.
    """
    links = alignment.links
    omitted = sum(1 for link in links if not link.source or not link.target)
    mean = sum(link.confidence for link in links) / len(links)
    if omitted > len(links) / 2 or mean < 0.2:
        raise TmError(
            f"the target text does not look like a translation of the source: {omitted} of {len(links)} "
            f"links have no counterpart, mean confidence {mean:.2f}",
            path=path,
            hint="check that TARGET translates SOURCE; with --segmented, that both have one sentence a line",
        )


# --------------------------------------------------------------------------- output


def to_units(alignment: Alignment, *, document: str | None = None) -> list[Unit]:
    """One unit per link that has both sides, provenance ``aligned``; drafts below the threshold.

    A draft's target has status ``draft`` and its reasons as a note (a PO translator comment). Ids are derived from the source
    text (with a counter for repeats), so aligning a document again gives the same ids.
    """
    units: list[Unit] = []
    seen: dict[str, int] = {}
    for position, link in enumerate(alignment.links):
        if not link.source or not link.target:
            continue
        source, target = alignment.texts(link)
        digest = hashlib.sha1(source.encode("utf-8")).hexdigest()[:12]
        seen[digest] = seen.get(digest, 0) + 1
        unit_id = digest if seen[digest] == 1 else f"{digest}-{seen[digest]}"
        summary = (
            f"aligned {alignment.source_lang}:{_ids(link.source)} {alignment.target_lang}:{_ids(link.target)}, "
            f"confidence {link.confidence:.2f}"
        )
        variant = Variant.of(
            alignment.target_lang,
            target,
            status=Status.DRAFT if link.draft else Status.TRANSLATED,
            origin=Origin.ALIGNED,
            source_text=source,
            notes=["; ".join(link.reasons)] if link.draft else [],
        )
        units.append(
            Unit(
                id=unit_id,
                source=Variant.of(alignment.source_lang, source, origin=Origin.ALIGNED),
                targets={alignment.target_lang: variant},
                context=Context(
                    document=document,
                    paragraph=alignment.source_paragraphs[link.source[0]],
                    position=position,
                ),
                origin=Origin.ALIGNED,
                props={"x-align-confidence": [f"{link.confidence:.3f}"], "x-align-cost": [f"{link.cost:.3f}"]},
                notes=[summary],
            )
        )
    return units


def _ids(indices: tuple[int, ...]) -> str:
    return ",".join(str(i) for i in indices) or "-"


def to_tsv(alignment: Alignment) -> str:
    """Tab-separated links: source ids, target ids, confidence, status, source, target, reasons."""
    rows = ["source_ids\ttarget_ids\tconfidence\tstatus\tsource\ttarget\treasons"]
    for link in alignment.links:
        source, target = alignment.texts(link)
        rows.append(
            "\t".join(
                [
                    _ids(link.source),
                    _ids(link.target),
                    f"{link.confidence:.3f}",
                    "draft" if link.draft else "ok",
                    tsv.cell(source),
                    tsv.cell(target),
                    tsv.cell("; ".join(link.reasons)),
                ]
            )
        )
    return "\n".join(rows) + "\n"


def to_json(alignment: Alignment) -> str:
    """The links as a JSON list: ``[{"source": [0], "target": [0, 1], "confidence": 0.93, ...}]``."""
    lines = [json.dumps(link.to_dict(), ensure_ascii=False) for link in alignment.links]
    return "[\n" + ",\n".join(lines) + "\n]\n"


#: Output formats of an alignment, and the file extensions that select them.
FORMATS = ("tmx", "po", "tsv", "json")
#: The formats ``render`` prints as text; the others need a file.
PRINTABLE_FORMATS = ("tsv", "json")


def output_format(path: Path | None, explicit: str | None) -> str:
    """The format to write: ``explicit`` if given, else the extension of ``path``, else TSV.

    Raises TmError when the extension names no format, or when a format that ``render`` cannot
    print (TMX, PO) is asked for without ``path``: callers can check this before aligning.
    """
    if explicit:
        if path is None and explicit not in PRINTABLE_FORMATS:
            raise _needs_file(explicit)
        return explicit
    if path is None:
        return "tsv"
    suffix = path.suffix.lower().lstrip(".")
    if suffix in FORMATS:
        return suffix
    raise TmError(f"cannot tell the output format from the extension {path.suffix!r}", path=path, hint="give --format")


def render(alignment: Alignment, fmt: str) -> str:
    """The alignment as TSV or JSON text."""
    if fmt == "json":
        return to_json(alignment)
    if fmt == "tsv":
        return to_tsv(alignment)
    raise _needs_file(fmt)


def _needs_file(fmt: str) -> TmError:
    return TmError(f"{fmt} output needs a file: give -o out.{fmt}")


def write_alignment(alignment: Alignment, path: Path, fmt: str, *, document: str | None = None) -> None:
    """Write the alignment to ``path`` as TMX or PO (one unit per link, provenance aligned), TSV or JSON."""
    if fmt in PRINTABLE_FORMATS:
        write_atomic(path, render(alignment, fmt))
        return
    from tm.formats import po, tmx

    units = to_units(alignment, document=document or path.stem)
    if fmt == "tmx":
        tmx.write(units, path, srclang=alignment.source_lang)
    elif fmt == "po":
        po.write(units, path, lang=alignment.target_lang, source_lang=alignment.source_lang)
    else:
        raise TmError(f"unknown alignment output format {fmt!r}", hint=f"use one of {', '.join(FORMATS)}")
