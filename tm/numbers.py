"""Numbers by value: find every number in a text, whatever its local spelling, and compare two texts.

``extract_numbers(text, lang)`` reads integers, decimals, thousands (``1,275`` en = ``1 275`` ru/az =
``1.275`` az), ordinals (``31st`` = ``31-ci`` = ``31-й``), ranges (``25-26``, ``2010–2012 гг.``),
years, percentages (``5%``, ``%5``), negative numbers (``-5``, ``−5``; a hyphen after a word or a
number is not a sign), numeric dates (``25.02.1992``), a number with a multiplier word (``7 тыс.``,
``1,5 million``) and number words with a multiplier (``seven thousand`` = ``yeddi min`` =
``семь тысяч`` = 7000).

``compare_numbers(source, target, source_lang, target_lang)`` says which numbers are missing from
the target, which are extra, and which were changed (a missing and an extra one paired in order).

Two kinds are *optional*: a lone number word (``eight``, ``səkkiz``, ``восьми``) and the month of a
numeric date. They may stand for a number of the other text, but are never reported missing or
extra, so ``8 families`` = ``səkkiz ailə`` and ``25.02.1992`` = ``25 February 1992`` pass.

Known limits: number words are read in en, az and ru only, and a compound word that hides a number
(``семитысячный``) is not read; month names are not numbers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from tm.lang import Language, NumberFormat, NumberWords, language, lower

__all__ = ["Number", "NumberDiff", "NumberFormat", "compare_numbers", "extract_numbers", "number_format"]

#: Kinds a number may have: cardinal, decimal, ordinal, year, percent, word, month. The last two
#: are optional (see the module docstring).
OPTIONAL_KINDS = frozenset({"word", "month"})


@dataclass(frozen=True, slots=True)
class Number:
    """One number found in a text: its value, kind, where it stands and how it was written."""

    value: Decimal
    kind: str
    start: int
    end: int
    surface: str
    #: True for either end of a range (``25-26``, ``2010–2012``).
    in_range: bool = False

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)

    @property
    def optional(self) -> bool:
        """True for a lone number word or a date's month: it may match but is never required."""
        return self.kind in OPTIONAL_KINDS

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": format_value(self.value),
            "kind": self.kind,
            "span": [self.start, self.end],
            "surface": self.surface,
            "in_range": self.in_range,
        }


def format_value(value: Decimal) -> str:
    """Write a value the plain way (``1275``, ``3.5``, ``-5``), for messages and JSON."""
    return format(value.normalize(), "f")


def number_format(lang: str) -> NumberFormat:
    """Return how ``lang`` writes numbers (the generic format for a language tm does not know)."""
    return language(lang).numbers


# --------------------------------------------------------------------------- extraction

_DATES = (
    re.compile(r"(?<![\w.])(?P<d>\d{1,2})([./])(?P<m>\d{1,2})\2(?P<y>\d{4}|\d{2})(?!\w|[./]\d)"),
    re.compile(r"(?<![\w.-])(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?![\w-])"),
)
#: What each of ``_DATES`` holds (``5.2``, ``5/2``, ``1992-02``): a text without it has no date.
_A_DATE = re.compile(r"\d[./-]\d")
#: A plain four-digit number in this range is taken for a year.
_YEARS = (1500, 2100)
_RANGE_GAP = re.compile(r"^\s*[-–—]\s*$|^[-–—]$")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_A_DIGIT = re.compile(r"\d")
_PERCENT = re.compile(r"[ \u00a0\u202f]?%")
_MULTIPLIER = re.compile(r"[ \u00a0\u202f]+([^\W\d_]+)(\.?)")
#: ``re.compile`` remembered without bound for the few patterns of the languages' number formats.
_compiled = lru_cache(maxsize=None)(re.compile)


@lru_cache(maxsize=64)
def _number_regex(fmt: NumberFormat) -> re.Pattern[str]:
    group = re.escape(fmt.group)
    dec = re.escape(fmt.decimal)
    return re.compile(
        r"(?<![\w.,])(?P<sign>(?<![\d])[-−](?=\d))?"
        rf"(?P<int>\d{{1,3}}(?:(?P<sep>[{group}])\d{{3}}(?:(?P=sep)\d{{3}})*)(?![\d])(?!(?P=sep)\d)"
        rf"|\d+)"
        # A decimal part after grouped digits uses the other mark: "1.275,5" in az, "1,275.5" in en.
        rf"(?:(?!(?P=sep))(?P<dec>[{dec}])(?P<frac>\d+)(?![\d]))?"
    )


