"""TMX 1.4b: a streaming reader for what CAT tools really write, and a deterministic writer.

Reading (``read``) accepts UTF-8 and UTF-16 with or without a byte-order mark, TMX 1.1 ``lang``
as well as ``xml:lang``, language tags in any case or with underscores, lenient dates and every
inline code. It streams, so memory stays flat whatever the file size: a strict scanner
(tm/formats/tmx_scan.py) reads the plain ``<tu>`` most files are made of, lxml any other ``<tu>``,
and lxml's iterparse the whole file whenever the scanner cannot go on. Both paths keep one
contract, our own rules rather than whatever the installed libxml2 recovers:

- A well-formed file gives exactly the units a conforming XML parser gives, on either path.
- Line ends are normalised as XML 1.0 section 2.11 says (``\r\n`` and ``\r`` become ``\n``)
  before parsing, inside CDATA sections too (``xmlsafe.LineEnds``); a ``&#13;`` stays a CR.
- A broken file is refused with a ParseError naming file and line, the same on both paths. The
  units yielded before it are a prefix of the file's units, but how far a parser reads ahead before
  it stops is its own business: a caller that must not keep part of a broken file (the memory's
  import) keeps nothing of the batch the error interrupts.

How the TMX maps onto tm.model:

- ``tuid`` -> ``unit.id``; without one, an id is made from the unit's languages and texts (the same
  unit always gets the same id, so importing a file twice adds nothing).
- The source variant is the ``<tuv>`` in the tu's ``srclang``, else the header's ``srclang``; with
  ``srclang="*all*"`` (or none) it is the ``srclang`` the caller passes, else the first ``<tuv>``.
  A language matches in any spelling (``EN_us`` = ``en-US``), then by base language
  (``en-GB`` for ``en``). When no ``<tuv>`` matches, the first one is the source.
- A second ``<tuv>`` in a language the unit already has becomes a further unit with id
  ``<id>#2`` (TMX allows alternative translations; tm.model holds one per language).
- ``<seg>`` content becomes ``Variant.content``: text and ``tm.model.Tag`` for ``<bpt> <ept> <ph>
  <it> <ut>`` (``Tag.code`` is the element's inner markup as XML, ``<sub>`` included) and
  ``<hi>`` as a ``hi`` ... ``/hi`` pair around its content. Text is NFC.
- ``<prop>`` and ``<note>`` at tu and tuv level go to ``props`` / ``notes``. TMX attributes the
  model has no field for (``usagecount``, ``lastusagedate``, ``o-encoding``, ``datatype``, ...) are
  kept in ``props`` under ``tmx:<name>`` and written back as attributes. Tu-level
  ``creationdate/creationid/changedate/changeid`` are kept that way too and also fill the dates of
  variants that have none. ``xml:lang`` on props and notes, and header ``<ude>``, are not kept.
- Our own props round-trip model fields: ``x-context-{document,paragraph,position,prev,next}``
  (unit.context), ``x-tm-origin`` (unit and variant origin), ``x-tm-status`` and
  ``x-tm-source-text`` (a variant's status and the source it was translated from).

Writing (``write``) gives the same bytes for the same units, valid against the TMX 1.4 DTD and
OmegaT's XSD, with the seven required header attributes and dates only where the units carry
them. Export profiles adapt language tags and file layout to a CAT tool (see ``PROFILES``).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import itertools
import re
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple

from lxml import etree

from tm import xmlsafe
from tm.errors import ParseError, TmError
from tm.fileio import open_atomic
from tm.formats import tmx_scan
from tm.model import Content, Context, Origin, Status, Tag, Unit, Variant, nfc, normalize_lang, plain_text, same_lang

__all__ = [
    "EXTENSIONS",
    "NAME",
    "PROFILES",
    "Header",
    "Parts",
    "PlainPlan",
    "PlainUnit",
    "Profile",
    "pair_path",
    "dumps",
    "read",
    "read_header",
    "read_rows",
    "sniff",
    "write",
    "write_pairs",
]

NAME = "tmx"
EXTENSIONS = (".tmx",)

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ALL_LANGS = "*all*"

#: Attributes of <tu> and <tuv> the model keeps as ``tmx:<name>`` props (document order of the DTD).
TU_ATTRIBUTES = (
    "o-encoding", "datatype", "usagecount", "lastusagedate", "creationtool", "creationtoolversion",
    "creationdate", "creationid", "changedate", "segtype", "changeid", "o-tmf",
)  # fmt: skip
TUV_ATTRIBUTES = tuple(name for name in TU_ATTRIBUTES if name != "segtype")
ATTR_PREFIX = "tmx:"
#: Inline elements holding native code; ``hi`` wraps text and is split into ``hi`` ... ``/hi``.
CODE_ELEMENTS = frozenset({"bpt", "ept", "ph", "it", "ut"})
_TU_SET, _TUV_SET = frozenset(TU_ATTRIBUTES), frozenset(TUV_ATTRIBUTES)
_LANG_ATTRIBUTES = frozenset({XML_LANG, "xml:lang", "lang"})  # xml:lang as written: from tmx_scan
_DATED = ("creationdate", "creationid", "changedate", "changeid")
_TU_PROPS = {name: ATTR_PREFIX + name for name in TU_ATTRIBUTES}
_CREATED, _CREATOR, _CHANGED, _CHANGER = (ATTR_PREFIX + name for name in _DATED)

_CONTEXT = "x-context-"
_STATUS, _ORIGIN, _SOURCE_TEXT = "x-tm-status", "x-tm-origin", "x-tm-source-text"


# --------------------------------------------------------------------------- header


@dataclass(frozen=True, slots=True)
class Header:
    """The ``<header>`` of a TMX file. ``srclang`` is normalised, or ``*all*``, or None."""

    srclang: str | None = None
    adminlang: str | None = None
    creationtool: str | None = None
    creationtoolversion: str | None = None
    segtype: str | None = None
    o_tmf: str | None = None
    datatype: str | None = None
    o_encoding: str | None = None
    creationdate: datetime | None = None
    creationid: str | None = None
    changedate: datetime | None = None
    changeid: str | None = None
    version: str | None = None
    line: int | None = None
    props: dict[str, list[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data = {name: getattr(self, name) for name in self.__slots__}
        for name in ("creationdate", "changedate"):
            data[name] = data[name].isoformat() if data[name] else None
        return data


def read_header(path: str | Path) -> Header:
    """Return the header of a TMX file, reading no further than its end."""
    prolog = _tmx_prolog(path)
    for _event, element in xmlsafe.iterparse(path, tag="header", prolog=prolog):
        return _header(element, path)
    raise ParseError("no <header> element: not a TMX 1.4 file", path=path, line=prolog.root_line)


def _header(element: etree._Element, path: str | Path) -> Header:
    get = element.get
    srclang = get("srclang")
    if srclang and srclang.strip().lower() != ALL_LANGS:
        srclang = _lang(srclang, path, element.sourceline)
    elif srclang:
        srclang = ALL_LANGS
    props, notes = _props_notes(element)
    return Header(
        srclang=srclang or None,
        adminlang=get("adminlang"),
        creationtool=get("creationtool"),
        creationtoolversion=get("creationtoolversion"),
        segtype=get("segtype"),
        o_tmf=get("o-tmf"),
        datatype=get("datatype"),
        o_encoding=get("o-encoding"),
        creationdate=parse_date(get("creationdate")),
        creationid=get("creationid"),
        changedate=parse_date(get("changedate")),
        changeid=get("changeid"),
        version=element.getparent().get("version") if element.getparent() is not None else None,
        line=element.sourceline,
        props=props,
        notes=notes,
    )


def sniff(head: bytes) -> bool:
    """True when ``head`` (the first bytes of a file) looks like TMX."""
    encoding, _bom = xmlsafe.sniff_xml_encoding(head)
    text = head.decode(encoding if encoding != "utf-8" else "latin-1", errors="ignore")
    return re.search(r"<tmx[\s>]", text) is not None


# --------------------------------------------------------------------------- dates


_DATE = re.compile(
    r"(\d{4})-?(\d{2})-?(\d{2})(?:[T ](\d{2}):?(\d{2})(?::?(\d{2})(?:[.,]\d+)?)?)?"
    r"\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?",
    re.IGNORECASE,
)


def parse_date(value: str | None) -> datetime | None:
    """Parse a TMX date leniently (``20230223T101500Z``, without ``Z``, ISO 8601) into UTC.

    A date without a zone is taken as UTC. Returns None for None or a value that is not a date.
    """
    if not value:
        return None
    if len(value) == 16 and value[8] == "T" and value[15] == "Z" and value[:8].isdigit():
        try:  # the canonical TMX form, parsed without the regular expression
            if value.isascii() and value[9:15].isdigit():
                return datetime.fromisoformat(value)  # the same date in a tenth of the time
            return datetime(int(value[:4]), int(value[4:6]), int(value[6:8]), int(value[9:11]),
                            int(value[11:13]), int(value[13:15]), tzinfo=UTC)  # fmt: skip
        except ValueError:
            pass
    match = _DATE.fullmatch(value.strip())
    if not match:
        return None
    year, month, day, hour, minute, second, zone = match.groups()
    try:
        moment = datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0),
                          int(second or 0), tzinfo=UTC)  # fmt: skip
    except ValueError:
        return None
    if zone and zone[0] in "+-":
        digits = zone[1:].replace(":", "")
        offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:] or 0))
        moment -= offset if zone[0] == "+" else -offset
    return moment


#: Units of a file share few distinct dates (often one per day or per import).
_cached_date = lru_cache(maxsize=4096)(parse_date)


def format_date(value: datetime) -> str:
    """Format a date as TMX wants it: UTC, ``YYYYMMDDThhmmssZ`` (a naive date is taken as UTC)."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return f"{value.year:04d}{value:%m%dT%H%M%S}Z"  # strftime's %Y does not pad a year before 1000


