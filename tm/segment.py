"""Sentence segmentation: rule-based, per language, keeping paragraphs and character offsets.

``split_sentences(text, lang)`` is the stable entry point other tools call; ``segment()`` returns the
paragraph structure with offsets into the original text. The language knowledge (abbreviations,
titles, words that start sentences) lives in ``tm.lang``; this module holds only the mechanics.

``segment()`` decides each candidate sentence end in Python (``_decide``). ``split_sentences`` gives
the same sentences faster: one pattern per language, built from the rules, finds the sentences of
most paragraphs in one ``findall``; the few it is unsure of go through ``_decide`` as well.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, cast

from tm.lang import LangRules, lower, rules_for, upper

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
# Two line breaks: split_sentences splits documents there (str.split finds a separator of two
# characters some 1.5-2x slower than the regex engine).
_PARAGRAPH_BREAK = re.compile("\n\n")
# Terminal punctuation, a spaced ellipsis ". . .", then closing quotes and brackets.
_CANDIDATE = re.compile(
    r"(?P<punct>[.!?…‽](?:(?<=\.)(?:[ \u00a0]\.){2,}|[.!?…‽]*))(?P<close>[)\]»”’\"'›]*)"
    r"(?=\s+(?P<open>[(\[«“‘\"'‹„]*)(?P<next>\S)|\s*$)"
)
_CLOSERS = ")]»”’\"'›"
_OPENERS = "([«“‘\"'‹„"
_DASHES = "-–—―"
_TERMINALS = ".!?…‽"
# A terminal that may end a sentence before more text: one that a space follows (see _CANDIDATE).
_INNER_END = re.compile(f"[{re.escape(_TERMINALS)}][{re.escape(_CLOSERS)}]*\\s")
_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*\.?")
# A dotted abbreviation: U.S, e.g, a.m, т.е, Л.Н, b.e.ə
_DOTTED = re.compile(r"(?:[^\W\d_]{1,4}\.)+[^\W\d_]{1,4}")
_BULLETS = "•⁃▪◦‣∙·*"
_BULLET_CLASS = re.escape(_BULLETS + _DASHES)
_NUMBER = r"\d{1,3}(?:\.\d{1,3})*"  # a numeric label: "12", "3.1.2"
# The same, read at once (possessive) and opening with a class test (the regex engine skips an
# alternative that opens with a class that fails): where a label is followed by "." or ")" and a
# space, giving back digits or ".12" cannot help a match.
_NUMBER_AT_ONCE = r"\d\d{0,2}+(?:\.\d{1,3}+)*+"
_ROMAN = r"(?=[ivx])x{0,3}(?:ix|iv|v?i{0,3})|(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})"
# What may end a line that ends a sentence or introduces a list (a lead-in "The panel found:").
_LINE_ENDS = ".!?…:;"
_ENDED = frozenset(_LINE_ENDS)
_MARKER_STARTS = frozenset(_BULLETS + _DASHES + "(ivxIVX")
# Where a list marker may open (a pattern): a bullet, a dash, a bracket, a digit, a roman numeral
# or a letter before "." or ")"; a class test or two that rules out most lines at once.
_MAY_OPEN = rf"(?=[{_BULLET_CLASS}(\divxIVX]|[^\W\d_][.)])"
# The same, where only a marker may follow (a text's opening enumerator): a roman numeral's letters
# (seven at most, as _ROMAN's) are then followed by "." or ")", so that "In" or "It" is no numeral.
_MAY_ENUMERATE = rf"(?=[{_BULLET_CLASS}(\d]|[ivxIVX]{{1,7}}+[.)]|[^\W\d_][.)])"
_MARKER_CHARS = _BULLETS + _DASHES + "().) \t"  # what a marker holds besides its label
_HEADING_WORDS = 10  # a heading or dateline has at most so many words
_NARROWEST = 40  # lines are taken as wrapped at this width at least


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
    The sentences are those of ``segment(text, lang)``, without their offsets.
    """
    rules = rules_for(lang)
    # (The casts name their types in strings: a subscripted type is built anew at each call.)
    patterns = cast("_Patterns | None", rules.cache.get("segment")) or _compile(rules)
    if "\n" not in text:
        return _paragraph_sentences(text.strip(), rules, patterns)
    sentences: list[str] = []
    lines, document = _document_patterns(rules)
    # A document whose only terminal is "." has no other in any paragraph: one test for all of them.
    dots = None if _other_terminals(text) else patterns.dots
    # Paragraphs as split_paragraphs finds them, but for blank lines holding white space: such a
    # part goes to it whole.
    for part in _PARAGRAPH_BREAK.split(text):
        part = part.strip()
        if "\n" not in part:
            if part:  # most paragraphs: one pass of the pattern (_paragraph_sentences if it is unsure)
                found = dots.findall(part) if dots else _block_sentences(part, patterns)
                sentences += _paragraph_sentences(part, rules, patterns) if "" in found else found
            continue
        whole = lines.fullmatch(part)
        if whole and whole.lastgroup is None:  # each line a block of one sentence: headings, items
            sentences += part.split("\n")
            continue
        if whole:  # one block: hard-wrapped prose, which the pattern reads as a paragraph
            found = dots.findall(part) if dots else _block_sentences(part, patterns)
            sentences += _sentences_of_block(part, 0, rules, _lists(rules), patterns) if "" in found else found
            continue
        blocks = _document_blocks(part, document)
        if blocks is not None:
            lists = _lists(rules)
            for block, marker in blocks:
                # Most blocks (headings, lead-ins, list items) are one sentence: no terminal
                # within them is followed by a space, and no more labels of their list.
                if _INNER_END.search(block, len(marker)) or (marker and _labels_follow(block, marker, lists.letters)):
                    sentences += _sentences_of_block(block, len(marker), rules, lists, patterns)
                else:
                    sentences.append(block)
            continue
        for start, end in split_paragraphs(part):
            sentences += _paragraph_sentences(part[start:end], rules, patterns)
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
    return [
        (start + b_start + s, start + b_start + e)
        for b_start, b_end, enumerator in _blocks(par, _lists(rules))
        for s, e in _block_spans(par[b_start:b_end], rules, enumerator - b_start)
    ]


