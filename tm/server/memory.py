"""Every memory access of the server, in one place: open the memory, look up, concord, import, add.

Each server thread gets a connection of its own (the memory's database serves any number of
readers and one writer at a time). Nothing else in ``tm.server`` imports the memory's modules.

Concordance searches use an index per language pair (``tm.concordance.ConcordanceIndex``), built
on the pair's first search, once for all the worker processes: the first builds it (under a file
lock) and saves it in the folder they share, the others load it as soon as it is saved, before
a search asks (``follow``; a 200k-unit pair: 23 s of CPU to build, 0.6 s to load). It is built
and saved by a child process: in the worker, the build (76 s of CPU at 1M units, pure Python)
and the save (3 s in one call) would hold its GIL against its requests. Building it in every worker at start took a core from the lookups for minutes at 1M
units, and the RAM of every pair in every worker. After a write through a worker, that worker
builds the pair again and saves it; the others load the new one when they see it, and search the
one before meanwhile. A write by another process (``tm import`` beside the server)
shows in concordance after a write through the server or a restart.
"""

from __future__ import annotations

import gc
import logging
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from filelock import FileLock

from tm.concordance import ConcordanceIndex, ConcordanceResult
from tm.errors import TmError
from tm.fileio import open_atomic
from tm.glossary import Glossary
from tm.match import Match, lookup
from tm.memory import ImportSummary, Memory, MemoryStats, default_memory_location, is_server_url, open_memory
from tm.memory.importer import start_python
from tm.memory.schema import POSTGRES_VERSION, SQLITE_VERSION
from tm.model import Origin, Unit, Variant, nfc

__all__ = ["ImportSummary", "ServedMemory"]

#: How long a thread keeps its connection to the memory (so it sees what others wrote meanwhile).
REOPEN_SECONDS = 60.0
#: How old the memory's counts the health endpoint answers with may be before they are made
#: again (counting 1M units took 13 s, 8 s of it CPU).
STATS_SECONDS = 30.0
#: How often a worker looks for the concordance indexes the other workers saved (``follow``).
FOLLOW_SECONDS = 0.5
#: What a builder process runs (``_builder``); its request comes over stdin.
_BUILDER = "import sys, pickle, tm.server.memory as m; m._builder(*pickle.load(sys.stdin.buffer))"

log = logging.getLogger("tm.server")


