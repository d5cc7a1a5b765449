"""Sentence segmentation: rule-based, per language, keeping paragraphs and character offsets.

``split_sentences(text, lang)`` is the stable entry point other tools call; ``segment()`` returns the
paragraph structure with offsets into the original text. The language knowledge (abbreviations,
titles, words that start sentences) lives in ``tm.lang``; this module holds only the mechanics.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterator

from tm.lang import LangRules, rules_for

__all__ = ["Paragraph", "Sentence", "segment", "split_paragraphs", "split_sentences"]


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: its text and where it stands (``text == source[start:end]``)."""

    text: str
    start: int
    end: int
    paragraph: int
    index: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "paragraph": self.paragraph,
            "index": self.index,
        }


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A block of text between blank lines, and its sentences."""

    index: int
    start: int
    end: int
    sentences: tuple[Sentence, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "start": self.start,
            "end": self.end,
            "sentences": [s.to_dict() for s in self.sentences],
        }


# A blank line (possibly holding spaces) separates paragraphs.
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v\u00a0]*\n\s*")
# Terminal punctuation, a spaced ellipsis ". . .", then closing quotes and brackets.
_CANDIDATE = re.compile(
    r"(?P<punct>[.!?…‽](?:(?<=\.)(?:[ \u00a0]\.){2,}|[.!?…‽]*))(?P<close>[)\]»”’\"'›]*)"
    r"(?=\s+(?P<open>[(\[«“‘\"'‹„]*)(?P<next>\S)|\s*$)"
)
_CLOSERS = ")]»”’\"'›"
_OPENERS = "([«“‘\"'‹„"
_DASHES = "-–—―"
_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*\.?")
# A dotted abbreviation: U.S, e.g, a.m, т.е, Л.Н, b.e.ə
_DOTTED = re.compile(r"(?:[^\W\d_]{1,4}\.)+[^\W\d_]{1,4}")
_BULLETS = "•⁃▪◦‣∙·*"
# A list marker at the start of a paragraph or line: "1.", "1)", "1.)", "a.", "(2)", "• 9.", "⁃10."
_MARKER = re.compile(
    rf"(?P<bullet>[{_BULLETS}\-–][ \t]*)?(?P<label>\d{{1,3}}|[a-zA-Z])(?P<punct>\.\)|\.|\))(?=[ \t])"
)
_LINE_ITEM = re.compile(rf"[ \t]*(?:[{_BULLETS}\-–—]\s|[{_BULLETS}]|\(?\d{{1,3}}[.)]\s|[a-zA-Z][.)]\s)")


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """Return the (start, end) offsets of each paragraph: blocks separated by blank lines."""
    if "\n" not in text:
        start, end = _trim(text, 0, len(text))
        return [(start, end)] if start < end else []
    spans = []
    pos = 0
    for match in _BLANK_LINE.finditer(text):
        spans.append((pos, match.start()))
        pos = match.end()
    spans.append((pos, len(text)))
    return [(s, e) for s, e in (_trim(text, s, e) for s, e in spans) if s < e]


def segment(text: str, lang: str, rules: LangRules | None = None) -> list[Paragraph]:
    """Split ``text`` into paragraphs and sentences by the rules of ``lang``.

    Offsets index into ``text``; sentence texts are stripped of surrounding white space. A blank
    line always ends a sentence. Empty or blank input gives no paragraphs.
    """
    rules = rules or rules_for(lang)
    paragraphs = []
    for p_index, (p_start, p_end) in enumerate(split_paragraphs(text)):
        spans = _sentence_spans(text, p_start, p_end, rules)
        sentences = tuple(
            Sentence(text[start:end], start, end, p_index, index) for index, (start, end) in enumerate(spans)
        )
        paragraphs.append(Paragraph(p_index, p_start, p_end, sentences))
    return paragraphs


def split_sentences(text: str, lang: str) -> list[str]:
    """Split ``text`` into sentences by the rules of ``lang`` (stable public API).

    ``split_sentences("Mr. Smith came. He left.", "en") == ["Mr. Smith came.", "He left."]``
    """
    rules = rules_for(lang)
    sentences = []
    for p_start, p_end in split_paragraphs(text):
        par = text[p_start:p_end]
        previous = 0
        for cut in _cuts(par, rules):
            piece = par[previous:cut].strip()
            if piece:
                sentences.append(piece)
            previous = cut
    return sentences


# --------------------------------------------------------------------------- mechanics


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _sentence_spans(text: str, start: int, end: int, rules: LangRules) -> list[tuple[int, int]]:
    """The (start, end) offsets of the stripped sentences of the paragraph ``text[start:end]``."""
    par = text[start:end]
    spans = []
    previous = 0
    for cut in _cuts(par, rules):
        s, e = _trim(par, previous, cut)
        if s < e:
            spans.append((start + s, start + e))
        previous = cut
    return spans


def _cuts(par: str, rules: LangRules) -> list[int]:
    """Where the sentences of ``par`` end, in order, the end of the paragraph included."""
    cuts = _boundaries(par, rules)
    if not cuts:
        return [len(par)]
    return [*sorted(cuts), len(par)]


def _boundaries(par: str, rules: LangRules) -> set[int]:
    """Offsets in the paragraph ``par`` where a sentence ends."""
    cuts: set[int] = set()
    protected: set[int] = set()
    if _MARKER.match(par):
        for marker_start, dot in _list_markers(par):
            if marker_start:
                cuts.add(marker_start)
            protected.add(dot)
    if "\n" in par:
        cuts.update(_line_breaks(par))
    last = 0
    for match in _CANDIDATE.finditer(par):
        _, _, opening, following = match.groups()
        if following is None or (following.islower() and not opening) or match.start() in protected:
            continue
        cut = _decide(par, match, following, rules, last)
        if cut is not None:
            cuts.add(cut)
            last = cut
    return {c for c in cuts if 0 < c < len(par)}


def _decide(
    par: str, match: re.Match[str], following: str, rules: LangRules, sentence_start: int
) -> int | None:
    """Return where the sentence ends if ``match`` (terminal punctuation) ends one, else None."""
    punct = match.group("punct")
    j = match.start("open")
    next_lower = following.islower()

    if " " in punct or "\u00a0" in punct:  # spaced ellipsis ". . ."
        attached = match.start() > 0 and not par[match.start() - 1].isspace()
        if next_lower:
            return None
        if attached:  # "compounds. . . . The": the first dot ends the sentence
            return match.start() + 1
        return match.end() if punct.count(".") >= 4 else None
    if next_lower or following in ",;:.!?…":
        return None
    if punct == "..." and match.start() > 0 and par[match.start() - 1] == "[":  # "[...]" omission
        return None
    if following in _DASHES and (
        _starts_lower(par, _skip_dash(par, j)) or _inside_quote(par, sentence_start, j)
    ):
        return None
    word = _word_before(par, match.start())
    if punct != ".":
        return None if rules.names and rules.is_name(word + punct) else match.end()
    if not word:
        return match.end()
    key = rules.key(word)
    if key in rules.titles:
        return None
    if len(word) == 1 and word.isalpha() and word.isupper():  # an initial, or a word such as "I"
        if word in rules.letter_words and rules.starts_sentence(_next_word(par, j).rstrip(".")):
            return match.end()
        return None
    if key in rules.abbreviations or _DOTTED.fullmatch(word):
        if (
            rules.abbreviations_end_sentences
            and len(par[sentence_start : match.start()].split()) >= 4
            and rules.starts_sentence(_next_word(par, j).rstrip("."))
        ):
            return match.end()
        return None
    return match.end()


def _word_before(par: str, dot: int) -> str:
    start = max(par.rfind(" ", 0, dot), par.rfind("\n", 0, dot), par.rfind("\u00a0", 0, dot)) + 1
    return par[start:dot].lstrip(_OPENERS).rstrip(_CLOSERS)


def _next_word(par: str, j: int) -> str:
    while j < len(par) and par[j] in _OPENERS:
        j += 1
    match = _WORD.match(par, j)
    return match.group() if match else ""


def _starts_lower(par: str, j: int) -> bool:
    while j < len(par) and par[j] in _OPENERS:
        j += 1
    return j < len(par) and par[j].islower()


def _skip_dash(par: str, j: int) -> int:
    while j < len(par) and (par[j] in _DASHES or par[j].isspace()):
        j += 1
    return j


def _inside_quote(par: str, start: int, end: int) -> bool:
    span = par[start:end]
    return span.count("«") > span.count("»") or span.count("„") > span.count("“")


def _list_markers(par: str) -> Iterator[tuple[int, int]]:
    """Yield (start, dot offset) of each marker of an inline list that opens the paragraph.

    A list is a run of consecutive labels (``1. … 2. …``, ``a) … b) …``, ``• 9. … • 10. …``) whose
    first marker begins the paragraph; lines are handled by ``_line_breaks``.
    """
    first = _MARKER.match(par)
    if not first:
        return
    label = first.group("label")
    yield 0, first.start("punct")
    pos = first.end()
    while True:
        label = _next_label(label)
        pattern = re.compile(
            rf"(?<=\s)(?P<bullet>[{_BULLETS}\-–][ \t]*)?{re.escape(label)}(?P<punct>\.\)|\.|\))(?=[ \t])"
            if first.group("bullet") is None or first.group("bullet").strip() in "-–"
            else rf"(?<=\s)(?P<bullet>{re.escape(first.group('bullet').strip())}[ \t]*){re.escape(label)}"
            rf"(?P<punct>\.\)|\.|\))(?=[ \t])"
        )
        found = pattern.search(par, pos)
        if not found:
            return
        yield found.start(), found.start("punct")
        pos = found.end()


def _next_label(label: str) -> str:
    return str(int(label) + 1) if label.isdigit() else chr(ord(label) + 1)


def _line_breaks(par: str) -> Iterator[int]:
    """Yield offsets of line breaks that end a heading or a list item."""
    pos = par.find("\n")
    while pos != -1:
        line_start = par.rfind("\n", 0, pos) + 1
        line = par[line_start:pos].strip()
        rest = par[pos + 1 :]
        next_line = rest.split("\n", 1)[0].strip()
        if line and next_line and (
            _LINE_ITEM.match(next_line)
            or _LINE_ITEM.match(line)
            or _is_heading(line, next_line)
        ):
            yield pos
        pos = par.find("\n", pos + 1)


def _is_heading(line: str, next_line: str) -> bool:
    """A short line without final punctuation, followed by a line that starts a sentence."""
    return (
        line[-1] not in ".!?…,;:-–—(" + _OPENERS
        and len(line) <= 60
        and len(line.split()) <= 10
        and not next_line[0].islower()
    )
