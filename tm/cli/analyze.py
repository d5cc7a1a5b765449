"""`tm analyze`: leverage of a file or document against the memory, by match band."""

from __future__ import annotations

import csv
import enum
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from tm.analyze import analyze, read_units
from tm.cli._output import FromOpt, MemoryOpt, MemoryReadOpt, RootOpt, ToOpt, counter, out, print_json
from tm.memory import open_memory


class AnalysisFormat(str, enum.Enum):
    text = "text"
    json = "json"
    csv = "csv"


def analyze_command(
    target: Annotated[str, typer.Argument(help="A TMX/PO/XLIFF file, or a document (folder under --root).")],
    src: FromOpt = "en",
    tgt: ToOpt = "az",
    memory: MemoryOpt = None,
    memory_read: MemoryReadOpt = None,
    root: RootOpt = Path("segments"),
    format: Annotated[AnalysisFormat, typer.Option("--format", "-f", help="text, json or csv.")] = AnalysisFormat.text,
) -> None:
    """Count segments, words and characters per match band (context, repetitions, 100 ... no match).

    Example:

        tm analyze article-2023-02-23 --from en --to az --format csv
    """
    with (
        open_memory(memory, create=False, read_from=memory_read) as store,
        counter(f"analysing {target}", "segments") as update,
    ):
        result = analyze(read_units(target, root), store, src, tgt, progress=update)
    if format is AnalysisFormat.json:
        print_json(result.to_dict())
    elif format is AnalysisFormat.csv:
        csv.writer(sys.stdout, lineterminator="\n").writerows(result.table())
    else:
        header, *rows = result.table()
        table = Table(*header, title=f"{result.src_lang} -> {result.tgt_lang}")
        for row in rows:
            table.add_row(*(str(cell) for cell in row))
        out.print(table)
