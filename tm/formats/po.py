"""Gettext PO/POT through polib: one file per target language, one entry per unit.

How a unit maps onto an entry:

- ``msgctxt`` is ``unit.id`` (an entry without ``msgctxt`` reads with its ``msgid`` as id),
  ``msgid`` the source, ``msgstr`` the target in the file's language (``Language`` header; the
  source language is the ``X-Source-Language`` header, as Poedit writes it).
- ``#:`` is ``document:paragraph:position`` from ``unit.context`` (written only when all three
  are known); other references (``src/main.c:42``) travel in ``unit.props[OCCURRENCES]``.
- ``#.`` lines (extracted comments) are ``unit.notes``, one line each: glossary hints, TM notes.
  ``# `` lines (translator comments) are the target's ``notes``.
- Status: an empty ``msgstr`` is ``new`` (no target is read), ``#, fuzzy`` is ``draft``, a filled
  ``msgstr`` is ``translated``, and the flag ``#, reviewed`` marks ``reviewed`` (gettext and
  polib keep flags they do not know; ``fuzzy`` wins when both are present).
- A stale target (``Variant.source_text`` differs from the source) is written fuzzy with the
  text it was made from as ``#| msgid``; that line reads back into ``source_text`` (on a fuzzy
  entry only: a translator who clears the fuzzy flag has approved the target).
- Inline codes: an entry whose source or target holds ``tm.model.Tag`` codes carries the flag
  ``#, tm-markup``; its ``msgid``/``msgstr`` are then a markup string: text with ``& < >``
  escaped as ``&amp; &lt; &gt;``, and each code as ``<kind a="v"/>``, ``<kind a="v">code</kind>``
  (``code`` verbatim) or, for a closing kind such as ``/hi``, ``</hi a="v">``. Entries without
  codes stay plain text.
- ``X-Tm-Origin`` (a header): the provenance (``aligned``, ``machine`` ...) every unit of the file
  shares; it is written when all units have the same ``origin`` and read back into each unit and
  its target, so that importing an aligned PO into the memory keeps the provenance.
- ``#~`` obsolete entries read as units with ``props[OBSOLETE] == ["true"]``; other flags and
  plural forms travel in ``props`` too, so a PO written back loses nothing.
"""

from __future__ import annotations

import codecs
import contextlib
import re
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import EllipsisType
from typing import Any

import langcodes
import polib

from tm.errors import ParseError, TmError
from tm.fileio import sniff_encoding, write_atomic
from tm.lang import language
from tm.model import (  # OBSOLETE: the property of a #~ entry, named in the model
    OBSOLETE,
    Context,
    Origin,
    Status,
    Tag,
    Unit,
    Variant,
    nfc,
    normalize_lang,
    same_lang,
    target_lang_of,
)

NAME = "po"
EXTENSIONS = (".po", ".pot")

#: unit.props key marking an obsolete (``#~``) entry.
#: unit.props key for flags other than fuzzy, reviewed and tm-markup (``c-format`` ...).
FLAGS = "x-po-flags"
#: unit.props key for ``#:`` references that are not ``document:paragraph:position``.
OCCURRENCES = "x-po-occurrences"
#: unit.props keys for plural entries: the plural msgid, and every msgstr[n] in order.
MSGID_PLURAL = "x-po-msgid-plural"
MSGSTR_PLURAL = "x-po-msgstr-plural"

FUZZY = "fuzzy"
REVIEWED = "reviewed"
MARKUP = "tm-markup"

WRAP_WIDTH = 79  # what msgmerge and Poedit use, so saving in either changes little
_DATE_FORMAT = "%Y-%m-%d %H:%M%z"


@dataclass(slots=True)
class Catalog:
    """A parsed PO/POT file: its units (obsolete ones included) and its header fields."""

    units: list[Unit]
    metadata: dict[str, str] = field(default_factory=dict)
    lang: str | None = None
    source_lang: str = "en"

    def date(self, name: str) -> datetime | None:
        """The header date ``name`` (``POT-Creation-Date``, ``PO-Revision-Date``), or None."""
        return parse_date(self.metadata.get(name, ""))


# --------------------------------------------------------------------------- reading


def sniff(head: bytes) -> bool:
    """True when ``head`` (the first bytes of a file) holds a ``msgid`` line, as a PO file does."""
    text = head.decode(sniff_encoding(head), errors="ignore")
    return re.search(r'^\s*msgid\s+"', text, re.MULTILINE) is not None


def read(path: str | Path, *, source_lang: str | None = None, target_lang: str | None = None) -> Iterator[Unit]:
    """Yield the units of a PO or POT file, obsolete ones last; raise ParseError with the line.

    ``target_lang`` is the target language of a PO whose ``Language`` header and name do not say
    it, ``source_lang`` the source language of one without an ``X-Source-Language`` header
    (default: ``en``).
    """
    yield from load(path, source_lang=source_lang, target_lang=target_lang).units


