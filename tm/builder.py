"""Building a document's files: the POT, one PO per target language and the multilingual TMX.

- ``build`` parses and checks everything before it writes anything, and writes only files
  whose bytes change (a build with nothing to change changes no byte and no file date).
- Dates are stable: the POT keeps its ``POT-Creation-Date`` while its content is unchanged, and
  gets the current time (``$SOURCE_DATE_EPOCH`` when set) only when it changes; a PO keeps its
  ``PO-Revision-Date`` through builds (a new PO starts with the POT's date) and gets the current
  time when its translations are edited (``write_plans(edited=...)``, ``save_translations``).
- Whole documents: a command that writes a document's files writes them from the whole
  document. The PO files of the languages it works on keep every translation, hint and header
  field, and the TMX holds every target language of the document, read from the PO files as
  they stand when the command does not work on them (``build --lang az`` keeps the Russian).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from tm.config import DOCUMENTS_DIR, find_project, start_project
from tm.document import Document, documents_root, find_documents, new_document
from tm.errors import TmError
from tm.fileio import write_atomic, write_files
from tm.formats import po, tmx
from tm.glossary.io import resolve_glossary
from tm.glossary.model import Glossary
from tm.lock import project_lock
from tm.merge import Hints, Plan, plan, whole_plan
from tm.model import Status, Unit, normalize_lang, utcnow


@dataclass(slots=True)
class BuildReport:
    """What a build did: the documents it read and the files it wrote or left alone."""

    documents: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "written": [str(p) for p in self.written],
            "unchanged": [str(p) for p in self.unchanged],
        }


def build(
    root: str | Path | None = None,
    langs: Sequence[str] | None = None,
    *,
    profile: str = "generic",
    hints: Hints | Any = None,
    glossary: Glossary | None = None,
    now: datetime | None = None,
) -> BuildReport:
    """Build every document under ``root`` (default: the project's ``segments/``): POT, one PO per target language, the TMX.

    Everything is read, merged and rendered before the first file is written, so bad input
    (a broken PO, an undecodable source) raises TmError and leaves every file as it was.
    ``glossary`` (or ``hints``) adds the glossary terms of each sentence as ``#.`` lines.
    It holds the project lock from the first read to the last write.
    """
    documents = find_documents(root)
    with project_lock(documents_root(root)):
        plans = [plan(document, langs, hints, glossary) for document in documents]
        return write_plans(plans, profile=profile, now=now)


def write_plans(
    plans: Sequence[Plan],
    *,
    profile: str = "generic",
    now: datetime | None = None,
    edited: Iterable[tuple[str, str]] = (),
) -> BuildReport:
    """Render the files of every plan in memory, then write those whose bytes change.

    ``edited`` names the (document, language) POs whose translations were edited: if their
    content changes they get ``PO-Revision-Date`` = now.
    """
    now = now or current_time()
    files: list[tuple[Path, bytes]] = []
    report = BuildReport()
    for p in plans:
        report.documents.append(p.document.name)
        files += _render_files(p, now, set(edited), profile)
    for (path, _), changed in zip(files, write_files(files)):
        (report.written if changed else report.unchanged).append(path)
    return report


def _render_files(p: Plan, now: datetime, edited: set[tuple[str, str]], profile: str) -> list[tuple[Path, bytes]]:
    doc = p.document
    template = [replace(u, targets={}, notes=[]) for u in p.units]
    pot_dumps = partial(
        po.dumps, lang=None, source_lang=doc.source_lang, project=doc.name, title=f"{doc.name}: template"
    )
    old_created = p.template.date("POT-Creation-Date") if p.template else None
    pot = pot_dumps(template, created=old_created or now, revised=old_created or now)
    if old_created and doc.pot_path.read_bytes() != pot.encode("utf-8"):
        pot = pot_dumps(template, created=now, revised=now)
        old_created = None
    created = old_created or now
    files = [(doc.pot_path, pot.encode("utf-8"))]
    revised: dict[str, datetime | None] = {}
    for lang in p.languages:
        catalog = p.catalogs.get(lang)
        revised[lang] = (catalog.date("PO-Revision-Date") if catalog else None) or created
        data = plan_po_bytes(p, lang, created, revised[lang])
        if (doc.name, lang) in edited and catalog is not None and doc.po_path(lang).read_bytes() != data:
            revised[lang] = now
            data = plan_po_bytes(p, lang, created, now)
        files.append((doc.po_path(lang), data))
    # The TMX dates are the PO header's, as it holds them (to the minute), so a rebuild agrees.
    as_written = {lang: po.parse_date(po.format_date(date)) if date else None for lang, date in revised.items()}
    return files + tmx_files(whole_plan(p), doc.folder, profile, revised=as_written)


def plan_po_bytes(p: Plan, lang: str, created: datetime | None, revised: datetime | None) -> bytes:
    catalog = p.catalogs.get(lang)
    return po_bytes(p.document, p.languages[lang], lang, created, revised, catalog.metadata if catalog else None)


def po_bytes(
    doc: Document,
    units: Sequence[Unit],
    lang: str,
    created: datetime | None,
    revised: datetime | None,
    kept: Mapping[str, str] | None = None,
) -> bytes:
    """The bytes of ``doc``'s PO file for ``lang`` holding ``units``, as ``build`` writes them
    (``kept``: the header of the file being replaced, whose personal fields are kept)."""
    text = po.dumps(
        units,
        lang=lang,
        source_lang=doc.source_lang,
        project=doc.name,
        created=created,
        revised=revised,
        title=f"{doc.name}: {doc.source_lang} -> {lang}",
        kept=kept,
    )
    return text.encode("utf-8")


def tmx_files(
    p: Plan,
    out_dir: Path,
    profile: str = "generic",
    only: Status = Status.TRANSLATED,
    revised: Mapping[str, datetime | None] | None = None,
) -> list[tuple[Path, bytes]]:
    """The plan's TMX files in ``out_dir`` and their bytes: ``<doc>.tmx`` (en + every target in
    each ``<tu>``), or ``<doc>.en-az.tmx`` ... for a profile that wants one language pair per
    file. ``only`` and ``revised``: as for ``Plan.multilingual``."""
    if profile not in tmx.PROFILES:
        raise TmError(f"unknown TMX profile {profile!r}", hint="choose one of: " + ", ".join(tmx.PROFILES))
    path = out_dir / p.document.tmx_path.name
    units = p.multilingual(only, revised)
    srclang = p.document.source_lang
    if tmx.PROFILES[profile].pairs:
        return [
            (
                tmx.pair_path(path, srclang, lang),
                tmx.dumps(units, srclang=srclang, profile=profile, langs=[lang]).encode(),
            )
            for lang in p.languages
        ]
    return [(path, tmx.dumps(units, srclang=srclang, profile=profile).encode())]


def write_tmx(p: Plan, out_dir: Path, profile: str = "generic", only: Status = Status.TRANSLATED) -> list[Path]:
    """Write the plan's ``tmx_files`` into ``out_dir``, all or none; return their paths."""
    files = tmx_files(p, out_dir, profile, only)
    write_files(files)
    return [path for path, _ in files]