# --------------------------------------------------------------------------- reading


class PlainUnit(NamedTuple):
    """A ``<tu>`` of plain texts, as most TMX files hold them, read without building Variants.

    Plain: a ``tuid``, no ``srclang`` of its own, no props or notes, and each ``<tuv>`` one
    language (not repeated) with only ``xml:lang`` and a ``<seg>`` of text, with perhaps inline
    codes holding only text (``<bpt> <ept> <ph> <it> <ut>``). ``langs`` and ``texts`` (NFC, the
    codes left out) put the source first; ``props`` holds the tu's attributes as ``tmx:`` props and
    the dates and ids are the tu's, which every variant inherits. ``unit()`` is the Unit that
    ``read`` yields for it.
    """

    id: str
    langs: tuple[str, ...]
    texts: tuple[str, ...]
    props: dict[str, list[str]]
    #: The tu's creationdate and changedate as the file writes them (``parse_date`` reads them: a
    #: file's units seldom share a date, and a caller may turn them into text of its own directly).
    created: str | None
    changed: str | None
    creator: str | None
    changer: str | None
    #: The content of each variant with inline codes (None for the others), as ``texts``; None
    #: when no variant has any.
    contents: tuple[Content | None, ...] | None = None

    def unit(self) -> Unit:
        """The Unit this stands for."""
        created, changed = _cached_date(self.created), _cached_date(self.changed)
        contents = self.contents or (None,) * len(self.texts)
        variants = [
            Variant(lang, content if content is not None else (text,) if text else (), created=created,
                    changed=changed, creator=self.creator, changer=self.changer)
            for lang, text, content in zip(self.langs, self.texts, contents)
        ]  # fmt: skip
        props = {name: list(values) for name, values in self.props.items()}
        return Unit(self.id, variants[0], {v.lang: v for v in variants[1:]}, None, None, props, [])


def read(path: str | Path, *, source_lang: str | None = None, target_lang: str | None = None) -> Iterator[Unit]:
    """Stream the units of a TMX file.

    ``source_lang`` names the source language where the file does not (``srclang="*all*"`` or
    missing); every ``<tuv>`` names its language, so ``target_lang`` is not used. Raises
    UnsafeXMLError at once for entity declarations; broken XML raises ParseError with file and
    line when the reader gets there, after yielding every unit before it.
    """
    rows = read_rows(path, source_lang=source_lang)
    return (found.unit() if isinstance(found, PlainUnit) else found for found in rows)


def read_rows(
    path: str | Path, *, source_lang: str | None = None, target_lang: str | None = None, skip_tu: int = 0
) -> Iterator[Unit | PlainUnit]:
    """The units of ``read``, a plain ``<tu>`` as a ``PlainUnit`` (its ``unit()`` is what ``read``
    yields): cheaper for a caller that turns units into rows of its own, like the memory's import.
    ``skip_tu``: leave out the units of the first so many <tu> elements (lxml reads the file then).
    Raises UnsafeXMLError at once, as ``read``."""
    prolog = _tmx_prolog(path)
    fallback = normalize_lang(source_lang) if source_lang else None
    if skip_tu:
        return _parsed_units(Path(path), prolog, fallback, skip_tu=skip_tu)
    return _read_units(Path(path), prolog, fallback)


