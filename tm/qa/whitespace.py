"""Whitespace and typing slips: double spaces, edge whitespace unlike the source, doubled words."""

from __future__ import annotations

import re
from collections.abc import Iterator

from tm.lang import fold, language
from tm.model import Unit
from tm.qa import Finding, QaContext, check, texts

_DOUBLE_SPACE = re.compile(r"(?<=\S)[ \u00a0]{2,}(?=\S)")
_DOUBLED_WORD = re.compile(r"(?<![\w-])([^\W\d_]+)\s+(\1)(?![\w-])", re.IGNORECASE)


@check("double-space", severity="info")
def double_space(unit: Unit, lang: str, ctx: QaContext) -> Iterator[Finding]:
    """Two or more spaces between words: “613  nəfər”."""
    pair = texts(unit, lang, ctx)
    if pair is None:
        return
    for match in _DOUBLE_SPACE.finditer(pair[1]):
        before = pair[1][max(0, match.start() - 15) : match.end() + 15]
        yield Finding(f"{len(match.group(0))} spaces in a row in “{before}” (expected one)", match.start(), match.end())


@check("edge-whitespace", severity="info")
def edge_whitespace(unit: Unit, lang: str, ctx: QaContext) -> Iterator[Finding]:
    """Leading or trailing whitespace unlike the source's: “ Xocalı soyqırımı” for “Khojaly genocide”."""
    pair = texts(unit, lang, ctx)
    if pair is None:
        return
    source, target = pair
    for side, src, tgt, pos in (
        ("leading", _lead(source), _lead(target), 0),
        ("trailing", _trail(source), _trail(target), len(target) - len(_trail(target))),
    ):
        if src != tgt:
            yield Finding(f"{side} whitespace {tgt!r} where the source has {src!r}", pos, pos + len(tgt))


def _lead(text: str) -> str:
    return text[: len(text) - len(text.lstrip())]


def _trail(text: str) -> str:
    return text[len(text.rstrip()) :]


@check("doubled-word", severity="warning")
def doubled_word(unit: Unit, lang: str, ctx: QaContext) -> Iterator[Finding]:
    """The same word twice in a row: “və və”, “the the”, “в в”.

    Words the language rightly repeats (``Language.repeatable``: “yavaş yavaş”) pass."""
    pair = texts(unit, lang, ctx)
    if pair is None:
        return
    target = pair[1]
    allowed = language(lang).repeatable
    for match in _DOUBLED_WORD.finditer(target):
        first, second = fold(match.group(1), lang), fold(match.group(2), lang)
        if first != second or first in allowed:
            continue
        if _repeated_in(pair[0], first, ctx.source_lang):
            continue
        yield Finding(f"doubled word “{match.group(0)}” (expected “{match.group(1)}” once)", match.start(), match.end())


def _repeated_in(source: str, word: str, lang: str) -> bool:
    """True when the source repeats ``word`` too (a quoted slogan, a name)."""
    return any(fold(m.group(1), lang) == word for m in _DOUBLED_WORD.finditer(source))
