"""Fuzzy matching against the memory: ``lookup`` finds, scores and explains the best matches.

The memory's index proposes candidates (units sharing the query's rarest words); each is scored:

- similarity: the mean of a character-level (rapidfuzz Indel ratio of the texts) and a word-level
  score (the same ratio over word sequences, case-folded by the language's rules); any difference
  at all caps it at 99, so 100 means the same text with the same inline codes;
- penalties for differences that a ratio underrates because they change the meaning: a changed
  number (compared by value: ``1,275`` = ``1275``), a changed glossary name, a negation that one
  side has and the other lacks (``not``, ``не``, ``deyil``, Azerbaijani ``-ma/-mə`` verbs), and
  each inline code added, dropped or changed;
- context: an exact match whose memory unit stood between the same previous and next source
  sentences (or at the same place of the same document) scores 101.

Every ``Match`` carries its explanation and a word diff of the matched source against the query,
and ``to_dict()`` records the settings as a signature (``tm:0.1.0|sim:char+word|...``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from math import floor
from typing import TYPE_CHECKING, Any, Protocol, cast

from rapidfuzz import process
from rapidfuzz.distance import Indel, Levenshtein

from tm.errors import TmError
from tm.lang import fold, language, rules_for
from tm.model import Content, Context, Origin, Signature, Tag, Unit, plain_text
from tm.numbers import Number, diff_numbers, extract_numbers

if TYPE_CHECKING:
    from tm.glossary import Glossary
    from tm.memory.contract import Candidate, CandidateUnit

__all__ = [
    "BANDS",
    "PENALTIES",
    "Comparison",
    "Match",
    "MatchSource",
    "Penalty",
    "band",
    "compare",
    "join_spaced",
    "lookup",
    "lookup_context",
    "scored",
    "signature",
]

#: Points taken off per difference of each kind.
PENALTIES: dict[str, float] = {"number": 10.0, "negation": 10.0, "name": 10.0, "tag": 1.0}

#: Match bands as the industry prices them: (name, lowest score), best first.
BANDS: tuple[tuple[str, int], ...] = (
    ("context", 101),
    ("exact", 100),
    ("95-99", 95),
    ("85-94", 85),
    ("75-84", 75),
    ("50-74", 50),
    ("no match", 0),
)

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W_]+(?:['’][^\W_]+)*|[^\w\s]")
#: How ``Match.marked_diff`` opens and closes a run of each kind of its diff.
_OPEN = {"=": "", "-": "[-", "+": "{+"}
_CLOSE = {"": "", "=": "", "-": "-]", "+": "+}"}
#: A thousands or decimal separator between digits (the character first: the search skips to it).
_SEPARATORS = re.compile(r"[.,](?<=\d[.,])(?=\d)")
_ASCII_DIGIT = re.compile(r"[0-9]")
#: An opcode of a word diff as ``Opcodes.as_list`` gives it: tag, source start and end, query start and end.
_Opcode = tuple[str, int, int, int, int]


def _tokens(text: str) -> tuple[list[str], bool]:
    """``_TOKEN.findall(text)`` in half the time (a lookup tokenises some thirty sentences), and
    whether a character of ``text`` is a digit (``_has_digit``). No token holds a space, and a run
    of letters alone between spaces is one token, which holds no digit. A sentence whose words are
    all letters but its last (which ends with a full stop, say) is told by one test of its chunks
    joined, not one for each (70 % of the candidates of serve.py's queries)."""
    chunks = text.split()
    if "".join(chunks[:-1]).isalpha():
        last = chunks[-1]
        if last.isalpha():
            return chunks, False
        if last[:-1].isalpha() and not last[-1].isalnum() and last[-1] != "_":
            chunks[-1:] = last[:-1], last[-1]  # a word, then a mark (a full stop, say): no regex
            return chunks, False
        chunks[-1:] = _TOKEN.findall(last)
        return chunks, _has_digit(last)
    found: list[str] = []
    digits = False
    for chunk in chunks:
        if chunk.isalpha():
            found.append(chunk)
        else:
            found += _TOKEN.findall(chunk)
            digits = digits or _has_digit(chunk)
    return found, digits


def _has_digit(text: str) -> bool:
    """Whether a character of ``text`` is a digit (``str.isdigit``): in ASCII text, found by a regex
    in a sixth of the time of asking each character (a lookup asks of the query and each match)."""
    return _ASCII_DIGIT.search(text) is not None if text.isascii() else any(map(str.isdigit, text))


def band(score: int) -> str:
    """The band of ``score``: ``context``, ``exact``, ``95-99``, ``85-94``, ``75-84``, ``50-74`` or ``no match``."""
    return next(name for name, lowest in BANDS if score >= lowest)


def signature() -> str:
    """The settings every score depends on, sacrebleu style."""
    return _signature(tuple(PENALTIES.items()))


@lru_cache(maxsize=8)
def _signature(penalties: tuple[tuple[str, float], ...]) -> str:
    # Every match a lookup returns carries it: made once for the penalties in force.
    points = ((kind, f"{value:g}") for kind, value in penalties)
    return str(Signature.of(("sim", "mean(char,word)"), ("cap", 99), *points, ("context", 101)))


@dataclass(frozen=True, slots=True)
class Penalty:
    """Points taken off a score, and why (``613`` -> ``631``)."""

    kind: str
    points: float
    detail: str

    def __str__(self) -> str:
        return f"{self.kind} -{self.points:g} ({self.detail})"

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "points": self.points, "detail": self.detail}


