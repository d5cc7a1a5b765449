"""XLIFF 2.0 and 2.1: a streaming reader and a deterministic 2.1 writer (valid against the OASIS core XSD).

How a file maps onto tm.model (as translate-toolkit's xliff2 store exposes it):

- Each ``<segment>`` is a unit. Its id is ``<unit id>::<segment id>``, or the ``<unit>``'s id
  for its only segment when that has no id (``<unit id>::segment-<n>`` in a unit of several).
  Unit ids are unique per ``<file>`` only: from the second ``<file>`` on they get the file's id as
  a prefix (``2:tu1``), so no unit of one file stands for another's in the memory.
  ``<xliff srcLang trgLang>`` give the languages; a target's own ``xml:lang`` wins over ``trgLang``.
- ``<ignorable>`` content (white space between sentences, usually) is not a unit; its source text
  travels in ``props`` (``xliff2:ignorable-before`` / ``xliff2:ignorable-after`` of the segment it
  stands next to) so a write puts it back.
- ``segment/@state``: ``final`` and ``reviewed`` -> reviewed, ``translated`` -> translated,
  ``initial`` -> draft (new without target text). A target without ``state`` is translated (what
  tools that leave the attribute out mean; translate-toolkit reads it the same way).
- Inline codes become ``tm.model.Tag``: ``<pc>`` and ``<mrk>`` a ``pc``/``mrk`` ... ``/pc``/``/mrk``
  pair, ``<ph> <sc> <ec> <sm> <em> <cp>`` one Tag each. A code's native data (``<originalData>``,
  found through ``dataRef``/``dataRefStart``/``dataRefEnd``) is ``Tag.code`` (``/pc`` carries the
  end data); the ``dataRef*`` attributes themselves are not kept (a write numbers the data anew),
  nor are modules' attributes (``fs:fs``, ``slr:sizeInfo``): only the core ones.
- ``<notes>`` of a unit: notes with ``appliesTo="target"`` go to the target, the others to the unit.
  A note of category ``x-tm-source-text`` is a stale target's ``source_text``.

The writer (``write``, ``dumps``) gives one ``<unit>`` per tm unit (an id that is no NMTOKEN goes to
``tm:id``, the ``id`` made from it), and one ``<unit>`` with several
segments for consecutive units whose ids share the ``<unit id>::`` part. Codes from other formats
are written as their XLIFF 2 kin: ``g``/``hi`` -> ``pc``/``mrk``, ``x``/``ut``/``sub`` -> ``ph``,
``bpt``/``bx`` -> ``sc``, ``ept``/``ex`` -> ``ec``, ``it`` -> an isolated ``sc`` or ``ec``.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from tm import xmlsafe
from tm.errors import ParseError, TmError
from tm.fileio import write_atomic
from tm.formats.xliff import XML_LANG, inner_markup, job_langs, merge_text, quote_attr, quote_text
from tm.model import Content, Status, Tag, Unit, Variant, nfc, normalize_lang

__all__ = ["EXTENSIONS", "NAME", "NS", "VERSION", "dumps", "read", "sniff", "write"]

NAME = "xliff2"
EXTENSIONS = (".xlf", ".xliff")
NS = "urn:oasis:names:tc:xliff:document:2.0"
VERSION = "2.1"

#: Our namespace, for a unit id that is no NMTOKEN (``tm:id`` holds it; XLIFF 2 allows other namespaces' attributes).
TM_NS = "urn:x-tm:xliff"
SEGMENT_SEPARATOR = "::"
_AUTO_SEGMENT = "segment-"
_BEFORE, _AFTER = "xliff2:ignorable-before", "xliff2:ignorable-after"
_SOURCE_TEXT = "x-tm-source-text"

_READ_STATE = {
    "final": Status.REVIEWED,
    "reviewed": Status.REVIEWED,
    "translated": Status.TRANSLATED,
    "initial": Status.DRAFT,
}
_WRITE_STATE = {Status.NEW: "initial", Status.DRAFT: "initial", Status.TRANSLATED: "translated",
                Status.REVIEWED: "reviewed"}  # fmt: skip

_SPANS = {"pc", "mrk"}
_DATA_REFS = {"dataRef", "dataRefStart", "dataRefEnd"}
_COMMON = ("canCopy", "canDelete", "canReorder", "copyOf", "subType", "type")
#: The attributes each inline element may carry (besides id/startRef/dataRef*, which the writer sets).
_ALLOWED = {
    "ph": (*_COMMON, "disp", "equiv", "subFlows"),
    "pc": (
        *_COMMON,
        "canOverlap",
        "dispStart",
        "dispEnd",
        "equivStart",
        "equivEnd",
        "subFlowsStart",
        "subFlowsEnd",
        "dir",
    ),  # fmt: skip
    "sc": (*_COMMON, "canOverlap", "dir", "disp", "equiv", "isolated", "subFlows"),
    "ec": (*_COMMON, "canOverlap", "dir", "disp", "equiv", "isolated", "subFlows"),
    "mrk": ("translate", "type", "ref", "value"),
    "sm": ("translate", "type", "ref", "value"),
    "em": (),
    "cp": ("hex",),
}
#: What the codes of other formats are in XLIFF 2.
_KIN = {"g": "pc", "/g": "/pc", "hi": "mrk", "/hi": "/mrk", "x": "ph", "ut": "ph", "sub": "ph",
        "bpt": "sc", "bx": "sc", "ept": "ec", "ex": "ec"}  # fmt: skip
_USER_VALUE = re.compile(r"^[^\s:]+:[^\s]+$")
_MRK_TYPE = re.compile(r"^(generic|comment|term|[^\s:]+:[^\s]+)$")
_CODE_TYPE = re.compile(r"^(fmt|ui|quote|link|image|other)$")


def sniff(head: bytes) -> bool:
    """True when ``head`` (the first bytes of a file) is an XLIFF 2.x document."""
    encoding, _bom = xmlsafe.sniff_xml_encoding(head)
    text = head.decode(encoding if encoding != "utf-8" else "latin-1", errors="ignore")
    root = re.search(r"<(?:\w+:)?xliff\b[^>]*>", text)
    return root is not None and (
        NS in root.group(0) or re.search(r"""version\s*=\s*["']2\.""", root.group(0)) is not None
    )


