"""Concordance: where a word or phrase occurs in the memory's sources and targets, hits marked.

``concordance(memory, "Khojaly", "en", "az", glossary=glossary)`` finds the query through the
glossary's recognisers (``tm.glossary.recognize``), so in Azerbaijani and Russian it finds inflected
forms too (``Xocalı`` -> ``Xocalının``, ``Алиев`` -> ``Алиева``). When the glossary has an entry
for the query, that entry's terms count as well: a search for ``Khojaly`` from English to
Azerbaijani marks ``Xocalıda`` in the targets. Case is ignored except in acronyms.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tm.errors import TmError
from tm.glossary.model import Entry, Glossary, Term
from tm.glossary.recognize import find_terms, may_contain
from tm.model import nfc, normalize_lang

if TYPE_CHECKING:
    from tm.store import Store

__all__ = ["ConcordanceHit", "ConcordanceResult", "concordance", "query_glossary"]


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
    """One page of a concordance: the hits from ``offset``, and how many units hold the query in all."""

    query: str
    src_lang: str
    tgt_lang: str
    total: int
    offset: int
    limit: int
    hits: list[ConcordanceHit] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "from": self.src_lang,
            "to": self.tgt_lang,
            "total": self.total,
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


def concordance(
    memory: Store,
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
    counts them all. The whole memory is read: a query costs one pass over the pair's units."""
    query = nfc(query.strip())
    if not query:
        raise TmError("empty concordance query", hint='give a word or phrase: tm concordance "Khojaly"')
    src_lang, tgt_lang = normalize_lang(src_lang), normalize_lang(tgt_lang)
    wanted = query_glossary(query, src_lang, tgt_lang, glossary)
    in_source, in_target = may_contain(wanted, src_lang), may_contain(wanted, tgt_lang)
    total = 0
    hits: list[ConcordanceHit] = []
    for unit in memory.units(src_lang, tgt_lang):
        source = unit.source.text
        target = next(iter(unit.targets.values())).text if unit.targets else ""
        source_spans = _spans(source, src_lang, wanted) if in_source(source) else ()
        target_spans = _spans(target, tgt_lang, wanted) if in_target(target) else ()
        if not source_spans and not target_spans:
            continue
        if offset <= total < offset + limit:
            hits.append(ConcordanceHit(unit.id, source, target, source_spans, target_spans))
        total += 1
    return ConcordanceResult(query, src_lang, tgt_lang, total, offset, limit, hits)


def _spans(text: str, lang: str, wanted: Glossary) -> tuple[tuple[int, int], ...]:
    return tuple((hit.start, hit.end) for hit in find_terms(text, lang, wanted))
