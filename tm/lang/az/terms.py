"""Azerbaijani surface forms of a glossary term: inflectional suffixes after a known stem.

Only the last word of a term inflects (``Heydər Əliyev Fondu`` -> ``Heydər Əliyev Fondunun``).
The suffix grammar is stem + [plural] + [3rd person possessive] + [case] + [``-ki`` | ``-dır``],
with vowel harmony (two-way ``a/ə``, four-way ``ı/i/u/ü``) and the buffer letters ``y``, ``n``
and ``s`` after a vowel (``tm.lang.turkic``). No stemmer is used: ``azstemmer`` over-stems proper
names (``Xocalının`` -> ``xoca``), so forms are generated from the glossary term instead and a
text word matches only when it is one of them.
"""

from __future__ import annotations

from tm.lang.turkic import Suffixes

__all__ = ["SUFFIXES", "inflect", "ordinal_forms", "start_forms", "stems", "term_forms", "word_forms"]

SUFFIXES = Suffixes(
    vowels="aıoueəiöü",
    front_a="ə",
    cases=("(n)In", "(y)A", "(n)I", "dA", "dAn", "(y)lA"),
    # After a possessive, case suffixes take the n buffer.
    cases_after_possessive=("nIn", "nA", "nI", "ndA", "ndAn", "(y)lA"),
    relative="kI",
    relative_after=("dA", "ndA", "(n)In", "nIn"),  # Xocalıdakı, Əliyevinki
    copula="dIr",
    softened={"k": "y", "q": "ğ"},  # a stem-final k/q before a vowel (of a stem of two syllables)
)


def inflect(word: str, possessive: bool = False) -> frozenset[str]:
    """Every inflected form of ``word`` (folded: ``tm.lang.fold(word, "az")``).

    ``possessive`` says the word already ends in a 3rd person possessive (``Fondu``,
    ``soyqırımı``): case suffixes then take the n buffer (``Fonduna``, ``Fondunda``).
    A stem ending in ``k``/``q`` also yields the softened ``y``/``ğ`` before a vowel.
    """
    return SUFFIXES.inflect(word, possessive)


def stems(word: str) -> frozenset[str]:
    """The folded word and every stem (two letters or more, with a vowel) that ``inflect`` turns
    into it: ``Xocalının`` -> {``xocalının``, ``xocalı``, ``xocal``}, ``Xocalı`` -> {``xocalı``,
    ``xocal``}. Two words whose sets meet are forms of one word. Only the suffixes ``inflect``
    knows are stripped (``vurğulayıb`` stays whole)."""
    return SUFFIXES.stems(word)


_ORDINAL_ENDINGS = ("cı", "ci", "cu", "cü", "ncı", "nci", "ncu", "ncü")


def ordinal_forms(number: str) -> frozenset[str]:
    """Spellings of an ordinal number: ``366-cı`` -> ``366-cı``, ``366-ncı``... (any harmony)."""
    return frozenset(f"{number}-{ending}" for ending in _ORDINAL_ENDINGS)


def word_forms(words: list[str], possessive: bool) -> list[frozenset[str]]:
    """The accepted forms (folded) of each word of a term: fixed words, then the inflected last
    word; an ordinal like ``366-cı`` accepts every ordinal ending."""
    return [_forms(word, index == len(words) - 1, possessive) for index, word in enumerate(words)]


def _forms(word: str, last: bool, possessive: bool) -> frozenset[str]:
    word = SUFFIXES.fold(word)
    number, _, ending = word.partition("-")
    if number.isdigit() and ending:
        return ordinal_forms(number)
    if last and word[:1].isalpha():
        return inflect(word, possessive)
    return frozenset({word})


def term_forms(words: list[str], entry_type: str) -> list[frozenset[str]]:
    """``word_forms`` of a glossary term of an entry of ``entry_type``: a multiword name ending in
    a 3rd person possessive (Heydər Əliyev Fondu, Xocalı soyqırımı) takes the n buffer."""
    return word_forms(words, SUFFIXES.is_possessive(words, entry_type))


def start_forms(words: list[str], entry_type: str) -> frozenset[str]:
    """``term_forms(words, entry_type)[0]``, the other words left alone: only a last word inflects."""
    return term_forms(words, entry_type)[0] if len(words) == 1 else _forms(words[0], False, False)