# --------------------------------------------------------------------------- reading


def read(path: str | Path, *, source_lang: str | None = None, target_lang: str | None = None) -> Iterator[Unit]:
    """Stream the segments of an XLIFF 2.0/2.1 file as units (see the module docstring).

    ``target_lang`` is the target language of a file without ``trgLang``; the file must name its
    source language (``srcLang``), so ``source_lang`` is not used.

    Safe parsing (tm.xmlsafe): no entities, no DTD, no network. Raises ParseError with file and
    line for broken XML, a file that is not XLIFF 2, or a language tag that is not one.
    """
    path = Path(path)
    prolog = xmlsafe.read_prolog(path)
    if prolog.root is not None and prolog.root.split(":")[-1] != "xliff":
        raise ParseError(f"not an XLIFF file: the root element is <{prolog.root}>", path=path, line=prolog.root_line)
    return _read(path, prolog, normalize_lang(target_lang) if target_lang else None)


def _read(path: Path, prolog: xmlsafe.Prolog, target_lang: str | None) -> Iterator[Unit]:
    srclang = tgtlang = None
    files = 0
    prefix = ""
    for event, element in xmlsafe.iterparse(path, events=("start", "end"), prolog=prolog):
        if not isinstance(element.tag, str):
            continue
        name = xmlsafe.localname(element)
        if event == "start" and name == "file":
            files += 1
            prefix = f"{element.get('id') or files}:" if files > 1 else ""
        if event == "start" and name == "xliff":
            version = element.get("version") or ""
            if not version.startswith("2."):
                raise ParseError(f"not an XLIFF 2 file (version {version!r})", path=path, line=element.sourceline,
                                 hint="XLIFF 1.x files are read by the xliff format")  # fmt: skip
            srclang = _lang(element.get("srcLang"), path, element, "srcLang")
            trg = element.get("trgLang")
            tgtlang = _lang(trg, path, element, "trgLang") if trg else target_lang
        elif event == "end" and name == "unit" and srclang is not None:
            yield from _units(element, srclang, tgtlang, path, prefix)
            xmlsafe.release(element)


def _lang(value: str | None, path: Path, element: etree._Element, attribute: str) -> str:
    if not value:
        raise ParseError(f"<xliff> has no {attribute}", path=path, line=element.sourceline,
                         hint="XLIFF 2 requires srcLang on the root element")  # fmt: skip
    try:
        return normalize_lang(value)
    except TmError as exc:
        raise ParseError(f"{attribute}: {exc.message}", path=path, line=element.sourceline) from None


