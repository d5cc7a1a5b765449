"""The translation memory: every unit imported from TMX, PO, XLIFF or TSV, indexed for fuzzy lookup.

One contract (``Memory``), two backends: an embedded SQLite file (the default, project-local) and a
PostgreSQL server a team shares (``postgresql://user@host:port/db``). ``open_memory`` picks the
backend from where the memory is. Both store the same rows (``rows``), import through the same
batches (``importer``) and retrieve the same candidates for a lookup (``retrieval``).
"""

from __future__ import annotations

import os
from pathlib import Path

from tm.memory.contract import Candidate, CandidateUnit, ImportSummary, Memory, MemoryStats, Progress
from tm.memory.export import EXPORT_FORMATS, export_format, export_memory
from tm.memory.importer import BATCH_SIZE, FIRST_BATCH

__all__ = [
    "BATCH_SIZE",
    "EXPORT_FORMATS",
    "FIRST_BATCH",
    "Candidate",
    "CandidateUnit",
    "ImportSummary",
    "Memory",
    "MemoryStats",
    "Progress",
    "default_memory_location",
    "export_format",
    "export_memory",
    "is_server_url",
    "open_memory",
]

#: The URL schemes that name a PostgreSQL server.
SERVER_SCHEMES = ("postgresql://", "postgres://")


def is_server_url(location: str) -> bool:
    """Whether ``location`` names a PostgreSQL server (``postgresql://...``) rather than a file."""
    return location.startswith(SERVER_SCHEMES)


def default_memory_location(start: Path | None = None) -> str:
    """``$TM_MEMORY``, else the memory of the project around ``start`` (default: the current folder):
    the one its ``tm.toml`` names (a path or a ``postgresql://`` URL), ``.tm/memory.db`` in its root
    by default. Outside a project: TmError saying so."""
    if os.environ.get("TM_MEMORY"):
        return os.environ["TM_MEMORY"]
    from tm.config import require_project

    return str(require_project(start).memory_location)


def open_memory(location: str | None = None, *, create: bool = True, read_from: str | None = None) -> Memory:
    """The memory at ``location``: a ``postgresql://`` URL, or the path of a SQLite file.

    Without ``location``: ``default_memory_location()``: ``$TM_MEMORY``, else the project's. ``create=False``
    refuses a memory that does not exist yet (SQLite) or has no tables yet (PostgreSQL: ``tm memory
    init`` makes them). ``read_from`` names a PostgreSQL read replica that lookups and exports use.
    """
    location = location or default_memory_location()
    if is_server_url(location):
        from tm.memory.backends.postgres import PostgresMemory

        return PostgresMemory(location, create=create, read_from=read_from)
    if read_from:
        from tm.errors import TmError

        raise TmError("a read replica goes with a PostgreSQL memory", hint="drop --memory-read, or use postgresql://")
    from tm.memory.backends.sqlite import SqliteMemory

    return SqliteMemory(Path(location), create=create)
