"""Concordance: where a word or phrase occurs in the memory's sources and targets, hits marked.

``concordance(memory, "Khojaly", "en", "az", glossary=glossary)`` finds the query through the
glossary's recognisers (``tm.glossary.recognize``), so in Azerbaijani and Russian it finds inflected
forms too (``Xocalı`` -> ``Xocalının``, ``Алиев`` -> ``Алиева``). When the glossary has an entry
for the query, that entry's terms count as well: a search for ``Khojaly`` from English to
Azerbaijani marks ``Xocalıda`` in the targets. Case is ignored except in acronyms.
"""

from __future__ import annotations

import pickle
import re
from array import array
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any

from tm.errors import TmError
from tm.glossary.model import Entry, Glossary, Term
from tm.glossary.recognize import find_terms, scan_key, start_patterns
from tm.model import Unit, nfc, normalize_lang

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

    from tm.memory import Memory

#: A search counts the units holding the query up to this many (or up to the page asked for).
COUNT_LIMIT = 1000
#: Units, or words, in one pickled part of a saved index (``ConcordanceIndex.save``); characters
#: of the keys in one part: ``CHARS``.
PART = 1000
CHARS = 1 << 20

__all__ = ["ConcordanceHit", "ConcordanceIndex", "ConcordanceResult", "concordance", "query_glossary"]


@dataclass(frozen=True, slots=True)
class ConcordanceHit:
    """A unit holding the query: its texts, and where the query stands in each (``[start, end)``)."""

    unit: str
    source: str
    target: str
    source_spans: tuple[tuple[int, int], ...] = ()
    target_spans: tuple[tuple[int, int], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "source": self.source,
            "target": self.target,
            "source_spans": [list(span) for span in self.source_spans],
            "target_spans": [list(span) for span in self.target_spans],
        }


@dataclass(frozen=True, slots=True)
class ConcordanceResult:
    """One page of a concordance: the hits from ``offset``, and how many units hold the query in all
    (at least ``total`` when ``more``)."""

    query: str
    src_lang: str
    tgt_lang: str
    total: int
    offset: int
    limit: int
    hits: list[ConcordanceHit] = field(default_factory=list)
    #: Whether more units than ``total`` hold the query (counting stops at ``COUNT_LIMIT``).
    more: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "from": self.src_lang,
            "to": self.tgt_lang,
            "total": self.total,
            "more": self.more,
            "offset": self.offset,
            "limit": self.limit,
            "hits": [hit.to_dict() for hit in self.hits],
        }


def query_glossary(query: str, src_lang: str, tgt_lang: str, glossary: Glossary | None = None) -> Glossary:
    """A one-entry glossary holding ``query`` in both languages, and the terms (in both languages)
    of every glossary entry the whole query is a term of, in either language."""
    terms: dict[str, list[Term]] = {src_lang: [Term(query)], tgt_lang: [Term(query)]}
    if glossary is not None:
        for lang in (src_lang, tgt_lang):
            for hit in find_terms(query, lang, glossary):
                if hit.start == 0 and hit.end >= len(query.rstrip()):
                    for other in (src_lang, tgt_lang):
                        terms[other] += [Term(term.text) for term in hit.entry.terms_in(other)]
    return Glossary.of([Entry(id="query", terms=terms)])


