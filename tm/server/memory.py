"""Every memory access of the server, in one place: open the memory, look up, concord, import, add.

Each server thread gets a connection of its own (the memory's database serves any number of
readers and one writer at a time). Nothing else in ``tm.server`` imports the memory's modules.
Concordance searches use an index per language pair (``tm.concordance.ConcordanceIndex``), kept
in this process and rebuilt after a write through it; a write by another process (``tm import``
beside the server, another worker) shows in concordance after that or a restart.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tm.concordance import ConcordanceIndex, ConcordanceResult
from tm.errors import TmError
from tm.glossary import Glossary
from tm.match import Match, lookup
from tm.memory import ImportSummary, Memory, MemoryStats, default_memory_location, is_server_url, open_memory
from tm.memory.schema import POSTGRES_VERSION, SQLITE_VERSION
from tm.model import Origin, Unit, Variant, nfc

__all__ = ["ImportSummary", "ServedMemory"]

#: How long a thread keeps its connection to the memory (so it sees what others wrote meanwhile).
REOPEN_SECONDS = 60.0
#: How long the health endpoint reuses the memory's counts (counting a large memory takes seconds).
STATS_SECONDS = 30.0


class ServedMemory:
    """The memory at ``location`` as the server uses it: one connection per thread."""

    def __init__(self, location: str | None) -> None:
        self.location = self.locate(location)
        open_memory(self.location, create=False).close()  # refuses a memory that is not there
        #: The version of the memory's tables (SQLite and PostgreSQL number theirs apart).
        self.schema = POSTGRES_VERSION if is_server_url(self.location) else SQLITE_VERSION
        self._local = threading.local()
        self._stats: tuple[float, MemoryStats] | None = None
        #: Concordance indexes by language pair, with the count of writes they have seen.
        self._indexes: dict[tuple[str, str], tuple[int, ConcordanceIndex]] = {}
        self._building: dict[tuple[str, str], threading.Lock] = {}
        self._rebuilding: set[tuple[str, str]] = set()
        self._writes = 0
        self._lock = threading.Lock()

    @staticmethod
    def locate(location: str | None) -> str:
        """Where the memory is: ``location``, else the project's memory (``tm import`` puts it there)."""
        return location or default_memory_location()

    @staticmethod
    def folder(location: str | None) -> Path:
        """The folder for the server's own files beside the memory: the memory file's folder, or
        for a PostgreSQL memory the project's ``.tm/``."""
        located = ServedMemory.locate(location)
        if is_server_url(located):
            from tm.config import find_project

            project = find_project()
            if project is None:
                raise TmError(
                    "a PostgreSQL memory keeps the server's tokens in its project's .tm/ folder,"
                    " and this is not inside a tm project",
                    hint="run it in the project (where tm.toml is), or give --tokens FILE",
                )
            return project.root / ".tm"
        return Path(located).parent

    def _memory(self) -> Memory:
        """This thread's connection; opened again after a write through the server or after
        ``REOPEN_SECONDS`` (a connection keeps what it read once, such as the memory's languages)."""
        opened = getattr(self._local, "opened", None)
        if opened is not None and (opened[1] != self._writes or time.monotonic() - opened[2] > REOPEN_SECONDS):
            opened[0].close()
            opened = None
        if opened is None:
            opened = self._local.opened = (open_memory(self.location, create=False), self._writes, time.monotonic())
        memory: Memory = opened[0]
        return memory

    def lookup(self, text: str, src_lang: str, tgt_lang: str, n: int, min_score: int) -> list[Match]:
        """The best matches, as ``tm lookup`` finds them (the same scores: no glossary name penalty)."""
        return lookup(self._memory(), text, src_lang, tgt_lang, n=n, min_score=min_score)

    def concordance(
        self, query: str, src_lang: str, tgt_lang: str, glossary: Glossary | None, offset: int, limit: int
    ) -> ConcordanceResult:
        """One page of the concordance of ``query`` (``tm.concordance``), from the pair's index."""
        return self._index(src_lang, tgt_lang).search(query, glossary=glossary, offset=offset, limit=limit)

    def _index(self, src_lang: str, tgt_lang: str) -> ConcordanceIndex:
        """The pair's concordance index: built on first use (the caller waits); after a write
        through this server, rebuilt in the background while searches use the one before."""
        pair = (src_lang, tgt_lang)
        with self._lock:
            built = self._indexes.get(pair)
            if built is not None and built[0] != self._writes and pair not in self._rebuilding:
                self._rebuilding.add(pair)
                threading.Thread(target=self._rebuild, args=(pair,), daemon=True).start()
            if built is not None:
                return built[1]
            waiting = self._building.setdefault(pair, threading.Lock())
        with waiting:  # one thread builds; the others wait for it
            with self._lock:
                if pair in self._indexes:
                    return self._indexes[pair][1]
            self._rebuild(pair)
            return self._indexes[pair][1]

    def warm(self) -> None:
        """Build the concordance indexes from the memory's main source language to each other one
        (what a server does at start, in the background, so that the first searches need not wait)."""
        source = self._memory().stats().main_source
        for lang in self.languages():
            if source and lang != source:
                self._index(source, lang)

    def _rebuild(self, pair: tuple[str, str]) -> None:
        writes = self._writes
        try:
            with open_memory(self.location, create=False) as memory:
                index = ConcordanceIndex.build(memory, *pair)
            with self._lock:
                self._indexes[pair] = (writes, index)
        finally:
            with self._lock:
                self._rebuilding.discard(pair)

    def _wrote(self) -> None:
        with self._lock:
            self._writes += 1

    def import_file(
        self, path: Path, *, format: str | None, source_lang: str | None, target_lang: str | None,
        progress: Callable[[ImportSummary], None],
    ) -> ImportSummary:  # fmt: skip
        """Import a file as ``tm import`` does, through a connection of its own (a job's thread)."""
        try:
            with open_memory(self.location, create=False) as memory:
                return memory.import_file(
                    path, progress=progress, format=format, source_lang=source_lang, target_lang=target_lang
                )
        finally:
            self._wrote()

    def save_unit(self, source: Variant, targets: dict[str, Variant], unit_id: str | None) -> ImportSummary:
        """Add one unit, or update the one with the same source (and id): a confirmed segment."""
        unit = Unit(id=unit_id or "", source=source, targets=targets, origin=Origin.HUMAN)
        try:
            return self._memory().import_units([unit], origin=Origin.HUMAN)
        finally:
            self._wrote()

    def health(self) -> dict[str, Any]:
        """Status, memory size (counted at most every ``STATS_SECONDS``) and schema version."""
        now = time.monotonic()
        if self._stats is None or now - self._stats[0] > STATS_SECONDS:
            self._stats = (now, self._memory().stats())
        stats = self._stats[1]
        return {"status": "ok", "units": stats.units, "variants": stats.variants, "schema": self.schema}

    def languages(self) -> list[str]:
        """The language tags the memory holds."""
        return self._memory().languages()


def text_variant(lang: str, text: str) -> Variant:
    """A plain-text variant in NFC."""
    return Variant.of(lang, nfc(text))
