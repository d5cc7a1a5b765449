"""The memory in an embedded SQLite database: one file, WAL mode, an FTS5 word index.

Concurrency: the database runs in WAL mode, so any number of processes read while one writes; a
second writer waits (``busy_timeout``) instead of failing. Imports commit one batch at a time:
killing an import loses only the batch in flight, and running it again skips what is already in.
An import into an empty memory builds the unique index of unit keys once at its end; if it is
killed first, the next write builds it (see ``SqliteMemory._begin_bulk_load``). If no other
connection holds the memory open, it writes through a rollback journal, each page once, and puts
the memory back in WAL mode at its end (``SqliteMemory._journal``).

A unit's identity is its source language, source content (inline codes included) and TMX ``tuid``
(PO ``msgctxt``): importing the same file twice adds nothing, and a unit whose targets, status or
properties changed is updated in place, the replaced target texts and dates going to its history.
"""

from __future__ import annotations

import itertools
import os
import sqlite3
import threading
from array import array
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from itertools import repeat
from pathlib import Path
from typing import Any, Self, cast

import numpy

from tm.errors import TmError
from tm.fileio import make_parent
from tm.memory import bulk, importer
from tm.memory.backends.base import HISTORY, Backend, current_writer
from tm.memory.contract import ImportSummary, MemoryStats, Progress
from tm.memory.retrieval import ids_of, matching, nearest
from tm.memory.rows import (
    TOKEN,
    UnitRow,
    UnitRows,
    Written,
    date_text,
    exported_fingerprint,
    merge_variants,
    stored_unit,
)
from tm.memory.schema import SQLITE, SQLITE_MIGRATIONS, SQLITE_VERSION
from tm.model import Context, Origin, Unit, utcnow

_CACHE_SIZE = -65536  # 64 MiB of page cache
_PAGE_SIZE = 16384
#: Reads go through a memory map of the file (up to this size, or the limit SQLite was built with:
#: 2 GiB in most builds) instead of copies into each connection's page cache. A lookup reads a
#: few hundred scattered rows: mapped, a 1M-unit lookup costs 30 % less CPU, and the server's
#: connections (one a thread, in each worker) share the pages instead of each warming its cache.
_MMAP_SIZE = 1 << 40


