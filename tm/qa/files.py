"""Run the checks on translation files (PO, TMX, XLIFF) and on the project's documents.

``check_paths(paths)`` is what ``tm qa`` calls: each path is a translation file, a document
folder or a document name under ``root``; no path means every document under ``root``. A file is
checked in each target language it holds (or those asked for), a document in each of its target
languages (its ``<lang>.po``), each set on its own so consistency stays within one document.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from tm import formats
from tm.errors import TmError
from tm.formats import po
from tm.model import Unit, normalize_lang, same_lang
from tm.qa import Issue, QaContext, run_checks

__all__ = ["CheckedSet", "QaReport", "check_paths", "check_units"]


@dataclass(frozen=True, slots=True)
class CheckedSet:
    """One set of units checked in one language: a file or document, and how many units."""

    name: str
    lang: str
    units: int

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "lang": self.lang, "units": self.units}


@dataclass(slots=True)
class QaReport:
    """Every issue found, and what was checked."""

    issues: list[Issue] = field(default_factory=list)
    checked: list[CheckedSet] = field(default_factory=list)

    def count(self, severity: str) -> int:
        return sum(1 for issue in self.issues if issue.severity == severity)

    @property
    def has_errors(self) -> bool:
        return self.count("error") > 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "checked": [c.to_dict() for c in self.checked],
            "counts": {s: self.count(s) for s in ("error", "warning", "info")},
            "issues": [i.to_dict() for i in self.issues],
        }


def check_units(
    units: Sequence[Unit],
    name: str,
    langs: Iterable[str],
    source_lang: str,
    glossary: Any = None,
    only: Iterable[str] | None = None,
    skip: Iterable[str] = (),
    report: QaReport | None = None,
    yo: str | None = None,
) -> QaReport:
    """Check ``units`` in each of ``langs``; issues carry ``name`` as their file. ``yo`` is the
    project's ё policy (``ё`` or ``е``; None: the yo-policy check does nothing)."""
    report = report if report is not None else QaReport()
    live = [u for u in units if po.OBSOLETE not in u.props and u.source.text.strip()]
    for lang in langs:
        ctx = QaContext(source_lang=source_lang, glossary=glossary, units=live, yo=yo)
        found = run_checks(live, lang, ctx, only=only, skip=skip)
        report.issues.extend(replace(issue, file=name) for issue in found)
        report.checked.append(CheckedSet(name, lang, len(live)))
    return report


def check_paths(
    paths: Sequence[str | Path] = (),
    langs: Sequence[str] | None = None,
    glossary: Any = None,
    root: str | Path | None = None,
    only: Iterable[str] | None = None,
    skip: Iterable[str] = (),
    yo: str | None = None,
) -> QaReport:
    """Check translation files and documents (see the module docstring); raise TmError if one
    cannot be read or holds no translation to check. ``yo``: as for ``check_units``."""
    from tm.document import find_documents, open_document

    wanted = [normalize_lang(lang) for lang in langs] if langs else None
    only = list(only) if only is not None else None
    report = QaReport()
    for path in paths or [None]:  # type: ignore[list-item]
        if path is not None and _names_a_file(path) and not Path(path).exists():
            raise TmError("cannot read: no such file", path=path, hint="give a PO, TMX or XLIFF file, or a document")
        if path is not None and Path(path).is_file():
            one_lang = wanted[0] if wanted and len(wanted) == 1 else None
            units = list(formats.read(path, target_lang=one_lang))  # a PO without a Language header is in --lang
            file_langs = _target_langs(units, wanted, path)
            source_lang = units[0].source.lang if units else "en"
            check_units(units, str(path), file_langs, source_lang, glossary, only, skip, report, yo)
            continue
        documents = find_documents(root) if path is None else [open_document(path, root)]
        for document in documents:
            for lang in wanted or document.targets:
                po_path = document.po_path(lang)
                if not po_path.is_file():
                    raise TmError(f"no {lang} translation file", path=po_path, hint="run tm build first")
                units = list(po.read(po_path))
                check_units(units, str(po_path), [lang], document.source_lang, glossary, only, skip, report, yo)
    return report


def _names_a_file(path: str | Path) -> bool:
    """Whether ``path`` has the extension of a translation file (a document is a folder name)."""
    return any(Path(path).suffix.lower() in module.EXTENSIONS for module in formats.FORMATS.values())


def _target_langs(units: Sequence[Unit], wanted: list[str] | None, path: str | Path) -> list[str]:
    held: list[str] = []
    for unit in units:
        for lang in unit.targets:
            if not any(same_lang(lang, h) for h in held):
                held.append(normalize_lang(lang))
    if wanted:
        return wanted
    if not held:
        raise TmError("the file holds no translation to check", path=path, hint="name the target language with --lang")
    return held
