"""`tm srx ...`: segmentation rules as SRX 2.0 (`tm srx export`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tm.cli._output import guarded, out
from tm.lang import known_languages
from tm.srx import export_rules, write

app = typer.Typer(help="Segmentation rules as SRX 2.0, the form CAT tools exchange.", no_args_is_help=True)


def export_command(
    output: Annotated[Path, typer.Option("--output", "-o", help="The SRX file to write.")],
    lang: Annotated[
        list[str] | None,
        typer.Option("--lang", "-l", help="A language to export (repeat; default: every language tm knows)."),
    ] = None,
) -> None:
    """Write tm's segmentation rules as an SRX 2.0 file for OmegaT, Okapi, Trados or LanguageTool.

    Other languages get tm's generic rules. Headings and datelines, which tm finds by the width of
    the lines around them, are beyond SRX (see tm.srx.NOT_EXPRESSIBLE).

    Example:

        tm srx export --lang en --lang az -o rules.srx
    """
    rules = export_rules(lang or known_languages())
    changed = write(rules, output)
    out.print(f"{'wrote' if changed else 'unchanged'} {output}: {', '.join(rules.languages)}", markup=False)


app.command("export")(guarded(export_command))
