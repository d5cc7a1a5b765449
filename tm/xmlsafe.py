"""Safe XML parsing for every XML format tm reads (TMX, TBX, XLIFF).

XML from outside is untrusted. Before lxml sees a byte, ``read_prolog`` scans what precedes the root
element and refuses a DOCTYPE whose internal subset declares entities (billion laughs, XXE through
SYSTEM/PUBLIC entities): libxml2 expands entities inside attribute values even when told not to
resolve them, so they must never reach the parser. The parser itself never loads a DTD, never
touches the network and never expands entities. A plain ``<!DOCTYPE tmx SYSTEM "tmx14.dtd">``
without an internal subset, as many CAT tools write it, is accepted and never fetched.

``iterparse`` streams (for files of any size), ``parse`` reads a whole document; both raise
ParseError with the file and line for broken XML, and UnsafeXMLError for refused constructs.
"""

from __future__ import annotations

import codecs
import re
import string
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from lxml import etree

from tm.errors import ParseError, TmError, UnsafeXMLError

__all__ = [
    "INVALID_CHAR",
    "PARSER_OPTIONS",
    "LineEnds",
    "Prolog",
    "is_xml_char",
    "localname",
    "iterparse",
    "parse",
    "parse_error",
    "read_prolog",
    "release",
    "sniff_xml_encoding",
    "split_name",
]

#: lxml options every parse uses: no entity expansion, no DTD loading, no network, no huge trees.
PARSER_OPTIONS: dict[str, Any] = {
    "resolve_entities": False,
    "load_dtd": False,
    "no_network": True,
    "dtd_validation": False,
    "attribute_defaults": False,
    "huge_tree": False,
}

#: A character outside XML 1.0's ``Char``: an error wherever it stands, even as a character reference.
#: Written as the characters it refuses, not as the complement of those ``Char`` allows: ``re`` took
#: 5-9 ms to compile a class of such wide ranges, at every start of tm.
INVALID_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

#: The prolog (declaration, comments, DOCTYPE) must end within this many characters.
MAX_PROLOG = 1 << 20