def load(path: str | Path, *, source_lang: str | None = None, target_lang: str | None = None) -> Catalog:
    """Parse a PO/POT file into a Catalog; raise ParseError naming the file and line.

    The bytes are read as msgfmt reads them: in the header's ``charset`` (``ISO_8859-15``,
    ``windows-1251`` ...), UTF-8 without one; a BOM (UTF-8, UTF-16) wins. Bytes that are not in
    that charset are an error naming it. The language is the ``Language`` header's, else
    ``target_lang``, else the file name's when that is a valid tag (``az.po``, ``nautilus.af.po``);
    a ``target_lang`` that contradicts the header is an error, and so is a PO whose language
    nothing tells. The source language is the ``X-Source-Language`` header's, else
    ``source_lang``, else ``en``.
    """
    data = _read_bytes(path)
    encoding = charset(data, path)
    text = _decode(data, encoding, path)
    for number, line in enumerate(text.split("\n"), 1):
        _check_line(line, number, path)
    try:
        # polib reads a path line by line at "\n" only; given a string it would also split at
        # U+2028, U+0085 ... inside messages. Comments gettext allows and polib refuses ("#Note")
        # are read from a copy where they are "# Note".
        if _LOOSE_COMMENT.search(text):
            with _normalised_copy(_LOOSE_COMMENT.sub(r"# \1", text)) as copy:
                pofile = polib.pofile(str(copy), wrapwidth=WRAP_WIDTH, encoding="utf-8")
        else:
            pofile = polib.pofile(str(path), wrapwidth=WRAP_WIDTH, encoding=encoding)
    except (OSError, ValueError) as exc:
        raise _syntax_error(exc, path) from exc
    obsolete = pofile.obsolete_entries()
    reader = _ObsoletePrevious()
    previous = [made_from for starts, made_from in map(reader.feed, text.split("\n")) if starts]
    # polib leaves out a file's last entry when a comment line ends the file (read_rows does the
    # same): the other entries' previous msgids are then the first ones.
    if len(previous) in (len(obsolete), len(obsolete) + 1):
        for entry, made_from in zip(obsolete, previous):
            entry.previous_msgid = entry.previous_msgid or made_from
    metadata = dict(pofile.metadata)
    settings = _Settings.of(metadata, path, target_lang, source_lang, text.split("\n"))
    units = [settings.unit(entry, path) for entry in pofile if not entry.obsolete]
    units += [settings.unit(entry, path) for entry in pofile.obsolete_entries()]
    return Catalog(units, metadata, settings.lang, settings.source_lang)


def _syntax_error(exc: Exception, path: str | Path) -> ParseError:
    """polib's ``Syntax error in po file PATH (line N): detail`` as a ParseError naming ``path``
    (polib may have read a normalised copy) and the line."""
    found = re.search(r"\(line (\d+)\)(?::\s*(.*))?", str(exc), re.DOTALL)
    detail = found.group(2) if found else str(exc)
    return ParseError("not a valid PO file" + (f": {detail.strip()}" if detail and detail.strip() else ""),
                      path=path, line=int(found.group(1)) if found else None)  # fmt: skip


@dataclass(slots=True)
class _Settings:
    """What the header tells about every unit of a file: its languages and its origin."""

    lang: str | None
    source_lang: str
    origin: Origin | None

    @classmethod
    def of(cls, metadata: dict[str, str], path: str | Path, target_lang: str | None, source_lang: str | None,
           lines: list[str]) -> _Settings:  # fmt: skip
        """The settings of a file whose header is ``metadata`` (``target_lang`` and ``source_lang`` as
        ``load`` takes them); ``lines`` (the file's, or its head's) are where an error about a header
        field finds its line."""
        lang = _file_lang(metadata, path, target_lang, lines)
        source = _header_lang(metadata, "X-Source-Language", path, lines) or normalize_lang(source_lang or "en")
        return cls(lang, source, _origin(metadata.get(ORIGIN_HEADER), path))

    def unit(self, entry: polib.POEntry, path: str | Path) -> Unit:
        """The unit of ``entry``."""
        unit = _unit(entry, self.lang, self.source_lang, path)
        if self.origin is not None:
            unit.origin = self.origin
            for variant in unit.targets.values():
                variant.origin = self.origin
        return unit


def read_rows(path: str | Path, *, source_lang: str | None = None, target_lang: str | None = None) -> Iterator[Unit]:
    """Yield the units of a PO or POT file in file order (obsolete ones where they stand), reading
    one entry at a time: memory stays bounded for any number of entries. The memory importer's
    reader (``Format.read_rows``); ``source_lang`` and ``target_lang`` as ``read``.

    The units are those of ``read``, parsed as polib parses them, with the same checks and errors
    (a file with several faults may report another one first). Differences, all in files no tool
    writes: the header must be the first entry, so an entry with an empty ``msgid`` further on is an
    error; a charset named after 4 KB of a header whose first blank line is past the first 1 MB is
    not seen.
    """
    try:
        handle = open(path, "rb")
    except OSError as exc:
        raise TmError(f"cannot read: {exc.strerror}", path=path) from exc
    with handle:
        encoding = charset(handle.read(_HEAD), path)
        handle.seek(0)
        reader = _EntryReader(path)
        settings = None
        header = False
        for entry in reader.entries(_lines(handle, encoding, path)):
            if settings is None:
                header = not entry.obsolete and entry.msgid == ""
                metadata = _metadata(entry.msgstr) if header else {}
                settings = _Settings.of(metadata, path, target_lang, source_lang, reader.head or [])
                reader.head = None
                if header:
                    continue
            elif not entry.obsolete and entry.msgid == "" and not (header and entry.msgctxt):
                raise ParseError("a header entry (an empty msgid) after the first entry", path=path,
                                 line=entry.linenum, hint="move the header to the top of the file")  # fmt: skip
            yield settings.unit(entry, path)
        if settings is None:  # no entry at all: the language must still be known
            _Settings.of({}, path, target_lang, source_lang, reader.head or [])


