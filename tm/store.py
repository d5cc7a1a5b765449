"""The translation memory: an embedded SQLite database of units, indexed for fuzzy lookup.

``Memory`` keeps every unit imported from TMX, PO, XLIFF or TSV (one row per unit, one per
language variant, older target texts in a history table, the places a unit was seen in a contexts
table) and an FTS5 word index of the source text for candidate retrieval. The operations a caller
needs are the ``Store`` protocol, so a server backend (PostgreSQL with pg_trgm) can stand in later.

Concurrency: the database runs in WAL mode, so any number of processes read while one writes; a
second writer waits (``busy_timeout``) instead of failing. Imports commit one batch at a time:
killing an import loses only the batch in flight, and running it again skips what is already in.

A unit's identity is its source language, source content (inline codes included) and TMX ``tuid``
(PO ``msgctxt``): importing the same file twice adds nothing, and a unit whose targets, status or
properties changed is updated in place, the replaced target texts and dates going to its history.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Protocol

from tm.errors import TmError
from tm.lang import fold
from tm.model import Content, Context, Origin, Status, Tag, Unit, Variant, normalize_lang, same_lang, utcnow

#: Units per transaction: an interrupted import loses at most this many units of work.
BATCH_SIZE = 5000
SCHEMA_VERSION = 1

#: The word tokens the index holds (what FTS5's unicode61 tokenizer calls a token).
_TOKEN = re.compile(r"[^\W_]+")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS units (
    id INTEGER PRIMARY KEY,
    key INTEGER NOT NULL UNIQUE,       -- hash of source language, source content and tuid
    fingerprint INTEGER NOT NULL,      -- hash of the whole unit as last imported
    tuid TEXT,
    src_lang TEXT NOT NULL,
    origin TEXT,
    props TEXT,                        -- JSON, NULL when empty
    notes TEXT,                        -- JSON, NULL when empty
    added TEXT NOT NULL,               -- when the memory first saw the unit
    changed TEXT NOT NULL              -- latest date of the unit or any variant
);
CREATE TABLE IF NOT EXISTS variants (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    lang TEXT NOT NULL,
    text TEXT NOT NULL,                -- plain text, inline codes left out
    content TEXT,                      -- JSON of text and inline codes, NULL when plain
    status TEXT NOT NULL,
    origin TEXT,
    created TEXT,
    changed TEXT,
    creator TEXT,
    changer TEXT,
    source_text TEXT,
    props TEXT,
    notes TEXT,
    UNIQUE (unit_id, lang)
);
CREATE TABLE IF NOT EXISTS history (
    variant_id INTEGER NOT NULL REFERENCES variants(id),
    text TEXT NOT NULL,
    content TEXT,
    status TEXT NOT NULL,
    created TEXT,
    changed TEXT,
    changer TEXT,
    replaced TEXT NOT NULL             -- when the import replaced it
);
CREATE INDEX IF NOT EXISTS history_variant ON history (variant_id);
CREATE TABLE IF NOT EXISTS contexts (
    unit_id INTEGER NOT NULL REFERENCES units(id),
    document TEXT, paragraph INTEGER, position INTEGER, prev TEXT, next TEXT
);
CREATE INDEX IF NOT EXISTS contexts_unit ON contexts (unit_id);
CREATE TABLE IF NOT EXISTS languages (lang TEXT PRIMARY KEY);
CREATE VIRTUAL TABLE IF NOT EXISTS source_index USING fts5 (
    text, content='', tokenize='unicode61 remove_diacritics 0'
);
CREATE VIRTUAL TABLE IF NOT EXISTS source_terms USING fts5vocab (source_index, row);
"""


# --------------------------------------------------------------------------- results


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
    """A memory unit retrieved for a lookup: its source and target variants, origin and contexts."""

    unit_id: int
    source: Variant
    target: Variant
    origin: Origin | None
    contexts: tuple[Context, ...] = ()


