"""`tm analyze`: leverage of a file or document against the memory, by match band."""

from __future__ import annotations

import csv
import enum
import sys
from typing import Annotated, Any

import typer

from tm.analyze import analyze, read_units
from tm.cli._output import (
    FromOpt,
    MemoryOpt,
    MemoryReadOpt,
    RootOpt,
    ToOpt,
    bar,
    counter,
    out,
    print_json,
    print_table,
)
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
    root: RootOpt = None,
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
    elif out.is_terminal:
        _draw(result.table(), f"{result.src_lang} -> {result.tgt_lang}")
    else:
        header, *rows = result.table()
        print_table(header, rows)


def _draw(table: list[list[Any]], title: str) -> None:
    """One bar per band: its share of the words, with segments, words and the percentage."""
    from rich.text import Text

    (_, *columns), *rows = table
    total_words = rows[-1][2]
    name_width = max(len(str(row[0])) for row in rows)
    width = max(10, min(40, out.width - name_width - 40))
    out.print(title, markup=False)
    for name, segments, words, _, percent in rows:
        line = Text(f"{name:<{name_width}} ")
        if name != "total":
            line.append_text(bar([(words, "cyan"), (total_words - words, "dim")], width))
        else:
            line.append(" " * width)
        out.print(line.append(f" {percent:5.1f}%  {segments} segments, {words} words"))