def extract_numbers(text: str, lang: str) -> list[Number]:
    """Return every number of ``text`` (written the ``lang`` way) in order of appearance."""
    spec = language(lang)
    if _A_DIGIT.search(text) is None:  # most texts have no figure: only number words to read
        return _mark_ranges(text, _word_numbers(text, spec, []))
    fmt = spec.numbers
    found: list[Number] = []
    taken: list[tuple[int, int]] = []
    dates = (m for regex in _DATES for m in regex.finditer(text)) if _A_DATE.search(text) else ()
    for date in dates:
        day, month = date.group("d"), date.group("m")
        if not (1 <= int(day) <= 31 and 1 <= int(month) <= 12):
            continue
        for part, kind in (("d", "cardinal"), ("m", "month"), ("y", "year")):
            found.append(Number(Decimal(date.group(part)), kind, date.start(part), date.end(part), date.group(part)))
        taken.append(date.span())
    regex = _number_regex(fmt)
    pos = 0
    while True:
        match = regex.search(text, pos)
        if match is None:
            break
        pos = match.end()
        if any(s <= match.start() < e for s, e in taken):
            pos = max(pos, next(e for s, e in taken if s <= match.start() < e))
            continue
        found.append(_read_number(text, match, fmt, spec.number_words))
        pos = found[-1].end
    found.extend(_word_numbers(text, spec, taken + [(n.start, n.end) for n in found]))
    found.sort(key=lambda n: n.start)
    return _mark_ranges(text, found)


def _read_number(text: str, match: re.Match[str], fmt: NumberFormat, words: NumberWords) -> Number:
    digits = match.group("int")
    sep = match.group("sep")
    dec_mark, frac = match.group("dec"), match.group("frac")
    if sep:
        digits = digits.replace(sep, "")
    if dec_mark and frac is not None and dec_mark in fmt.group and len(frac) == 3 and not sep and dec_mark != " ":
        # "1.275" in az, "1,275" in the generic format: a group mark before exactly three digits.
        value = Decimal(digits + frac)
        kind = "cardinal"
    elif dec_mark and frac is not None:
        value = Decimal(f"{digits}.{frac}")
        kind = "decimal"
    else:
        value = Decimal(digits)
        kind = "cardinal"
    if match.group("sign"):
        value = -value
    start, end = match.start(), match.end()
    tail = text[end:]
    if fmt.percent_prefix and start > 0 and text[start - 1] == "%":
        start -= 1
        kind = "percent"
    elif percent := _PERCENT.match(tail):
        end += percent.end()
        kind = "percent"
    elif kind == "cardinal" and (ordinal := _compiled(fmt.ordinal).match(tail)):
        end += ordinal.end()
        kind = "ordinal"
    elif fmt.suffix and (suffix := _compiled(fmt.suffix).match(tail)):
        end += suffix.end()
    elif multiplier := _digit_multiplier(tail, words):
        factor, length = multiplier
        value *= factor
        end += length
        if kind == "decimal" and value == value.to_integral_value():
            kind = "cardinal"
    if (
        kind in ("cardinal", "ordinal")
        and _YEARS[0] <= value <= _YEARS[1]
        and not sep
        and _looks_like_year(text, end, fmt, kind)
    ):
        kind = "year"
    return Number(value, kind, start, end, text[start:end])


def _looks_like_year(text: str, end: int, fmt: NumberFormat, kind: str) -> bool:
    if kind == "cardinal":
        return True
    return bool(fmt.year_words and _compiled(r"\s*" + fmt.year_words).match(text[end:]))


def _digit_multiplier(tail: str, words: NumberWords) -> tuple[int, int] | None:
    if not words.multipliers:
        return None
    match = _MULTIPLIER.match(tail)
    if not match:
        return None
    word = match.group(1).lower()
    if word in words.multipliers:
        return words.multipliers[word], match.end() if word in words.dotted else match.end(1)
    stem = _suffixed_stem(word, words)
    return (words.multipliers[stem], match.end(1)) if stem else None


def _suffixed_stem(word: str, words: NumberWords) -> str | None:
    """The multiplier ``word`` is with a case or derivation ending (az ``minlik``), if any."""
    for stem in words.suffixed:
        if word.startswith(stem) and word[len(stem) :] in words.endings:
            return stem
    return None


def _word_numbers(text: str, spec: Language, taken: list[tuple[int, int]]) -> list[Number]:
    """Read number words: a run holding a multiplier (``seven thousand``) or a lone small word."""
    words = spec.number_words
    if not words.words:
        return []
    numbers: list[Number] = []
    run: list[tuple[re.Match[str], int]] = []
    code = spec.code
    gap = _compiled(rf"\s+(?:{re.escape(words.joiner)}\s+)?" if words.joiner else r"\s+", re.IGNORECASE)

    def flush() -> None:
        if run:
            numbers.append(_word_run(text, run))
            run.clear()

    for match in _WORD.finditer(text):
        if not run and _word_value(match.group(0), code, False) is None:
            continue  # most words: no run to end or to join, and no number word to start one
        if any(s <= match.start() < e for s, e in taken):
            flush()
            continue
        value = _word_value(match.group(0), code, bool(run))
        if value is None:
            if (
                run
                and words.joiner
                and match.group(0).lower() == words.joiner
                and _next_is_number_word(text, match.end(), words.words)
            ):
                continue
            flush()
            continue
        if run and not gap.fullmatch(text[run[-1][0].end() : match.start()]):
            flush()
        run.append((match, value))
    flush()
    return numbers