@dataclass(frozen=True, slots=True)
class MemoryStats:
    """How much the memory holds."""

    path: str
    units: int
    variants: dict[str, int]
    size_bytes: int

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "units": self.units, "variants": self.variants, "size_bytes": self.size_bytes}


Progress = Callable[[ImportSummary], None]


class Store(Protocol):
    """The operations tm needs from a memory; SQLite (``Memory``) implements them, a server may too."""

    def import_units(
        self, units: Iterable[Unit], *, origin: Origin | None = None, progress: Progress | None = None
    ) -> ImportSummary: ...

    def candidates(self, text: str, src_lang: str, tgt_lang: str, limit: int = 30) -> list[Candidate]: ...

    def units(
        self,
        src_lang: str | None = None,
        tgt_lang: str | None = None,
        since: datetime | None = None,
        origin: Origin | None = None,
    ) -> Iterator[Unit]: ...

    def stats(self) -> MemoryStats: ...

    def close(self) -> None: ...


# --------------------------------------------------------------------------- locating the memory


def default_memory_path(start: Path | None = None) -> Path:
    """``$TM_MEMORY``, else ``.tm/memory.db`` in the project root above ``start`` (default: cwd).

    The project root is the nearest folder holding ``.tm/`` or ``segments/``; the current folder
    when there is none.
    """
    if os.environ.get("TM_MEMORY"):
        return Path(os.environ["TM_MEMORY"])
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / ".tm").is_dir() or (folder / "segments").is_dir():
            return folder / ".tm" / "memory.db"
    return here / ".tm" / "memory.db"


# --------------------------------------------------------------------------- serialisation


def dump_content(content: Content) -> str | None:
    """JSON of ``content`` keeping every inline code; None for plain text (the text column has it)."""
    if all(isinstance(part, str) for part in content):
        return None
    return json.dumps(
        [part if isinstance(part, str) else [part.kind, [list(a) for a in part.attrs], part.code] for part in content],
        ensure_ascii=False,
    )


def load_content(text: str, content: str | None) -> Content:
    """Inverse of ``dump_content``."""
    if content is None:
        return (text,) if text else ()
    return tuple(
        part if isinstance(part, str) else Tag(part[0], tuple((k, v) for k, v in part[1]), part[2])
        for part in json.loads(content)
    )


def _json(value: Any) -> str | None:
    return json.dumps(value, ensure_ascii=False, sort_keys=True) if value else None


def _date(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc).replace(tzinfo=None)
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse_date(value: str | None) -> datetime | None:
    if value is None:
        return None
    return datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)


def _hash64(data: str) -> int:
    return int.from_bytes(hashlib.blake2b(data.encode("utf-8"), digest_size=8).digest(), "big", signed=True)


def index_text(text: str, lang: str) -> str:
    """The form of a source text the index holds and queries use: folded by the rules of ``lang``."""
    return fold(text, lang)


def terms(text: str, lang: str) -> list[str]:
    """The distinct index terms of ``text``, in order of first appearance."""
    return list(dict.fromkeys(_TOKEN.findall(index_text(text, lang))))


@dataclass(slots=True)
class _Rows:
    """One unit turned into database rows (made before the transaction, so batches stay short)."""

    key: int
    fingerprint: int
    unit: tuple[Any, ...]
    variants: list[tuple[Any, ...]]
    context: tuple[Any, ...] | None
    index: str
    changed: str | None


def _variant_row(variant: Variant, lang: str) -> tuple[Any, ...]:
    return (
        lang,
        variant.text,
        dump_content(variant.content),
        variant.status.value,
        variant.origin.value if variant.origin else None,
        _date(variant.created),
        _date(variant.changed),
        variant.creator,
        variant.changer,
        variant.source_text,
        _json(variant.props),
        _json(variant.notes),
    )