def _block_spans(block: str, rules: LangRules, enumerator: int) -> list[tuple[int, int]]:
    """The (start, end) offsets of the stripped sentences of ``block`` (see ``_boundaries``)."""
    spans = []
    previous = 0
    for cut in [*sorted(_boundaries(block, rules, enumerator)), len(block)]:
        s, e = _trim(block, previous, cut)
        if s < e:
            spans.append((s, e))
        previous = cut
    return spans


def _boundaries(block: str, rules: LangRules, enumerator: int) -> set[int]:
    """Offsets in ``block`` (a block of ``_blocks``) where a sentence ends; a list item's
    enumerator ends at ``enumerator`` (0 if it opens with none)."""
    cuts: set[int] = set()
    protected: set[int] = set()
    if enumerator:
        for marker_start, marker_end in _list_markers(block, enumerator, _lists(rules)):
            if marker_start:
                cuts.add(marker_start)
            protected.update(range(marker_start, marker_end))
    last = enumerator  # the item's first sentence starts after its enumerator
    for match in _CANDIDATE.finditer(block):
        _, _, opening, following = match.groups()
        if following is None or (following.islower() and not opening) or match.start() in protected:
            continue
        cut = _decide(block, match, following, rules, last)
        if cut is not None:
            cuts.add(cut)
            last = cut
    return {c for c in cuts if 0 < c < len(block)}


def _decide(par: str, match: re.Match[str], following: str, rules: LangRules, sentence_start: int) -> int | None:
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
    if following in _DASHES and (_starts_lower(par, _skip_dash(par, j)) or _inside_quote(par, sentence_start, j)):
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


# --------------------------------------------------------------------------- lines and lists


@dataclass(frozen=True, slots=True)
class _Lists:
    """The list markers of one language: ``marker`` matches a bullet or dash, an enumerator
    ("1.", "1)", "(a)", "б)", "iv."), or both, or nothing; ``enumerator`` is the source of a
    pattern matching a marker with an enumerator."""

    marker: re.Pattern[str]
    enumerator: str
    letters: tuple[str, ...]
    label: str  # the source of a pattern matching a label ("12", "iv", "б")


def _lists(rules: LangRules) -> _Lists:
    """The list markers of ``rules`` (kept in ``rules.cache``)."""
    lists = rules.cache.get("segment.lists")
    if isinstance(lists, _Lists):
        return lists
    letters = "".join(rules.list_letters)
    label = rf"{_NUMBER}|{_ROMAN}|[{_class(letters + upper(letters, rules.code))}]"
    enumerator = rf"\(?(?:{label})(?:\.\)|\.|\))(?=[ \t])"
    marker = re.compile(
        rf"(?:(?P<bullet>[{_BULLET_CLASS}])[ \t]*)?"
        rf"(?:(?P<open>\()?(?P<label>{label})(?P<punct>\.\)|\.|\))(?=[ \t])[ \t]*)?"
    )
    lists = _Lists(marker, rf"(?:[{_BULLET_CLASS}][ \t]*)?{enumerator}", rules.list_letters, label)
    rules.cache["segment.lists"] = lists
    return lists


def _marker(text: str, pos: int, lists: _Lists) -> tuple[int, bool] | None:
    """The list marker that opens the line at ``pos``: where it ends, and whether it is surely
    one (a bullet, or an enumerator closed by a bracket) or only after a line that ended a
    sentence or a lead-in ("1.", "a.", a dash). None when the line opens with no marker."""
    match = lists.marker.match(text, pos)
    if match is None or match.end() <= pos + 1:  # none, or a bullet before no space
        return None
    bullet, opening, label, punct = match.group("bullet", "open", "label", "punct")
    if label is not None and opening and not punct.endswith(")"):  # "(a." is no enumerator
        if bullet is None:
            return None
        return match.start("open"), bullet in _BULLETS
    return match.end(), (bullet is not None and bullet in _BULLETS) or (punct is not None and punct.endswith(")"))


def _blocks(par: str, lists: _Lists) -> list[tuple[int, int, int]]:
    """The line-aware pass: split the paragraph ``par`` at line breaks that end a list item, a
    heading or dateline, or a lead-in followed by items.

    Returns (start, end, enumerator end) of each block: where the marker of a list item ("1.",
    "б)", "•") ends, so that it stays with its item (``start`` when the block opens with none).
    The lines of hard-wrapped prose stay in one block: a line break inside a sentence is a space.
    """
    first = _marker(par, 0, lists)
    if "\n" not in par:
        return [(0, len(par), first[0] if first else 0)]
    lines = []  # (start, end, text) of each line that is not blank
    pos = 0
    for raw in par.split("\n"):
        line = raw.strip()
        if line:
            start = pos + len(raw) - len(raw.lstrip())
            lines.append((start, start + len(line), line))
        pos += len(raw) + 1
    widest = max(max(len(line) for _, _, line in lines), _NARROWEST)
    blocks = []
    block_start, enumerator = 0, first[0] if first else 0
    fresh = True  # the line starts a block or follows a line that ended a sentence
    for (_, end, line), (next_start, _, next_line) in zip(lines, lines[1:], strict=False):
        ended = line.rstrip(_CLOSERS)[-1:] in _ENDED
        # Broken on purpose: the next line's first word would have fitted on this line (a line as
        # wide as the widest is short if it is short).
        width = len(line)
        short = width + 1 + len(next_line.split(None, 1)[0]) <= widest if width < widest else width <= 60
        next_lower = next_line[0].islower()
        heading = fresh and short and not next_lower and _is_heading(line)
        # Only a line that opens with a bullet, dash, bracket, digit or roman numeral, or with a
        # letter before "." or ")", may open with a marker.
        first_char = next_line[0]
        may_open_list = first_char in _MARKER_STARTS or first_char.isdigit() or next_line[1:2] in (".", ")")
        marker = _marker(par, next_start, lists) if may_open_list else None
        in_item = enumerator > block_start
        next_item = marker is not None and (marker[1] or ended or in_item or heading)
        if next_item or heading or (in_item and not next_lower and (ended or short)):
            blocks.append((block_start, end, min(enumerator, end)))  # a bullet alone on its line
            block_start, enumerator = next_start, marker[0] if marker and next_item else next_start
        fresh = ended or block_start == next_start
    blocks.append((block_start, len(par), enumerator))
    return blocks


