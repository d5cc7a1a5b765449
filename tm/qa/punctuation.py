"""Punctuation: quotation marks and brackets balanced, end punctuation as in the source.

Quotation marks of every convention count as one family: «» (ru, az), “” (en, az), „“ (ru
inner quotes) and straight ``"``. A sentence may open a quotation that the next sentence closes,
so a target is only wrong when its imbalance differs from its source's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from tm.model import Unit
from tm.qa import Finding, QaContext, Severity, check, texts

#: Opening quotation mark -> the marks that close it.
_QUOTE_CLOSERS = {"«": "»", "„": "“”", "“": "”", "‟": "”", '"': '"'}
_QUOTES = frozenset('«»„“”‟"')
_BRACKET_CLOSERS = {"(": ")", "[": "]", "{": "}"}
_BRACKETS = frozenset("()[]{}")


@dataclass(frozen=True, slots=True)
class Balance:
    """Marks left open (with their offsets) and closing marks that close nothing."""

    unclosed: tuple[int, ...]
    unopened: tuple[int, ...]

    @property
    def shape(self) -> tuple[int, int]:
        return (len(self.unclosed), len(self.unopened))


def balance(text: str, closers: dict[str, str], marks: frozenset[str]) -> Balance:
    """Match opening and closing marks in ``text`` with a stack (``“`` may close ``„``)."""
    if marks.isdisjoint(text):  # most texts: no mark to match
        return Balance((), ())
    stack: list[tuple[str, int]] = []
    unopened: list[int] = []
    for pos, char in enumerate(text):
        if char not in marks:
            continue
        if stack and char in closers[stack[-1][0]]:
            stack.pop()
        elif char in closers:
            stack.append((char, pos))
        else:
            unopened.append(pos)
    return Balance(tuple(pos for _, pos in stack), tuple(unopened))


def _mark_findings(
    source: str, target: str, closers: dict[str, str], marks: frozenset[str], what: str
) -> Iterator[Finding]:
    """Unbalanced marks in the target (errors) or, when balanced, fewer marks than the source."""
    src, tgt = balance(source, closers, marks), balance(target, closers, marks)
    if tgt.shape != (0, 0) and tgt.shape != src.shape:
        for pos in tgt.unclosed:
            after = target[pos : pos + 30]
            yield Finding(
                f"{what} “{target[pos]}” is never closed (expected a closing mark after “{after}”)", pos, pos + 1
            )
        for pos in tgt.unopened:
            before = target[max(0, pos - 30) : pos + 1]
            yield Finding(
                f"closing {what} “{target[pos]}” closes nothing (expected an opening mark before “{before}”)",
                pos,
                pos + 1,
            )
        return
    wanted, have = _count(source, marks), _count(target, marks)
    if have < wanted:
        yield Finding(
            f"the source has {wanted} {what}(s) ({_marks(source, marks)}), the target {have}", severity=Severity.WARNING
        )


@check("quotes", severity="error")
def quotes(unit: Unit, lang: str, ctx: QaContext) -> Iterator[Finding]:
    """Quotation marks unbalanced or dropped: «Xocalı soyqırımı günü without its closing », or the source's “” left out."""
    pair = texts(unit, lang, ctx)
    if pair is not None:
        yield from _mark_findings(*pair, _QUOTE_CLOSERS, _QUOTES, "quotation mark")


@check("brackets", severity="error")
def brackets(unit: Unit, lang: str, ctx: QaContext) -> Iterator[Finding]:
    """Brackets or parentheses unbalanced or dropped: “(OIC” with no “)”."""
    pair = texts(unit, lang, ctx)
    if pair is not None:
        yield from _mark_findings(*pair, _BRACKET_CLOSERS, _BRACKETS, "bracket")


def _count(text: str, marks: frozenset[str]) -> int:
    return sum(map(text.count, marks))


def _marks(text: str, marks: frozenset[str]) -> str:
    return " ".join(char for char in text if char in marks)


# What may follow the last word: punctuation, quotes, brackets, spaces.
_TAIL = re.compile(r"[\s.?!…:;,\"'«»„“”‟’)\]]*$")
_TERMINAL = re.compile(r"\.\.\.|[.?!…:;]")
_CLOSING_QUOTES = frozenset('»“”"')


def ending(text: str) -> tuple[str, bool]:
    """Return the final punctuation of ``text`` (``...`` read as ``…``) and whether a quote closes it."""
    tail = _TAIL.search(text).group(0)  # type: ignore[union-attr]
    marks = "".join("…" if m == "..." else m for m in _TERMINAL.findall(tail))
    return marks, any(char in _CLOSING_QUOTES for char in tail)


@check("end-punctuation", severity="warning")
def end_punctuation(unit: Unit, lang: str, ctx: QaContext) -> Iterator[Finding]:
    """End punctuation unlike the source's: a question ending in “.”, a final “.” dropped, a quotation left unclosed at the end."""
    pair = texts(unit, lang, ctx)
    if pair is None:
        return
    (src_marks, src_quote), (tgt_marks, tgt_quote) = ending(pair[0]), ending(pair[1])
    end = len(pair[1].rstrip())
    if src_marks != tgt_marks:
        expected = f"“{src_marks}”" if src_marks else "no end punctuation"
        actual = f"“{tgt_marks}”" if tgt_marks else "nothing"
        yield Finding(f"the target ends with {actual} where the source ends with {expected}", end - len(tgt_marks), end)
    # Word order may move a quotation inside a sentence, but a quotation carried over from the
    # previous sentence must close where the sentence ends.
    if src_quote and not tgt_quote and balance(pair[0], _QUOTE_CLOSERS, _QUOTES).unopened:
        yield Finding(
            "the source ends by closing a quotation from the previous sentence, the target does not", end, end
        )
