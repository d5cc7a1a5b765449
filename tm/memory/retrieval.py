"""Candidate retrieval for a lookup, shared by every backend: which units to score, and their ranking.

A backend answers a few questions about its word index (``Postings``); this module decides what to
ask, ranks the sources it gets by character similarity and builds the candidates. So the same
memory gives the same candidates, and ``tm.match`` the same scores, whatever database holds it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from functools import partial
from typing import Protocol

import numpy
from rapidfuzz import process
from rapidfuzz.distance import Indel

from tm.memory.contract import Candidate, CandidateUnit
from tm.memory.rows import TOKEN, index_text, load_content, origin_of, terms, variant
from tm.model import Variant, same_lang

#: A term held by more than this many times a lookup's budget of sources is a common word: a
#: lookup reads its sources only when the query has no rarer word.
COMMON = 20
#: A source holding under this share of the characters of a query's words (as words) was never
#: similar enough to end a lookup's search (``retry_below``): among the 90,000 candidates of
#: serve.py's 3,000 queries at 1M units, such sources were at most 0.71 similar, and the 5,871
#: similar ones held at least 0.48.
SHARED = 0.4
#: The pool a lookup reads again without the query's rarest word keeps up to this many times its
#: size more of the sources tied with its last: a sentence of common words lacking the query's
#: rarest word shares the next two with hundreds of sources, all alike to the pool (at 1M units,
#: a 0.91 match was one of ~570).
TIED = 2
#: Reading a source and finding its words costs about as much as reading this many postings.
_POSTINGS_A_SOURCE = 40


class Postings(Protocol):
    """What retrieval asks of a backend's word index. Ties are broken by unit id, smallest first,
    so that every backend returns the same units."""

    def term_counts(self, words: list[str]) -> list[tuple[int, str]]:
        """(number of sources holding it, term) for each of ``words`` the index holds."""
        ...

    def unit_count(self) -> int:
        """The number of units (an estimate is fine: it weighs terms)."""
        ...

    def holders(self, terms: list[str]) -> list[numpy.ndarray]:
        """For each of ``terms``, the ids of the units holding it (int64, in any order)."""
        ...

    def nearest_in_length(
        self, terms: list[str], length: int, size: int, holders: Callable[[list[str]], list[numpy.ndarray]]
    ) -> list[int]:
        """For each of ``terms`` in turn, the ``size`` units holding it whose word count is nearest
        ``length`` (ties to the smaller id). ``holders`` is ``holders`` as the lookup reads it (each
        term once): a backend that ranks the holders itself takes them from there."""
        ...

    def sources(self, ids: list[int], src_langs: list[str]) -> dict[int, str]:
        """The source texts of the units ``ids`` whose source language is one of ``src_langs``."""
        ...

    def unit_rows(self, ids: list[int]) -> list[tuple[int, str | None, str, str]]:
        """(id, origin, source, variants) of the units ``ids``."""
        ...


def matching(languages: list[str], lang: str) -> list[str]:
    """The tags of ``languages`` that stand for ``lang`` (``az`` matches ``az-Latn-AZ``)."""
    return [tag for tag in languages if same_lang(tag, lang)]


def word_count(text: str, lang: str) -> int:
    """How many index words ``text`` has (repeats counted), as the index keeps for its sources."""
    return len(TOKEN.findall(index_text(text, lang)))


def candidates(
    postings: Postings,
    text: str,
    src_langs: list[str],
    tgt_langs: list[str],
    lang: str,
    limit: int = 30,
    *,
    budget: int = 5000,
    pool_size: int = 100,
    retry_below: float = 0.75,
) -> list[Candidate]:
    """The ``limit`` units most similar to ``text`` (in ``lang``) among those sharing its rarest words,
    most similar first (ties to the older unit).

    The query's terms are taken rarest first until the sources holding them add up to
    ``budget`` (at least two terms, unless the second is a common word, held by over twenty times
    the budget), so a lookup costs about the same in a memory of a thousand units or of millions.
    The ``pool_size`` sources sharing the most (by summed IDF) are ranked by character
    similarity; only units with a source in ``src_langs`` count (``Candidate.unit_of`` reads the
    rest of a unit: its target is the first in ``tgt_langs`` it has). When none is similar (below
    ``retry_below``), more sources are read, step by step: those holding every term, the pool
    without the rarest term (and ``TIED`` times its size more of the sources tied with its last),
    the holders of the rarest terms nearest the query in length. Unless no source left out of the
    pool can hold ``SHARED`` of the characters of the query's words as words (``_most_shared``):
    then none is similar, and the query is new text, whose matches are chance ones.
    """
    words = terms(text, lang)
    if not src_langs or not tgt_langs or not words:
        return []
    counts = sorted(postings.term_counts(words))
    total_units = postings.unit_count()
    size = max(pool_size, limit)
    reads = _Reads(postings, src_langs)
    pooled = _rarest(counts, budget)
    pool, most_left_out = _pool(reads, pooled, total_units, size)
    # Each step reads more sources; the first that finds a similar one ends the search. After
    # the pool of the rarest words: the sources holding every word of the query (a repeat made
    # of common words is lost among the many sharing its rarest ones); the pool again without
    # the rarest word (one the best match lacks: an inserted word), with the sources tied at its
    # end, unless only common words are left (a pool of them would be slow and arbitrary); the
    # holders of each uncommon word nearest the query in length (the pool ranks thousands of
    # holders of one word alike).
    steps: list[Callable[[], list[int]]] = [
        lambda: pool,
        lambda: _holding_all(reads, counts, budget, size, lang) if len(counts) >= 2 else [],
    ]
    if len(counts) >= 2 and counts[1][0] <= COMMON * budget:
        steps.append(lambda: _pool(reads, _rarest(counts[1:], budget), total_units, 5 * size, TIED * size)[0])
    steps.append(lambda: _nearest_in_length(reads, word_count(text, lang), counts, budget, size))
    similarity: dict[int, float] = {}
    for number, step in enumerate(steps):
        sources = reads.sources([unit_id for unit_id in step() if unit_id not in similarity])
        if sources:
            scores = process.cdist(
                [text], list(sources.values()), scorer=Indel.normalized_similarity, dtype=numpy.float64
            )
            similarity.update(zip(sources, scores[0].tolist()))
        if similarity and max(similarity.values()) >= retry_below:
            break
        if number == 0 and _most_shared(text, lang, counts, pooled, most_left_out) < SHARED:
            break
    # Ties go to the older unit, whatever order the index gave them in.
    ids = numpy.fromiter(similarity, dtype=numpy.int64, count=len(similarity))
    values = numpy.fromiter(similarity.values(), dtype=numpy.float64, count=len(similarity))
    best = ids[numpy.lexsort((ids, -values))[:limit]].tolist()
    return [
        Candidate(unit_id, reads.texts[unit_id], partial(candidate_unit, postings, unit_id, tgt_langs))
        for unit_id in best
    ]


def _most_shared(
    text: str, lang: str, counts: list[tuple[int, str]], pooled: list[tuple[int, str]], most_left_out: int
) -> float:
    """The largest share of the characters of the words of ``text`` that a source left out of the
    pool can hold as words: those of the words the index holds (``counts``) but the pool did not
    read, and of the ``most_left_out`` of the pool's terms (``pooled``) longest in the query."""
    chars: dict[str, int] = {}  # a word's characters in the query, every time it occurs
    for word in TOKEN.findall(index_text(text, lang)):
        chars[word] = chars.get(word, 0) + len(word)
    read = {term for _docs, term in pooled}
    unread = sum(chars[term] for _docs, term in counts if term not in read)
    longest = sorted((chars[term] for term in read), reverse=True)[:most_left_out]
    return (unread + sum(longest)) / sum(chars.values())