class Parts:
    """A UTF-8 TMX file's body cut in parts at <tu> start tags (``tmx_scan.part_bounds``: the first
    part about ``sizes[0]`` bytes, the others ``sizes[1]``, by default ``tmx_scan.FIRST_PART`` and
    ``PART``), for processes that read one file together, each its own parts (``units``).

    Where the strict scanner cannot read a part, ``read_rows`` with ``skip_tu``, the <tu> elements
    of the parts before it, reads on from there (and reports any error with its line)."""

    def __init__(self, path: Path, reader: _UnitReader, bounds: list[int]) -> None:
        self.path = path
        self.reader = reader
        #: Where each part begins, and the file's size last.
        self.bounds = bounds
        #: The shape of the <tu> elements the last run read had (``tmx_scan.Scanner.shape``).
        self.shape: tmx_scan.Shape | None = None

    @classmethod
    def open(cls, path: str | Path, *, source_lang: str | None = None, sizes: tuple[int, int] | None = None
             ) -> Parts | None:  # fmt: skip
        """The parts of ``path``; None when the strict scanner cannot read it (not UTF-8, a prolog
        or header it cannot take apart). Raises UnsafeXMLError at once, as ``read``."""
        path = Path(path)
        prolog = _tmx_prolog(path)
        reader = _UnitReader(path, normalize_lang(source_lang) if source_lang else None)
        scanner = tmx_scan.Scanner.open(path, prolog)
        if scanner is None or not scanner.utf8:
            return None
        with scanner:
            try:
                for element in scanner.headers:
                    reader.use_header(_header(element, path))
            except ParseError:
                return None
            first_size, size = sizes or (tmx_scan.FIRST_PART, tmx_scan.PART)
            return cls(path, reader, tmx_scan.part_bounds(path, scanner.body_offset(), size, first_size))

    def __len__(self) -> int:
        return len(self.bounds) - 1

    def raw(self, number: int) -> bytes:
        """The bytes of part ``number``."""
        with open(self.path, "rb") as handle:
            handle.seek(self.bounds[number])
            return handle.read(self.bounds[number + 1] - self.bounds[number])

    def ends_file(self, number: int) -> bool:
        """Whether part ``number`` is the last (it ends with ``</body></tmx>``)."""
        return number == len(self) - 1

    def units(self, raw: bytes, ends_file: bool, before: tuple[int, int] = (0, 0)
              ) -> tuple[list[Unit | PlainUnit], int, int] | None:  # fmt: skip
        """The units of ``raw``, a part or a run of <tu> elements in one (up to the end of the file
        when ``ends_file``), with their number of <tu> elements and how many of those lxml parsed
        alone (not of the strict shape); None when the strict scanner cannot read them all. Of a
        run, ``before`` says the part's <tu> elements before it and how many of those lxml parsed
        alone: the scanner gives up where it would on the whole part."""
        with tmx_scan.Scanner.of_bytes(raw, ends_file, self.shape) as scanner:
            units: list[Unit | PlainUnit] = []
            found = _strict_units(scanner, self.reader, *before)
            try:
                while True:
                    units.append(next(found))
            except StopIteration as end:
                tus, complete, slow = end.value
            self.shape = scanner.shape  # what the next run of <tu> elements most likely has
        return (units, tus - before[0], slow - before[1]) if complete else None

    def coded(self, raw: bytes, names: tmx_scan.Names) -> PlainUnit | None:
        """The unit of ``raw``, one <tu> (whitespace around it) of these ``names`` with inline codes
        in its <seg> elements, read from its bytes (``tmx_scan.coded_data``) as ``units`` reads it
        (a run of one <tu> costs the scanner more than its share); None where ``units`` is needed."""
        data = tmx_scan.coded_data(raw, names)
        try:
            return self.reader.plain_parts(*data) if data is not None else None
        except ParseError:
            return None  # where units gives up

    def plan(self, names: tmx_scan.Names) -> PlainPlan | None:
        """How a plain <tu> of these ``names`` is read (``tmx_scan.shape_of``), None when it is not
        plain; only for names of a <tu> read already (``units``), which worked it out."""
        return self.reader.plan(*names[:3])


def _tmx_prolog(path: str | Path) -> xmlsafe.Prolog:
    prolog = xmlsafe.read_prolog(path)
    if prolog.root is not None and prolog.root != "tmx":
        raise ParseError(f"not a TMX file: the root element is <{prolog.root}>, not <tmx>",
                         path=path, line=prolog.root_line)  # fmt: skip
    return prolog


def _read_units(path: Path, prolog: xmlsafe.Prolog, fallback: str | None) -> Iterator[Unit | PlainUnit]:
    """The units of ``read_rows``: from the strict scanner while it can, then from lxml.

    Where the scanner gives up (anything outside its strict grammar, a broken file), lxml reads the
    file from its start, passing over the <tu> elements whose units the scanner already yielded
    without converting them: each unit comes once, and errors are lxml's, with file and line.
    """
    finished, complete, _slow = yield from _scanned_units(path, prolog, fallback)
    if not complete:
        yield from _parsed_units(path, prolog, fallback, skip_tu=finished)


def _parsed_units(
    path: Path, prolog: xmlsafe.Prolog, fallback: str | None, skip_tu: int = 0
) -> Iterator[Unit | PlainUnit]:
    """The units of ``read_rows`` as lxml's iterparse gives them (any well-formed file), leaving out
    those of the first ``skip_tu`` <tu> elements (passed over unconverted; the header is read)."""
    reader = _UnitReader(path, fallback)
    for _event, element in xmlsafe.iterparse(path, tag=("header", "tu"), prolog=prolog):
        if element.tag == "header":
            reader.use_header(_header(element, path))
        elif skip_tu:
            skip_tu -= 1
        elif (found := reader.plain(element)) is not None:
            yield found
        else:
            yield from reader.units(element)
        xmlsafe.release(element)


#: The scanner gives up after this many <tu> when more than a quarter of them were not plain.
TRIAL = 512


def _scanned_units(
    path: Path, prolog: xmlsafe.Prolog, fallback: str | None
) -> Generator[Unit | PlainUnit, None, tuple[int, bool, int]]:
    """The units of ``read_rows`` as the strict scanner (tmx_scan) reads them; returns what
    ``_strict_units`` returns (the whole file read when it says complete, else it gave up)."""
    scanner = tmx_scan.Scanner.open(path, prolog)
    if scanner is None:
        return 0, False, 0
    reader = _UnitReader(path, fallback)
    with scanner:
        try:
            for element in scanner.headers:
                reader.use_header(_header(element, path))
        except ParseError:
            return 0, False, 0
        return (yield from _strict_units(scanner, reader))


def _strict_units(
    scanner: tmx_scan.Scanner, reader: _UnitReader, finished: int = 0, slow: int = 0
) -> Generator[Unit | PlainUnit, None, tuple[int, bool, int]]:
    """The units of the <tu> elements ``scanner`` reads; returns the number of <tu> elements whose
    units it yielded, whether they were all of its text (else it gave up), and how many of them
    lxml parsed alone, each counted on from ``finished`` and ``slow`` (<tu> elements read before).

    A <tu> outside the scanner's strict shape is parsed alone by lxml; when more than a quarter of
    the first ``TRIAL`` are, the scanner gives up (lxml reads such files faster in one pass). The
    units are those ``_parsed_units`` yields for as many <tu>. A <tu> whose reading raised is not
    counted: lxml reads it again and raises with its line. The scanner refuses a <tu> inside a <tu>
    and a second <header>, so its count and lxml's agree.
    """
    try:
        for data in scanner:
            if finished == TRIAL and slow > TRIAL // 4:
                break  # few plain units: lxml alone reads this file faster
            found = reader.plain_parts(*data) if data is not None else None
            if found is None:
                slow += 1
                tu = scanner.element()
                found = reader.plain(tu)
            if found is not None:
                yield found
            else:
                yield from reader.units(tu)
            finished += 1
        else:
            return finished, True, slow
    except (tmx_scan.GiveUp, ParseError):
        pass
    return finished, False, slow


def _lang(value: str, path: str | Path, line: int | None) -> str:
    try:
        return normalize_lang(value)
    except TmError as exc:
        raise ParseError(exc.message, path=path, line=line) from None


def _props_notes(element: etree._Element) -> tuple[dict[str, list[str]], list[str]]:
    props: dict[str, list[str]] = {}
    notes: list[str] = []
    for child in element:
        if child.tag == "prop":
            props.setdefault(child.get("type") or "", []).append(child.text or "")
        elif child.tag == "note":
            notes.append(child.text or "")
    return props, notes


class PlainPlan(NamedTuple):
    """How to read a plain <tu> of one shape: where its tuid, props and dates are among the tu's
    attributes, its languages (source first) and the order of its texts."""

    uid: int
    props: tuple[tuple[str, int], ...]
    langs: tuple[str, ...]
    order: tuple[int, ...]
    #: creationdate, changedate, creationid and changeid from the tu's values with a None after them
    dated: Callable[[Sequence[str | None]], tuple[str | None, str | None, str | None, str | None]]
    #: Where ``dated`` takes them: the number of the tu's values for one the tu does not have
    fields: tuple[int, int, int, int]


_UNPLANNED = PlainPlan(-1, (), (), (), itemgetter(-1, -1, -1, -1), (-1, -1, -1, -1))  # a shape not planned yet


