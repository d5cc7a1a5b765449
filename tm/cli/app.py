"""Builds the `tm` typer application from one module per command or group."""

from __future__ import annotations

from typing import Annotated

import typer

import tm
from tm.cli import (
    align,
    analyze,
    build,
    export,
    glossary,
    import_,
    lookup,
    memory,
    pretranslate,
    qa,
    render,
    score,
    segment,
    status,
    tmx,
    translate,
)
from tm.cli._output import guarded, out

app = typer.Typer(
    name="tm",
    help="tm: a translation memory toolkit: segment, build PO/TMX, glossary, QA, memory.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        out.print(f"tm {tm.__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool | None,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = None,
) -> None:
    """tm: a translation memory toolkit for translators and localization engineers."""


app.command("segment")(guarded(segment.segment_command))
app.command("align")(guarded(align.align_command))
app.command("build")(guarded(build.build_command))
app.command("render")(guarded(render.render_command))
app.command("status")(guarded(status.status_command))
app.command("export")(guarded(export.export_command))
app.command("import")(guarded(import_.import_command))
app.add_typer(tmx.app, name="tmx")
app.add_typer(glossary.app, name="glossary")
app.add_typer(memory.app, name="memory")
app.command("qa")(guarded(qa.qa_command))
app.command("score")(guarded(score.score_command))
app.command("lookup")(guarded(lookup.lookup_command))
app.command("analyze")(guarded(analyze.analyze_command))
app.command("pretranslate")(guarded(pretranslate.pretranslate_command))
app.command("translate")(guarded(translate.translate_command))


def main() -> None:
    """Entry point of the `tm` console script."""
    app()