@dataclass(frozen=True, slots=True)
class Comparison:
    """How well a memory sentence matches a query: the score (0-100), the character and word
    similarity it comes from, the penalties taken off, and the word diff (as ``Match.diff``)."""

    score: int
    char: float
    word: float
    penalties: tuple[Penalty, ...] = ()
    diff: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Match:
    """A memory unit matching a query: its score and band, texts, and how the score came about.

    ``diff`` is the word diff from the matched source to the query: ``("=", "the")`` kept,
    ``("-", "613")`` only in the memory, ``("+", "631")`` only in the query (whose text ``query``
    is, for spacing the diff as the texts are spaced).
    """

    score: int
    source: str
    target: str
    unit_id: int
    origin: Origin | None
    char: float
    word: float
    penalties: tuple[Penalty, ...] = ()
    context: bool = False
    diff: tuple[tuple[str, str], ...] = ()
    target_content: Content = field(default=(), compare=False)
    query: str = field(default="", compare=False)

    @property
    def band(self) -> str:
        return band(self.score)

    @property
    def similarity(self) -> float:
        """The mean of character and word similarity, before the cap and penalties."""
        return (self.char + self.word) / 2

    def diff_runs(self) -> list[tuple[str, list[tuple[str, bool]]]]:
        """The diff as runs of one kind (``=``, ``-``, ``+``): each token with whether a space
        precedes it in its text (``-`` tokens in the memory's source, the others in the query)."""
        runs: list[tuple[str, list[tuple[str, bool]]]] = []
        for (op, token), space in zip(self.diff, _spaces(self.diff, self.source, self.query)):
            if runs and runs[-1][0] == op:
                runs[-1][1].append((token, space))
            else:
                runs.append((op, [(token, space)]))
        return runs

    def marked_diff(self) -> str:
        """The diff as text, spaced as the texts are: ``The attack, killed [-613-] {+631+} people.``"""
        # As ``diff_runs`` joined run by run, in one pass (each match of a lookup answer has one).
        parts: list[str] = []
        write = parts.append
        written = False  # whether anything but an empty token is written yet
        last = ""
        for (op, token), space in zip(self.diff, _spaces(self.diff, self.source, self.query)):
            if op != last:
                write(_CLOSE[last])
                if written and space:
                    write(" ")
                write(_OPEN[op])
                written = written or op != "=" or bool(token)
                last = op
            elif space:
                write(" ")
                written = True
            else:
                written = written or bool(token)
            write(token)
        write(_CLOSE[last])
        return "".join(parts)

    def explanation(self) -> str:
        """One line: ``char 93.5, word 83.3 -> 88.4; number -10 (613 -> 631) = 78``."""
        text = f"char {self.char:.1f}, word {self.word:.1f} -> {self.similarity:.1f}"
        for penalty in self.penalties:
            text += f"; {penalty}"
        if self.context:
            text += "; same context"
        return f"{text} = {self.score}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "band": self.band,
            "source": self.source,
            "target": self.target,
            "unit_id": self.unit_id,
            "origin": self.origin.value if self.origin else None,
            "explanation": {
                "char": round(self.char, 2),
                "word": round(self.word, 2),
                "similarity": round(self.similarity, 2),
                "penalties": [p.to_dict() for p in self.penalties],
                "context": self.context,
                "text": self.explanation(),
            },
            "diff": self.marked_diff(),
            "signature": signature(),
        }


# --------------------------------------------------------------------------- scoring


