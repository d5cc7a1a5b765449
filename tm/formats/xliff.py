"""XLIFF 1.2 job files: one ``<file>`` per target language, one ``<trans-unit>`` per unit.

Written files validate against the OASIS strict schema. How a unit maps:

- ``trans-unit/@id`` is ``unit.id`` (``xml:space="preserve"`` keeps edge white space);
  ``<source>`` and ``<target>`` hold the content, inline codes as XLIFF elements: ``g``/``mrk``
  spans become a ``Tag("g")`` ... ``Tag("/g")`` pair, ``x``/``bx``/``ex`` an empty Tag, and
  ``ph``/``bpt``/``ept``/``it`` a Tag whose ``code`` is the element's inner markup. Codes from
  TMX and XLIFF 2 are written as their XLIFF 1.2 kin (``hi``/``pc`` -> ``g``, ``ut`` -> ``ph``,
  ``sc``/``ec`` -> ``bx``/``ex``; ``i``/``x`` -> ``id``).
- Status <-> ``target/@state``: draft = ``needs-review-translation``, translated = ``translated``,
  reviewed = ``signed-off``; a unit without a target (new) has no ``<target>``. Finished targets
  also get ``approved="yes"`` (what translate-toolkit, Virtaal and Lokalize read as not fuzzy).
  Reading maps ``final`` to reviewed, other states to draft, and a target without ``state`` to
  translated unless ``approved="no"``.
- ``unit.context`` is a ``location`` context-group (``sourcefile``, ``x-paragraph``,
  ``x-sentence``); a stale target's ``source_text`` is an ``x-previous-source`` context.
- ``unit.notes`` are ``<note>`` elements, the target's notes ``<note annotates="target">``.

Reading also takes what other tools write: a ``<target xml:lang>`` names the target's language
(over the file's ``target-language``); a trans-unit segmented in ``<seg-source>`` (Trados Studio's
``.sdlxliff``, Okapi, memoQ) gives one unit per ``<mrk mtype="seg">`` (id ``<id>::<mid>`` when
there are several), its target the ``<target>``'s mrk of the same ``mid`` and its status the
``<sdl:seg conf>`` confirmation level (Draft, Translated, ApprovedTranslation ...). A DOCTYPE is
refused; the text ``<!DOCTYPE`` inside a comment is not one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from lxml import etree

from tm import xmlsafe
from tm.errors import ParseError, TmError, UnsafeXMLError
from tm.fileio import write_atomic
from tm.model import Content, Context, Status, Tag, Unit, Variant, nfc, normalize_lang, target_lang_of

NAME = "xliff"
EXTENSIONS = (".xlf", ".xliff", ".sdlxliff")
NS = "urn:oasis:names:tc:xliff:document:1.2"

_WRITE_STATE = {
    Status.NEW: "new",
    Status.DRAFT: "needs-review-translation",
    Status.TRANSLATED: "translated",
    Status.REVIEWED: "signed-off",
}
_READ_STATE = {"final": Status.REVIEWED, "signed-off": Status.REVIEWED, "translated": Status.TRANSLATED}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: Trados Studio (sdlxliff): segment confirmation levels in ``<sdl:seg conf>``.
SDL_NS = "http://sdl.com/FileTypes/SdlXliff/1.0"
_SDL_CONF = {
    "Draft": Status.DRAFT,
    "Translated": Status.TRANSLATED,
    "ApprovedTranslation": Status.REVIEWED,
    "ApprovedSignOff": Status.REVIEWED,
    "RejectedTranslation": Status.DRAFT,
    "RejectedSignOff": Status.DRAFT,
}

#: XLIFF inline elements: spans (open/close pairs), empty placeholders, codes with content.
_SPANS = {"g", "mrk"}
_EMPTY = {"x", "bx", "ex"}
_CODES = {"ph", "bpt", "ept", "it"}
#: What other formats' codes become in XLIFF.
_KIN = {"hi": "g", "/hi": "/g", "ut": "ph", "sub": "ph", "pc": "g", "/pc": "/g", "sc": "bx", "ec": "ex"}
_ALLOWED = {
    "g": ("id", "xid", "equiv-text", "ctype", "clone"),
    "mrk": ("mtype", "mid", "comment"),
    "x": ("id", "xid", "equiv-text", "ctype", "clone"),
    "bx": ("id", "xid", "equiv-text", "rid", "ctype", "clone"),
    "ex": ("id", "xid", "equiv-text", "rid"),
    "ph": ("id", "xid", "equiv-text", "ctype", "crc", "assoc"),
    "bpt": ("id", "xid", "equiv-text", "rid", "ctype", "crc"),
    "ept": ("id", "xid", "equiv-text", "rid", "crc"),
    "it": ("id", "xid", "equiv-text", "pos", "rid", "ctype", "crc"),
}


# --------------------------------------------------------------------------- writing


def write(
    units: Iterable[Unit],
    path: str | Path,
    *,
    srclang: str | None = None,
    tgtlang: str | None = None,
    original: str = "tm",
    datatype: str = "plaintext",
) -> bool:
    """Write an XLIFF 1.2 job file translating ``srclang`` into ``tgtlang``; deterministic.

    The languages default to those of the units (``job_langs``). Returns False when the file
    already held exactly these bytes.
    """
    return write_atomic(path, dumps(units, srclang=srclang, tgtlang=tgtlang, original=original, datatype=datatype))


def dumps(
    units: Iterable[Unit],
    *,
    srclang: str | None = None,
    tgtlang: str | None = None,
    original: str = "tm",
    datatype: str = "plaintext",
) -> str:
    """Return the XLIFF 1.2 text of ``units`` (see ``write``)."""
    import tm

    units, srclang, tgtlang = job_langs(units, srclang, tgtlang)
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<xliff version="1.2" xmlns="{NS}">',
        f"  <file original={quote_attr(original)} source-language={quote_attr(srclang)} "
        f"target-language={quote_attr(tgtlang)} datatype={quote_attr(datatype)}>",
        "    <header>",
        f'      <tool tool-id="tm" tool-name="tm" tool-version={quote_attr(tm.__version__)}/>',
        "    </header>",
        "    <body>",
    ]
    for unit in units:
        lines += _trans_unit(unit, tgtlang)
    lines += ["    </body>", "  </file>", "</xliff>", ""]
    return "\n".join(lines)


def job_langs(units: Iterable[Unit], srclang: str | None, tgtlang: str | None) -> tuple[list[Unit], str, str]:
    """The units of a job file and its two languages, normalised: those given, else the first
    unit's source language and the one language of the units' targets; TmError when they do
    not tell."""
    units = list(units)
    srclang = srclang or (units[0].source.lang if units else None)
    tgtlang = tgtlang or target_lang_of(units)
    if srclang is None or tgtlang is None:
        raise TmError("cannot tell the languages of the job file from the units",
                      hint="name the source and target languages")  # fmt: skip
    return units, normalize_lang(srclang), normalize_lang(tgtlang)


def _trans_unit(unit: Unit, tgtlang: str) -> list[str]:
    where = f"unit {unit.id!r}"
    target = unit.target(tgtlang)
    finished = target is not None and target.status in (Status.TRANSLATED, Status.REVIEWED)
    stale = target is not None and target.source_text is not None and target.source_text != unit.source.text
    approved = ' approved="yes"' if finished and not stale else ""
    lines = [f'      <trans-unit id={quote_attr(unit.id, where)} xml:space="preserve"{approved}>']
    lines.append(f"        <source>{_inline(unit.source.content, where)}</source>")
    if target is not None:
        state = _WRITE_STATE[Status.DRAFT if stale else target.status]
        lines.append(f'        <target state="{state}">{_inline(target.content, where)}</target>')
        if stale:
            lines += [
                '        <context-group purpose="information">',
                f'          <context context-type="x-previous-source">{quote_text(target.source_text or "", where)}</context>',
                "        </context-group>",
            ]
    ctx = unit.context
    if ctx is not None and ctx.document is not None:
        lines.append('        <context-group purpose="location">')
        lines.append(f'          <context context-type="sourcefile">{quote_text(ctx.document, where)}</context>')
        if ctx.paragraph is not None:
            lines.append(f'          <context context-type="x-paragraph">{ctx.paragraph}</context>')
        if ctx.position is not None:
            lines.append(f'          <context context-type="x-sentence">{ctx.position}</context>')
        lines.append("        </context-group>")
    lines += [f"        <note>{quote_text(note, where)}</note>" for note in unit.notes]
    if target is not None:
        lines += [f'        <note annotates="target">{quote_text(note, where)}</note>' for note in target.notes]
    lines.append("      </trans-unit>")
    return lines


def quote_text(text: str, where: str = "") -> str:
    """``text`` escaped for XML content; TmError (naming ``where``) for a character XML cannot hold."""
    bad = xmlsafe.INVALID_CHAR.search(text)
    if bad:
        raise TmError(f"{where}: character U+{ord(bad.group()):04X} cannot be written to XML")
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def quote_attr(value: str, where: str = "") -> str:
    """``value`` as a double-quoted XML attribute value (see ``quote_text``)."""
    return '"' + quote_text(value, where).replace('"', "&quot;") + '"'


def _inline(content: Content, where: str) -> str:
    parts = []
    counter = 0
    spans = {part.kind for part in content if isinstance(part, Tag) and part.kind.startswith("/")}
    for part in content:
        if isinstance(part, str):
            parts.append(quote_text(part, where))
            continue
        # An XLIFF 2 <pc> is a span (pc ... /pc) and becomes <g>; a "pc" without its end is a code.
        kind = part.kind if part.kind == "pc" and "/pc" not in spans else _KIN.get(part.kind, part.kind)
        name = kind.lstrip("/")
        if name not in _ALLOWED:
            kind, name = "ph", "ph"
        if kind.startswith("/"):
            parts.append(f"</{name}>")
            continue
        attrs = dict(part.attrs)
        if "id" not in attrs and name != "mrk":
            found = attrs.get("i") or attrs.get("x")
            if found is None:
                counter += 1
                found = f"tm{counter}"
            attrs["id"] = found
        if name == "it" and "pos" not in attrs:
            attrs["pos"] = "open"
        if name == "it" and attrs["pos"] in ("begin", "end"):  # TMX spelling
            attrs["pos"] = "open" if attrs["pos"] == "begin" else "close"
        if name == "mrk" and "mtype" not in attrs:
            attrs["mtype"] = "x-tm"
        written = "".join(f" {k}={quote_attr(v, where)}" for k, v in attrs.items() if k in _ALLOWED[name])
        if name in _SPANS:
            parts.append(f"<{name}{written}>")
        elif name in _EMPTY or not part.code:
            parts.append(f"<{name}{written}/>")
        else:
            parts.append(f"<{name}{written}>{_code(part.code, where)}</{name}>")
    return "".join(parts)


def _code(code: str, where: str) -> str:
    """Inner markup of a code element: verbatim when well-formed, else escaped as text."""
    try:
        etree.fromstring(f"<r>{code}</r>")
    except etree.XMLSyntaxError:
        return quote_text(code, where)
    quote_text(code, where)
    return code


# --------------------------------------------------------------------------- reading


def sniff(head: bytes) -> bool:
    """True when ``head`` (the first bytes of a file) is an XLIFF 1.x document."""
    encoding, _bom = xmlsafe.sniff_xml_encoding(head)
    text = head.decode(encoding if encoding != "utf-8" else "latin-1", errors="ignore")
    root = re.search(r"<(?:\w+:)?xliff\b[^>]*>", text)
    return root is not None and (NS in root[0] or re.search(r"""version\s*=\s*["']1\.""", root[0]) is not None)