class SqliteMemory(Backend):
    """A translation memory in one SQLite file (created on first use; ``create=False`` refuses to).

    Example::

        with SqliteMemory(Path(".tm/memory.db")) as memory:
            summary = memory.import_file("client.tmx")
            for match in tm.match.lookup(memory, "The treaty was signed.", "en", "az"):
                ...
    """

    def __init__(self, path: Path, *, timeout: float = 60.0, create: bool = True) -> None:
        self.path = Path(path)
        self.location = str(self.path)
        self.timeout = timeout
        self.who = current_writer()
        if not create and not self.path.exists():
            raise TmError("no memory here yet", path=self.path, hint="import a TMX or PO file with `tm import FILE`")
        make_parent(self.path)  # refuses a folder, a file used as one, a missing root
        try:
            self.db = sqlite3.connect(self.path, timeout=timeout, isolation_level=None, check_same_thread=False)
            # Takes effect only on a new file: 16 KiB pages write a bulk import ~20 % faster than 4 KiB.
            self.db.execute(f"PRAGMA page_size={_PAGE_SIZE}")
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute(f"PRAGMA cache_size={_CACHE_SIZE}")
            self.db.execute(f"PRAGMA mmap_size={_MMAP_SIZE}")
            self.db.execute("PRAGMA wal_autocheckpoint=4096")  # checkpoint every 64 MiB of WAL
            self._create()
            self._name()
            self._lengths = _Lengths.of(self.db)
            self._held = _Held.of(self.db)
            self._sources = _Sources.of(self.db)
        except sqlite3.DatabaseError as exc:
            raise TmError(f"cannot open the memory: {exc}", path=self.path) from exc
        #: Whether the import under way lets the term counts fall behind (see ``_count_terms``).
        self._bulk = False

    def close(self) -> None:
        """Close the database (a reader never blocks a writer, but an open connection keeps the WAL)."""
        self.db.close()

    def _create(self) -> None:
        if self.db.execute("SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone():
            self._migrate()
            return
        try:
            self.db.executescript(
                f"BEGIN IMMEDIATE; {SQLITE} INSERT OR IGNORE INTO meta VALUES ('schema', '{SQLITE_VERSION}');"
                f" {_NAME_IT} COMMIT;"
            )
        except BaseException:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            raise

    def _name(self) -> None:
        """Give a memory made before memories had names one (see ``_Lengths``), unless the file is
        read-only or another connection is writing: that open does not wait, and a later one names it."""
        if self.db.execute("SELECT 1 FROM meta WHERE key = 'name'").fetchone():
            return
        self.db.execute("PRAGMA busy_timeout=0")
        try:
            self.db.execute(_NAME_IT)
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "readonly" not in str(exc):
                raise
        finally:
            self.db.execute(f"PRAGMA busy_timeout={int(self.timeout * 1000)}")

    def _migrate(self) -> None:
        """Bring an older schema up to this one (in one transaction); refuse one it cannot."""
        found = self.db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        version = int(found[0]) if found else SQLITE_VERSION
        if version == SQLITE_VERSION:
            return
        if version > SQLITE_VERSION or version not in SQLITE_MIGRATIONS:
            raise TmError(f"memory schema {version} is not {SQLITE_VERSION}", path=self.path,
                          hint="upgrade tm" if version > SQLITE_VERSION else "export it (tm export) with the tm"
                          " that wrote it, and import that into a new memory")  # fmt: skip
        with self._writing():
            if int(self.db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()[0]) == version:
                for statement in SQLITE_MIGRATIONS[version].split(";"):
                    if statement.strip():
                        self.db.execute(statement)
                self.db.execute("UPDATE meta SET value = ? WHERE key = 'schema'", (str(version + 1),))
        self._migrate()

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """A write transaction (waiting for another writer to finish): committed at the end of the
        block, rolled back if anything in it (or the commit) fails."""
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            yield
            db.execute("COMMIT")
        except BaseException as exc:
            if db.in_transaction:  # SQLite has already rolled back after some errors (a full disk)
                db.execute("ROLLBACK")
            if isinstance(exc, sqlite3.OperationalError) and "full" in str(exc):
                raise TmError(f"cannot write the memory: {exc}", path=self.path,
                              hint="free some space on that disk and run the command again; "
                                   "the batch under way was rolled back") from exc  # fmt: skip
            raise

    # ----------------------------------------------------------------------- import

    def _import(self, batches: Iterator[importer.Batch], progress: Progress | None) -> ImportSummary:
        summary = ImportSummary()
        self._bulk = False
        # An import reads the file through the page cache, not the map: building the key index and
        # counting the terms read all of it, and every mapped page it touched would stay in its RSS
        # (a 200k-unit import: 510 MB mapped, 248 MB not).
        self.db.execute("PRAGMA mmap_size=0")
        direct = False
        try:
            load = self._begin_bulk_load()
            direct = load is not None and self._journal("delete")
            try:
                return importer.run(batches, lambda rows, summary: self._write(rows, summary, load), summary, progress)
            finally:
                if load is not None:
                    self._end_bulk_load(load)
                if summary.added:
                    self._count_all_terms()
        finally:
            if direct:
                self._journal("wal")
            self.db.execute(f"PRAGMA mmap_size={_MMAP_SIZE}")

    def _journal(self, mode: str) -> bool:
        """Put the memory in journal ``mode``: ``wal``, or ``delete`` (a rollback journal, synced
        fully), which a bulk load writes in; whether it is in that mode now.

        In WAL mode every page is written twice: to the WAL, and to the file when the WAL is
        checkpointed (a bulk load of 200k news-length units, 340 MB, twice). With a rollback journal
        a transaction writes its pages to the file once, and copies to the journal only the pages
        that were in the file when it began (a bulk load adds pages at the end of the file): a kill
        rolls back the batch in flight all the same. A memory another connection holds open stays
        in WAL mode (the load goes on in it), and one that a connection opens meanwhile goes back to
        it (``__init__``).
        """
        try:
            found = self.db.execute(f"PRAGMA journal_mode={mode}").fetchone()[0]
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc):
                raise
            return False
        self.db.execute("PRAGMA synchronous=" + ("NORMAL" if found == "wal" else "FULL"))
        return bool(found == mode)

    def _begin_bulk_load(self) -> bulk.BulkLoad | None:
        """Drop the key index if the memory is empty: the import builds it once at its end.

        A unique index on random hashes is largely rewritten by every batch; built once, it costs a
        sort. Meta ``bulk_load`` marks the load under way: any other write (a second import, the
        same import run again after a kill) first builds the index from the units committed so
        far, which are unique, and this import then goes on the ordinary way. The word index is
        written with ``_FTS_BULK`` meanwhile (its defaults back at the end, or on that next write).
        """
        db = self.db
        with self._writing():
            self._bulk_load_on(None)
            load = None
            if not self._unit_count() and db.execute("SELECT 1 FROM sqlite_master WHERE name = 'units_key'").fetchone():
                load = bulk.BulkLoad(os.urandom(8).hex())
                db.execute("DROP INDEX units_key")
                db.execute("INSERT INTO meta VALUES ('bulk_load', ?)", (load.token,))
                self._word_index_settings(bulk=True)
        return load

    def _bulk_load_on(self, load: bulk.BulkLoad | None, keys: frozenset[int] | set[int] = frozenset()) -> bool:
        """In a write transaction: whether ``load`` may go on writing ``keys`` without the key index.

        If not, the index is built, the word index's settings are put back and its terms counted
        (when a load dropped and changed them), and ``load`` ends.
        """
        db = self.db
        state = db.execute("SELECT value FROM meta WHERE key = 'bulk_load'").fetchone()
        if load is not None and load.goes_on(state[0] if state else None, keys):
            return True
        if state is not None:
            # The sort takes as much memory as the page cache may hold: empty the cache for it.
            db.execute("PRAGMA cache_size=-16384")
            db.execute("PRAGMA shrink_memory")
            db.execute("CREATE UNIQUE INDEX IF NOT EXISTS units_key ON units (key)")
            self._word_index_settings(bulk=False)
            # The word index the load wrote in many segments, merged into one: a lookup reads a
            # term's holders from it 10-15 % faster (1M units: 0.5 s CPU to merge).
            db.execute("INSERT INTO source_index (source_index) VALUES ('optimize')")
            # Counted from the merged index, in this transaction (not one of its own after it, which
            # synced the file once more), whatever ends the load: its own end, or the next write after
            # it was killed, even one adding nothing (which left the counts of the last doubling).
            last_id = self._unit_count()
            if self._terms_upto() < last_id:
                self._recount_terms(last_id)
            db.execute(f"PRAGMA cache_size={_CACHE_SIZE}")
            db.execute("DELETE FROM meta WHERE key = 'bulk_load'")
        return False

    def _word_index_settings(self, bulk: bool) -> None:
        """Set FTS5's settings for a bulk load (``_FTS_BULK``), or back to its defaults: for this
        connection, and with their rows gone from the index's config table for the others (which
        read it again, the settings having changed), as in a memory never bulk loaded."""
        settings = _FTS_BULK if bulk else _FTS_DEFAULTS
        for name, value in settings.items():
            self.db.execute("INSERT INTO source_index (source_index, rank) VALUES (?, ?)", (name, value))
        if not bulk:
            marks = ",".join("?" * len(settings))
            self.db.execute(f"DELETE FROM source_index_config WHERE k IN ({marks})", list(settings))

    def _end_bulk_load(self, load: bulk.BulkLoad) -> None:
        """Build the key index (if still dropped) and count the terms."""
        load.end()
        with self._writing():
            self._bulk_load_on(load)

    def _write(self, batch: UnitRows, summary: ImportSummary, load: bulk.BulkLoad | None) -> None:
        """Write the rows of one batch in one transaction (waiting for another writer to finish).

        In a bulk load (``load``) the rows are checked against the keys of its earlier batches
        instead of the index.
        """
        if not batch:
            return
        now = cast(str, date_text(utcnow()))
        db = self.db
        columns = batch.by_name()
        known_keys, known_fingerprints = columns["known_key"], columns["known_fingerprint"]
        rows = None if None not in known_keys and None not in known_fingerprints else list(batch)
        keys = known_keys if rows is None else [row.key for row in rows]
        fingerprints = known_fingerprints if rows is None else [row.fingerprint for row in rows]
        with self._writing():
            distinct = set(keys)
            bulk_on = self._bulk_load_on(load, distinct)
            existing: dict[int, tuple[int, int]] = {}
            if not bulk_on:
                keys_list = list(distinct)
                for start in range(0, len(keys_list), 30000):
                    chunk = keys_list[start : start + 30000]
                    marks = ",".join("?" * len(chunk))
                    for key, unit_id, fingerprint in db.execute(
                        f"SELECT key, id, fingerprint FROM units WHERE key IN ({marks})", chunk
                    ):
                        existing[key] = (unit_id, fingerprint)
            next_id = (db.execute("SELECT max(id) FROM units").fetchone()[0] or 0) + 1
            updated = skipped = 0
            if not existing and len(distinct) == len(batch):  # all new (a bulk load's batches): added at once
                index = self._add(len(batch), columns, keys, fingerprints, next_id, now)
            else:
                rows = rows or list(batch)
                index = []
                new: list[int] = []  # the positions of the rows new to the memory, not added yet
                for number, (key, fingerprint, row) in enumerate(zip(keys, fingerprints, rows)):
                    found = existing.get(key)
                    if found is None:
                        existing[key] = (next_id + len(index) + len(new), fingerprint)
                        new.append(number)
                    elif found[1] == fingerprint or self._exported_fingerprint(found[0]) == fingerprint:
                        skipped += 1
                    else:
                        # Add the new rows first: this update may touch a unit added in this batch.
                        index += self._add_at(rows, new, keys, fingerprints, next_id + len(index), now)
                        new = []
                        self._update(found[0], row, fingerprint, now)
                        existing[key] = (found[0], fingerprint)
                        updated += 1
                index += self._add_at(rows, new, keys, fingerprints, next_id + len(index), now)
            db.executemany(
                "INSERT OR IGNORE INTO languages VALUES (?)",
                [(lang,) for lang in sorted(set(itertools.chain.from_iterable(set(columns["langs"]))))],
            )
            if index:
                self._count_terms(next_id + len(index) - 1, len(index), index)
        if bulk_on:
            load.keys.update(keys)  # type: ignore[union-attr]
        self._langs = None
        summary.added += len(index)
        summary.updated += updated
        summary.skipped["unchanged"] += skipped

    def _count_terms(self, last_id: int, added: int, index: list[tuple[int, str]]) -> None:
        """Bring the term counts up to unit ``last_id`` after a batch that added ``added`` units.

        A small addition to a counted memory counts its own terms. A large import lets the counts
        fall behind and recounts them all from the index (fast, in C) each time the memory has
        doubled since the last count, and at its end: lookups meanwhile see the counts of the
        memory as it was (its new units are found through the words they share with older ones).
        """
        counted = self._terms_upto()
        if not self._bulk and counted == last_id - added and added * 20 < last_id:
            if index:
                found = Counter(itertools.chain.from_iterable(set(TOKEN.findall(text)) for _id, text in index))
                self.db.executemany(
                    "INSERT INTO terms VALUES (?, ?) ON CONFLICT (term) DO UPDATE SET docs = docs + excluded.docs",
                    found.items(),
                )
            self._set_terms_upto(last_id)
        else:
            self._bulk = True  # for the rest of this import
            if last_id >= 2 * counted:
                self._recount_terms(last_id)

    def _count_all_terms(self) -> None:
        """Recount the terms if an import left them behind (in a transaction of its own)."""
        with self._writing():
            last_id = self._unit_count()
            if self._terms_upto() < last_id:
                self._recount_terms(last_id)

    def _recount_terms(self, last_id: int) -> None:
        db = self.db
        db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.source_vocab USING fts5vocab(main, source_index, row)")
        db.execute("DELETE FROM terms")
        db.execute("INSERT INTO terms SELECT term, doc FROM temp.source_vocab")
        self._set_terms_upto(last_id)

    def _terms_upto(self) -> int:
        """The last unit id the term counts include."""
        found = self.db.execute("SELECT value FROM meta WHERE key = 'terms_upto'").fetchone()
        return int(found[0]) if found else 0

    def _set_terms_upto(self, last_id: int) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES ('terms_upto', ?)", (str(last_id),))

    def _add_at(self, batch: list[UnitRow], positions: list[int], keys: Sequence[int], fingerprints: Sequence[int],
                first_id: int, now: str) -> list[tuple[int, str]]:  # fmt: skip
        """``_add`` of the rows of ``batch`` at ``positions``."""
        if not positions:
            return []
        rows = UnitRows.of(batch[number] for number in positions)
        return self._add(len(rows), rows.by_name(), [keys[number] for number in positions],
                         [fingerprints[number] for number in positions], first_id, now)  # fmt: skip

    def _add(self, count: int, columns: dict[str, tuple[Any, ...]], keys: Sequence[int],
             fingerprints: Sequence[int], first_id: int, now: str) -> list[tuple[int, str]]:  # fmt: skip
        """Insert ``count`` rows (``columns``: their columns, ``UnitRows.by_name``) as new units
        numbered from ``first_id``, with their contexts and their sources in the word index; the
        (id, text) the word index got of each.

        The statements' parameters are made from the columns by ``zip`` (in C): a batch of 20k
        rows made one at a time in Python took as long as SQLite took to insert them."""
        db, who, c = self.db, self.who, columns
        ids = range(first_id, first_id + count)
        # The texts as bytearrays, which sqlite3 binds as they are: it first looks for an adapter for
        # a bytes value, in vain, at the cost of an AttributeError made and dropped (~3,000 instructions
        # a value, more than a copy into a bytearray).
        db.executemany(*_bound(_INSERT_UNIT, {
            "id": ids, "key": keys, "fingerprint": fingerprints, "tuid": c["tuid"], "src_lang": c["src_lang"],
            "origin": c["origin"], "extra": c["extra"], "changed": c["changed"], "source": map(bytearray, c["source"]),
            "variants": map(bytearray, c["variants"])}, {"now": now, "who": who}))  # fmt: skip
        db.executemany("INSERT INTO contexts VALUES (?,?,?,?,?,?)", [(i, *x) for i, x in zip(ids, c["context"]) if x])
        # A str is bound as it is, and FTS5 took 9 % less CPU to index it than a cast of the bytes.
        index = list(zip(ids, map(bytes.decode, c["folded"])))
        db.executemany("INSERT INTO source_index (rowid, text) VALUES (?,?)", index)
        return index

    def _exported_fingerprint(self, unit_id: int) -> int | None:
        """``exported_fingerprint`` of unit ``unit_id`` (None while it is only pending in a batch)."""
        found = self.db.execute(
            "SELECT tuid, origin, extra, source, variants, added, added_by, written, written_by FROM units"
            " WHERE id = ?",
            (unit_id,),
        ).fetchone()
        if found is None:
            return None
        context = self.db.execute(
            "SELECT document, paragraph, position, prev, next FROM contexts WHERE unit_id = ? ORDER BY rowid LIMIT 1",
            (unit_id,),
        ).fetchone()
        tuid, origin, extra, source, variants, *written = found
        found_context = Context(*context) if context else None
        unit = stored_unit(unit_id, tuid, origin, extra, source, variants, found_context, None, Written(*written))
        return exported_fingerprint(unit)

    def _update(self, unit_id: int, row: UnitRow, fingerprint: int, now: str) -> None:
        """Bring unit ``unit_id`` up to ``row``: changed variants replaced (old ones to history)."""
        db = self.db
        source, variants = db.execute("SELECT source, variants FROM units WHERE id = ?", (unit_id,)).fetchone()
        stored, replaced = merge_variants(source, variants, row)
        db.executemany(
            "INSERT INTO history VALUES (?,?,?,?,?,?,?,?,?,?)", [(unit_id, *old, now, self.who) for old in replaced]
        )
        db.execute(
            "UPDATE units SET fingerprint = ?, origin = coalesce(?, origin), extra = ?, changed = max(changed, ?),"
            " variants = ?, written = ?, written_by = ? WHERE id = ?",
            (fingerprint, row.origin, row.extra, row.changed or now, stored, now, self.who, unit_id),
        )
        if (
            row.context
            and not db.execute(
                "SELECT 1 FROM contexts WHERE unit_id = ? AND document IS ? AND paragraph IS ? AND position IS ?"
                " AND prev IS ? AND next IS ?",
                (unit_id, *row.context),
            ).fetchone()
        ):
            db.execute("INSERT INTO contexts VALUES (?,?,?,?,?,?)", (unit_id, *row.context))

    # ----------------------------------------------------------------------- lookup

    def _read_languages(self) -> list[str]:
        return [row[0] for row in self.db.execute("SELECT lang FROM languages ORDER BY lang")]

    def _postings(self) -> _Postings:
        return _Postings(self.db, self._lengths, self._held, self._sources)

    def prime(self) -> None:
        """Read what this process keeps for lookups (``_Lengths``, ``_Held``, ``_Sources``): the
        sources' word counts, the holders of the terms, the rarest first, as many as ``_Held``
        keeps, and the sources. At 1M units: 4.3 s of CPU for the first two (the GIL released
        while SQLite reads) and an RSS of 194 MB, against 2.2 s and 143 MB when only terms of 300
        holders or more were kept; a lookup then takes some 7 % fewer instructions (see
        ``_COMMON_HOLDERS``). The sources add ~2 s and ~150 MB (see ``_Sources``)."""
        top = self._unit_count()
        if not top:
            return
        self._lengths.get(self.db, numpy.array([top]))
        kept = 0
        common = self.db.execute("SELECT term, docs FROM terms WHERE docs >= ? ORDER BY docs, term", (_COMMON_HOLDERS,))
        for term, docs in common.fetchall():
            kept += docs
            if kept > _HELD_POSTINGS:
                break
            self._held.get(self.db, term, top)
        self._sources.keep(self.db)

    def _unit_count(self) -> int:
        """The number of units (the largest id: exact while nothing is deleted, and free)."""
        return self.db.execute("SELECT max(id) FROM units").fetchone()[0] or 0

    def contexts(self, unit_id: int) -> list[Context]:
        """The places unit ``unit_id`` was seen (document, position, previous and next source)."""
        return [
            Context(*row)
            for row in self.db.execute(
                "SELECT document, paragraph, position, prev, next FROM contexts WHERE unit_id = ?", (unit_id,)
            )
        ]

    # ----------------------------------------------------------------------- export and stats

    def units(
        self,
        src_lang: str | None = None,
        tgt_lang: str | None = None,
        since: datetime | None = None,
        origin: Origin | None = None,
    ) -> Iterator[Unit]:
        """Stream the units in import order: all, or a language pair, changed since a date, of an origin.

        With ``tgt_lang`` a unit carries only that target (and is left out without it). The export
        reads through its own connection, so the memory stays usable while it runs, in one read
        transaction: it sees the memory as it was when it began, whatever an import commits meanwhile.
        """
        where: list[str] = []
        params: list[Any] = []
        if src_lang:
            langs = matching(self.languages(), src_lang)
            where.append(f"u.src_lang IN ({','.join('?' * len(langs))})")
            params.extend(langs)
        if since:
            where.append("u.changed >= ?")
            params.append(date_text(since))
        if origin:
            where.append("u.origin = ?")
            params.append(origin.value)
        tgt_langs = set(matching(self.languages(), tgt_lang)) if tgt_lang else None
        reader = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
        try:
            reader.execute("BEGIN")  # one snapshot (WAL) for every query below
            has_contexts = reader.execute("SELECT 1 FROM contexts LIMIT 1").fetchone() is not None
            rows = reader.execute(
                "SELECT u.id, u.tuid, u.origin, u.extra, u.source, u.variants, u.added, u.added_by, u.written,"
                " u.written_by FROM units u" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY u.id",
                params,
            )
            for unit_id, tuid, unit_origin, extra, source_text, stored, *written in rows:
                context = None
                if has_contexts:
                    found = reader.execute(
                        "SELECT document, paragraph, position, prev, next FROM contexts WHERE unit_id = ?"
                        " ORDER BY rowid LIMIT 1",
                        (unit_id,),
                    ).fetchone()
                    context = Context(*found) if found else None
                unit = stored_unit(unit_id, tuid, unit_origin, extra, source_text, stored, context, tgt_langs,
                                   Written(*written))  # fmt: skip
                if unit is not None:
                    yield unit
        finally:
            reader.close()

    def history(self, unit_id: int) -> list[dict[str, Any]]:
        """Earlier target texts of unit ``unit_id``, oldest first, with their dates and who replaced them."""
        return [dict(zip(HISTORY, row)) for row in self.db.execute(
            f"SELECT {', '.join(HISTORY)} FROM history WHERE unit_id = ? ORDER BY rowid", (unit_id,)
        )]  # fmt: skip

    def vacuum(self) -> None:
        """Rebuild the file without the space of replaced rows, and refresh the planner's statistics."""
        self.db.execute("VACUUM")
        self.db.execute("ANALYZE")

    def stats(self) -> MemoryStats:
        """Units, variants per language and file size."""
        units = self.db.execute("SELECT count(*) FROM units").fetchone()[0]
        variants = dict(self.db.execute(
            "SELECT json_extract(v.value, '$[0]') AS lang, count(*) FROM units, json_each(units.variants) v"
            " GROUP BY lang ORDER BY lang"
        ))  # fmt: skip
        size = sum(p.stat().st_size for p in self.path.parent.glob(self.path.name + "*"))
        main = self.db.execute("SELECT src_lang FROM units GROUP BY src_lang ORDER BY count(*) DESC LIMIT 1").fetchone()
        return MemoryStats(self.location, units, variants, size, main[0] if main else None)


