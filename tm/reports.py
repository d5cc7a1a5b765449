"""What a document's files say, read back: the translated text (``render_document``) and the
progress per language (``status``), both as the next build would see them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tm.document import Document, find_documents, source_units
from tm.errors import TmError
from tm.merge import plan
from tm.model import TargetState, Unit, normalize_lang, same_lang
from tm.wordcount import count_words

#: Where ``render_document`` shows an untranslated sentence (in the source language) and a draft.
UNTRANSLATED_MARK = "[[{lang}: {text}]]"


DRAFT_MARK = "[[draft: {text}]]"


def render_document(document: Document, lang: str, strict: bool = False) -> str:
    """The translated document: sentences of a paragraph joined by a space, paragraphs by a
    blank line. An untranslated sentence shows in the source language as ``[[en: ...]]``, a
    fuzzy one as ``[[draft: ...]]``; with ``strict`` either raises TmError listing them.
    In the source language it gives the source, sentence by sentence."""
    lang = normalize_lang(lang)
    if same_lang(lang, document.source_lang):
        units = source_units(document)
        return _join_paragraphs((unit, unit.source.text) for unit in units)
    lang = document.target(lang)
    if not document.po_path(lang).is_file():
        raise TmError(f"no {lang} translation file yet", path=document.po_path(lang), hint="run tm build first")
    p = plan(document, [lang])
    rendered = []
    missing = []
    for unit in p.active(lang):
        state, target = unit.state(lang), unit.target(lang)
        if target is not None and state.finished:
            text = target.text
        elif target is not None and state is not TargetState.UNTRANSLATED:
            text = DRAFT_MARK.format(text=target.text)
            missing.append(f"{_where(unit)} (draft) {unit.source.text}")
        else:
            text = UNTRANSLATED_MARK.format(lang=document.source_lang, text=unit.source.text)
            missing.append(f"{_where(unit)} {unit.source.text}")
        rendered.append((unit, text))
    if strict and missing:
        shown = "\n  ".join(missing[:20]) + ("\n  ..." if len(missing) > 20 else "")
        raise TmError(
            f"{len(missing)} of {len(p.units)} sentences are not translated into {lang}:\n  {shown}",
            path=document.po_path(lang),
            hint="translate them (or drop --strict to see them marked in the source language)",
        )
    return _join_paragraphs(rendered)


def _join_paragraphs(sentences: Iterable[tuple[Unit, str]]) -> str:
    """Sentences of a paragraph joined by a space, paragraphs by a blank line."""
    paragraphs: dict[int, list[str]] = {}
    for unit, text in sentences:
        assert unit.context is not None and unit.context.paragraph is not None
        paragraphs.setdefault(unit.context.paragraph, []).append(text)
    return "\n\n".join(" ".join(texts) for _, texts in sorted(paragraphs.items())) + "\n"


def _where(unit: Unit) -> str:
    ctx = unit.context
    return f"{ctx.document}:{ctx.paragraph}:{ctx.position}" if ctx else unit.id


@dataclass(frozen=True, slots=True)
class LanguageStatus:
    """Progress of one document in one target language (counts of units; words of the source).
    A document without targets yet has one row with ``lang`` None and nothing translated."""

    document: str
    lang: str | None
    units: int
    words: int
    translated: int
    reviewed: int
    fuzzy: int
    stale: int
    untranslated: int
    obsolete: int

    @property
    def percent(self) -> float:
        """Share of units translated (reviewed included), 0-100."""
        return 100.0 * self.translated / self.units if self.units else 100.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "lang": self.lang,
            "units": self.units,
            "words": self.words,
            "translated": self.translated,
            "reviewed": self.reviewed,
            "fuzzy": self.fuzzy,
            "stale": self.stale,
            "untranslated": self.untranslated,
            "obsolete": self.obsolete,
            "percent": round(self.percent, 1),
        }


def status(root: str | Path | None = None, langs: Sequence[str] | None = None) -> list[LanguageStatus]:
    """Per document and target language: units, words, translated (reviewed included), reviewed,
    fuzzy (stale included), stale, untranslated, obsolete — as the next build would see them.
    A document with no target language gets one row (``lang`` None), so every document is listed."""
    result = []
    for document in find_documents(root):
        p = plan(document, langs)
        if not p.languages:
            words = sum(count_words(u.source.text) for u in p.units)
            result.append(LanguageStatus(document.name, None, len(p.units), words, 0, 0, 0, 0, 0, 0))
        for lang, units in p.languages.items():
            active = p.active(lang)
            states = Counter(u.state(lang) for u in active)
            done = states[TargetState.TRANSLATED] + states[TargetState.REVIEWED]
            drafts = states[TargetState.DRAFT] + states[TargetState.STALE]
            result.append(
                LanguageStatus(
                    document=document.name,
                    lang=lang,
                    units=len(active),
                    words=sum(count_words(u.source.text) for u in active),
                    translated=done,
                    reviewed=states[TargetState.REVIEWED],
                    fuzzy=drafts,
                    stale=states[TargetState.STALE],
                    untranslated=states[TargetState.UNTRANSLATED],
                    obsolete=len(units) - len(active),
                )
            )
    return result
