"""Glossary use: approved names in the target, no forbidden spellings, no names left untranslated,
and the case of entries that keep it.

Terms are found with ``tm.glossary.find_terms``, which understands inflection (Xocalının,
Xocalıda; Гейдара Алиева) and the entry's admitted variants (Ходжалинский), so an inflected
approved form counts as used. The checks do nothing without a glossary (``ctx.glossary``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from tm.model import Unit
from tm.qa import Finding, QaContext, Severity, check, texts


def glossary_hits(text: str, lang: str, ctx: QaContext) -> list[Any]:
    """The glossary terms of ``text`` in ``lang``, found once for the checks of a unit (several ask)."""

    def compute() -> list[Any]:
        from tm.glossary import find_terms

        return find_terms(text, lang, ctx.glossary)

    return ctx.recent(("glossary-hits", lang, text), compute)


def _allowed(hit: Any) -> bool:
    return hit.form != "forbidden"


def _expected(entry: Any, lang: str) -> str:
    terms = [t.text for t in entry.allowed(lang)]
    if not terms:
        return "(no term in the glossary)"
    text = f"“{terms[0]}”"
    if len(terms) > 1:
        text += " (or " + ", ".join(f"“{t}”" for t in terms[1:]) + ")"
    return text


@check("glossary", severity="error")
def glossary(unit: Unit, lang: str, ctx: QaContext) -> Iterator[Finding]:
    """A source name without its approved translation: “Khojaly” rendered “Xodjalı” instead of “Xocalı” (inflected forms count)."""
    pair = texts(unit, lang, ctx)
    if pair is None or ctx.glossary is None:
        return
    used = {hit.entry.id for hit in glossary_hits(pair[1], lang, ctx) if _allowed(hit)}
    # A name left as in the source is reported by untranslated-name, once.
    used |= {hit.entry.id for hit in glossary_hits(pair[1], ctx.source_lang, ctx)}
    reported: set[str] = set()
    for hit in glossary_hits(pair[0], ctx.source_lang, ctx):
        entry = hit.entry
        if entry.id in used or entry.id in reported or not entry.allowed(lang):
            continue
        reported.add(entry.id)
        yield Finding(
            f"“{hit.surface}” is not translated as the glossary says: expected {_expected(entry, lang)}",
            severity=Severity.WARNING if hit.ambiguous else None,
        )


@check("forbidden-term", severity="error")
def forbidden_term(unit: Unit, lang: str, ctx: QaContext) -> Iterator[Finding]:
    """A spelling the glossary forbids: “Xankəndi” written “Stepanakert”, “Ходжалы” written “Ходжали”."""
    pair = texts(unit, lang, ctx)
    if pair is None or ctx.glossary is None:
        return
    for hit in glossary_hits(pair[1], lang, ctx):
        if not _allowed(hit):
            message = f"forbidden spelling “{hit.surface}”: use {_expected(hit.entry, lang)}"
            if hit.entry.policy:  # a house-style decision a client's style may override
                message += f" (house-style policy: tm glossary show {hit.entry.id})"
            yield Finding(message, hit.start, hit.end)


@check("untranslated-name", severity="error")
def untranslated_name(unit: Unit, lang: str, ctx: QaContext) -> Iterator[Finding]:
    """A glossary name left as in the source: “Khojaly” or “Heydar Aliyev” inside an az or ru sentence."""
    pair = texts(unit, lang, ctx)
    if pair is None or ctx.glossary is None:
        return
    target = pair[1]
    approved = [(hit.start, hit.end) for hit in glossary_hits(target, lang, ctx) if _allowed(hit)]
    for hit in glossary_hits(target, ctx.source_lang, ctx):
        if not hit.entry.allowed(lang) or any(s <= hit.start and hit.end <= e for s, e in approved):
            continue
        yield Finding(
            f"“{hit.surface}” is left in the source language: expected {_expected(hit.entry, lang)}", hit.start, hit.end
        )


# Characters that may stand between a sentence's start and its first word: quotes, brackets, dashes.
_OPENERS = set(" \t\n«“„\"'‘(‹[—–-")


def sentence_initial(text: str, position: int) -> bool:
    """True when ``text[position]`` begins a sentence: only quotes, brackets or dashes stand
    between it and the start of the text or a ``.``, ``!``, ``?`` or ``…``."""
    index = position - 1
    while index >= 0 and text[index] in _OPENERS:
        index -= 1
    return index < 0 or text[index] in ".!?…"


@check("term-case", severity="warning")
def term_case(unit: Unit, lang: str, ctx: QaContext) -> Iterator[Finding]:
    """A term of a case-exact glossary entry written in another case: “Xocalı Soyqırımı Günü” for “Xocalı soyqırımı günü”."""
    pair = texts(unit, lang, ctx)
    if pair is None or ctx.glossary is None:
        return
    from tm.glossary import tokenize

    target = pair[1]
    for hit in glossary_hits(target, lang, ctx):
        if not hit.entry.exact_case or not _allowed(hit):
            continue
        written = tokenize(hit.term.text, lang)
        found = tokenize(hit.surface, lang)
        for index, (term_word, word) in enumerate(zip(written, found)):
            if term_word.surface[:1].isupper() == word.surface[:1].isupper():
                continue
            if index == 0 and word.surface[:1].isupper() and sentence_initial(target, hit.start):
                continue
            yield Finding(
                f"“{hit.surface}” is written in another case than the glossary's “{hit.term.text}”",
                hit.start,
                hit.end,
            )
            break
