"""Run the checks on translation files (PO, TMX, XLIFF) and on the project's documents.

``check_paths(paths)`` is what ``tm qa`` calls: each path is a translation file, a document
folder or a document name under ``root``; no path means every document under ``root``. A file is
checked in each target language it holds (or those asked for), a document in each of its target
languages (its ``<lang>.po``), each set on its own so consistency stays within one document.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from tm import formats
from tm.errors import TmError
from tm.formats import PlainUnit, po
from tm.model import Finding, Severity, Unit, normalize_lang, same_lang
from tm.qa import QaContext, check_unit, checks_for

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

    issues: list[Finding] = field(default_factory=list)
    checked: list[CheckedSet] = field(default_factory=list)

    def count(self, severity: Severity) -> int:
        return sum(1 for issue in self.issues if issue.severity == severity)

    @property
    def has_errors(self) -> bool:
        return self.count(Severity.ERROR) > 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "checked": [c.to_dict() for c in self.checked],
            "counts": {s.value: self.count(s) for s in Severity},
            "issues": [i.to_dict() for i in self.issues],
        }


def check_units(
    units: Iterable[Unit],
    name: str,
    langs: Iterable[str],
    source_lang: str,
    glossary: Any = None,
    only: Iterable[str] | None = None,
    skip: Iterable[str] = (),
    report: QaReport | None = None,
    yo: str | None = None,
) -> QaReport:
    """Check ``units`` in each of ``langs``; issues carry ``name`` as their file, one language
    after the other. ``units`` is read once, a unit at a time, so a stream of any length is
    checked in bounded memory (``tm.qa.run_checks``). ``yo`` is the project's ё policy (``ё`` or
    ``е``; None: the yo-policy check does nothing)."""
    report = report if report is not None else QaReport()
    sets = [(lang, QaContext(source_lang=source_lang, glossary=glossary, yo=yo), checks_for(lang, only, skip))
            for lang in langs]  # fmt: skip
    found: list[list[Finding]] = [[] for _ in sets]
    live = 0
    for unit in units:
        if unit.obsolete or not unit.source.text.strip():
            continue
        live += 1
        for (lang, ctx, enabled), issues in zip(sets, found):
            issues.extend(replace(issue, file=name) for issue in check_unit(unit, lang, ctx, enabled))
    for (lang, _, _), issues in zip(sets, found):
        report.issues.extend(issues)
        report.checked.append(CheckedSet(name, lang, live))
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
    cannot be read or holds no translation to check. ``yo``: as for ``check_units``.

    Files are read a unit at a time (a PO entry by entry), in bounded memory for any size; a file
    checked in the languages it holds (no ``langs``) is read twice, first for those languages."""
    from tm.document import find_documents, open_document

    wanted = [normalize_lang(lang) for lang in langs] if langs else None
    only = list(only) if only is not None else None
    report = QaReport()
    for path in paths or [None]:  # type: ignore[list-item]
        if path is not None and _names_a_file(path) and not Path(path).exists():
            raise TmError("cannot read: no such file", path=path, hint="give a PO, TMX or XLIFF file, or a document")
        if path is not None and Path(path).is_file():
            one_lang = wanted[0] if wanted and len(wanted) == 1 else None
            file_langs = wanted or _target_langs(_units(path, one_lang), path)
            units = _units(path, one_lang)  # a PO without a Language header is in --lang
            first = next(units, None)
            source_lang = first.source.lang if first is not None else "en"
            rest = itertools.chain([first], units) if first is not None else ()
            check_units(rest, str(path), file_langs, source_lang, glossary, only, skip, report, yo)
            continue
        documents = find_documents(root) if path is None else [open_document(path, root)]
        for document in documents:
            for lang in wanted or document.targets:
                po_path = document.po_path(lang)
                if not po_path.is_file():
                    raise TmError(f"no {lang} translation file", path=po_path, hint="run tm build first")
                units = po.read_rows(po_path)
                check_units(units, str(po_path), [lang], document.source_lang, glossary, only, skip, report, yo)
    return report


def _units(path: str | Path, target_lang: str | None) -> Iterator[Unit]:
    """The units of a translation file as ``formats.read`` gives them, but read a unit at a time in
    file order (``formats.read_rows``: a PO entry by entry, its obsolete entries where they stand)."""
    for found in formats.read_rows(path, target_lang=target_lang):
        yield found.unit() if isinstance(found, PlainUnit) else found


def _names_a_file(path: str | Path) -> bool:
    """Whether ``path`` has the extension of a translation file (a document is a folder name)."""
    return any(Path(path).suffix.lower() in module.EXTENSIONS for module in formats.FORMATS.values())


def _target_langs(units: Iterable[Unit], path: str | Path) -> list[str]:
    """The target languages the units of the file ``path`` hold, in order; TmError when there are none."""
    held: list[str] = []
    for unit in units:
        for lang in unit.targets:
            if not any(same_lang(lang, h) for h in held):
                held.append(normalize_lang(lang))
    if not held:
        raise TmError("the file holds no translation to check", path=path, hint="name the target language with --lang")
    return held