def _is_heading(line: str) -> bool:
    """A heading or dateline: a line of a few words without final punctuation."""
    return line[-1] not in ".!?…,;:-–—(" + _OPENERS and len(line.split()) <= _HEADING_WORDS


def _list_markers(block: str, enumerator: int, lists: _Lists) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of each marker of the list that opens ``block`` with a marker ending at
    ``enumerator``: the first, then a run of
    consecutive labels on the same line (``1. … 2. …``, ``a) … b) …``, ``• 9. … • 10. …``)."""
    yield 0, enumerator
    first = lists.marker.match(block)
    bullet, opening, label = first.group("bullet", "open", "label") if first else (None, None, None)
    if label is None or first is None or first.end() != enumerator:  # a bullet alone
        return
    prefix = rf"(?:[{_BULLETS}\-–][ \t]*)?" if bullet is None or bullet in _DASHES else rf"{re.escape(bullet)}[ \t]*"
    prefix += r"\(" if opening else ""
    pos = first.end()
    while (label := _next_label(label, lists.letters)) is not None:
        found = re.compile(rf"(?<=\s){prefix}{re.escape(label)}(?:\.\)|\.|\))(?=[ \t])").search(block, pos)
        if not found or "\n" in block[pos : found.start()]:
            return
        yield found.start(), found.end()
        pos = found.end()


def _next_label(label: str, letters: tuple[str, ...]) -> str | None:
    """The label after ``label`` ("2" after "1", "г" after "в", "D" after "C"), None if unknown."""
    if label.isdigit():
        return str(int(label) + 1)
    for alphabet in letters:
        index = alphabet.find(label.lower())
        if len(label) == 1 and 0 <= index < len(alphabet) - 1:
            following = alphabet[index + 1]
            return following if label.islower() else following.upper()
    return None


# The line-aware pass over a whole document in one compiled pattern (``_document_blocks``): it
# gives the blocks of ``split_paragraphs`` and ``_blocks`` where every line break is clean (no
# white space beside it) and each decision ``_blocks`` takes there can be read off the text near
# the break. Where it cannot (a heading of unknown width, a wrapped item whose next line opens in
# capitals, a marker of an unusual shape), the whole document goes through ``_blocks`` instead.

_WIDEST = 40  # a line this wide with the next line's first word is short, whatever the widest line


def _document_patterns(rules: LangRules) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The patterns of ``_document_sources`` for ``rules`` (kept in ``rules.cache``)."""
    patterns = rules.cache.get("segment.document")
    if not isinstance(patterns, tuple):
        lines, blocks = _document_sources(_lists(rules))
        patterns = rules.cache["segment.document"] = (re.compile(lines), re.compile(blocks))
    return cast("tuple[re.Pattern[str], re.Pattern[str]]", patterns)


def _document_blocks(text: str, pattern: re.Pattern[str]) -> list[tuple[str, str]] | None:
    """The blocks of the stripped ``text`` as ``_blocks`` splits its paragraphs, each with the
    marker that opens it ("" if none), by ``pattern`` (the second of ``_document_patterns``);
    None if the pattern cannot tell."""
    blocks = cast("list[tuple[str, str]]", pattern.findall(text))
    return blocks if blocks and blocks[-1][0] else None