#: A new unit's row (for ``_bound``): added and written ``now`` by ``who``, changed when its variants
#: say, else now. Its texts come as UTF-8 (see UnitRow), stored as TEXT.
_INSERT_UNIT = (
    "INSERT INTO units VALUES ({id}, {key}, {fingerprint}, {tuid}, {src_lang}, {origin}, {extra}, {now},"
    " coalesce({changed}, {now}), CAST({source} AS TEXT), CAST({variants} AS TEXT), {who}, {now}, {who})"
)


def _bound(
    template: str, columns: dict[str, Iterable[Any]], constants: dict[str, Any]
) -> tuple[str, Iterator[tuple[Any, ...]]]:
    """A statement for ``executemany`` and its parameters: ``template`` with each ``{name}`` bound to
    the values of ``columns[name]`` (row by row) or to ``constants[name]``, except that a constant
    None, or a column that is a tuple of Nones only, is written as the literal NULL. The sqlite3
    module binds a None through its adapter lookup (two failed attribute lookups, ~3,300
    instructions a value): 200k units with no origin paid 0.66 billion instructions for it."""
    marks = {name: "NULL" for name, value in constants.items() if value is None}
    marks |= {
        name: "NULL"
        for name, values in columns.items()
        if isinstance(values, tuple) and values.count(None) == len(values)
    }
    bound: list[Iterable[Any]] = []
    for name, values in [*columns.items(), *((name, repeat(value)) for name, value in constants.items())]:
        if name not in marks:
            bound.append(values)
            marks[name] = f"?{len(bound)}"
    return template.format(**marks), zip(*bound)


