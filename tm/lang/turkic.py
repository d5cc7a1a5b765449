"""What the Turkic languages share: dotted/dotless i casing, suffixes shaped by vowel harmony, and
negative verbs. The language packages (``tm.lang.az``, ``tm.lang.tr``) hold their own suffixes and
letters; this module holds the mechanics.

Suffix templates are written with capitals for the letters harmony chooses: ``A`` the two-way
vowel (``a``/``ə`` in Azerbaijani, ``a``/``e`` in Turkish), ``I`` the four-way vowel
(``ı``/``i``/``u``/``ü``), ``D`` a ``d`` that is ``t`` after a voiceless consonant (Turkish
``Paris'te``), and ``(y)``, ``(n)``, ``(s)`` buffer letters written only after a vowel
(``Xocalı`` + ``(y)A`` -> ``Xocalıya``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

__all__ = ["Suffixes", "lower", "negated_verb", "upper"]

_BACK = "aıou"
_ROUNDED = "oöuü"
_HIGH = ("ı", "i", "u", "ü")


def lower(text: str) -> str:
    """Lower-case ``text`` the Turkic way: ``I`` -> ``ı``, ``İ`` -> ``i``."""
    return text.replace("I", "ı").replace("İ", "i").lower()


def upper(text: str) -> str:
    """Upper-case ``text`` the Turkic way: ``i`` -> ``İ``, ``ı`` -> ``I``."""
    return text.replace("i", "İ").replace("ı", "I").upper()


def negated_verb(a: str, b: str, suffixes: tuple[str, ...]) -> bool:
    """True when one word is the other with a negative suffix of ``suffixes`` after the stem, or
    ``m`` before a high vowel: ``imzaladı`` / ``imzalamadı``, ``gəlir`` / ``gəlmir``."""
    if abs(len(a) - len(b)) not in (1, 2):
        return False
    short, long = (a, b) if len(a) < len(b) else (b, a)
    for i in range(2, len(short)):
        if long[:i] != short[:i]:
            return False
        rest = long[i:]
        if len(long) - len(short) == 2 and rest[:2] in suffixes and rest[2:] == short[i:]:
            return True
        if len(long) - len(short) == 1 and rest[0] == "m" and short[i : i + 1] in _HIGH and rest[1:] == short[i:]:
            return True
    return False


@dataclass(frozen=True, slots=True, eq=False)  # hashed by identity: a key of the caches below
class Suffixes:
    """The noun suffixes of one Turkic language (templates, see the module docstring).

    The grammar is stem + [plural] + [3rd person possessive] + [case] + [relative ``-ki`` after
    the cases of ``relative_after`` | copula]. ``vowels`` are the language's vowels, ``front_a``
    its front two-way vowel, ``voiceless`` the consonants after which ``D`` is ``t``, ``softened``
    the stem-final consonants that soften before a vowel (``k`` -> ``y``), if any.
    """

    vowels: str
    front_a: str
    cases: tuple[str, ...]
    cases_after_possessive: tuple[str, ...]
    relative: str
    relative_after: tuple[str, ...]
    fold: Callable[[str], str] = lower
    voiceless: str = ""
    softened: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    plural: str = "lAr"
    possessive: str = "(s)I"
    copula: str = "DIr"

    def _last_vowel(self, text: str) -> str:
        for char in reversed(text):
            if char in self.vowels:
                return char
        return "a"

    def attach(self, stem: str, template: str) -> str:
        """``stem`` (folded) with the suffix ``template``: ``Xocalı`` + ``(y)A`` -> ``xocalıya``."""
        out = stem
        index = 0
        while index < len(template):
            char = template[index]
            if char == "(":
                if out[-1:] in self.vowels:
                    out += template[index + 1]
                index += 3
                continue
            if char == "A":
                out += "a" if self._last_vowel(out) in _BACK else self.front_a
            elif char == "I":
                vowel = self._last_vowel(out)
                out += ("u" if vowel in _ROUNDED else "ı") if vowel in _BACK else ("ü" if vowel in _ROUNDED else "i")
            elif char == "D":
                out += "t" if out[-1:] and out[-1] in self.voiceless else "d"
            else:
                out += char
            index += 1
        return out

    def _with_cases(self, stem: str, possessive: bool) -> set[str]:
        forms = {stem, self.attach(stem, self.copula)}
        for case in self.cases_after_possessive if possessive else self.cases:
            form = self.attach(stem, case)
            forms.add(form)
            if case in self.relative_after:
                forms.add(self.attach(form, self.relative))  # Xocalıdakı, İstanbul'daki
        return forms

    def inflect(self, word: str, possessive: bool = False) -> frozenset[str]:
        """Every inflected form of ``word`` (folded). ``possessive`` says the word already ends in
        a 3rd person possessive (``Fondu``, ``Meclisi``): case suffixes then take the n buffer."""
        return _inflect(self, word, possessive)

    def stems(self, word: str) -> frozenset[str]:
        """The folded word and every stem (two letters or more, with a vowel) that ``inflect``
        turns into it: ``Xocalının`` -> {``xocalının``, ``xocalı``, ``xocal``}. Two words whose
        sets meet are forms of one word."""
        return _stems(self, word)

    def is_possessive(self, words: list[str], entry_type: str) -> bool:
        """True when a glossary term (``words``) ends in a 3rd person possessive: a multiword name
        other than a person's whose last word ends in a high vowel (``Heydər Əliyev Fondu``)."""
        return len(words) > 1 and entry_type != "person" and self.fold(words[-1])[-1:] in _HIGH


@lru_cache(maxsize=4096)
def _inflect(suffixes: Suffixes, word: str, possessive: bool) -> frozenset[str]:
    forms = set(suffixes._with_cases(word, possessive))
    if not possessive:
        plural = suffixes.attach(word, suffixes.plural)
        forms |= suffixes._with_cases(plural, False)
        forms |= suffixes._with_cases(suffixes.attach(plural, "I"), True)  # Əliyevləri, Əliyevlərinin
        forms |= suffixes._with_cases(suffixes.attach(word, suffixes.possessive), True)  # Xocalısı
    soft = suffixes.softened.get(word[-1:])
    if soft and sum(char in suffixes.vowels for char in word) > 1:
        stem = word[:-1] + soft
        forms |= {
            f for f in _inflect(suffixes, stem, possessive) if len(f) > len(stem) and f[len(stem)] in suffixes.vowels
        }
    return frozenset(forms)


@lru_cache(maxsize=16384)
def _stems(suffixes: Suffixes, word: str) -> frozenset[str]:
    word = suffixes.fold(word)
    found = {word}
    for end in range(2, len(word)):
        candidate = word[:end]
        if any(char in suffixes.vowels for char in candidate) and word in _inflect(suffixes, candidate, False):
            found.add(candidate)
    return frozenset(found)
