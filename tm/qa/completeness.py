"""Completeness: a translation exists, is confirmed, and is not the source copied."""

from __future__ import annotations

import re
from collections.abc import Iterator

from tm.lang import fold
from tm.model import Status, Unit
from tm.qa import Finding, QaContext, check, quote

_WORD = re.compile(r"[^\W\d_]{2,}")


@check("empty", severity="error")
def empty(unit: Unit, lang: str, ctx: QaContext) -> Iterator[Finding]:
    """A unit with no translation, or an empty one: msgstr "" for “Khojaly genocide”."""
    target = unit.target(lang)
    if unit.source.text.strip() and (target is None or not target.text.strip()):
        yield Finding(f"no {lang} translation of {quote(unit.source.text)}")


@check("untranslated", severity="error")
def untranslated(unit: Unit, lang: str, ctx: QaContext) -> Iterator[Finding]:
    """A target that is the source copied: “She called on the world community” left in English in az."""
    target = unit.target(lang)
    if target is None or not target.text.strip():
        return
    source = unit.source.text
    # Two words or more: a lone name or number may rightly be the same in every language.
    if len(_WORD.findall(source)) >= 2 and _same(source, target.text, lang):
        yield Finding(f"target is the source text unchanged: {quote(target.text)}", 0, len(target.text))


def _same(source: str, target: str, lang: str) -> bool:
    return " ".join(fold(source, lang).split()) == " ".join(fold(target, lang).split())


@check("draft", severity="warning")
def draft(unit: Unit, lang: str, ctx: QaContext) -> Iterator[Finding]:
    """A translation still marked as a draft (PO fuzzy): “#, fuzzy” on a finished unit."""
    target = unit.target(lang)
    if target is not None and target.text.strip() and target.status is Status.DRAFT:
        yield Finding(f"translation is a draft (fuzzy), not confirmed: {quote(target.text)}")
