"""Consistency across a document or memory: one source, one translation (and the reverse).

Both checks look at ``ctx.units``, the whole set being checked. The first translation met is taken
as the reference; each later unit that differs from it is reported once, naming the first unit.
"""

from __future__ import annotations

from typing import Iterator, Sequence

from tm.lang import fold
from tm.model import Unit
from tm.qa import Finding, QaContext, check, quote


def _key(text: str, lang: str) -> str:
    return " ".join(fold(text, lang).split())


def _first_by(units: Sequence[Unit], lang: str, source_lang: str, by_source: bool) -> dict[str, Unit]:
    first: dict[str, Unit] = {}
    for unit in units:
        target = unit.target(lang)
        if target is None or not target.text.strip():
            continue
        key = _key(unit.source.text, source_lang) if by_source else _key(target.text, lang)
        first.setdefault(key, unit)
    return first


@check("consistency", severity="warning")
def consistency(unit: Unit, lang: str, ctx: QaContext) -> Iterator[Finding]:
    """One source translated two ways in a document or memory: “Khojaly genocide” as “Xocalı soyqırımı” and “Xocalı faciəsi”."""
    target = unit.target(lang)
    if target is None or not target.text.strip():
        return
    first = ctx.index(f"consistency:{lang}", lambda units: _first_by(units, lang, ctx.source_lang, True))
    other = first.get(_key(unit.source.text, ctx.source_lang))
    if other is None or other is unit:
        return
    reference = other.target(lang).text  # type: ignore[union-attr]
    if _key(reference, lang) != _key(target.text, lang):
        yield Finding(
            f"{quote(unit.source.text)} is translated {quote(target.text)} here "
            f"but {quote(reference)} in unit {other.id}",
            0,
            len(target.text),
        )


@check("reverse-consistency", severity="warning")
def reverse_consistency(unit: Unit, lang: str, ctx: QaContext) -> Iterator[Finding]:
    """Two different sources given one translation: “Khojaly massacre” and “Khojaly genocide” both as “Xocalı soyqırımı”."""
    target = unit.target(lang)
    if target is None or not target.text.strip():
        return
    first = ctx.index(f"reverse-consistency:{lang}", lambda units: _first_by(units, lang, ctx.source_lang, False))
    other = first.get(_key(target.text, lang))
    if other is None or other is unit:
        return
    if _key(other.source.text, ctx.source_lang) != _key(unit.source.text, ctx.source_lang):
        yield Finding(
            f"{quote(target.text)} translates {quote(unit.source.text)} here "
            f"but also {quote(other.source.text)} in unit {other.id}",
            0,
            len(target.text),
        )