class _Reads:
    """What one lookup has read of the index and of the sources, so that no step reads it twice."""

    def __init__(self, postings: Postings, src_langs: list[str]) -> None:
        self.postings = postings
        self.src_langs = src_langs
        self.held: dict[str, numpy.ndarray] = {}
        self.texts: dict[int, str] = {}  # the sources read that are in one of src_langs
        self.asked: set[int] = set()  # the units whose sources were asked for

    def holders(self, terms: list[str]) -> list[numpy.ndarray]:
        """``Postings.holders``, each term's read once (those not read yet in one question)."""
        missing = [term for term in dict.fromkeys(terms) if term not in self.held]
        if missing:
            self.held.update(zip(missing, self.postings.holders(missing)))
        return [self.held[term] for term in terms]

    def sources(self, ids: list[int]) -> dict[int, str]:
        """``Postings.sources`` in the lookup's source languages, in the order of ``ids``."""
        missing = [unit_id for unit_id in ids if unit_id not in self.asked]
        if missing:
            self.texts.update(self.postings.sources(missing, self.src_langs))
            self.asked.update(missing)
        return {unit_id: self.texts[unit_id] for unit_id in ids if unit_id in self.texts}


def ids_of(joined: str | None) -> numpy.ndarray:
    """Unit ids joined by commas (as SQL's ``group_concat``/``string_agg`` give them) as an array."""
    return numpy.fromstring(joined or "", dtype=numpy.int64, sep=",")