def _rows(unit: Unit, origin: Origin | None) -> _Rows | str:
    """The rows of ``unit``, or the reason it cannot go into the memory."""
    src_lang = normalize_lang(unit.source.lang)
    if not unit.source.text.strip():
        return "empty source"
    source = _variant_row(unit.source, src_lang)
    targets = [
        _variant_row(variant, normalize_lang(variant.lang or lang))
        for lang, variant in unit.targets.items()
        if variant.content and variant.text.strip()
    ]
    if not targets:
        return "no translation"
    key = _hash64("\x1f".join((src_lang, source[2] or source[1], unit.id or "")))
    unit_origin = unit.origin or origin
    unit_row = (unit.id or None, src_lang, unit_origin.value if unit_origin else None, _json(unit.props), _json(unit.notes))
    context = None
    if unit.context is not None and unit.context != Context():
        c = unit.context
        context = (c.document, c.paragraph, c.position, c.prev, c.next)
    variants = [source, *targets]
    fingerprint = _hash64(repr((unit_row, variants, context)))
    dates = [d for row in variants for d in (row[5], row[6]) if d]
    return _Rows(key, fingerprint, unit_row, variants, context, index_text(unit.source.text, src_lang), max(dates, default=None))


# --------------------------------------------------------------------------- the SQLite memory


