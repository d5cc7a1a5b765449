"""`tm render`: reassemble a translated document."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tm.cli._output import DocArg, LangOpt, RootOpt, out
from tm.document import open_document
from tm.fileio import write_atomic
from tm.reports import render_document


def render_command(
    doc: DocArg,
    lang: LangOpt,
    strict: Annotated[bool, typer.Option(help="Refuse (exit 2) when a sentence is not translated.")] = False,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")] = None,
    root: RootOpt = None,
) -> None:
    r"""Print a document in a target language, paragraphs kept; untranslated sentences marked [\[en: ...]].

    Example:

        tm render article-2023-02-23 --lang az

        tm render segments/article-2023-02-23 --lang ru --strict -o article.ru.txt
    """
    text = render_document(open_document(doc, root), lang, strict=strict)
    if output is None:
        out.print(text, markup=False, end="")
    else:
        write_atomic(output, text)