class _UnitReader:
    """Turns <tu> elements into Units; holds the per-file state (source language)."""

    def __init__(self, path: Path, fallback: str | None) -> None:
        self.path = path
        self.fallback = fallback
        self.default_srclang: str | None = None
        self._match_cache: dict[tuple[str, str], int] = {}
        #: How to read a plain <tu> of each shape (attribute names and language tags), or None for
        #: a shape that is not plain (see ``plain_parts``).
        self._plans: dict[tuple[tuple[str, ...], ...], PlainPlan | None] = {}

    def error(self, message: str, element: etree._Element) -> ParseError:
        return ParseError(message, path=self.path, line=element.sourceline)

    def use_header(self, header: Header) -> None:
        """Take the source language of the file's header, unless it says ``*all*``."""
        if header.srclang and header.srclang != ALL_LANGS:
            self.default_srclang = header.srclang
            self._plans.clear()

    def plain(self, tu: etree._Element) -> PlainUnit | None:
        """``tu`` as a PlainUnit, or None when it is not plain (written for speed: most units are)."""
        names, langs, texts = [], [], []
        codes: list[tmx_scan.Coded | None] = []
        for tuv in tu:
            if tuv.tag != "tuv" or len(tuv) != 1:
                return None
            seg = tuv[0]
            attrs = tuv.items()
            if seg.tag != "seg" or len(attrs) != 1:
                return None
            names.append(attrs[0][0])
            langs.append(attrs[0][1])
            texts.append(seg.text)
            codes.append(_coded_seg(seg) if len(seg) else None)
            if len(seg) and codes[-1] is None:
                return None
        items = tu.items()
        return self.plain_parts(tuple(name for name, _ in items), tuple(value for _, value in items), tuple(names),
                                tuple(langs), texts, codes if any(codes) else None, tu)  # fmt: skip

    def plain_parts(
        self,
        tu_names: tuple[str, ...],
        tu_values: Sequence[str],
        tuv_names: tuple[str, ...],
        raw_langs: tuple[str, ...],
        texts: Sequence[str | None],
        codes: Sequence[tmx_scan.Coded | None] | None = None,
        tu: etree._Element | None = None,
    ) -> PlainUnit | None:
        """A <tu> given as data as a PlainUnit, or None when it is not plain.

        The tu's attribute names and values; for each <tuv>, its one attribute's name and value,
        its <seg>'s text (None when empty), or with ``codes``, for a <seg> holding inline codes,
        its texts and codes (``tmx_scan.Coded``); from lxml, the <tu> element (for the line of an
        error). Names are as lxml gives them, or ``xml:lang`` as written. Shared by the lxml reader
        and the strict scanner (tmx_scan); what depends only on the names and tags is worked out once.
        """
        plan = self.plan(tu_names, tuv_names, raw_langs, tu)
        if plan is None:
            return None
        uid = tu_values[plan.uid]
        if not uid:
            return None
        contents = None
        if codes is None:
            ordered = tuple([nfc(texts[index] or "") for index in plan.order])
        else:
            contents = tuple(_content(found) if (found := codes[index]) else None for index in plan.order)
            ordered = tuple(nfc(texts[index] or "") if content is None else plain_text(content)
                            for index, content in zip(plan.order, contents))  # fmt: skip
        if not plan.props:
            return PlainUnit(uid, plan.langs, ordered, {}, None, None, None, None, contents)
        props = {name: [tu_values[index]] for name, index in plan.props}
        created, changed, creator, changer = plan.dated((*tu_values, None))
        return PlainUnit(uid, plan.langs, ordered, props, created, changed, creator, changer, contents)

    def plan(self, tu_names: tuple[str, ...], tuv_names: tuple[str, ...], raw_langs: tuple[str, ...],
             tu: etree._Element | None = None) -> PlainPlan | None:  # fmt: skip
        """How ``plain_parts`` reads a <tu> of these names (worked out once); None when it is not plain."""
        shape = (tu_names, tuv_names, raw_langs)
        plan = self._plans.get(shape, _UNPLANNED)
        if plan is _UNPLANNED:
            plan = self._plans[shape] = self._plan(tu_names, tuv_names, raw_langs, tu)
        return plan

    def _plan(self, tu_names: tuple[str, ...], tuv_names: tuple[str, ...], raw_langs: tuple[str, ...],
              tu: etree._Element | None) -> PlainPlan | None:  # fmt: skip
        """How ``plain_parts`` reads a <tu> of this shape; None when it is not plain.

        Plain: a ``tuid``, no ``srclang`` of its own, and each <tuv> one language (not repeated)
        in ``xml:lang`` or ``lang``; no tu attribute twice (only the scanner's patterns let that
        through, lxml refuses it). Raises ParseError for a language tag that is not one.
        """
        if len(set(tu_names)) != len(tu_names):
            return None
        uid, props = None, []
        for index, name in enumerate(tu_names):
            if name == "tuid":
                uid = index
            elif (prop := _TU_PROPS.get(name)) is not None:
                props.append((prop, index))
            elif name == "srclang":
                return None
        if uid is None or not raw_langs:
            return None
        langs: list[str] = []
        for number, (name, raw_lang) in enumerate(zip(tuv_names, raw_langs)):
            if name not in _LANG_ATTRIBUTES or not raw_lang:
                return None
            line = tu[number].sourceline if tu is not None else None  # its children are the <tuv>
            langs.append(_lang(raw_lang, self.path, line))
        if len(set(langs)) != len(langs):
            return None
        order = list(range(len(langs)))
        wanted = self.default_srclang or self.fallback
        if wanted is not None and wanted != langs[0] and (first := self.source_index(langs, wanted)):
            order.insert(0, order.pop(first))
        dated = dict(props)
        missing = len(tu_names)  # the None after the values
        fields = tuple(dated.get(name, missing) for name in (_CREATED, _CHANGED, _CREATOR, _CHANGER))
        return PlainPlan(uid, tuple(props), tuple(langs[index] for index in order), tuple(order),
                         itemgetter(*fields), fields)  # type: ignore[arg-type]  # fmt: skip

    def units(self, tu: etree._Element) -> list[Unit]:
        props: dict[str, list[str]] = {}
        notes: list[str] = []
        variants: list[Variant] = []
        for child in tu:
            tag = child.tag
            if tag == "tuv":
                variants.append(self.variant(child))
            elif tag == "prop":
                props.setdefault(child.get("type") or "", []).append(child.text or "")
            elif tag == "note":
                notes.append(child.text or "")
        if not variants:
            return []
        attrs = tu.attrib
        for name, value in attrs.items():
            if name in _TU_SET:
                props[ATTR_PREFIX + name] = [value]
        self._inherit_dates(variants, attrs)
        wanted = attrs.get("srclang")
        wanted = (
            self.default_srclang
            if not wanted or wanted.lower() == ALL_LANGS
            else _lang(wanted, self.path, tu.sourceline)
        )
        source_index = self.source_index([v.lang for v in variants], wanted or self.fallback)
        source = variants[source_index]
        uid = attrs.get("tuid") or _content_id(variants)
        origin = _enum(Origin, props, _ORIGIN) if props else None
        context = _context(props) if props else None
        # A <tuv> in a target language the unit already has goes to a further unit, <id>#2 ..., with
        # the same source; another <tuv> in the source's language is the source of a further unit
        # of its own (a target never has the source's language). Each gets copies of the tu's
        # props and notes.
        groups: list[tuple[Variant, dict[str, Variant]]] = [(source, {})]
        for index, variant in enumerate(variants):
            if index == source_index:
                continue
            if variant.lang == source.lang:
                groups.append((variant, {}))
                continue
            group = next((g for s, g in groups if s is source and variant.lang not in g), None)
            if group is None:
                groups.append((source, group := {}))
            group[variant.lang] = variant
        return [Unit(uid, source, groups[0][1], context, origin, props, notes)] + [
            Unit(f"{uid}#{number}", own, group, context, origin, {k: list(v) for k, v in props.items()}, list(notes))
            for number, (own, group) in enumerate(groups[1:], 2)
        ]

    def source_index(self, langs: list[str], wanted: str | None) -> int:
        if wanted is None:
            return 0
        if wanted in langs:
            return langs.index(wanted)
        for lang in langs:
            key = (wanted, lang)
            if key not in self._match_cache:
                self._match_cache[key] = (
                    2 if same_lang(wanted, lang) else 1 if lang.split("-")[0] == wanted.split("-")[0] else 0
                )
        ranks = [self._match_cache[(wanted, lang)] for lang in langs]
        best = max(ranks)
        return ranks.index(best) if best else 0

    def _inherit_dates(self, variants: list[Variant], attrs: Any) -> None:
        if not any(name in attrs for name in _DATED):
            return
        created, changed = _cached_date(attrs.get("creationdate")), _cached_date(attrs.get("changedate"))
        for variant in variants:
            variant.created = variant.created or created
            variant.changed = variant.changed or changed
            variant.creator = variant.creator or attrs.get("creationid")
            variant.changer = variant.changer or attrs.get("changeid")

    def variant(self, tuv: etree._Element) -> Variant:
        attrs = tuv.attrib
        raw_lang = attrs.get(XML_LANG) or attrs.get("lang")
        if raw_lang is None:
            raise self.error("<tuv> without xml:lang", tuv)
        props: dict[str, list[str]] = {}
        notes: list[str] = []
        content: tuple[str | Tag, ...] = ()
        for child in tuv:
            tag = child.tag
            if tag == "seg":
                content = self.content(child)
            elif tag == "prop":
                props.setdefault(child.get("type") or "", []).append(child.text or "")
            elif tag == "note":
                notes.append(child.text or "")
        created = changed = None
        for name, value in attrs.items():
            if name not in _TUV_SET:
                continue
            if name == "creationdate" and (created := parse_date(value)):
                continue
            if name == "changedate" and (changed := parse_date(value)):
                continue
            if name not in ("creationid", "changeid"):
                props[ATTR_PREFIX + name] = [value]
        source_text = props.pop(_SOURCE_TEXT, [None])[0] if props else None
        return Variant(
            lang=_lang(raw_lang, self.path, tuv.sourceline),
            content=content,
            status=(_enum(Status, props, _STATUS) or Status.TRANSLATED) if props else Status.TRANSLATED,
            origin=_enum(Origin, props, _ORIGIN) if props else None,
            created=created,
            changed=changed,
            creator=attrs.get("creationid"),
            changer=attrs.get("changeid"),
            source_text=source_text,
            props=props,
            notes=notes,
        )

    def content(self, seg: etree._Element) -> tuple[str | Tag, ...]:
        if len(seg) == 0:
            return (nfc(seg.text),) if seg.text else ()
        parts: list[str | Tag] = [seg.text] if seg.text else []
        for child in seg:
            self.inline(child, parts)
        merged: list[str | Tag] = []
        for part in parts:
            if isinstance(part, str) and merged and isinstance(merged[-1], str):
                merged[-1] += part
            else:
                merged.append(part)
        return tuple(nfc(p) if isinstance(p, str) else p for p in merged if p != "")

    def inline(self, element: etree._Element, parts: list[str | Tag]) -> None:
        tag = element.tag
        if tag is etree.Entity:
            raise self.error(f"undefined entity {element.text} in <seg>", element)
        if isinstance(tag, str):
            attrs = _kept_attrs(tag, tuple(element.attrib.items()))
            if tag == "hi":
                parts.append(Tag("hi", attrs))
                if element.text:
                    parts.append(element.text)
                for child in element:
                    self.inline(child, parts)
                parts.append(Tag("/hi"))
            elif tag in _TMX_CODE_ATTRS:
                parts.append(Tag(tag, attrs, _inner_xml(element)))
            else:  # an element TMX does not define in a <seg>: a placeholder holding its markup
                markup = etree.tostring(element, encoding="unicode", with_tail=False)
                parts.append(Tag("ph", (), _escape_text(markup)))
        if element.tail:  # comments and processing instructions keep only their tail
            parts.append(element.tail)


