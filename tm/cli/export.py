"""`tm export`: the memory as TMX/TSV, or (with DOC) a document as XLIFF job files, PO files or TMX."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from tm.cli._output import MemoryOpt, RootOpt, err
from tm.config import export_profile
from tm.document import open_document
from tm.errors import TmError
from tm.exchange import export
from tm.memory import export_memory, open_memory
from tm.model import Origin, Status


def export_command(
    doc: Annotated[
        str | None, typer.Argument(help="Document to export (folder under --root or path); without it: the memory.")
    ] = None,
    format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="Document: xliff (1.2), xliff2 (2.1), po or tmx. Memory: tmx or tsv (default: as -o's extension says).",
        ),
    ] = "",
    lang: Annotated[
        list[str] | None, typer.Option("--lang", "-l", help="Document target language (repeat); default: all.")
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Document: folder to write into. Memory: the file.")
    ] = None,
    profile: Annotated[
        str | None, typer.Option(help="TMX profile: generic, omegat, trados, memoq, phrase (default: the project's).")
    ] = None,
    src: Annotated[str | None, typer.Option("--from", help="Memory: only units with this source language.")] = None,
    tgt: Annotated[str | None, typer.Option("--to", help="Memory: only this target language.")] = None,
    since: Annotated[
        datetime | None, typer.Option(help="Memory: only units changed on or after this date (UTC).")
    ] = None,
    origin: Annotated[Origin | None, typer.Option(help="Memory: only units of this origin.")] = None,
    only: Annotated[
        Status | None,
        typer.Option(help="Document TMX: only targets in this state or better (translated, reviewed); drafts never."),
    ] = None,
    memory: MemoryOpt = None,
    root: RootOpt = None,
) -> None:
    """Export the memory (TMX or TSV), or a document for a CAT tool (XLIFF, PO or TMX).

    Example:

        tm export --format tmx --from en --to az --since 2024-01-01 -o memory-en-az.tmx

        tm export article-2023-02-23 --format xliff --lang az -o jobs/

        tm export article-2023-02-23 --format tmx --only reviewed -o out/
    """
    profile = profile or export_profile(root)
    if doc is not None:
        for path in export(
            open_document(doc, root), format or "xliff", output or Path("."), lang or None, profile=profile, only=only
        ):
            err.print(f"wrote {path}", markup=False)
        return
    if only is not None:
        raise TmError("--only is for a document's TMX", hint="tm export DOC --format tmx --only reviewed")
    if output is None:
        raise TmError("tell where to write the memory with -o FILE", hint="tm export --format tmx -o memory.tmx")
    when = since.replace(tzinfo=since.tzinfo or UTC) if since else None
    with open_memory(memory, create=False) as store:
        count = export_memory(store, output, format or None, src_lang=src, tgt_lang=tgt, since=when, origin=origin,
                              profile=profile)  # fmt: skip
    err.print(f"wrote {count:,} units to {output}", markup=False)
