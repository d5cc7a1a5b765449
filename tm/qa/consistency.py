"""Consistency across a document or memory: one source, one translation (and the reverse).

The first translation met is taken as the reference; each later unit that differs from it is
reported once, naming the first unit. Units are streamed (``tm.qa.run_checks``): each check keeps,
per source (or translation) met, only a 16-byte digest of its folded text, the first unit's id and
the text to compare, not the unit; where the caller holds the whole set (``ctx.units``), the first
unit of it is looked up there.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence

from tm.lang import fold
from tm.model import Unit
from tm.qa import Finding, QaContext, check, quote


def _key(text: str, lang: str) -> str:
    return " ".join(fold(text, lang).split())


def _digest(key: str) -> bytes:
    """What a streamed check remembers of a ``_key``: 16 bytes, however long the text (a collision
    among 2**32 texts has a chance of about 2**-65)."""
    return hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _first_by(units: Sequence[Unit], lang: str, source_lang: str, by_source: bool) -> dict[str, Unit]:
    first: dict[str, Unit] = {}
    for unit in units:
        target = unit.target(lang)
        if target is None or not target.text.strip():
            continue
        key = _key(unit.source.text, source_lang) if by_source else _key(target.text, lang)
        first.setdefault(key, unit)
    return first


def _compared(unit: Unit, lang: str, by_source: bool) -> str:
    """The text of ``unit`` on the side that must agree: its translation (by source), else its source."""
    return unit.target(lang).text if by_source else unit.source.text  # type: ignore[union-attr]


def _first_other(unit: Unit, lang: str, ctx: QaContext, by_source: bool) -> tuple[str, str, str] | None:
    """The first unit sharing this unit's source (or translation), if it is another one, with the
    texts to compare: (other unit's id, its text, this unit's text) on the side that must agree."""
    target = unit.target(lang)
    if target is None or not target.text.strip():
        return None
    key = _key(unit.source.text, ctx.source_lang) if by_source else _key(target.text, lang)
    if ctx.units:
        first = ctx.cached(
            ("first-by", lang, by_source), lambda: _first_by(ctx.units, lang, ctx.source_lang, by_source)
        )
        other = first.get(key)
        if other is None or other is unit:
            return None
        return other.id, _compared(other, lang, by_source), _compared(unit, lang, by_source)
    seen: dict[bytes, tuple[str, str]] = ctx.cached(("seen-by", lang, by_source), dict)
    digest = _digest(key)
    earlier = seen.get(digest)
    if earlier is None:  # this unit is the first
        seen[digest] = unit.id, _compared(unit, lang, by_source)
        return None
    return earlier[0], earlier[1], _compared(unit, lang, by_source)


@check("consistency", severity="warning")
def consistency(unit: Unit, lang: str, ctx: QaContext) -> Iterator[Finding]:
    """One source translated two ways in a document or memory: “Khojaly genocide” as “Xocalı soyqırımı” and “Xocalı faciəsi”."""
    found = _first_other(unit, lang, ctx, by_source=True)
    if found and _key(found[1], lang) != _key(found[2], lang):
        other, reference, text = found
        yield Finding(
            f"{quote(unit.source.text)} is translated {quote(text)} here but {quote(reference)} in unit {other}",
            0,
            len(text),
        )


@check("reverse-consistency", severity="warning")
def reverse_consistency(unit: Unit, lang: str, ctx: QaContext) -> Iterator[Finding]:
    """Two different sources given one translation: “Khojaly massacre” and “Khojaly genocide” both as “Xocalı soyqırımı”."""
    found = _first_other(unit, lang, ctx, by_source=False)
    if found and _key(found[1], ctx.source_lang) != _key(found[2], ctx.source_lang):
        other, other_source, source = found
        target = unit.target(lang).text  # type: ignore[union-attr]
        yield Finding(
            f"{quote(target)} translates {quote(source)} here but also {quote(other_source)} in unit {other}",
            0,
            len(target),
        )