class ServedMemory:
    """The memory at ``location`` as the server uses it: one connection per thread; concordance
    indexes kept in ``shared``, a folder of the server's own that its worker processes share."""

    def __init__(self, location: str | None, shared: Path) -> None:
        self.location = self.locate(location)
        self.shared = shared
        open_memory(self.location, create=False).close()  # refuses a memory that is not there
        #: The version of the memory's tables (SQLite and PostgreSQL number theirs apart).
        self.schema = POSTGRES_VERSION if is_server_url(self.location) else SQLITE_VERSION
        self._local = threading.local()
        #: The memory's counts and when they were made (or why they could not be), and the
        #: thread making them again.
        self._stats: tuple[float, MemoryStats | TmError] | None = None
        self._counting: threading.Thread | None = None
        #: Concordance indexes by language pair, with the count of this process's writes they have
        #: seen and the stamp of the file they were saved to or loaded from.
        self._indexes: dict[tuple[str, str], tuple[int, Stamp, ConcordanceIndex]] = {}
        self._building: dict[tuple[str, str], threading.Lock] = {}
        self._rebuilding: set[tuple[str, str]] = set()
        #: The builder processes running, stopped by ``close``.
        self._builders: set[subprocess.Popen[bytes]] = set()
        self._closed = threading.Event()
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

    def prime(self) -> None:
        """Read ahead what this process keeps for lookups (``Memory.prime``), on a connection of
        its own, so that the first lookups after a start do not pay for it; a failure is logged
        (lookups then read it as they need it). The server runs it in a thread when it starts."""
        try:
            with open_memory(self.location, create=False) as memory:
                memory.prime()
        except Exception as exc:  # only a head start: the lookups read what they need
            log.warning("tm serve: reading ahead for lookups failed: %s", getattr(exc, "message", exc))

    def lookup(self, text: str, src_lang: str, tgt_lang: str, n: int, min_score: int) -> list[Match]:
        """The best matches, as ``tm lookup`` finds them (the same scores: no glossary name penalty)."""
        return lookup(self._memory(), text, src_lang, tgt_lang, n=n, min_score=min_score)

    def concordance(
        self, query: str, src_lang: str, tgt_lang: str, glossary: Glossary | None, offset: int, limit: int
    ) -> ConcordanceResult:
        """One page of the concordance of ``query`` (``tm.concordance``), from the pair's index."""
        return self._index(src_lang, tgt_lang).search(query, glossary=glossary, offset=offset, limit=limit)

    def _index(self, src_lang: str, tgt_lang: str) -> ConcordanceIndex:
        """The pair's concordance index: on first use loaded, or built and saved (the caller waits);
        after a write through this process built again, and after another process saved a newer
        one loaded again, in the background while searches use the one before."""
        pair = (src_lang, tgt_lang)
        with self._lock:
            built = self._indexes.get(pair)
            if built is not None and pair not in self._rebuilding:
                if built[0] != self._writes:
                    self._background(pair, rebuild=True)
                elif _stamp(self._saved(pair)) != built[1]:
                    self._background(pair, rebuild=False)
            if built is not None:
                return built[2]
            waiting = self._building.setdefault(pair, threading.Lock())
        with waiting:  # one thread of this process gets it; the others wait for it
            with self._lock:
                if pair in self._indexes:
                    return self._indexes[pair][2]
            self._fetch(pair, rebuild=False)
            return self._indexes[pair][2]

    def follow(self) -> None:
        """Until ``close``: take up each concordance index another worker process saves (one this
        process does not hold, or a newer one) as soon as it is saved, so that this process's
        first search of the pair does not wait for it (at 1M units loading it took 2.7 s). The
        server runs it in a thread. A search meanwhile waits for the load under way, as it
        waits for a search's own."""
        while not self._closed.wait(FOLLOW_SECONDS):
            for saved in self.shared.glob("concordance-*_*.pickle"):
                src_lang, _, tgt_lang = saved.name.removeprefix("concordance-").removesuffix(".pickle").partition("_")
                with self._lock:
                    held = self._indexes.get((src_lang, tgt_lang))
                if held is None or held[1] != _stamp(saved):
                    try:
                        self._index(src_lang, tgt_lang)
                    except TmError as exc:  # removed meanwhile (a shutdown), and failing to build again
                        if not self._closed.is_set():
                            log.error("tm serve: %s", exc.message)

    def _background(self, pair: tuple[str, str], rebuild: bool) -> None:
        """``_fetch`` in a thread of its own (the caller holds ``_lock``)."""
        self._rebuilding.add(pair)

        def run() -> None:
            try:
                self._fetch(pair, rebuild)
            except TmError as exc:
                if not self._closed.is_set():  # searches go on with the index before; the next write tries again
                    log.error("tm serve: %s", exc.message)
            finally:
                with self._lock:
                    self._rebuilding.discard(pair)

        threading.Thread(target=run, daemon=True).start()

    def _saved(self, pair: tuple[str, str]) -> Path:
        """Where the pair's index is saved for the worker processes."""
        return self.shared / f"concordance-{pair[0]}_{pair[1]}.pickle"  # no tag holds a "_"

    def close(self) -> None:
        """Stop the builds of concordance indexes in progress and remove the indexes saved in
        ``shared`` (122 MB a pair at 200k units), and what a stopped build was saving."""
        with self._lock:
            self._closed.set()
            builders = list(self._builders)
        for builder in builders:
            builder.kill()
            builder.wait()
        for saved in self.shared.glob("*concordance-*"):  # .concordance-*.tmp: open_atomic's
            saved.unlink(missing_ok=True)

    def _fetch(self, pair: tuple[str, str], rebuild: bool) -> None:
        """Load the pair's saved index; or, when none is saved or with ``rebuild``, build it from
        the memory as it is now and save it. One worker process builds at a time (the others,
        with none saved, wait and load what it saved); loading waits for no build, since an index
        is saved whole (renamed into place)."""
        saved = self._saved(pair)
        writes = self._writes
        built = False
        if rebuild or _stamp(saved) is None:
            with FileLock(f"{saved}.lock"):
                if rebuild or _stamp(saved) is None:
                    self._build(pair, saved)
                    built = True
        with saved.open("rb") as handle:
            opened = _stamp_of(os.fstat(handle.fileno()))
            # Saved by a worker of this server in its own folder (mkdtemp makes it private).
            index = _load(handle)
        with self._lock:
            # The first index of the pair this process loads was built by another, maybe before
            # this process's writes: it counts as holding none (after a write, built again).
            self._indexes[pair] = (writes if built or pair in self._indexes else 0, opened, index)

    def _build(self, pair: tuple[str, str], saved: Path) -> None:
        """Build the pair's index and save it to ``saved``, in a child process (``_builder``)
        that this thread waits for; a TmError, password left out, when it fails."""
        child = start_python(_BUILDER, (self.location, pair, saved), stderr=subprocess.PIPE)
        with self._lock:
            if self._closed.is_set():
                child.kill()
            self._builders.add(child)
        try:
            assert child.stderr is not None  # it writes nothing else
            said = child.stderr.read().decode(errors="replace").strip().splitlines()
            child.wait()
        finally:
            with self._lock:
                self._builders.discard(child)
        if child.returncode:
            why = said[-1] if said else f"exit code {child.returncode}"
            if is_server_url(self.location):
                from tm.memory.backends.postgres import scrub  # psycopg only for a PostgreSQL memory

                why = scrub(why, self.location)
            raise TmError(
                f"building the {pair[0]}-{pair[1]} concordance index failed: {why}",
                hint="see the server's log; searches use the index built before, if any",
            )

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
        """Status, memory size and schema version. The memory is counted by one thread at a time:
        the first requests wait for the same count; a count older than ``STATS_SECONDS`` is made
        again in the background, while the one before answers (a health check never waits for
        a recount, nor do a check's retries each start another)."""
        with self._lock:
            counted, counting = self._stats, self._counting
            if counting is None and (counted is None or time.monotonic() - counted[0] > STATS_SECONDS):
                counting = self._counting = threading.Thread(target=self._count, name="count", daemon=True)
                counting.start()
        if counted is None:
            assert counting is not None
            counting.join()
            counted = self._stats
            assert counted is not None
        stats = counted[1]
        if isinstance(stats, TmError):
            raise stats
        return {"status": "ok", "units": stats.units, "variants": stats.variants, "schema": self.schema}

    def _count(self) -> None:
        """Count the memory (``health``), on a connection of its own."""
        counted: MemoryStats | TmError = TmError("the memory could not be counted", hint="see the server's log")
        try:
            with open_memory(self.location, create=False) as memory:
                counted = memory.stats()
        except TmError as exc:
            counted = exc
        finally:
            with self._lock:
                self._stats, self._counting = (time.monotonic(), counted), None

    def languages(self) -> list[str]:
        """The language tags the memory holds."""
        return self._memory().languages()


