"""`tm align`: align a document with its translation, one link per sentence group."""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import Annotated

import typer

from tm.align import DEFAULT_THRESHOLD, FORMATS, align_files, output_format, render, write_alignment
from tm.cli._output import FromOpt, ToOpt, err

AlignFormat = enum.Enum("AlignFormat", {name: name for name in FORMATS}, type=str)  # type: ignore[misc]


def align_command(
    source: Annotated[Path, typer.Argument(help="The source document (plain text).")],
    target: Annotated[Path, typer.Argument(help="Its translation (plain text).")],
    from_: FromOpt = "en",
    to: ToOpt = ...,  # type: ignore[assignment]
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here (.tmx .po .tsv .json).")] = None,
    format: Annotated[
        AlignFormat | None,
        typer.Option("--format", "-f", help="Output format (default: from -o, else tsv)."),
    ] = None,
    segmented: Annotated[
        bool, typer.Option(help="Inputs hold one sentence a line, blank lines between paragraphs.")
    ] = False,
    threshold: Annotated[
        float, typer.Option(min=0.0, max=1.0, help="Links less confident than this are drafts (fuzzy).")
    ] = DEFAULT_THRESHOLD,
    glossary: Annotated[
        Path | None, typer.Option(help="Glossary (TBX, TSV, CSV) whose names anchor the alignment.")
    ] = None,
) -> None:
    """Align a document with its translation: links with confidence, as TMX, PO, TSV or JSON.

    Example:

        tm align examples/article.en.txt examples/article.az.txt --from en --to az -o article.en-az.tmx

        tm align en.txt ru.txt --from en --to ru --format json --glossary glossaries/article-2023-02-23.tbx
    """
    fmt = output_format(output, format.value if format else None)  # a wrong format fails before any work
    alignment = align_files(source, target, from_, to, glossary=glossary, segmented=segmented, threshold=threshold)
    if output is None:
        sys.stdout.write(render(alignment, fmt))
    else:
        write_alignment(alignment, output, fmt)
    drafts = len(alignment.drafts)
    err.print(
        f"{len(alignment.links)} links, {drafts} below {threshold:g} (drafts) [{alignment.signature}]", markup=False
    )
