"""What every memory backend promises: the ``Memory`` protocol and the results it returns."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from tm.model import Context, Origin, Unit, Variant


@dataclass(slots=True)
class ImportSummary:
    """What an import did: units added, updated, skipped (by reason), and where it stopped."""

    read: int = 0
    added: int = 0
    updated: int = 0
    skipped: Counter[str] = field(default_factory=Counter)

    @property
    def skipped_total(self) -> int:
        return sum(self.skipped.values())

    def describe(self) -> str:
        """One line for people: ``12 added, 3 updated, 2 skipped (unchanged: 2)``."""
        reasons = ", ".join(f"{reason}: {count}" for reason, count in sorted(self.skipped.items()))
        skipped = f"{self.skipped_total} skipped" + (f" ({reasons})" if reasons else "")
        return f"{self.added} added, {self.updated} updated, {skipped}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "read": self.read,
            "added": self.added,
            "updated": self.updated,
            "skipped": self.skipped_total,
            "skipped_reasons": dict(sorted(self.skipped.items())),
        }


@dataclass(frozen=True, slots=True)
class Candidate:
    """A memory unit retrieved for a lookup: the plain text of its source (inline codes left out),
    and ``unit_of``, which reads the rest of the unit each time it is called. A lookup ranks thirty
    candidates by their source texts and reads only the few that can make its results (at 1M units,
    reading all thirty cost a seventh of a lookup's CPU)."""

    unit_id: int
    text: str
    unit_of: Callable[[], CandidateUnit | None]


@dataclass(frozen=True, slots=True)
class CandidateUnit:
    """What a lookup reads of a candidate it scores: the source variant (inline codes too), the
    target variant (the first in the most preferred of the lookup's target languages), the origin.
    A unit with no target in those languages is no match: ``Candidate.unit_of`` gives None."""

    source: Variant
    target: Variant
    origin: Origin | None


@dataclass(frozen=True, slots=True)
class MemoryStats:
    """How much the memory holds."""

    #: Where the memory is: a file path, or a server URL without its password.
    path: str
    units: int
    variants: dict[str, int]
    size_bytes: int
    #: The source language most units have (None for an empty memory).
    main_source: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "units": self.units,
            "variants": self.variants,
            "size_bytes": self.size_bytes,
            "main_source": self.main_source,
        }


Progress = Callable[[ImportSummary], None]


class Memory(Protocol):
    """The translation memory, whichever database holds it (SQLite file or PostgreSQL server).

    Every backend passes the one contract suite in ``tests/memory/``: the same imports, the same
    candidates for a lookup (so the same scores), the same export.
    """

    #: Where the memory is, for people: a file path, or a server URL without its password.
    location: str

    def import_file(
        self,
        path: str | Path,
        *,
        origin: Origin | None = Origin.IMPORTED,
        progress: Progress | None = None,
        batch_size: int = ...,
        parallel: bool | None = None,
        format: str | None = None,
        source_lang: str | None = None,
        target_lang: str | None = None,
    ) -> ImportSummary: ...

    def import_units(
        self,
        units: Iterable[Unit],
        *,
        origin: Origin | None = None,
        progress: Progress | None = None,
        batch_size: int = ...,
    ) -> ImportSummary: ...

    def candidates(self, text: str, src_lang: str, tgt_lang: str, limit: int = 30) -> list[Candidate]: ...

    def contexts(self, unit_id: int) -> list[Context]: ...

    def units(
        self,
        src_lang: str | None = None,
        tgt_lang: str | None = None,
        since: datetime | None = None,
        origin: Origin | None = None,
    ) -> Iterator[Unit]: ...

    def history(self, unit_id: int) -> list[dict[str, Any]]:
        """Earlier versions of unit ``unit_id``'s targets, oldest first: lang, text, status, created,
        changed, and when and by whom (``replaced``, ``replaced_by``) they were replaced."""
        ...

    def languages(self) -> list[str]: ...

    def prime(self) -> None:
        """Read ahead what this process keeps for lookups, so that the first lookups do not pay
        for it (a server calls it in the background after it starts); nothing for a backend
        that keeps nothing."""
        ...

    def stats(self) -> MemoryStats: ...

    def vacuum(self) -> None: ...

    def close(self) -> None: ...

    def __enter__(self) -> Memory: ...

    def __exit__(self, *exc: object) -> None: ...
