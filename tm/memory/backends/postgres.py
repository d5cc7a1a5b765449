"""The memory on a PostgreSQL server a team shares (psycopg 3): ``postgresql://user@host:port/db``.

It holds the rows the SQLite memory holds (``tm.memory.rows``) and answers lookups through the same
retrieval (``tm.memory.retrieval``): its word index is a table of each term's holders, in blocks of
packed ids and word counts (``tm.memory.schema``), with a ``terms`` table of how many sources hold
each term, so both backends give the same candidates and the same scores. Chosen by measurement
(``benchmarks/pg_retrieval.py``, 200k units, a loaded 2-core machine): a terms index took 12-23 ms
p50 and 70-80 ms p95 a lookup (4 ms CPU in tm and 4 in the server) and found every exhaustive best;
a pg_trgm GIN index (``%`` ordered by ``similarity``) found them too but took 3.4 s p50 (1.8 s of
server CPU), and word full-text search (a ``tsvector`` GIN index, any query word, by ``ts_rank``)
1.3 s and missed some. A GIN index over an array of each source's terms answered 2-4x slower
(every hit reads the unit's row). The index kept a row for each (term, unit) at first (schema 1):
blocks made an import of 1M units half as long.

Writes: imports stream in batches of rows sent with ``COPY``, one transaction per batch; writers
take turns batch by batch (a transaction-level advisory lock), so units written by several
translators at once are neither lost nor doubled, and a unit changed by two keeps both versions in
its history. Every write records who (``current_writer``) and when. Readers never
wait. An import into an empty memory builds the key and postings indexes and counts the terms once
at its end (a killed one: at the next write), then analyzes the tables. SQL is parameterised
throughout; the password of a URL never appears in messages.
"""

from __future__ import annotations

import itertools
import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from typing import Any, cast
from urllib.parse import urlsplit, urlunsplit

import numpy
import psycopg
from psycopg import errors as pg_errors
from psycopg.types.string import BytesBinaryDumper

from tm.errors import TmError
from tm.memory import bulk, importer
from tm.memory.backends.base import HISTORY, Backend, current_writer
from tm.memory.contract import ImportSummary, MemoryStats, Progress
from tm.memory.retrieval import matching, nearest
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
from tm.memory.schema import POSTGRES, POSTGRES_MIGRATIONS, POSTGRES_VERSION, POSTINGS_SPAN_BITS
from tm.model import Context, Origin, Unit, utcnow

#: The advisory lock writers take for each batch (any number: the memory's own database holds it).
_WRITE_LOCK = 0x746D_6D65_6D6F_7279 & 0x7FFF_FFFF_FFFF_FFFF
#: Word counts from 128 up count as 1000, as SQLite's FTS5 docsize reads them (see the SQLite backend).
_LONG = 128

_UNIT_COLUMNS = (
    "id, key, fingerprint, tuid, src_lang, origin, extra, added, changed, source, variants, added_by, written,"
    " written_by"
)
#: The source and variants go as "bytea": in COPY's binary format a text is its UTF-8 bytes, as a
#: bytea is its bytes, so the rows' texts (UTF-8 already, see UnitRow) are sent as they are (decoding
#: them for psycopg to encode again took a fifth of tm's time in an import; see ``_add``).
_UNIT_TYPES = ["int8", "int8", "int8", "text", "text", "text", "text", "text", "text", "bytea", "bytea", "text", "text",
               "text"]  # fmt: skip
#: ASCII bytes as ``_words`` reads them: a letter or digit (what TOKEN matches) as it is, any other as a space.
_ASCII_WORDS = bytes(c if chr(c).isalnum() else 32 for c in range(128)) + bytes(range(128, 256))


def _words(folded: bytes) -> list[bytes]:
    """The words (``TOKEN``) of ``folded`` (UTF-8), repeats kept, as UTF-8: an ASCII text's by a
    translate and a split (ten times as fast as the regular expression)."""
    if folded.isascii():
        return folded.translate(_ASCII_WORDS).split()
    return [word.encode() for word in TOKEN.findall(folded.decode())]


def _array(values: Iterable[int] | Iterable[str]) -> str:
    """The text of a PostgreSQL array of ``values``: ints, or terms (letters and digits: see TOKEN),
    each quoted so that a term ``null`` stays one. Sent as text, a 20,000-element array costs the
    client a join instead of a dump element by element (which took a tenth of an import)."""
    texts = list(map(str, values))
    return '{"' + '","'.join(texts) + '"}' if texts else "{}"