#: The bytes ``read_rows`` looks at for the charset (``charset`` looks up to the first blank line).
_HEAD = 1 << 20
#: The bytes ``read_rows`` decodes at a time.
_CHUNK = 1 << 20
#: The first lines ``read_rows`` keeps, where an error in a header field finds its line.
_HEAD_LINES = 1000


def _lines(handle: Any, encoding: str, path: str | Path) -> Iterator[str]:
    """The lines of a PO file's bytes (split at "\n" only, as ``load`` splits them), decoded in
    ``encoding`` chunk by chunk; ParseError at the first line longer than MAX_LINE or at bytes that
    are not ``encoding`` (with the error ``load`` gives)."""
    decoder = codecs.getincrementaldecoder(encoding)()
    offset = newlines = 0
    pieces: list[str] = []
    size = number = 0
    while True:
        chunk = handle.read(_CHUNK)
        pending = decoder.getstate()[0]
        try:
            text = decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as exc:
            start = offset - len(pending) + exc.start
            row = newlines - pending.count(b"\n") + exc.object[: exc.start].count(b"\n") + 1
            utf8 = encoding != "utf-8" and _file_is_utf8(handle)
            raise _decode_error(encoding, start, row, utf8, path) from None
        offset += len(chunk)
        newlines += chunk.count(b"\n")
        *complete, rest = text.split("\n")
        for line in complete:
            number += 1
            if pieces:
                line, pieces, size = "".join(pieces) + line, [], 0
            yield line
        if rest:
            pieces.append(rest)
            size += len(rest)
            if size > MAX_LINE:
                _check_line("".join(pieces), number + 1, path)
        if not chunk:
            if pieces:
                yield "".join(pieces)
            return


def _file_is_utf8(handle: Any) -> bool:
    """Whether the whole file of ``handle`` is UTF-8, read chunk by chunk."""
    handle.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while chunk := handle.read(_CHUNK):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _metadata(msgstr: str) -> dict[str, str]:
    """The header fields of a header entry's msgstr, as polib reads them."""
    metadata: dict[str, str] = {}
    key = None
    for row in msgstr.splitlines():
        try:
            key, value = row.split(":", 1)
            metadata[key] = value.strip()
        except (ValueError, KeyError):
            if key is not None:
                metadata[key] += "\n" + row.strip()
    return metadata


#: polib's parser: (symbol, state) -> next state. The symbols and states are polib's: ``st`` start,
#: ``he`` header comment, ``tc``/``gc`` translator/extracted comment, ``oc`` occurrence, ``fl`` flags,
#: ``ct`` msgctxt, ``pc``/``pm``/``pp`` previous msgctxt/msgid/msgid_plural, ``mi`` msgid, ``mp``
#: msgid_plural, ``ms`` msgstr, ``mx`` msgstr[n], ``mc`` a continuation (the state stays).
_ANY = ("st", "he", "gc", "oc", "fl", "ct", "pc", "pm", "pp", "tc", "ms", "mp", "mx", "mi")
_TRANSITIONS: dict[tuple[str, str], str] = {
    **{("tc", state): "he" for state in ("st", "he")},
    **{("tc", state): "tc" for state in ("gc", "oc", "fl", "tc", "pc", "pm", "pp", "ms", "mp", "mx", "mi")},
    **{(symbol, state): symbol for symbol in ("gc", "oc", "fl", "pc", "pm", "pp") for state in _ANY},
    **{("ct", state): "ct" for state in ("st", "he", "gc", "oc", "fl", "tc", "pc", "pm", "pp", "ms", "mx")},
    **{("mi", state): "mi" for state in ("st", "he", "gc", "oc", "fl", "ct", "tc", "pc", "pm", "pp", "ms", "mx")},
    **{("mp", state): "mp" for state in ("tc", "gc", "pc", "pm", "pp", "mi")},
    **{("ms", state): "ms" for state in ("mi", "mp", "tc")},
    **{("mx", state): "mx" for state in ("mi", "mx", "mp", "tc")},
    **{("mc", state): state for state in ("ct", "mi", "mp", "ms", "mx", "pm", "pp", "pc")},
}
_KEYWORDS = {"msgctxt": "ct", "msgid": "mi", "msgstr": "ms", "msgid_plural": "mp"}
#: Comment lines that feed the state machine: references, flags, extracted comments.
_COMMENTS = {"#:": "oc", "#,": "fl", "#.": "gc"}
_PREVIOUS = {"msgid_plural": "pp", "msgid": "pm", "msgctxt": "pc"}
_FIELDS = {"ct": "msgctxt", "mi": "msgid", "mp": "msgid_plural", "ms": "msgstr", "pm": "previous_msgid",
           "pp": "previous_msgid_plural", "pc": "previous_msgctxt"}  # fmt: skip
