"""English surface forms of a glossary term: plural and possessive of its last word.

``Khojaly`` also matches ``Khojaly's``, ``Khojaly’s``; ``Convention`` matches ``Conventions``,
``Conventions'``; ``Army`` matches ``Armies``. Apostrophes are dropped before comparing, so the
possessive ``'s`` and the plural ``s`` are one form. Other words of a term stay as written.
"""

from __future__ import annotations

__all__ = ["start_forms", "term_forms", "word_forms"]


def _inflect(word: str) -> frozenset[str]:
    forms = {word, word + "s"}
    if word.endswith(("s", "x", "z", "ch", "sh")):
        forms.add(word + "es")
    if len(word) > 2 and word.endswith("y") and word[-2] not in "aeiou":
        forms.add(word[:-1] + "ies")
    return frozenset(forms)


def word_forms(words: list[str]) -> list[frozenset[str]]:
    """The accepted forms (lower case) of each word of a term; only the last word inflects."""
    return [
        _inflect(word.lower()) if index == len(words) - 1 and word.isalpha() else frozenset({word.lower()})
        for index, word in enumerate(words)
    ]


def term_forms(words: list[str], entry_type: str) -> list[frozenset[str]]:
    """``word_forms`` of a glossary term, whatever its entry's type."""
    return word_forms(words)


def start_forms(words: list[str], entry_type: str) -> frozenset[str]:
    """``term_forms(words, entry_type)[0]``, the other words left alone: only a last word inflects."""
    return word_forms(words)[0] if len(words) == 1 else frozenset({words[0].lower()})