#: The header of COPY's binary format: its signature, no flags, no extension.
_BINARY_COPY = b"PGCOPY\n\xff\r\n\x00" + bytes(8)


def _blocks(held: list[bytes], lengths: list[int], first_id: int) -> tuple[dict[bytes, int], bytes]:
    """The postings of the units numbered from ``first_id``, the n-th of which has ``lengths[n]``
    words, ``held`` at its turn (repeats kept): how many of the units hold each term, and the data
    of a binary COPY of a block for each term (``tm.memory.schema``).

    Grouped in numpy, by a number for each term in order of appearance."""
    # A term new to ``number`` gets the next number as it is looked up: one pass, in C.
    number: defaultdict[bytes, int] = defaultdict(itertools.count().__next__)
    codes = numpy.fromiter(map(number.__getitem__, held), numpy.int64, len(held))
    terms = list(number)
    # Each term's holders in ascending order, each once: (number, unit) pairs in one int64, sorted
    # (numpy.unique would hash them first: ten times as long).
    pairs = numpy.sort((codes << 32) | numpy.repeat(numpy.arange(len(lengths)), lengths))
    pairs = pairs[numpy.diff(pairs, prepend=-1) != 0]
    holders = pairs & 0xFFFF_FFFF
    sizes = numpy.bincount(pairs >> 32, minlength=len(terms))
    counts = sizes.tolist()
    starts = numpy.cumsum([0, *counts]).tolist()
    ids = holders + first_id
    # COPY's binary format, made a column at a time and cut: each row (term, first id, ids, word
    # counts) is a field count and each field's length before its bytes (sent as text and parsed
    # as hexadecimal bytea, the blocks took the server twice as long).
    heads = numpy.empty(len(terms), [("fields", ">i2"), ("length", ">i4")])
    heads["fields"], heads["length"] = 4, [len(term) for term in terms]
    middles = numpy.empty(len(terms), [("length", ">i4"), ("first", ">i8"), ("ids", ">i4")])
    middles["length"], middles["first"], middles["ids"] = 8, ids[starts[:-1]], 8 * sizes
    head, middle, tail = heads.tobytes(), middles.tobytes(), (2 * sizes).astype(">i4").tobytes()
    packed = ids.astype(">i8").tobytes()
    counted = numpy.array(lengths)
    words = numpy.where(counted < _LONG, counted, 1000).astype(">i2")[holders].tobytes()
    data = b"".join([
        _BINARY_COPY,
        *[b"%s%s%s%s%s%s" % (head[6 * n : 6 * n + 6], term, middle[16 * n : 16 * n + 16], packed[8 * start : 8 * end],
                             tail[4 * n : 4 * n + 4], words[2 * start : 2 * end])
          for n, (term, start, end) in enumerate(zip(terms, starts, starts[1:]))],
        b"\xff\xff",  # the end of the data
    ])  # fmt: skip
    return dict(zip(terms, counts)), data


