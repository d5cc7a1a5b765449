"""`tm build`: segment every document and write its POT, PO files and TMX."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tm.builder import build
from tm.cli._output import FormatOpt, OutputFormat, RootOpt, err, print_json, warn_strays
from tm.config import export_profile
from tm.glossary.io import resolve_glossary
from tm.merge import no_hints


def build_command(
    root: RootOpt = None,
    lang: Annotated[
        list[str] | None,
        typer.Option("--lang", "-l", help="Target language (repeat); default: the document's targets."),
    ] = None,
    profile: Annotated[
        str | None,
        typer.Option(help="TMX export profile: generic, omegat, trados, memoq, phrase (default: the project's)."),
    ] = None,
    glossary: Annotated[
        Path | None, typer.Option(help="Glossary for the #. hints (default: the project's, if any).")
    ] = None,
    hints: Annotated[
        bool, typer.Option(help="Write glossary hints into the PO files (--no-hints removes them).")
    ] = True,
    format: FormatOpt = OutputFormat.text,
) -> None:
    """Build every document: POT, one PO per target language (merged, nothing lost), TMX.

    Example:

        tm build

        tm build --root segments --lang az --lang ru
    """
    warn_strays(root)
    terms = resolve_glossary(glossary, root) if hints else None
    report = build(
        root, lang or None, profile=profile or export_profile(root), glossary=terms, hints=None if hints else no_hints
    )
    if format is OutputFormat.json:
        print_json(report.to_dict())
        return
    for path in report.written:
        err.print(f"wrote {path}", markup=False)
    err.print(
        f"{len(report.documents)} document(s), {len(report.written)} file(s) written, "
        f"{len(report.unchanged)} unchanged",
        markup=False,
    )
