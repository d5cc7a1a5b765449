"""`tm import`: files into the memory, or (with --doc) a returned XLIFF/PO into a document."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tm.cli._output import (
    FormatOpt,
    MemoryOpt,
    OutputFormat,
    RootOpt,
    ServerOpt,
    TokenOpt,
    counter,
    err,
    print_json,
)
from tm.document import open_document
from tm.errors import TmError
from tm.fileio import make_parent
from tm.memory import default_memory_location, is_server_url, open_memory
from tm.project import import_translations
from tm.server.client import RemoteMemory


def import_command(
    files: Annotated[
        list[Path], typer.Argument(help="TMX, PO, XLIFF or TSV files (with --doc: one returned XLIFF or PO).")
    ],
    doc: Annotated[
        str | None,
        typer.Option("--doc", "-d", help="Update this document's PO files (name under segments/ or path)."),
    ] = None,
    source_lang: Annotated[
        str | None,
        typer.Option("--from", help="Source language where the file does not say it (a TSV, a TMX with *all*)."),
    ] = None,
    target_lang: Annotated[
        str | None,
        typer.Option(
            "--to", "--lang", "-l", help="Target language where the file does not say it (a TSV, a PO, an XLIFF)."
        ),
    ] = None,
    memory: MemoryOpt = None,
    server: ServerOpt = None,
    token: TokenOpt = None,
    root: RootOpt = None,
    format: FormatOpt = OutputFormat.text,
) -> None:
    """Import TMX/PO/XLIFF/TSV files into the memory, or a returned translation into a document (--doc).

    Example:

        tm import examples/client-memory.tmx

        tm import examples/old.po --lang az

        tm import examples/pairs.tsv --from en --to az

        tm import jobs/article-2023-02-23.az.xlf --doc article-2023-02-23

        tm import client-memory.tmx --server http://127.0.0.1:8765
    """
    if doc is not None:
        if len(files) != 1:
            raise TmError("--doc takes one returned file", hint="tm import FILE --doc article-2023-02-23")
        report = import_translations(files[0], open_document(doc, root))
        if format is OutputFormat.json:
            print_json(report.to_dict())
            return
        err.print(
            f"{report.document} [{report.lang}]: {report.updated} updated, {report.unchanged} unchanged, "
            f"{report.kept} kept (empty in the file), {report.empty} untranslated, "
            f"{report.unknown} not in the document",
            markup=False,
        )
        return
    results = {}
    location = None if server else memory or default_memory_location()
    if location and not is_server_url(location):
        make_parent(Path(location))  # refuses a folder, a file used as one, a missing root
    with RemoteMemory(server, token) if server else open_memory(location) as store:
        for path in files:
            with counter(f"importing {path.name}") as update:
                results[str(path)] = store.import_file(path, progress=lambda s: update(s.read),
                                                       source_lang=source_lang, target_lang=target_lang)  # fmt: skip
            err.print(f"{path}: {results[str(path)].describe()}", markup=False)
    if format is OutputFormat.json:
        where = store.path if isinstance(store, RemoteMemory) else store.location
        print_json({"memory": where, "files": {p: s.to_dict() for p, s in results.items()}})