def _document_sources(lists: _Lists) -> tuple[str, str]:
    """The patterns of the line-aware pass: one that matches a whole text whose every line is a
    block of one sentence, so that its lines are its sentences, or (its group ``block``) a text
    that is one block of wrapped lines; and that of ``_document_blocks``,
    one match per block (its text and marker), or one match of the rest of the text, with no
    block, where it cannot tell."""
    lower_case = _class(_letter_classes()[0])
    lower, not_lower = f"[{lower_case}]", rf"[^\s{lower_case}\u3000-\U0010ffff]"
    closer = f"[{re.escape(_CLOSERS)}]"
    ends, other = re.escape(_LINE_ENDS), re.escape(_LINE_ENDS + _CLOSERS)
    label = lists.label.replace(_NUMBER, _NUMBER_AT_ONCE)
    enumerator = rf"\(?(?:{label})(?:\.\)|\.|\))(?=[ \t])"
    # Anything _marker may take for a marker, and the markers of the usual shapes: whether a line
    # opening with one of these starts an item is surely (sure) or depends on the line before.
    maybe = rf"{_MAY_OPEN}(?:[{_BULLET_CLASS}][ \t]|{lists.enumerator})"
    sure = rf"{_MAY_OPEN}(?:[{re.escape(_BULLETS)}] (?!{enumerator})|\(?(?:{label})(?:\.\)|\)) )(?=\S)"
    unsure = rf"{_MAY_OPEN}(?:[{re.escape(_DASHES)}] (?!{enumerator})|(?:{label})\. )(?=\S)"
    # Before a line break: the line ended a sentence or a lead-in, or surely did not.
    ended = rf"(?:(?<=[{ends}])|(?<=[{ends}]{closer})|(?<=[{ends}]{closer}{{2}}))"
    not_ended = rf"(?:(?<=[^{other}])|(?<=[^{other}]{closer})|(?<=[^{other}]{closer}{{2}}))"
    # At the start of a line: the line before ended (the line is fresh), or surely did not.
    fresh = rf"(?:(?<=[{ends}]\n)|(?<=[{ends}]{closer}\n)|(?<=[{ends}]{closer}{{2}}\n))"
    stale = rf"(?:(?<=[^{other}]\n)|(?<=[^{other}]{closer}\n)|(?<=[^{other}]{closer}{{2}}\n))"
    # A line shaped as a heading (from its start), and a short one (from its end, with the next
    # line's first word), for widths where the widest line cannot matter.
    last = re.escape(".!?…,;:-–—(" + _OPENERS)
    heading = rf"(?=(?:\S++[^\S\n]++){{0,{_HEADING_WORDS - 1}}}+\S++(?<![{last}])\n)"
    short = "|".join(
        rf"(?<![^\n]{{{width + 1}}})\n\S{{1,{_WIDEST - 1 - width}}}(?!\S)" for width in (20, 30, 35, _WIDEST - 2)
    )
    line = r"[^\n]++(?<=\S)"
    # Where a block ends; where a line break inside a block joins the next line to it.
    stop = rf"(?=\Z|\n\n|\n{sure}|{ended}\n{unsure})"
    join = rf"(?:\n(?!{maybe})(?=\S)|{not_ended}\n(?={unsure}))"
    a_heading = rf"{heading}{line}(?=\n{not_lower})(?={short})"
    no_heading = rf"(?:(?=[^\n]*+\n{lower})|(?!{heading}))"
    plain = (
        rf"(?!{maybe})(?:{line}{stop}|{a_heading}|{no_heading}{line}{join}"
        rf"(?:(?:{stale}|{no_heading}){line}{join})*+(?:{line}{stop}|{fresh}{a_heading}))"
    )
    item_stop = rf"(?=\Z|\n\n|\n{sure}|\n{unsure}|(?=\n(?!{maybe}){not_lower})(?:{ended}|(?={short})))"
    item = rf"(?P<marker>{sure}|{unsure})(?:{line}\n(?!{maybe})(?={lower}))*+{line}{item_stop}"
    # A line that is a block of one sentence: it ends where a block ends, and no terminal in it
    # (after its marker) is followed by a space (_INNER_END), nor a bracket ("b) ", _labels_follow).
    terminal = f"[{re.escape(_TERMINALS)}]"
    text = _other_than(_TERMINALS + ")\n")  # what runs on between the cases below
    sentence = rf"[{text}]*+(?:(?:{terminal}{closer}*+(?![^\S\n])|\)(?![ \t]))[{text}]*+)*+(?<=\S)"
    # The lines pattern reads each line's marker once where it opens the line (sure or unsure
    # alike: its label is read once), and after a line break only what the line before leaves
    # open; a line may be a heading only if it is short (as _WIDEST allows). one_line matches a
    # line that is a block of one sentence, or a run of such items.
    sure_body = rf"(?:[{re.escape(_BULLETS)}] (?!{enumerator})|\(?(?:{label})(?:\.\)|\)) )(?=\S)"
    either_body = rf"(?:[{_BULLET_CLASS}] (?!{enumerator})|\((?:{label})\.?\) |(?:{label})(?:\.\)?|\)) )(?=\S)"
    marker = either_body  # (_MAY_OPEN holds wherever either_body does)
    short_next = "|".join(
        rf"(?<![^\n]{{{width + 1}}}\n)\S{{1,{_WIDEST - 1 - width}}}(?!\S)" for width in (20, 30, 35, _WIDEST - 2)
    )
    short_heading = rf"(?=[^\n]{{1,{_WIDEST - 2}}}\n){heading}"
    # Items follow one another without more ado: a run of them is read in one go, and where it
    # stops, the next line must be one that may follow an item.
    more_items = rf"(?:\n{marker}{sentence})*+"
    items = rf"{marker}{sentence}{more_items}"
    after_items = rf"(?=\Z|\n(?:\n|(?!{maybe})(?={not_lower})(?:{fresh}|{short_next})))"
    # A line of one sentence ends a block where the text ends, at a blank line, or where items
    # follow it (a lead-in): those are read on at once, so that each marker is read once.
    lead_in = rf"\n{_MAY_OPEN}(?:{fresh}{either_body}|{sure_body}){sentence}{more_items}{after_items}"
    one_line = (
        rf"(?=\S)(?:{items}{after_items}"
        rf"|(?!{maybe})(?:{sentence}(?:{lead_in}|(?=\Z|\n\n))|{short_heading}{sentence}(?=\n{not_lower})(?={short})))"
    )
    # A text that is one block of lines joined (as plain takes them, to the end).
    block = rf"(?!{maybe}){no_heading}{line}{join}(?:(?:{stale}|{no_heading}){line}{join})*+{line}"
    # The commonest such text, read in fewer steps than block takes (tried first): wrapped prose,
    # where no line opens with what may be a marker (_MAY_OPEN, not maybe), and a line that may
    # be a heading (one after a line that ended a sentence, or the first) is followed by a line
    # in lower case, so that it is none (block's no_heading).
    plain_next = rf"\n(?!{_MAY_OPEN})"
    prose = (
        rf"(?!{_MAY_OPEN}){line}{plain_next}(?={lower})"
        rf"(?:{stale}{line}{plain_next}(?=\S)|{line}{plain_next}(?={lower}))*+{line}"
    )
    return (
        # Lines of one sentence each; not tried where the second line opens in lower case
        # without a marker (the first line cannot end a block there).
        rf"(?![^\n]*+\n(?!{_MAY_OPEN}){lower}){one_line}(?:\n{one_line})*+|(?P<block>{prose}|{block})",
        rf"\n*+(?:(?P<block>(?=\S)(?:{item}|{plain}))|(?s:.)+)",
    )


