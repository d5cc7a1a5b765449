"""`tm tmx check`: what each CAT tool would reject in a TMX file, with line numbers.

``check(path)`` streams the file (flat memory, like the reader) and returns Findings. Each
finding names the profiles (tools) it affects; ``check(path, profile="omegat")`` keeps only
those. What is checked, by code (severity; tools affected):

- ``xml`` (error; all): not well-formed; the rest of the file is not checked.
- ``invalid-char`` (error; all): a character XML 1.0 forbids (U+0001, U+FFFE ...), raw or as ``&#1;``.
- ``encoding-mismatch`` (error; all): the XML declaration names another encoding than the bytes.
- ``encoding-undeclared`` (warning; all): not UTF-8 but no XML declaration says so.
- ``encoding-invalid`` (error; all): bytes that are not in the declared (or default UTF-8) encoding.
- ``utf16-no-bom`` (warning; trados, memoq): UTF-16 without a byte-order mark.
- ``no-header`` (error; all), ``header-srclang`` (error; all: OmegaT ignores the whole file),
  ``header-attribute`` (warning; all: one of the seven required attributes is missing).
- ``srclang-missing`` (error; all): a unit has no ``<tuv>`` in the source language (skipped).
- ``lang-attribute`` (error; all but omegat, info there): TMX 1.1 ``lang`` instead of ``xml:lang``.
  OmegaT reads it (OmegaT 2.x wrote such files), so ``--profile omegat`` reports it as info.
- ``tuv-no-lang`` (error; all): a ``<tuv>`` without a language (OmegaT ignores the whole file).
- ``lang-invalid`` (error; all), ``lang-underscore`` (error; omegat, trados, memoq, phrase:
  ``az_AZ`` is not BCP 47 and OmegaT does not match it), ``lang-no-region`` (warning; trados:
  Trados names languages by locale, ``az-Latn-AZ``).
- ``duplicate-tuid`` (error; all): a ``tuid`` used before (ids must identify units).
- ``inline-i-reused`` (error; all): two ``<bpt>`` (or ``<ept>``) with the same ``i`` in one segment.
- ``inline-unpaired`` (warning; all): a ``<bpt>`` without its ``<ept>`` or the reverse.
- ``empty-segment`` (warning; all; OmegaT fills an empty translation).
- ``segment-whitespace`` (warning; omegat): leading/trailing white space never exact-matches.
- ``hi-element`` (warning; omegat): OmegaT drops the text inside ``<hi>``.
- ``multilingual`` (error; trados): more than two languages in a unit; a Trados TM holds one pair
  and does not import the others (``tmx.write_pairs`` writes one file per pair).
- ``dtd`` (error; all): anything else the TMX 1.4 DTD rejects.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Generator, Iterator
from dataclasses import replace
from importlib import resources
from pathlib import Path

from lxml import etree

from tm import xmlsafe
from tm.errors import ParseError, TmError
from tm.formats.tmx import ALL_LANGS, PROFILES, XML_LANG
from tm.model import Finding, Severity, normalize_lang, same_lang

__all__ = ["check"]

ALL = tuple(PROFILES)
REQUIRED_HEADER = ("creationtool", "creationtoolversion", "segtype", "o-tmf", "adminlang", "srclang", "datatype")

#: code -> (severity, profiles affected)
RULES: dict[str, tuple[Severity, tuple[str, ...]]] = {
    "xml": (Severity.ERROR, ALL),
    "invalid-char": (Severity.ERROR, ALL),
    "encoding-mismatch": (Severity.ERROR, ALL),
    "encoding-undeclared": (Severity.WARNING, ALL),
    "encoding-invalid": (Severity.ERROR, ALL),
    "utf16-no-bom": (Severity.WARNING, ("trados", "memoq")),
    "no-header": (Severity.ERROR, ALL),
    "header-srclang": (Severity.ERROR, ALL),
    "header-attribute": (Severity.WARNING, ALL),
    "srclang-missing": (Severity.ERROR, ALL),
    "lang-attribute": (Severity.ERROR, ALL),
    "tuv-no-lang": (Severity.ERROR, ALL),
    "lang-invalid": (Severity.ERROR, ALL),
    "lang-underscore": (Severity.ERROR, ("omegat", "trados", "memoq", "phrase")),
    "lang-no-region": (Severity.WARNING, ("trados",)),
    "duplicate-tuid": (Severity.ERROR, ALL),
    "inline-i-reused": (Severity.ERROR, ALL),
    "inline-unpaired": (Severity.WARNING, ALL),
    "empty-segment": (Severity.WARNING, ALL),
    "segment-whitespace": (Severity.WARNING, ("omegat",)),
    "hi-element": (Severity.WARNING, ("omegat",)),
    "multilingual": (Severity.ERROR, ("trados",)),
    "dtd": (Severity.ERROR, ALL),
}

#: code -> the profiles (tools) that read what the rule flags: for them the finding is info.
READ_BY: dict[str, tuple[str, ...]] = {"lang-attribute": ("omegat",)}

_CHAR_REF = re.compile(r"&#(x[0-9a-fA-F]+|[0-9]+);")
_INLINE = frozenset({"bpt", "ept", "ph", "it", "ut", "hi", "sub"})


def _finding(code: str, line: int | None, message: str) -> Finding:
    severity, profiles = RULES[code]
    return Finding(message, severity=severity, check=code, line=line, profiles=profiles)


def _dtd() -> etree.DTD:
    with resources.as_file(resources.files("tm.data") / "tmx14.dtd") as path:
        return etree.DTD(str(path))


def check(path: str | Path, *, profile: str | None = None) -> list[Finding]:
    """Return what CAT tools would reject in the TMX file ``path``, in file order.

    With ``profile``, only the findings that affect that tool. Raises UnsafeXMLError for entity
    declarations and ParseError/TmError when the file cannot be read at all (not XML, no <tmx>).
    """
    if profile is not None and profile not in PROFILES:
        raise TmError(f"unknown TMX profile {profile!r}", hint=f"choose one of: {', '.join(PROFILES)}")
    findings = sorted(_Checker(Path(path)).run(), key=lambda f: f.line or 0)
    if profile is not None:
        findings = [
            replace(f, severity=Severity.INFO, message=f"{f.message} ({profile} reads it)")
            if profile in READ_BY.get(f.check, ()) else f
            for f in findings
            if profile in f.profiles
        ]  # fmt: skip
    return findings


class _Checker:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.dtd = _dtd()
        self.srclang: str | None = None
        self.seen_ids: dict[str, int] = {}
        self._valid_lang: dict[str, str | None] = {}

    def run(self) -> Iterator[Finding]:
        prolog = xmlsafe.read_prolog(self.path)
        if prolog.root is None:
            raise ParseError("no root element: not an XML file", path=self.path)
        if prolog.root != "tmx":
            raise ParseError(f"not a TMX file: the root element is <{prolog.root}>", path=self.path,
                             line=prolog.root_line)  # fmt: skip
        yield from self.encoding(prolog)
        header_seen = False
        try:
            for event, element in xmlsafe.iterparse(self.path, events=("start", "end"), prolog=prolog):
                if event == "start":
                    if element.tag == "tmx":
                        yield from self.dtd_findings(element, shallow=True)
                    continue
                if element.tag == "header":
                    header_seen = True
                    yield from self.header(element)
                elif element.tag == "tu":
                    if not header_seen:
                        header_seen = True
                        yield _finding("no-header", element.sourceline, "no <header> before the first <tu>")
                    yield from self.tu(element)
                    xmlsafe.release(element)
        except ParseError as exc:
            if not header_seen and exc.line is not None and exc.line <= (prolog.root_line or 1):
                raise
            lowered = exc.message.lower()
            chars = []
            if "encoding" in lowered or "proper utf-8" in lowered:
                yield _finding("encoding-invalid", exc.line,
                               f"bytes that are not {(prolog.declared_encoding or prolog.encoding).upper()}: "
                               "declare the real encoding in the XML declaration, or save as UTF-8")  # fmt: skip
                return
            if "invalid" in lowered and "char" in lowered:
                chars = list(self.invalid_chars(prolog))
                yield from chars
            if not chars:
                yield _finding("xml", exc.line, exc.message)
            return
        if not header_seen:
            yield _finding("no-header", prolog.root_line, "the file has no <header>")

    # ----------------------------------------------------------------- file level

    def encoding(self, prolog: xmlsafe.Prolog) -> Iterator[Finding]:
        line = 1
        if prolog.encoding_mismatch:
            yield _finding("encoding-mismatch", line,
                           f"the XML declaration says {prolog.declared_encoding} but the file is "
                           f"{prolog.encoding.upper()}")  # fmt: skip
        elif prolog.encoding != "utf-8" and prolog.declared_encoding is None and not prolog.bom:
            yield _finding("encoding-undeclared", line,
                           f"the file is {prolog.encoding.upper()} without a byte-order mark or an "
                           "encoding in its XML declaration")  # fmt: skip
        if prolog.encoding.startswith("utf-16") and not prolog.bom:
            yield _finding("utf16-no-bom", line, "UTF-16 without a byte-order mark")

    def invalid_chars(self, prolog: xmlsafe.Prolog) -> Iterator[Finding]:
        """Report every XML-invalid character, line by line (the parser stops at the first)."""
        encoding = prolog.encoding if prolog.encoding != "utf-8" else (prolog.declared_encoding or "utf-8")
        try:
            codecs.lookup(encoding)
        except LookupError:
            encoding = "utf-8"
        with open(self.path, encoding=encoding, errors="replace", newline="") as handle:
            for number, line in enumerate(handle, 1):
                for match in xmlsafe.INVALID_CHAR.finditer(line):
                    yield _finding("invalid-char", number,
                                   f"character U+{ord(match.group()):04X} is not allowed in XML")  # fmt: skip
                for match in _CHAR_REF.finditer(line):
                    ref = match.group(1)
                    code = int(ref[1:], 16) if ref[0] == "x" else int(ref)
                    if not xmlsafe.is_xml_char(code):
                        yield _finding("invalid-char", number,
                                       f"character reference {match.group()} names a character XML forbids")  # fmt: skip

    # ----------------------------------------------------------------- header

    def header(self, element: etree._Element) -> Iterator[Finding]:
        line = element.sourceline
        srclang = element.get("srclang")
        if srclang is None:
            yield _finding("header-srclang", line, "<header> has no srclang (OmegaT ignores such a file)")
        elif srclang.strip().lower() != ALL_LANGS:
            self.srclang = yield from self.lang(srclang, line)
        for name in REQUIRED_HEADER:
            if name != "srclang" and element.get(name) is None:
                yield _finding("header-attribute", line, f"<header> has no {name} attribute (required by TMX 1.4)")

    # ----------------------------------------------------------------- units

    def tu(self, tu: etree._Element) -> Iterator[Finding]:
        line = tu.sourceline
        tuid = tu.get("tuid")
        if tuid is not None:
            if tuid in self.seen_ids:
                yield _finding("duplicate-tuid", line,
                               f"tuid {tuid!r} is used again (first at line {self.seen_ids[tuid]})")  # fmt: skip
            else:
                self.seen_ids[tuid] = line
        langs: list[str] = []
        for tuv in tu.iterchildren("tuv"):
            tuv_line = tuv.sourceline
            lang = tuv.get(XML_LANG)
            if lang is None and tuv.get("lang") is not None:
                lang = tuv.get("lang")
                yield _finding("lang-attribute", tuv_line, "<tuv lang=...> (TMX 1.1): TMX 1.4 wants xml:lang")
            if lang is None:
                yield _finding("tuv-no-lang", tuv_line, "<tuv> without xml:lang")
            else:
                normalized = yield from self.lang(lang, tuv_line)
                if normalized:
                    langs.append(normalized)
            seg = tuv.find("seg")
            if seg is not None:
                yield from self.seg(seg)
        wanted = tu.get("srclang") or self.srclang
        if wanted and wanted.lower() != ALL_LANGS and langs:
            wanted_norm = self._valid_lang.get(wanted) or wanted
            if not any(_matches(wanted_norm, lang) for lang in langs):
                yield _finding("srclang-missing", line,
                               f"no <tuv> in the source language {wanted} (tools skip the unit)")  # fmt: skip
        if len(set(langs)) > 2:
            yield _finding("multilingual", line,
                           f"{len(set(langs))} languages in one unit ({', '.join(dict.fromkeys(langs))})")  # fmt: skip
        yield from self.dtd_findings(tu)

    def lang(self, value: str, line: int | None) -> Generator[Finding, None, str | None]:
        """Check one language tag; return its normalised form (None when invalid).

        Form problems (underscore, no region) are reported at the tag's first use only.
        """
        first = value not in self._valid_lang
        if "_" in value and first:
            yield _finding("lang-underscore", line, f"language {value!r} uses '_': write {value.replace('_', '-')!r}")
        if value not in self._valid_lang:
            try:
                self._valid_lang[value] = normalize_lang(value)
            except TmError:
                self._valid_lang[value] = None
        normalized = self._valid_lang[value]
        if not first:
            return normalized
        if normalized is None:
            yield _finding("lang-invalid", line, f"{value!r} is not a language tag")
        elif "-" not in normalized:
            yield _finding("lang-no-region", line, f"language {value!r} has no region (Trados expects e.g. en-US)")
        return normalized

    def seg(self, seg: etree._Element) -> Iterator[Finding]:
        line = seg.sourceline
        text = "".join(seg.itertext())
        if not text and not len(seg):
            yield _finding("empty-segment", line, "empty <seg>")
        elif text != text.strip():
            yield _finding("segment-whitespace", line, "the segment starts or ends with white space")
        begins: dict[str, int] = {}
        ends: dict[str, int] = {}
        for element in seg.iter("bpt", "ept", "hi"):
            if element.tag == "hi":
                yield _finding("hi-element", element.sourceline, "<hi> in a segment")
                continue
            i = element.get("i")
            if i is None:
                continue  # the DTD check reports it
            seen = begins if element.tag == "bpt" else ends
            if i in seen:
                yield _finding("inline-i-reused", element.sourceline,
                               f"<{element.tag} i=\"{i}\"> used twice in one segment")  # fmt: skip
            seen[i] = element.sourceline
        for i in begins.keys() - ends.keys():
            yield _finding("inline-unpaired", begins[i], f'<bpt i="{i}"> has no <ept>')
        for i in ends.keys() - begins.keys():
            yield _finding("inline-unpaired", ends[i], f'<ept i="{i}"> has no <bpt>')

    def dtd_findings(self, element: etree._Element, shallow: bool = False) -> Iterator[Finding]:
        line = element.sourceline
        if shallow:  # the root element alone: check its attributes, not its (future) content
            probe = etree.Element(element.tag, dict(element.attrib))
            probe.append(etree.Element("header", {n: "x" for n in REQUIRED_HEADER if n != "segtype"},
                                       segtype="sentence"))  # fmt: skip
            probe.append(etree.Element("body"))
            element = probe
        if self.dtd.validate(element):
            return
        for error in self.dtd.error_log:
            message = error.message
            if "xml:lang has no prefix" in message or "does not carry attribute xml:lang" in message:
                continue  # reported as lang-attribute / tuv-no-lang
            if "xmlns:xml" in message:
                continue  # lxml declares the xml: prefix when it validates a subtree
            if "Element header does not carry attribute" in message:
                continue  # reported as header-srclang / header-attribute
            yield _finding("dtd", line if shallow else error.line or line, message)


def _matches(wanted: str, lang: str) -> bool:
    return wanted == lang or wanted.split("-")[0].lower() == lang.split("-")[0].lower() or same_lang(wanted, lang)
