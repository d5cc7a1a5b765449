"""`tm new`: start a document (its text put in place, document.toml written), then build it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tm.cli._output import FormatOpt, OutputFormat, RootOpt, err, print_json
from tm.document import document_schema

HELP = """Start a document: copy its text into segments/DOC/, write DOC's document.toml, then build it.

Run it inside a project (a folder with tm.toml, or below one); elsewhere it starts a project in the current folder, writing tm.toml. The languages default to the project's.

Example:

    tm new news-2024-03-05 --source examples/news.en.txt --from en --to az --to ru

    tm new bəyanat-2024-05 --source bəyanat.txt --from az --to en --to ru --author "Ombudsman"

document.toml (every key; only source is required):

{schema}
"""


def new_command(
    doc: Annotated[str, typer.Argument(help="The document's name: its folder under segments/.")],
    source: Annotated[Path, typer.Option("--source", "-s", help="The source text (UTF-8, or UTF-16 with a BOM).")],
    src: Annotated[str | None, typer.Option("--from", help="Source language (default: the project's).")] = None,
    tgt: Annotated[list[str] | None, typer.Option("--to", help="Target language (repeat).")] = None,
    date: Annotated[str | None, typer.Option(help="Date of the text (2024-03-05).")] = None,
    author: Annotated[str | None, typer.Option(help="Its author.")] = None,
    outlet: Annotated[str | None, typer.Option(help="Where it was published.")] = None,
    root: RootOpt = None,
    format: FormatOpt = OutputFormat.text,
) -> None:
    from tm.builder import start_document

    document, report = start_document(doc, source, src, tgt, root=root, date=date, author=author, outlet=outlet)
    if format is OutputFormat.json:
        print_json({"document": document.to_dict(), "build": report.to_dict()})
        return
    for path in report.written:
        err.print(f"wrote {path}", markup=False)
    targets = ", ".join(document.targets) or "no target languages yet"
    err.print(f"new document {document.name} ({document.source_lang} -> {targets}) in {document.folder}", markup=False)


new_command.__doc__ = HELP.format(schema="\n".join("    " + line for line in document_schema().splitlines()))