# --------------------------------------------------------------------------- as SRX


def srx_rules(rules: LangRules) -> list[tuple[bool, str, str]]:
    """The rules of ``segment()`` for one language as SRX 2.0 rules: (break, before, after) in
    order, patterns in the syntax Java and the ``regex`` package share. ``tm.srx.NOT_EXPRESSIBLE``
    lists what they leave out."""
    code = rules.code
    closers, openers = f"[{re.escape(_CLOSERS)}]*", f"[{re.escape(_OPENERS)}]*"
    start = rf"(?:^|[\s{re.escape(_OPENERS)}])"  # where _word_before starts a word
    label = _lists(rules).label
    bullets, bullets_dashes = f"[{re.escape(_BULLETS)}]", f"[{_BULLET_CLASS}]"
    enumerator = rf"{bullets_dashes}?[ \t]*\(?(?:{label})(?:\.\)|\.|\))"
    marker = rf"(?:{bullets_dashes}[ \t]|{enumerator}[ \t])"
    sure = rf"(?:{bullets}[ \t]|{bullets}[ \t]*\(?(?:{label})\.[ \t]|{bullets_dashes}?[ \t]*\(?(?:{label})\.?\)[ \t])"
    maybe = rf"(?:{bullets_dashes}[ \t]|(?:{label})\.[ \t])"
    item_line = rf"(?<![^\n])[ \t]*{marker}[^\n]*\n"
    ended_line = rf"[{re.escape(_LINE_ENDS)}]{closers}[ \t]*\n"
    terminal = f"[{re.escape(_TERMINALS)}]"
    # A heading or dateline, as far as SRX can tell one: the first line of a paragraph, of at most
    # _HEADING_WORDS words and 60 characters, without final punctuation.
    word, last = r"[^\s]+", f"[^\\s{re.escape('.!?…,;:-–—(' + _OPENERS)}]"
    heading = (
        rf"(?<=^|\n[ \t\u00a0]{{0,20}}\n)(?=[^\n]{{1,60}}\n)[ \t]*(?:{word}[ \t]+){{0,{_HEADING_WORDS - 1}}}"
        rf"[^\s]*{last}[ \t]*\n"
    )

    def words(keys: Iterable[str], capital: bool = False) -> str:
        spelled = {w for w in _spelled(frozenset(keys), code) if not (capital and w[0].islower())}
        return "|".join(re.escape(w) for w in sorted(spelled, key=lambda w: (-len(w), w)))

    # A word that may begin a sentence, not in lower case: after a lower-case letter none begins.
    starter = rf"\s+{openers}(?:{words(rules.sentence_starters, capital=True)})(?![\p{{L}}\p{{N}}])"
    found: list[tuple[bool, str, str]] = [
        (True, r"\n[ \t\u00a0]*\n", ""),  # a blank line
        (True, r"\n", rf"[ \t]*{sure}"),
        (True, ended_line, rf"[ \t]*{maybe}"),
        (True, item_line, rf"[ \t]*(?:{marker}|[^\s\p{{Ll}}])"),
        (True, heading, r"[ \t]*[^\s\p{Ll}]"),
        (False, rf"(?<![^\n])[ \t]*{enumerator}", r"[ \t]"),  # the enumerator stays with its item
        (False, rf"\[\.\.\.{closers}", ""),  # an omission [...]
        (False, rf"{terminal}{closers}", rf"\s+[{re.escape(_DASHES)}]+\s*{openers}\p{{Ll}}"),
    ]
    if rules.titles:
        found.append((False, rf"{start}(?:{words(rules.titles)})\.{closers}", r"\s"))
    if rules.letter_words and rules.sentence_starters:
        found.append((True, rf"{start}(?:{'|'.join(sorted(rules.letter_words))})\.{closers}", starter))
    found.append((False, rf"{start}\p{{Lu}}\.{closers}", r"\s"))  # an initial
    dotted = r"(?:\p{L}{1,4}\.)+\p{L}{1,4}"  # _DOTTED
    abbreviation = rf"{start}(?:{'|'.join(filter(None, (words(rules.abbreviations), dotted)))})\.{closers}"
    if rules.abbreviations_end_sentences and rules.sentence_starters:
        found.append((True, abbreviation, starter))
    found.append((False, abbreviation, r"\s"))
    if rules.names:
        found.append((False, rf"{start}(?:{words(rules.names)})", r"\s"))
    found.append((True, rf"{terminal}+{closers}", rf"\s+{openers}[^\s\p{{Ll}},;:.!?…]"))
    return found


# --------------------------------------------------------------------------- fast path
#
# One compiled pattern per language decides most paragraphs: it matches the sentences themselves,
# so ``findall`` returns them. It ends a sentence only at a candidate (``_CANDIDATE``) where
# ``_decide`` surely ends one and passes over candidates where ``_decide`` surely ends none. At any
# other candidate (a spaced ellipsis, a dash after the stop, "I." or an abbreviation before a word
# that may begin a sentence, a letter outside its case tables...) it yields an empty string, and
# the paragraph goes through ``_cuts`` instead, as do paragraphs with a line break or a list marker.

_P = "[.!?…‽]"  # the characters that start a candidate
_C = f"[{re.escape(_CLOSERS)}]"
_O = f"[{re.escape(_OPENERS)}]"
_AFTER_SPACE = rf"\s{re.escape(_OPENERS)}"  # (class) what a word may follow, _key() and lstrip() undone
_PLAIN = f"[^\\s{re.escape(_OPENERS + _CLOSERS + _TERMINALS)}]"  # what a word may end with, before no closer
_CASE_TABLES_END = 0x3000  # letters below this have their case looked up when the pattern is built