#: FTS5's settings while a bulk load writes the word index: no merging of its segments (the load
#: merges them all at its end), and the terms of a whole batch held in memory (a segment a batch,
#: not one a MiB). 200k news-length units: FTS5 took 13 % less CPU to index them.
_FTS_BULK = {"automerge": 0, "hashsize": 16 << 20}
#: FTS5's defaults of those settings.
_FTS_DEFAULTS = {"automerge": 4, "hashsize": 1 << 20}

#: Gives the memory a name of its own when it has none: a random ``name`` in its meta table.
_NAME_IT = "INSERT OR IGNORE INTO meta VALUES ('name', lower(hex(randomblob(16))));"


class _Known:
    """What the connections of a process to one memory know of it that stays true while it grows.

    A unit's source never changes (it is part of the unit's key) and units are never deleted, so
    what was read of the sources of the units up to some id stays true. A memory is known by the
    random name it gets when it is made (or, if it was made without one, when it is next opened),
    which a memory made again in its place does not have, together with its file: a copy of the
    file keeps the name, and grows apart from the original once either is written. A memory
    without a name yet keeps what is known of it to its connection.
    """

    _shared: dict[tuple[type, str, int, int], _Known] = {}
    _lock = threading.Lock()

    @classmethod
    def of(cls, db: sqlite3.Connection) -> Self:
        """What is known of the memory ``db`` is connected to."""
        found = db.execute("SELECT value FROM meta WHERE key = 'name'").fetchone()
        if found is None:
            return cls()
        file = os.stat(db.execute("PRAGMA database_list").fetchone()[2])
        with _Known._lock:
            return cast(Self, _Known._shared.setdefault((cls, found[0], file.st_dev, file.st_ino), cls()))


