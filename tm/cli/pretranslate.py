"""`tm pretranslate`: fill a document's empty targets from the memory."""

from __future__ import annotations

from typing import Annotated

import typer

from tm.cli._output import DocArg, FormatOpt, LangOpt, MemoryOpt, MemoryReadOpt, OutputFormat, RootOpt, err, print_json
from tm.document import open_document
from tm.memory import open_memory
from tm.pretranslate import pretranslate


def pretranslate_command(
    doc: DocArg,
    lang: LangOpt,
    min_score: Annotated[int, typer.Option("--min", help="Lowest fuzzy score used (exact matches always are).")] = 75,
    memory: MemoryOpt = None,
    memory_read: MemoryReadOpt = None,
    root: RootOpt = None,
    format: FormatOpt = OutputFormat.text,
) -> None:
    """Fill empty targets of a document's PO from the memory: exact as translated, fuzzy as fuzzy.

    Example:

        tm pretranslate article-2023-02-23 --lang az --min 75
    """
    with open_memory(memory, create=False, read_from=memory_read) as store:
        report = pretranslate(open_document(doc, root), lang, store, min_score=min_score)
    if format is OutputFormat.json:
        print_json(report.to_dict())
        return
    err.print(
        f"{report.document} [{report.lang}]: {report.exact} exact, {report.fuzzy} fuzzy, "
        f"{report.kept} kept (already translated), {report.unmatched} without a match",
        markup=False,
    )