def _paragraph_sentences(par: str, rules: LangRules, patterns: _Patterns) -> list[str]:
    """The sentences of the stripped paragraph ``par``: ``par[previous:cut].strip()`` for its cuts."""
    lists = _lists(rules) if "\n" in par else None
    if lists is not None:
        blocks = _blocks(par, lists)
    else:
        sentences = _block_sentences(par, patterns)
        if "" not in sentences:
            return sentences
        lists = _lists(rules)
        first = _marker(par, 0, lists)
        if first is None:
            return [par[s:e] for s, e in _block_spans(par, rules, 0)]
        blocks = [(0, len(par), first[0])]
    found = []
    for start, end, enumerator in blocks:
        found += _sentences_of_block(par[start:end], enumerator - start, rules, lists, patterns)
    return found


def _sentences_of_block(block: str, enumerator: int, rules: LangRules, lists: _Lists, patterns: _Patterns) -> list[str]:
    """The sentences of a block of ``_blocks`` (a list item if ``enumerator``): by the pattern,
    or by ``_block_spans`` where the pattern is unsure."""
    item = _item_sentences(block, enumerator, lists, patterns) if enumerator else None
    sentences = item if item is not None else _block_sentences(block, patterns)
    if "" not in sentences:
        return sentences
    return [block[s:e] for s, e in _block_spans(block, rules, enumerator)]


def _item_sentences(block: str, enumerator: int, lists: _Lists, patterns: _Patterns) -> list[str] | None:
    """The sentences of a list item (``block``, its enumerator ending at ``enumerator``) by the
    pattern, the enumerator kept with the first; None if more labels of its list follow inline."""
    if block[enumerator - 1] != " ":  # _word_before would not see the item's first word alone
        return None
    if _labels_follow(block, block[:enumerator], lists.letters):
        return None
    rest = block[enumerator:]
    sentences = _block_sentences(rest, patterns)
    if not sentences:
        return [block[:enumerator].rstrip()]
    lead = enumerator + len(rest) - len(rest.lstrip())  # where the first sentence starts
    return [block[:lead] + sentences[0], *sentences[1:]] if sentences[0] else sentences


def _labels_follow(block: str, marker: str, letters: tuple[str, ...]) -> bool:
    """Whether the list item ``block``, opening with ``marker``, may hold more labels of its list
    (``_list_markers`` finds them only if so)."""
    following = _label_after(marker, letters)
    return following is not None and (following + "." in block or following + ")" in block)


@lru_cache(maxsize=1024)
def _label_after(marker: str, letters: tuple[str, ...]) -> str | None:
    """The label after that of ``marker`` ("2" after "1. "), None after a bullet or if unknown."""
    label = marker.strip(_MARKER_CHARS)  # "1", "iv", "б"; "" after a bullet alone
    return _next_label(label, letters) if label else None


def _block_sentences(block: str, patterns: _Patterns) -> list[str]:
    """The sentences of ``block`` by the pattern, with an empty string among them where it is unsure."""
    return (patterns.general() if _other_terminals(block) else patterns.dots).findall(block)


def _other_terminals(text: str) -> bool:
    """Whether ``text`` holds a terminal other than "." (``_Patterns.dots`` is for those without)."""
    return "!" in text or "?" in text or "…" in text or "‽" in text


class _Patterns:
    """The sentence pattern of one language, for paragraphs whose only terminal is "." (``dots``)
    and for any (``general()``, compiled when first needed: compiling takes some 30 ms)."""

    __slots__ = ("dots", "_source", "_general")

    def __init__(self, source: str) -> None:
        self._source = source
        self.dots = re.compile(source.replace("{run}", "[^.]*+"))
        self._general: re.Pattern[str] | None = None

    def general(self) -> re.Pattern[str]:
        if self._general is None:
            self._general = re.compile(self._source.replace("{run}", f"[{_other_than(_TERMINALS)}]*+"))
        return self._general