class Memory:
    """A translation memory in one SQLite file (created on first use).

    Example::

        with Memory(".tm/memory.db") as memory:
            summary = memory.import_file("client.tmx")
            for match in tm.match.lookup(memory, "The treaty was signed.", "en", "az"):
                ...
    """

    def __init__(self, path: str | Path | None = None, *, timeout: float = 60.0, readonly: bool = False) -> None:
        self.path = Path(path) if path is not None else default_memory_path()
        if readonly and not self.path.exists():
            raise TmError("no memory here yet", path=self.path, hint="import a TMX or PO file with `tm import FILE`")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = sqlite3.connect(self.path, timeout=timeout, isolation_level=None, check_same_thread=False)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA cache_size=-65536")  # 64 MiB of page cache
            self._create()
        except sqlite3.DatabaseError as exc:
            raise TmError(f"cannot open the memory: {exc}", path=self.path) from exc
        self._langs: list[str] | None = None

    def __enter__(self) -> Memory:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the database (a reader never blocks a writer, but an open connection keeps the WAL)."""
        self.db.close()

    def _create(self) -> None:
        if self.db.execute("SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone():
            version = self.db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
            if version and int(version[0]) != SCHEMA_VERSION:
                raise TmError(f"memory schema {version[0]} is not {SCHEMA_VERSION}", path=self.path)
            return
        self.db.execute("BEGIN IMMEDIATE")
        try:
            self.db.executescript("SAVEPOINT create_schema;" + _SCHEMA + "RELEASE create_schema;")
            self.db.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    # ----------------------------------------------------------------------- import

    def import_file(
        self,
        path: str | Path,
        *,
        origin: Origin | None = Origin.IMPORTED,
        progress: Progress | None = None,
        batch_size: int = BATCH_SIZE,
        **read_options: Any,
    ) -> ImportSummary:
        """Stream ``path`` (any format ``tm.formats.read`` knows) into the memory; see ``import_units``."""
        from tm import formats

        return self.import_units(
            formats.read(Path(path), **read_options), origin=origin, progress=progress, batch_size=batch_size
        )

    def import_units(
        self,
        units: Iterable[Unit],
        *,
        origin: Origin | None = None,
        progress: Progress | None = None,
        batch_size: int = BATCH_SIZE,
    ) -> ImportSummary:
        """Add or update ``units``, one transaction per ``batch_size`` units; return what it did.

        A unit already in the memory unchanged is skipped; one whose targets or metadata changed is
        updated (replaced target texts go to the history). ``origin`` is recorded for units that do
        not say where they came from. If ``units`` raises (a broken file), the batch in flight is
        rolled back and a TmError names the file and line and says what was imported before.
        """
        summary = ImportSummary()
        batch: list[_Rows] = []
        iterator = iter(units)
        while True:
            try:
                unit = next(iterator, None)
            except TmError as exc:
                raise TmError(
                    f"{exc.message}; imported before the error: {summary.describe()} "
                    f"(nothing from the last {len(batch)} units read)",
                    path=exc.path,
                    line=exc.line,
                    column=exc.column,
                    hint="fix the file and import it again: what is already in the memory is skipped",
                ) from exc
            if unit is None:
                break
            summary.read += 1
            rows = _rows(unit, origin)
            if isinstance(rows, str):
                summary.skipped[rows] += 1
            else:
                batch.append(rows)
            if len(batch) >= batch_size:
                self._write(batch, summary)
                batch = []
                if progress:
                    progress(summary)
        if batch:
            self._write(batch, summary)
        if progress:
            progress(summary)
        return summary

    def _write(self, batch: list[_Rows], summary: ImportSummary) -> None:
        """Write one batch in one transaction (waiting for another writer to finish)."""
        now = _date(utcnow())
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            existing: dict[int, tuple[int, int]] = {}
            keys = list({rows.key for rows in batch})
            for start in range(0, len(keys), 30000):
                chunk = keys[start : start + 30000]
                marks = ",".join("?" * len(chunk))
                for key, unit_id, fingerprint in db.execute(
                    f"SELECT key, id, fingerprint FROM units WHERE key IN ({marks})", chunk
                ):
                    existing[key] = (unit_id, fingerprint)
            next_id = (db.execute("SELECT max(id) FROM units").fetchone()[0] or 0) + 1
            units, variants, contexts, index = [], [], [], []
            added = updated = skipped = 0
            langs: set[str] = set()
            for rows in batch:
                langs.update(row[0] for row in rows.variants)
                found = existing.get(rows.key)
                if found is None:
                    unit_id = next_id
                    next_id += 1
                    existing[rows.key] = (unit_id, rows.fingerprint)
                    units.append((unit_id, rows.key, rows.fingerprint, *rows.unit, now, rows.changed or now))
                    variants.extend((unit_id, *row) for row in rows.variants)
                    if rows.context:
                        contexts.append((unit_id, *rows.context))
                    index.append((unit_id, rows.index))
                    added += 1
                elif found[1] == rows.fingerprint:
                    skipped += 1
                else:
                    # Flush pending inserts first: this update may touch a unit added in this batch.
                    self._insert(units, variants, contexts, index)
                    units, variants, contexts, index = [], [], [], []
                    self._update(found[0], rows, now)
                    existing[rows.key] = (found[0], rows.fingerprint)
                    updated += 1
            self._insert(units, variants, contexts, index)
            db.executemany("INSERT OR IGNORE INTO languages VALUES (?)", [(lang,) for lang in langs])
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        self._langs = None
        summary.added += added
        summary.updated += updated
        summary.skipped["unchanged"] += skipped

    def _insert(self, units: list, variants: list, contexts: list, index: list) -> None:
        db = self.db
        db.executemany("INSERT INTO units VALUES (?,?,?,?,?,?,?,?,?,?)", units)
        db.executemany(
            "INSERT INTO variants (unit_id, lang, text, content, status, origin, created, changed, creator,"
            " changer, source_text, props, notes) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            variants,
        )
        db.executemany("INSERT INTO contexts VALUES (?,?,?,?,?,?)", contexts)
        db.executemany("INSERT INTO source_index (rowid, text) VALUES (?,?)", index)

    def _update(self, unit_id: int, rows: _Rows, now: str) -> None:
        """Bring unit ``unit_id`` up to ``rows``: changed variants replaced (old ones to history)."""
        db = self.db
        tuid, _src_lang, origin, props, notes = rows.unit
        db.execute(
            "UPDATE units SET fingerprint = ?, origin = coalesce(?, origin), props = ?, notes = ?,"
            " changed = max(changed, ?) WHERE id = ?",
            (rows.fingerprint, origin, props, notes, rows.changed or now, unit_id),
        )
        old = {
            row[1]: row
            for row in db.execute(
                "SELECT id, lang, text, content, status, created, changed, changer FROM variants WHERE unit_id = ?",
                (unit_id,),
            )
        }
        for row in rows.variants:
            lang = row[0]
            before = old.get(lang)
            if before is None:
                db.execute(
                    "INSERT INTO variants (unit_id, lang, text, content, status, origin, created, changed,"
                    " creator, changer, source_text, props, notes) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (unit_id, *row),
                )
                continue
            if (before[2], before[3]) != (row[1], row[2]):
                db.execute("INSERT INTO history VALUES (?,?,?,?,?,?,?,?)", (before[0], *before[2:], now))
            db.execute(
                "UPDATE variants SET text = ?, content = ?, status = ?, origin = ?, created = coalesce(created, ?),"
                " changed = ?, creator = coalesce(creator, ?), changer = ?, source_text = ?, props = ?, notes = ?"
                " WHERE id = ?",
                (*row[1:], before[0]),
            )
        if rows.context and not db.execute(
            "SELECT 1 FROM contexts WHERE unit_id = ? AND document IS ? AND paragraph IS ? AND position IS ?"
            " AND prev IS ? AND next IS ?",
            (unit_id, *rows.context),
        ).fetchone():
            db.execute("INSERT INTO contexts VALUES (?,?,?,?,?,?)", (unit_id, *rows.context))

    # ----------------------------------------------------------------------- lookup

    def languages(self) -> list[str]:
        """The language tags present in the memory."""
        if self._langs is None:
            self._langs = [row[0] for row in self.db.execute("SELECT lang FROM languages ORDER BY lang")]
        return self._langs

    def _matching(self, lang: str) -> list[str]:
        return [tag for tag in self.languages() if same_lang(tag, lang)]

    def candidates(
        self, text: str, src_lang: str, tgt_lang: str, limit: int = 30, *, budget: int = 20000
    ) -> list[Candidate]:
        """Units whose source shares the rarest words of ``text`` best (BM25), with a target in ``tgt_lang``.

        The query uses the query's rarest terms until their postings add up to ``budget`` (at least
        three terms), so a lookup costs the same in a memory of a thousand units or of millions.
        """
        src_langs, tgt_langs = self._matching(src_lang), self._matching(tgt_lang)
        words = terms(text, src_lang)
        if not src_langs or not tgt_langs or not words:
            return []
        counts = []
        for word in words:
            row = self.db.execute("SELECT doc FROM source_terms WHERE term = ?", (word,)).fetchone()
            if row:
                counts.append((row[0], word))
        counts.sort()
        chosen, total = [], 0
        for count, word in counts:
            if len(chosen) >= 3 and total + count > budget:
                break
            chosen.append(word)
            total += count
        if not chosen:
            return []
        query = " OR ".join(f'"{word}"' for word in chosen)
        src_marks, tgt_marks = ",".join("?" * len(src_langs)), ",".join("?" * len(tgt_langs))
        rows = self.db.execute(
            f"""
            WITH hits AS (
                SELECT rowid AS id, rank FROM source_index WHERE source_index MATCH ? ORDER BY rank LIMIT ?
            )
            SELECT u.id, u.origin, s.lang, s.text, s.content, t.lang, t.text, t.content, t.status, t.origin,
                   t.created, t.changed, t.creator, t.changer
            FROM hits JOIN units u ON u.id = hits.id
            JOIN variants s ON s.unit_id = u.id AND s.lang = u.src_lang
            JOIN variants t ON t.unit_id = u.id AND t.lang IN ({tgt_marks})
            WHERE u.src_lang IN ({src_marks})
            ORDER BY hits.rank
            """,
            (query, limit, *tgt_langs, *src_langs),
        ).fetchall()
        found: dict[int, Candidate] = {}
        for row in rows:
            if row[0] in found:
                continue
            found[row[0]] = Candidate(
                unit_id=row[0],
                origin=Origin(row[1]) if row[1] else None,
                source=Variant(lang=row[2], content=load_content(row[3], row[4])),
                target=Variant(
                    lang=row[5],
                    content=load_content(row[6], row[7]),
                    status=Status(row[8]),
                    origin=Origin(row[9]) if row[9] else None,
                    created=_parse_date(row[10]),
                    changed=_parse_date(row[11]),
                    creator=row[12],
                    changer=row[13],
                ),
            )
        return list(found.values())

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
        """Stream the units (in import order), optionally only a language pair, changed since a date, of an origin.

        With ``tgt_lang`` a unit carries only that target (and is left out without it).
        """
        where, params = [], []
        if src_lang:
            langs = self._matching(src_lang)
            where.append(f"src_lang IN ({','.join('?' * len(langs))})")
            params.extend(langs)
        if since:
            where.append("changed >= ?")
            params.append(_date(since))
        if origin:
            where.append("origin = ?")
            params.append(origin.value)
        tgt_langs = set(self._matching(tgt_lang)) if tgt_lang else None
        reader = sqlite3.connect(self.path, timeout=self.db.execute("PRAGMA busy_timeout").fetchone()[0] / 1000)
        try:
            units = reader.execute(
                "SELECT id, tuid, src_lang, origin, props, notes FROM units"
                + (" WHERE " + " AND ".join(where) if where else "")
                + " ORDER BY id",
                params,
            )
            for unit_id, tuid, src, unit_origin, props, notes in units:
                variants = {}
                for row in reader.execute(
                    "SELECT lang, text, content, status, origin, created, changed, creator, changer, source_text,"
                    " props, notes FROM variants WHERE unit_id = ? ORDER BY id",
                    (unit_id,),
                ):
                    variants[row[0]] = Variant(
                        lang=row[0],
                        content=load_content(row[1], row[2]),
                        status=Status(row[3]),
                        origin=Origin(row[4]) if row[4] else None,
                        created=_parse_date(row[5]),
                        changed=_parse_date(row[6]),
                        creator=row[7],
                        changer=row[8],
                        source_text=row[9],
                        props=json.loads(row[10]) if row[10] else {},
                        notes=json.loads(row[11]) if row[11] else [],
                    )
                source = variants.pop(src)
                if tgt_langs is not None:
                    variants = {lang: v for lang, v in variants.items() if lang in tgt_langs}
                    if not variants:
                        continue
                contexts = reader.execute(
                    "SELECT document, paragraph, position, prev, next FROM contexts WHERE unit_id = ? LIMIT 1",
                    (unit_id,),
                ).fetchone()
                yield Unit(
                    id=tuid or f"tm{unit_id}",
                    source=source,
                    targets=variants,
                    context=Context(*contexts) if contexts else None,
                    origin=Origin(unit_origin) if unit_origin else None,
                    props=json.loads(props) if props else {},
                    notes=json.loads(notes) if notes else [],
                )
        finally:
            reader.close()

    def history(self, unit_id: int) -> list[dict[str, Any]]:
        """Earlier target texts of unit ``unit_id``, oldest first, with their dates."""
        return [
            {"lang": lang, "text": text, "status": status, "created": created, "changed": changed, "replaced": replaced}
            for lang, text, status, created, changed, replaced in self.db.execute(
                "SELECT v.lang, h.text, h.status, h.created, h.changed, h.replaced FROM history h"
                " JOIN variants v ON v.id = h.variant_id WHERE v.unit_id = ? ORDER BY h.rowid",
                (unit_id,),
            )
        ]

    def stats(self) -> MemoryStats:
        """Units, variants per language and file size."""
        units = self.db.execute("SELECT count(*) FROM units").fetchone()[0]
        variants = dict(self.db.execute("SELECT lang, count(*) FROM variants GROUP BY lang ORDER BY lang"))
        size = sum(p.stat().st_size for p in self.path.parent.glob(self.path.name + "*"))
        return MemoryStats(str(self.path), units, variants, size)