class _Lengths(_Known):
    """The word counts of a memory's sources by unit id, as its FTS5 index keeps them (in its
    docsize table), read once and then only for the units added since."""

    def __init__(self) -> None:
        self.counts = numpy.zeros(0, dtype=numpy.int16)
        self.lock = threading.Lock()

    def get(self, db: sqlite3.Connection, ids: numpy.ndarray) -> numpy.ndarray:
        """The word counts of the sources of units ``ids`` (128 words or more count as 1000)."""
        top = int(ids.max())
        if top >= len(self.counts):
            with self.lock:
                if top >= len(self.counts):
                    # FTS5 keeps each row's token count as a varint: one byte below 128.
                    read, sizes = db.execute(
                        "SELECT group_concat(id), group_concat(CASE WHEN sz < x'80' THEN unicode(CAST(sz AS TEXT))"
                        " ELSE 1000 END) FROM source_index_docsize WHERE id >= ?",
                        (len(self.counts),),
                    ).fetchone()
                    read_ids = ids_of(read)
                    counts = numpy.full(max(top, int(read_ids.max(initial=0))) + 1, 1000, dtype=numpy.int16)
                    counts[: len(self.counts)] = self.counts
                    counts[read_ids] = ids_of(sizes)
                    self.counts = counts
        return self.counts[ids]