def _compile(rules: LangRules) -> _Patterns:
    """Build the sentence patterns of ``rules`` and keep them in ``rules.cache``.

    At each terminal the pattern tries the cheap, common cases first, each beginning with the
    terminal itself (so that they fail at once elsewhere); conditions on the word before are
    lookbehinds, one per word length, that end with that terminal. Sure sentence ends come last,
    outside the loop over the sentence's text, since they end the match.
    """
    lower_case, follow, capitals, letters_digits = _letter_classes()
    code = rules.code
    starts = r"[ \n\u00a0]"  # where _word_before starts a word
    starters = {f for word in rules.sentence_starters for f in _forms(word, code)}
    not_starter = rf"(?!{_C}*+\s+{_O}*+(?:{_alternation(starters, code)}))" if starters else ""
    # After a title, an initial or an abbreviation (before no word that may begin a sentence), a
    # full stop surely ends no sentence.
    abbreviations = _spelled(rules.abbreviations, code) - rules.letter_words  # "I." is decided as a word first
    always = _spelled(rules.titles, code) | (set() if rules.abbreviations_end_sentences else abbreviations)
    unless_starter = set(rules.letter_words) | (abbreviations if rules.abbreviations_end_sentences else set())
    initials = {1: [f"[{_class(''.join(sorted(set(capitals) - rules.letter_words)))}]"]}
    # A full stop surely ends a sentence after no word (" ."), a number, or a word that no list
    # holds in any case and that is no initial and no dotted abbreviation (U.S.), with or without a
    # closer. A word of five letters or more is none of the last two.
    listed = {f for key in rules.titles | rules.abbreviations if key for f in _forms(key, code)}
    excluded = _patterns_by_width(listed, {1: [r"[^\W\d_]"]}, code)  # and initials
    long = {width: words for width, words in excluded.items() if width >= 5}
    lead = f"[{_AFTER_SPACE}]"
    alnum = _class(letters_digits)
    after_keep = _after_word(
        _patterns_by_width(always, initials),
        _patterns_by_width(unless_starter) if unless_starter else {},
        not_starter,
        _long_ends(always | unless_starter, code),
        starts,
        alnum,
    )
    long_word, other_word = [], []
    for tail, width in ((r"\.", 1), (rf"{_C}\.", 2)):
        dotted = "".join(rf"(?<!\.[^\W\d_]{{{n}}}{tail})" for n in range(1, 5))  # the end of _DOTTED
        # None of those if no "." is among the characters before the tail: one test passes most words.
        no_dotted = rf"(?:(?<=[^.]{{{4 + width}}}\.)|{dotted})"
        no_short = [
            *_words_behind(excluded, lead, tail, "!"),
            no_dotted,
            f"(?!{_at_start(excluded, tail, width, '=')})",
        ]
        no_long = [*_words_behind(long, lead, tail, "!"), f"(?!{_at_start(long, tail, width, '=')})"] if long else []
        # Most words end otherwise than any listed word of their width: one test passes them.
        no_long_test = rf"(?:(?<!(?:{_long_ends(listed, code)}){tail})|{''.join(no_long)})" if long else ""
        long_word.append(rf"(?<=[{alnum}]{{5}}{tail}){no_long_test}")
        other_word.append(rf"(?<={_PLAIN}{tail}){''.join(no_short)}")
    # A number: no list holds one.
    number = [r"(?<=\d\.)"] if not any(re.match(r"\d", word[-1]) for word in listed) else []
    # Each of these is a condition (zero-width): their order changes no match, only how soon one is
    # found. Most words before a sentence's full stop are long, or short and in no list.
    cut_word = [long_word[0], *number, other_word[0], long_word[1], rf"(?<={starts}\.)", r"(?<=^\.)", other_word[1]]
    next_word = rf"\s+{_O}*+[{_class(follow)}]"  # a next word that may begin a sentence
    # Other terminals surely end a sentence unless "[" precedes or a name may end with them (Yahoo!).
    name_ends = {n[len(n.rstrip(_TERMINALS)) :][i:] for n in rules.names for i in range(len(n))} - {""}
    not_name = "".join(rf"(?<!{re.escape(p)})" for p in sorted(name_ends))
    spaced = r"(?![ \u00a0]\.[ \u00a0]\.)"  # after a full stop: _CANDIDATE may take a spaced ellipsis
    whole = rf"{_P}++{_C}*+"  # a candidate from its start, as _CANDIDATE takes it
    passes = (
        # No candidate (the next character is no space), or the next word is none, lower case or
        # punctuation (a terminal, tested before what precedes the space: most words are none).
        rf"{whole}(?:(?!\s)|\s++(?:\Z|{_O}*+(?:[{_class(lower_case)},;:]|(?=[.!?…])(?<!\.[ \u00a0]))))"
        # A full stop after a title, an initial or an abbreviation, or in "[...]".
        rf"|\.(?:(?:{after_keep}){spaced}{_C}*+\s"
        rf"|\.\.(?<=\[\.\.\.)(?!{_P}){_C}*+(?=\s))"
    )
    ends = (
        rf"(?:\.(?:{'|'.join(cut_word)}){_C}*+|(?:[!?…‽]|\.(?={_P}))(?<!\[.){_P}*+{not_name}{_C}*+)"
        rf"(?={next_word})"
    )
    # A list's enumerator opening the text is left to _block_spans, which knows lists: an empty
    # match. Its first characters rule out most texts at once (_MAY_ENUMERATE). Either way a match
    # opens on no space, tested first: a search tries each space after a sentence with that one test.
    enumerator = rf"\A{_MAY_ENUMERATE}(?={_lists(rules).enumerator})"
    sentence = rf"(?=\S)(?:{enumerator}|{{run}}(?:(?:{passes}){{run}})*+(?:{ends}|\Z|(?={_P})))"
    patterns = _Patterns(sentence)
    rules.cache["segment"] = patterns
    return patterns


def _after_word(
    words: dict[int, list[str]],
    unless: dict[int, list[str]],
    unless_follows: str,
    long_ends: str,
    starts: str,
    alnum: str,
) -> str:
    """A condition that a whole word and "." end here: one of ``words``, or one of ``unless`` (both
    patterns by width) where ``unless_follows`` holds; ``long_ends`` matches the last two characters
    of those of five characters or more."""
    behind = []
    for short in (True, False):
        either = []
        for group, follows in ((words, ""), (unless, unless_follows)):
            group = {w: v for w, v in group.items() if (w < 5) == short}
            if group:
                found = "|".join([*_words_behind(group, starts, r"\.", "="), _at_start(group, r"\.", 1, "=")])
                either.append(f"(?:{found}){follows}")
        # A word of five letters or more is none of the shorter ones: one test skips them all; and
        # most longer words end otherwise than any of the longer ones. One test of each serves both
        # lists, since a full stop after a word goes through both.
        if either:
            guard = rf"(?<![{alnum}]{{5}}\.)" if short else rf"(?<=(?:{long_ends})\.)"
            behind.append(f"{guard}(?:{'|'.join(either)})")
    return "|".join(behind)


def _long_ends(words: set[str], code: str) -> str:
    """A pattern matching, in any case, the last two characters of each of ``words`` of five
    characters or more (so that a word ending otherwise is none of them)."""
    return _alternation({word[-2:] for word in words if len(word) >= 5}, code)


