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
from collections.abc import Iterator
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
# Terminal punctuation, a spaced ellipsis ". . .", then closing quotes and brackets.
_CANDIDATE = re.compile(
    r"(?P<punct>[.!?…‽](?:(?<=\.)(?:[ \u00a0]\.){2,}|[.!?…‽]*))(?P<close>[)\]»”’\"'›]*)"
    r"(?=\s+(?P<open>[(\[«“‘\"'‹„]*)(?P<next>\S)|\s*$)"
)
_CLOSERS = ")]»”’\"'›"
_OPENERS = "([«“‘\"'‹„"
_DASHES = "-–—―"
_TERMINALS = ".!?…‽"
_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*\.?")
# A dotted abbreviation: U.S, e.g, a.m, т.е, Л.Н, b.e.ə
_DOTTED = re.compile(r"(?:[^\W\d_]{1,4}\.)+[^\W\d_]{1,4}")
_BULLETS = "•⁃▪◦‣∙·*"
# A list marker at the start of a paragraph or line: "1.", "1)", "1.)", "a.", "(2)", "• 9.", "⁃10."
_MARKER = re.compile(rf"(?P<bullet>[{_BULLETS}\-–][ \t]*)?(?P<label>\d{{1,3}}|[a-zA-Z])(?P<punct>\.\)|\.|\))(?=[ \t])")
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
    The sentences are those of ``segment(text, lang)``, without their offsets.
    """
    rules = rules_for(lang)
    patterns = cast(_Patterns | None, rules.cache.get("segment")) or _compile(rules)
    if "\n" not in text:
        return _paragraph_sentences(text.strip(), rules, patterns)
    sentences = []
    for start, end in split_paragraphs(text):
        sentences += _paragraph_sentences(text[start:end], rules, patterns)
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
    return [*sorted(_boundaries(par, rules)), len(par)]


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
        if (
            line
            and next_line
            and (_LINE_ITEM.match(next_line) or _LINE_ITEM.match(line) or _is_heading(line, next_line))
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
    if "\n" not in par:
        pattern = patterns.general() if "!" in par or "?" in par or "…" in par or "‽" in par else patterns.dots
        sentences = pattern.findall(par)
        if "" not in sentences:
            return sentences
    return [par[s:e] for s, e in _sentence_spans(par, 0, len(par), rules)]


class _Patterns:
    """The sentence pattern of one language, for paragraphs whose only terminal is "." (``dots``)
    and for any (``general()``, compiled when first needed: compiling takes some 30 ms)."""

    __slots__ = ("dots", "_source", "_general")

    def __init__(self, source: str) -> None:
        self._source = source
        self.dots = re.compile(source.replace("{run}", "[^.]++"))
        self._general: re.Pattern[str] | None = None

    def general(self) -> re.Pattern[str]:
        if self._general is None:
            self._general = re.compile(self._source.replace("{run}", f"[^{_TERMINALS}]++"))
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
    after_keep = [_after_word(_patterns_by_width(always, initials), starts, alnum)]
    if unless_starter:
        after_keep.append(f"(?:{_after_word(_patterns_by_width(unless_starter), starts, alnum)}){not_starter}")
    long_word, other_word = [], []
    for tail, width in ((r"\.", 1), (rf"{_C}\.", 2)):
        dotted = [rf"(?<!\.[^\W\d_]{{{n}}}{tail})" for n in range(1, 5)]  # the end of _DOTTED
        no_short = [*_words_behind(excluded, lead, tail, "!"), *dotted, f"(?!{_at_start(excluded, tail, width, '=')})"]
        no_long = [*_words_behind(long, lead, tail, "!"), f"(?!{_at_start(long, tail, width, '=')})"] if long else []
        long_word.append(rf"(?<=[{alnum}]{{5}}{tail}){''.join(no_long)}")
        other_word.append(rf"(?<={_PLAIN}{tail}){''.join(no_short)}")
    if not any(re.match(r"\d", word[-1]) for word in listed):
        long_word.insert(1, r"(?<=\d\.)")  # a number: no list holds one
    cut_word = [*long_word, rf"(?<={starts}\.)", r"(?<=^\.)", *other_word]
    next_word = rf"\s+{_O}*+[{_class(follow)}]"  # a next word that may begin a sentence
    # Other terminals surely end a sentence unless "[" precedes or a name may end with them (Yahoo!).
    name_ends = {n[len(n.rstrip(_TERMINALS)) :][i:] for n in rules.names for i in range(len(n))} - {""}
    not_name = "".join(rf"(?<!{re.escape(p)})" for p in sorted(name_ends))
    spaced = r"(?![ \u00a0]\.[ \u00a0]\.)"  # after a full stop: _CANDIDATE may take a spaced ellipsis
    whole = rf"{_P}++{_C}*+"  # a candidate from its start, as _CANDIDATE takes it
    passes = (
        # No candidate (the next character is no space), or the next word is none, lower case or
        # punctuation.
        rf"{whole}(?:[^\s{_TERMINALS}]|(?={_P})|\s*+(?:\Z|{_O}*+(?:[{_class(lower_case)},;:]|(?<!\.[ \u00a0])(?=[.!?…]))))"
        # A full stop after a title, an initial or an abbreviation, or in "[...]".
        rf"|\.(?:(?:{'|'.join(after_keep)}){spaced}{_C}*+\s"
        rf"|\.\.(?<=\[\.\.\.)(?!{_P}){_C}*+(?=\s))"
    )
    ends = (
        rf"(?:\.(?:{'|'.join(cut_word)}){_C}*+|(?:[!?…‽]|\.(?={_P}))(?<!\[.){_P}*+{not_name}{_C}*+)"
        rf"(?={next_word})"
    )
    marker = re.sub(r"\(\?P<\w+>", "(?:", _MARKER.pattern)  # without its groups, which findall would return
    # A list marker opening the paragraph gives an empty string at once: _cuts knows lists.
    sentence = rf"^(?={marker})|(?=\S)(?:{{run}}|{passes})*+(?:{ends}|\Z|(?={_P}))"
    patterns = _Patterns(sentence)
    rules.cache["segment"] = patterns
    return patterns


def _after_word(words: dict[int, list[str]], starts: str, alnum: str) -> str:
    """A condition that one of ``words`` (patterns by width), a whole word, and "." end here."""
    behind = []
    for group in ({w: v for w, v in words.items() if w < 5}, {w: v for w, v in words.items() if w >= 5}):
        if group:
            either = "|".join([*_words_behind(group, starts, r"\.", "="), _at_start(group, r"\.", 1, "=")])
            # A word of five letters or more is none of the shorter ones: one test skips them all.
            behind.append(rf"(?<![{alnum}]{{5}}\.)(?:{either})" if max(group) < 5 else either)
    return "|".join(behind)


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
