"""Candidate retrieval for a lookup, shared by every backend: which units to score, and their ranking.

A backend answers a few questions about its word index (``Postings``); this module decides what to
ask, ranks the sources it gets by character similarity and builds the candidates. So the same
memory gives the same candidates, and ``tm.match`` the same scores, whatever database holds it.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable
from typing import Protocol

import numpy
from rapidfuzz.distance import Indel

from tm.memory.contract import Candidate
from tm.memory.rows import TOKEN, index_text, load_content, terms, variant, variant_rows
from tm.model import Origin, Variant, same_lang

#: A term held by more than this many times a lookup's budget of sources is a common word: a
#: lookup reads its sources only when the query has no rarer word.
COMMON = 20


class Postings(Protocol):
    """What retrieval asks of a backend's word index. Ties are broken by unit id, smallest first,
    so that every backend returns the same units."""

    def term_counts(self, words: list[str]) -> list[tuple[int, str]]:
        """(number of sources holding it, term) for each of ``words`` the index holds."""
        ...

    def unit_count(self) -> int:
        """The number of units (an estimate is fine: it weighs terms)."""
        ...

    def holders(self, term: str) -> numpy.ndarray:
        """The ids of the units holding ``term`` (int64, in any order)."""
        ...

    def holding_all(self, words: list[str], size: int) -> list[int]:
        """Up to ``size`` units holding every one of ``words``, smallest ids first."""
        ...

    def nearest_in_length(self, term: str, length: int, size: int) -> list[int]:
        """The ``size`` units holding ``term`` whose word count is nearest ``length``."""
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
    """The ``limit`` units most similar to ``text`` (in ``lang``) among those sharing its rarest words.

    The query's terms are taken rarest first until the sources holding them add up to
    ``budget`` (at least two terms, unless the second is a common word, held by over twenty times
    the budget), so a lookup costs about the same in a memory of a thousand units or of millions.
    The ``pool_size`` sources sharing the most (by summed IDF) are ranked by character
    similarity; only units with a source in ``src_langs`` and a target in ``tgt_langs`` count
    (the first of those a unit has). When none is similar (below ``retry_below``), more sources are
    read, step by step: those holding every term, the pool without the rarest term, the holders of
    the rarest terms nearest the query in length.
    """
    words = terms(text, lang)
    if not src_langs or not tgt_langs or not words:
        return []
    counts = sorted(postings.term_counts(words))
    total_units = postings.unit_count()
    size = max(pool_size, limit)
    # Each step reads more sources; the first that finds a similar one ends the search. After
    # the pool of the rarest words: the sources holding every word of the query (a repeat made
    # of common words is lost among the many sharing its rarest ones); the pool again without
    # the rarest word (one the best match lacks: an inserted word), unless only common words
    # are left (a pool of them would be slow and arbitrary); the holders of each uncommon word
    # nearest the query in length (the pool ranks thousands of holders of one word alike).
    steps: list[Callable[[], list[int]]] = [
        lambda: _pool(postings, counts, total_units, budget, size),
        lambda: postings.holding_all([term for _docs, term in counts], size) if len(counts) >= 2 else [],
    ]
    if len(counts) >= 2 and counts[1][0] <= COMMON * budget:
        steps.append(lambda: _pool(postings, counts[1:], total_units, budget, 5 * size))
    steps.append(lambda: _nearest_in_length(postings, word_count(text, lang), counts, budget, size))
    similarity: dict[int, float] = {}
    for step in steps:
        sources = postings.sources([unit_id for unit_id in step() if unit_id not in similarity], src_langs)
        similarity.update((unit_id, Indel.normalized_similarity(text, source)) for unit_id, source in sources.items())
        if similarity and max(similarity.values()) >= retry_below:
            break
    # Ties go to the older unit, whatever order the index gave them in.
    best = heapq.nlargest(limit, sorted(similarity), key=similarity.__getitem__)
    rank = {unit_id: number for number, unit_id in enumerate(best)}
    return _candidates(sorted(postings.unit_rows(list(rank)), key=lambda row: rank[row[0]]), tgt_langs)


def ids_of(joined: str | None) -> numpy.ndarray:
    """Unit ids joined by commas (as SQL's ``group_concat``/``string_agg`` give them) as an array."""
    return numpy.fromstring(joined or "", dtype=numpy.int64, sep=",")


def top_weighted(holders: list[numpy.ndarray], weights: list[float], size: int) -> list[int]:
    """The ``size`` units whose summed weights are the largest: ``holders[k]`` holds the ids of
    the units that get ``weights[k]``. Sums are compared rounded to a millionth (so that the order
    in which they were added does not matter), ties go to the smaller id.

    In numpy: SQL's GROUP BY over a few thousand postings took SQLite three times as long as
    reading them, and PostgreSQL twice as long.
    """
    if not holders:
        return []
    ids = numpy.concatenate(holders)
    units, where = numpy.unique(ids, return_inverse=True)
    sums = numpy.bincount(where, weights=numpy.repeat(weights, [len(h) for h in holders]))
    best = numpy.lexsort((units, -numpy.round(sums * 1e6)))[:size]
    return [int(unit) for unit in units[best]]


def _candidates(rows: list[tuple[int, str | None, str, str]], tgt_langs: list[str]) -> list[Candidate]:
    preference = {lang: number for number, lang in enumerate(tgt_langs)}
    found = []
    for unit_id, origin, source, variants in rows:
        source_row, *targets = variant_rows(source, variants)
        targets = sorted((row for row in targets if row[0] in preference), key=lambda row: preference[row[0]])
        if targets:
            found.append(Candidate(
                unit_id=unit_id,
                origin=Origin(origin) if origin else None,
                source=Variant(lang=source_row[0], content=load_content(source, source_row[2])),
                target=variant(*targets[0]),
            ))  # fmt: skip
    return found


def _pool(postings: Postings, counts: list[tuple[int, str]], total_units: int, budget: int, size: int) -> list[int]:
    """The ``size`` units sharing the most (by summed IDF) of the rarest terms."""
    chosen: list[tuple[str, float]] = []
    seen = 0
    for number, (docs, term) in enumerate(counts):
        if number >= 2 and seen + docs > budget or number >= 1 and docs > COMMON * budget:
            break
        seen += docs
        chosen.append((term, math.log(1 + total_units / docs)))
    return top_weighted(
        [postings.holders(term) for term, _weight in chosen], [weight for _term, weight in chosen], size
    )


def _nearest_in_length(
    postings: Postings, length: int, counts: list[tuple[int, str]], budget: int, size: int
) -> list[int]:
    """For each of the rarest terms (held by up to four times ``budget`` sources in all), the
    ``size`` units holding it whose word count is nearest ``length``."""
    ids: list[int] = []
    seen = 0
    for docs, term in counts:
        if seen + docs > 4 * budget:
            break
        seen += docs
        ids += postings.nearest_in_length(term, length, size)
    return ids
