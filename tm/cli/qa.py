"""`tm qa`: check translations (numbers, names, quotes, completeness, consistency...)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tm.cli._output import FormatOpt, OutputFormat, RootOpt, err, out, print_json, warn
from tm.config import find_project
from tm.document import documents_root
from tm.glossary.io import resolve_glossary
from tm.model import Severity
from tm.qa import CHECKS
from tm.qa.files import check_paths


def qa_command(
    paths: Annotated[
        list[str] | None,
        typer.Argument(help="Documents (name or folder) or PO/TMX/XLIFF files; default: every document."),
    ] = None,
    lang: Annotated[
        list[str] | None, typer.Option("--lang", "-l", help="Target language to check (repeat); default: all.")
    ] = None,
    glossary: Annotated[
        Path | None,
        typer.Option(help="Glossary (TBX/TSV/CSV) for the name checks; default: the one in glossaries/."),
    ] = None,
    check: Annotated[list[str] | None, typer.Option("--check", help="Run only this check (repeat).")] = None,
    skip: Annotated[list[str] | None, typer.Option("--skip", help="Leave this check out (repeat).")] = None,
    yo: Annotated[
        str | None,
        typer.Option(
            "--yo", help="The Russian ё policy: ё (write ё) or е (write е); default: tm.toml's [qa] yo, else none."
        ),
    ] = None,
    list_checks: Annotated[
        bool, typer.Option("--list", help="List the checks and what each catches, then exit.")
    ] = False,
    root: RootOpt = None,
    format: FormatOpt = OutputFormat.text,
) -> None:
    """Check translations and print one line per finding; exit 1 when an error is found.

    Example:

        tm qa

        tm qa article-2023-02-23 --lang az --glossary glossaries/article-2023-02-23.tbx

        tm qa segments/article-2023-02-23/ru.po --format json

        tm qa --lang ru --yo е
    """
    if list_checks:
        if format is OutputFormat.json:
            print_json([c.to_dict() for c in CHECKS.values()])
            return
        for c in CHECKS.values():
            out.print(f"{c.name:<20} {c.severity:<8} {c.summary}", markup=False)
        return
    root = root if paths else documents_root(root)  # every document: the project must be there
    if yo is None and (project := find_project(Path(paths[0]).parent if paths else root)) is not None:
        yo = project.qa.yo  # the [qa] yo of the tm.toml of the project checked
    terms = resolve_glossary(glossary)
    if terms is None:
        warn("no glossary: the name checks are skipped (use --glossary PATH)")
    report = check_paths(paths or (), lang, terms, root, check, skip or (), yo=yo)
    if format is OutputFormat.json:
        print_json(report.to_dict())
    else:
        for i in report.issues:
            out.print(f"{i.file}:{i.unit} [{i.lang}] {i.check} {i.severity}: {i.message}", markup=False)
        counts = ", ".join(f"{report.count(s)} {s}(s)" for s in Severity)
        err.print(f"tm qa: {counts} in {len(report.checked)} set(s) checked", markup=False)
    if report.has_errors:
        raise typer.Exit(1)