def nearest(ids: numpy.ndarray, lengths: numpy.ndarray, length: int, size: int) -> list[int]:
    """The ``size`` of ``ids`` whose ``lengths`` (word counts, by position) are nearest ``length``,
    nearest first, ties to the smaller id: what ``Postings.nearest_in_length`` gives for one term."""
    # Distance first, then id: both in one int64 (ids stay below 2**40).
    order = (numpy.abs(lengths.astype(numpy.int64) - length) << 40) | ids
    if len(order) > size:
        order = numpy.partition(order, size - 1)[:size]
    return (numpy.sort(order) & ((1 << 40) - 1)).tolist()


def top_weighted(holders: list[numpy.ndarray], weights: list[float], size: int, ties: int = 0
                 ) -> tuple[list[int], int]:  # fmt: skip
    """The ``size`` units whose summed weights are the largest, and up to ``ties`` more whose sum
    is that of the last of them: ``holders[k]`` holds the ids of the units that get ``weights[k]``.
    Sums are compared rounded to a millionth (so that the order in which they were added does not
    matter), ties go to the smaller id. With them, the most of
    the ``holders`` that a unit left out is in (0 when none is left out).

    In numpy: SQL's GROUP BY over a few thousand postings took SQLite three times as long as
    reading them, and PostgreSQL twice as long. Each id is sorted with the number of its holder
    in one int64 (a unit's weights are summed in the order of ``holders``), made for all holders
    at once (not a shift and an or for each); the sort is numpy's stable one (a timsort), which
    merges the ascending runs a word index gives its holders in instead of sorting them afresh
    (a tenth fewer instructions for ``top_weighted``, and the keys are distinct: the same order).
    A unit's weights are summed by ``numpy.bincount`` over the number of its run (in the order of
    ``holders``): ``numpy.add.reduceat`` pays for each run, and most units hold one term (4,136
    units for 4,187 holders in a pool of serve.py's queries at 1M units), which cost a fifth of
    ``top_weighted``'s instructions, and 5 % more than the bincount and its cumulative sum.
    A common term's many holders that hold nothing else are cut to the first ``size`` (``_cut``);
    the sums hold many ties, so the ``size``-th largest is found by sorting them
    (``numpy.partition`` took 1.5 ms on 40k sums of three values, and more instructions than the
    sort on serve.py's pools), and ties at it go to the smallest ids without sorting them all.
    """
    if not holders:
        return [], 0
    cut = _cut(holders, size + ties)
    ids = numpy.concatenate(cut)
    if not len(ids):
        return [], 0
    keys = (ids << 16) | numpy.repeat(numpy.arange(len(cut)), [len(found) for found in cut])
    keys.sort(kind="stable")
    ids = keys >> 16
    first = numpy.empty(len(ids), dtype=bool)
    first[0] = True
    numpy.not_equal(ids[1:], ids[:-1], out=first[1:])
    starts = numpy.flatnonzero(first)
    given = numpy.asarray(weights, dtype=numpy.float64)[keys & 0xFFFF]
    # Holders counted by the number of their unit's run, from 1 (bincount's 0 is no unit's).
    sums = numpy.round(numpy.bincount(numpy.cumsum(first), weights=given)[1:] * 1e6)
    # A unit _cut left out holds only the term it cut.
    most_left_out = int(cut is not holders)
    if len(sums) > size:
        least = numpy.sort(sums)[len(sums) - size]
        near = numpy.flatnonzero(sums >= least)  # the units that can make the first size
        near_sums = sums[near]
        above = near[near_sums > least]
        kept = numpy.concatenate((above, near[near_sums == least][: size + ties - len(above)]))
        held = numpy.empty(len(starts), dtype=numpy.int64)  # the terms each unit holds
        numpy.subtract(starts[1:], starts[:-1], out=held[:-1])
        held[-1] = len(ids) - starts[-1]
        held[kept] = 0
        most_left_out = max(most_left_out, int(held.max()))
        starts, sums = starts[kept], sums[kept]
    units = ids[starts]
    return units[numpy.lexsort((units, -sums))[: size + ties]].tolist(), most_left_out


def _cut(holders: list[numpy.ndarray], size: int) -> list[numpy.ndarray]:
    """``holders`` with the longest (when ascending and over four times as long as the others
    together) cut to the ids that can make the first ``size``: those the others hold too, and
    the first ``size`` of the rest, which all get the same sum (ties go to the smaller id)."""
    lengths = [len(found) for found in holders]
    longest = lengths.index(max(lengths))
    ids = holders[longest]
    if len(ids) <= 4 * (size + sum(lengths) - len(ids)) or not _ascending(ids):
        return holders
    rest = [found for number, found in enumerate(holders) if number != longest]
    others = numpy.concatenate(rest) if rest else ids[:0]
    at = numpy.searchsorted(ids, others)
    inside = at < len(ids)
    shared = numpy.unique(at[inside][ids[at[inside]] == others[inside]])
    alone = numpy.ones(size + len(shared), dtype=bool)
    alone[shared[shared < len(alone)]] = False
    cut = numpy.concatenate((ids[shared], ids[: len(alone)][alone][:size]))
    return [cut if number == longest else found for number, found in enumerate(holders)]