def _units(element: etree._Element, srclang: str, tgtlang: str | None, path: Path, prefix: str) -> list[Unit]:
    uid = element.get(f"{{{TM_NS}}}id") or element.get("id")
    if not uid:
        raise ParseError("<unit> without id", path=path, line=element.sourceline)
    uid = prefix + uid
    data: dict[str, str] = {}
    unit_notes: list[str] = []
    target_notes: list[str] = []
    previous: str | None = None
    parts: list[etree._Element] = []
    for child in element:
        name = xmlsafe.localname(child)
        if name == "notes":
            for note in child:
                if xmlsafe.localname(note) != "note":
                    continue
                text = nfc("".join(note.itertext()))
                if note.get("category") == _SOURCE_TEXT:
                    previous = text
                else:
                    (target_notes if note.get("appliesTo") == "target" else unit_notes).append(text)
        elif name == "originalData":
            data.update((d.get("id") or "", inner_markup(d)) for d in child if xmlsafe.localname(d) == "data")
        elif name in ("segment", "ignorable"):
            parts.append(child)
    segments = sum(1 for p in parts if xmlsafe.localname(p) == "segment")
    units: list[Unit] = []
    pending: list[str] = []  # ignorable text before the next segment
    for part in parts:
        source = next((c for c in part if xmlsafe.localname(c) == "source"), None)
        if source is None:
            raise ParseError(
                f"<{xmlsafe.localname(part)}> without <source> in unit {uid!r}", path=path, line=part.sourceline
            )
        if xmlsafe.localname(part) == "ignorable":
            pending.append("".join(p for p in _content(source, data, path) if isinstance(p, str)))
            continue
        number = len(units) + 1
        seg_id = part.get("id")
        if seg_id or segments > 1:
            unit_id = f"{uid}{SEGMENT_SEPARATOR}{seg_id or f'{_AUTO_SEGMENT}{number}'}"
        else:
            unit_id = uid
        unit = Unit(unit_id, Variant(srclang, _content(source, data, path)))
        if pending:
            unit.props[_BEFORE] = pending
            pending = []
        target = next((c for c in part if xmlsafe.localname(c) == "target"), None)
        lang = target.get(XML_LANG) if target is not None else None
        lang = normalize_lang(lang) if lang else tgtlang
        if target is not None and lang is not None:
            content = _content(target, data, path)
            unit.targets[lang] = Variant(lang, content, status=_status(part.get("state"), bool(content)),
                                         source_text=previous, notes=list(target_notes) if number == 1 else [])  # fmt: skip
        if number == 1:
            unit.notes = list(unit_notes)
        units.append(unit)
    if pending and units:
        units[-1].props[_AFTER] = pending
    return units


def _status(state: str | None, filled: bool) -> Status:
    if not filled:
        return Status.NEW
    return Status.TRANSLATED if state is None else _READ_STATE.get(state, Status.DRAFT)


def _content(element: etree._Element, data: dict[str, str], path: Path) -> Content:
    parts: list[str | Tag] = []
    _collect(element, data, parts, path)
    return merge_text(parts)


def _collect(element: etree._Element, data: dict[str, str], parts: list[str | Tag], path: Path) -> None:
    parts.append(element.text or "")
    for child in element:
        if isinstance(child.tag, str):
            name = xmlsafe.localname(child)
            attrs = tuple((k, v) for k, v in child.attrib.items() if "}" not in k and k not in _DATA_REFS)
            if name in _SPANS:
                parts.append(Tag(name, attrs, data.get(child.get("dataRefStart") or "", "")))
                _collect(child, data, parts, path)
                parts.append(Tag("/" + name, (), data.get(child.get("dataRefEnd") or "", "")))
            else:
                parts.append(Tag(name, attrs, data.get(child.get("dataRef") or "", "")))
        parts.append(child.tail or "")


# --------------------------------------------------------------------------- writing


def write(
    units: Iterable[Unit],
    path: str | Path,
    *,
    srclang: str | None = None,
    tgtlang: str | None = None,
    original: str = "tm",
) -> bool:
    """Write an XLIFF 2.1 file translating ``srclang`` into ``tgtlang`` (default: the units'
    languages, as ``xliff.job_langs``); deterministic.

    Returns False when the file already held exactly these bytes. Raises TmError naming the unit
    for text XML cannot hold or inline codes that do not nest.
    """
    return write_atomic(path, dumps(units, srclang=srclang, tgtlang=tgtlang, original=original))


