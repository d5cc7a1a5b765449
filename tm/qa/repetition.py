"""Repeated phrases: the same three or more content words twice in one unit or in adjacent units.

“был стёрт с лица земли” followed by “стереть с лица земли” in the next sentence reads as a
slip even though the words are inflected differently, so words are compared by the keys their
language gives them (``Language.word_keys``): Russian lemmas through pymorphy3
(``tm.lang.ru.terms.lemmas``), Azerbaijani stems without the inflectional suffixes the glossary
knows (``tm.lang.az.terms.stems``); languages without keys are compared caselessly. Function words
(``LangRules.function_words``: prepositions, conjunctions, pronouns) are left out of the
sequence, and so are glossary names, which a text must repeat (a treaty's title twice in a list).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from tm.lang import fold, language, rules_for
from tm.model import Unit
from tm.qa import Finding, QaContext, check, quote, texts
from tm.qa.glossary import glossary_hits

#: How many content words in a row make a repeated phrase.
MIN_WORDS = 3

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


@dataclass(frozen=True, slots=True)
class _Word:
    keys: frozenset[str]
    start: int
    end: int


def _keys_function(lang: str) -> Callable[[str], frozenset[str]]:
    return language(lang).word_keys or (lambda word: frozenset({fold(word, lang)}))


def content_words(text: str, lang: str, ctx: QaContext) -> list[_Word]:
    """The content words of ``text`` with their lemma keys, glossary names and function words left out."""

    def compute() -> list[_Word]:
        rules = rules_for(lang)
        keys = _keys_function(lang)
        names = [(hit.start, hit.end) for hit in glossary_hits(text, lang, ctx)] if ctx.glossary is not None else []
        words = []
        for match in _WORD.finditer(text):
            word = match.group()
            if len(word) < 2 or fold(word, lang) in rules.function_words:
                continue
            if any(start <= match.start() < end for start, end in names):
                continue
            words.append(_Word(keys(word), match.start(), match.end()))
        return words

    return ctx.recent(("content-words", lang, text), compute)


def _same(a: _Word, b: _Word) -> bool:
    return not a.keys.isdisjoint(b.keys)


def _run(first: list[_Word], i: int, second: list[_Word], j: int, limit: int) -> int:
    """How many words match from ``first[i]`` and ``second[j]`` on (at most ``limit``)."""
    length = 0
    while length < limit and i + length < len(first) and j + length < len(second):
        if not _same(first[i + length], second[j + length]):
            break
        length += 1
    return length


def _repeats(earlier: list[_Word], later: list[_Word], same_text: bool) -> Iterator[tuple[int, int, int]]:
    """(i, j, length): runs of at least MIN_WORDS words of ``later`` that repeat ``earlier``;
    within one text (``same_text``) a run repeats an earlier, non-overlapping one."""
    j = 0
    while j < len(later):
        best = (0, 0)
        for i in range(len(earlier) if not same_text else j):
            length = _run(earlier, i, later, j, j - i if same_text else len(later))
            if length > best[1]:
                best = (i, length)
        if best[1] >= MIN_WORDS:
            yield best[0], j, best[1]
            j += best[1]
        else:
            j += 1


def _previous(unit: Unit, ctx: QaContext) -> Unit | None:
    """The unit before ``unit``: in the whole set when the caller gives it, else the one checked before."""
    if not ctx.units:
        return ctx.previous
    positions = ctx.cached(("unit-positions",), lambda: {id(u): n for n, u in enumerate(ctx.units)})
    position = positions.get(id(unit))
    return ctx.units[position - 1] if position else None


@check("repeated-phrase", severity="warning")
def repeated_phrase(unit: Unit, lang: str, ctx: QaContext) -> Iterator[Finding]:
    """Three or more content words repeated in one unit or the next, inflection aside: “стёрт с лица земли” … “стереть с лица земли”."""
    pair = texts(unit, lang, ctx)
    if pair is None:
        return
    target = pair[1]
    words = content_words(target, lang, ctx)
    for i, j, length in _repeats(words, words, same_text=True):
        again = target[words[j].start : words[j + length - 1].end]
        first = target[words[i].start : words[i + length - 1].end]
        yield Finding(
            f"{quote(again)} repeats {quote(first)} of the same sentence", words[j].start, words[j + length - 1].end
        )
    previous = _previous(unit, ctx)
    earlier_pair = texts(previous, lang) if previous is not None else None
    if earlier_pair is None or previous is None:
        return
    earlier = content_words(earlier_pair[1], lang, ctx)
    for i, j, length in _repeats(earlier, words, same_text=False):
        again = target[words[j].start : words[j + length - 1].end]
        first = earlier_pair[1][earlier[i].start : earlier[i + length - 1].end]
        yield Finding(
            f"{quote(again)} repeats {quote(first)} of the previous unit {previous.id}",
            words[j].start,
            words[j + length - 1].end,
        )