@dataclass(slots=True)
class _Text:
    """A text prepared once for comparison: tokens, folded tokens, numbers, negations, names."""

    content: Content
    text: str
    lang: str
    folded: list[str]
    glossary: Glossary | None
    _tokens: list[str] | None = None
    _numbers: list[Number] | None = None
    _names: list[str] | None = None

    @classmethod
    def of(cls, content: Content, lang: str, glossary: Glossary | None) -> _Text:
        text = content[0] if len(content) == 1 and isinstance(content[0], str) else plain_text(content)
        if text.isascii():
            # ASCII folds letter by letter, each to a letter (I to ı in az): the folded text has
            # the tokens of the text, folded. Its own tokens are found when a diff asks for them
            # (a lookup folds thirty candidates and diffs two or three).
            folded, digits = _tokens(fold(text, lang))
            tokens = None
        else:
            tokens, digits = _tokens(text)
            folded = fold(" ".join(tokens), lang).split(" ") if tokens else []
        # Numbers compare as digits (1,275 = 1275); the number penalty then checks their values.
        # A separator stands between digits only in a text with digits: most have none, and
        # hold no number either (with digits, numbers are read when first asked for).
        if digits:
            folded = _SEPARATORS.sub("", " ".join(folded)).split(" ")
        return cls(content, text, lang, folded, glossary, tokens, None if digits else [])

    @property
    def tokens(self) -> list[str]:
        if self._tokens is None:
            self._tokens = _tokens(self.text)[0]
        return self._tokens

    @property
    def numbers(self) -> list[Number]:
        if self._numbers is None:
            self._numbers = extract_numbers(self.text, self.lang)
        return self._numbers

    @property
    def names(self) -> list[str]:
        if self._names is None:
            self._names = []
            if self.glossary is not None:
                from tm.glossary import find_terms

                self._names = sorted(hit.entry.id for hit in find_terms(self.text, self.lang, self.glossary))
        return self._names


def compare(
    query: Content | str,
    source: Content | str,
    lang: str,
    *,
    glossary: Glossary | None = None,
) -> Comparison:
    """Score ``source`` (a memory sentence) as a match for ``query``, both in ``lang``; see the
    module docstring for the rules."""
    return _compare(_Text.of(_content(query), lang, glossary), _Text.of(_content(source), lang, glossary))


def scored(
    query: Content | str,
    source: Content | str,
    target: Content | str,
    lang: str,
    *,
    glossary: Glossary | None = None,
) -> Match:
    """``source`` and its translation ``target`` as a Match for ``query`` outside any memory
    (unit 0, no origin): scored, explained and diffed as ``lookup`` does."""
    return _match(_Text.of(_content(query), lang, glossary), _Text.of(_content(source), lang, glossary),
                  _content(target), 0, None)  # fmt: skip


def _content(text: Content | str) -> Content:
    return (text,) if isinstance(text, str) else tuple(text)


def _compare(query: _Text, memory: _Text) -> Comparison:
    char, word = _similarity(query, memory)
    # As tuples: reading an Opcode's attributes cost 3 us a pass, and a comparison makes two.
    opcodes = cast(list[_Opcode], Levenshtein.opcodes(memory.folded, query.folded).as_list())
    diff = _diff(opcodes, memory.tokens, query.tokens)
    if query.content == memory.content:
        return Comparison(100, 100.0, 100.0, (), diff)
    penalties = [*_number_penalties(query, memory), *_negation_penalties(query, memory, opcodes)]
    penalties += _name_penalties(query, memory)
    penalties += _tag_penalties(query, memory)
    value = min((char + word) / 2, 99.0) - sum(p.points for p in penalties)
    return Comparison(max(0, floor(value + 1e-9)), char, word, tuple(penalties), diff)


def _similarity(query: _Text, memory: _Text) -> tuple[float, float]:
    """Character and word similarity (0-100)."""
    return (
        Indel.normalized_similarity(query.text, memory.text) * 100,
        Indel.normalized_similarity(query.folded, memory.folded) * 100,
    )


def _upper_bounds(query: _Text, memories: list[_Text]) -> list[float]:
    """The score each of ``memories`` would get without penalties: no full score can be higher.

    Their similarities (as ``_similarity``) in one call for each kind: the query is prepared once.
    """
    if not memories:
        return []
    import numpy  # here: the modules that import this one but look nothing up need not load numpy

    char, word = (
        process.cdist([mine], theirs, scorer=Indel.normalized_similarity, dtype=numpy.float64)[0] * 100
        for mine, theirs in ((query.text, [m.text for m in memories]), (query.folded, [m.folded for m in memories]))
    )
    # As _compare's score before penalties (a score of 100 has the same text: 100 % similar).
    bounds = numpy.floor(numpy.minimum((char + word) / 2, 99.0) + 1e-9).tolist()
    return [100.0 if c == 100 and query.content == memory.content else bound
            for memory, c, bound in zip(memories, char.tolist(), bounds)]  # fmt: skip