#: A term held by this many sources or more has its holders kept (``_Held``): every term. FTS5
#: gives a term's holders row by row, ~1,700 instructions each (the rowid stepped through SQL,
#: written out by group_concat and parsed again): at 1M units a lookup read about three rare
#: terms (under 300 holders, ~170 each) at ~280,000 instructions a term, 10 % of its CPU, and
#: priming keeps all 38,000 of them in 3M holders (24 MB, 2 s of CPU more).
_COMMON_HOLDERS = 1
#: The holders ``_Held`` keeps at most, in all (8 bytes each): at 1M units, those of every term
#: but the 16 most common (which hold 3M more).
_HELD_POSTINGS = 12_000_000


class _Held(_Known):
    """The holders of a memory's terms, read from its word index once and then only among the
    units added since (the least recently used dropped beyond ``_HELD_POSTINGS`` holders).

    FTS5 gives a term's holders at about 0.15 µs each: at 1M units, a query made of common words
    read 100k of them, and a lookup spent a fifth of its CPU there. Terms held by fewer than
    ``_COMMON_HOLDERS`` sources are read each time, as is every term of a memory without a name.
    """

    def __init__(self) -> None:
        self.terms: OrderedDict[str, tuple[int, numpy.ndarray]] = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    def get(self, db: sqlite3.Connection, term: str, top: int) -> numpy.ndarray:
        """The ids of the units holding ``term`` (ascending): those up to ``top``, the largest
        id when the lookup began, and any added since."""
        with self.lock:
            found = self.terms.get(term)
            if found is not None:
                self.terms.move_to_end(term)
        if found is not None and found[0] >= top:
            return found[1]
        if found is None:
            upto, ids = 0, _holders(db, term, 0)
        else:
            upto, ids = found[0], numpy.concatenate((found[1], _holders(db, term, found[0])))
        if len(ids) >= _COMMON_HOLDERS and top > upto:
            kept = ids if not len(ids) or ids[-1] <= top else ids[: numpy.searchsorted(ids, top, side="right")]
            kept.flags.writeable = False
            with self.lock:
                before = self.terms.get(term)
                if before is None or before[0] < top:
                    self.size += len(kept) - (len(before[1]) if before is not None else 0)
                    self.terms[term] = (top, kept)
                    self.terms.move_to_end(term)
                    while self.size > _HELD_POSTINGS and len(self.terms) > 1:
                        self.size -= len(self.terms.popitem(last=False)[1][1])
        return ids