_UNESCAPED_QUOTE = re.compile(r'([^\\]|^)"')


class _EntryReader:
    """polib's parser (``polib._POFileParser``) state for state, giving each entry as it completes
    instead of keeping them all, after ``load``'s own checks of each line."""

    def __init__(self, path: str | Path) -> None:
        self.path = path
        self.state = "st"
        self.entry = polib.POEntry(linenum=0)
        self.made_from: str | None = None
        self.index = 0
        self.line = 0
        self.tokens: list[str] = []
        self.done: list[polib.POEntry] = []
        self.obsolete = False
        #: The first lines (where an error in a header field finds its line); the caller ends it.
        self.head: list[str] | None = []

    def entries(self, lines: Iterable[str]) -> Iterator[polib.POEntry]:
        """The entries of ``lines`` (a file split at "\n"), each as soon as it is complete."""
        previous = _ObsoletePrevious()
        for number, line in enumerate(lines, 1):
            _check_line(line, number, self.path)
            starts, made_from = previous.feed(line) if "#~" in line else (False, None)
            if line.startswith("#"):
                line = _LOOSE_COMMENT.sub(r"# \1", line)
            if self.head is not None and len(self.head) < _HEAD_LINES:
                self.head.append(line)
            parts = line.split("\r") if "\r" in line else (line,)
            if len(parts) > 1 and not parts[-1]:
                parts = parts[:-1]  # a "\r" before "\n" (or at the end) only ends the line, as polib reads it
            try:
                for part in parts:
                    self.feed(part)
            except OSError as exc:
                raise _syntax_error(exc, self.path) from exc
            if starts:
                self.made_from = made_from
            yield from self._completed()
        if self.tokens and not self.tokens[0].startswith("#"):
            self._complete()
            yield from self._completed()

    def _completed(self) -> Iterator[polib.POEntry]:
        done, self.done = self.done, []
        yield from done

    def _complete(self) -> None:
        entry = self.entry
        if entry.obsolete:
            entry.previous_msgid = entry.previous_msgid or self.made_from
        self.made_from = None
        self.done.append(entry)

    def _fail(self, detail: str = "") -> OSError:
        return OSError(f"Syntax error in po file {self.path} (line {self.line}){detail}")

    def feed(self, line: str) -> None:
        """One line as polib reads it (lines end at "\n", "\r\n" and "\r")."""
        self.line += 1
        if self.line == 1 and line.startswith("\ufeff"):
            line = line[1:]
        line = line.strip()
        if not line:
            return
        tokens = self.tokens = line.split(None, 2)
        if tokens[0] == "#~|":
            return
        obsolete = tokens[0] == "#~" and len(tokens) > 1
        if obsolete:
            line = line[3:].strip()
            tokens = self.tokens = tokens[1:]
        self.obsolete = obsolete
        found = self._classify(tokens, line)
        if found is not None:
            self.process(*found)

    def _classify(self, tokens: list[str], line: str) -> tuple[str, str] | None:
        """The symbol of a line in polib's state machine, with its token; None for a line polib skips."""
        first = tokens[0]
        if first in _KEYWORDS and len(tokens) > 1:
            line = line[len(first) :].lstrip()
            self._check_quotes(line)
            return _KEYWORDS[first], line
        if line[:1] == '"':
            self._check_quotes(line)
            return "mc", line
        if line[:7] == "msgstr[":
            return "mx", line
        if first in _COMMENTS:
            return (_COMMENTS[first], line) if len(tokens) > 1 else None
        if first == "#" or first.startswith("##"):
            return "tc", line + " " if line == "#" else line
        if first == "#|":
            return self._previous(tokens, line)
        raise self._fail()

    def _check_quotes(self, line: str) -> None:
        if _UNESCAPED_QUOTE.search(line[1:-1]):
            raise self._fail(": unescaped double quote found")

    def _previous(self, tokens: list[str], line: str) -> tuple[str, str]:
        """A ``#|`` line: the previous msgctxt/msgid/msgid_plural or its continuation."""
        if len(tokens) <= 1:
            raise self._fail()
        line = line[2:].lstrip()
        if tokens[1].startswith('"'):
            return "mc", line
        if len(tokens) == 2:
            raise self._fail(": invalid continuation line")
        if tokens[1] not in _PREVIOUS:
            raise self._fail(f": unknown keyword {tokens[1]}")
        return _PREVIOUS[tokens[1]], line[len(tokens[1]) :].lstrip()

    def process(self, symbol: str, token: str) -> None:
        """polib's ``process`` and ``handle_*``: the transition for ``symbol`` with the line's ``token``."""
        state = _TRANSITIONS.get((symbol, self.state))
        if state is None:
            raise self._fail()
        try:
            self._handle(symbol, state, token)
        except Exception:
            raise self._fail() from None
        self.state = state

    def _handle(self, symbol: str, state: str, token: str) -> None:
        entry = self.entry
        if symbol == "mc":
            field = "msgstr_plural" if state == "mx" else _FIELDS[state]
            if state == "mx":
                entry.msgstr_plural[self.index] += polib.unescape(token[1:-1])
            else:
                setattr(entry, field, getattr(entry, field) + polib.unescape(token[1:-1]))
            return
        if state == "he":
            return
        if symbol not in ("mp", "ms", "mx") and self.state in ("ms", "mx"):
            self._complete()
            entry = self.entry = polib.POEntry(linenum=self.line)
        if symbol == "tc":
            comment = token.lstrip("#")
            entry.tcomment += ("\n" if entry.tcomment != "" else "") + (
                comment[1:] if comment.startswith(" ") else comment
            )
        elif symbol == "gc":
            entry.comment += ("\n" if entry.comment != "" else "") + token[3:]
        elif symbol == "oc":
            for occurrence in token[3:].split():
                file, colon, line = occurrence.rpartition(":")
                entry.occurrences.append((file, line) if colon and line.isdigit() else (occurrence, ""))
        elif symbol == "fl":
            entry.flags += [flag.strip() for flag in token[3:].split(",")]
        elif symbol == "mx":
            self.index = int(token[7])
            entry.msgstr_plural[self.index] = polib.unescape(token[token.find('"') + 1 : -1])
        else:
            if symbol == "mi":
                entry.obsolete = self.obsolete
            setattr(entry, _FIELDS[symbol], polib.unescape(token[1:-1]))


