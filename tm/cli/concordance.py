"""`tm concordance`: where a word or phrase occurs in the memory, inflected forms included."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from tm.cli._output import (
    FormatOpt,
    FromOpt,
    MemoryOpt,
    MemoryReadOpt,
    OutputFormat,
    ServerOpt,
    TokenOpt,
    ToOpt,
    out,
    print_json,
)
from tm.concordance import concordance
from tm.glossary.io import resolve_glossary
from tm.memory import open_memory
from tm.server.client import RemoteMemory


def _marked(text: str, spans: list[list[int]]) -> str:
    marked, last = "", 0
    for start, end in spans:
        marked += escape(text[last:start]) + "[bold reverse]" + escape(text[start:end]) + "[/]"
        last = end
    return marked + escape(text[last:])


def concordance_command(
    query: Annotated[str, typer.Argument(help="The word or phrase.")],
    src: FromOpt = "en",
    tgt: ToOpt = "az",
    offset: Annotated[int, typer.Option(help="Hits to skip.", min=0)] = 0,
    limit: Annotated[int, typer.Option(help="Hits to show.", min=1)] = 20,
    memory: MemoryOpt = None,
    memory_read: MemoryReadOpt = None,
    glossary: Annotated[Path | None, typer.Option("--glossary", "-g", help="Glossary (default: ./glossaries).")] = None,
    server: ServerOpt = None,
    token: TokenOpt = None,
    format: FormatOpt = OutputFormat.text,
) -> None:
    """Show the units whose source or target holds a word or phrase (az/ru: inflected forms too).

    Example:

        tm concordance "Khojaly" --from en --to az

        tm concordance "Xocalı" --server http://127.0.0.1:8765
    """
    if server:
        report = RemoteMemory(server, token).concordance(query, src, tgt, offset=offset, limit=limit)
    else:
        terms = resolve_glossary(glossary)
        with open_memory(memory, create=False, read_from=memory_read) as store:
            report = concordance(store, query, src, tgt, glossary=terms, offset=offset, limit=limit).to_dict()
    if format is OutputFormat.json:
        print_json(report)
        return
    table = Table("unit", f"source ({report['from']})", f"target ({report['to']})")
    for hit in report["hits"]:
        table.add_row(
            escape(hit["unit"]),
            _marked(hit["source"], hit["source_spans"]),
            _marked(hit["target"], hit["target_spans"]),
        )
    out.print(table)
    total = f"{report['total']}+" if report["more"] else str(report["total"])
    out.print(f"{len(report['hits'])} of {total} units from {offset + 1 if report['hits'] else 0}", markup=False)
