"""What every command shares: error handling, stderr messages, JSON output, common options."""

from __future__ import annotations

import enum
import functools
import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console

from tm.errors import TmError

#: Human output (tables, summaries) goes to stdout; progress, warnings and errors to stderr.
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

F = TypeVar("F", bound=Callable[..., Any])


class OutputFormat(str, enum.Enum):
    text = "text"
    json = "json"


def _checked_lang(value: str | None) -> str | None:
    """Warn when tm's rules for the language are written for another script than the tag names."""
    from tm.lang import expected_script, uncovered_script
    from tm.model import base_lang

    if not value:
        return value
    try:
        uncovered = uncovered_script(value)
    except TmError:
        return value  # not a tag: the command reports it, in the one way errors are reported
    if uncovered:
        base = base_lang(value)
        warn(
            f"tm's {base} rules are for {(expected_script(base) or '').title()} text only: {value} text gets "
            "them anyway (sentence ends, casing and inflection may be wrong)"
        )
    return value


LangOpt = Annotated[
    str,
    typer.Option("--lang", "-l", callback=_checked_lang, help="Language tag (BCP 47: en, az, ru-RU, az_AZ ...)."),
]
FormatOpt = Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format: human-readable text or JSON.")]
InputArg = Annotated[Path, typer.Argument(help="Input file, or - for standard input.", allow_dash=True)]
RootOpt = Annotated[Path, typer.Option("--root", help="Folder holding the documents (one folder each).")]
DocArg = Annotated[str, typer.Argument(help="Document: a folder name under --root, or a path to it.")]
MemoryOpt = Annotated[
    str | None,
    typer.Option(
        "--memory",
        "-m",
        envvar="TM_MEMORY",
        help="The memory: a SQLite file or postgresql://user@host:port/db (default: .tm/memory.db in the project).",
    ),
]
MemoryReadOpt = Annotated[
    str | None,
    typer.Option(
        "--memory-read", envvar="TM_MEMORY_READ", help="A PostgreSQL read replica for lookups: postgresql://..."
    ),
]
FromOpt = Annotated[str, typer.Option("--from", help="Source language (BCP 47).")]
ToOpt = Annotated[str, typer.Option("--to", help="Target language (BCP 47).")]


def warn(message: str) -> None:
    """Print a one-line warning to stderr."""
    err.print(f"tm: warning: {message}", markup=False)


@contextmanager
def counter(description: str, unit: str = "units") -> Iterator[Callable[[int], None]]:
    """A live count with its rate on stderr (``12,500 units  8,400 units/s``); yields ``update(done)``.

    Shown only when stderr is a terminal: a log or a pipe gets no spinner frames.
    """
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    if not err.is_terminal:
        yield lambda done: None
        return

    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=err, transient=False) as progress:
        task = progress.add_task(description, rate="")
        start = time.monotonic()

        def update(done: int) -> None:
            rate = done / max(time.monotonic() - start, 1e-9)
            progress.update(task, completed=done, rate=f"{done:,} {unit}  {rate:,.0f} {unit}/s")

        yield update


def print_json(data: Any) -> None:
    """Print one JSON document on stdout (UTF-8, not ASCII-escaped)."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def fail(exc: TmError) -> typer.Exit:
    """Report ``exc`` on stderr the one way tm reports errors; return the exit to raise (code 2)."""
    err.print(f"tm: error: {exc}", markup=False)
    if exc.hint:
        err.print(f"tm: hint: {exc.hint}", markup=False)
    return typer.Exit(2)


def guarded(func: F) -> F:
    """Wrap a command so that a TmError (or an OSError naming a file) becomes a message and exit
    code 2 (TM_DEBUG=1 re-raises)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except TmError as exc:
            if os.environ.get("TM_DEBUG"):
                raise
            raise fail(exc) from None
        except OSError as exc:  # a file the library did not wrap: still one line naming it
            if os.environ.get("TM_DEBUG") or exc.filename is None:
                raise
            raise fail(TmError(exc.strerror or str(exc), path=exc.filename)) from None
        except KeyboardInterrupt:
            err.print("tm: interrupted", markup=False)
            raise typer.Exit(130) from None

    return wrapper  # type: ignore[return-value]
