"""Exchanging a document with CAT tools: export it as PO, XLIFF or TMX job files, and import the
returned PO or XLIFF files back into its PO files (``import_translations``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from tm import formats
from tm.builder import plan_po_bytes, write_plans, write_tmx
from tm.document import Document, normalize_source
from tm.errors import TmError
from tm.fileio import write_atomic
from tm.formats import xliff, xliff2
from tm.lock import project_lock
from tm.merge import EXPORT_STATES, Plan, plan
from tm.model import Status, Unit, normalize_lang, same_lang

DOCUMENT_EXPORT_FORMATS = ("po", "xliff", "xliff2", "tmx")


def export(
    document: Document,
    fmt: str,
    out_dir: str | Path,
    langs: Sequence[str] | None = None,
    profile: str = "generic",
    only: Status | None = None,
) -> list[Path]:
    """Write the document as ``po`` (one PO per language), ``xliff`` or ``xliff2`` (one XLIFF 1.2 or
    2.1 job file per language) or ``tmx`` (the multilingual TMX) into ``out_dir``; return the paths
    written. ``only`` (TMX): translated (the default: translated or reviewed) or reviewed targets alone."""
    if fmt not in DOCUMENT_EXPORT_FORMATS:
        raise TmError(f"cannot export as {fmt!r}", hint="formats: " + ", ".join(DOCUMENT_EXPORT_FORMATS))
    if only is not None and (fmt != "tmx" or only not in EXPORT_STATES):
        raise TmError(
            f"cannot export only {only.value} units as {fmt}", hint="--only translated|reviewed is for --format tmx"
        )
    out_dir = Path(out_dir)
    p = plan(document, langs)
    paths = []
    if fmt == "tmx":
        return write_tmx(p, out_dir, profile, only or Status.TRANSLATED)
    for lang in p.languages:
        if fmt in ("xliff", "xliff2"):
            path = out_dir / f"{document.name}.{lang}.xlf"
            (xliff if fmt == "xliff" else xliff2).write(
                p.active(lang),
                path,
                srclang=document.source_lang,
                tgtlang=lang,
                original=f"{document.name}/{document.source.name}",
            )
        else:
            path = out_dir / f"{document.name}.{lang}.po"
            catalog = p.catalogs[lang]
            dates = (catalog.date("POT-Creation-Date"), catalog.date("PO-Revision-Date")) if catalog else (None, None)
            write_atomic(path, plan_po_bytes(p, lang, *dates))
        paths.append(path)
    return paths


def export_xliff(document: Document, lang: str, path: str | Path) -> Path:
    """Write the XLIFF 1.2 job file of ``document`` in ``lang`` to ``path``."""
    lang = normalize_lang(lang)
    p = plan(document, [lang])
    xliff.write(
        p.active(lang),
        path,
        srclang=document.source_lang,
        tgtlang=lang,
        original=f"{document.name}/{document.source.name}",
    )
    return Path(path)


@dataclass(slots=True)
class ImportReport:
    """What importing a returned PO/XLIFF did to a document's PO file."""

    document: str
    lang: str
    updated: int = 0
    unchanged: int = 0
    kept: int = 0
    empty: int = 0
    unknown: int = 0
    written: list[Path] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "lang": self.lang,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "kept": self.kept,
            "empty": self.empty,
            "unknown": self.unknown,
            "written": [str(p) for p in self.written],
        }


def import_translations(
    file: str | Path, document: Document, *, profile: str = "generic", now: datetime | None = None
) -> ImportReport:
    """Update ``document``'s PO for the file's language from a returned XLIFF or PO file.

    A unit is found by id, else by its exact source text (an obsolete PO entry among the
    document's obsolete entries, so an edit to it is kept too). The import wins only where it
    carries a translation: an empty target there keeps what the PO holds (``kept``; ``empty``
    when neither has one); a target
    made for another source text comes in as fuzzy. Units the document does not have are
    counted as ``unknown``. The document's files are then rebuilt (``PO-Revision-Date`` moves
    only if a translation changed), holding the project lock.
    """
    module = formats.format_for(file)
    incoming = list(module.read(file))
    declared = getattr(module, "target_lang", None)
    lang = _import_lang(incoming, document, file, declared(file) if declared else None)
    with project_lock(document.folder.parent):
        return _import_into(plan(document, [lang]), incoming, lang, profile=profile, now=now)


def _import_into(p: Plan, incoming: list[Unit], lang: str, *, profile: str, now: datetime | None) -> ImportReport:
    document = p.document
    by_id: dict[tuple[bool, str], Unit] = {}
    by_text: dict[tuple[bool, str], Unit] = {}
    for unit in p.languages[lang]:
        by_id.setdefault((unit.obsolete, unit.id), unit)
        by_text.setdefault((unit.obsolete, normalize_source(unit.source.text)), unit)
    report = ImportReport(document.name, lang)
    for unit in incoming:
        mine = by_id.get((unit.obsolete, unit.id)) or by_text.get((unit.obsolete, normalize_source(unit.source.text)))
        theirs = unit.target(lang)
        if mine is None:
            report.unknown += 1
            continue
        if theirs is None or not theirs.content:
            old = mine.target(lang)
            if old is not None and old.content:
                report.kept += 1
            else:
                report.empty += 1
            continue
        made_from = theirs.source_text or unit.source.text
        stale = normalize_source(made_from) != normalize_source(mine.source.text)
        new = replace(
            theirs,
            lang=lang,
            source_text=made_from if stale else None,
            status=Status.DRAFT if stale else theirs.status,
            notes=theirs.notes or (kept.notes if (kept := mine.target(lang)) else []),
        )
        old = mine.target(lang)
        if old is not None and (old.content, old.status, old.source_text) == (new.content, new.status, new.source_text):
            report.unchanged += 1
            continue
        mine.targets = {lang: new}
        report.updated += 1
    written = write_plans([p], profile=profile, now=now, edited=[(document.name, lang)] if report.updated else [])
    report.written = written.written
    return report


def _import_lang(units: list[Unit], document: Document, file: str | Path, declared: str | None) -> str:
    """The target language of the units, or the one their file declares when none has a target."""
    langs = {lang for unit in units for lang in unit.targets} or ({declared} if declared else set())
    if len(langs) != 1:
        raise TmError(
            "cannot tell the target language of the file"
            if not langs
            else f"the file holds several target languages: {sorted(langs)}",
            path=file,
        )
    lang = langs.pop()
    for target in document.targets:
        if same_lang(target, lang):
            return target
    return normalize_lang(lang)
