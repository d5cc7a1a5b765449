"""What every command shares: error handling, stderr messages, JSON output, common options."""

from __future__ import annotations

import enum
import functools
import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from tm.errors import TmError

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text


@functools.cache
def console(stderr: bool = False) -> Console:
    """The rich console of stdout (``out``: tables, summaries) or stderr (``err``: progress,
    warnings, errors), made on first use: importing rich takes ~20 ms of a command's start."""
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def __getattr__(name: str) -> Console:
    if name in ("out", "err"):
        return console(stderr=name == "err")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
RootOpt = Annotated[
    Path | None,
    typer.Option("--root", help="Folder holding the documents (default: segments/ of the project around here)."),
]
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
ServerOpt = Annotated[
    str | None,
    typer.Option("--server", envvar="TM_SERVER", help="Use the tm serve at this URL instead of a local memory."),
]
TokenOpt = Annotated[
    str | None, typer.Option("--token", envvar="TM_TOKEN", help="The token for --server (better: $TM_TOKEN).")
]
FromOpt = Annotated[str, typer.Option("--from", help="Source language (BCP 47).")]
ToOpt = Annotated[str, typer.Option("--to", help="Target language (BCP 47).")]


def warn(message: str) -> None:
    """Print a one-line warning to stderr."""
    console(stderr=True).print(f"tm: warning: {message}", markup=False)


def note(message: str) -> None:
    """Print a one-line message to stderr (what tm is doing: ``tm: waiting for ...``)."""
    console(stderr=True).print(f"tm: {message}", markup=False)


@contextmanager
def counter(description: str, unit: str = "units") -> Iterator[Callable[[int], None]]:
    """A live count with its rate on stderr (``12,500 units  8,400 units/s``); yields ``update(done)``.

    Shown only when stderr is a terminal: a log or a pipe gets no spinner frames.
    """
    if not console(stderr=True).is_terminal:
        yield lambda done: None
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console(stderr=True), transient=False) as progress:
        task = progress.add_task(description, rate="")
        start = time.monotonic()

        def update(done: int) -> None:
            rate = done / max(time.monotonic() - start, 1e-9)
            progress.update(task, completed=done, rate=f"{done:,} {unit}  {rate:,.0f} {unit}/s")

        yield update


def print_table(header: Sequence[str], rows: Iterable[Sequence[object]], title: str | None = None) -> None:
    """A table on stdout: drawn with rich on a terminal; elsewhere the header and one record a
    line, tab-separated and whole (a tab or line break inside a cell written as ``\\t``/``\\n``)."""
    if console().is_terminal:
        from rich.table import Table
        from rich.text import Text

        table = Table(*header, title=title)
        for row in rows:
            table.add_row(*(Text(str(cell)) for cell in row))
        console().print(table)
        return
    for record in (header, *rows):
        cells = (str(cell).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n") for cell in record)
        sys.stdout.write("\t".join(cells) + "\n")


def bar(parts: Sequence[tuple[int, str]], width: int) -> Text:
    """A bar ``width`` cells wide split among ``parts`` (count, rich style) in proportion to the
    counts (largest remainders, so the cells add up and no part with a count is left out)."""
    from rich.text import Text

    total = sum(count for count, _ in parts)
    text = Text()
    if not total:
        return text.append("·" * width, style="dim")
    exact = [count * width / total for count, _ in parts]
    cells = [max(int(x), 1 if count else 0) for x, (count, _) in zip(exact, parts)]
    while sum(cells) > width:
        cells[cells.index(max(cells))] -= 1
    for n in sorted(range(len(parts)), key=lambda n: exact[n] - cells[n], reverse=True)[: width - sum(cells)]:
        cells[n] += 1
    for (_, style), n in zip(parts, cells):
        text.append("█" * n, style=style)
    return text


def print_json(data: Any) -> None:
    """Print one JSON document on stdout (UTF-8, not ASCII-escaped)."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def fail(exc: TmError) -> typer.Exit:
    """Report ``exc`` on stderr the one way tm reports errors; return the exit to raise (code 2)."""
    console(stderr=True).print(f"tm: error: {exc}", markup=False)
    if exc.hint:
        console(stderr=True).print(f"tm: hint: {exc.hint}", markup=False)
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
            console(stderr=True).print("tm: interrupted", markup=False)
            raise typer.Exit(130) from None

    return wrapper  # type: ignore[return-value]


def warn_strays(root: Path | None) -> None:
    """Warn about each folder under ``root`` (default: the project's) that is not a document."""
    from tm.document import stray_folders

    for folder in stray_folders(root):
        warn(f"{folder}: not a document, skipped (no document.toml); `tm new {folder.name} --source FILE` makes it one")
