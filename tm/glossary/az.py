"""Azerbaijani surface forms of a glossary term: inflectional suffixes after a known stem.

Only the last word of a term inflects (``Heydər Əliyev Fondu`` -> ``Heydər Əliyev Fondunun``).
The suffix grammar is stem + [plural] + [3rd person possessive] + [case] + [``-ki`` | ``-dır``],
with vowel harmony (two-way ``a/ə``, four-way ``ı/i/u/ü``) and the buffer letters ``y``, ``n``
and ``s`` after a vowel. No stemmer is used: ``azstemmer`` over-stems proper names
(``Xocalının`` -> ``xoca``), so forms are generated from the glossary term instead and a text
word matches only when it is one of them.
"""

from __future__ import annotations

from functools import lru_cache

from tm.lang import fold

__all__ = ["inflect", "ordinal_forms", "stems", "word_forms"]

_BACK = "aıou"
_FRONT = "eəiöü"
_VOWELS = _BACK + _FRONT
_FOUR = {"a": "ı", "ı": "ı", "o": "u", "u": "u", "e": "i", "ə": "i", "i": "i", "ö": "ü", "ü": "ü"}

# Case suffixes after a plain stem, and after a possessive (which takes the n buffer).
_CASES = ("(n)In", "(y)A", "(n)I", "dA", "dAn", "(y)lA")
_CASES_AFTER_POSSESSIVE = ("nIn", "nA", "nI", "ndA", "ndAn", "(y)lA")


def _last_vowel(text: str) -> str:
    for char in reversed(text):
        if char in _VOWELS:
            return char
    return "a"


def attach(stem: str, template: str) -> str:
    """Attach a suffix template to ``stem`` (folded): ``A`` two-way, ``I`` four-way vowel,
    ``(y)``/``(n)``/``(s)`` buffers used only after a vowel (``Xocalı`` + ``(y)A`` -> ``Xocalıya``)."""
    out = stem
    index = 0
    while index < len(template):
        char = template[index]
        if char == "(":
            if out[-1:] in _VOWELS:
                out += template[index + 1]
            index += 3
            continue
        if char == "A":
            out += "a" if _last_vowel(out) in _BACK else "ə"
        elif char == "I":
            out += _FOUR[_last_vowel(out)]
        else:
            out += char
        index += 1
    return out


def _with_cases(stem: str, possessive: bool) -> set[str]:
    forms = {stem, attach(stem, "dIr")}
    for case in _CASES_AFTER_POSSESSIVE if possessive else _CASES:
        form = attach(stem, case)
        forms.add(form)
        if case in ("dA", "ndA", "(n)In", "nIn"):
            forms.add(attach(form, "kI"))  # Xocalıdakı, Əliyevinki
    return forms


@lru_cache(maxsize=4096)
def inflect(word: str, possessive: bool = False) -> frozenset[str]:
    """Every inflected form of ``word`` (folded: ``tm.lang.fold(word, "az")``).

    ``possessive`` says the word already ends in a 3rd person possessive (``Fondu``,
    ``soyqırımı``): case suffixes then take the n buffer (``Fonduna``, ``Fondunda``).
    A stem ending in ``k``/``q`` also yields the softened ``y``/``ğ`` before a vowel.
    """
    forms = set(_with_cases(word, possessive))
    if not possessive:
        plural = attach(word, "lAr")
        forms |= _with_cases(plural, False)
        forms |= _with_cases(attach(plural, "I"), True)  # Əliyevləri, Əliyevlərinin
        forms |= _with_cases(attach(word, "(s)I"), True)  # Xocalısı, Azərbaycanı
    if word[-1:] in "kq" and sum(char in _VOWELS for char in word) > 1:
        soft = word[:-1] + ("y" if word[-1] == "k" else "ğ")
        forms |= {f for f in inflect(soft, possessive) if len(f) > len(soft) and f[len(soft)] in _VOWELS}
    return frozenset(forms)


@lru_cache(maxsize=16384)
def stems(word: str) -> frozenset[str]:
    """The folded word and every stem (two letters or more, with a vowel) that ``inflect`` turns
    into it: ``Xocalının`` -> {``xocalının``, ``xocalı``, ``xocal``}, ``Xocalı`` -> {``xocalı``,
    ``xocal``}. Two words whose sets meet are forms of one word. Only the suffixes ``inflect``
    knows are stripped (``vurğulayıb`` stays whole)."""
    word = fold(word, "az")
    found = {word}
    for end in range(2, len(word)):
        candidate = word[:end]
        if any(char in _VOWELS for char in candidate) and word in inflect(candidate):
            found.add(candidate)
    return frozenset(found)


_ORDINAL_ENDINGS = ("cı", "ci", "cu", "cü", "ncı", "nci", "ncu", "ncü")


def ordinal_forms(number: str) -> frozenset[str]:
    """Spellings of an ordinal number: ``366-cı`` -> ``366-cı``, ``366-ncı``... (any harmony)."""
    return frozenset(f"{number}-{ending}" for ending in _ORDINAL_ENDINGS)


def word_forms(words: list[str], possessive: bool) -> list[frozenset[str]]:
    """The accepted forms (folded) of each word of a term: fixed words, then the inflected last
    word; an ordinal like ``366-cı`` accepts every ordinal ending."""
    slots: list[frozenset[str]] = []
    for index, word in enumerate(words):
        word = fold(word, "az")
        number, _, ending = word.partition("-")
        if number.isdigit() and ending:
            slots.append(ordinal_forms(number))
        elif index == len(words) - 1 and word[:1].isalpha():
            slots.append(inflect(word, possessive))
        else:
            slots.append(frozenset({word}))
    return slots
