"""`tm export`: write a document as XLIFF job files, PO files or TMX."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from tm.cli._output import DocArg, RootOpt, err
from tm.project import export, open_document


def export_command(
    doc: DocArg,
    format: Annotated[str, typer.Option("--format", "-f", help="File format: xliff, po or tmx.")] = "xliff",
    lang: Annotated[
        Optional[list[str]], typer.Option("--lang", "-l", help="Target language (repeat); default: the document's targets.")
    ] = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder to write into.")] = Path("."),
    profile: Annotated[str, typer.Option(help="TMX profile: generic, omegat, trados, memoq, phrase.")] = "generic",
    root: RootOpt = Path("segments"),
) -> None:
    """Export a document for a CAT tool: one XLIFF 1.2 or PO file per language, or the TMX.

    Example:

        tm export article-2023-02-23 --format xliff --lang az -o jobs/
    """
    for path in export(open_document(doc, root), format, output, lang or None, profile=profile):
        err.print(f"wrote {path}", markup=False)