def _patterns_by_width(
    words: set[str], more: dict[int, list[str]] | None = None, code: str | None = None
) -> dict[int, list[str]]:
    """Patterns for ``words`` by width (``_alternation``, any case if ``code``), with ``more``."""
    patterns = {width: list(group) for width, group in (more or {}).items()}
    for width, group in _by_length(words).items():
        patterns.setdefault(width, []).append(_alternation(group, code))
    return dict(sorted(patterns.items()))


def _by_length(words: set[str]) -> dict[int, set[str]]:
    """``words`` by length, since a lookbehind has one width."""
    groups: dict[int, set[str]] = {}
    for word in words:
        groups.setdefault(len(word), set()).add(word)
    return dict(sorted(groups.items()))


def _words_behind(words: dict[int, list[str]], lead: str, tail: str, sign: str) -> list[str]:
    """Lookbehinds (``sign`` "=" or "!"), one per width, for ``lead``, one of ``words`` (patterns
    by their width) and ``tail``."""
    return [f"(?<{sign}{lead}(?:{'|'.join(patterns)}){tail})" for patterns in words.values()]


def _at_start(words: dict[int, list[str]], tail: str, tail_width: int, sign: str) -> str:
    """A condition that one of ``words`` (patterns by width) then ``tail`` opens the text."""
    near = max(words) + tail_width + 1  # farther from the start, give up at once
    return rf"(?<!(?s:.){{{near}}})(?:" + "|".join(_words_behind(words, "^", tail, sign)) + ")"


def _spelled(keys: frozenset[str], code: str) -> set[str]:
    """How the words of ``keys`` are usually written (``mr``: ``mr``, ``Mr``, ``MR``), as words
    that ``_word_before`` may return whole and that ``LangRules.key`` maps back to their key."""
    words = {f for key in keys if key for f in (key, upper(key[:1], code) + key[1:], upper(key, code))}
    return {
        w
        for w in words
        if lower(w, code) in keys
        and w == w.strip()
        and w[0] not in _OPENERS
        and w[-1] not in _CLOSERS + "."
        and not any(c in w for c in " \n\u00a0")
    }


def _forms(key: str, code: str) -> set[str]:
    """Strings that, matched ignoring case, find every spelling of ``key`` (İ lower-cases to i̇)."""
    return _dotted_i_spellings(key) if "i\u0307" in key and lower("İ", code) != "i" else {key}


def _dotted_i_spellings(key: str) -> set[str]:
    head, sep, tail = key.partition("i\u0307")
    if not sep:
        return {key}
    return {head + i + rest for i in ("i\u0307", "İ") for rest in _dotted_i_spellings(tail)}


def _alternation(words: set[str], code: str | None = None) -> str:
    """A pattern matching any of ``words``, as a tree of their common prefixes (quicker to try); if
    ``code`` is given, any spelling that lower-cases to a word in that language (``_any_case``)."""
    heads: dict[str, set[str]] = {}
    for word in words:
        heads.setdefault(word[:1], set()).add(word[1:])
    branches = []
    for head, tails in sorted(heads.items()):
        if not head:
            continue
        char = re.escape(head) if code is None else _any_case(head, code)
        rest = _alternation(tails, code)
        if tails == {""}:
            branches.append(char)
        elif "" in tails:
            branches.append(f"{char}(?:{rest})?")
        else:
            branches.append(f"{char}{rest}" if len(tails) == 1 else f"{char}(?:{rest})")
    return "|".join(branches)


# Characters whose lower case is another's (K KELVIN SIGN is k) but that neither's upper or title
# case gives back; tests/test_segment.py checks the list against all of Unicode.
_OTHER_CAPITALS = {"θ": "\u03f4", "ß": "\u1e9e", "ω": "\u2126", "k": "\u212a", "å": "\u212b"}


def _any_case(char: str, code: str) -> str:
    """A class of the characters that lower-case to ``char`` in language ``code`` (and ``char``),
    as a class test is quicker for the regex engine than an ignore-case literal."""
    chars = {char, _OTHER_CAPITALS.get(char, char)}
    chars |= {c for c in (char.upper(), char.title(), upper(char, code)) if len(c) == 1}
    return re.escape(char) if len(chars) == 1 else f"[{''.join(re.escape(c) for c in sorted(chars))}]"


@lru_cache(maxsize=1)
def _letter_classes() -> tuple[str, str, str, str]:
    """The characters below U+3000 that are lower case, that may follow a sentence end, capitals,
    letters and digits."""
    lower, follow, capitals, alnum = [], [], [], []
    for code in range(_CASE_TABLES_END):
        char = chr(code)
        if char.islower():
            lower.append(char)
        elif not char.isspace() and char not in ",;:.!?…" + _DASHES:
            follow.append(char)
        if char.isalpha() and char.isupper():
            capitals.append(char)
        if char.isalnum():
            alnum.append(char)
    return "".join(lower), "".join(follow), "".join(capitals), "".join(alnum)


def _other_than(chars: str) -> str:
    """The inside of a regex character class holding every character but ``chars``, as ranges:
    the regex engine tests such a class with a table, and ``[^...]`` character by character."""
    ranges, start = [], 0
    for code in sorted({ord(c) for c in chars}):
        if code > start:
            ranges.append((start, code - 1))
        start = code + 1
    if start <= sys.maxunicode:
        ranges.append((start, sys.maxunicode))
    return "".join(f"\\U{a:08x}" if a == b else f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges)


@lru_cache(maxsize=32)
def _class(chars: str) -> str:
    """The inside of a regex character class holding exactly ``chars``, as ranges."""
    codes = sorted({ord(c) for c in chars})
    parts = []
    start = previous = -2  # no run yet
    for code in [*codes, -2]:
        if start >= 0 and code == previous + 1:
            previous = code
            continue
        if start >= 0:
            first, last = re.escape(chr(start)), re.escape(chr(previous))
            parts.append(first if start == previous else f"{first}-{last}")
        start = previous = code
    return "".join(parts)