def _ascending(ids: numpy.ndarray) -> bool:
    """Whether ``ids`` are strictly ascending (as SQLite's word index gives a term's holders):
    sorted and unique already, and a check costs a tenth of ``numpy.unique``."""
    return bool((ids[1:] > ids[:-1]).all())


def candidate_unit(postings: Postings, unit_id: int, tgt_langs: list[str]) -> CandidateUnit | None:
    """Unit ``unit_id`` as a lookup scores it: its target the first in the most preferred of
    ``tgt_langs`` (None if it has none of them)."""
    ((_id, origin, source, variants),) = postings.unit_rows([unit_id])
    # The source row's text is the source column: only its language and codes are read here.
    (lang, _text, content, *_rest), *targets = json.loads(variants)
    preference = {tag: number for number, tag in enumerate(tgt_langs)}
    target, best = None, len(preference)
    for row in targets:
        rank = preference.get(row[0], best)
        if rank < best:
            target, best = row, rank
    if target is None:
        return None
    return CandidateUnit(Variant(lang=lang, content=load_content(source, content)), variant(*target), origin_of(origin))


def _rarest(counts: list[tuple[int, str]], budget: int) -> list[tuple[int, str]]:
    """The rarest terms of ``counts`` whose holders a pool reads: at least one, then up to
    ``budget`` holders in all (at least two terms, unless the second is a common word)."""
    chosen: list[tuple[int, str]] = []
    seen = 0
    for number, (docs, term) in enumerate(counts):
        if number >= 2 and seen + docs > budget or number >= 1 and docs > COMMON * budget:
            break
        seen += docs
        chosen.append((docs, term))
    return chosen


def _pool(reads: _Reads, chosen: list[tuple[int, str]], total_units: int, size: int, ties: int = 0
          ) -> tuple[list[int], int]:  # fmt: skip
    """The ``size`` units sharing the most (by summed IDF) of the ``chosen`` terms (and up to ``ties``
    more tied with the last), and the most of those terms a unit left out holds (``top_weighted``)."""
    return top_weighted(
        reads.holders([term for _docs, term in chosen]), [math.log(1 + total_units / docs) for docs, _term in chosen],
        size, ties,
    )  # fmt: skip


def _holding_all(reads: _Reads, counts: list[tuple[int, str]], budget: int, size: int, lang: str) -> list[int]:
    """Up to ``size`` units with a source in the lookup's languages holding every term of
    ``counts``, smallest ids first.

    The holders of the rarest terms (those the pool has read) are narrowed by the holders of the
    next rarer terms while reading those costs less than reading the sources they would spare (at
    first a chunk of them, then as many as the share found so far asks for); the sources left are
    read (the step ranks them anyway) and keep the units whose words hold the other terms.
    """
    read = len(_rarest(counts, budget))
    pending = reads.holders([counts[0][1]])[0]
    if not _ascending(pending):
        pending = numpy.unique(pending)
    narrowed = 1
    found: list[int] = []
    checked = 0
    while len(pending) and len(found) < size:
        needed = (size - len(found)) * checked // max(len(found), 1) if checked else 4 * size
        if narrowed < len(counts) and (
            narrowed < read or counts[narrowed][0] < _POSTINGS_A_SOURCE * min(needed, len(pending))
        ):
            pending = numpy.intersect1d(pending, reads.holders([counts[narrowed][1]])[0], assume_unique=True)
            narrowed += 1
            continue
        rest = {term for _docs, term in counts[narrowed:]}
        chunk = [int(unit_id) for unit_id in pending[: 4 * size]]
        pending = pending[4 * size :]
        checked += len(chunk)
        found += [unit_id for unit_id, source in reads.sources(chunk).items() if _holds(source, rest, lang)]
    return found[:size]


def _holds(source: str, terms: set[str], lang: str) -> bool:
    """Whether ``source`` (in ``lang``) holds every one of the index ``terms``: a source lacking
    one as a string lacks it as a word, and is told without splitting it into words."""
    folded = index_text(source, lang)
    return all(term in folded for term in terms) and terms <= set(TOKEN.findall(folded))


def _nearest_in_length(reads: _Reads, length: int, counts: list[tuple[int, str]], budget: int, size: int) -> list[int]:
    """For each of the rarest terms (held by up to four times ``budget`` sources in all), the
    ``size`` units holding it whose word count is nearest ``length``."""
    chosen: list[str] = []
    seen = 0
    for docs, term in counts:
        if seen + docs > 4 * budget:
            break
        seen += docs
        chosen.append(term)
    return reads.postings.nearest_in_length(chosen, length, size, reads.holders) if chosen else []