def redact(url: str) -> str:
    """``url`` without its password (``postgresql://ann:***@host/db``): what messages may show."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)
    return urlunsplit(parts._replace(netloc=f"{parts.username or ''}:***@{netloc[-1]}"))


def scrub(message: str, url: str) -> str:
    """``message`` with the password of ``url`` blanked, wherever the driver may have put it."""
    password = urlsplit(url).password
    return message.replace(password, "***") if password else message


def connect(url: str, *, autocommit: bool = True) -> psycopg.Connection[Any]:
    """A connection to the server of ``url``; a TmError (password left out) when there is none."""
    try:
        # Lookups are many small queries: starting parallel workers would cost more than they save.
        return psycopg.connect(url, autocommit=autocommit, connect_timeout=10,
                               options="-c max_parallel_workers_per_gather=0")  # fmt: skip
    except psycopg.Error as exc:
        raise TmError(
            f"cannot connect to the memory {redact(url)}: {scrub(str(exc).strip(), url)}",
            hint="check the URL (postgresql://user@host:port/db), that the server runs, and the role's password",
        ) from None


class PostgresMemory(Backend):
    """A translation memory in a PostgreSQL database (its tables made on first use; ``create=False``
    refuses a database without them). ``read_from`` names a read replica for lookups and exports.

    Example::

        with PostgresMemory("postgresql://ann@db.example.org/tm") as memory:
            memory.import_file("client.tmx")
    """

    def __init__(self, url: str, *, create: bool = True, read_from: str | None = None) -> None:
        self.url = url
        self.location = redact(url)
        self.who = current_writer()
        self.db = connect(url)
        self.reader_url = read_from or url
        self.reader = connect(read_from) if read_from else self.db
        try:
            version = self.schema_version()
            if version is None:
                if not create:
                    raise TmError(
                        f"no memory here yet: {self.location} has no memory tables",
                        hint="make them with `tm memory init --memory URL`, or import a file",
                    )
                self.init()
            elif version != POSTGRES_VERSION:
                self._migrate(version)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        """Close the connections."""
        self.db.close()
        self.reader.close()

    # ----------------------------------------------------------------------- schema

    def schema_version(self) -> int | None:
        """The version of the memory's tables, None when there are none."""
        if self.db.execute("SELECT to_regclass('meta')").fetchone() == (None,):
            return None
        found = self.db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        return int(found[0]) if found else 0

    def _migrate(self, version: int) -> None:
        """Bring schema ``version`` up to this one, each step in one transaction (a writer opening the
        memory at the same time waits, then finds it done); refuse one it cannot."""
        if version > POSTGRES_VERSION or version not in POSTGRES_MIGRATIONS:
            newer = version > POSTGRES_VERSION
            raise TmError(
                f"the memory at {self.location} has schema {version}, "
                + ("newer than this tm knows" if newer else f"older than this tm's {POSTGRES_VERSION}"),
                hint="upgrade tm"
                if newer
                else "export it (tm export) with the tm that wrote it, and import that"
                " into a new database: there is no migration from it",
            )
        while version < POSTGRES_VERSION:
            with self._writing(f"open it once (to bring schema {version} up to {POSTGRES_VERSION})") as db:
                if self.schema_version() == version:
                    db.execute(POSTGRES_MIGRATIONS[version])
                    db.execute("UPDATE meta SET value = %s WHERE key = 'schema'", (str(version + 1),))
            version += 1

    def init(self) -> None:
        """Make the memory's tables (nothing when they are there at the current version)."""
        with self._writing() as db:
            if self.schema_version() is None:
                db.execute(POSTGRES)
                db.execute("INSERT INTO meta VALUES ('schema', %s)", (str(POSTGRES_VERSION),))

    def vacuum(self) -> None:
        """Pack the word index's blocks of a span (``POSTINGS_SPAN_BITS``) into one, reclaim the space
        of replaced rows and refresh the planner's statistics.

        An import into an empty memory writes a block per term and batch; other writes (a few units
        at a time, as ``tm translate`` saves them) add a small one each, and a lookup reads each."""
        with self._writing("vacuum") as db:
            # Blocks of one term never share ids, so those of a span joined by first id stay in order.
            db.execute("CREATE TEMPORARY TABLE packed (LIKE postings, span BIGINT) ON COMMIT DROP")
            db.execute(
                "INSERT INTO packed SELECT term, min(first_id), string_agg(ids, '' ORDER BY first_id),"
                " string_agg(lengths, '' ORDER BY first_id), first_id >> %(bits)s"
                " FROM postings GROUP BY term, first_id >> %(bits)s HAVING count(*) > 1",
                {"bits": POSTINGS_SPAN_BITS},
            )
            db.execute(
                "DELETE FROM postings p USING packed k WHERE p.term = k.term AND p.first_id >> %s = k.span",
                (POSTINGS_SPAN_BITS,),
            )
            db.execute("INSERT INTO postings SELECT term, first_id, ids, lengths FROM packed")
        self.db.execute("VACUUM (ANALYZE) units, postings, history, contexts, terms, languages, meta")

    @contextmanager
    def _writing(self, purpose: str = "import") -> Iterator[psycopg.Connection[Any]]:
        """A write transaction, taken after the writer before it finishes; a role that may only read
        (or a read replica) gets a TmError saying so, with the hint to ``purpose`` with one that may write."""
        try:
            with self.db.transaction():
                self.db.execute("SELECT pg_advisory_xact_lock(%s)", (_WRITE_LOCK,))
                yield self.db
        except (pg_errors.InsufficientPrivilege, pg_errors.ReadOnlySqlTransaction) as exc:
            role = self.db.info.user
            raise TmError(
                f"the role {role!r} may read the memory at {self.location} but not write to it",
                hint=f"{purpose} with a role that may insert and update the memory's tables",
            ) from exc

    # ----------------------------------------------------------------------- import

    def _import(self, batches: Iterator[importer.Batch], progress: Progress | None) -> ImportSummary:
        summary = ImportSummary()
        load = self._begin_bulk_load()
        try:
            return importer.run(batches, lambda rows, summary: self._write(rows, summary, load), summary, progress)
        finally:
            if load is not None:
                load.end()
                with self._writing():
                    self._bulk_load_on(load)
                self.db.execute("ANALYZE units, postings, terms")

    def _begin_bulk_load(self) -> bulk.BulkLoad | None:
        """Drop the key and postings indexes if the memory is empty: the import builds them at its end.

        Meta ``bulk_load`` marks the load under way: any other write (a second import, this one run
        again after a kill) builds the indexes first, and this import then goes on the ordinary way.
        """
        with self._writing() as db:
            self._bulk_load_on(None)
            if db.execute("SELECT 1 FROM units LIMIT 1").fetchone() is not None:
                return None
            load = bulk.BulkLoad(os.urandom(8).hex())
            db.execute("DROP INDEX IF EXISTS units_key")
            db.execute("DROP INDEX IF EXISTS postings_term")
            db.execute("INSERT INTO meta VALUES ('bulk_load', %s)", (load.token,))
            return load

    def _bulk_load_on(self, load: bulk.BulkLoad | None, keys: Iterable[int] = ()) -> bool:
        """In a write transaction: whether ``load`` may go on writing ``keys`` without the indexes.

        If not, the indexes are built (when a load dropped them) and ``load`` ends.
        """
        state = self.db.execute("SELECT value FROM meta WHERE key = 'bulk_load'").fetchone()
        if load is not None and load.goes_on(state[0] if state else None, keys):
            return True
        if state is not None:
            # The load left the term counts to its end: counted from the postings, before their
            # index (in one pass over the table).
            self.db.execute("DELETE FROM terms")
            self.db.execute("INSERT INTO terms SELECT term, sum(octet_length(ids)) / 8 FROM postings GROUP BY term")
            self.db.execute("SET LOCAL maintenance_work_mem = '256MB'")
            self.db.execute("CREATE UNIQUE INDEX IF NOT EXISTS units_key ON units (key)")
            self.db.execute("CREATE UNIQUE INDEX IF NOT EXISTS postings_term ON postings (term, first_id)")
            self.db.execute("DELETE FROM meta WHERE key = 'bulk_load'")
        return False

    def _write(self, batch: UnitRows, summary: ImportSummary, load: bulk.BulkLoad | None) -> None:
        """Write the rows of one batch in one transaction (after the writer before it).

        In a bulk load (``load``) the rows are checked against the keys of its earlier batches
        instead of the index, and the term counts wait for its end.
        """
        if not batch:
            return
        now = cast(str, date_text(utcnow()))
        rows = list(batch)
        keys = [row.key for row in rows]
        with self._writing() as db:
            bulk_on = self._bulk_load_on(load, keys)
            existing: dict[int, tuple[int, int]] = {}
            if bulk_on:
                # In a bulk load the commit does not wait for the server's disk: a server crash may
                # lose the last batches, which the import run again adds (it skips what is in). The
                # load's end (its indexes built, in a transaction that waits) flushes them all. An
                # ordinary write waits, so what tm reports saved is on the server's disk.
                db.execute("SET LOCAL synchronous_commit = off")
            else:
                existing = {
                    key: (unit_id, fingerprint)
                    for key, unit_id, fingerprint in db.execute(
                        "SELECT key, id, fingerprint FROM units WHERE key = ANY(%s::int8[])", (_array(set(keys)),)
                    )
                }
            # The units new to the memory are added first, at once; the rest (units stored
            # before, or repeated in this batch) are then compared with what is stored, in order.
            new: dict[int, UnitRow] = {}
            again: list[tuple[int, UnitRow]] = []
            for key, row in zip(keys, rows):
                if key in existing or key in new:
                    again.append((key, row))
                else:
                    new[key] = row
            next_id = (db.execute("SELECT max(id) FROM units").fetchone() or (None,))[0] or 0
            terms = self._add(new, next_id + 1, now, existing)
            updated = skipped = 0
            for key, row in again:
                unit_id, stored = existing[key]
                fingerprint = row.fingerprint
                if stored == fingerprint or self._exported_fingerprint(unit_id) == fingerprint:
                    skipped += 1
                else:
                    self._update(unit_id, row, fingerprint, now)
                    existing[key] = (unit_id, fingerprint)
                    updated += 1
            if not bulk_on:
                self._count_terms(terms)
            langs = sorted({lang for row in rows for lang in row.langs})
            db.execute("INSERT INTO languages SELECT unnest(%s::text[]) ON CONFLICT DO NOTHING", (langs,))
        if bulk_on:
            assert load is not None
            load.keys.update(new)
        self._langs = None
        summary.added += len(new)
        summary.updated += updated
        summary.skipped["unchanged"] += skipped

    def _count_terms(self, counts: Mapping[bytes, int]) -> None:
        """Add ``counts`` (sources holding each term) to the terms table."""
        if counts:
            ordered = sorted(counts.items())
            self.db.execute(
                "INSERT INTO terms SELECT * FROM unnest(%s::text[], %s::int8[])"
                " ON CONFLICT (term) DO UPDATE SET docs = terms.docs + excluded.docs",
                (_array(term.decode() for term, _count in ordered), _array(count for _term, count in ordered)),
            )

    def _add(self, rows: dict[int, UnitRow], first_id: int, now: str, added: dict[int, tuple[int, int]]
             ) -> dict[bytes, int]:  # fmt: skip
        """COPY ``rows`` (by key) as new units numbered from ``first_id``, with their postings (a block
        for each of their terms) and contexts; put their (id, fingerprint) in ``added`` by key.
        Returns how many of them hold each term."""
        if not rows:
            return {}
        cursor = self.db.cursor()
        # Bytes sent as "bytea" by psycopg's own dumper (C), not by the DB-API one that also
        # takes its Binary wrapper (Python, and the one psycopg picks by type name).
        cursor.adapters.register_dumper(None, BytesBinaryDumper)
        contexts: list[tuple[Any, ...]] = []
        held: list[bytes] = []  # the words of each source in turn
        lengths: list[int] = []  # how many each has
        # The units go as they are made: the server stores each while tm makes the next.
        with cursor.copy(f"COPY units ({_UNIT_COLUMNS}) FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types(_UNIT_TYPES)
            for unit_id, (key, row) in enumerate(rows.items(), first_id):
                fingerprint = row.fingerprint
                added[key] = (unit_id, fingerprint)
                words = _words(row.folded)
                held += words
                lengths.append(len(words))
                copy.write_row((unit_id, key, fingerprint, row.tuid, row.src_lang, row.origin, row.extra, now,
                                row.changed or now, row.source, row.variants, self.who, now, self.who))  # fmt: skip
                if row.context:
                    contexts.append((unit_id, *row.context))
        counts, data = _blocks(held, lengths, first_id)
        with cursor.copy("COPY postings (term, first_id, ids, lengths) FROM STDIN (FORMAT BINARY)") as copy:
            copy.write(data)
        if contexts:
            with cursor.copy("COPY contexts (unit_id, document, paragraph, position, prev, next) FROM STDIN") as copy:
                copy.set_types(["int8", "text", "int4", "int4", "text", "text"])
                for context in contexts:
                    copy.write_row(context)
        return counts

    def _exported_fingerprint(self, unit_id: int) -> int | None:
        """``exported_fingerprint`` of unit ``unit_id`` (None while it is only pending in a batch)."""
        found = self.db.execute(
            "SELECT u.tuid, u.origin, u.extra, u.source, u.variants, u.added, u.added_by, u.written, u.written_by,"
            " c.document, c.paragraph, c.position, c.prev, c.next, c.unit_id FROM units u LEFT JOIN LATERAL"
            " (SELECT * FROM contexts WHERE unit_id = u.id ORDER BY seq LIMIT 1) c ON true WHERE u.id = %s",
            (unit_id,),
        ).fetchone()
        if found is None:
            return None
        tuid, origin, extra, source, variants, *rest = found
        context = Context(*rest[4:9]) if rest[9] is not None else None
        return exported_fingerprint(
            stored_unit(unit_id, tuid, origin, extra, source, variants, context, None, Written(*rest[:4]))
        )

    def _update(self, unit_id: int, row: UnitRow, fingerprint: int, now: str) -> None:
        """Bring unit ``unit_id`` up to ``row``: changed variants replaced (old ones to history)."""
        db = self.db
        source, variants = cast(
            tuple[str, str], db.execute("SELECT source, variants FROM units WHERE id = %s", (unit_id,)).fetchone()
        )
        stored, replaced = merge_variants(source, variants, row)
        if replaced:
            db.cursor().executemany(
                "INSERT INTO history (unit_id, lang, text, content, status, created, changed, extra, replaced,"
                " replaced_by) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)",
                [(unit_id, *old, now, self.who) for old in replaced],
            )
        db.execute(
            "UPDATE units SET fingerprint = %s, origin = coalesce(%s, origin), extra = %s,"
            " changed = greatest(changed, %s), variants = %s, written = %s, written_by = %s WHERE id = %s",
            (fingerprint, row.origin, row.extra, row.changed or now, stored, now, self.who, unit_id),
        )
        if (
            row.context
            and not db.execute(
                "SELECT 1 FROM contexts WHERE unit_id = %s AND document IS NOT DISTINCT FROM %s"
                " AND paragraph IS NOT DISTINCT FROM %s AND position IS NOT DISTINCT FROM %s"
                " AND prev IS NOT DISTINCT FROM %s AND next IS NOT DISTINCT FROM %s",
                (unit_id, *row.context),
            ).fetchone()
        ):
            db.execute(
                "INSERT INTO contexts (unit_id, document, paragraph, position, prev, next) VALUES (%s,%s,%s,%s,%s,%s)",
                (unit_id, *row.context),
            )

    # ----------------------------------------------------------------------- lookup

    def _read_languages(self) -> list[str]:
        return [row[0] for row in self.reader.execute("SELECT lang FROM languages ORDER BY lang")]

    def _postings(self) -> _Postings:
        return _Postings(self.reader)

    def contexts(self, unit_id: int) -> list[Context]:
        """The places unit ``unit_id`` was seen (document, position, previous and next source)."""
        return [
            Context(*row)
            for row in self.reader.execute(
                "SELECT document, paragraph, position, prev, next FROM contexts WHERE unit_id = %s ORDER BY seq",
                (unit_id,),
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
        """Stream the units in import order, filtered as ``SqliteMemory.units`` (through a cursor of its own)."""
        where: list[str] = []
        params: list[Any] = []
        if src_lang:
            where.append("u.src_lang = ANY(%s)")
            params.append(matching(self.languages(), src_lang))
        if since:
            where.append("u.changed >= %s")
            params.append(date_text(since))
        if origin:
            where.append("u.origin = %s")
            params.append(origin.value)
        tgt_langs = set(matching(self.languages(), tgt_lang)) if tgt_lang else None
        reader = connect(self.reader_url, autocommit=False)
        try:
            with reader.transaction(), reader.cursor(name="tm_export") as rows:
                rows.itersize = 2000
                rows.execute(
                    "SELECT u.id, u.tuid, u.origin, u.extra, u.source, u.variants, c.document, c.paragraph,"
                    " c.position, c.prev, c.next, c.unit_id, u.added, u.added_by, u.written, u.written_by"
                    " FROM units u LEFT JOIN LATERAL (SELECT * FROM contexts"
                    " WHERE unit_id = u.id ORDER BY seq LIMIT 1) c ON true"
                    + (" WHERE " + " AND ".join(where) if where else "")
                    + " ORDER BY u.id",
                    params,
                )
                for unit_id, tuid, unit_origin, extra, source_text, stored, *rest in rows:
                    context, seen, written = rest[:5], rest[5], Written(*rest[6:])
                    unit = stored_unit(unit_id, tuid, unit_origin, extra, source_text, stored,
                                       Context(*context) if seen is not None else None, tgt_langs, written)  # fmt: skip
                    if unit is not None:
                        yield unit
        finally:
            reader.close()

    def history(self, unit_id: int) -> list[dict[str, Any]]:
        """Earlier target texts of unit ``unit_id``, oldest first, with their dates and who replaced them."""
        return [dict(zip(HISTORY, row)) for row in self.reader.execute(
            f"SELECT {', '.join(HISTORY)} FROM history WHERE unit_id = %s ORDER BY seq", (unit_id,)
        )]  # fmt: skip

    def stats(self) -> MemoryStats:
        """Units, variants per language and the size of the memory's tables."""
        db = self.reader
        units = cast(tuple[int], db.execute("SELECT count(*) FROM units").fetchone())[0]
        variants = {
            lang: count
            for lang, count in db.execute(
                "SELECT v->>0 AS lang, count(*) FROM units, jsonb_array_elements(units.variants::jsonb) v"
                " GROUP BY lang ORDER BY lang"
            )
        }
        size = cast(tuple[int], db.execute(
            "SELECT sum(pg_total_relation_size(to_regclass(t))) FROM unnest(%s::text[]) t",
            (["units", "postings", "history", "contexts", "languages", "terms", "meta"],),
        ).fetchone())[0]  # fmt: skip
        main = db.execute("SELECT src_lang FROM units GROUP BY src_lang ORDER BY count(*) DESC LIMIT 1").fetchone()
        return MemoryStats(self.location, units, variants, int(size or 0), main[0] if main else None)


class _Postings:
    """The postings table of a PostgreSQL memory, as retrieval asks it (``tm.memory.retrieval.Postings``),
    for one lookup: each question is one round trip, so questions that go together are asked at once."""

    def __init__(self, db: psycopg.Connection[Any]) -> None:
        self.db = db
        self._units: int | None = None
        self._lengths: dict[str, numpy.ndarray] = {}  # the word counts of the holders read, by term

    def term_counts(self, words: list[str]) -> list[tuple[int, str]]:
        # The unit count comes along (retrieval asks for it next). While a bulk load waits for its
        # end (see PostgresMemory._bulk_load_on), the terms are counted from the postings instead.
        found = self.db.execute(
            "SELECT (SELECT max(id) FROM units), array_agg(term), array_agg(docs) FROM ("
            " SELECT term, docs FROM terms WHERE term = ANY(%(words)s) AND NOT EXISTS"
            " (SELECT FROM meta WHERE key = 'bulk_load')"
            " UNION ALL SELECT term, sum(octet_length(ids)) / 8 FROM postings WHERE term = ANY(%(words)s) AND EXISTS"
            " (SELECT FROM meta WHERE key = 'bulk_load') GROUP BY term) counted",
            {"words": words},
        ).fetchone()
        units, terms, docs = found or (None, None, None)
        self._units = units or 0
        return list(zip(docs or [], terms or []))

    def unit_count(self) -> int:
        if self._units is None:
            self._units = (self.db.execute("SELECT max(id) FROM units").fetchone() or (None,))[0] or 0
        return self._units

    def holders(self, terms: list[str]) -> list[numpy.ndarray]:
        # The blocks joined by the server, in binary: the ids as numpy reads them. The holders'
        # word counts come along, for nearest_in_length.
        found = {term: (ids, lengths) for term, ids, lengths in self.db.cursor(binary=True).execute(
            "SELECT term, string_agg(ids, '' ORDER BY first_id), string_agg(lengths, '' ORDER BY first_id)"
            " FROM postings WHERE term = ANY(%s) GROUP BY term", (terms,)
        )}  # fmt: skip
        held = []
        for term in terms:
            ids, lengths = found.get(term, (b"", b""))
            held.append(numpy.frombuffer(ids, ">i8").astype(numpy.int64))
            self._lengths[term] = numpy.frombuffer(lengths, ">i2")
        return held

    def nearest_in_length(
        self, terms: list[str], length: int, size: int, holders: Callable[[list[str]], list[numpy.ndarray]]
    ) -> list[int]:
        # In numpy, from the word counts read with the holders (``holders`` is the lookup's reader of
        # this object's, see retrieval.Postings).
        found: list[int] = []
        for term, ids in zip(terms, holders(terms)):
            if len(ids):
                found += nearest(ids, self._lengths[term], length, size)
        return found

    def sources(self, ids: list[int], src_langs: list[str]) -> dict[int, str]:
        return dict(self.db.execute(
            "SELECT id, source FROM units WHERE id = ANY(%s) AND src_lang = ANY(%s)", (ids, src_langs)
        ).fetchall())  # fmt: skip

    def unit_rows(self, ids: list[int]) -> list[tuple[int, str | None, str, str]]:
        return self.db.execute("SELECT id, origin, source, variants FROM units WHERE id = ANY(%s)", (ids,)).fetchall()
