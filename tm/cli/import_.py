"""`tm import`: bring translations back from a returned XLIFF or PO file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from tm.cli._output import FormatOpt, OutputFormat, RootOpt, err, print_json
from tm.errors import TmError
from tm.project import import_translations, open_document


def import_command(
    file: Annotated[Path, typer.Argument(help="A returned XLIFF (.xlf) or PO file.")],
    doc: Annotated[
        Optional[str], typer.Option("--doc", "-d", help="Update this document's PO files (name under segments/ or path).")
    ] = None,
    root: RootOpt = Path("segments"),
    format: FormatOpt = OutputFormat.text,
) -> None:
    """Import translations from an XLIFF or PO file into a document (--doc).

    Example:

        tm import jobs/article-2023-02-23.az.xlf --doc article-2023-02-23
    """
    if doc is None:
        raise TmError("tell which document to update with --doc", hint="tm import FILE --doc article-2023-02-23")
    report = import_translations(file, open_document(doc, root))
    if format is OutputFormat.json:
        print_json(report.to_dict())
        return
    err.print(f"{report.document} [{report.lang}]: {report.updated} updated, {report.unchanged} unchanged, "
              f"{report.kept} kept (empty in the file), {report.empty} untranslated, "
              f"{report.unknown} not in the document", markup=False)
