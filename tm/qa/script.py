"""Script mixing: Latin letters inside Cyrillic words and the reverse, homoglyphs above all."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from tm.lang import expected_script, script_of
from tm.model import Unit
from tm.qa import Finding, QaContext, check, texts

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


@check("script", severity="error")
def script(unit: Unit, lang: str, ctx: QaContext) -> Iterator[Finding]:
    """A word mixing scripts, often a homoglyph: “Xocalı” typed with a Cyrillic “о”, “Хоcжалы” with a Latin “c”."""
    pair = texts(unit, lang, ctx)
    home = expected_script(lang)
    if pair is None or home not in _NAMES:  # the check knows the scripts of _NAMES only
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
