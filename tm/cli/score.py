"""`tm score`: BLEU, chrF++ and TER of translations against reference translations (sacrebleu)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tm.cli._output import FormatOpt, OutputFormat, out, print_json, warn
from tm.score import score_files


def score_command(
    hypothesis: Annotated[
        Path, typer.Argument(help="Translations to score: PO, TMX, XLIFF or plain text (one a line).")
    ],
    ref: Annotated[
        Path, typer.Option("--ref", "-r", help="Reference translations of the same units, in any of those formats.")
    ],
    lang: Annotated[
        str | None, typer.Option("--lang", "-l", help="Target language to score (needed when a file holds several).")
    ] = None,
    worst: Annotated[int, typer.Option("--worst", "-n", help="List this many units with the lowest chrF++.")] = 5,
    tokenize: Annotated[str, typer.Option(help="sacrebleu tokenizer for BLEU (13a, intl, char...).")] = "13a",
    format: FormatOpt = OutputFormat.text,
) -> None:
    """Score translations against references: corpus BLEU, chrF++, TER with signatures, worst units.

    Example:

        tm score examples/mt/az.po --ref segments/article-2023-02-23/az.po --worst 5

        tm score second-translator.tmx --ref segments/article-2023-02-23/article-2023-02-23.tmx --lang ru --format json
    """
    report = score_files(hypothesis, ref, lang, tokenize)
    for line in report.unpaired():
        warn(line)
    if format is OutputFormat.json:
        print_json(report.to_dict(worst))
        return
    out.print(f"units paired by {report.matched_by}: {len(report.units)}", markup=False)
    for name, value in (("BLEU", report.bleu), ("chrF++", report.chrf), ("TER", report.ter)):
        out.print(f"{name:<7}{value:6.2f}  {report.signatures[name.lower().rstrip('+')]}", markup=False)
    for unit in report.worst(worst):
        out.print(f"{unit.chrf:6.2f}  {unit.id}  {unit.hypothesis}", markup=False)