def _diff(opcodes: list[_Opcode], old: list[str], new: list[str]) -> tuple[tuple[str, str], ...]:
    result: list[tuple[str, str]] = []
    for tag, src_start, src_end, dest_start, dest_end in opcodes:
        if tag == "equal":
            result += [("=", t) for t in new[dest_start:dest_end]]
            continue
        result += [("-", t) for t in old[src_start:src_end]]
        result += [("+", t) for t in new[dest_start:dest_end]]
    return tuple(result)


def join_spaced(tokens: list[tuple[str, bool]]) -> str:
    """Tokens of one diff run as text: each after a space where it had one in its text."""
    return "".join((" " if space and i else "") + token for i, (token, space) in enumerate(tokens))


def _spaces(diff: tuple[tuple[str, str], ...], old: str, new: str) -> list[bool]:
    """Whether a space precedes each token of ``diff`` (from ``old`` to ``new``) in its text
    (``-`` tokens are found in ``old``, the others in ``new``; a token not found: a space)."""
    at_old = at_new = 0  # where the search goes on in old ("-") and new ("+", "=")
    # An "=" token moves the search in old on (found there case-insensitively), which only a "-"
    # token after it reads: the "=" tokens since the last "-" are found in old when one comes
    # (none, in a match whose source is the query's text).
    kept: list[str] = []
    old_lower = ""
    spaces: list[bool] = []
    append = spaces.append
    for op, token in diff:
        if op == "-":
            if kept:
                old_lower = old_lower or old.lower()
                for seen in kept:
                    in_old = old_lower.find(seen.lower(), at_old)
                    if in_old >= 0:
                        at_old = in_old + len(seen)
                kept.clear()
            found = old.find(token, at_old)
            if found < 0:
                append(True)
            else:
                at_old = found + len(token)
                append(found > 0 and old[found - 1].isspace())
            continue
        found = new.find(token, at_new)
        if found < 0:
            append(True)
        else:
            at_new = found + len(token)
            append(found > 0 and new[found - 1].isspace())
        if op == "=":
            kept.append(token)
    return spaces


def _number_penalties(query: _Text, memory: _Text) -> list[Penalty]:
    if not query.numbers and not memory.numbers:
        return []
    found = diff_numbers(memory.numbers, query.numbers)
    details = [f"{a.surface} -> {b.surface}" for a, b in found.changed]
    details += [f"{n.surface} dropped" for n in found.missing] + [f"{n.surface} added" for n in found.extra]
    return [Penalty("number", PENALTIES["number"], detail) for detail in details]


def _negation_penalties(query: _Text, memory: _Text, opcodes: list[_Opcode]) -> list[Penalty]:
    words = rules_for(query.lang).negations
    negates = language(query.lang).negates

    def negations(tokens: list[str]) -> list[str]:
        return [w for w in tokens if w in words or w.endswith(("n't", "n’t"))]

    penalties = []
    for tag, src_start, src_end, dest_start, dest_end in opcodes:
        if tag == "equal":
            continue
        removed = memory.folded[src_start:src_end]
        added = query.folded[dest_start:dest_end]
        verbs = [f"{a} -> {b}" for a, b in zip(removed, added) if negates and negates(a, b)]
        if verbs or len(negations(removed)) != len(negations(added)):
            details = [f"{w} dropped" for w in negations(removed)] + [f"{w} added" for w in negations(added)]
            penalties.append(Penalty("negation", PENALTIES["negation"], ", ".join(verbs + details)))
    return penalties


def _name_penalties(query: _Text, memory: _Text) -> list[Penalty]:
    if query.glossary is None or query.names == memory.names:
        return []
    mine, theirs = list(memory.names), list(query.names)
    for name in list(mine):
        if name in theirs:
            theirs.remove(name)
            mine.remove(name)
    changes = [f"{a} -> {b}" for a, b in zip(mine, theirs)]
    changes += [f"{a} dropped" for a in mine[len(theirs) :]] + [f"{b} added" for b in theirs[len(mine) :]]
    return [Penalty("name", PENALTIES["name"], change) for change in changes]


def _tag_penalties(query: _Text, memory: _Text) -> list[Penalty]:
    def codes(content: Content) -> list[str]:
        return [f"<{p.kind}>" for p in content if isinstance(p, Tag)]

    mine, theirs = codes(memory.content), codes(query.content)
    if mine == theirs:
        return []
    count = Indel.distance(mine, theirs)
    detail = f"{' '.join(mine) or 'none'} -> {' '.join(theirs) or 'none'}"
    return [Penalty("tag", PENALTIES["tag"] * count, detail)]


