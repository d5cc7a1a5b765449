"""TBX glossaries: v2 (``martif`` without a namespace, what OmegaT and translate-toolkit read) and
v3 (ISO 30042:2019, ``<tbx>`` in ``urn:iso:std:iso:30042:ed-2``, TBX-Basic dialect, DCA style).

How tm's glossary model maps onto TBX-Basic (both versions):
- entry id -> ``termEntry/@id`` (v2) or ``conceptEntry/@id`` (v3);
- entry type (person, place, treaty...) -> ``<descrip type="subjectField">``: TBX-Basic has no
  concept-type category, and subjectField is the one concept-level classification CAT tools show;
- entry definition -> ``<descrip type="definition">``; entry note -> ``<note>``; tm's own
  entry fields, which TBX-Basic has no category for: ``policy`` -> ``<descrip type="x-tm-policy">``
  and ``exact_case`` -> ``<descrip type="x-tm-case">exact</descrip>``, in v2 only (other tools
  ignore them; v3 is written with TBX-Basic's categories alone and leaves them out);
- per language ``langSet`` / ``langSec`` with one ``tig`` / ``termSec`` per term: ``<term>``,
  ``<termNote type="partOfSpeech">``, ``<termNote type="termType">``,
  ``<termNote type="administrativeStatus">`` (preferredTerm-admn-sts, admittedTerm-admn-sts,
  deprecatedTerm-admn-sts for a forbidden term) and the term's ``<note>``;
- glossary title -> ``titleStmt/title``, description -> ``sourceDesc/p``, source language ->
  the root's ``xml:lang``.

OmegaT 3.6 reads v2 but ignores administrativeStatus: it offers every source term of an entry
with every target term, forbidden ones included (measured with shared/tools/omegat_check.sh).
Give OmegaT users the tab-separated view too, which lists forbidden forms only in the comment.

Reading accepts both versions and TBX-Min (``<TBX dialect="TBX-Min">``) by the root element,
``ntig``/``termGrp`` in v2, and a term's status wherever the standard puts it: ``<termNote
type="administrativeStatus|normativeAuthorization|usageStatus">`` (DCA style) or the element of that
name (DCT style, ``<basic:administrativeStatus>``; TBX-Min ``<usageStatus>``), with every value the
standard defines (``standardizedTerm``, ``legalTerm`` and ``regulatedTerm`` read as preferred;
``deprecated``, ``superseded``, ``notRecommended``, ``obsolete`` as forbidden). A term whose status
the file does not state stays unspecified (QA treats it as admitted) and is written without one.
An empty ``<term/>`` (MultiTerm writes such placeholders) is skipped and listed in
``Glossary.skipped``. Definitions and terms have their white space runs collapsed to one space.
XML is parsed by tm.xmlsafe: no entity expansion, no DTD loading, no network access; a document
that declares entities is refused (UnsafeXMLError).
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from tm import xmlsafe
from tm.errors import ParseError, TmError
from tm.fileio import write_atomic
from tm.glossary.model import Entry, Glossary, Term, TermStatus
from tm.model import normalize_lang

NAME = "tbx"
EXTENSIONS = (".tbx",)

TBX3_NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

_STATUS_OUT = {
    TermStatus.PREFERRED: "preferredTerm-admn-sts",
    TermStatus.ADMITTED: "admittedTerm-admn-sts",
    TermStatus.FORBIDDEN: "deprecatedTerm-admn-sts",
}
#: Every status value of the TBX standard (administrativeStatus ``...Term-admn-sts``,
#: normativeAuthorization ``...Term``, TBX-Min usageStatus), by its stem in lower case.
_STATUS_IN = {
    "preferred": TermStatus.PREFERRED,
    "standardized": TermStatus.PREFERRED,
    "legal": TermStatus.PREFERRED,
    "regulated": TermStatus.PREFERRED,
    "admitted": TermStatus.ADMITTED,
    "deprecated": TermStatus.FORBIDDEN,
    "superseded": TermStatus.FORBIDDEN,
    "notrecommended": TermStatus.FORBIDDEN,
    "forbidden": TermStatus.FORBIDDEN,
    "obsolete": TermStatus.FORBIDDEN,
    "unspecified": TermStatus.UNSPECIFIED,
}
#: Where a status stands: ``<termNote type=X>`` (DCA style), a ``<X>`` element (DCT style,
#: ``<basic:administrativeStatus>``; TBX-Min ``<usageStatus>``).
_STATUS_KINDS = ("administrativeStatus", "normativeAuthorization", "usageStatus")


# --------------------------------------------------------------------------- reading


def _children(element: etree._Element, *names: str) -> list[etree._Element]:
    return [child for child in element if xmlsafe.localname(child) in names]


def _text(element: etree._Element) -> str:
    return "".join(element.itertext()).strip()


def _collapsed(text: str) -> str:
    """White space runs (newlines and tabs of an indented file) as one space, as TBX readers show them."""
    return " ".join(text.split())


def _typed(element: etree._Element, name: str, kind: str) -> str:
    """The text of ``<name type=kind>`` (DCA style) or of a ``<kind>`` element (DCT style, any prefix)."""
    for child in element:
        local = xmlsafe.localname(child)
        if (local == name and child.get("type") == kind) or local == kind:
            return _text(child)
    return ""


def _notes(element: etree._Element) -> str:
    return "\n".join(_text(n) for n in _children(element, "note") if _text(n))


def read_glossary(path: str | Path, source_lang: str | None = None, target_lang: str | None = None) -> Glossary:
    """Read a TBX v2 or v3 file into a Glossary; raise ParseError naming file and line
    (UnsafeXMLError for a document that declares entities: see tm.xmlsafe). The file names its
    languages: ``source_lang`` and ``target_lang`` are not used."""
    root = xmlsafe.parse(path).getroot()
    version = {"martif": 2, "tbx": 3, "TBX": 1}.get(xmlsafe.localname(root))  # 1: TBX-Min (<TBX dialect="TBX-Min">)
    if version is None:
        raise ParseError(f"not TBX: the root element is <{xmlsafe.localname(root)}>", path=path, line=root.sourceline)
    source = root.get(XML_LANG) or "en"
    glossary = Glossary(source_lang=source)
    header = _children(root, "martifHeader", "tbxHeader")
    if header:
        for node in header[0].iter():
            if xmlsafe.localname(node) == "title" and not glossary.title:
                glossary.title = _text(node)
            elif (
                xmlsafe.localname(node) == "p"
                and xmlsafe.localname(node.getparent()) == "sourceDesc"
                and not glossary.description
            ):
                glossary.description = _text(node)
    bodies = [b for t in _children(root, "text") for b in _children(t, "body")]
    if version == 1:
        bodies = _children(root, "body")
        declared = [n.get("source") for h in _children(root, "header") for n in _children(h, "languages")]
        if declared and declared[0]:
            glossary.source_lang = normalize_lang(declared[0])
    entry_name, lang_name, term_name = {
        1: ("entry", "langGroup", ("termGroup",)),
        2: ("termEntry", "langSet", ("tig", "ntig")),
        3: ("conceptEntry", "langSec", ("termSec",)),
    }[version]
    for body in bodies:
        for number, element in enumerate(_children(body, entry_name), 1):
            entry = _read_entry(element, lang_name, term_name, path, number, glossary.skipped)
            if entry.id in glossary:
                raise ParseError(f"entry id {entry.id!r} is used twice", path=path, line=element.sourceline)
            glossary.add(entry)
    return glossary


def _read_entry(
    element: etree._Element,
    lang_name: str,
    term_names: tuple[str, ...],
    path: str | Path,
    number: int,
    skipped: list[str],
) -> Entry:
    entry = Entry(
        id=element.get("id") or f"entry-{number}",
        type=_collapsed(_typed(element, "descrip", "subjectField")),
        definition=_collapsed(_typed(element, "descrip", "definition")),
        note=_notes(element),
        exact_case=_typed(element, "descrip", "x-tm-case") == "exact",
        policy=_typed(element, "descrip", "x-tm-policy"),
    )
    for lang_set in _children(element, lang_name):
        lang = lang_set.get(XML_LANG) or lang_set.get("lang")
        if not lang:
            raise ParseError(f"<{lang_name}> without xml:lang", path=path, line=lang_set.sourceline)
        terms = []
        for holder in _children(lang_set, *term_names):
            term = _read_term(holder, path)
            if term is None:  # an empty <term/> placeholder (MultiTerm writes them): no term to keep
                skipped.append(f"{path}:{holder.sourceline}: entry {entry.id!r} ({lang}): empty <term> skipped")
            else:
                terms.append(term)
        if not entry.definition:
            entry.definition = _collapsed(_typed(lang_set, "descrip", "definition"))
        try:
            for term in terms:
                entry.add_term(lang, term)
        except TmError as exc:  # a bad language tag
            raise ParseError(exc.message, path=path, line=lang_set.sourceline) from exc
    if not entry.terms and not any(_children(ls, *term_names) for ls in _children(element, lang_name)):
        raise ParseError(f"entry {entry.id!r} has no terms", path=path, line=element.sourceline)
    return entry


def _read_term(element: etree._Element, path: str | Path) -> Term | None:
    """The term of a tig/ntig/termSec/termGroup; None for an empty ``<term/>``. The status is
    unspecified unless the file states one (in any of the standard's places and values)."""
    holder = element
    if xmlsafe.localname(element) == "ntig":
        groups = _children(element, "termGrp")
        holder = groups[0] if groups else element
    terms = _children(holder, "term")
    if not terms:
        raise ParseError(f"<{xmlsafe.localname(element)}> without a <term>", path=path, line=element.sourceline)
    if not _text(terms[0]):
        return None
    status_text = next((found for where in (holder, element) for kind in _STATUS_KINDS
                        if (found := _typed(where, "termNote", kind))), "")  # fmt: skip
    status = _status(status_text)
    if status is None:
        raise ParseError(f"unknown term status {status_text!r}", path=path, line=element.sourceline,
                         hint="TBX values: preferredTerm-admn-sts, admittedTerm-admn-sts, deprecatedTerm-admn-sts, "
                              "supersededTerm-admn-sts, standardizedTerm-admn-sts, legalTerm-admn-sts, "
                              "regulatedTerm-admn-sts (or the same without -admn-sts)")  # fmt: skip
    return Term(
        text=_collapsed(_text(terms[0])),
        status=status,
        pos=_typed(holder, "termNote", "partOfSpeech"),
        term_type=_typed(holder, "termNote", "termType"),
        note=_notes(element) or _notes(holder),
    )


def _status(text: str) -> TermStatus | None:
    """The status a TBX value names (``standardizedTerm-admn-sts``, ``deprecatedTerm``, ``notRecommended``);
    unspecified for no value, None for a value the standard does not define."""
    if not text:
        return TermStatus.UNSPECIFIED
    stem = text.strip().lower().removesuffix("-admn-sts")
    return _STATUS_IN.get(stem.removesuffix("term")) if stem != "term" else None


# --------------------------------------------------------------------------- writing


def dumps(glossary: Glossary, version: int = 2) -> bytes:
    """Serialise ``glossary`` as TBX ``version`` 2 or 3 (deterministic bytes, UTF-8)."""
    if version not in (2, 3):
        raise TmError(f"TBX version must be 2 or 3, not {version}")
    ns = f"{{{TBX3_NS}}}" if version == 3 else ""

    def sub(parent: etree._Element, name: str, text: str | None = None, **attrs: str) -> etree._Element:
        child = etree.SubElement(parent, ns + name)
        for key, value in attrs.items():
            child.set(XML_LANG if key == "lang" else key, value)
        if text is not None:
            child.text = text
        return child

    if version == 2:
        root = etree.Element("martif")
        root.set("type", "TBX-Basic")
        root.set(XML_LANG, glossary.source_lang)
        header = sub(root, "martifHeader")
    else:
        root = etree.Element(ns + "tbx", nsmap={None: TBX3_NS})
        root.set("type", "TBX-Basic")
        root.set("style", "dca")
        root.set(XML_LANG, glossary.source_lang)
        header = sub(root, "tbxHeader")
    file_desc = sub(header, "fileDesc")
    if glossary.title:
        sub(sub(file_desc, "titleStmt"), "title", glossary.title)
    sub(sub(file_desc, "sourceDesc"), "p", glossary.description)
    if version == 2:
        sub(sub(header, "encodingDesc"), "p", "TBXBasicXCSV02.xcs", type="XCSURI")
    text = sub(root, "text")
    body = sub(text, "body") if len(glossary) else None  # v3 wants no body rather than an empty one
    for entry in glossary:
        element = sub(body, "termEntry" if version == 2 else "conceptEntry", id=entry.id)
        if entry.type:
            sub(element, "descrip", entry.type, type="subjectField")
        if entry.definition:
            sub(element, "descrip", entry.definition, type="definition")
        if entry.policy and version == 2:
            sub(element, "descrip", entry.policy, type="x-tm-policy")
        if entry.exact_case and version == 2:
            sub(element, "descrip", "exact", type="x-tm-case")
        if entry.note:
            sub(element, "note", entry.note)
        for lang, terms in entry.terms.items():
            lang_set = sub(element, "langSet" if version == 2 else "langSec", lang=lang)
            for term in terms:
                tig = sub(lang_set, "tig" if version == 2 else "termSec")
                sub(tig, "term", term.text)
                if term.pos:
                    sub(tig, "termNote", term.pos, type="partOfSpeech")
                if term.term_type:
                    sub(tig, "termNote", term.term_type, type="termType")
                if term.status in _STATUS_OUT:  # unspecified: the file says nothing, as the one read did
                    sub(tig, "termNote", _STATUS_OUT[term.status], type="administrativeStatus")
                if term.note:
                    sub(tig, "note", term.note)
    etree.indent(root, space="  ")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def write_glossary(
    glossary: Glossary,
    path: str | Path,
    version: int = 2,
    source_lang: str | None = None,
    target_lang: str | None = None,
) -> bool:
    """Write ``glossary`` as TBX (v2 by default) atomically; False when the file was unchanged.
    A TBX holds every language: ``source_lang`` and ``target_lang`` are not used."""
    return write_atomic(path, dumps(glossary, version))
