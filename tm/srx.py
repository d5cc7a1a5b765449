"""SRX 2.0: segmentation rules in the form CAT tools exchange them (OmegaT, Okapi, Trados, LanguageTool).

``read(path)`` loads an SRX 2.0 file (through ``tm.xmlsafe``: no entities, no DTD, no network) as
plain ``SrxRules``; ``SrxRules.split(text, lang)`` segments with them as the reference Java
segment library (and its port, choppa) does: the ``languagemap`` chooses the language rules
(all that match if the header says ``cascade="yes"``, else the first), and at each break that a
break rule finds, the no-break rules listed before it may cancel it. Rule patterns are Java
regular expressions; ``\\h``, ``\\v`` and ``(?U)`` are translated, the rest is left to the
``regex`` package, which reads Java's syntax (``\\p{Lu}``, ``[a-z&&[^x]]``, possessives).

``export_rules(langs)`` describes tm's own rules as SRX and ``write`` saves them. What SRX cannot
say (a dateline under a heading, which tm finds by the width of the lines around it, inline lists,
abbreviations that end a sentence only after a few words) is listed in ``NOT_EXPRESSIBLE``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex
from lxml import etree

from tm.errors import ParseError
from tm.fileio import write_atomic
from tm.model import normalize_lang
from tm.segment import Paragraph, Sentence, split_paragraphs, srx_rules
from tm.xmlsafe import parse

__all__ = [
    "NAMESPACE",
    "NOT_EXPRESSIBLE",
    "SrxRule",
    "SrxRules",
    "export_rules",
    "read",
    "segment",
    "to_bytes",
    "write",
]

NAMESPACE = "http://www.lisa.org/srx20"

#: What tm's segmenter decides that its SRX export cannot express.
NOT_EXPRESSIBLE = (
    "a heading or dateline that is not the first line of its paragraph (tm compares a line with the lines around it)",
    "hard-wrapped list items: a line that continues the item above it because that line is full",
    "inline lists (1. … 2. … on one line), which tm follows label by label",
    "abbreviations that end a sentence only when four words or more precede them in it",
    "a spaced ellipsis (. . .) and a dash after a full stop inside a quotation",
)

_FLAGS = regex.UNICODE | regex.V1
_JAVA_ONLY = regex.compile(r"\\h|\\v|\\.|\(\?U\)")
_JAVA_TO_PYTHON = {r"\h": r"\p{H}", r"\v": r"\p{V}", "(?U)": ""}


@dataclass(frozen=True, slots=True)
class SrxRule:
    """One rule: a break (or no break) where ``before`` matches the text before and ``after``
    the text after. ``line`` is where the rule stands in its file, when read from one."""

    is_break: bool
    before: str
    after: str
    line: int | None = field(default=None, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {"break": self.is_break, "before": self.before, "after": self.after}


@dataclass(frozen=True, slots=True)
class SrxRules:
    """The rules of an SRX document: language rules by name, the language map in order, and
    whether the rules of every matching map apply (``cascade``) or of the first only."""

    languages: dict[str, tuple[SrxRule, ...]]
    maps: tuple[tuple[str, str], ...]
    cascade: bool = True
    path: str | None = field(default=None, compare=False)

    def rules_for(self, lang: str) -> tuple[SrxRule, ...]:
        """The rules that apply to ``lang`` (a code as the file's patterns expect it: ``en``,
        ``en_two``), in order; empty when no language map matches it."""
        found: list[SrxRule] = []
        for pattern, name in self.maps:
            if _compile(pattern, self.path, None).fullmatch(lang):
                found += self.languages.get(name, ())
                if not self.cascade:
                    break
        return tuple(found)

    def covers(self, lang: str) -> bool:
        """True when some language map of the file matches ``lang`` and gives it rules."""
        return bool(self.rules_for(lang))

    def split(self, text: str, lang: str) -> list[str]:
        """The segments of ``text`` by the rules for ``lang``, stripped, empty ones left out."""
        return [text[start:end] for start, end in self.spans(text, lang)]

    def spans(self, text: str, lang: str) -> list[tuple[int, int]]:
        """The (start, end) offsets of the stripped, non-empty segments of ``text``."""
        spans = []
        for start, end in _engine(self.rules_for(lang), self.path).segments(text):
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if start < end:
                spans.append((start, end))
        return spans


def segment(text: str, lang: str, rules: SrxRules) -> list[Paragraph]:
    """``tm.segment.segment`` with the SRX ``rules`` for ``lang``: paragraphs (a blank line always
    ends a segment) whose sentences the SRX rules cut, with offsets into ``text``."""
    paragraphs = []
    for p_index, (p_start, p_end) in enumerate(split_paragraphs(text)):
        spans = rules.spans(text[p_start:p_end], lang)
        sentences = tuple(
            Sentence(text[p_start + s : p_start + e], p_start + s, p_start + e, p_index, index)
            for index, (s, e) in enumerate(spans)
        )
        paragraphs.append(Paragraph(p_index, p_start, p_end, sentences))
    return paragraphs


def read(path: str | Path) -> SrxRules:
    """Read an SRX 2.0 file (SRX 1.0 too: the elements are the same). Raises ParseError with the
    line for a rule whose pattern does not compile or a map naming no language rule."""
    root = parse(path).getroot()
    if not isinstance(root.tag, str) or etree.QName(root).localname != "srx":
        raise ParseError(
            f"not an SRX document: the root element is <{etree.QName(root).localname}>", path=path, line=root.sourceline
        )
    header = _first(root, "header")
    languages: dict[str, tuple[SrxRule, ...]] = {}
    for element in _all(root, "languagerule"):
        rules = []
        for rule in _all(element, "rule"):
            before, after = _first(rule, "beforebreak"), _first(rule, "afterbreak")
            srx_rule = SrxRule(
                rule.get("break", "yes") != "no",
                (before.text or "") if before is not None else "",
                (after.text or "") if after is not None else "",
                rule.sourceline,
            )
            for pattern in (srx_rule.before, srx_rule.after):
                _compile(pattern, str(path), srx_rule.line)
            rules.append(srx_rule)
        languages[element.get("languagerulename", "")] = tuple(rules)
    maps = []
    for element in _all(root, "languagemap"):
        pattern, name = element.get("languagepattern", ""), element.get("languagerulename", "")
        if name not in languages:
            raise ParseError(f"languagemap names no languagerule {name!r}", path=path, line=element.sourceline)
        _compile(pattern, str(path), element.sourceline)
        maps.append((pattern, name))
    cascade = header is not None and header.get("cascade", "no") == "yes"
    return SrxRules(languages, tuple(maps), cascade, str(path))


def write(rules: SrxRules, path: str | Path) -> bool:
    """Write ``rules`` as an SRX 2.0 file (valid against the SRX 2.0 schema), atomically;
    False when the file already holds exactly these bytes."""
    return write_atomic(path, to_bytes(rules))


def to_bytes(rules: SrxRules) -> bytes:
    """``rules`` as the bytes of an SRX 2.0 document (deterministic)."""
    srx = etree.Element(f"{{{NAMESPACE}}}srx", nsmap={None: NAMESPACE}, version="2.0")
    etree.SubElement(
        srx,
        f"{{{NAMESPACE}}}header",
        segmentsubflows="yes",
        cascade="yes" if rules.cascade else "no",
    )
    for kind, include in (("start", "no"), ("end", "yes"), ("isolated", "no")):
        srx[0].append(etree.Element(f"{{{NAMESPACE}}}formathandle", type=kind, include=include))
    body = etree.SubElement(srx, f"{{{NAMESPACE}}}body")
    languagerules = etree.SubElement(body, f"{{{NAMESPACE}}}languagerules")
    for name, language_rules in rules.languages.items():
        element = etree.SubElement(languagerules, f"{{{NAMESPACE}}}languagerule", languagerulename=name)
        for rule in language_rules:
            rule_element = etree.SubElement(
                element, f"{{{NAMESPACE}}}rule", {"break": "yes" if rule.is_break else "no"}
            )
            etree.SubElement(rule_element, f"{{{NAMESPACE}}}beforebreak").text = rule.before
            etree.SubElement(rule_element, f"{{{NAMESPACE}}}afterbreak").text = rule.after
    maprules = etree.SubElement(body, f"{{{NAMESPACE}}}maprules")
    for pattern, name in rules.maps:
        etree.SubElement(maprules, f"{{{NAMESPACE}}}languagemap", languagepattern=pattern, languagerulename=name)
    return bytes(etree.tostring(srx, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def export_rules(langs: Iterable[str]) -> SrxRules:
    """tm's rules for ``langs`` (BCP 47 tags) as SRX: one language rule each, mapped to the tag
    and its regional forms (``az``, ``az-AZ``, ``az_Latn``), and the generic rules for any other
    language. Not cascading: the first map that matches gives all the rules."""
    from tm.lang import rules_for

    languages: dict[str, tuple[SrxRule, ...]] = {}
    maps = []
    for lang in dict.fromkeys(normalize_lang(lang) for lang in langs):
        name = f"tm-{lang}"
        languages[name] = tuple(SrxRule(*rule) for rule in srx_rules(rules_for(lang)))
        case_free = "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else regex.escape(c) for c in lang)
        maps.append((f"{case_free}(?:[-_].*)?", name))
    languages["tm-generic"] = tuple(SrxRule(*rule) for rule in srx_rules(rules_for("und")))
    maps.append((".*", "tm-generic"))
    return SrxRules(languages, tuple(maps), cascade=False)


# --------------------------------------------------------------------------- the engine


def _first(element: Any, name: str) -> Any:
    return next(_all(element, name), None)


def _all(element: Any, name: str) -> Any:
    """The descendants of ``element`` named ``name`` in the SRX 2.0 namespace or in none."""
    return (e for e in element.iter() if isinstance(e.tag, str) and etree.QName(e).localname == name)


@functools.lru_cache(maxsize=4096)
def _compile(pattern: str, path: str | None, line: int | None) -> Any:
    """A Java pattern of an SRX file, compiled by the ``regex`` package."""
    python = _JAVA_ONLY.sub(lambda m: _JAVA_TO_PYTHON.get(m.group(), m.group()), pattern)
    try:
        return regex.compile(python, _FLAGS)
    except regex.error as exc:
        raise ParseError(f"bad regular expression {pattern!r} in rule: {exc}", path=path, line=line) from None


class _Matcher:
    """The successive matches of one break rule, as ``java.util.regex.Matcher.find`` gives them."""

    __slots__ = ("before", "after", "position", "start", "breaks_at", "text")

    def __init__(self, rule: SrxRule, text: str, path: str | None) -> None:
        self.before = _compile(rule.before, path, rule.line)
        self.after = _compile(rule.after, path, rule.line)
        self.text = text
        self.position = self.start = self.breaks_at = 0

    def find(self, start: int | None = None) -> bool:
        """Move to the next place where the rule matches (from ``start`` if given)."""
        position = self.position if start is None else start
        text = self.text
        while position <= len(text):
            match = self.before.search(text, position)
            if match is None:
                break
            breaks_at = match.end()
            position = breaks_at + 1 if breaks_at == match.start() else breaks_at
            if self.after.match(text, breaks_at) is not None:
                self.position, self.start, self.breaks_at = position, match.start(), breaks_at
                return True
        self.position = position
        return False


@dataclass(frozen=True)
class _Engine:
    """The break rules of one rule list, each with the pattern of the no-break rules before it."""

    rules: tuple[SrxRule, ...]
    exceptions: tuple[Any, ...]  # per break rule: the compiled exception pattern, or None
    path: str | None

    def segments(self, text: str) -> list[tuple[int, int]]:
        """The (start, end) of each segment of ``text``, whitespace included, as the Java segment
        library's SrxTextIterator cuts them."""
        matchers = []
        for index, rule in enumerate(self.rules):
            matcher = _Matcher(rule, text, self.path)
            if matcher.find():
                matchers.append((index, matcher))
        segments = []
        start = 0
        while start < len(text):
            found = False
            end = start
            while not found:
                first = min(matchers, key=lambda im: im[1].breaks_at, default=None)
                if first is None:
                    found, end = True, len(text)
                else:
                    end = first[1].breaks_at
                    if end > start:
                        exception = self.exceptions[first[0]]
                        found = exception is None or exception.match(text, end) is None
                        if found:
                            matchers = [(i, m) for i, m in matchers if m.start >= end or m.find(end)]
                kept = []
                for index, matcher in matchers:
                    while matcher.breaks_at <= end:
                        if not matcher.find():
                            break
                    else:
                        kept.append((index, matcher))
                matchers = kept
            segments.append((start, end))
            start = end
        return segments


@functools.lru_cache(maxsize=64)
def _engine(rules: tuple[SrxRule, ...], path: str | None) -> _Engine:
    breaks: list[SrxRule] = []
    exceptions: list[Any] = []
    cancelling: list[str] = []
    for rule in rules:
        if rule.is_break:
            breaks.append(rule)
            exceptions.append(_compile("|".join(cancelling), path, rule.line) if cancelling else None)
        else:
            lookbehind = f"(?<={rule.before})" if rule.before else ""
            lookahead = f"(?={rule.after})" if rule.after else ""
            cancelling.append(f"(?:{lookbehind}{lookahead})")
    return _Engine(tuple(breaks), tuple(exceptions), path)
