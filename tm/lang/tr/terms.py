"""Turkish surface forms of a glossary term: the suffixes a name takes after an apostrophe.

Turkish writes the suffixes of a proper name after an apostrophe (``İstanbul'da``,
``Ankara'nın``, ``Paris'te``), so the name itself never changes: its last consonant does not
soften (``Irak'ı``). Only the last word of a term inflects, with vowel harmony (two-way ``a/e``,
four-way ``ı/i/u/ü``), ``d`` as ``t`` after a voiceless consonant and the buffer letters ``y``,
``n``, ``s`` after a vowel (``tm.lang.turkic``). Term recognition drops apostrophes before it
compares, so ``İstanbul'da`` and ``İstanbulda`` are one form.
"""

from __future__ import annotations

from tm.lang.turkic import Suffixes

__all__ = ["SUFFIXES", "start_forms", "stems", "term_forms", "word_forms"]

SUFFIXES = Suffixes(
    vowels="aıoueiöü",
    front_a="e",
    cases=("(n)In", "(y)A", "(y)I", "DA", "DAn", "(y)lA"),
    # After a possessive (Türkiye Büyük Millet Meclisi'nde), case suffixes take the n buffer.
    cases_after_possessive=("nIn", "nA", "nI", "nDA", "nDAn", "(y)lA"),
    relative="ki",  # İstanbul'daki, Ankara'nınki: -ki keeps its vowel
    relative_after=("DA", "nDA", "(n)In", "nIn"),
    voiceless="çfhkpsşt",
)


def word_forms(words: list[str], possessive: bool) -> list[frozenset[str]]:
    """The accepted forms (folded) of each word of a term: fixed words, then the inflected last word."""
    slots = [frozenset({SUFFIXES.fold(word)}) for word in words]
    if words and words[-1][:1].isalpha():
        slots[-1] = SUFFIXES.inflect(SUFFIXES.fold(words[-1]), possessive)
    return slots


def term_forms(words: list[str], entry_type: str) -> list[frozenset[str]]:
    """``word_forms`` of a glossary term of an entry of ``entry_type``: a multiword name ending in
    a 3rd person possessive (Marmara Denizi) takes the n buffer (Marmara Denizi'nde)."""
    return word_forms(words, SUFFIXES.is_possessive(words, entry_type))


def start_forms(words: list[str], entry_type: str) -> frozenset[str]:
    """``term_forms(words, entry_type)[0]``, the other words left alone: only a last word inflects."""
    return term_forms(words, entry_type)[0] if len(words) == 1 else frozenset({SUFFIXES.fold(words[0])})


def stems(word: str) -> frozenset[str]:
    """The folded word, without its apostrophe, and every stem ``SUFFIXES`` turns into it:
    ``İstanbul'da`` -> {``istanbulda``, ``istanbul``...}; two words whose sets meet are one word."""
    return SUFFIXES.stems(word.replace("'", "").replace("’", ""))
