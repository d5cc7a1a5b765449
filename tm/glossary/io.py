"""Reading and writing glossary files in any supported format, and the project's glossary views.

Formats: ``tbx`` (TBX v2 ``martif``, the interchange form; reading also takes v3), ``tbx3``
(ISO 30042:2019 TBX-Basic), ``tsv`` (OmegaT's tab-separated ``.txt``, one language pair) and
``csv`` (one row per entry). The format follows the file extension unless given.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tm.config import find_project, require_project
from tm.errors import TmError
from tm.fileio import write_files
from tm.glossary import formats
from tm.glossary.formats import GlossaryFormat, csv, tbx, tsv
from tm.glossary.model import Glossary
from tm.lock import project_lock

__all__ = [
    "FORMATS",
    "default_glossary_path",
    "edit_glossary",
    "export_views",
    "load_glossary",
    "project_glossary_path",
    "read_glossary",
    "write_glossary",
]

#: Format name -> what it is, for help texts.
FORMATS: dict[str, str] = {
    "tbx": "TBX v2 (martif, no namespace; OmegaT, translate-toolkit, memoQ, Trados)",
    "tbx3": "TBX v3 (ISO 30042:2019, TBX-Basic, DCA style)",
    "tsv": "OmegaT tab-separated glossary (.txt, one language pair)",
    "csv": "CSV, one row per entry (UTF-8 with BOM for Excel)",
}

#: Where a project keeps its glossaries.
GLOSSARY_DIR = "glossaries"


def _format(path: str | Path, format: str | None) -> GlossaryFormat:
    """The format module for ``path``: ``format`` when given (``tbx3`` is ``tbx``), else by extension."""
    if format is not None and format not in FORMATS:
        raise TmError(f"unknown glossary format {format!r}", hint=f"use one of {', '.join(FORMATS)}")
    try:
        return formats.format_for(path, tbx.NAME if format == "tbx3" else format)
    except TmError as exc:
        exc.hint = f"{exc.hint} ({', '.join(FORMATS)})"
        raise


def read_glossary(
    path: str | Path,
    format: str | None = None,
    source_lang: str | None = None,
    target_lang: str | None = None,
) -> Glossary:
    """Read a glossary file; ``source_lang``/``target_lang`` are needed for a tab-separated file
    whose name does not carry them. Raises TmError/ParseError naming file and line."""
    module = _format(path, format)
    if not Path(path).is_file():
        raise TmError("cannot read: no such file", path=path, hint="check the path of the glossary file")
    return module.read_glossary(path, source_lang=source_lang, target_lang=target_lang)


def write_glossary(
    glossary: Glossary,
    path: str | Path,
    format: str | None = None,
    source_lang: str | None = None,
    target_lang: str | None = None,
) -> bool:
    """Write ``glossary`` atomically in ``format`` (from the extension by default); a
    tab-separated file holds one pair: ``target_lang`` or the ``.src-tgt.txt`` name says which.
    Returns False when the file already held exactly these bytes."""
    module = _format(path, format)
    if format == "tbx3":
        return tbx.write_glossary(glossary, path, version=3)
    return module.write_glossary(glossary, path, source_lang=source_lang, target_lang=target_lang)


def export_views(glossary: Glossary, tbx_path: str | Path) -> list[Path]:
    """Write the project's glossary files from ``glossary``: the TBX v2 at ``tbx_path`` and,
    beside it, a CSV and one OmegaT ``.txt`` per language pair (``<stem>.en-az.txt``).
    Deterministic, and all or nothing (``fileio.write_files``): a view is never left out of step
    with the TBX. Returns the paths written or already up to date."""
    tbx_path = Path(tbx_path)
    stem = tbx_path.with_suffix("")
    source = glossary.source_lang
    views = [(stem.with_suffix(".csv"), csv.dumps_bytes(glossary))]
    views += [
        (Path(f"{stem}.{source}-{lang}.txt"), tsv.dumps(glossary, source, lang).encode("utf-8"))
        for lang in glossary.langs
        if lang != source
    ]
    write_files([(tbx_path, tbx.dumps(glossary)), *views])  # the TBX is the main file: it lands last
    return [tbx_path, *(path for path, _ in views)]


def save_glossary(glossary: Glossary, path: str | Path) -> list[Path]:
    """Write ``glossary`` to ``path`` after an edit; a TBX brings the CSV and OmegaT views beside
    it up to date too (``export_views``), so no view is left stale. Returns the paths."""
    if _format(path, None) is tbx:
        return export_views(glossary, path)
    write_glossary(glossary, path)
    return [Path(path)]


def load_glossary(path: str | Path | None = None, create: bool = False) -> tuple[Glossary, Path]:
    """Read the glossary at ``path`` (default: ``default_glossary_path()``); with ``create``, a
    missing file gives an empty glossary. Returns the glossary and the path it belongs to."""
    path = Path(path) if path is not None else default_glossary_path()
    if not path.exists():
        if create:
            return Glossary(), path
        raise TmError(
            "no glossary here yet", path=path, hint="create one with `tm glossary add` or `tm glossary import`"
        )
    return read_glossary(path), path


@contextmanager
def edit_glossary(path: str | Path | None = None, create: bool = False) -> Iterator[tuple[Glossary, Path]]:
    """``load_glossary(path, create)`` for an edit: the project lock is held until the block
    ends, so the ``save_glossary`` in it writes over what it read and no edit of another
    process lands in between to be lost."""
    path = Path(path) if path is not None else default_glossary_path()
    with project_lock(path.parent):
        yield load_glossary(path, create)


def default_glossary_path(start: str | Path | None = None) -> Path:
    """``project_glossary_path(start)``; outside a project (and no ``$TM_GLOSSARY``) a TmError saying so."""
    path = project_glossary_path(start)
    if path is None:
        require_project(start)
    assert path is not None
    return path


def project_glossary_path(start: str | Path | None = None) -> Path | None:
    """The glossary of the project around ``start`` (default: the current folder):
    ``$TM_GLOSSARY`` if set, else the one its ``tm.toml`` names, else the one ``.tbx`` in its
    ``glossaries/`` (``glossaries/glossary.tbx`` when there is none yet); None outside a project.
    Several ``.tbx`` files need a choice."""
    if os.environ.get("TM_GLOSSARY"):
        return Path(os.environ["TM_GLOSSARY"])
    project = find_project(start)
    if project is None:
        return None
    if project.glossary is not None:
        return project.glossary
    folder = project.root / GLOSSARY_DIR
    found = sorted(folder.glob("*.tbx"))
    if len(found) > 1:
        raise TmError(
            f"{len(found)} glossaries in {folder}: " + ", ".join(p.name for p in found),
            hint="choose one with --glossary PATH",
        )
    return found[0] if found else folder / "glossary.tbx"