#: A comment gettext reads as a translator comment and polib refuses: "#" directly followed by text.
_LOOSE_COMMENT = re.compile(r"^#([^\s.:,|~].*)$", re.MULTILINE)
_CHARSET = re.compile(rb"charset=([A-Za-z0-9_.:-]+)")


def _read_bytes(path: str | Path) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise TmError(f"cannot read: {exc.strerror}", path=path) from exc


def charset(data: bytes, path: str | Path = "<bytes>") -> str:
    """The Python codec for a PO file's bytes: its BOM's, else its header's ``charset`` (as msgfmt
    honours it), else UTF-8. A POT's placeholder ``charset=CHARSET`` is UTF-8. Raises ParseError
    for a charset Python does not know."""
    bom = sniff_encoding(data[:4], default="")
    if bom:
        return bom
    header_end = data.find(b"\n\n")
    found = _CHARSET.search(data[: header_end if header_end > 0 else 4096])
    if found is None or found.group(1).upper() == b"CHARSET":
        return "utf-8"
    name = found.group(1).decode("ascii")
    try:
        codec = codecs.lookup(name)
    except LookupError:
        codec = None
    if codec is None or not codec._is_text_encoding:  # base64, zlib ... are codecs, not charsets
        raise ParseError(
            f"unknown charset {name!r} in the Content-Type header",
            path=path,
            hint="use a charset gettext knows (UTF-8, ISO-8859-15, windows-1251 ...)",
        )
    return codec.name


def _decode(data: bytes, encoding: str, path: str | Path) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        utf8 = encoding != "utf-8" and _is_utf8(data)
        raise _decode_error(encoding, exc.start, line, utf8, path) from None


def _decode_error(encoding: str, offset: int, line: int, utf8: bool, path: str | Path) -> ParseError:
    """The error for bytes at ``offset`` that are not ``encoding`` (``utf8``: the file is UTF-8)."""
    looks = "UTF-8" if utf8 else "a single-byte charset such as windows-1252"
    return ParseError(f"the header says charset {encoding}, but the bytes at offset {offset} are not "
                      f"{encoding} (they look like {looks})", path=path, line=line,
                      hint="fix the charset in the Content-Type header, or convert the file "
                           "(iconv -f ACTUAL -t UTF-8)")  # fmt: skip


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@contextlib.contextmanager
def _normalised_copy(text: str) -> Iterator[Path]:
    """A temporary UTF-8 file holding ``text`` (line for line the file it stands for)."""
    with tempfile.TemporaryDirectory(prefix="tm-po-") as folder:
        copy = Path(folder) / "copy.po"
        copy.write_text(text, encoding="utf-8", newline="")
        yield copy


class _ObsoletePrevious:
    """The ``#~| msgid`` of obsolete entries, which polib writes but skips when it reads (so an
    obsolete stale draft would lose the source it was made from on its next rewrite). ``feed``
    takes the file's lines in order; for a ``#~ msgid`` line it returns (True, the msgid that
    entry was made from, or None)."""

    def __init__(self) -> None:
        self.parts: list[str] | None = None

    def feed(self, line: str) -> tuple[bool, str | None]:
        line = line.strip()
        if line.startswith("#~| msgid "):
            self.parts = [line[len("#~| msgid ") :]]
        elif line.startswith('#~| "') and self.parts is not None:
            self.parts.append(line[len("#~| ") :])
        elif line.startswith("#~ msgid "):
            parts, self.parts = self.parts, None
            return True, None if parts is None else "".join(polib.unescape(part[1:-1]) for part in parts)
        return False, None