@lru_cache(maxsize=1 << 14)  # a text's words are mostly words met before: each is read once
def _word_value(word: str, lang: str, after_number: bool) -> int | None:
    spec = language(lang)
    table = spec.number_words.words
    key = lower(word, spec.code)
    if spec.number_words.hyphenated and "-" in key:
        parts = [table.get(p) for p in key.split("-")]
        if len(parts) == 2 and all(parts) and parts[0] % 10 == 0 and parts[0] < 100 and parts[1] < 10:  # type: ignore[operator]
            return parts[0] + parts[1]  # type: ignore[operator]
        return None
    if key in table:
        return table[key]
    stem = _suffixed_stem(key, spec.number_words) if after_number else None
    return table[stem] if stem else None


def _next_is_number_word(text: str, pos: int, table: Mapping[str, int]) -> bool:
    match = _WORD.match(text, pos + len(text[pos:]) - len(text[pos:].lstrip()))
    return bool(match and match.group(0).lower() in table)


def _word_run(text: str, run: list[tuple[re.Match[str], int]]) -> Number:
    total = current = 0
    has_multiplier = False
    for _, value in run:
        if value >= 1000:
            total += max(current, 1) * value
            current = 0
            has_multiplier = True
        elif value == 100:
            current = max(current, 1) * 100
            has_multiplier = has_multiplier or len(run) > 1
        else:
            current += value
    total += current
    start, end = run[0][0].start(), run[-1][0].end()
    starts_with_value = run[0][1] < 1000 and not (run[0][1] == 100 and len(run) == 1)
    kind = "cardinal" if has_multiplier and starts_with_value else "word"
    return Number(Decimal(total), kind, start, end, text[start:end])


def _mark_ranges(text: str, numbers: list[Number]) -> list[Number]:
    """Mark both ends of ``25-26`` / ``2010 – 2012``; a sign read after a number was a dash."""
    result = list(numbers)
    for i in range(len(result) - 1):
        left, right = result[i], result[i + 1]
        if left.optional or right.optional:
            continue
        gap = text[left.end : right.start]
        if right.surface[:1] in "-−" and not gap.strip() and right.value < 0:
            # "25 -26": the minus was the range dash.
            right = Number(-right.value, right.kind, right.start + 1, right.end, right.surface[1:])
            gap = text[left.end : right.start]
        if _RANGE_GAP.match(gap):
            result[i] = _with_range(left)
            result[i + 1] = _with_range(right)
    return result


def _with_range(number: Number) -> Number:
    return Number(number.value, number.kind, number.start, number.end, number.surface, True)


# --------------------------------------------------------------------------- comparison


@dataclass(frozen=True, slots=True)
class NumberDiff:
    """Numbers of a source missing from its target, extra in the target, and changed ones."""

    missing: tuple[Number, ...] = ()
    extra: tuple[Number, ...] = ()
    changed: tuple[tuple[Number, Number], ...] = ()

    @property
    def ok(self) -> bool:
        return not (self.missing or self.extra or self.changed)

    def to_dict(self) -> dict[str, Any]:
        return {
            "missing": [n.to_dict() for n in self.missing],
            "extra": [n.to_dict() for n in self.extra],
            "changed": [{"source": s.to_dict(), "target": t.to_dict()} for s, t in self.changed],
        }


def compare_numbers(source: str, target: str, source_lang: str, target_lang: str) -> NumberDiff:
    """Compare the numbers of ``source`` and ``target`` by value (each read its own language's way).

    A source number without a target number of the same value is missing, and the reverse is
    extra; optional numbers (lone number words, a date's month) satisfy a number of the other side
    but are never reported. A missing and an extra number are paired, in order, as a change.
    """
    return diff_numbers(extract_numbers(source, source_lang), extract_numbers(target, target_lang))


def diff_numbers(source: list[Number], target: list[Number]) -> NumberDiff:
    """Compare two lists of numbers by value (see ``compare_numbers``)."""
    # Required numbers match each other first; optional ones only fill what is left.
    required_target = [n for n in target if not n.optional]
    extra = _unmatched(required_target, [n for n in source if not n.optional])
    extra = _unmatched(extra, [n for n in source if n.optional])
    missing = _unmatched([n for n in source if not n.optional], required_target)
    missing = _unmatched(missing, [n for n in target if n.optional])
    pairs = min(len(missing), len(extra))
    changed = tuple(zip(missing[:pairs], extra[:pairs]))
    return NumberDiff(tuple(missing[pairs:]), tuple(extra[pairs:]), changed)


def _unmatched(wanted: list[Number], pool: list[Number]) -> list[Number]:
    """Return the numbers of ``wanted`` that no number of ``pool`` (each used once) has the value of."""
    available: dict[Decimal, int] = {}
    for number in pool:
        available[number.value] = available.get(number.value, 0) + 1
    left = []
    for number in wanted:
        if available.get(number.value):
            available[number.value] -= 1
        else:
            left.append(number)
    return left
