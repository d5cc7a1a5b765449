"""The strict scanner behind ``tmx.read``: plain ``<tu>`` elements read with regular expressions.

Most TMX files are a header and then one long run of ``<tu>`` elements of one simple shape. For those,
compiled patterns over the decoded text give what lxml gives at a fraction of the cost. The scanner
is strict: it reads a ``<tu>`` itself only in the shape it knows lxml reads the same way (attributes,
then ``<tuv xml:lang="..."><seg>text</seg></tuv>`` elements, text with the five predefined entities
and character references, and in it inline codes ``<bpt> <ept> <ph> <it> <ut>`` holding only text),
parses any other ``<tu>`` on its own with lxml (the safe options), and
gives up (``GiveUp``) on everything else: encodings other than UTF-8 and UTF-16, a prolog or header
it cannot take apart, anything but ``<tu>`` elements in the body, characters XML forbids, a broken
or truncated file. The caller then reads the file again with lxml, which reports any error with its
file and line. The scanner never raises an error of its own making.
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from tm import xmlsafe

__all__ = ["CODE_TAG", "GiveUp", "Scanner", "TuData", "part_bounds", "plain_pattern", "shape_of"]

#: Raw bytes decoded at a time: memory stays flat whatever the file size.
CHUNK = 2 << 20
#: The text before ``<body>`` (prolog and header) must be shorter than this.
MAX_SKELETON = 16 << 20
#: A ``<tu>`` longer than this goes to lxml, whose limits (huge_tree off) then apply.
MAX_STRICT = 1 << 20
#: Bytes of a file's body in each part that a process of a parallel import reads (see ``part_bounds``);
#: the first part is smaller, so that the writing process starts sooner.
PART = 8 << 20
FIRST_PART = 1 << 20

#: An inline code element holding only text: its name, its attributes (name and value, in document
#: order, references resolved) and its text (None when it has none).
Code = tuple[str, tuple[tuple[str, str], ...], "str | None"]
#: A <seg> with inline codes: its texts (references resolved) and codes in document order.
Coded = tuple["str | Code", ...]
#: ``(tu attribute names, their values, tuv attribute names, their values, seg texts, codes)``: a <tu>
#: of the strict shape (one attribute a <tuv>), names as written (``xml:lang``), references resolved;
#: ``codes`` is None, or for each <seg> None or its ``Coded`` content (its text then None).
#: The data ``tmx._UnitReader.plain_parts`` takes. A tu attribute name may be repeated (XML forbids
#: it): plain_parts then finds the <tu> not plain, and ``element()`` gives up on it.
TuData = tuple[
    tuple[str, ...],
    tuple[str, ...],
    tuple[str, ...],
    tuple[str, ...],
    tuple["str | None", ...],
    "tuple[Coded | None, ...] | None",
]


class GiveUp(Exception):
    """The scanner cannot read on exactly as lxml would: read the file with lxml instead."""


class _NotStrict(Exception):
    """This <tu> is not of the strict shape: lxml parses it."""


_W = "[ \t\r\n]"
#: Attribute names: ASCII names without a prefix (none starting with ``xml``), or ``xml:lang``.
_NAME = "(?!xml)[A-Za-z_][A-Za-z0-9._-]*|xml:lang"
_REF = "&(?:amp|lt|gt|quot|apos|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});"
_TEXT = "([^<]*)"  # checked after the match: '&' (references), '\r' and ']]>'
_CODE_NAMES = "bpt|ept|ph|it|ut"
#: An inline code's start tag, in a <tu>'s bytes: a <tu> with one is not plain (``shape_of``).
CODE_TAG = re.compile(f"<(?:{_CODE_NAMES})[ \t\r\n/>]".encode())
#: A <seg>'s content with inline code tags in it, matched loosely (``_coded`` reads it strictly).
_CODED_CONTENT = f"[^<]*(?:</?(?:{_CODE_NAMES})(?=[ \t\r\n/>])[^<]*)*"
_CODED_TEXT = f"({_CODED_CONTENT})"
_START = re.compile(f"""{_W}*<tu((?:{_W}+[^\\s=<>]+{_W}*={_W}*(?:"[^"]*"|'[^']*'))*){_W}*>""")
_ATTRIBUTE = re.compile(f"""{_W}+[^\\s=<>]+{_W}*={_W}*("|')""")
_ENTITY = re.compile("&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
_WHITESPACE = re.compile(f"{_W}*")
_END = re.compile(f"{_W}*</body>{_W}*</tmx>{_W}*")
_BODY = re.compile("<body[ \t\r\n>]")
_TU_BYTES = re.compile(rb"<tu[ \t\r\n>]")
_AFTER_NAME = (" ", "\t", "\r", "\n", ">")
#: An inline code element holding only text (or none), its attributes in either quote style.
_CODE = re.compile(
    f"""<({_CODE_NAMES})((?:{_W}+(?:{_NAME}){_W}*={_W}*(?:"[^"<]*"|'[^'<]*'))*){_W}*(?:/>|>([^<]*)</\\1{_W}*>)"""
)
#: What may be a code element in a <seg>'s content, to split it at (``_CODE`` then reads it).
_CODE_SPLIT = re.compile(f"(<(?:{_CODE_NAMES})(?=[ \t\r\n/>])[^<>]*(?:/>|>[^<]*</[^<>]*>))")
_CODE_ATTRIBUTE = re.compile(f"""{_W}+({_NAME}){_W}*={_W}*(?:"([^"<]*)"|'([^'<]*)')""")
_C0_ALLOWED = bytes(b for b in range(256) if b >= 0x20 or b in b"\t\n\r")

#: A <tu>'s shape: its number of attributes, of <tuv>, and the quote every attribute value uses.
Shape = tuple[int, int, str]


@lru_cache(maxsize=256)
def _unit(shape: Shape, codes: bool = False) -> re.Pattern[str]:
    """A <tu> of the strict ``shape``: a tu attribute is 2 groups (name, value), a tuv 3 (its
    attribute's name and value, the text of its <seg>); with ``codes``, a <seg> may hold inline
    code tags (see ``_coded``)."""
    attributes, tuvs, quote = shape
    # XML normalises tab, newline and carriage return in attribute values: those go to lxml.
    value = f"[^{quote}<&\t\n\r]*(?:{_REF}[^{quote}<&\t\n\r]*)*"
    attribute = f"{_W}+({_NAME}){_W}*={_W}*{quote}({value}){quote}"
    tuv = f"{_W}*<tuv{attribute}{_W}*>{_W}*<seg>{_CODED_TEXT if codes else _TEXT}</seg>{_W}*</tuv>"
    return re.compile(f"{_W}*<tu{attribute * attributes}{_W}*>{tuv * tuvs}{_W}*</tu>")


def _shapes(text: str, start: int, end: int) -> list[Shape]:
    """The shapes the <tu> at ``text[start:end]`` may have (none when it cannot be strict)."""
    found = _START.match(text, start, end)
    tuvs = text.count("<tuv", start, end)
    if found is None or not tuvs:
        return []
    quotes = _ATTRIBUTE.findall(found.group(1))
    return [(len(quotes), tuvs, quote) for quote in ('"', "'") if quotes.count(quote) == len(quotes)]


def _resolve(match: re.Match[str]) -> str:
    ref = match.group(1)
    if ref[0] != "#":
        return _NAMED[ref]
    code = int(ref[2:], 16) if ref[1] == "x" else int(ref[1:])
    if not xmlsafe.is_xml_char(code):
        raise _NotStrict
    return chr(code)


def _coded(value: str) -> Coded:
    """A <seg>'s content with inline codes as lxml reads it: its texts and codes (elements of
    ``_CODE_NAMES`` holding only text); _NotStrict for anything else, or what XML would change or
    refuse (a repeated attribute, a tab or line end in an attribute value)."""
    pieces = _CODE_SPLIT.split(value)  # texts, with a code between each two
    if any("<" in text for text in pieces[::2]):
        raise _NotStrict
    return tuple(_code(piece) if number % 2 else _text(piece) for number, piece in enumerate(pieces))


@lru_cache(maxsize=4096)  # a file's codes are of a few kinds: <bpt i="1">&lt;b&gt;</bpt>
def _code(element: str) -> Code:
    """The code ``element`` (as ``_CODE_SPLIT`` finds it); _NotStrict when it is not one ``_coded`` reads."""
    found = _CODE.fullmatch(element)
    if found is None:
        raise _NotStrict
    name, attributes, text = found.groups()
    pairs = tuple((key, _value(first or second)) for key, first, second in _CODE_ATTRIBUTE.findall(attributes))
    if len({pair[0] for pair in pairs}) != len(pairs):
        raise _NotStrict
    return name, pairs, _text(text) if text else None


def _value(value: str) -> str:
    """An attribute's value as lxml gives it; _NotStrict where XML would normalise it (tab, line end)."""
    if "\t" in value or "\n" in value:
        raise _NotStrict
    return _text(value)


def _data(values: tuple[str, ...], tu_end: int, codes: bool) -> TuData | None:
    """The data of a <tu> matched by ``_unit``, references resolved (``tu_end``: the groups of tu
    attributes; ``codes``: its <seg> elements may hold inline codes); None when it is not strict."""
    raw = values[tu_end + 2 :: 3]
    try:
        coded = tuple(_coded(text) if "<" in text else None for text in raw) if codes else None
        texts = tuple(None if coded and coded[number] is not None else _text(text) for number, text in enumerate(raw))
        return (values[0:tu_end:2], tuple(map(_unescape, values[1:tu_end:2])), values[tu_end::3],
                tuple(map(_unescape, values[tu_end + 1 :: 3])), texts, coded)  # fmt: skip
    except _NotStrict:
        return None


def _unescape(value: str) -> str:
    """``value`` with its references resolved (the patterns let through only well-formed ones)."""
    return _ENTITY.sub(_resolve, value) if "&" in value else value


def _text(value: str) -> str:
    """A <seg>'s text as lxml gives it; _NotStrict for what XML would change or refuse."""
    if "\r" in value or "]]>" in value or "&" in value and "&" in _ENTITY.sub("", value):
        raise _NotStrict  # normalised line ends, a forbidden ']]>', an '&' starting no reference
    return _unescape(value)


class Scanner:
    """Reads one TMX file's <tu> elements after its skeleton (see ``open``)."""

    def __init__(self, handle: BinaryIO, encoding: str) -> None:
        self.handle = handle
        self.utf8 = encoding == "utf-8"
        self.decoder = codecs.getincrementaldecoder(encoding)("strict")
        self.eof = False
        self.text = ""
        self.pos = 0
        #: The span of the <tu> last yielded.
        self.start = self.end = 0
        self.headers: list[etree._Element] = []
        self.careful = False
        self.parser: etree.XMLParser | None = None  # made when a <tu> needs it (see ``element``)
        #: Whether the text ends with the file (``</body></tmx>``), not with a part of its body.
        self.ends_file = True
        #: The shape of the <tu> elements expected: the one most files use, then the last one seen.
        self.shape: Shape = (1, 1, '"')

    @classmethod
    def open(cls, path: Path, prolog: xmlsafe.Prolog) -> Scanner | None:
        """A scanner positioned after ``<body>``, or None when the file is not for it.

        The file is for it when it is UTF-8 or UTF-16 (as declared, if declared), its prolog and
        header (everything up to ``<body>``) parse with lxml on their own, the root is ``<tmx>``
        without namespaces and no DOCTYPE has an internal subset. ``headers`` holds the <header>
        elements of that skeleton.
        """
        encoding = _encoding(prolog)
        if encoding is None or prolog.doctype is not None and "[" in prolog.doctype:
            return None
        try:
            handle = open(path, "rb")
        except OSError:
            return None
        scanner = cls(handle, encoding)
        try:
            scanner._skeleton()
        except GiveUp:
            scanner.close()
            return None
        return scanner

    @classmethod
    def of_bytes(cls, raw: bytes, ends_file: bool, shape: Shape | None = None) -> Scanner:
        """A scanner of the <tu> elements in ``raw``, UTF-8 bytes of a file's body that hold nothing
        else (whitespace aside; with ``ends_file``, up to the end of the file: ``</body></tmx>``),
        expecting <tu> elements of ``shape`` (as another scanner's ``shape``)."""
        scanner = cls(io.BytesIO(raw), "utf-8")
        scanner.ends_file = ends_file
        scanner.shape = shape or scanner.shape
        return scanner

    def body_offset(self) -> int:
        """Where the body's content begins in the bytes of the file (after ``<body>``), right after
        ``open`` of a UTF-8 file: the bytes read, less those not decoded yet and those of the text after."""
        return self.handle.tell() - len(self.decoder.getstate()[0]) - len(self.text[self.pos :].encode("utf-8"))

    def close(self) -> None:
        self.handle.close()

    def __enter__(self) -> Scanner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _more(self) -> bool:
        """Drop the text before ``pos``, append the next chunk; False at the end of the file."""
        if self.eof:
            return False
        try:
            raw = self.handle.read(CHUNK)
            if raw:
                if self.utf8 and raw.translate(None, _C0_ALLOWED):
                    raise GiveUp  # a control character XML forbids
                chunk = self.decoder.decode(raw)
            else:
                self.eof = True
                chunk = self.decoder.decode(b"", True)
        except (OSError, UnicodeDecodeError):
            raise GiveUp from None
        if "\ufffe" in chunk or "\uffff" in chunk or not self.utf8 and xmlsafe.INVALID_CHAR.search(chunk):
            raise GiveUp
        self.text = self.text[self.pos :] + chunk
        # XML normalises line ends and refuses ']]>' in text: look for them in each <seg> then.
        self.careful = "\r" in self.text or "]]>" in self.text
        self.start -= self.pos
        self.end -= self.pos
        self.pos = 0
        return bool(raw)

    def _skeleton(self) -> None:
        """Parse everything up to ``<body>`` with lxml; leave ``pos`` after ``<body>``."""
        self._more()
        if self.text.startswith("\ufeff"):
            self.text = self.text[1:]
        while (found := _BODY.search(self.text, self.pos)) is None:
            if len(self.text) > MAX_SKELETON or not self._more():
                raise GiveUp
        while (close := self.text.find(">", found.start())) < 0:
            if not self._more():
                raise GiveUp
        skeleton = self.text[self.pos : close + 1]
        if "xmlns" in skeleton:
            raise GiveUp
        parser = etree.XMLParser(encoding="utf-8", **xmlsafe.PARSER_OPTIONS)
        try:
            root = etree.fromstring((skeleton + "</body></tmx>").encode("utf-8"), parser)
        except etree.LxmlError:
            raise GiveUp from None
        if root.tag != "tmx" or root[-1].tag != "body" or root.getroottree().docinfo.xml_version != "1.0" \
                or next(root.iter("tu"), None) is not None:  # fmt: skip
            raise GiveUp
        self.headers = list(root.iter("header"))
        if len(self.headers) > 1:
            raise GiveUp
        self.pos = close + 1

    def __iter__(self) -> Iterator[TuData | None]:
        """Each <tu>: its data when of the strict shape, else None (then ``element()`` parses it).

        Raises GiveUp where the body holds anything but <tu> elements, or the file does not end
        with ``</body></tmx>``.
        """
        shape = self.shape
        pattern = _unit(shape)
        tu_end = 2 * shape[0]  # a tu attribute is 2 groups (name, value), then a tuv 3
        text, pos = self.text, self.pos  # kept in locals while units match (the common case)
        while True:
            match = pattern.match(text, pos)
            if match is not None and match.end() - pos <= MAX_STRICT:
                start, pos = match.span()
                self.start, self.end = start, pos  # for element(), should the caller want lxml's reading
                values = match.groups()
                if not self.careful and text.find("&", start, pos) < 0:
                    yield (values[0:tu_end:2], values[1:tu_end:2], values[tu_end::3], values[tu_end + 1 :: 3],
                           values[tu_end + 2 :: 3], None)  # fmt: skip
                    continue
                self.pos = pos
                yield _data(values, tu_end, False)
                continue
            match = _unit(shape, True).match(text, pos)  # a <tu> of that shape with inline codes?
            if match is not None and match.end() - pos <= MAX_STRICT:
                self.start, self.end = match.span()
                self.pos = pos = self.end
                yield _data(match.groups(), tu_end, True)
                continue
            self.pos = pos
            self.start = _WHITESPACE.match(self.text, self.pos).end()  # type: ignore[union-attr]  # '*' always matches
            if len(self.text) - self.start < 4 and not self.eof:
                self._more()
                text, pos = self.text, self.pos
                continue
            if (
                not self.text.startswith("<tu", self.start)
                or self.text[self.start + 3 : self.start + 4] not in _AFTER_NAME
            ):
                self._end()
                return
            end = self.text.find("</tu>", self.start)
            if end < 0:
                if not self._more():
                    raise GiveUp
                text, pos = self.text, self.pos
                continue
            self.pos = self.end = end + 5
            text, pos = self.text, self.pos
            if self.end - self.start <= MAX_STRICT:
                for candidate in _shapes(self.text, self.start, self.end):
                    if any(
                        _unit(candidate, codes).fullmatch(self.text, self.start, self.end) for codes in (False, True)
                    ):
                        shape, pattern, tu_end = candidate, _unit(candidate), 2 * candidate[0]
                        self.shape = shape
                        pos = self.start  # read it again, with the patterns of its shape
                        break
                else:
                    yield None
            else:
                yield None

    def element(self) -> etree._Element:
        """The <tu> last yielded, parsed by lxml alone (the safe options).

        Raises GiveUp when lxml refuses it or reading it alone could differ from reading it in the
        file: a namespace on it, or a <header> or <tu> inside it.
        """
        if self.parser is None:
            self.parser = etree.XMLParser(**xmlsafe.PARSER_OPTIONS)
        try:
            tu = etree.fromstring(self.text[self.start : self.end], self.parser)
        except (etree.LxmlError, ValueError):
            raise GiveUp from None
        if tu.tag != "tu" or next(tu.iterdescendants("tu", "header"), None) is not None:
            raise GiveUp
        return tu

    def _end(self) -> None:
        """Check that only ``</body></tmx>`` (the end of a part: nothing) and whitespace follow; else GiveUp."""
        while not self.eof and len(self.text) - self.pos < 4096:
            self._more()
        if not self.eof or (_END if self.ends_file else _WHITESPACE).fullmatch(self.text, self.pos) is None:
            raise GiveUp


def part_bounds(path: Path, body: int, size: int = PART, first_size: int = FIRST_PART) -> list[int]:
    """Where the parts of a UTF-8 file whose body begins at byte ``body`` begin, and the file's size
    last: the first part holds about ``first_size`` bytes, the others ``size`` (each begins at the
    first ``<tu`` after that many bytes: only the part before it, read by ``Scanner.of_bytes``, can show
    that it is a <tu> start tag)."""
    bounds = [body]
    with open(path, "rb") as handle:
        end = handle.seek(0, io.SEEK_END)
        offset = body + first_size
        while offset < end:
            handle.seek(offset)
            found = None
            while found is None and (raw := handle.read(1 << 16)):
                found = _TU_BYTES.search(raw)
                if found is None and len(raw) > 4:
                    handle.seek(-4, io.SEEK_CUR)  # a start tag across two reads
            if found is None:
                break
            start = handle.tell() - len(raw) + found.start()
            if start > bounds[-1]:
                bounds.append(start)
            offset = max(offset + size, start + 1)
    return [*bounds, end]


def _encoding(prolog: xmlsafe.Prolog) -> str | None:
    """The codec for a file the scanner can read (UTF-8, UTF-16 as declared), else None."""
    declared = (prolog.declared_encoding or "").lower()
    if prolog.encoding == "utf-8" and declared in ("", "utf-8", "utf8"):
        return "utf-8"
    if prolog.encoding in ("utf-16-le", "utf-16-be") and declared in ("", "utf-16"):
        return prolog.encoding
    return None


#: A <tu>'s names as written: its attribute names, its <tuv> elements' attribute names and language
#: tags (in document order), and the quote its attribute values use.
Names = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], str]