def _kept_attrs(tag: str, attrs: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """The attributes of an inline element ``tag`` the model keeps: of a TMX code, those the writer
    keeps (the DTD's, not empty); of another element, all."""
    if (allowed := _TMX_CODE_ATTRS.get(tag)) is not None:
        return tuple((name, value) for name, value in attrs if name in allowed and value)
    return attrs


def _coded_seg(seg: etree._Element) -> tmx_scan.Coded | None:
    """The texts and codes of a <seg> holding inline codes (as ``tmx_scan`` reads them), or None
    when it holds anything but code elements holding only text."""
    parts: list[str | tmx_scan.Code] = [seg.text or ""]
    for child in seg:
        if child.tag not in CODE_ELEMENTS or len(child):
            return None
        parts += (child.tag, tuple(child.attrib.items()), child.text), child.tail or ""
    return tuple(parts)


def _content(coded: tmx_scan.Coded) -> Content:
    """The content of a <seg> of texts and codes: what ``_UnitReader.content`` makes of it."""
    return tuple(nfc(part) if isinstance(part, str) else _code_tag(part) for part in coded if part != "")


@lru_cache(maxsize=4096)  # a file's codes are of a few kinds
def _code_tag(code: tmx_scan.Code) -> Tag:
    """The Tag of a code element holding only text: what ``_UnitReader.inline`` makes of it."""
    name, attrs, text = code
    return Tag(name, _kept_attrs(name, attrs), _escape_text(text) if text else "")


def _inner_xml(element: etree._Element) -> str:
    inner = _escape_text(element.text) if element.text else ""
    if len(element):
        inner += "".join(etree.tostring(child, encoding="unicode", with_tail=True) for child in element)
    return inner


def _enum(kind: Any, props: dict[str, list[str]], key: str) -> Any:
    """The first value of prop ``key`` that is a ``kind``, taken out of ``props``; values that are
    not ours stay as props (and are written back before ours, so a round trip holds)."""
    values = props.get(key, [])
    for index, value in enumerate(values):
        try:
            result = kind(value)
        except ValueError:
            continue
        del values[index]
        if not values:
            del props[key]
        return result
    return None


def _context(props: dict[str, list[str]]) -> Context | None:
    if not any(key.startswith(_CONTEXT) for key in props):
        return None
    found: dict[str, Any] = {}
    for name in ("document", "paragraph", "position", "prev", "next"):
        values = props.get(_CONTEXT + name)
        if not values:
            continue
        value: Any = values[0]
        if name in ("paragraph", "position"):
            if not value.isdigit():
                continue
            value = int(value)
        found[name] = value
        del props[_CONTEXT + name]
    return Context(**found) if found else None


def _content_id(variants: list[Variant]) -> str:
    """An id made from the unit's languages and contents: units that differ only in their inline
    codes get different ids (units without codes keep the ids of texts alone)."""
    digest = hashlib.blake2b(digest_size=8)
    for variant in variants:
        digest.update(f"{variant.lang}\x1f{variant.text}\x1e".encode())
        if variant.tags:
            for part in variant.content:
                digest.update(
                    (part if isinstance(part, str) else f"\x1d{part.kind}{part.attrs}{part.code}\x1d").encode()
                )
            digest.update(b"\x1e")
    return digest.hexdigest()


# --------------------------------------------------------------------------- profiles


@dataclass(frozen=True, slots=True)
class Profile:
    """What a CAT tool needs from a TMX export.

    ``pairs``: the tool reads one language pair per file (and skips units without the target).
    ``lang_form``: how language tags are written: ``bcp47`` (normalised, as given, plus the script
    of a language written in several when the tag has none: ``az`` -> ``az-Latn``, since bare
    ``az`` also covers Arabic-script Iranian Azerbaijani), ``region
    (``az-AZ``, ``en-US``: language and region, a script only where it is not the default one),
    ``locale`` (``az-Latn-AZ``: Windows culture names, script for languages written in several).
    """

    name: str
    pairs: bool
    lang_form: str
    description: str


PROFILES: dict[str, Profile] = {
    "generic": Profile("generic", False, "bcp47", "multilingual, tags as given with a script where one is needed (en, az-Latn, ru)"),
    "omegat": Profile(
        "omegat", True, "region",
        "one file per pair (a unit without the project's target tuv makes OmegaT fill text of "
        "another language); az-AZ style tags (az_AZ is not matched)",
    ),
    "trados": Profile(
        "trados", True, "locale",
        "one file per pair (a Trados TM holds one pair; other pairs are not imported); "
        "Windows locale tags (az-Latn-AZ, en-US, ru-RU)",
    ),
    "memoq": Profile("memoq", False, "region", "multilingual (memoQ maps two languages on import); en-US style tags"),
    "phrase": Profile("phrase", False, "region", "multilingual (a Phrase TM holds several targets); en-US style tags"),
}  # fmt: skip

#: Languages whose Windows culture names carry a script (az-Latn-AZ, sr-Cyrl-RS, uz-Latn-UZ ...).
LOCALE_WITH_SCRIPT = frozenset({"az", "bs", "ha", "iu", "sr", "tg", "tzm", "uz"})


def profile_lang(tag: str, profile: str | Profile) -> str:
    """Return ``tag`` in the form ``profile`` writes (``az`` -> ``az-AZ`` for OmegaT)."""
    prof = profile if isinstance(profile, Profile) else _profile(profile)
    key = (tag, prof.lang_form)
    if key not in _PROFILE_LANG_CACHE:
        _PROFILE_LANG_CACHE[key] = _form_lang(normalize_lang(tag), prof.lang_form)
    return _PROFILE_LANG_CACHE[key]


_PROFILE_LANG_CACHE: dict[tuple[str, str], str] = {}


def _form_lang(tag: str, form: str) -> str:
    import langcodes  # late, as in tm.model: its data takes ~30 ms to load, and reading needs it only for regions

    language = langcodes.Language.get(tag)
    if form == "bcp47":
        if language.language not in LOCALE_WITH_SCRIPT or language.script:
            return tag
        script = language.maximize().script
        return normalize_lang(str(language.update_dict({"script": script}))) if script else tag
    full = language.maximize()
    if not language.language or not full.territory:
        return tag
    territory = language.territory or full.territory
    script = language.script
    if script and script == langcodes.Language.get(f"{language.language}-{territory}").maximize().script:
        script = None
    if form == "locale" and language.language in LOCALE_WITH_SCRIPT:
        script = script or full.script
    return "-".join(p for p in (language.language, script, territory) if p)


def _profile(name: str) -> Profile:
    try:
        return PROFILES[name]
    except KeyError:
        raise TmError(f"unknown TMX profile {name!r}", hint=f"choose one of: {', '.join(PROFILES)}") from None


# --------------------------------------------------------------------------- writing

# Outside XML 1.0 Char: cannot appear in a TMX file, not even as a character reference.
_INVALID_XML = xmlsafe.INVALID_CHAR


def _escape_text(text: str) -> str:
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    return text


def _escape_attr(text: str) -> str:
    text = _escape_text(text)
    if '"' in text:
        text = text.replace('"', "&quot;")
    if "\n" in text:
        text = text.replace("\n", "&#10;")
    if "\t" in text:
        text = text.replace("\t", "&#9;")
    return text


def pair_path(path: str | Path, srclang: str, lang: str) -> Path:
    """The file a pair export writes for ``lang``: ``doc.tmx`` -> ``doc.en-az.tmx``."""
    path = Path(path)
    suffix = path.suffix or ".tmx"
    return path.with_name(f"{path.stem}.{normalize_lang(srclang)}-{normalize_lang(lang)}{suffix}")


def write(units: Iterable[Unit], path: str | Path, **options: Any) -> bool:
    """Write ``units`` as one TMX 1.4b file, streaming and atomically; return False when the file
    already held these bytes.

    ``srclang`` is the header's source language (default: the first unit's; ``*all*`` when there
    is none). ``langs`` limits the target languages written (default: all). A profile that wants
    language pairs (``omegat``, ``trados``) needs exactly one language in ``langs``;
    ``write_pairs`` writes one file per language. Empty targets are left out unless
    ``keep_empty``. The other options fill the header: ``adminlang``, ``creationtool``,
    ``creationtoolversion``, ``o_tmf``, ``datatype``. Raises TmError naming the unit for text that
    XML cannot hold or inline codes that TMX cannot express; the file is then left as it was.
    """
    with open_atomic(path) as handle:
        _stream(handle.write, units, path, **options)
    return bool(handle.changed)


def dumps(units: Iterable[Unit], **options: Any) -> str:
    """The text ``write`` writes for ``units`` and ``options``, built in memory."""
    buffer = io.BytesIO()
    _stream(buffer.write, units, "<tmx>", **options)
    return buffer.getvalue().decode("utf-8")


def _stream(
    out: Callable[[bytes], object],
    units: Iterable[Unit],
    path: str | Path,
    *,
    srclang: str | None = None,
    profile: str = "generic",
    langs: Sequence[str] | None = None,
    keep_empty: bool = False,
    adminlang: str = "en",
    creationtool: str = "tm",
    creationtoolversion: str | None = None,
    o_tmf: str = "tm",
    datatype: str = "plaintext",
) -> None:
    """Write the TMX of ``units`` to ``out``: the options of ``write`` (``path`` names the file in errors)."""
    prof = _profile(profile)
    if prof.pairs and (langs is None or len(langs) != 1):
        raise TmError(
            f"profile {prof.name!r} writes one language pair per file",
            path=path,
            hint="pass langs=[<one target language>] or use write_pairs()",
        )
    units, srclang = _with_srclang(units, srclang)
    options = _HeaderOptions(srclang, adminlang, creationtool, creationtoolversion, o_tmf, datatype)
    writer = _Writer(out, prof, options, langs, keep_empty)
    for unit in units:
        writer.unit(unit)
    writer.close()


def _with_srclang(units: Iterable[Unit], srclang: str | None) -> tuple[Iterable[Unit], str]:
    """``units`` unchanged and ``srclang``, or by default the first unit's source language."""
    if srclang is not None:
        return units, srclang
    rest = iter(units)
    first = next(rest, None)
    if first is None:
        return (), ALL_LANGS
    return itertools.chain((first,), rest), first.source.lang


def write_pairs(
    units: Iterable[Unit],
    path: str | Path,
    *,
    srclang: str,
    profile: str = "trados",
    langs: Sequence[str] | None = None,
    keep_empty: bool = False,
    **header: Any,
) -> list[Path]:
    """Write one TMX per target language (``doc.tmx`` -> ``doc.en-az.tmx``, ``doc.en-ru.tmx``).

    Returns the paths written, in the order of ``langs``. Without ``langs`` the target languages
    are those the units hold (which reads ``units`` into memory first). Units without the
    file's target are left out. ``header`` takes the header options of ``write`` (adminlang,
    creationtool ...). Every file lands atomically, and none does if one fails.
    """
    prof = _profile(profile)
    if langs is None:
        units = list(units)
        langs = list(dict.fromkeys(lang for unit in units for lang, v in unit.targets.items() if v.content))
    paths = [pair_path(path, srclang, lang) for lang in langs]
    options = _HeaderOptions(srclang, **header)
    pair_profile = Profile(prof.name, True, prof.lang_form, prof.description)
    with contextlib.ExitStack() as stack:
        writers = [
            _Writer(stack.enter_context(open_atomic(p)).write, pair_profile, options, [lang], keep_empty)
            for p, lang in zip(paths, langs)
        ]
        for unit in units:
            for writer in writers:
                writer.unit(unit)
        for writer in writers:
            writer.close()
    return paths


@dataclass(frozen=True, slots=True)
class _HeaderOptions:
    srclang: str
    adminlang: str = "en"
    creationtool: str = "tm"
    creationtoolversion: str | None = None
    o_tmf: str = "tm"
    datatype: str = "plaintext"


def _tool_version() -> str:
    from tm import __version__  # late: tm/__init__.py may re-export this module

    return __version__


class _Writer:
    """Streams one TMX file: header at once, a <tu> per unit, the end on ``close``."""

    def __init__(
        self,
        out: Callable[[bytes], object],
        profile: Profile,
        header: _HeaderOptions,
        langs: Sequence[str] | None,
        keep_empty: bool,
    ) -> None:
        self.out = out
        self.profile = profile
        self.keep_empty = keep_empty
        self.langs = [normalize_lang(lang) for lang in langs] if langs is not None else None
        self._lang_match: dict[str, str | None] = {}
        self._own_srclang: dict[str, bool] = {}
        self.srclang = header.srclang if header.srclang == ALL_LANGS else normalize_lang(header.srclang)
        self._code_ok: dict[str, bool] = {}
        self.buffer: list[str] = []
        self.lang = lambda tag: profile_lang(tag, profile)
        attrs = {
            "creationtool": header.creationtool,
            "creationtoolversion": header.creationtoolversion or _tool_version(),
            "segtype": "sentence",
            "o-tmf": header.o_tmf,
            "adminlang": self.lang(header.adminlang),
            "srclang": self.srclang if self.srclang == ALL_LANGS else self.lang(self.srclang),
            "datatype": header.datatype,
        }
        self.buffer.append(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'
            '<tmx version="1.4">\n'
            f"  <header{_attrs(attrs.items())}/>\n"
            "  <body>\n"
        )

    def close(self) -> None:
        self.buffer.append("  </body>\n</tmx>\n")
        self.flush()

    def flush(self) -> None:
        self.out("".join(self.buffer).encode("utf-8"))
        self.buffer.clear()

    def wanted(self, lang: str) -> bool:
        if self.langs is None:
            return True
        if lang not in self._lang_match:
            self._lang_match[lang] = next((w for w in self.langs if w == lang or same_lang(w, lang)), None)
        return self._lang_match[lang] is not None

    def unit(self, unit: Unit) -> None:
        targets = [v for lang, v in unit.targets.items() if self.wanted(lang) and (v.content or self.keep_empty)]
        if self.profile.pairs and not targets:
            return
        tu_attrs = [("tuid", unit.id)]
        tu_attrs += _tmx_attrs(unit.props, TU_ATTRIBUTES)
        lang = unit.source.lang
        if lang not in self._own_srclang:
            self._own_srclang[lang] = not same_lang(lang, self.srclang)
        if self._own_srclang[lang]:  # a source other than the header's: the tu says which it is
            tu_attrs.append(("srclang", self.lang(lang)))
        inherited = {name: value for name, value in tu_attrs if name in _DATED}
        out = self.buffer
        out.append(f"    <tu{_attrs(tu_attrs)}>\n")
        props = _plain_props(unit.props)
        if unit.context is not None:
            ctx = unit.context
            for name in ("document", "paragraph", "position", "prev", "next"):
                value = getattr(ctx, name)
                if value is not None:
                    props.append((_CONTEXT + name, str(value)))
        if unit.origin is not None:
            props.append((_ORIGIN, unit.origin.value))
        self.props_notes(props, unit.notes, unit, "      ")
        for variant in (unit.source, *targets):
            self.variant(variant, unit, inherited)
        out.append("    </tu>\n")
        if len(out) > 512:
            self.flush()

    def variant(self, variant: Variant, unit: Unit, inherited: dict[str, str]) -> None:
        attrs = [("xml:lang", self.lang(variant.lang))]
        own = dict(_tmx_attrs(variant.props, TUV_ATTRIBUTES))
        dated = {
            "creationdate": format_date(variant.created) if variant.created else None,
            "creationid": variant.creator,
            "changedate": format_date(variant.changed) if variant.changed else None,
            "changeid": variant.changer,
        }
        for name, value in dated.items():
            if value is not None and not _same_inherited(name, value, inherited.get(name)):
                own[name] = value
        attrs += [(name, own[name]) for name in TUV_ATTRIBUTES if name in own]
        out = self.buffer
        out.append(f"      <tuv{_attrs(attrs)}>\n")
        props = _plain_props(variant.props)
        if variant is not unit.source or variant.status is not Status.TRANSLATED:
            # A target always says where it stands (translated is not reviewed).
            props.append((_STATUS, variant.status.value))
        if variant.origin is not None:
            props.append((_ORIGIN, variant.origin.value))
        if variant.source_text is not None:
            props.append((_SOURCE_TEXT, variant.source_text))
        self.props_notes(props, variant.notes, unit, "        ")
        out.append(f"        <seg>{self.seg(variant, unit)}</seg>\n      </tuv>\n")

    def props_notes(self, props: list[tuple[str, str]], notes: list[str], unit: Unit, indent: str) -> None:
        for kind, value in props:
            _check_chars(kind, unit)
            _check_chars(value, unit)
            self.buffer.append(f'{indent}<prop type="{_escape_attr(kind)}">{_escape_text(value)}</prop>\n')
        for note in notes:
            _check_chars(note, unit)
            self.buffer.append(f"{indent}<note>{_escape_text(note)}</note>\n")

    def seg(self, variant: Variant, unit: Unit) -> str:
        content = variant.content
        if all(isinstance(part, str) for part in content):
            text = "".join(content)  # type: ignore[arg-type]
            _check_chars(text, unit, variant)
            return _escape_text(text)
        out: list[str] = []
        open_hi = 0
        for part in _numbered(_tmx_codes(content, unit, variant)):
            if isinstance(part, str):
                _check_chars(part, unit, variant)
                out.append(_escape_text(part))
                continue
            kind = part.kind
            for _name, value in part.attrs:
                _check_chars(value, unit, variant)
            if kind == "hi":
                open_hi += 1
                out.append(f"<hi{_attrs(part.attrs)}>")
            elif kind == "/hi":
                if not open_hi:
                    raise _code_error(unit, variant, "a closing /hi without its opening hi")
                open_hi -= 1
                out.append("</hi>")
            else:
                if kind == "it" and part.attr("pos") not in ("begin", "end"):
                    raise _code_error(unit, variant, "inline <it> needs pos='begin' or pos='end'")
                self.check_code(part.code, unit, variant)
                out.append(f"<{kind}{_attrs(part.attrs)}>{part.code}</{kind}>")
        if open_hi:
            raise _code_error(unit, variant, "an opening hi without its closing /hi")
        return "".join(out)

    def check_code(self, code: str, unit: Unit, variant: Variant) -> None:
        """Refuse native code that is not well-formed TMX inline content (only <sub> and codes)."""
        if "<" not in code and "&" not in code and ">" not in code and "\r" not in code:
            _check_chars(code, unit, variant)
            return
        if code not in self._code_ok:
            try:
                fragment = etree.fromstring(f"<c>{code}</c>", etree.XMLParser(**xmlsafe.PARSER_OPTIONS))
                allowed = CODE_ELEMENTS | {"sub", "hi"}
                self._code_ok[code] = all(el.tag in allowed for el in fragment.iterdescendants())
            except etree.XMLSyntaxError:
                self._code_ok[code] = False
        if not self._code_ok[code]:
            raise _code_error(unit, variant, f"inline code {code!r} is not TMX markup (escape native code: &lt;b&gt;)")


def _same_inherited(name: str, value: str, inherited: str | None) -> bool:
    if inherited is None:
        return False
    if name in ("creationdate", "changedate"):
        parsed = parse_date(inherited)
        return parsed is not None and format_date(parsed) == value
    return inherited == value


def _numbered(content: Sequence[str | Tag]) -> Sequence[str | Tag]:
    """Return content whose <bpt>/<ept> carry a unique ``i`` per segment, pairs sharing theirs.

    Content that is already consistent comes back as it is; otherwise every pair is renumbered
    from 1 in order, an <ept> closing the nearest open <bpt> with the same old ``i``.
    """
    begins = [p.attr("i") for p in content if isinstance(p, Tag) and p.kind == "bpt"]
    ends = [p.attr("i") for p in content if isinstance(p, Tag) and p.kind == "ept"]
    if None not in begins and len(set(begins)) == len(begins) and None not in ends \
            and len(set(ends)) == len(ends) and set(ends) <= set(begins):  # fmt: skip
        return content
    result: list[str | Tag] = []
    open_pairs: list[tuple[str | None, str]] = []
    counter = 0
    for part in content:
        if isinstance(part, Tag) and part.kind in ("bpt", "ept"):
            old = part.attr("i")
            if part.kind == "bpt":
                counter += 1
                new = str(counter)
                open_pairs.append((old, new))
            else:
                match = next((k for k in range(len(open_pairs) - 1, -1, -1) if open_pairs[k][0] == old), None)
                if match is None and open_pairs:
                    match = len(open_pairs) - 1
                if match is None:
                    counter += 1
                    new = str(counter)
                else:
                    new = open_pairs.pop(match)[1]
            attrs = tuple((k, new if k == "i" else v) for k, v in part.attrs)
            if old is None:
                attrs = (("i", new), *attrs)
            part = Tag(part.kind, attrs, part.code)
        result.append(part)
    return result


def _tmx_attrs(props: dict[str, list[str]], allowed: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(name, props[ATTR_PREFIX + name][0]) for name in allowed if props.get(ATTR_PREFIX + name)]


def _plain_props(props: dict[str, list[str]]) -> list[tuple[str, str]]:
    return [(kind, value) for kind, values in props.items() if not kind.startswith(ATTR_PREFIX) for value in values]


def _attrs(items: Iterable[tuple[str, str]]) -> str:
    return "".join(f' {name}="{_escape_attr(value)}"' for name, value in items)


def _check_chars(text: str, unit: Unit, variant: Variant | None = None) -> None:
    bad = _INVALID_XML.search(text)
    if bad:
        raise _unit_error(unit, variant, f"character U+{ord(bad.group()):04X} cannot be written to XML")


def _unit_error(unit: Unit, variant: Variant | None, message: str, hint: str | None = None) -> TmError:
    where = f"unit {unit.id!r}" + (f" ({variant.lang})" if variant is not None else "")
    return TmError(
        f"{where}: {message}", hint=hint or "remove the character from the unit's text: XML 1.0 cannot hold it"
    )


def _code_error(unit: Unit, variant: Variant, message: str) -> TmError:
    return _unit_error(unit, variant, message, hint="the unit's inline codes are broken: fix them where the unit came from "
                       "and import it again, or leave its language out of the export (--to)")  # fmt: skip


#: Attributes each TMX inline element may carry (the DTD's); others (XLIFF ``id``, ``ctype`` ...) are not written.
_TMX_CODE_ATTRS = {
    "bpt": ("i", "x", "type"),
    "ept": ("i",),
    "ph": ("x", "assoc", "type"),
    "it": ("pos", "x", "type"),
    "ut": ("x",),
    "hi": ("x", "type"),
    "/hi": (),
}
#: Inline codes of XLIFF 1.2 and 2 and what they are in TMX: spans open and close a bpt/ept pair
#: (``g``/``pc``) or a highlight (``mrk``); start and end codes are bpt/ept; placeholders ph.
_TMX_KIN = {"g": "bpt", "/g": "ept", "pc": "bpt", "/pc": "ept", "bx": "bpt", "sc": "bpt", "ex": "ept", "ec": "ept",
            "x": "ph", "mrk": "hi", "/mrk": "/hi"}  # fmt: skip
#: Annotation markers that may overlap the codes: TMX has no form for them, their text stays.
_DROPPED = frozenset({"sm", "em", "cp"})


def _tmx_codes(content: Sequence[str | Tag], unit: Unit, variant: Variant) -> list[str | Tag]:
    """``content`` with every inline code in its TMX form and only the attributes TMX defines.

    A span (``g``, ``pc``, ``mrk``) must close in the segment (else TmError naming the unit). A
    start/end code pairs with the ``i`` of its partner (``rid``, ``startRef``, ``id``); an isolated
    one is an ``it``. An XLIFF ``id``/``xid`` that is a number becomes ``x``.
    """
    out: list[str | Tag] = []
    spans: list[str] = []
    for part in content:
        if isinstance(part, str):
            out.append(part)
            continue
        kind = part.kind
        if kind in _DROPPED:
            continue
        new = _TMX_KIN.get(kind, kind)
        if kind in ("g", "pc", "mrk"):
            spans.append(kind)
        elif kind in ("/g", "/pc", "/mrk"):
            if not spans or spans[-1] != kind[1:]:
                raise _code_error(unit, variant, f"inline code {kind!r} closes a span that is not open")
            spans.pop()
        elif new not in _TMX_CODE_ATTRS:
            new = "ph"
        attrs = dict(part.attrs)
        if new in ("bpt", "ept") and attrs.get("isolated") == "yes":
            new, attrs["pos"] = "it", "begin" if new == "bpt" else "end"
        if new in ("bpt", "ept") and "i" not in attrs:
            spanned = kind in ("g", "/g", "pc", "/pc")  # paired by nesting: _numbered numbers them
            pair = None if spanned else attrs.get("rid") or attrs.get("startRef") or attrs.get("id")
            attrs = {"i": pair or "", "type": part.attr("ctype") or part.attr("type") or ""}
        if kind == "mrk":
            attrs["type"] = part.attr("mtype") or part.attr("type") or ""
        if kind not in _TMX_CODE_ATTRS and (number := part.attr("id") or part.attr("xid")) and number.isdigit():
            attrs.setdefault("x", number)
        if new == "it" and attrs.get("pos") in ("open", "close"):
            attrs["pos"] = "begin" if attrs["pos"] == "open" else "end"
        allowed = _TMX_CODE_ATTRS[new]
        out.append(Tag(new, tuple((k, v) for k, v in attrs.items() if k in allowed and v), part.code))
    if spans:
        raise _code_error(unit, variant, f"inline code {spans[-1]!r} is never closed")
    return out
