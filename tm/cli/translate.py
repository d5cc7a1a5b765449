"""`tm translate`: translate a document in the terminal, glossary and memory at hand."""

from __future__ import annotations

from tm.cli._output import DocArg, LangOpt, MemoryOpt, RootOpt, ServerOpt, TokenOpt, err
from tm.cli.glossary import GlossaryOpt
from tm.document import open_document
from tm.session import open_session
from tm.terminal import require_terminal, run


def translate_command(
    doc: DocArg,
    lang: LangOpt,
    memory: MemoryOpt = None,
    glossary: GlossaryOpt = None,
    root: RootOpt = None,
    server: ServerOpt = None,
    token: TokenOpt = None,
) -> None:
    """Translate a document unit by unit in the terminal; every confirmed unit is saved at once.

    Example:

        tm translate article-2023-02-23 --lang az

        tm translate article-2023-02-23 --lang ru --memory tm.db --glossary glossaries/article-2023-02-23.tbx

        tm translate article-2023-02-23 --lang az --server http://127.0.0.1:8765
    """
    document = open_document(doc, root)  # a bad document is reported even without a terminal
    require_terminal()
    with open_session(document, lang, glossary=glossary, memory=memory, server=server, token=token) as session:
        summary = run(session)
    err.print(summary, markup=False)