#: What tells a saved index from the one saved before it: the file's modification time and inode.
Stamp = tuple[int, int] | None


def _stamp(path: Path) -> Stamp:
    try:
        return _stamp_of(path.stat())
    except FileNotFoundError:
        return None


def _stamp_of(status: os.stat_result) -> tuple[int, int]:
    return status.st_mtime_ns, status.st_ino


def _load(handle: IO[bytes]) -> ConcordanceIndex:
    """A saved index (``ConcordanceIndex.load``), loaded with the cyclic garbage collector paused,
    then left out of its passes (``gc.freeze``). Loading makes enough objects to start full
    passes of the collector, and a full pass visits every object the process holds: with a
    1M-unit index (three lists of a million texts, tens of thousands of word tables) each worker
    ran one of 0.5 to 1.3 s holding the GIL at each load (2 loaded cores), a stall of its event loop and of every
    lookup queued on it, and each later full pass would visit them all again. The index holds no
    reference cycles: reference counting frees it when another replaces it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        index = ConcordanceIndex.load(handle)
    finally:
        if enabled:
            gc.enable()
    gc.freeze()
    return index


def _builder(location: str, pair: tuple[str, str], saved: Path) -> None:
    """A builder process: the pair's concordance index of the memory at ``location``, saved to
    ``saved``; a TmError's message as the last line of stderr (exit code 2)."""
    try:
        with open_memory(location, create=False) as memory:
            index = ConcordanceIndex.build(memory, *pair)
        with open_atomic(saved) as handle:
            index.save(handle)
    except TmError as exc:
        sys.stderr.write(exc.message + "\n")
        sys.exit(2)


def text_variant(lang: str, text: str) -> Variant:
    """A plain-text variant in NFC."""
    return Variant.of(lang, nfc(text))
