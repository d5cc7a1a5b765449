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
from tm.model import Context, Origin, Status, Tag, Unit, Variant, nfc, normalize_lang, same_lang, target_lang_of

NAME = "po"
EXTENSIONS = (".po", ".pot")

#: unit.props key marking an obsolete (``#~``) entry.
OBSOLETE = "x-po-obsolete"
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
    _check_syntax(text, path)
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
        match = re.search(r"line (\d+)", str(exc))
        message = re.sub(r"\s*\(line \d+\)|Syntax error in po file ?|" + re.escape(str(path)), "", str(exc))
        raise ParseError(
            "not a valid PO file" + (f": {message.strip()}" if message.strip() else ""),
            path=path,
            line=int(match.group(1)) if match else None,
        ) from exc
    obsolete = pofile.obsolete_entries()
    previous = _obsolete_previous(text)
    if len(previous) == len(obsolete):
        for entry, made_from in zip(obsolete, previous):
            entry.previous_msgid = entry.previous_msgid or made_from
    metadata = dict(pofile.metadata)
    lang = _file_lang(metadata, path, target_lang, text)
    source_lang = _header_lang(metadata, "X-Source-Language", path, text) or normalize_lang(source_lang or "en")
    units = [_unit(entry, lang, source_lang, path) for entry in pofile if not entry.obsolete]
    units += [_unit(entry, lang, source_lang, path) for entry in pofile.obsolete_entries()]
    origin = _origin(metadata.get(ORIGIN_HEADER), path)
    if origin is not None:
        for unit in units:
            unit.origin = origin
            for variant in unit.targets.values():
                variant.origin = origin
    return Catalog(units, metadata, lang, source_lang)


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
        return codecs.lookup(name).name
    except LookupError:
        raise ParseError(
            f"unknown charset {name!r} in the Content-Type header",
            path=path,
            hint="use a charset gettext knows (UTF-8, ISO-8859-15, windows-1251 ...)",
        ) from None


def _decode(data: bytes, encoding: str, path: str | Path) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        looks = "UTF-8" if encoding != "utf-8" and _is_utf8(data) else "a single-byte charset such as windows-1252"
        raise ParseError(f"the header says charset {encoding}, but the bytes at offset {exc.start} are not "
                         f"{encoding} (they look like {looks})", path=path, line=line,
                         hint="fix the charset in the Content-Type header, or convert the file "
                              "(iconv -f ACTUAL -t UTF-8)") from None  # fmt: skip


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


def _obsolete_previous(text: str) -> list[str | None]:
    """The ``#~| msgid`` of each obsolete entry of ``text``, in order (None where it has none).

    polib writes these lines but skips them when it reads, so an obsolete stale draft would
    lose the source it was made from on its next rewrite."""
    result: list[str | None] = []
    parts: list[str] | None = None
    for line in text.split("\n"):
        line = line.strip()
        if line.startswith("#~| msgid "):
            parts = [line[len("#~| msgid ") :]]
        elif line.startswith('#~| "') and parts is not None:
            parts.append(line[len("#~| ") :])
        elif line.startswith("#~ msgid "):
            result.append(None if parts is None else "".join(polib.unescape(part[1:-1]) for part in parts))
            parts = None
    return result


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


def _check_syntax(text: str, path: str | Path) -> None:
    """Reject what polib silently accepts: unterminated strings and unknown keywords."""
    for number, line in enumerate(text.split("\n"), 1):
        stripped = line.strip()
        if not stripped or (stripped.startswith("#") and not stripped.startswith("#~")):
            continue
        if stripped.startswith("#~") and not stripped[2:].strip():
            continue
        if stripped.startswith(("#~ #", "#~|")) or _LINE.fullmatch(stripped):
            continue
        raise ParseError(
            f"not a valid PO line: {stripped[:60]!r}",
            path=path,
            line=number,
            hint="each line is a comment (#), a keyword with a quoted string, or a quoted string",
        )


def _header_lang(metadata: dict[str, str], name: str, path: str | Path, text: str) -> str | None:
    """The language tag in header ``name``, normalised; None when absent. A ParseError names the line."""
    value = metadata.get(name, "").strip()
    if not value:
        return None
    try:
        return normalize_lang(value)
    except TmError as exc:
        line = next((n for n, row in enumerate(text.split("\n"), 1) if row.lstrip().startswith(f'"{name}:')), None)
        raise ParseError(f"the {name} header {value!r} is not a language tag", path=path, line=line,
                         hint="write a BCP 47 tag such as az or ru-RU") from exc  # fmt: skip


def _file_lang(metadata: dict[str, str], path: str | Path, given: str | None, text: str) -> str | None:
    header = _header_lang(metadata, "Language", path, text)
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
        obsolete=unit.props.get(OBSOLETE) == ["true"],
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
    return value.astimezone(UTC).strftime(_DATE_FORMAT)


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
