"""`tm memory ...`: manage the memory's database (`tm memory init|stats|vacuum`)."""

from __future__ import annotations

import typer
from rich.table import Table

from tm.cli._output import FormatOpt, MemoryOpt, OutputFormat, err, guarded, out, print_json
from tm.memory import open_memory

app = typer.Typer(help="The memory's database: make it, count what it holds, reclaim space.", no_args_is_help=True)


def init_command(memory: MemoryOpt = None) -> None:
    """Make the memory's tables (a new SQLite file, or the tables in a PostgreSQL database).

    Example:

        tm memory init --memory postgresql://ann@db.example.org:5432/tm
    """
    with open_memory(memory) as opened:
        err.print(f"memory ready at {opened.location}", markup=False)


def stats_command(memory: MemoryOpt = None, format: FormatOpt = OutputFormat.text) -> None:
    """Show how many units the memory holds, variants per language and its size.

    Example:

        tm memory stats --memory .tm/memory.db --format json
    """
    with open_memory(memory, create=False) as opened:
        stats = opened.stats()
    if format is OutputFormat.json:
        print_json(stats.to_dict())
        return
    table = Table("language", "variants")
    for lang, count in stats.variants.items():
        table.add_row(lang, f"{count:,}")
    out.print(f"{stats.path}: {stats.units:,} units, {stats.size_bytes / 1e6:,.1f} MB", markup=False)
    out.print(table)


def vacuum_command(memory: MemoryOpt = None) -> None:
    """Reclaim the space of replaced rows and refresh the database's statistics (a PostgreSQL memory
    also packs the word index's small blocks, which saving a few units at a time leaves).

    Example:

        tm memory vacuum --memory postgresql://ann@db.example.org/tm
    """
    with open_memory(memory, create=False) as opened:
        opened.vacuum()
        err.print(f"vacuumed {opened.location}", markup=False)


app.command("init")(guarded(init_command))
app.command("stats")(guarded(stats_command))
app.command("vacuum")(guarded(vacuum_command))