def read(path: str | Path, *, source_lang: str | None = None, target_lang: str | None = None) -> Iterator[Unit]:
    """Stream the units of an XLIFF 1.2 file (with or without the namespace).

    ``source_lang`` and ``target_lang`` are the languages of a ``<file>`` that does not name them
    (the source defaults to ``en``). Entities are not expanded and no DTD or URL is fetched; a file
    with a DOCTYPE is refused.
    """
    path = Path(path)
    _refuse_doctype(path)
    return _read(path, normalize_lang(source_lang or "en"), normalize_lang(target_lang) if target_lang else None)


def _read(path: Path, source_lang: str, target_lang: str | None) -> Iterator[Unit]:
    srclang, tgtlang = source_lang, target_lang
    context = etree.iterparse(
        str(path), events=("start", "end"), resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        for event, element in context:
            name = xmlsafe.localname(element)
            if event == "start" and element.getparent() is None and name != "xliff":
                raise ParseError(
                    f"the root element is <{name}>, not <xliff>: this is not an XLIFF file",
                    path=path,
                    line=element.sourceline,
                    hint="import a TMX as .tmx and a PO as .po; an XLIFF file starts with <xliff>",
                )
            if event == "start" and name == "file":
                source_attr, target_attr = element.get("source-language"), element.get("target-language")
                srclang = normalize_lang(source_attr) if source_attr else source_lang
                tgtlang = normalize_lang(target_attr) if target_attr else target_lang
            elif event == "end" and name == "trans-unit":
                yield from _units(element, srclang, tgtlang, path)
                element.clear(keep_tail=True)
    except etree.XMLSyntaxError as exc:
        raise xmlsafe.parse_error(exc, path, context.error_log) from exc


def target_lang(path: str | Path) -> str | None:
    """The ``target-language`` the file's first ``<file>`` declares, or None."""
    path = Path(path)
    _refuse_doctype(path)
    try:
        for _, element in etree.iterparse(
            str(path), events=("start",), resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
        ):
            if xmlsafe.localname(element) == "file":
                declared = element.get("target-language")
                return normalize_lang(declared) if declared else None
    except etree.XMLSyntaxError as exc:
        raise ParseError(f"not well-formed XML: {exc.msg}", path=path, line=exc.lineno, column=exc.offset) from exc
    return None


def _refuse_doctype(path: Path) -> None:
    """Refuse a real DOCTYPE (one in a comment is no declaration); entities are refused by xmlsafe."""
    prolog = xmlsafe.read_prolog(path)
    if prolog.doctype is not None:
        raise UnsafeXMLError(
            "XLIFF file declares a DOCTYPE; refused",
            path=path,
            line=prolog.doctype_line,
            hint="XLIFF needs no DTD: remove the <!DOCTYPE ...> declaration",
        )


def _children(element: etree._Element, name: str) -> list[etree._Element]:
    return [child for child in element if isinstance(child.tag, str) and xmlsafe.localname(child) == name]


def _units(element: etree._Element, srclang: str, tgtlang: str | None, path: Path) -> list[Unit]:
    """The units of a trans-unit: itself, or one per ``<mrk mtype="seg">`` of its ``<seg-source>``."""
    unit = _unit(element, srclang, tgtlang, path)
    seg_sources = _children(element, "seg-source")
    segments = [m for m in seg_sources[0].iter(f"{{{NS}}}mrk", "mrk") if m.get("mtype") == "seg"] if seg_sources else []
    if not segments:
        return [unit]
    targets = _children(element, "target")
    target_lang = next(iter(unit.targets), None)
    translated = {m.get("mid"): m for m in targets[0].iter(f"{{{NS}}}mrk", "mrk") if m.get("mtype") == "seg"} \
        if targets else {}  # fmt: skip
    confirmed = {s.get("id"): s.get("conf") for s in element.iter("{*}seg") if xmlsafe.split_name(s.tag)[0] == SDL_NS}
    units: list[Unit] = []
    for mrk in segments:
        mid = mrk.get("mid") or str(len(units) + 1)
        part = Unit(unit.id if len(segments) == 1 else f"{unit.id}::{mid}", Variant(srclang, _content(mrk)),
                    context=unit.context, props=dict(unit.props), notes=list(unit.notes) if not units else [])  # fmt: skip
        target = translated.get(mid)
        if target is not None and target_lang:
            content = _content(target)
            conf = confirmed.get(mid)
            status = _SDL_CONF.get(conf or "", Status.TRANSLATED) if content else Status.NEW
            part.targets[target_lang] = Variant(target_lang, content, status=status)
        units.append(part)
    return units


def _unit(element: etree._Element, srclang: str, tgtlang: str | None, path: Path) -> Unit:
    uid = element.get("id")
    if uid is None:
        raise ParseError("trans-unit without id", path=path, line=element.sourceline)
    sources = _children(element, "source")
    if not sources:
        raise ParseError(f"trans-unit {uid!r} has no <source>", path=path, line=element.sourceline)
    unit = Unit(id=uid, source=Variant(srclang, _content(sources[0])))
    previous = None
    for group in _children(element, "context-group"):
        values = {c.get("context-type"): (c.text or "") for c in _children(group, "context")}
        if "x-previous-source" in values:
            previous = nfc(values["x-previous-source"])
        if "sourcefile" in values:
            unit.context = Context(
                document=values["sourcefile"],
                paragraph=_int(values.get("x-paragraph")),
                position=_int(values.get("x-sentence")),
            )
    target_notes: list[str] = []
    for note in _children(element, "note"):
        (target_notes if note.get("annotates") == "target" else unit.notes).append(nfc(note.text or ""))
    targets = _children(element, "target")
    own = targets[0].get(XML_LANG) if targets else None  # a target's own xml:lang wins over the file's
    lang = normalize_lang(own) if own else tgtlang
    if targets and lang:
        target = targets[0]
        content = _content(target)
        unit.targets[lang] = Variant(
            lang,
            content,
            status=_status(target.get("state"), element.get("approved"), bool(content)),
            source_text=previous,
            notes=target_notes,
        )
    return unit


def _int(value: str | None) -> int | None:
    return int(value) if value and value.strip().isdigit() else None


def _status(state: str | None, approved: str | None, filled: bool) -> Status:
    if not filled:
        return Status.NEW
    if state is None:
        return Status.DRAFT if approved == "no" else Status.TRANSLATED
    return _READ_STATE.get(state, Status.DRAFT)


def _content(element: etree._Element) -> Content:
    parts: list[str | Tag] = []
    _collect(element, parts)
    return merge_text(parts)


def merge_text(parts: Iterable[str | Tag]) -> Content:
    """Content from parsed parts: adjacent strings joined, empty ones dropped, text in NFC."""
    merged: list[str | Tag] = []
    for part in parts:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        elif part != "":
            merged.append(part)
    return tuple(nfc(p) if isinstance(p, str) else p for p in merged)


def _collect(element: etree._Element, parts: list[str | Tag]) -> None:
    parts.append(element.text or "")
    for child in element:
        if isinstance(child.tag, str):
            name = xmlsafe.localname(child)
            attrs = tuple((attr_name(k), v) for k, v in child.attrib.items())
            if name in _SPANS:
                parts.append(Tag(name, attrs))
                _collect(child, parts)
                parts.append(Tag("/" + name))
            elif name in _EMPTY:
                parts.append(Tag(name, attrs))
            else:
                parts.append(Tag(name, attrs, inner_markup(child)))
        parts.append(child.tail or "")


def attr_name(key: str) -> str:
    """An lxml attribute key as written: ``xml:lang`` for the XML namespace, else the local name."""
    namespace, local = xmlsafe.split_name(key)
    return f"xml:{local}" if namespace == "http://www.w3.org/XML/1998/namespace" else local


def inner_markup(element: etree._Element) -> str:
    """The element's content as markup, without namespace declarations."""
    out = [quote_text(element.text or "")]
    for child in element:
        if isinstance(child.tag, str):
            name = xmlsafe.localname(child)
            attrs = "".join(f" {attr_name(k)}={quote_attr(v)}" for k, v in child.attrib.items())
            inner = inner_markup(child)
            out.append(f"<{name}{attrs}>{inner}</{name}>" if inner else f"<{name}{attrs}/>")
        out.append(quote_text(child.tail or ""))
    return "".join(out)