def dumps(
    units: Iterable[Unit], *, srclang: str | None = None, tgtlang: str | None = None, original: str = "tm"
) -> str:
    """Return the XLIFF 2.1 text of ``units`` (see ``write``)."""
    units, srclang, tgtlang = job_langs(units, srclang, tgtlang)
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<xliff xmlns="{NS}" xmlns:tm="{TM_NS}" version="{VERSION}" srcLang={quote_attr(srclang)} '
        f"trgLang={quote_attr(tgtlang)}>",
        f'  <file id="f1" original={quote_attr(original)}>',
    ]
    group: list[Unit] = []
    for unit in units:
        if group and _unit_id(unit) != _unit_id(group[0]):
            lines += _unit(group, tgtlang)
            group = []
        group.append(unit)
    if group:
        lines += _unit(group, tgtlang)
    else:  # a <file> needs a unit or a group: an empty group keeps the file valid and holds no unit
        lines.append('    <group id="empty"/>')
    lines += ["  </file>", "</xliff>", ""]
    return "\n".join(lines)


def _unit_id(unit: Unit) -> str:
    return unit.id.split(SEGMENT_SEPARATOR, 1)[0]


@dataclass(slots=True)
class _Codes:
    """Per <unit>: the <originalData> entries written so far."""

    data: list[tuple[str, str]] = field(default_factory=list)

    def data_ref(self, code: str) -> str:
        for ref, known in self.data:
            if known == code:
                return ref
        ref = f"d{len(self.data) + 1}"
        self.data.append((ref, code))
        return ref


def _unit(group: list[Unit], tgtlang: str) -> list[str]:
    first = group[0]
    where = f"unit {first.id!r}"
    codes = _Codes()
    body: list[str] = []
    notes = [f"        <note>{quote_text(note, where)}</note>" for unit in group for note in unit.notes]
    for unit in group:
        where = f"unit {unit.id!r}"
        target = unit.target(tgtlang)
        for text in unit.props.get(_BEFORE, []):
            body.append(f"      <ignorable><source>{quote_text(text, where)}</source></ignorable>")
        seg_id = unit.id.partition(SEGMENT_SEPARATOR)[2]
        named = seg_id and _is_nmtoken(seg_id) and not re.fullmatch(_AUTO_SEGMENT + r"\d+", seg_id)
        seg_attr = f" id={quote_attr(seg_id, where)}" if named else ""
        stale = target is not None and target.source_text is not None and target.source_text != unit.source.text
        state = _WRITE_STATE[Status.DRAFT if stale else target.status] if target is not None else "initial"
        body.append(f'      <segment{seg_attr} state="{state}">')
        body.append(f"        <source>{_inline(unit.source.content, codes, where)}</source>")
        if target is not None:
            body.append(f"        <target>{_inline(target.content, codes, where)}</target>")
            notes += [f'        <note appliesTo="target">{quote_text(n, where)}</note>' for n in target.notes]
            if stale:
                notes.append(f'        <note appliesTo="target" category="{_SOURCE_TEXT}">'
                             f"{quote_text(target.source_text or '', where)}</note>")  # fmt: skip
        body.append("      </segment>")
        for text in unit.props.get(_AFTER, []):
            body.append(f"      <ignorable><source>{quote_text(text, where)}</source></ignorable>")
    uid = _unit_id(first)
    if _is_nmtoken(uid):
        lines = [f'    <unit id={quote_attr(uid)} xml:space="preserve">']
    else:  # XLIFF 2 wants an NMTOKEN: a made one, the id itself in tm:id (read back from there)
        made = "tm-" + hashlib.blake2b(uid.encode(), digest_size=6).hexdigest()
        lines = [f'    <unit id="{made}" tm:id={quote_attr(uid, where)} xml:space="preserve">']
    if notes:
        lines += ["      <notes>", *notes, "      </notes>"]
    if codes.data:
        lines.append("      <originalData>")
        lines += [f'        <data id="{ref}">{quote_text(_code_text(code))}</data>' for ref, code in codes.data]
        lines.append("      </originalData>")
    return lines + body + ["    </unit>"]


_NMTOKEN = re.compile(r"^[\w.:-]+$")


def _is_nmtoken(value: str) -> bool:
    return _NMTOKEN.match(value) is not None


def _code_text(code: str) -> str:
    """The native code a Tag's ``code`` (escaped markup, as TMX and XLIFF 1.2 keep it) stands for."""
    if "<" not in code and "&" not in code:
        return code
    try:
        return "".join(etree.fromstring(f"<r>{code}</r>", etree.XMLParser(**xmlsafe.PARSER_OPTIONS)).itertext())
    except etree.XMLSyntaxError:
        return code