# --------------------------------------------------------------------------- lookup


class MatchSource(Protocol):
    """What ``lookup`` asks of a memory: a ``tm.memory.Memory``, or a ``tm serve`` through
    ``tm.server.client.RemoteMemory``."""

    def candidates(self, text: str, src_lang: str, tgt_lang: str, limit: int = 30) -> list[Candidate]: ...

    def contexts(self, unit_id: int) -> list[Context]: ...

    def close(self) -> None: ...


def lookup(
    memory: MatchSource,
    source: Content | str,
    src_lang: str,
    tgt_lang: str,
    n: int = 5,
    min_score: int = 50,
    *,
    context: Context | None = None,
    glossary: Glossary | None = None,
    candidates: int = 30,
) -> list[Match]:
    """The best ``n`` matches for ``source`` scoring at least ``min_score``, best first.

    ``context`` (previous and next source sentence, or document and position) lets an exact
    match that stood in the same place score 101. ``glossary`` turns on the name penalty.
    Matches with the same source and target text are reported once. ``n`` below 1 is a TmError.
    """
    if n < 1:
        raise TmError(f"cannot show {n} matches: ask for 1 or more", hint="tm lookup SENTENCE -n 5")
    query = _Text.of(_content(source), src_lang, glossary)
    # Candidates come ranked by their source texts; a unit is read only when it can still make the
    # top n, or when its text is the query's (its inline codes then tell a bound of 100 from 99).
    ranked: list[tuple[Candidate, _Text, CandidateUnit | None]] = []
    for candidate in memory.candidates(query.text, src_lang, tgt_lang, limit=max(candidates, n)):
        text = _Text.of((candidate.text,), src_lang, glossary)
        unit = None
        if candidate.text == query.text:
            unit = candidate.unit_of()
            if unit is None:  # no target in tgt_lang
                continue
            text.content = unit.source.content
        ranked.append((candidate, text, unit))
    # Penalties only lower a score: work them out only while a candidate can still make the top n.
    bounds = _upper_bounds(query, [text for _candidate, text, _unit in ranked])
    matches: list[Match] = []
    seen: set[tuple[str, str]] = set()
    for bound, (candidate, text, unit) in sorted(zip(bounds, ranked), key=lambda item: -item[0]):
        if bound < min_score or (len(matches) >= n and bound < matches[n - 1].score):
            break
        if unit is None:
            unit = candidate.unit_of()
            if unit is None:  # no target in tgt_lang
                continue
            text.content = unit.source.content  # ranked by its plain text, it is scored with its inline codes
        match = _match(query, text, unit.target.content, candidate.unit_id, unit.origin)
        if match.score >= min_score and (match.source, match.target) not in seen:
            seen.add((match.source, match.target))
            matches.append(match)
            matches.sort(key=lambda m: (-m.score, -m.similarity, -m.unit_id))
    if context is not None:
        matches = [_with_context(m, context, memory) if m.score == 100 else m for m in matches]
        matches.sort(key=lambda m: (-m.score, -m.similarity, -m.unit_id))
    return matches[:n]


def _match(query: _Text, memory: _Text, target: Content, unit_id: int, origin: Origin | None) -> Match:
    found = _compare(query, memory)
    return Match(
        score=found.score,
        source=memory.text,
        target=plain_text(target),
        unit_id=unit_id,
        origin=origin,
        char=found.char,
        word=found.word,
        penalties=found.penalties,
        diff=found.diff,
        target_content=target,
        query=query.text,
    )


def lookup_context(units: Sequence[Unit], index: int) -> Context:
    """The context a lookup of ``units[index]`` passes: the unit's place, and the source texts of
    the units before and after it."""
    where = units[index].context or Context()
    prev = units[index - 1].source.text if index else None
    following = units[index + 1].source.text if index + 1 < len(units) else None
    return Context(where.document, where.paragraph, where.position, prev, following)


def _with_context(match: Match, context: Context, memory: MatchSource) -> Match:
    for seen in memory.contexts(match.unit_id):
        same_neighbours = (seen.prev, seen.next) == (context.prev, context.next) and (
            seen.prev is not None or seen.next is not None
        )
        same_place = (
            seen.document is not None
            and seen.position is not None
            and (seen.document, seen.paragraph, seen.position)
            == (context.document, context.paragraph, context.position)
        )
        if same_neighbours or same_place:
            return replace(match, score=101, context=True)
    return match