def _holders(db: sqlite3.Connection, term: str, after: int) -> numpy.ndarray:
    """The ids of the units holding ``term`` above ``after``, ascending (FTS5 gives them in order).

    FTS5 reads a term's holders a quarter slower under a bound on their ids (~75 -> ~100 µs for a
    term of 200 holders): the bound is given only when there are ids to skip (ids start at 1).
    """
    sql = "SELECT group_concat(rowid) FROM source_index WHERE source_index MATCH ?"
    params: list[Any] = [f'"{term}"']
    if after:
        sql += " AND rowid > ?"
        params.append(after)
    return ids_of(db.execute(sql, params).fetchone()[0])


#: The units added since ``_Sources`` kept the sources are read from SQL until they number this
#: share of those kept; then all are kept again (one copy of the buffer for that many units).
_SOURCES_AGAIN = 16


class _Sources(_Known):
    """The source texts and languages of a memory's units by id, once ``keep`` has read them
    (``SqliteMemory.prime``): the texts in one UTF-8 buffer, with where each begins and a number
    for its language. The sources of units added since are read from SQL, until they are many
    (``_SOURCES_AGAIN``): then they are kept with the others.

    A lookup reads ~100 sources of units scattered over the memory: at 1M units SQLite took
    ~2.5 µs each, nearly all of it finding the row by id (its B-tree pages, far apart in the
    file), a sixth of a lookup's CPU. From the buffer a lookup took ~20 % less CPU (serve.py's
    3,000 lookups in one process), for ~2 s of CPU to read them and memory: 93 MiB of text and
    ~108 MB in all by tracemalloc, but a ``tm serve`` worker's RssAnon went from 155 to 304 MB
    (what the reading freed stays with the priming thread's allocator). A memory that is never
    primed (``tm lookup``) reads them all from SQL.
    """

    def __init__(self) -> None:
        #: The largest id kept, the texts, where the text of id ``n`` ends (``bounds[n]``; it
        #: begins where that of id ``n - 1`` ends), and each id's language (``NONE`` for an id
        #: without a unit).
        self.kept: tuple[int, bytearray, numpy.ndarray, numpy.ndarray] = (
            0, bytearray(), numpy.zeros(1, dtype=numpy.int64), numpy.zeros(1, dtype=numpy.uint16)
        )  # fmt: skip
        #: The number of each source language read.
        self.langs: dict[str, int] = {}
        self.lock = threading.Lock()

    #: The language number of an id that has no unit.
    NONE = 0xFFFF

    def keep(self, db: sqlite3.Connection) -> None:
        """Keep the sources of every unit: those kept already and those added since."""
        with self.lock:
            top, texts, bounds, langs = self.kept
            added = bytearray()
            ids, lengths, numbers = array("q"), array("q"), array("H")
            # Row by row (not fetchall, which would hold every row at once).
            for unit_id, lang, source in db.execute(
                "SELECT id, src_lang, source FROM units WHERE id > ? ORDER BY id", (top,)
            ):
                text = source.encode()
                added += text
                ids.append(unit_id)
                lengths.append(len(text))
                numbers.append(self.langs.setdefault(lang, len(self.langs)))
            if not ids:
                return
            at = numpy.frombuffer(ids, dtype=numpy.int64) - top - 1
            spans = numpy.zeros(ids[-1] - top, dtype=numpy.int64)
            spans[at] = numpy.frombuffer(lengths, dtype=numpy.int64)
            tags = numpy.full(ids[-1] - top, self.NONE, dtype=numpy.uint16)
            tags[at] = numpy.frombuffer(numbers, dtype=numpy.uint16)
            self.kept = (
                # A new buffer when there was one: lookups under way read the one they took.
                ids[-1], texts + added if texts else added,
                numpy.concatenate((bounds, bounds[-1] + numpy.cumsum(spans))), numpy.concatenate((langs, tags)),
            )  # fmt: skip

    def get(self, db: sqlite3.Connection, ids: list[int], src_langs: list[str], top: int) -> dict[int, str]:
        """The source texts of the units ``ids`` whose source language is one of ``src_langs``
        (``top``: the largest id when the lookup began)."""
        kept_top, texts, bounds, langs = self.kept
        if kept_top and top - kept_top > kept_top // _SOURCES_AGAIN:
            self.keep(db)
            kept_top, texts, bounds, langs = self.kept
        kept = [unit_id for unit_id in ids if unit_id <= kept_top]
        found: dict[int, str] = {}
        if kept:
            wanted = {self.langs[lang] for lang in src_langs if lang in self.langs}
            at = numpy.array(kept)
            for unit_id, begin, end, lang in zip(
                kept, bounds[at - 1].tolist(), bounds[at].tolist(), langs[at].tolist(), strict=True
            ):
                if lang in wanted:
                    found[unit_id] = texts[begin:end].decode()
        if len(kept) < len(ids):
            found.update(_sources(db, [unit_id for unit_id in ids if unit_id > kept_top], src_langs))
        return found


