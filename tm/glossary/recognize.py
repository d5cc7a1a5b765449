"""Finding glossary terms in a text, through inflection: ``find_terms(text, lang, glossary)``.

How a text word matches a term word (the contract QA and alignment rely on):

- Words are runs of letters and digits, with inner apostrophes (``Xocalı'nın``, ``Azerbaijan's``)
  and ordinal numbers kept whole (``366th``, ``366-cı``, ``366-го``). A term never matches part of
  a word: ``Khojaly`` does not match ``Khojalyx`` and ``Алиев`` does not match ``Алиевск``.
- Each word of a term accepts a set of forms its language generates from the glossary
  (``Language.term_forms``): Azerbaijani suffixes after the last word (tm.lang.az.terms), Russian
  declension of the leading nominative words (tm.lang.ru.terms, pymorphy3), English plural and
  possessive of the last word (tm.lang.en.terms); a language without them accepts the written
  form only.
- Comparison is caseless (Azerbaijani ``İ/i``, ``I/ı`` via tm.lang.fold), ignores apostrophes and
  treats ``ё`` as ``е``. Two exceptions keep proper names apart from common words: in entries of
  a type in CASE_SENSITIVE_TYPES (person, place, outlet) a capitalised term word matches only a
  capitalised text word; an all-capitals term word (an acronym: ``OIC``, ``ABŞ``) matches only
  capitals, in any entry.
- Between the words of a multiword term the text must have what the term has: white space
  (any amount, line breaks included) where the term has a space, the same punctuation
  otherwise (``Commissioner (Ombudsman) of``). Punctuation at the end of a term is optional
  (``Xocalıya ədalət!`` matches ``Xocalıya ədalət`` too); the span includes it when present.
- The longest match wins, leftmost first, and hits never overlap: ``Khojaly Genocide Day`` is one
  hit, not three.
- When the same words match terms of several entries, the hit names one entry (the one whose
  written term equals the text, then preferred before admitted before forbidden, then glossary
  order) and sets ``ambiguous`` with the other entry ids in ``alternatives``.

The index of forms is built once per (glossary, language) and cached on the glossary; ``add`` and
``remove`` clear it, and a caller that edits entries in place calls ``glossary.invalidate()``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from tm.glossary.model import Entry, Glossary, Term, TermStatus
from tm.lang import fold, language
from tm.model import normalize_lang

__all__ = ["Hit", "Token", "build_index", "find_terms", "scan_key", "start_forms", "start_patterns", "tokenize"]

_WORD = re.compile(
    r"\d+(?:[-‐‑][^\W\d_]+|(?:st|nd|rd|th)\b)?"  # 366-cı, 366-й, 366th
    r"|[^\W\d_][^\W_]*(?:['’ʼ][^\W\d_]+)*"  # words, with inner apostrophes
)
_ANY_APOSTROPHE = re.compile(r"['’ʼ]")
_APOSTROPHES = str.maketrans({"'": None, "’": None, "ʼ": None, "ё": "е", "Ё": "Е", "‐": "-", "‑": "-"})
_STATUS_RANK = {TermStatus.PREFERRED: 0, TermStatus.ADMITTED: 1, TermStatus.UNSPECIFIED: 1, TermStatus.FORBIDDEN: 2}

# What a term word asks of the capitals of a text word.
_ANY_CASE, _CAPITAL, _ACRONYM = 0, 1, 2


class Token(NamedTuple):
    """A word of a text: where it stands, as written, and its comparison key (a named tuple: made
    for every word of every text checked, it is quicker to make than a frozen dataclass)."""

    start: int
    end: int
    surface: str
    key: str


@dataclass(frozen=True, slots=True)
class Hit:
    """A glossary term found in a text (``text[start:end] == surface``).

    ``form`` says which form of the entry matched (preferred, admitted or forbidden); ``term`` is
    that glossary term; ``inflected`` is true when the text has another form of it than the one
    written in the glossary. ``ambiguous`` is true when other entries match the same words; their
    ids are in ``alternatives``.
    """

    entry: Entry
    term: Term
    lang: str
    start: int
    end: int
    surface: str
    inflected: bool = False
    ambiguous: bool = False
    alternatives: tuple[str, ...] = ()

    @property
    def form(self) -> TermStatus:
        """Which form of the entry matched: preferred, admitted or forbidden."""
        return self.term.status

    def to_dict(self) -> dict[str, Any]:
        return {
            "entry": self.entry.id,
            "type": self.entry.type,
            "lang": self.lang,
            "start": self.start,
            "end": self.end,
            "surface": self.surface,
            "term": self.term.text,
            "form": self.form.value,
            "inflected": self.inflected,
            "ambiguous": self.ambiguous,
            "alternatives": list(self.alternatives),
        }


@dataclass(frozen=True, slots=True)
class Pattern:
    """A term as recognition matches it: per word, the keys of the forms it accepts (``slots``), its
    written keys, the separators between its words, what each word asks of capitals, and the
    punctuation after its last word; ``order`` is its place in the glossary."""

    entry: Entry
    term: Term
    order: int
    slots: tuple[frozenset[str], ...]
    written: tuple[str, ...]
    gaps: tuple[str, ...]
    caps: tuple[int, ...]
    tail: str


@dataclass(frozen=True, slots=True)
class _Index:
    lang: str
    first: dict[str, tuple[Pattern, ...]]


def _key(word: str, lang: str) -> str:
    return fold(word, lang).translate(_APOSTROPHES)


#: ``_key`` of a word, remembered: a text's words are mostly words met before (QA tokenizes every unit).
_word_key = lru_cache(maxsize=1 << 14)(_key)


def _normal_gap(text: str) -> str:
    """The separator between two words as compared: white space as one space, punctuation kept."""
    return re.sub(r"\s+", " ", text.translate(_APOSTROPHES)) if text else ""


def tokenize(text: str, lang: str) -> list[Token]:
    """The words of ``text`` with their offsets and comparison keys (see the module docstring)."""
    return [Token(m.start(), m.end(), m.group(), _word_key(m.group(), lang)) for m in _WORD.finditer(text)]


def _caps(word: str, entry: Entry) -> int:
    letters = [c for c in word if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return _ACRONYM
    if entry.case_sensitive and word[:1].isupper():
        return _CAPITAL
    return _ANY_CASE


def _slots(entry: Entry, tokens: list[Token], lang: str) -> tuple[frozenset[str], ...]:
    """Per word of a term (``tokens``), the keys of the forms a text word may take (``Pattern.slots``)."""
    term_forms = language(lang).term_forms
    if term_forms is None:
        return tuple(frozenset({t.key}) for t in tokens)
    forms = term_forms([t.surface for t in tokens], entry.type)
    return tuple(_slot(slot, token, lang) for slot, token in zip(forms, tokens))


def _slot(forms: Iterable[str], token: Token, lang: str) -> frozenset[str]:
    return frozenset(_key(form, lang) for form in forms) | {token.key}


def start_forms(entry: Entry, term: Term, lang: str) -> frozenset[str]:
    """The keys of the text words ``term`` (of ``entry``, in ``lang``) can start with
    (``Pattern.slots[0]``): where ``find_terms`` may find it. Empty for a term without a word.
    Only the first word is inflected where the language can (``Language.start_forms``)."""
    tokens = tokenize(term.text, lang)
    first = language(lang).start_forms
    if not tokens or first is None:
        return _slots(entry, tokens, lang)[0] if tokens else frozenset()
    return _slot(first([t.surface for t in tokens], entry.type), tokens[0], lang)


def _pattern(entry: Entry, term: Term, order: int, lang: str) -> Pattern | None:
    tokens = tokenize(term.text, lang)
    if not tokens:
        return None
    words = [t.surface for t in tokens]
    gaps = tuple(_normal_gap(term.text[a.end : b.start]) for a, b in zip(tokens, tokens[1:]))
    return Pattern(
        entry=entry,
        term=term,
        order=order,
        slots=_slots(entry, tokens, lang),
        written=tuple(t.key for t in tokens),
        gaps=gaps,
        caps=tuple(_caps(word, entry) for word in words),
        tail=term.text[tokens[-1].end :].strip(),
    )


def build_index(glossary: Glossary, lang: str) -> _Index:
    """Build the index of every form of every term of ``glossary`` in ``lang`` (cached on the
    glossary: ``find_terms`` calls this, so callers rarely need to)."""
    lang = normalize_lang(lang)
    cached = glossary._indexes.get(lang)
    if cached is not None:
        return cached
    first: dict[str, list[Pattern]] = {}
    for pattern in patterns(glossary, lang):
        for form in pattern.slots[0]:
            first.setdefault(form, []).append(pattern)
    index = _Index(lang, {k: longest_first(v) for k, v in first.items()})
    glossary._indexes[lang] = index
    return index


def patterns(glossary: Glossary, lang: str) -> Iterator[Pattern]:
    """The pattern of every term of ``glossary`` in ``lang`` (a normalised tag), in glossary order."""
    order = 0
    for entry in glossary:
        for term in entry.terms_in(lang):
            pattern = _pattern(entry, term, order, lang)
            order += 1
            if pattern is not None:
                yield pattern


def longest_first(found: Iterable[Pattern]) -> tuple[Pattern, ...]:
    """``found`` (in glossary order) as an index holds the patterns a form starts: longest first."""
    return tuple(sorted(found, key=lambda p: -len(p.slots)))


def _matches(pattern: Pattern, tokens: list[Token], start: int, text: str) -> bool:
    for offset, (slot, caps) in enumerate(zip(pattern.slots, pattern.caps)):
        token = tokens[start + offset]
        if token.key not in slot:
            return False
        if caps == _CAPITAL and not token.surface[:1].isupper():
            return False
        if caps == _ACRONYM and not all(c.isupper() for c in token.surface[:2] if c.isalpha()):
            return False
        if offset and _normal_gap(text[tokens[start + offset - 1].end : token.start]) != pattern.gaps[offset - 1]:
            return False
    return True


def _rank(pattern: Pattern, keys: tuple[str, ...]) -> tuple[int, int, int]:
    return (pattern.written != keys, _STATUS_RANK[pattern.term.status], pattern.order)


def hits(text: str, lang: str, first: dict[str, tuple[Pattern, ...]]) -> Iterator[Hit]:
    """The hits of ``find_terms`` in ``text``, with the patterns each word form starts in ``first``."""
    tokens = tokenize(text, lang)
    position = 0
    while position < len(tokens):
        found: list[Pattern] = []
        for pattern in first.get(tokens[position].key, ()):
            size = len(pattern.slots)
            if found and size < len(found[0].slots):
                break  # patterns are sorted longest first
            if position + size <= len(tokens) and _matches(pattern, tokens, position, text):
                found.append(pattern)
        if not found:
            position += 1
            continue
        size = len(found[0].slots)
        keys = tuple(t.key for t in tokens[position : position + size])
        found.sort(key=lambda p: _rank(p, keys))
        best = found[0]
        others = tuple(dict.fromkeys(p.entry.id for p in found if p.entry.id != best.entry.id))
        start, end = tokens[position].start, tokens[position + size - 1].end
        if best.tail and text.startswith(best.tail, end):
            end += len(best.tail)
        yield Hit(
            entry=best.entry,
            term=best.term,
            lang=lang,
            start=start,
            end=end,
            surface=text[start:end],
            inflected=best.written != keys,
            ambiguous=bool(others),
            alternatives=others,
        )
        position += size


def find_terms(text: str, lang: str, glossary: Glossary) -> list[Hit]:
    """Every glossary term in ``text`` (written in ``lang``), in text order, inflected forms
    included; see the module docstring for the matching rules. Stable API: QA and alignment
    depend on it."""
    lang = normalize_lang(lang)
    return list(hits(text, lang, build_index(glossary, lang).first))


def scan_key(text: str, lang: str) -> str:
    """``text`` as term recognition compares its words (case-folded for ``lang``, ``ё`` as ``е``,
    an apostrophe inside a word dropped, any other apostrophe a space), so that every word's key
    stands in it with no letter before it; for ``start_patterns``."""
    if _ANY_APOSTROPHE.search(text):
        parts, last = [], 0
        for match in _WORD.finditer(text):
            parts += [_ANY_APOSTROPHE.sub(" ", text[last : match.start()]), match.group()]
            last = match.end()
        text = "".join(parts) + _ANY_APOSTROPHE.sub(" ", text[last:])
    return _key(text, normalize_lang(lang))


def start_patterns(glossary: Glossary, lang: str) -> list[tuple[list[str], re.Pattern[str]]]:
    """For each term of ``glossary``: the forms its first word can take in ``scan_key(text, lang)``,
    and a pattern finding the places where the term can start there: one of those forms not
    followed by a letter (``find_terms`` decides; the caller checks that no letter precedes a
    form that starts with a letter). Each pattern is led by the literal that all its forms share,
    which the regular expression engine scans for quickly. For searching many texts, such as a
    whole memory, before tokenizing the few that can match."""
    by_term: dict[int, set[str]] = {}
    for form, patterns in build_index(glossary, normalize_lang(lang)).first.items():
        for pattern in patterns:
            by_term.setdefault(pattern.order, set()).add(form)
    found = []
    for forms in by_term.values():
        ordered = sorted(forms)
        shared = os.path.commonprefix(ordered)
        rests = sorted((form[len(shared) :] for form in forms), key=len, reverse=True)
        compiled = re.compile(re.escape(shared) + "(?:" + "|".join(map(re.escape, rests)) + r")(?![^\W\d_])")
        found.append((ordered, compiled))
    return found
