"""Pretranslation: fill a document's empty targets from the memory.

Exact and context matches (100, 101) go in as translated; fuzzy ones (``min_score`` and up) go in
fuzzy, with the memory's source as the previous source (``#| msgid``, so Poedit shows what
changed) and the score and origin in a translator comment. A target that holds any text, draft
or not, is a translator's work and is never touched.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tm.document import Document
from tm.lock import project_lock
from tm.match import lookup, lookup_context
from tm.model import Status, Variant
from tm.project import Plan, plan, write_plans

if TYPE_CHECKING:
    from tm.glossary import Glossary
    from tm.memory import Memory

__all__ = ["PretranslateReport", "pretranslate"]


@dataclass(slots=True)
class PretranslateReport:
    """What pretranslation did to one PO file."""

    document: str
    lang: str
    exact: int = 0
    fuzzy: int = 0
    kept: int = 0
    unmatched: int = 0
    written: list[Path] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "lang": self.lang,
            "exact": self.exact,
            "fuzzy": self.fuzzy,
            "kept": self.kept,
            "unmatched": self.unmatched,
            "written": [str(p) for p in self.written],
        }


def pretranslate(
    document: Document,
    lang: str,
    memory: Memory,
    *,
    min_score: int = 75,
    glossary: Glossary | None = None,
    now: datetime | None = None,
) -> PretranslateReport:
    """Fill the empty targets of ``document``'s PO for ``lang`` from ``memory``; write it if it
    changed. It holds the project lock from reading the PO to writing it."""
    lang = document.target(lang)
    with project_lock(document.folder.parent):
        return _fill(plan(document, [lang]), lang, memory, min_score, glossary, now)


def _fill(
    p: Plan, lang: str, memory: Memory, min_score: int, glossary: Glossary | None, now: datetime | None
) -> PretranslateReport:
    document = p.document
    units = p.active(lang)
    report = PretranslateReport(document.name, lang)
    for number, unit in enumerate(units):
        old = unit.target(lang)
        if old is not None and old.content:
            report.kept += 1
            continue
        matches = lookup(memory, unit.source.content, document.source_lang, lang, n=1, min_score=min_score,
                         context=lookup_context(units, number), glossary=glossary)  # fmt: skip
        if not matches:
            report.unmatched += 1
            continue
        match = matches[0]
        exact = match.score >= 100
        origin = match.origin.value if match.origin else "unknown"
        unit.targets = {
            lang: Variant(
                lang,
                match.target_content,
                status=Status.TRANSLATED if exact else Status.DRAFT,
                origin=match.origin,
                source_text=None if exact else match.source,
                notes=[f"tm: {match.score}% ({match.band}) from the memory, origin {origin}, unit {match.unit_id}"],
            )
        }
        if exact:
            report.exact += 1
        else:
            report.fuzzy += 1
    filled = [(document.name, lang)] if report.exact or report.fuzzy else []
    report.written = write_plans([p], now=now, edited=filled).written
    return report