def current_time() -> datetime:
    """Now in UTC, or ``$SOURCE_DATE_EPOCH`` when set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), UTC)
        except ValueError as exc:
            raise TmError(f"SOURCE_DATE_EPOCH is not a number of seconds: {epoch!r}") from exc
    return utcnow()


def save_translations(
    document: Document,
    lang: str,
    units: Sequence[Unit],
    *,
    now: datetime | None = None,
    translator: str | None = None,
) -> bool:
    """Write ``units`` (a PO's units, obsolete ones included) as ``document``'s PO for ``lang``,
    atomically and byte for byte as ``build`` would write them; only when the content changes,
    with ``PO-Revision-Date`` = now and, given a ``translator``, ``Last-Translator`` = that. The
    header dates come from the PO on disk. Returns whether the file was written."""
    lang = normalize_lang(lang)
    path = document.po_path(lang)
    catalog = po.load(path) if path.exists() else None
    created = catalog.date("POT-Creation-Date") if catalog else None
    revised = catalog.date("PO-Revision-Date") if catalog else None
    kept = dict(catalog.metadata) if catalog else {}
    if translator:
        kept["Last-Translator"] = translator
    data = po_bytes(document, units, lang, created, revised, kept)
    if catalog is not None and path.read_bytes() == data:
        return False
    return write_atomic(
        path, po_bytes(document, units, lang, created or (now or current_time()), now or current_time(), kept)
    )


# --------------------------------------------------------------------------- starting a document


def start_document(
    name: str,
    source: str | Path,
    source_lang: str | None = None,
    targets: Sequence[str] | None = None,
    *,
    root: str | Path | None = None,
    now: datetime | None = None,
    **fields: str | None,
) -> tuple[Document, BuildReport]:
    """Start document ``name`` (see ``tm.document.new_document``) and build its files.

    Without ``root`` it goes into the project around the current folder, whose ``tm.toml``
    gives the default source and target languages; outside a project, the current folder
    becomes one. The build writes the POT, one PO per target (with the project glossary's
    hints) and the TMX, touching no other document. It holds the project lock.
    """
    project = find_project(root)
    folder = Path(root) if root is not None else project.documents if project else Path.cwd() / DOCUMENTS_DIR
    source_lang = source_lang or (project.source_lang if project else "en")
    targets = targets if targets is not None else (project.targets if project else ())
    with project_lock(folder):
        document = new_document(folder, name, source, source_lang, targets, **fields)
        if project is None and root is None:
            project = start_project(Path.cwd(), document.source_lang, document.targets)
        glossary = resolve_glossary(start=folder)
        profile = project.export_profile if project else "generic"
        return document, write_plans([plan(document, glossary=glossary)], profile=profile, now=now)
