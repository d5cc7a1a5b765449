"""Russian surface forms of a glossary term, generated with pymorphy3 (OpenCorpora dictionaries).

The words of a term that agree with its head decline; the rest stay as written:
- the leading words that can be nominatives decline: adjectives and participles, the head noun,
  names in apposition
  (``Гейдар Алиев`` -> ``Гейдара Алиева``; ``Сабина Алиева`` -> ``Сабине Алиевой``;
  ``Азербайджанская Республика`` -> ``Азербайджанской Республики``);
- from the first word that is not in the nominative on (a genitive, a preposition) the term is
  fixed (``Фонд Гейдара Алиева`` -> ``Фонда Гейдара Алиева``: only ``Фонд`` declines);
- indeclinable words (``Ходжалы``, ``Ханкенди``, marked Fixd) and acronyms (``ОИС``) never change;
- a one-word term accepts both numbers, and read as an adjective (an admitted ``ходжалинский``)
  every gender too.

pymorphy3 guesses a paradigm for a word it does not know; a guess is used only when it takes
the word as its own nominative (``Азерньюс``), otherwise the word is fixed. Forms are folded
lower case.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

__all__ = ["lemmas", "ordinal_forms", "term_forms", "word_forms", "yo_spelling"]

_ADJECTIVES = ("ADJF", "PRTF")
_ORDINAL_ENDINGS = (
    "й",
    "ый",
    "ий",
    "ой",
    "го",
    "ого",
    "его",
    "му",
    "ому",
    "ему",
    "м",
    "ым",
    "им",
    "ом",
    "ем",
    "я",
    "ая",
    "яя",
    "ю",
    "ую",
    "юю",
    "е",
    "ое",
    "ее",
    "х",
    "ых",
    "их",
    "ми",
    "ыми",
    "ими",
)


@lru_cache(maxsize=1)
def _analyzer() -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


def _nominative(word: str, prefer: tuple[str, ...]) -> Any | None:
    """The parse of ``word`` as a nominative of one of the ``prefer`` parts of speech, or None."""
    parses = [
        p
        for p in _analyzer().parse(word)
        if p.tag.case == "nomn" and p.tag.POS in ("NOUN", *_ADJECTIVES) and (_known(p) or p.normal_form == word)
    ]
    for pos in prefer:
        for parse in parses:
            if parse.tag.POS == pos:
                return parse
    return None


def _known(parse: Any) -> bool:
    return type(parse.methods_stack[0][0]).__name__ == "DictionaryAnalyzer"


@lru_cache(maxsize=8192)
def _declined(word: str, prefer: tuple[str, ...], alone: bool) -> frozenset[str] | None:
    """The forms of ``word`` read as the first of ``prefer`` it can be in the nominative; a word
    ``alone`` (a one-word term) keeps both numbers, and every gender if it is an adjective."""
    parse = _nominative(word, prefer)
    if parse is None:
        return None
    tag = parse.tag
    forms = {word}
    for form in parse.lexeme:
        form_word = form.word.replace("ё", "е")
        ftag = form.tag
        if ftag.POS != tag.POS or (ftag.voice, ftag.tense) != (tag.voice, tag.tense):
            continue
        if alone and (tag.POS in _ADJECTIVES or ftag.number != tag.number):
            forms.add(form_word)
        elif ftag.number == tag.number and (
            tag.number == "plur" or ftag.gender in (None, tag.gender) or tag.POS == "NOUN" and "Surn" not in tag
        ):
            forms.add(form_word)
    return frozenset(forms)


def ordinal_forms(number: str) -> frozenset[str]:
    """Spellings of an ordinal number in any case and gender: ``366-й``, ``366-го``, ``366-м``..."""
    return frozenset(f"{number}-{ending}" for ending in _ORDINAL_ENDINGS)


def word_forms(words: list[str]) -> list[frozenset[str]]:
    """The accepted forms (folded, ``ё`` as ``е``) of each word of a term (see the module docstring).

    The leading run of words that can be nominatives declines; the first word that cannot
    (a genitive, a preposition) and every word after it stay fixed.
    """
    slots: list[frozenset[str]] = []
    declining = True
    for index, word in enumerate(words):
        acronym = len(word) > 1 and word.isupper()
        word = word.lower().replace("ё", "е")
        number, _, ending = word.partition("-")
        if number.isdigit() and ending:
            slots.append(ordinal_forms(number))
            continue
        forms = None
        if declining and word.isalpha() and not acronym:
            last = index == len(words) - 1
            prefer = ("NOUN", *_ADJECTIVES) if last else (*_ADJECTIVES, "NOUN")
            forms = _declined(word, prefer, alone=len(words) == 1)
            if len(words) == 1:  # a lone word may be a noun or an adjective (Ходжалинский)
                other = _declined(word, prefer[::-1], alone=True)
                forms = (forms or frozenset()) | (other or frozenset()) or None
        if forms is None:
            declining = declining and not word.isalpha()
            forms = frozenset({word})
        slots.append(forms)
    return slots


def term_forms(words: list[str], entry_type: str) -> list[frozenset[str]]:
    """``word_forms`` of a glossary term, whatever its entry's type."""
    return word_forms(words)


@lru_cache(maxsize=16384)
def lemmas(word: str) -> frozenset[str]:
    """Every dictionary form ``word`` may be a form of, lower case, ``ё`` as ``е``
    (``стёрт`` -> {``стереть``, ``стертый``}): two words are the same word when these meet."""
    return frozenset(p.normal_form.replace("ё", "е") for p in _analyzer().parse(word.lower()))


@lru_cache(maxsize=16384)
def yo_spelling(word: str) -> str | None:
    """``word`` as written with ``ё`` when every reading of it has one (``еще`` -> ``ещё``),
    in the word's case; None when it has no ``ё`` or one reading has none (``все``: ``всё``/``все``)."""
    spellings = {p.word for p in _analyzer().parse(word.lower())}
    if not spellings or not all("ё" in w for w in spellings) or len(spellings) > 1:
        return None
    spelled = spellings.pop()
    return "".join(c.upper() if o.isupper() else c for o, c in zip(word, spelled))