class ConcordanceIndex:
    """The texts of one language pair of a memory, kept for concordance searches.

    For each side (source, target) it keeps the units holding each word (a run of letters) of
    the texts' comparison keys (``tm.glossary.recognize.scan_key``): a term whose first word's
    forms are all letters can start only in the units holding one of those forms as a word, so a
    search runs the recogniser on those units only. The keys are also kept as one string per side,
    for the other terms (``1+1``, ``366-cı``): one regular-expression pass over it finds where they
    can start. Built with one pass over the memory (``build``); a memory changed since needs a new
    index.
    """

    def __init__(self, src_lang: str, tgt_lang: str, units: Iterable[Unit]) -> None:
        self.src_lang, self.tgt_lang = normalize_lang(src_lang), normalize_lang(tgt_lang)
        self.ids: list[str] = []
        self.sources: list[str] = []
        self.targets: list[str] = []
        keys: dict[str, list[str]] = {"source": [], "target": []}
        starts: dict[str, array[int]] = {"source": array("q"), "target": array("q")}
        words: dict[str, dict[str, array[int]]] = {"source": {}, "target": {}}
        length = {"source": 0, "target": 0}
        for number, unit in enumerate(units):
            target = next(iter(unit.targets.values())).text if unit.targets else ""
            self.ids.append(unit.id)
            self.sources.append(unit.source.text)
            self.targets.append(target)
            for side, text, lang in (("source", unit.source.text, self.src_lang), ("target", target, self.tgt_lang)):
                key = scan_key(text, lang) + "\n"
                starts[side].append(length[side])
                keys[side].append(key)
                length[side] += len(key)
                holders = words[side]
                for word in _letter_runs(key):
                    held = holders.get(word)
                    if held is None:
                        holders[word] = array("i", (number,))
                    else:
                        held.append(number)
        self._keys = {side: "".join(parts) for side, parts in keys.items()}
        self._starts = starts
        self._words = words

    @classmethod
    def build(cls, memory: Memory, src_lang: str, tgt_lang: str) -> ConcordanceIndex:
        """The index of the ``src_lang``-``tgt_lang`` units of ``memory`` (one pass over them)."""
        return cls(src_lang, tgt_lang, memory.units(normalize_lang(src_lang), normalize_lang(tgt_lang)))

    def save(self, handle: SupportsWrite[bytes]) -> None:
        """Write the index to ``handle`` for ``load``, as pickles of ``PART`` units or words, or
        ``CHARS`` characters, each: loading one pickle of a 1M-unit index held the GIL for 2 s, a
        part holds it for a few ms (other threads run between parts)."""

        def dump(part: object) -> None:
            pickle.dump(part, handle, protocol=pickle.HIGHEST_PROTOCOL)

        sizes = {side: (len(self._keys[side]), len(words)) for side, words in self._words.items()}
        dump((self.src_lang, self.tgt_lang, len(self.ids), sizes, self._starts))
        for start in range(0, len(self.ids), PART):
            end = start + PART
            dump((self.ids[start:end], self.sources[start:end], self.targets[start:end]))
        for side, words in self._words.items():
            keys = self._keys[side]
            for start in range(0, len(keys), CHARS):
                dump(keys[start : start + CHARS])
            items = list(words.items())
            for start in range(0, len(items), PART):
                dump(items[start : start + PART])

    @classmethod
    def load(cls, handle: IO[bytes]) -> ConcordanceIndex:
        """The index ``save`` wrote to ``handle`` (a file of one's own: pickles run code)."""
        index = cls.__new__(cls)
        index.src_lang, index.tgt_lang, units, sizes, index._starts = pickle.load(handle)
        index.ids, index.sources, index.targets = [], [], []
        for _ in range(0, units, PART):
            ids, sources, targets = pickle.load(handle)
            index.ids += ids
            index.sources += sources
            index.targets += targets
        index._keys, index._words = {}, {}
        for side, (length, size) in sizes.items():
            # One string again (a regular expression runs over it whole): a copy, 0.1 s at 1M units.
            index._keys[side] = "".join([pickle.load(handle) for _ in range(0, length, CHARS)])
            words = index._words[side] = {}
            for _ in range(0, size, PART):
                words.update(pickle.load(handle))
        return index

    def _candidates(self, side: str, wanted: Glossary, lang: str) -> set[int]:
        """The units (by number) where a term of ``wanted`` can start on ``side``."""
        keys, starts, holders = self._keys[side], self._starts[side], self._words[side]
        found: set[int] = set()
        for forms, pattern in start_patterns(wanted, lang):
            if all(form.isalpha() for form in forms):
                # Not preceded by a letter, not followed by one: the form is a whole run of letters.
                for form in forms:
                    found.update(holders.get(form, ()))
                continue
            for match in pattern.finditer(keys):
                at = match.start()
                # A word starts after anything but a letter (a number may start after one: Xocalı'ya366-cı).
                if not at or not keys[at - 1].isalpha() or not keys[at].isalpha():
                    found.add(bisect_right(starts, at) - 1)
        return found

    def search(
        self, query: str, *, glossary: Glossary | None = None, offset: int = 0, limit: int = 20
    ) -> ConcordanceResult:
        """The units whose source or target holds ``query`` (see ``concordance``)."""
        query = nfc(query.strip())
        if not query:
            raise TmError("empty concordance query", hint='give a word or phrase: tm concordance "Khojaly"')
        wanted = query_glossary(query, self.src_lang, self.tgt_lang, glossary)
        in_source = self._candidates("source", wanted, self.src_lang)
        in_target = self._candidates("target", wanted, self.tgt_lang)
        total = 0
        hits: list[ConcordanceHit] = []
        for number in sorted(in_source | in_target):
            if total >= max(COUNT_LIMIT, offset + limit):
                return ConcordanceResult(query, self.src_lang, self.tgt_lang, total, offset, limit, hits, more=True)
            source, target = self.sources[number], self.targets[number]
            source_spans = _spans(source, self.src_lang, wanted) if number in in_source else ()
            target_spans = _spans(target, self.tgt_lang, wanted) if number in in_target else ()
            if not source_spans and not target_spans:
                continue
            if offset <= total < offset + limit:
                hits.append(ConcordanceHit(self.ids[number], source, target, source_spans, target_spans))
            total += 1
        return ConcordanceResult(query, self.src_lang, self.tgt_lang, total, offset, limit, hits)


def concordance(
    memory: Memory,
    query: str,
    src_lang: str,
    tgt_lang: str,
    *,
    glossary: Glossary | None = None,
    offset: int = 0,
    limit: int = 20,
) -> ConcordanceResult:
    """The units of the ``src_lang``-``tgt_lang`` pair whose source or target holds ``query`` (in
    any form the recognisers know), in memory order, ``limit`` of them from ``offset``; ``total``
    counts them (up to ``COUNT_LIMIT``, then ``more`` is set). Reads the whole pair once; for many searches keep a ``ConcordanceIndex``."""
    return ConcordanceIndex.build(memory, src_lang, tgt_lang).search(
        query, glossary=glossary, offset=offset, limit=limit
    )


_LETTERS = re.compile(r"[^\W\d_]+")


def _letter_runs(key: str) -> set[str]:
    """The runs of letters (``str.isalpha``) of ``key``."""
    runs = _LETTERS.findall(key)
    if all(map(str.isalpha, runs)):
        return set(runs)
    # A numeric character that is not a digit (², Ⅻ) stands between letters.
    return {word for run in runs for word in "".join(c if c.isalpha() else " " for c in run).split()}


def _spans(text: str, lang: str, wanted: Glossary) -> tuple[tuple[int, int], ...]:
    return tuple((hit.start, hit.end) for hit in find_terms(text, lang, wanted))