def _sources(db: sqlite3.Connection, ids: list[int], src_langs: list[str]) -> dict[int, str]:
    """The source texts, read from SQL, of the units ``ids`` whose source language is one of ``src_langs``."""
    (marks, params), (lang_marks, langs) = _listed(ids), _listed(src_langs)
    return dict(db.execute(
        f"SELECT id, source FROM units WHERE id IN ({marks}) AND src_lang IN ({lang_marks})", (*params, *langs)
    ).fetchall())  # fmt: skip


class _Postings:
    """The FTS5 word index of a SQLite memory, as retrieval asks it (``tm.memory.retrieval.Postings``)."""

    def __init__(self, db: sqlite3.Connection, lengths: _Lengths, held: _Held, kept: _Sources) -> None:
        self.db = db
        self.lengths = lengths
        self.held = held
        self.kept = kept
        self._top: int | None = None

    def term_counts(self, words: list[str]) -> list[tuple[int, str]]:
        marks, params = _listed(words)
        return self.db.execute(f"SELECT docs, term FROM terms WHERE term IN ({marks})", params).fetchall()

    def unit_count(self) -> int:
        """The largest id when this lookup first asked (the number of units: none is deleted)."""
        if self._top is None:
            self._top = self.db.execute("SELECT max(id) FROM units").fetchone()[0] or 0
        return self._top

    def holders(self, terms: list[str]) -> list[numpy.ndarray]:
        top = self.unit_count()
        return [self.held.get(self.db, term, top) for term in terms]

    def nearest_in_length(
        self, terms: list[str], length: int, size: int, holders: Callable[[list[str]], list[numpy.ndarray]]
    ) -> list[int]:
        # In numpy, from counts read once: a docsize row looked up in SQL for each holder cost
        # four times as much as reading the holder.
        found: list[int] = []
        for ids in holders(terms):
            if len(ids):
                found += nearest(ids, self.lengths.get(self.db, ids), length, size)
        return found

    def sources(self, ids: list[int], src_langs: list[str]) -> dict[int, str]:
        return self.kept.get(self.db, ids, src_langs, self.unit_count())

    def unit_rows(self, ids: list[int]) -> list[tuple[int, str | None, str, str]]:
        marks, params = _listed(ids)
        return self.db.execute(
            f"SELECT id, origin, source, variants FROM units WHERE id IN ({marks})", params
        ).fetchall()


def _listed(values: list[Any]) -> tuple[str, list[Any]]:
    """The marks and parameters of ``IN (...)`` for ``values``, padded to a power of two by
    repeating the last value (a value listed twice matches the same rows; NULL for no values).
    SQLite compiled a statement of 450 parameters in 0.3 ms, four times as long as it ran it, and a
    connection keeps 128 compiled statements: with one for each number of ids, those of a lookup
    that read more sources than the pool were compiled each time. The padding is not NULL: the
    sqlite3 module binds None through its adapter lookup, which cost a lookup at 1M units 1.8 % of
    its instructions over the ~90 NULLs a lookup's statements were padded with."""
    size = 1 << max(len(values) - 1, 0).bit_length()
    return ",".join("?" * size), [*values, *(values[-1:] or [None]) * (size - len(values))]
