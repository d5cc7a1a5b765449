"""Builds the `tm` typer application from one module per command or group, imported lazily.

``main()`` imports only the module of the command being run; every other command is listed
(for ``tm --help``) by its one-line summary in ``COMMANDS``. ``app`` (for tests and library
users) is the whole application with every module loaded.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from importlib import import_module
from typing import Annotated, Any

import typer

#: Command (or group) name -> (its module under tm.cli, the function or Typer in it, its summary:
#: the first line of the command's docstring, or the group's help).
COMMANDS: dict[str, tuple[str, str, str]] = {
    "new": ("new", "new_command", "Start a document: copy its text into segments/DOC/, write DOC's document.toml, then build it."),  # noqa: E501
    "segment": ("segment", "segment_command", "Split a text into sentences, one per line."),
    "align": ("align", "align_command", "Align a document with its translation: links with confidence, as TMX, PO, TSV or JSON."),  # noqa: E501
    "build": ("build", "build_command", "Build every document: POT, one PO per target language (merged, nothing lost), TMX."),  # noqa: E501
    "render": ("render", "render_command", r"Print a document in a target language, paragraphs kept; untranslated sentences marked [\[en: ...]]."),  # noqa: E501
    "status": ("status", "status_command", "Show units, words, translated, fuzzy/stale and untranslated per document and language."),  # noqa: E501
    "export": ("export", "export_command", "Export the memory (TMX or TSV), or a document for a CAT tool (XLIFF, PO or TMX)."),  # noqa: E501
    "import": ("import_", "import_command", "Import TMX/PO/XLIFF/TSV files into the memory, or a returned translation into a document (--doc)."),  # noqa: E501
    "tmx": ("tmx", "app", "TMX files: check what CAT tools would reject."),
    "srx": ("srx", "app", "Segmentation rules as SRX 2.0, the form CAT tools exchange."),
    "glossary": ("glossary", "app", "Glossary of proper names: list, edit, import/export (TBX, TSV, CSV), check, find."),  # noqa: E501
    "qa": ("qa", "qa_command", "Check translations and print one line per finding; exit 1 when an error is found."),
    "score": ("score", "score_command", "Score translations against references: corpus BLEU, chrF++, TER with signatures, worst units."),  # noqa: E501
    "memory": ("memory", "app", "The memory's database: make it, count what it holds, reclaim space."),  # noqa: E501
    "lookup": ("lookup", "lookup_command", "Show the best matches for a sentence, with score, band, differences and explanation."),  # noqa: E501
    "concordance": ("concordance", "concordance_command", "Show the units whose source or target holds a word or phrase (az/ru: inflected forms too)."),  # noqa: E501
    "serve": ("serve", "app", "Serve the memory and glossary over HTTP (JSON API, amaGama, a web page)."),
    "analyze": ("analyze", "analyze_command", "Count segments, words and characters per match band (context, repetitions, 100 ... no match)."),  # noqa: E501
    "pretranslate": ("pretranslate", "pretranslate_command", "Fill empty targets of a document's PO from the memory: exact as translated, fuzzy as fuzzy."),  # noqa: E501
    "translate": ("translate", "translate_command", "Translate a document unit by unit in the terminal; every confirmed unit is saved at once."),  # noqa: E501
}  # fmt: skip


def _version(value: bool) -> None:
    if value:
        from tm import __version__

        print(f"tm {__version__}")
        raise typer.Exit()


def _root(
    ctx: typer.Context,
    version: Annotated[
        bool | None,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = None,
    no_wait: Annotated[
        bool,
        typer.Option(
            "--no-wait",
            envvar="TM_NO_WAIT",
            help="When another tm command is writing the project, refuse at once (exit 2) instead of waiting for it.",
        ),
    ] = False,
) -> None:
    """tm: a translation memory toolkit for translators and localization engineers."""
    from tm.cli._output import note
    from tm.lock import Waiting, set_waiting

    previous = set_waiting(Waiting(wait=not no_wait, notify=note))
    ctx.call_on_close(lambda: set_waiting(previous))


def _listed_only() -> None:
    """Never runs: ``main`` loads a command's module before running it."""


def load(name: str) -> Any:
    """The command function or Typer group ``name`` (a key of ``COMMANDS``), its module imported."""
    module, attribute, _ = COMMANDS[name]
    return getattr(import_module(f"tm.cli.{module}"), attribute)


def build_app(loaded: Iterable[str] | None = None) -> typer.Typer:
    """The tm application with the commands ``loaded`` (default: all) imported and the others
    listed by their summary."""
    wanted = set(COMMANDS if loaded is None else loaded)
    app = typer.Typer(
        name="tm",
        help="tm: a translation memory toolkit: segment, build PO/TMX, glossary, QA, memory.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )
    app.callback()(_root)
    for name, (_, _, summary) in COMMANDS.items():
        if name not in wanted:
            app.command(name, help=summary)(_listed_only)
            continue
        command = load(name)
        if isinstance(command, typer.Typer):
            app.add_typer(command, name=name)
        else:
            from tm.cli._output import guarded

            app.command(name)(guarded(command))
    return app


def main() -> None:
    """Entry point of the `tm` console script: loads only the command named on the command line."""
    named = next((arg for arg in sys.argv[1:] if not arg.startswith("-")), None)
    build_app([named] if named in COMMANDS else [])()


def __getattr__(name: str) -> Any:
    if name == "app":
        return build_app()
    raise AttributeError(f"module 'tm.cli.app' has no attribute {name!r}")