def target_lang(path: str | Path) -> str | None:
    """The target language the file declares (``Language`` header, else its name), or None."""
    return load(path).lang


#: The header naming the provenance all units of the file share.
ORIGIN_HEADER = "X-Tm-Origin"


def _origin(value: str | None, path: str | Path) -> Origin | None:
    if not value or not value.strip():
        return None
    try:
        return Origin(value.strip())
    except ValueError:
        raise ParseError(f"unknown {ORIGIN_HEADER} {value.strip()!r}", path=path) from None


_LINE = re.compile(r'(?:#~\s*)?(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?"(?:[^"\\]|\\.)*"\s*')


#: The longest line a PO file may have: polib and msgmerge wrap at 79 columns; a longer line (a
#: 1 GB file with no line break) would only exhaust memory.
MAX_LINE = 1 << 24


def _check_line(line: str, number: int, path: str | Path) -> None:
    """Reject what polib silently accepts: unterminated strings and unknown keywords."""
    if len(line) > MAX_LINE:
        raise ParseError(f"a line longer than {MAX_LINE:,} characters", path=path, line=number,
                         hint="is it a PO file? A long message can span lines of quoted strings")  # fmt: skip
    stripped = line.strip()
    if not stripped or (stripped.startswith("#") and not stripped.startswith("#~")):
        return
    if stripped.startswith("#~") and not stripped[2:].strip():
        return
    if stripped.startswith(("#~ #", "#~|")) or _LINE.fullmatch(stripped):
        return
    raise ParseError(
        f"not a valid PO line: {stripped[:60]!r}",
        path=path,
        line=number,
        hint="each line is a comment (#), a keyword with a quoted string, or a quoted string",
    )


def _header_lang(metadata: dict[str, str], name: str, path: str | Path, lines: list[str]) -> str | None:
    """The language tag in header ``name``, normalised; None when absent. A ParseError names the line."""
    value = metadata.get(name, "").strip()
    if not value:
        return None
    try:
        return normalize_lang(value)
    except TmError as exc:
        line = next((n for n, row in enumerate(lines, 1) if row.lstrip().startswith(f'"{name}:')), None)
        raise ParseError(f"the {name} header {value!r} is not a language tag", path=path, line=line,
                         hint="write a BCP 47 tag such as az or ru-RU") from exc  # fmt: skip


def _file_lang(metadata: dict[str, str], path: str | Path, given: str | None, lines: list[str]) -> str | None:
    header = _header_lang(metadata, "Language", path, lines)
    if header:
        if given and not same_lang(header, given):
            raise TmError(f"the file says its language is {header}, not {given}", path=path,
                          hint="leave out --lang, or fix the Language header")  # fmt: skip
        return header
    if given:
        return normalize_lang(given)
    if str(path).endswith(".po"):
        stem = Path(path).stem
        for candidate in (stem, stem.rsplit(".", 1)[-1]):  # az.po, nautilus.af.po
            if langcodes.tag_is_valid(candidate.replace("_", "-")):
                return normalize_lang(candidate)
        raise TmError(f"cannot tell the language of {Path(path).name}: it has no Language header and its "
                      "name is not a language tag", path=path, hint="name the language: --lang LANG")  # fmt: skip
    return None


def _unit(entry: polib.POEntry, lang: str | None, source_lang: str, path: str | Path) -> Unit:
    markup = MARKUP in entry.flags
    where = {"path": path, "line": entry.linenum}
    source = Variant(source_lang, _content(entry.msgid, markup, **where))
    props: dict[str, list[str]] = {}
    context = None
    others = []
    for file, line in entry.occurrences:
        reference = f"{file}:{line}" if line else file
        found = re.fullmatch(r"(.+):(\d+):(\d+)", reference)
        if context is None and found:
            context = Context(found.group(1), int(found.group(2)), int(found.group(3)))
        else:
            others.append(reference)
    if others:
        props[OCCURRENCES] = others
    extra_flags = [f for f in entry.flags if f not in (FUZZY, REVIEWED, MARKUP)]
    if extra_flags:
        props[FLAGS] = extra_flags
    msgstr = entry.msgstr
    if entry.msgid_plural:
        props[MSGID_PLURAL] = [entry.msgid_plural]
        forms = [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)]
        props[MSGSTR_PLURAL] = forms
        msgstr = forms[0] if forms else ""
    if entry.obsolete:
        props[OBSOLETE] = ["true"]
    unit = Unit(
        id=entry.msgctxt if entry.msgctxt is not None else entry.msgid,
        source=source,
        context=context,
        props=props,
        notes=entry.comment.split("\n") if entry.comment else [],
    )
    fuzzy = FUZZY in entry.flags
    if lang and (msgstr or entry.tcomment or fuzzy):
        if fuzzy:
            status = Status.DRAFT
        elif msgstr and REVIEWED in entry.flags:
            status = Status.REVIEWED
        elif msgstr:
            status = Status.TRANSLATED
        else:
            status = Status.NEW
        unit.targets[lang] = Variant(
            lang,
            _content(msgstr, markup, **where),
            status=status,
            source_text=entry.previous_msgid if fuzzy else None,  # "#|" means something only on fuzzy
            notes=entry.tcomment.split("\n") if entry.tcomment else [],
        )
    return unit