_CHUNK = 1 << 16
_DECLARED = re.compile(r"""^<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
#: The ASCII characters that may begin a name (any from U+00C0 on may too: ``_starts_name``).
_ASCII_NAME_START = frozenset(string.ascii_letters + "_:")
_ROOT_NAME = re.compile(r"[^\s/>]+")


def _starts_name(char: str) -> bool:
    """True when ``char`` may begin the root element's name (a class of ``re`` would take as long
    to compile as ``INVALID_CHAR``'s complement)."""
    return char in _ASCII_NAME_START or "\u00c0" <= char <= "\uffff"


def is_xml_char(code: int) -> bool:
    """True when the code point ``code`` is an XML 1.0 ``Char`` (what a character reference may name)."""
    return code <= 0x10FFFF and INVALID_CHAR.match(chr(code)) is None


@dataclass(frozen=True, slots=True)
class Prolog:
    """What precedes the root element of an XML file, as found in its bytes.

    ``encoding`` is what the bytes are (from a byte-order mark or the byte pattern of ``<?xml``),
    ``declared_encoding`` what the XML declaration says (None without one). ``doctype`` is the
    DOCTYPE declaration's text, if any. ``root`` is the root element's name and ``root_line`` its
    line (None when the file ends before a root element).
    """

    encoding: str
    bom: bool
    has_declaration: bool
    declared_encoding: str | None
    doctype: str | None
    doctype_line: int | None
    root: str | None
    root_line: int | None

    @property
    def encoding_mismatch(self) -> bool:
        """True when the declaration names an encoding family other than the one the bytes are in."""
        if self.declared_encoding is None:
            return False
        declared = _family(self.declared_encoding)
        actual = _family(self.encoding)
        if actual == "utf-8":  # any ASCII-compatible declaration fits ASCII-compatible bytes
            return declared in ("utf-16", "utf-32")
        return declared != actual


def _family(encoding: str) -> str:
    name = encoding.lower().replace("_", "-")
    for family in ("utf-16", "utf-32"):
        if name.startswith(family) or name == family.replace("-", ""):
            return family
    return "utf-8" if name.replace("-", "") in ("utf8", "utf8sig") else name


def sniff_xml_encoding(head: bytes) -> tuple[str, bool]:
    """Return (encoding the bytes are in, whether they start with a byte-order mark).

    Follows XML 1.0 appendix F: a BOM, else the byte pattern of ``<?`` / ``<`` in UTF-16/32, else
    an ASCII-compatible encoding (returned as ``utf-8``; the declaration may refine it).
    """
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8", True
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return ("utf-32-le" if head.startswith(codecs.BOM_UTF32_LE) else "utf-32-be"), True
    if head.startswith(codecs.BOM_UTF16_LE):
        return "utf-16-le", True
    if head.startswith(codecs.BOM_UTF16_BE):
        return "utf-16-be", True
    if head.startswith(b"<\x00\x00\x00"):
        return "utf-32-le", False
    if head.startswith(b"\x00\x00\x00<"):
        return "utf-32-be", False
    if head.startswith(b"<\x00"):
        return "utf-16-le", False
    if head.startswith(b"\x00<"):
        return "utf-16-be", False
    return "utf-8", False


def read_prolog(path: str | Path) -> Prolog:
    """Scan the start of an XML file up to its root element; refuse entity declarations.

    Raises UnsafeXMLError (with file and line) for a DOCTYPE whose internal subset declares
    entities or a prolog longer than MAX_PROLOG, TmError when the file cannot be opened.
    Reads only the prolog, never the whole file, and expands nothing.
    """
    try:
        with open(path, "rb") as handle:
            return _PrologScanner(handle, path).scan()
    except OSError as exc:
        raise TmError(f"cannot read: {exc.strerror}", path=path) from exc


class _PrologScanner:
    """Decodes the start of a file chunk by chunk and walks its prolog (see read_prolog)."""

    def __init__(self, handle: BinaryIO, path: str | Path) -> None:
        self.handle, self.path = handle, path
        raw = handle.read(_CHUNK)
        self.encoding, self.bom = sniff_xml_encoding(raw)
        # ASCII-compatible files are scanned as Latin-1: the prolog's markup is ASCII whatever the
        # declared encoding, and Latin-1 never fails to decode.
        self.utf_wide = self.encoding.startswith(("utf-16", "utf-32"))
        self.decoder = codecs.getincrementaldecoder(self.encoding if self.utf_wide else "latin-1")("replace")
        text = self.decoder.decode(raw)
        bom_chars = "\ufeff" if self.utf_wide else "\u00ef\u00bb\u00bf"
        self.text = text[len(bom_chars) :] if self.bom and text.startswith(bom_chars) else text

    def more(self) -> bool:
        """Append the next chunk to ``text``; False at the end of the file."""
        if len(self.text) > MAX_PROLOG:
            raise UnsafeXMLError(
                f"the XML prolog is longer than {MAX_PROLOG} characters; refusing to parse",
                path=self.path,
                line=self.text.count("\n") + 1,
            )
        chunk = self.handle.read(_CHUNK)
        if not chunk:
            return False
        self.text += self.decoder.decode(chunk)
        return True

    def has(self, pos: int, size: int = 1) -> bool:
        """True when ``size`` characters from ``pos`` are in the buffer (reading more if needed)."""
        while len(self.text) < pos + size:
            if not self.more():
                return False
        return True

    def find(self, token: str, start: int) -> int:
        while (pos := self.text.find(token, start)) < 0:
            if not self.more():
                return -1
        return pos

    def line(self, pos: int) -> int:
        return self.text.count("\n", 0, pos) + 1

    def scan(self) -> Prolog:
        declaration = self.text.startswith("<?xml")
        declared = doctype = doctype_line = None
        pos = 0
        while self.has(pos):
            char = self.text[pos]
            if char in " \t\r\n":
                pos += 1
            elif self.has(pos, 9) and self.text.startswith("<!DOCTYPE", pos):
                doctype_line = self.line(pos)
                end = self._doctype_end(pos)
                doctype = self.text[pos:end]
                _refuse_entities(doctype, self.path, doctype_line)
                pos = end
            elif self.text.startswith("<!--", pos):
                end = self.find("-->", pos + 4)
                pos = end + 3 if end >= 0 else len(self.text)
            elif self.text.startswith("<?", pos):
                end = self.find("?>", pos)
                if end < 0:
                    break
                if pos == 0 and (match := _DECLARED.match(self.text[: end + 2])):
                    declared = match.group(1)
                pos = end + 2
            elif char == "<" and self.has(pos + 1) and _starts_name(self.text[pos + 1]):
                self.find(">", pos)
                name = _ROOT_NAME.match(self.text, pos + 1)
                root = self.decoded(name.group(0), declared) if name else None
                return Prolog(
                    self.encoding, self.bom, declaration, declared, doctype, doctype_line, root, self.line(pos)
                )
            else:
                break
        return Prolog(self.encoding, self.bom, declaration, declared, doctype, doctype_line, None, None)

    def decoded(self, text: str, declared: str | None) -> str:
        """``text`` as the file's characters: scanned as Latin-1 (an ASCII-compatible file), its
        bytes decoded as the declaration says, else as UTF-8."""
        if self.utf_wide or text.isascii():
            return text
        raw = text.encode("latin-1")
        try:
            return raw.decode(declared or "utf-8", "replace")
        except LookupError:  # an encoding Python does not know: lxml says so when it parses
            return raw.decode("utf-8", "replace")

    def _doctype_end(self, start: int) -> int:
        """Return the offset just after the DOCTYPE at ``start`` (its internal subset included)."""
        pos = start + len("<!DOCTYPE")
        quote = None
        depth = 0
        while self.has(pos):
            char = self.text[pos]
            if quote:
                if char == quote:
                    quote = None
            elif char in "\"'":
                quote = char
            elif depth and self.text.startswith("<!--", pos):
                end = self.find("-->", pos + 4)
                pos = end + 3 if end >= 0 else len(self.text)
                continue
            elif char == "[":
                depth += 1
            elif char == "]":
                depth -= 1
            elif char == ">" and depth <= 0:
                return pos + 1
            pos += 1
        return len(self.text)


def _refuse_entities(doctype: str, path: str | Path, line: int) -> None:
    found = re.search(r"<!ENTITY", doctype)
    if found:
        raise UnsafeXMLError(
            "the DOCTYPE declares entities (entity expansion and external entities are refused)",
            path=path,
            line=line + doctype.count("\n", 0, found.start()),
            hint="remove the <!ENTITY ...> declarations from the file's DOCTYPE",
        )


def _parser_encoding(prolog: Prolog) -> str | None:
    """The encoding to force on lxml when the declaration lies about the bytes, else None."""
    if prolog.encoding_mismatch:
        if prolog.bom:
            return prolog.encoding.removesuffix("-le").removesuffix("-be")
        return prolog.encoding.replace("-le", "le").replace("-be", "be")  # libxml2 knows utf-16le, not utf-16-le
    return None


def parse_error(exc: etree.LxmlError, path: str | Path, log: Any = None) -> ParseError:
    """Turn an lxml error into a ParseError naming the file and line of the first fatal error."""
    line = getattr(exc, "lineno", None) or None
    column = None
    message = str(getattr(exc, "msg", "") or exc)
    entries = list(log if log is not None else getattr(exc, "error_log", []) or [])
    fatal = [e for e in entries if e.level_name in ("FATAL", "ERROR")]
    if fatal:
        first = fatal[0]
        line, column, message = first.line or line, first.column or None, first.message
    message = re.sub(r",? line \d+, column \d+.*$", "", message.strip())
    hint = None
    if "Premature end of data" in message or "EndTag" in message and "not found" in message:
        message = f"the file ends early (truncated?): {message}"
        hint = "everything before this line was read; the rest of the file is missing"
    elif "not defined" in message and "Entity" in message:
        hint = "replace the entity by the character itself (e.g. &nbsp; by U+00A0)"
    return ParseError(f"not well-formed XML: {message}", path=path, line=line, column=column, hint=hint)


def iterparse(
    path: str | Path,
    *,
    events: tuple[str, ...] = ("end",),
    tag: str | tuple[str, ...] | None = None,
    prolog: Prolog | None = None,
) -> Iterator[tuple[str, etree._Element]]:
    """Stream ``(event, element)`` pairs from ``path`` with the safe options.

    Checks the prolog first (UnsafeXMLError), then parses without entities, DTD or network.
    Broken XML raises ParseError with file and line, after the elements before it were yielded.
    The caller frees elements it is done with (``release``) to keep memory flat.
    """
    prolog = prolog or read_prolog(path)
    try:
        handle = open(path, "rb")
    except OSError as exc:
        raise TmError(f"cannot read: {exc.strerror}", path=path) from exc
    with handle:
        context = etree.iterparse(
            LineEnds(handle, prolog.encoding),
            events=events,
            tag=tag,
            encoding=_parser_encoding(prolog),
            **PARSER_OPTIONS,
        )
        try:
            yield from context
        except etree.XMLSyntaxError as exc:
            raise parse_error(exc, path, context.error_log) from None


class LineEnds:
    """A binary reader that normalises line ends as XML 1.0 section 2.11 says, before any parser.

    ``\r\n`` and a lone ``\r`` become ``\n`` everywhere, CDATA sections included, so the text
    a parser gives does not depend on how a libxml2 release treats line ends inside CDATA (2.13
    leaves a CR there in push mode). A ``\r`` that a character reference writes (``&#13;``) is
    not touched: it is not a line end in the bytes. ``encoding`` is what the bytes are in
    (``Prolog.encoding``): ASCII-compatible bytes are rewritten in place; UTF-16 and UTF-32 are
    decoded and encoded again (lone surrogates pass through; from bytes the codec refuses on, such as
    a truncated code unit, the bytes pass through as they are, for the parser to report).
    """

    def __init__(self, handle: BinaryIO, encoding: str) -> None:
        self._handle = handle
        family = _family(encoding)
        self._codec = encoding if family in ("utf-16", "utf-32") else None
        if self._codec is not None:
            self._decoder = codecs.getincrementaldecoder(self._codec)("surrogatepass")
            self._encoder = codecs.getincrementalencoder(self._codec)("surrogatepass")
        self._undecodable = False
        self._cr = False  # the last chunk ended with a CR: a LF starting the next one belongs to it

    def read(self, size: int = -1) -> bytes:
        """Up to about ``size`` bytes of normalised data; ``b""`` at the end of the file."""
        while True:
            raw = self._handle.read(size if size and size > 0 else 1 << 16)
            if self._codec is None:
                data = self._ascii(raw)
            else:
                data = self._wide(raw)
            if data or not raw:
                return data

    def _ascii(self, raw: bytes) -> bytes:
        if self._cr and raw.startswith(b"\n"):
            raw = raw[1:]
        self._cr = raw.endswith(b"\r")
        return raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n")

    def _wide(self, raw: bytes) -> bytes:
        if self._undecodable:
            return raw
        try:
            text = self._decoder.decode(raw, final=not raw)
        except UnicodeDecodeError:  # from here on the parser gets the bytes as they are, and reports them
            self._undecodable = True
            return self._decoder.getstate()[0] + raw
        if not text:  # half a code unit so far: the CR state stays as it was
            return b""
        if self._cr and text.startswith("\n"):
            text = text[1:]
        self._cr = text.endswith("\r")
        return self._encoder.encode(text.replace("\r\n", "\n").replace("\r", "\n"), final=not raw)


def split_name(name: str) -> tuple[str, str]:
    """``(namespace, local name)`` of an lxml tag or attribute key (``{ns}local``); the namespace
    is "" without one. Unlike ``etree.QName`` it never raises: a namespace URI may hold any
    character, ``}`` included, and a file from outside may use one."""
    if name.startswith("{"):
        namespace, _, local = name[1:].rpartition("}")
        return namespace, local
    return "", name


def localname(element: etree._Element) -> str:
    """The element's local name ("" for a comment or processing instruction)."""
    return split_name(element.tag)[1] if isinstance(element.tag, str) else ""


def release(element: etree._Element) -> None:
    """Free a streamed element the caller is done with, and the siblings before it.

    Call it on each ``end`` element of interest in ``iterparse`` to keep memory flat.
    """
    element.clear()
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def parse(path: str | Path, *, prolog: Prolog | None = None) -> etree._ElementTree:
    """Parse a whole document (small files: glossaries, job files) with the safe options."""
    prolog = prolog or read_prolog(path)
    parser = etree.XMLParser(encoding=_parser_encoding(prolog), **PARSER_OPTIONS)
    try:
        with open(path, "rb") as handle:
            return etree.parse(LineEnds(handle, prolog.encoding), parser)
    except etree.XMLSyntaxError as exc:
        raise parse_error(exc, path, parser.error_log) from None
    except OSError as exc:
        raise TmError(f"cannot read: {exc.strerror or exc}", path=path) from exc
