"""Leverage analysis: how much of a text the memory already covers, by match band.

``analyze(units, memory, src_lang, tgt_lang)`` looks every segment up and counts segments, words
and characters per band (context 101, exact 100, 95-99, 85-94, 75-84, 50-74, no match), the way
agencies price a job. A segment whose text came earlier in the same text is a *repetition*,
counted separately and not looked up: the translator translates it once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tm.match import BANDS, lookup, signature
from tm.model import Context, Unit, normalize_lang
from tm.wordcount import count_characters, count_words

if TYPE_CHECKING:
    from tm.glossary import Glossary
    from tm.memory import Memory

__all__ = ["Analysis", "Count", "analyze", "read_units", "ROWS"]

#: Row names of an analysis, in the order agencies print them.
ROWS: tuple[str, ...] = ("context", "repetitions", *(name for name, _ in BANDS[1:]))


@dataclass(slots=True)
class Count:
    """Segments, words and characters (without spaces) of one row (see tm.wordcount)."""

    segments: int = 0
    words: int = 0
    characters: int = 0

    def add(self, text: str) -> None:
        self.segments += 1
        self.words += count_words(text)
        self.characters += count_characters(text)

    def to_dict(self) -> dict[str, int]:
        return {"segments": self.segments, "words": self.words, "characters": self.characters}


@dataclass(slots=True)
class Analysis:
    """Counts per band (see ``ROWS``) for one language pair, and the settings that produced them."""

    src_lang: str
    tgt_lang: str
    rows: dict[str, Count] = field(default_factory=lambda: {name: Count() for name in ROWS})

    @property
    def total(self) -> Count:
        total = Count()
        for count in self.rows.values():
            total.segments += count.segments
            total.words += count.words
            total.characters += count.characters
        return total

    def table(self) -> list[list[Any]]:
        """Header and one row per band plus the total: band, segments, words, characters, % of words."""
        words = self.total.words or 1
        lines: list[list[Any]] = [["band", "segments", "words", "characters", "percent"]]
        for name, count in [*self.rows.items(), ("total", self.total)]:
            lines.append([name, count.segments, count.words, count.characters, round(100 * count.words / words, 1)])
        return lines

    def to_dict(self) -> dict[str, Any]:
        return {
            "from": self.src_lang,
            "to": self.tgt_lang,
            "bands": {name: count.to_dict() for name, count in self.rows.items()},
            "total": self.total.to_dict(),
            "signature": signature(),
        }


def analyze(
    units: Iterable[Unit],
    memory: Memory,
    src_lang: str,
    tgt_lang: str,
    *,
    glossary: Glossary | None = None,
    progress: Callable[[int], None] | None = None,
) -> Analysis:
    """Count ``units``' segments, words and characters per match band against ``memory``.

    The previous and next segment give each lookup its context, so a segment the memory holds in
    the same surroundings counts as ``context`` (101). ``progress`` gets the number of segments done.
    """
    result = Analysis(normalize_lang(src_lang), normalize_lang(tgt_lang))
    seen: set[str] = set()
    for number, (prev, unit, following) in enumerate(_windows(units), 1):
        text = unit.source.text
        if not text.strip():
            continue
        if text in seen:
            result.rows["repetitions"].add(text)
        else:
            seen.add(text)
            where = unit.context or Context()
            context = Context(where.document, where.paragraph, where.position, prev, following)
            matches = lookup(memory, unit.source.content, src_lang, tgt_lang, n=1, context=context, glossary=glossary)
            result.rows[matches[0].band if matches else "no match"].add(text)
        if progress:
            progress(number)
    return result


def _windows(units: Iterable[Unit]) -> Iterator[tuple[str | None, Unit, str | None]]:
    """Each unit with the source text of the one before and after it."""
    prev: str | None = None
    current: Unit | None = None
    for unit in units:
        if current is not None:
            yield prev, current, unit.source.text
            prev = current.source.text
        current = unit
    if current is not None:
        yield prev, current, None


def read_units(file_or_doc: str | Path, root: str | Path | None = None) -> Iterator[Unit]:
    """The segments to analyse: a file any ``tm.formats`` reader knows, or a document's source."""
    from tm import document, formats

    path = Path(file_or_doc)
    if path.is_file() and path.name != "document.toml":
        return formats.read(path)
    return iter(document.source_units(document.open_document(file_or_doc, root)))
