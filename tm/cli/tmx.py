"""`tm tmx ...`: commands about TMX files (`tm tmx check`)."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated

import typer

from tm.cli._output import FormatOpt, OutputFormat, err, guarded, print_json, print_table
from tm.formats.tmx import PROFILES
from tm.formats.tmx_check import check
from tm.model import Severity

app = typer.Typer(help="TMX files: check what CAT tools would reject.", no_args_is_help=True)

ProfileName = enum.Enum("ProfileName", {name: name for name in PROFILES}, type=str)  # type: ignore[misc]


def check_command(
    file: Annotated[Path, typer.Argument(help="The TMX file to check.")],
    profile: Annotated[
        ProfileName | None,
        typer.Option(help="Only what this CAT tool would reject (default: every tool)."),
    ] = None,
    format: FormatOpt = OutputFormat.text,
) -> None:
    """List, with line numbers, what each CAT tool would reject in a TMX file.

    Example:

        tm tmx check examples/client-memory.tmx --profile trados

        tm tmx check segments/article-2023-02-23/article-2023-02-23.tmx --format json
    """
    findings = check(file, profile=profile.value if profile else None)
    errors = sum(f.severity is Severity.ERROR for f in findings)
    if format is OutputFormat.json:
        print_json({"file": str(file), "findings": [f.to_dict() for f in findings]})
    elif findings:
        rows = ([f.line or "", f.severity, f.check, f.message, " ".join(f.profiles)] for f in findings)
        print_table(["line", "severity", "check", "message", "profiles"], rows)
    err.print(f"{file}: {errors} error(s), {len(findings) - errors} warning(s)", markup=False)
    if errors:
        raise typer.Exit(1)


app.command("check")(guarded(check_command))