#: What ``plain_pattern`` lets through: attribute values without references or control characters,
#: and texts without markup (a text's other bytes are for its caller to check: a byte ``regex``
#: matches a run of ``[^<]`` several times faster than one of a set of bytes).
_PLAIN_VALUE = rb"[^<&\x00-\x1f%s]*"
#: A date in TMX's canonical form, ``20240101T120000Z``, its time of day one (not its day: ``20240230``).
_PLAIN_DATE = rb"[0-9]{8}T(?:[01][0-9]|2[0-3])[0-5][0-9][0-5][0-9]Z"
_PLAIN_TEXT = rb"[^<]*"


def shape_of(raw: bytes) -> Names | None:
    """The names of the <tu> in ``raw`` (UTF-8, whitespace around it) when it is of the strict shape,
    without inline codes, and its language tags hold no references; else None."""
    try:
        text = raw.decode()
    except UnicodeDecodeError:
        return None
    for shape in _shapes(text, 0, len(text)):
        found = _unit(shape).fullmatch(text)
        if found is not None:
            values = found.groups()
            end = 2 * shape[0]
            langs = values[end + 1 :: 3]
            return None if "&" in "".join(langs) else (values[0:end:2], values[end::3], langs, shape[2])
    return None


@lru_cache(maxsize=256)
def plain_pattern(names: Names, dates: tuple[int, ...] = (), codes: bool = False) -> re.Pattern[bytes]:
    """A <tu> of these ``names`` (``shape_of``) in UTF-8 bytes, as the scanner reads it without
    resolving or checking anything: a group for each attribute's value (those numbered in ``dates``
    dates in TMX's canonical form, ``20240101T120000Z``), then one for each <seg>'s text (without
    markup; with ``codes``, with inline code tags, matched loosely as the scanner does). Decoded,
    the groups are what the scanner gives for that <tu> when its texts hold no reference, quote,
    backslash, control character or ``]]>`` (what the scanner would resolve or refuse, or JSON
    escape): the caller checks that (or, with ``codes``, ``coded_data``)."""
    tu_names, tuv_names, langs, quote = names
    space, mark = _W.encode(), re.escape(quote).encode()
    value, date = b"(" + _PLAIN_VALUE % mark + b")", b"(" + _PLAIN_DATE + b")"

    def attribute(name: str, value: bytes) -> bytes:
        return space + b"+" + re.escape(name).encode() + space + b"*=" + space + b"*" + mark + value + mark

    tuvs = b"".join(
        space + b"*<tuv" + attribute(name, re.escape(lang).encode()) + space + b"*>" + space
        + b"*<seg>(" + (_CODED_CONTENT.encode() if codes else _PLAIN_TEXT) + b")</seg>" + space + b"*</tuv>"
        for name, lang in zip(tuv_names, langs)
    )  # fmt: skip
    tu = b"".join(attribute(name, date if number in dates else value) for number, name in enumerate(tu_names))
    return re.compile(space + b"*<tu" + tu + space + b"*>" + tuvs + space + b"*</tu>")


def coded_data(raw: bytes, names: Names) -> TuData | None:
    """What the scanner reads of the one <tu> in ``raw`` (UTF-8, whitespace around it), of these
    ``names`` and with inline codes in its <seg> elements (``plain_pattern`` with ``codes``), read
    from its bytes alone; None where it is not of that shape, or only the scanner reading it can
    tell (a reference in a value, a control character XML refuses, a <tu> over ``MAX_STRICT``)."""
    if len(raw) > MAX_STRICT or raw.translate(None, _C0_ALLOWED):
        return None
    found = plain_pattern(names, (), True).fullmatch(raw)
    if found is None:
        return None
    try:
        groups = [group.decode() for group in found.groups()]
    except UnicodeDecodeError:
        return None
    tu_names, tuv_names, langs, _quote = names
    attributes = len(tu_names)
    values = [part for pair in zip(tu_names, groups[:attributes]) for part in pair]
    values += [part for tuv in zip(tuv_names, langs, groups[attributes:]) for part in tuv]
    return _data(tuple(values), 2 * attributes, True)  # the groups as the scanner's pattern (_unit) has them