def _inline(content: Content, codes: _Codes, where: str) -> str:
    """The XLIFF 2 markup of ``content``; codes get ids unique in the segment, spans must nest."""
    taken = {v for part in content if isinstance(part, Tag) for k, v in part.attrs if k == "id"}
    fresh = (f"tm{n}" for n in itertools.count(1) if f"tm{n}" not in taken)  # source and target alike
    ends = _span_ends(content, where)
    used: set[str] = set()
    out: list[str] = []
    starts: dict[str, list[str]] = {}  # sc ids by their pairing key (TMX i / XLIFF 1.2 rid), for ec startRef
    for index, part in enumerate(content):
        if isinstance(part, str):
            out.append(quote_text(part, where))
            continue
        kind = _kind(part)
        name = kind.lstrip("/")
        if kind.startswith("/"):
            out.append(f"</{name}>")
            continue
        attrs = [(k, v) for k, v in part.attrs if k in _ALLOWED[name] and _valid(name, k, v)]
        mtype = part.attr("mtype")  # XLIFF 1.2's name for the marker's type
        if name == "mrk" and mtype and not part.attr("type") and _MRK_TYPE.match(mtype):
            attrs.append(("type", mtype))
        ident = part.attr("id")
        key = part.attr("i") or part.attr("rid") or ident or ""
        if name == "ec":
            start = part.attr("startRef") or (starts[key].pop() if starts.get(key) else None)
            if start and part.attr("isolated") != "yes" and part.kind != "it":
                head = f' startRef="{start}"'
            else:
                ident = ident if ident and _is_nmtoken(ident) and ident not in used else next(fresh)
                used.add(ident)
                head = f' id="{ident}"' + ("" if any(k == "isolated" for k, _ in attrs) else ' isolated="yes"')
        elif name == "em":
            head = f' startRef="{part.attr("startRef") or key}"'
        elif name == "cp":
            head = ""
        else:
            if not ident or not _is_nmtoken(ident) or ident in used:
                ident = next(fresh)
            used.add(ident)
            head = f' id="{ident}"'
            if name == "sc":
                starts.setdefault(key or ident, []).append(ident)
                if part.kind == "it" and not any(k == "isolated" for k, _ in attrs):
                    attrs.append(("isolated", "yes"))
        written = head + "".join(f" {k}={quote_attr(v, where)}" for k, v in attrs)
        if part.code and name in ("ph", "sc", "ec"):
            written += f' dataRef="{codes.data_ref(part.code)}"'
        if name == "pc":
            end = content[ends[index]]
            if part.code:
                written += f' dataRefStart="{codes.data_ref(part.code)}"'
            if isinstance(end, Tag) and end.code:
                written += f' dataRefEnd="{codes.data_ref(end.code)}"'
        out.append(f"<{name}{written}>" if name in _SPANS else f"<{name}{written}/>")
    return "".join(out)


def _valid(name: str, key: str, value: str) -> bool:
    """False for a value the XSD refuses (a TMX ``type="bold"`` is no XLIFF 2 ``type``)."""
    if key == "type":
        return (_MRK_TYPE if name in ("mrk", "sm") else _CODE_TYPE).match(value) is not None
    if key == "subType":
        return _USER_VALUE.match(value) is not None
    if key in ("canCopy", "canDelete", "canOverlap", "isolated", "translate"):
        return value in ("yes", "no")
    if key == "canReorder":
        return value in ("yes", "no", "firstNo")
    return True


def _kind(tag: Tag) -> str:
    """The XLIFF 2 element ``tag`` is written as (``/pc`` for the end of a span)."""
    kind = _KIN.get(tag.kind, tag.kind)
    if kind == "it":
        kind = "ec" if tag.attr("pos") in ("end", "close") else "sc"
    return kind if kind.lstrip("/") in _ALLOWED else "ph"


def _span_ends(content: Content, where: str) -> dict[int, int]:
    """Index of each opening pc/mrk -> index of its end; raises TmError when spans do not nest."""
    ends: dict[int, int] = {}
    stack: list[tuple[str, int]] = []
    for index, part in enumerate(content):
        if not isinstance(part, Tag):
            continue
        kind = _kind(part)
        if kind in _SPANS:
            stack.append((kind, index))
        elif kind.startswith("/"):
            if not stack or stack[-1][0] != kind[1:]:
                raise TmError(f"{where}: inline code <{kind}> does not close the code open before it",
                              hint="the codes of a segment must nest; fix them where the unit came from")  # fmt: skip
            ends[stack.pop()[1]] = index
    if stack:
        raise TmError(f"{where}: inline code <{stack[-1][0]}> is never closed",
                      hint="the codes of a segment must nest; fix them where the unit came from")  # fmt: skip
    return ends