# --------------------------------------------------------------------------- writing


#: Header fields a translator or team sets; a rewrite keeps them.
PERSONAL_HEADERS = frozenset({"Last-Translator", "Language-Team", "Report-Msgid-Bugs-To"})


def write(units: Iterable[Unit], path: str | Path, *, lang: str | None | EllipsisType = ..., **options: Any) -> bool:
    """Write ``units`` as a PO file for ``lang`` (a POT template when ``lang`` is None; by default
    the language of the units' targets, a POT when they have none).

    Takes the options of ``dumps``. Deterministic: the same arguments give the same bytes (dates
    are written only as given). Returns False when the file already held exactly these bytes.
    """
    return write_atomic(path, dumps(units, lang=lang, **options))


def dumps(
    units: Iterable[Unit],
    *,
    lang: str | None | EllipsisType = ...,
    source_lang: str | None = None,
    project: str | None = None,
    created: datetime | None = None,
    revised: datetime | None = None,
    title: str | None = None,
    kept: Mapping[str, str] | None = None,
) -> str:
    """Return the PO text for ``units`` in ``lang`` (a POT when None; by default the language of
    the units' targets, a POT when they have none): header, entries in the given order, obsolete
    entries last. ``created`` and ``revised`` fill ``POT-Creation-Date``
    and ``PO-Revision-Date``; ``title`` is the first header comment line. ``kept`` is the
    header of the file being rewritten: what people set there (``Last-Translator``,
    ``Language-Team``, ``Report-Msgid-Bugs-To``, their own ``X-`` fields) is kept."""
    import tm

    units = list(units)
    if isinstance(lang, EllipsisType):
        lang = target_lang_of(units)
    if source_lang is None:
        source_lang = units[0].source.lang if units else "en"
    pofile = polib.POFile(wrapwidth=WRAP_WIDTH)
    pofile.header = title or ""
    metadata = {"Project-Id-Version": project or "tm", "Report-Msgid-Bugs-To": ""}
    if created is not None:
        metadata["POT-Creation-Date"] = format_date(created)
    if revised is not None:
        metadata["PO-Revision-Date"] = format_date(revised)
    metadata |= {
        "Last-Translator": "",
        "Language-Team": "",
        "Language": normalize_lang(lang) if lang else "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    if lang and (plural_forms := language(lang).plural_forms):
        metadata["Plural-Forms"] = plural_forms  # the languages tm knows (Language.plural_forms)
    metadata["X-Generator"] = f"tm {tm.__version__}"
    metadata["X-Source-Language"] = normalize_lang(source_lang)
    origins = {unit.origin for unit in units}
    if len(origins) == 1 and None not in origins:
        metadata[ORIGIN_HEADER] = origins.pop().value  # type: ignore[union-attr]
    for key, value in (kept or {}).items():
        if key in PERSONAL_HEADERS or (key.startswith("X-") and key not in metadata and key != ORIGIN_HEADER):
            metadata[key] = value
    pofile.metadata = metadata
    for unit in units:
        pofile.append(_entry(unit, lang))
    return str(pofile)


def _entry(unit: Unit, lang: str | None) -> polib.POEntry:
    if not unit.source.content:
        raise TmError(f"unit {unit.id!r} has an empty source; PO cannot hold it")
    target = unit.target(lang) if lang else None
    markup = bool(unit.source.tags) or bool(target and target.tags)
    flags: list[str] = []
    previous = None
    msgstr = ""
    tcomment = ""
    if target is not None:
        msgstr = _text(target.content, markup)
        stale = target.source_text is not None and target.source_text != unit.source.text
        if target.status is Status.DRAFT or stale:
            flags.append(FUZZY)
        elif target.status is Status.REVIEWED and msgstr:
            flags.append(REVIEWED)
        if stale:
            previous = target.source_text
        tcomment = "\n".join(target.notes)
    if markup:
        flags.append(MARKUP)
    flags += unit.props.get(FLAGS, [])
    occurrences = []
    ctx = unit.context
    if ctx and ctx.document and ctx.paragraph is not None and ctx.position is not None:
        occurrences.append((f"{ctx.document}:{ctx.paragraph}", str(ctx.position)))
    for reference in unit.props.get(OCCURRENCES, []):
        file, _, line = reference.rpartition(":") if re.search(r":\d+$", reference) else (reference, "", "")
        occurrences.append((file, line))
    entry = polib.POEntry(
        msgctxt=unit.id,
        msgid=_text(unit.source.content, markup),
        msgstr=msgstr,
        comment="\n".join(unit.notes),
        tcomment=tcomment,
        occurrences=occurrences,
        flags=flags,
        previous_msgid=previous,
        obsolete=unit.obsolete,
    )
    if MSGID_PLURAL in unit.props:
        entry.msgid_plural = unit.props[MSGID_PLURAL][0]
        forms = list(unit.props.get(MSGSTR_PLURAL, [""]))
        if lang is None:
            forms = ["" for _ in forms]
        elif forms:
            forms[0] = msgstr
        entry.msgstr_plural = dict(enumerate(forms))
        entry.msgstr = ""
    return entry


# --------------------------------------------------------------------------- dates


def format_date(value: datetime) -> str:
    """A PO header date: ``2023-02-23 10:05+0000`` (UTC, to the minute)."""
    value = value.astimezone(UTC)
    return f"{value.year:04d}{value:-%m-%d %H:%M}+0000"  # strftime's %Y does not pad a year before 1000


def parse_date(value: str) -> datetime | None:
    """Read a PO header date (``YYYY-MM-DD HH:MM+ZZZZ``); None when absent or a template value."""
    try:
        return datetime.strptime(value.strip(), _DATE_FORMAT).astimezone(UTC)
    except ValueError:
        return None


# --------------------------------------------------------------------------- inline-code markup

_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_UNESCAPES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"'}
_ENTITY = re.compile(r"&(?:amp|lt|gt|quot);")
_NAME = r"[A-Za-z_][\w.:-]*"
_ATTR = re.compile(rf'\s+({_NAME})="([^"]*)"')
_TOKEN = re.compile(rf'<(?P<close>/?)(?P<name>{_NAME})(?P<attrs>(?:\s+{_NAME}="[^"]*")*)\s*(?P<empty>/?)>')


def _text(content: Iterable[str | Tag], markup: bool) -> str:
    parts = []
    for part in content:
        if isinstance(part, str):
            parts.append(re.sub(r"[&<>]", lambda m: _ESCAPES[m.group()], part) if markup else part)
        else:
            parts.append(_encode_tag(part))
    return "".join(parts)


def _encode_tag(tag: Tag) -> str:
    attrs = "".join(f' {key}="{_escape_attr(value)}"' for key, value in tag.attrs)
    if not re.fullmatch(rf"/?{_NAME}", tag.kind) or any(not re.fullmatch(_NAME, k) for k, _ in tag.attrs):
        raise TmError(f"inline code {tag.kind!r} cannot be written to PO: not an XML name")
    if tag.kind.startswith("/"):
        if tag.code:
            raise TmError(f"closing inline code {tag.kind!r} with code cannot be written to PO")
        return f"<{tag.kind}{attrs}>"
    if not tag.code:
        return f"<{tag.kind}{attrs}/>"
    return f"<{tag.kind}{attrs}>{tag.code}</{tag.kind}>"


def _escape_attr(value: str) -> str:
    return re.sub(r'[&<>"]', lambda m: _ESCAPES.get(m.group(), "&quot;"), value)


def _unescape(text: str) -> str:
    return _ENTITY.sub(lambda m: _UNESCAPES[m.group()], text)


def _content(text: str, markup: bool, path: str | Path, line: int) -> tuple[str | Tag, ...]:
    """Decode an msgid/msgstr into content: plain text, or markup with inline codes."""
    if not markup:
        return (nfc(text),) if text else ()
    parts: list[str | Tag] = []
    buffer = []
    pos = 0
    while pos < len(text):
        token = _TOKEN.match(text, pos) if text[pos] == "<" else None
        if token is None:
            buffer.append(text[pos])
            pos += 1
            continue
        name = token.group("name")
        attrs = tuple((k, _unescape(v)) for k, v in _ATTR.findall(token.group("attrs")))
        if token.group("close"):
            tag, end = Tag("/" + name, attrs), token.end()
        elif token.group("empty"):
            tag, end = Tag(name, attrs), token.end()
        else:
            close = _matching_close(text, name, token.end())
            if close is None:  # an unbalanced "<": keep it as text
                buffer.append(text[pos])
                pos += 1
                continue
            tag, end = Tag(name, attrs, text[token.end() : close]), close + len(name) + 3
        if buffer:
            parts.append(nfc(_unescape("".join(buffer))))
            buffer = []
        parts.append(tag)
        pos = end
    if buffer:
        parts.append(nfc(_unescape("".join(buffer))))
    return tuple(parts)


def _matching_close(text: str, name: str, start: int) -> int | None:
    """Offset of the ``</name>`` that closes an element opened just before ``start``."""
    depth = 1
    for match in re.finditer(rf"<{re.escape(name)}(?=[\s/>])|</{re.escape(name)}>", text[start:]):
        if match.group().startswith("</"):
            depth -= 1
            if depth == 0:
                return start + match.start()
        elif not text[start + match.start() :].split(">", 1)[0].endswith("/"):
            depth += 1
    return None
