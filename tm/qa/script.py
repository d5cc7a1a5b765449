"""Script mixing: Latin letters inside Cyrillic words and the reverse, homoglyphs above all."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Iterator

import langcodes

from tm.model import Unit, normalize_lang
from tm.qa import Finding, QaContext, check, script_of, texts

_WORD = re.compile(r"[^\W\d_]+")
# A quick test that a text has letters of two scripts at all (most texts do not).
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_OTHER = re.compile(r"[\u0370-\u03ff\u0400-\u052f]")

#: Letters that look alike across Latin and Cyrillic (Azerbaijani ə/ә above all).
HOMOGLYPHS: dict[str, str] = {}
for _latin, _cyrillic in zip("aeopcxyiABCEHKMOPTXəƏ", "аеорсхуіАВСЕНКМОРТХәӘ"):
    HOMOGLYPHS[_latin] = _cyrillic
    HOMOGLYPHS[_cyrillic] = _latin
_NAMES = {"LATIN": "Latin", "CYRILLIC": "Cyrillic", "GREEK": "Greek"}


@lru_cache(maxsize=64)
def expected_script(lang: str) -> str | None:
    """The script ``lang`` is written in as Unicode names it (``ru`` -> CYRILLIC, ``az`` -> LATIN)."""
    code = langcodes.Language.get(normalize_lang(lang)).maximize().script
    return {"Latn": "LATIN", "Cyrl": "CYRILLIC", "Grek": "GREEK"}.get(code or "")


@check("script", severity="error")
def script(unit: Unit, lang: str, ctx: QaContext) -> Iterator[Finding]:
    """A word mixing scripts, often a homoglyph: “Xocalı” typed with a Cyrillic “о”, “Хоcжалы” with a Latin “c”."""
    pair = texts(unit, lang)
    home = expected_script(lang)
    if pair is None or home is None:
        return
    target = pair[1]
    if not (_LATIN.search(target) and _OTHER.search(target)):
        return
    for match in _WORD.finditer(target):
        word = match.group(0)
        scripts = Counter(s for s in map(script_of, word) if s in _NAMES)
        if len(scripts) < 2:
            continue
        # The foreign letters are the minority; on a tie, those not of the language's script.
        ranked = sorted(scripts, key=lambda s: (scripts[s], s == home))
        foreign = ranked[0]
        letters = [(i, c) for i, c in enumerate(word) if script_of(c) == foreign]
        described = ", ".join(_describe(c, foreign) for _, c in letters)
        first = match.start() + letters[0][0]
        yield Finding(
            f"“{word}” mixes scripts: {described} in a {_NAMES[ranked[-1]]} word",
            first,
            match.start() + letters[-1][0] + 1,
        )


def _describe(char: str, foreign: str) -> str:
    text = f"{_NAMES[foreign]} “{char}” (U+{ord(char):04X})"
    if char in HOMOGLYPHS:
        text += f", expected “{HOMOGLYPHS[char]}”"
    return text
