"""The translation memory: an embedded SQLite database of units, indexed for fuzzy lookup.

``Memory`` keeps every unit imported from TMX, PO, XLIFF or TSV (one row per unit: its source text
in a column of its own, all its language variants as one JSON array, since a unit is always read
and written whole; older target texts in a history table, the places a unit was seen in a contexts
table) and an FTS5 word index of the source text for candidate retrieval. The operations a caller
needs are the ``Store`` protocol, so a server backend (PostgreSQL with pg_trgm) can stand in later.

Concurrency: the database runs in WAL mode, so any number of processes read while one writes; a
second writer waits (``busy_timeout``) instead of failing. Imports commit one batch at a time:
killing an import loses only the batch in flight, and running it again skips what is already in.
An import into an empty memory builds the unique index of unit keys once at its end; if it is
killed first, the next write builds it (see ``Memory._begin_bulk_load``).

A unit's identity is its source language, source content (inline codes included) and TMX ``tuid``
(PO ``msgctxt``): importing the same file twice adds nothing, and a unit whose targets, status or
properties changed is updated in place, the replaced target texts and dates going to its history.
"""

from __future__ import annotations

import gc
import hashlib
import heapq
import itertools
import json
import marshal
import math
import os
import pickle
import queue
import re
import sqlite3
import subprocess
import sys
import threading
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple, Protocol

from rapidfuzz.distance import Indel

from tm.errors import TmError
from tm.formats.po import OBSOLETE
from tm.formats.tmx import PlainUnit
from tm.lang import fold
from tm.model import Content, Context, Origin, Status, Tag, Unit, Variant, normalize_lang, plain_text, same_lang, utcnow

#: Units per transaction: an interrupted import loses at most this many units of work.
BATCH_SIZE = 20000
#: The first batch of an import is smaller, so that the writer starts sooner.
FIRST_BATCH = 2000
SCHEMA_VERSION = 2

#: The word tokens the index holds (what FTS5's unicode61 tokenizer calls a token).
_TOKEN = re.compile(r"[^\W_]+")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS units (
    id INTEGER PRIMARY KEY,
    key INTEGER NOT NULL,              -- hash of source language, source content and tuid
    fingerprint INTEGER NOT NULL,      -- hash of the whole unit as last imported
    tuid TEXT,
    src_lang TEXT NOT NULL,
    origin TEXT,
    extra TEXT,                        -- JSON {props, notes}, NULL when empty
    added TEXT NOT NULL,               -- when the memory first saw the unit
    changed TEXT NOT NULL,             -- latest date of the unit or any variant
    source TEXT NOT NULL,              -- plain source text, inline codes left out
    -- JSON array of [lang, text, content, status, created, changed, extra], the source first (its
    -- text null: it is the source column); content is JSON of text and inline codes, null when
    -- plain; extra is JSON {origin, creator, changer, source_text, props, notes} or null
    variants TEXT NOT NULL
);
-- Unique, but an index of its own (not a column constraint), so an import into an empty memory can
-- drop it and build it once at the end (see Memory._begin_bulk_load).
CREATE UNIQUE INDEX IF NOT EXISTS units_key ON units (key);
CREATE TABLE IF NOT EXISTS history (   -- target texts an import replaced
    unit_id INTEGER NOT NULL REFERENCES units(id),
    lang TEXT NOT NULL,
    text TEXT NOT NULL,
    content TEXT,
    status TEXT NOT NULL,
    created TEXT,
    changed TEXT,
    extra TEXT,
    replaced TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS history_unit ON history (unit_id);
CREATE TABLE IF NOT EXISTS contexts (
    unit_id INTEGER NOT NULL REFERENCES units(id),
    document TEXT, paragraph INTEGER, position INTEGER, prev TEXT, next TEXT
);
CREATE INDEX IF NOT EXISTS contexts_unit ON contexts (unit_id);
CREATE TABLE IF NOT EXISTS languages (lang TEXT PRIMARY KEY);
CREATE VIRTUAL TABLE IF NOT EXISTS source_index USING fts5 (
    text, content='', tokenize='unicode61 remove_diacritics 0', detail=none
);
CREATE TABLE IF NOT EXISTS terms (     -- how many sources hold each index term, copied from fts5vocab
                                       -- (which counts slowly) as an import goes
    term TEXT PRIMARY KEY,
    docs INTEGER NOT NULL
) WITHOUT ROWID;
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


class Store(Protocol):
    """The operations tm needs from a memory; SQLite (``Memory``) implements them, a server may too."""

    def import_units(
        self, units: Iterable[Unit], *, origin: Origin | None = None, progress: Progress | None = None
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
    return _content_json(
        [part if isinstance(part, str) else [part.kind, [list(a) for a in part.attrs], part.code] for part in content]
    )


def load_content(text: str, content: str | None) -> Content:
    """Inverse of ``dump_content``."""
    if content is None:
        return (text,) if text else ()
    return tuple(
        part if isinstance(part, str) else Tag(part[0], tuple((k, v) for k, v in part[1]), part[2])
        for part in json.loads(content)
    )


#: Encoders made once: ``json.dumps`` with options builds a new encoder on every call.
_sorted_json = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode
_compact_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_content_json = json.JSONEncoder(ensure_ascii=False).encode
#: A string as JSON, as those encoders write it.
_encode_string: Callable[[str], str] = json.encoder.encode_basestring  # type: ignore[attr-defined]


def _json_string(value: str | None) -> str:
    return "null" if value is None else _encode_string(value)


def _json(value: Any) -> str | None:
    return _sorted_json(value) if value else None


@lru_cache(maxsize=4096)
def _date(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse_date(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _hash64(data: bytes) -> int:
    """A stable signed 64-bit hash (BLAKE2b): what unit keys are."""
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "big", signed=True)


def _fingerprint64(data: bytes) -> int:
    """A stable signed 64-bit hash for fingerprints (SHA-256: faster than BLAKE2b on rows of ~1 KB)."""
    return int.from_bytes(hashlib.sha256(data).digest()[:8], "big", signed=True)


def index_text(text: str, lang: str) -> str:
    """The form of a source text the index holds and queries use: folded by the rules of ``lang``."""
    return fold(text, lang)


def terms(text: str, lang: str) -> list[str]:
    """The distinct index terms of ``text``, in order of first appearance."""
    return list(dict.fromkeys(_TOKEN.findall(index_text(text, lang))))


class _Rows(NamedTuple):
    """One unit turned into its database row (made before the transaction, so batches stay short).

    The texts are UTF-8 bytes, inserted as TEXT (``CAST(? AS TEXT)``): the reading process encodes
    them once, and neither the pipe nor SQLite converts them again.
    """

    key: int
    fingerprint: int
    unit: tuple[Any, ...]  # tuid, src_lang, origin, extra
    source: bytes
    variants: bytes  # the JSON of the variants column
    context: tuple[Any, ...] | None
    index: bytes
    changed: str | None


#: What reading a unit gives, before ``_encode``: (unit row, source text, the source content the
#: key hashes, variants JSON, context row, latest date).
_Draft = tuple[tuple[Any, ...], str, str, str, "tuple[Any, ...] | None", "str | None"]

#: A draft with its texts encoded, as the reading process sends it: (unit row, source, the source
#: content the key hashes when it is not the source text, variants, context row, index text, latest
#: date). ``_rows`` adds the key and fingerprint.
_Encoded = tuple[tuple[Any, ...], bytes, "bytes | None", bytes, "tuple[Any, ...] | None", bytes, "str | None"]


def _encode(unit_row: tuple[Any, ...], source: str, keyed: str, variants: str, context: tuple[Any, ...] | None,
            changed: str | None) -> _Encoded:  # fmt: skip
    """A draft's texts as UTF-8, and the text the index holds."""
    source_bytes = source.encode()
    return (unit_row, source_bytes, None if keyed is source else keyed.encode(), variants.encode(), context,
            index_text(source, unit_row[1]).encode(), changed)  # fmt: skip


def _rows(unit_row: tuple[Any, ...], source: bytes, keyed: bytes | None, variants: bytes,
          context: tuple[Any, ...] | None, index: bytes, changed: str | None) -> tuple[Any, ...]:  # fmt: skip
    """The row (the fields of ``_Rows``) of an encoded draft: its key (source language, source
    content, tuid) and its fingerprint (everything else the memory keeps of it) added."""
    tuid, src_lang = unit_row[0], unit_row[1]
    key = _hash64(b"\x1f".join((src_lang.encode(), keyed or source, (tuid or "").encode())))
    fingerprint = _fingerprint64(marshal.dumps((unit_row, variants, context), 4))
    return (key, fingerprint, unit_row, source, variants, context, index, changed)


_VariantRow = tuple[str, str, "str | None", str, "str | None", "str | None", "str | None"]


def _variant_row(variant: Variant, lang: str) -> _VariantRow:
    """(lang, text, content, status, created, changed, extra) of ``variant``."""
    content = variant.content
    if len(content) == 1 and isinstance(content[0], str):
        text, dumped = content[0], None
    else:
        text, dumped = plain_text(content), dump_content(content)
    extra = None
    if variant.origin or variant.creator or variant.changer or variant.source_text or variant.props or variant.notes:
        extra = _variant_extra(variant.origin, variant.creator, variant.changer, variant.source_text,
                               variant.props, variant.notes)  # fmt: skip
    return (lang, text, dumped, variant.status.value, _date(variant.created), _date(variant.changed), extra)


def _variant_extra(origin: Origin | None, creator: str | None, changer: str | None, source_text: str | None,
                   props: dict[str, list[str]], notes: list[str]) -> str | None:  # fmt: skip
    """The extra column of a variant row: what a Variant holds beyond text, status and dates."""
    return _json({"origin": origin.value if origin else None, "creator": creator, "changer": changer,
                  "source_text": source_text, "props": props, "notes": notes})  # fmt: skip


def _variant(lang: str, text: str, content: str | None, status: str, created: str | None,
             changed: str | None, extra: str | None) -> Variant:  # fmt: skip
    """Inverse of ``_variant_row``."""
    more = json.loads(extra) if extra else {}
    return Variant(
        lang=lang,
        content=load_content(text, content),
        status=Status(status),
        origin=Origin(more["origin"]) if more.get("origin") else None,
        created=_parse_date(created),
        changed=_parse_date(changed),
        creator=more.get("creator"),
        changer=more.get("changer"),
        source_text=more.get("source_text"),
        props=more.get("props") or {},
        notes=more.get("notes") or [],
    )


def _variant_rows(source: str, variants: str) -> list[list[Any]]:
    """The variant rows of a unit's row (source first), the source text put back in place."""
    rows = json.loads(variants)
    rows[0][1] = source
    return rows


def _draft(unit: Unit, origin: Origin | None) -> _Draft | str:
    """The row of ``unit`` (to ``_encode``), or the reason it cannot go into the memory."""
    if unit.props.get(OBSOLETE) == ["true"]:
        return "obsolete"  # a PO's #~ entries are history, not memory
    src_lang = normalize_lang(unit.source.lang)
    source = _variant_row(unit.source, src_lang)
    text = source[1]
    if not text.strip():
        return "empty source"
    targets = [_variant_row(variant, normalize_lang(variant.lang)) for variant in unit.targets.values()]
    targets = [row for row in targets if row[1].strip()]
    if not targets:
        return "no translation"
    unit_origin = unit.origin or origin
    extra = _json({"props": unit.props, "notes": unit.notes}) if unit.props or unit.notes else None
    unit_row = (unit.id or None, src_lang, unit_origin.value if unit_origin else None, extra)
    context = None
    if unit.context is not None and unit.context != Context():
        c = unit.context
        context = (c.document, c.paragraph, c.position, c.prev, c.next)
    variants = _compact_json([(src_lang, None, *source[2:]), *targets])
    dates = [d for row in (source, *targets) for d in (row[4], row[5]) if d]
    return (unit_row, text, source[2] or text, variants, context, max(dates, default=None))


def _plain_encoded(unit: PlainUnit, origin: str | None) -> _Encoded | str:
    """``_encode(*_draft(unit.unit(), origin))``, without building the Unit (most units of a TMX file)."""
    src_lang, text = unit.langs[0], unit.texts[0]
    if not text.strip():
        return "empty source"
    tail, latest = _tail(unit.created, unit.changed, unit.creator, unit.changer)
    # The JSON _compact_json makes of the variant rows, written out directly (twice as fast).
    targets = [
        f",[{_encode_string(lang)},{_encode_string(target)}{tail}"
        for lang, target in zip(unit.langs[1:], unit.texts[1:])
        if target.strip()
    ]
    if not targets:
        return "no translation"
    variants = f"[[{_encode_string(src_lang)},null{tail}{''.join(targets)}]"
    return ((unit.id, src_lang, origin, _plain_extra(unit.props)), text.encode(), None, variants.encode(), None,
            index_text(text, src_lang).encode(), latest)  # fmt: skip


@lru_cache(maxsize=4096)  # a TMX file's units share a few dates and ids
def _tail(created: datetime | None, changed: datetime | None, creator: str | None, changer: str | None
          ) -> tuple[str, str | None]:  # fmt: skip
    """What follows the text in a plain variant's JSON row, and the latest of its dates."""
    created_, changed_ = _date(created), _date(changed)
    extra = _variant_extra(None, creator, changer, None, {}, []) if creator or changer else None
    tail = f',null,"translated",{_json_string(created_)},{_json_string(changed_)},{_json_string(extra)}]'
    return tail, max(created_, changed_) if created_ and changed_ else changed_ or created_


def _plain_extra(props: dict[str, list[str]]) -> str | None:
    """The extra column of a unit with ``props`` and no notes (the same few props recur: cached)."""
    if not props:
        return None
    shape = repr(props)  # exact for a dict of lists of strings, and made in C
    found = _EXTRA_CACHE.get(shape)
    if found is None:
        if len(_EXTRA_CACHE) > 4096:
            _EXTRA_CACHE.clear()
        found = _EXTRA_CACHE[shape] = _json({"props": props, "notes": []})
    return found


_EXTRA_CACHE: dict[str, str] = {}


@dataclass(slots=True)
class _Batch:
    """Units read from a file, converted to encoded drafts (``_Encoded``): what one transaction writes."""

    read: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    rows: list[Any] = field(default_factory=list)


#: The language tags of an encoded variants column (each row starts with its tag).
_LANGS = re.compile(rb'\["([^"]+)"')


def _batches(units: Iterable[Unit], origin: Origin | None, batch_size: int) -> Iterator[_Batch]:
    """Group ``units`` into batches of rows; an error from ``units`` drops the batch it falls in.

    The first batch is smaller, so that a writer waiting for it starts sooner.
    """
    read, skipped, rows = 0, Counter[str](), []
    limit = min(batch_size, FIRST_BATCH)
    origin_value = origin.value if origin else None
    for unit in units:
        read += 1
        if type(unit) is PlainUnit:
            row = _plain_encoded(unit, origin_value)
        else:
            row = _draft(unit, origin)
            if type(row) is not str:
                row = _encode(*row)
        if type(row) is str:
            skipped[row] += 1
        else:
            rows.append(row)
        if read >= limit:
            yield _Batch(read, skipped, rows)
            read, skipped, rows, limit = 0, Counter(), [], batch_size
    if read:
        yield _Batch(read, skipped, rows)


def _read(path: Path, options: dict[str, Any]) -> Iterator[Unit | PlainUnit]:
    """The units of ``path`` for an import (a TMX's plain units as PlainUnit: cheaper to convert).

    ``options``: ``format`` (else the extension or content tells; ``.tsv`` is a tab-separated
    memory), ``source_lang`` (TMX: where the file does not say it; TSV) and ``target_lang`` (PO: a
    file without a Language header; TSV).
    """
    from tm import formats
    from tm.formats import po, tmx, tsv

    name = options.get("format")
    source_lang, target_lang = options.get("source_lang"), options.get("target_lang")
    if name == tsv.NAME or (name is None and path.suffix.lower() == ".tsv"):
        return tsv.read_units(path, source_lang=source_lang, target_lang=target_lang)
    module = formats.format_for(path, name)
    if module is tmx:
        return tmx.read(path, srclang=source_lang, plain=True)
    if module is po:
        return po.read(path, lang=target_lang)
    return module.read(path)


#: Files above this size are read by a second process while the first writes.
PARALLEL_BYTES = 8 * 1024 * 1024

_WORKER = "import sys, tm.store; tm.store._worker(sys.stdin.buffer.read(), sys.stdout.buffer)"


def _send(out: Any, kind: str, payload: Any) -> None:
    """One message to the writing process: its length, then (kind, payload) marshalled."""
    data = marshal.dumps((kind, payload), 4)  # 4 writes a repeated object (tag, date, props) once
    out.write(len(data).to_bytes(8, "little"))
    out.write(data)


def _receive(stream: Any) -> tuple[str, Any]:
    """The next message of ``_send`` from ``stream``; ("lost", None) when the pipe broke."""
    head = stream.read(8)
    if len(head) < 8:
        return "lost", None
    data = stream.read(int.from_bytes(head, "little"))
    try:
        return marshal.loads(data)
    except (EOFError, ValueError, TypeError):
        return "lost", None


def _worker(request: bytes, out: Any) -> None:
    """The reading process: ``_batches`` of rows (or the error that ended them) sent to ``out``."""
    path, options, origin, batch_size = pickle.loads(request)
    gc.disable()  # a short-lived process of acyclic rows: the collector would only cost time
    try:
        for batch in _batches(_read(path, options), origin, batch_size):
            _send(out, "batch", (batch.read, dict(batch.skipped), batch.rows))
    except TmError as exc:
        where = str(exc.path) if exc.path is not None else None
        _send(out, "error", (type(exc).__name__, exc.message, where, exc.line, exc.column, exc.hint))
    _send(out, "done", None)
    out.flush()


def _batches_from_worker(
    path: Path, options: dict[str, Any], origin: Origin | None, batch_size: int
) -> Iterator[_Batch]:
    """``_batches`` of ``path`` computed by a child process (stopped when the caller stops)."""
    from tm import errors

    env = dict(os.environ)
    package_root = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
    child = subprocess.Popen(
        # -P: this tm, not one that happens to be in the current folder (first on sys.path for -c).
        [sys.executable, "-P", "-c", _WORKER],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=env,
    )
    # A thread takes batches off the pipe while the caller writes the previous one: otherwise the
    # child would block on a full pipe and the two processes would take turns instead of overlapping.
    inbox: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=1)
    stop = threading.Event()

    def receive() -> None:
        assert child.stdout is not None
        while not stop.is_set():
            try:
                message = _receive(child.stdout)
            except OSError:
                message = ("lost", None)
            if message[0] == "batch":
                read, skipped, rows = message[1]
                message = ("batch", _Batch(read, Counter(skipped), rows))
            inbox.put(message)
            if message[0] != "batch":
                return

    try:
        assert child.stdin is not None
        child.stdin.write(pickle.dumps((path, options, origin, batch_size)))
        child.stdin.close()
        threading.Thread(target=receive, daemon=True).start()
        while True:
            kind, payload = inbox.get()
            if kind == "batch":
                yield payload
            elif kind == "error":
                name, message, where, line, column, hint = payload
                error_type = getattr(errors, name, TmError)
                raise error_type(message, path=where, line=line, column=column, hint=hint)
            elif kind == "lost":
                raise TmError(f"the reading process stopped (exit code {child.wait()})", path=path)
            else:
                return
    finally:
        stop.set()
        if child.poll() is None:
            child.kill()
        child.wait()
        while not inbox.empty():  # let a receiver blocked on a full queue finish
            inbox.get_nowait()


# --------------------------------------------------------------------------- the SQLite memory


@dataclass(slots=True)
class _BulkLoad:
    """An import into an empty memory, writing its units without the key index (built at the end).

    ``keys`` holds the keys written so far (8 bytes a unit): each batch is checked against them
    (a scan, in C); a batch repeating a unit of an earlier one ends the load, so that unit is
    found through the index as in any import.
    """

    token: str
    keys: array = field(default_factory=lambda: array("q"))
    active: bool = True


#: A bulk load ends after this many units (checking a batch against them all grows with them).
BULK_UNITS = 2_000_000

_CACHE_SIZE = -65536  # 64 MiB of page cache
#: A term held by more than this many times a lookup's budget of sources is a common word: a
#: lookup reads its sources only when the query has no rarer word.
_COMMON = 20
_PAGE_SIZE = 16384


class Memory:
    """A translation memory in one SQLite file (created on first use; ``create=False`` refuses to).

    Example::

        with Memory(".tm/memory.db") as memory:
            summary = memory.import_file("client.tmx")
            for match in tm.match.lookup(memory, "The treaty was signed.", "en", "az"):
                ...
    """

    def __init__(self, path: str | Path | None = None, *, timeout: float = 60.0, create: bool = True) -> None:
        self.path = Path(path) if path is not None else default_memory_path()
        self.timeout = timeout
        if not create and not self.path.exists():
            raise TmError("no memory here yet", path=self.path, hint="import a TMX or PO file with `tm import FILE`")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = sqlite3.connect(self.path, timeout=timeout, isolation_level=None, check_same_thread=False)
            # Takes effect only on a new file: 16 KiB pages write a bulk import ~20 % faster than 4 KiB.
            self.db.execute(f"PRAGMA page_size={_PAGE_SIZE}")
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute(f"PRAGMA cache_size={_CACHE_SIZE}")
            self.db.execute("PRAGMA wal_autocheckpoint=4096")  # checkpoint every 64 MiB of WAL
            self._create()
        except sqlite3.DatabaseError as exc:
            raise TmError(f"cannot open the memory: {exc}", path=self.path) from exc
        self._langs: list[str] | None = None
        #: Whether the import under way lets the term counts fall behind (see ``_count_terms``).
        self._bulk = False

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
        try:
            self.db.executescript(
                f"BEGIN IMMEDIATE; {_SCHEMA} INSERT OR IGNORE INTO meta VALUES ('schema', '{SCHEMA_VERSION}'); COMMIT;"
            )
        except BaseException:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            raise

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

    def import_file(
        self,
        path: str | Path,
        *,
        origin: Origin | None = Origin.IMPORTED,
        progress: Progress | None = None,
        batch_size: int = BATCH_SIZE,
        parallel: bool | None = None,
        format: str | None = None,
        source_lang: str | None = None,
        target_lang: str | None = None,
    ) -> ImportSummary:
        """Stream ``path`` (TMX, PO, XLIFF, or a tab-separated ``.tsv``) into the memory; see ``import_units``.

        ``format`` names the format where extension and content do not tell. ``source_lang`` is
        the source language of a TMX that does not say it and of a TSV; ``target_lang`` the
        language of a PO without a Language header and the target of a TSV (a TSV whose first
        line names its two languages, ``en<TAB>az``, needs neither). With ``parallel`` (by
        default for files over 8 MB) a second process reads and converts the file while this one
        writes, so an import uses two cores.
        """
        read_options = {"format": format, "source_lang": source_lang, "target_lang": target_lang}
        path = Path(path)
        if parallel is None:
            parallel = path.is_file() and path.stat().st_size > PARALLEL_BYTES
        if parallel:
            return self._import(_batches_from_worker(path, read_options, origin, batch_size), progress)
        return self._import(_batches(_read(path, read_options), origin, batch_size), progress)

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
        ``progress`` is called with the summary so far after each batch.
        """
        return self._import(_batches(units, origin, batch_size), progress)

    def _import(self, batches: Iterator[_Batch], progress: Progress | None) -> ImportSummary:
        summary = ImportSummary()
        self._bulk = False
        load = self._begin_bulk_load()
        collecting = gc.isenabled()
        gc.disable()  # rows hold no cycles: the collector would only walk them again and again
        try:
            try:
                for batch in batches:
                    self._write([_rows(*row) for row in batch.rows], summary, load)
                    summary.read += batch.read
                    summary.skipped.update(batch.skipped)
                    if progress:
                        progress(summary)
            finally:
                if collecting:
                    gc.enable()
                if load is not None:
                    self._end_bulk_load(load)
                if summary.added:
                    self._count_all_terms()
        except TmError as exc:
            if not summary.read and exc.line is None:
                raise  # nothing was read: the file could not be opened at all
            raise type(exc)(
                f"{exc.message}; imported before the error: {summary.describe()}, nothing from the batch"
                " in which the error occurred",
                path=exc.path,
                line=exc.line,
                column=exc.column,
                hint="fix the file and import it again: what is already in the memory is skipped",
            ) from exc
        return summary

    def _begin_bulk_load(self) -> _BulkLoad | None:
        """Drop the key index if the memory is empty: the import builds it once at its end.

        A unique index on random hashes is largely rewritten by every batch; built once, it costs a
        sort. Meta ``bulk_load`` marks the load under way: any other write (a second import, the
        same import run again after a kill) first builds the index from the units committed so
        far, which are unique, and this import then goes on the ordinary way.
        """
        db = self.db
        with self._writing():
            self._bulk_load_on(None)
            load = None
            if not self._unit_count() and db.execute("SELECT 1 FROM sqlite_master WHERE name = 'units_key'").fetchone():
                load = _BulkLoad(os.urandom(8).hex())
                db.execute("DROP INDEX units_key")
                db.execute("INSERT INTO meta VALUES ('bulk_load', ?)", (load.token,))
        return load

    def _bulk_load_on(self, load: _BulkLoad | None, keys: frozenset[int] | set[int] = frozenset()) -> bool:
        """In a write transaction: whether ``load`` may go on writing ``keys`` without the key index.

        If not, the index is built (when a load dropped it) and ``load`` ends.
        """
        db = self.db
        state = db.execute("SELECT value FROM meta WHERE key = 'bulk_load'").fetchone()
        if load is not None and load.active and state is not None and state[0] == load.token:
            if len(load.keys) < BULK_UNITS and not keys.intersection(load.keys):
                return True
        if load is not None and load.active:
            load.active = False
            load.keys = array("q")
        if state is not None:
            # The sort takes as much memory as the page cache may hold: empty the cache for it.
            db.execute("PRAGMA cache_size=-16384")
            db.execute("PRAGMA shrink_memory")
            db.execute("CREATE UNIQUE INDEX IF NOT EXISTS units_key ON units (key)")
            db.execute(f"PRAGMA cache_size={_CACHE_SIZE}")
            db.execute("DELETE FROM meta WHERE key = 'bulk_load'")
        return False

    def _end_bulk_load(self, load: _BulkLoad) -> None:
        """Build the key index (if still dropped)."""
        load.active = False
        with self._writing():
            self._bulk_load_on(load)

    def _write(self, batch: list[tuple[Any, ...]], summary: ImportSummary, load: _BulkLoad | None) -> None:
        """Write the rows of one batch in one transaction (waiting for another writer to finish).

        In a bulk load (``load``) the rows are checked against the keys of its earlier batches
        instead of the index.
        """
        if not batch:
            return
        now = _date(utcnow())
        db = self.db
        with self._writing():
            keys = {rows[0] for rows in batch}
            bulk = self._bulk_load_on(load, keys)
            existing: dict[int, tuple[int, int]] = {}
            if bulk:
                keys = set()
            keys_list = list(keys)
            for start in range(0, len(keys_list), 30000):
                chunk = keys_list[start : start + 30000]
                marks = ",".join("?" * len(chunk))
                for key, unit_id, fingerprint in db.execute(
                    f"SELECT key, id, fingerprint FROM units WHERE key IN ({marks})", chunk
                ):
                    existing[key] = (unit_id, fingerprint)
            next_id = (db.execute("SELECT max(id) FROM units").fetchone()[0] or 0) + 1
            units, contexts, index = [], [], []
            flushed = added = updated = skipped = 0
            for rows in batch:
                key, fingerprint, unit, source, variants, context, index_text_, changed = rows
                found = existing.get(key)
                if found is None:
                    unit_id = next_id
                    next_id += 1
                    existing[key] = (unit_id, fingerprint)
                    units.append((unit_id, key, fingerprint, *unit, now, changed or now, source, variants))
                    if context:
                        contexts.append((unit_id, *context))
                    index.append((unit_id, index_text_))
                    added += 1
                elif found[1] == fingerprint:
                    skipped += 1
                else:
                    # Flush pending inserts first: this update may touch a unit added in this batch.
                    self._insert(units, contexts, index[flushed:])
                    flushed = len(index)
                    units, contexts = [], []
                    self._update(found[0], _Rows(*rows), now)
                    existing[key] = (found[0], fingerprint)
                    updated += 1
            self._insert(units, contexts, index[flushed:])
            langs = {lang for rows in batch for lang in _LANGS.findall(rows[4])}
            db.executemany("INSERT OR IGNORE INTO languages VALUES (?)", [(lang.decode(),) for lang in sorted(langs)])
            if added:
                self._count_terms(next_id - 1, added, index)
        if bulk:
            load.keys.extend(existing)  # type: ignore[union-attr]
        self._langs = None
        summary.added += added
        summary.updated += updated
        summary.skipped["unchanged"] += skipped

    def _count_terms(self, last_id: int, added: int, index: list[tuple[int, bytes]]) -> None:
        """Bring the term counts up to unit ``last_id`` after a batch that added ``added`` units.

        A small addition to a counted memory counts its own terms. A large import lets the counts
        fall behind and recounts them all from the index (fast, in C) each time the memory has
        doubled since the last count, and at its end: lookups meanwhile see the counts of the
        memory as it was (its new units are found through the words they share with older ones).
        """
        counted = self._terms_upto()
        if not self._bulk and counted == last_id - added and added * 20 < last_id:
            if index:
                found = Counter(
                    itertools.chain.from_iterable(set(_TOKEN.findall(text.decode())) for _id, text in index)
                )
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

    def _insert(self, units: list, contexts: list, index: list) -> None:
        db = self.db
        # The texts come as UTF-8 bytes (see _Rows): stored as TEXT.
        db.executemany("INSERT INTO units VALUES (?,?,?,?,?,?,?,?,?,CAST(? AS TEXT),CAST(? AS TEXT))", units)
        db.executemany("INSERT INTO contexts VALUES (?,?,?,?,?,?)", contexts)
        db.executemany("INSERT INTO source_index (rowid, text) VALUES (?,CAST(? AS TEXT))", index)

    def _update(self, unit_id: int, rows: _Rows, now: str) -> None:
        """Bring unit ``unit_id`` up to ``rows``: changed variants replaced (old ones to history)."""
        db = self.db
        _tuid, _src_lang, origin, extra = rows.unit
        source, variants = db.execute("SELECT source, variants FROM units WHERE id = ?", (unit_id,)).fetchone()
        merged = {row[0]: row for row in _variant_rows(source, variants)}
        for row in _variant_rows(rows.source.decode(), rows.variants.decode()):
            before = merged.get(row[0])
            if before is not None and before[1:3] != row[1:3]:
                db.execute("INSERT INTO history VALUES (?,?,?,?,?,?,?,?,?)", (unit_id, *before, now))
            merged[row[0]] = row
        stored = list(merged.values())
        stored[0] = [stored[0][0], None, *stored[0][2:]]  # the source text lives in its column
        db.execute(
            "UPDATE units SET fingerprint = ?, origin = coalesce(?, origin), extra = ?, changed = max(changed, ?),"
            " variants = ? WHERE id = ?",
            (rows.fingerprint, origin, extra, rows.changed or now, _compact_json(stored), unit_id),
        )
        if (
            rows.context
            and not db.execute(
                "SELECT 1 FROM contexts WHERE unit_id = ? AND document IS ? AND paragraph IS ? AND position IS ?"
                " AND prev IS ? AND next IS ?",
                (unit_id, *rows.context),
            ).fetchone()
        ):
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
        self,
        text: str,
        src_lang: str,
        tgt_lang: str,
        limit: int = 30,
        *,
        budget: int = 5000,
        pool_size: int = 100,
        retry_below: float = 0.75,
    ) -> list[Candidate]:
        """The ``limit`` units most similar to ``text`` among those sharing its rarest words.

        The query's terms are taken rarest first until the sources holding them add up to
        ``budget`` (at least two terms, unless the second is a common word, held by over twenty times
        the budget), so a lookup costs about the same in a memory of a thousand units or of millions.
        The ``pool_size`` sources sharing the most (by summed IDF) are ranked by character
        similarity; only units with a target in ``tgt_lang`` count. When none is similar (below
        ``retry_below``), more sources are read, step by step: those holding every term, the pool
        without the rarest term, the holders of the rarest terms nearest the query in length.
        """
        src_langs, tgt_langs = self._matching(src_lang), self._matching(tgt_lang)
        words = terms(text, src_lang)
        if not src_langs or not tgt_langs or not words:
            return []
        marks = ",".join("?" * len(words))
        counts = sorted((docs, term) for term, docs in self.db.execute(
            f"SELECT term, docs FROM terms WHERE term IN ({marks})", words
        ))  # fmt: skip
        total_units = self._unit_count()
        size = max(pool_size, limit)
        # Each step reads more sources; the first that finds a similar one ends the search. After
        # the pool of the rarest words: the sources holding every word of the query (a repeat made
        # of common words is lost among the many sharing its rarest ones); the pool again without
        # the rarest word (one the best match lacks: an inserted word), unless only common words
        # are left (a pool of them would be slow and arbitrary); the holders of each uncommon word
        # nearest the query in length (the pool ranks thousands of holders of one word alike).
        steps: list[Callable[[], list[int]]] = [
            lambda: self._pool(counts, total_units, budget, size),
            lambda: self._holding_all(counts, size),
        ]
        if len(counts) >= 2 and counts[1][0] <= _COMMON * budget:
            steps.append(lambda: self._pool(counts[1:], total_units, budget, 5 * size))
        steps.append(lambda: self._nearest_in_length(text, src_lang, counts, budget, size))
        similarity: dict[int, float] = {}
        for step in steps:
            sources = self._sources([unit_id for unit_id in step() if unit_id not in similarity], src_langs)
            similarity.update(
                (unit_id, Indel.normalized_similarity(text, source)) for unit_id, source in sources.items()
            )
            if similarity and max(similarity.values()) >= retry_below:
                break
        rank = {
            unit_id: number
            for number, unit_id in enumerate(heapq.nlargest(limit, similarity, key=similarity.__getitem__))
        }
        rows = self.db.execute(
            f"SELECT id, origin, source, variants FROM units WHERE id IN ({','.join('?' * len(rank))})", list(rank)
        ).fetchall()
        preference = {lang: number for number, lang in enumerate(tgt_langs)}
        found = []
        for unit_id, origin, source, variants in sorted(rows, key=lambda row: rank[row[0]]):
            source_row, *targets = _variant_rows(source, variants)
            targets = sorted((row for row in targets if row[0] in preference), key=lambda row: preference[row[0]])
            if targets:
                found.append(Candidate(
                    unit_id=unit_id,
                    origin=Origin(origin) if origin else None,
                    source=Variant(lang=source_row[0], content=load_content(source, source_row[2])),
                    target=_variant(*targets[0]),
                ))  # fmt: skip
        return found

    def _pool(self, counts: list[tuple[int, str]], total_units: int, budget: int, size: int) -> list[int]:
        """The ``size`` units sharing the most (by summed IDF) of the rarest terms."""
        chosen: list[float | str] = []
        seen = 0
        for number, (docs, term) in enumerate(counts):
            if number >= 2 and seen + docs > budget or number >= 1 and docs > _COMMON * budget:
                break
            seen += docs
            chosen += [math.log(1 + total_units / docs), f'"{term}"']
        if not chosen:
            return []
        postings = " UNION ALL ".join(
            ["SELECT rowid AS id, ? AS weight FROM source_index WHERE source_index MATCH ?"] * (len(chosen) // 2)
        )
        return [row[0] for row in self.db.execute(
            f"SELECT id, sum(weight) AS total FROM ({postings}) GROUP BY id ORDER BY total DESC LIMIT ?", (*chosen, size)
        )]  # fmt: skip

    def _nearest_in_length(
        self, text: str, lang: str, counts: list[tuple[int, str]], budget: int, size: int
    ) -> list[int]:
        """For each of the rarest terms (held by up to four times ``budget`` sources in all), the
        ``size`` units holding it whose word count is nearest the query's."""
        length = len(_TOKEN.findall(index_text(text, lang)))
        ids: list[int] = []
        seen = 0
        for docs, term in counts:
            if seen + docs > 4 * budget:
                break
            seen += docs
            # FTS5 keeps each row's token count in its docsize table, as a varint: one byte below 128.
            ids += [row[0] for row in self.db.execute(
                "SELECT id FROM source_index_docsize JOIN (SELECT rowid AS hit FROM source_index WHERE source_index MATCH ?)"
                " ON id = hit ORDER BY abs(CASE WHEN sz < x'80' THEN unicode(CAST(sz AS TEXT)) ELSE 1000 END - ?) LIMIT ?",
                (f'"{term}"', length, size),
            )]  # fmt: skip
        return ids

    def _holding_all(self, counts: list[tuple[int, str]], size: int) -> list[int]:
        """Up to ``size`` units holding every one of the terms (FTS5 intersects their lists)."""
        if len(counts) < 2:
            return []
        query = " AND ".join(f'"{term}"' for _docs, term in counts)
        return [row[0] for row in self.db.execute(
            "SELECT rowid FROM source_index WHERE source_index MATCH ? LIMIT ?", (query, size)
        )]  # fmt: skip

    def _sources(self, ids: list[int], src_langs: list[str]) -> dict[int, str]:
        """The source texts of the units ``ids`` whose source language is one of ``src_langs``."""
        return dict(self.db.execute(
            f"SELECT id, source FROM units WHERE id IN ({','.join('?' * len(ids))})"
            f" AND src_lang IN ({','.join('?' * len(src_langs))})",
            (*ids, *src_langs),
        ).fetchall())  # fmt: skip

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
        reads through its own connection, so the memory stays usable while it runs.
        """
        where, params = [], []
        if src_lang:
            langs = self._matching(src_lang)
            where.append(f"u.src_lang IN ({','.join('?' * len(langs))})")
            params.extend(langs)
        if since:
            where.append("u.changed >= ?")
            params.append(_date(since))
        if origin:
            where.append("u.origin = ?")
            params.append(origin.value)
        tgt_langs = set(self._matching(tgt_lang)) if tgt_lang else None
        reader = sqlite3.connect(self.path, timeout=self.timeout)
        try:
            has_contexts = reader.execute("SELECT 1 FROM contexts LIMIT 1").fetchone() is not None
            rows = reader.execute(
                "SELECT u.id, u.tuid, u.origin, u.extra, u.source, u.variants FROM units u"
                + (" WHERE " + " AND ".join(where) if where else "")
                + " ORDER BY u.id",
                params,
            )
            for unit_id, tuid, unit_origin, extra, source_text, stored in rows:
                source, *targets = (_variant(*row) for row in _variant_rows(source_text, stored))
                variants = {variant.lang: variant for variant in targets}
                if tgt_langs is not None:
                    variants = {lang: v for lang, v in variants.items() if lang in tgt_langs}
                    if not variants:
                        continue
                context = None
                if has_contexts:
                    found = reader.execute(
                        "SELECT document, paragraph, position, prev, next FROM contexts WHERE unit_id = ?"
                        " ORDER BY rowid LIMIT 1",
                        (unit_id,),
                    ).fetchone()
                    context = Context(*found) if found else None
                more = json.loads(extra) if extra else {}
                yield Unit(
                    id=tuid or f"tm{unit_id}",
                    source=source,
                    targets=variants,
                    context=context,
                    origin=Origin(unit_origin) if unit_origin else None,
                    props=more.get("props") or {},
                    notes=more.get("notes") or [],
                )
        finally:
            reader.close()

    def history(self, unit_id: int) -> list[dict[str, Any]]:
        """Earlier target texts of unit ``unit_id``, oldest first, with their dates."""
        return [
            {"lang": lang, "text": text, "status": status, "created": created, "changed": changed, "replaced": replaced}
            for lang, text, status, created, changed, replaced in self.db.execute(
                "SELECT lang, text, status, created, changed, replaced FROM history WHERE unit_id = ? ORDER BY rowid",
                (unit_id,),
            )
        ]

    def stats(self) -> MemoryStats:
        """Units, variants per language and file size."""
        units = self.db.execute("SELECT count(*) FROM units").fetchone()[0]
        variants = dict(self.db.execute(
            "SELECT json_extract(v.value, '$[0]') AS lang, count(*) FROM units, json_each(units.variants) v"
            " GROUP BY lang ORDER BY lang"
        ))  # fmt: skip
        size = sum(p.stat().st_size for p in self.path.parent.glob(self.path.name + "*"))
        main = self.db.execute("SELECT src_lang FROM units GROUP BY src_lang ORDER BY count(*) DESC LIMIT 1").fetchone()
        return MemoryStats(str(self.path), units, variants, size, main[0] if main else None)


# --------------------------------------------------------------------------- export


EXPORT_FORMATS = ("tmx", "tsv")


def export_memory(
    memory: Store,
    path: str | Path,
    format: str = "tmx",
    *,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    since: datetime | None = None,
    origin: Origin | None = None,
    profile: str = "generic",
) -> int:
    """Stream the memory (or the units of a language pair, changed since a date, of an origin) to ``path``.

    ``tmx`` writes TMX 1.4b (``profile`` as ``tm.formats.tmx.write``); ``tsv`` writes one line per
    unit and target: ``source<TAB>target``, for a pair (``tgt_lang`` required), tabs and line
    breaks in texts replaced by spaces. Returns the number of units written.
    """
    from tm.formats import tmx, tsv

    if format not in EXPORT_FORMATS:
        raise TmError(f"cannot export the memory as {format!r}", hint=f"use one of {', '.join(EXPORT_FORMATS)}")
    counted = 0

    def counting(units: Iterable[Unit]) -> Iterator[Unit]:
        nonlocal counted
        for unit in units:
            counted += 1
            yield unit

    units = counting(memory.units(src_lang, tgt_lang, since, origin))
    if format == "tmx":
        srclang = normalize_lang(src_lang) if src_lang else memory.stats().main_source
        tmx.write(units, path, srclang=srclang or "en", profile=profile)
        return counted
    if tgt_lang is None:
        raise TmError("a TSV export holds one language pair", hint="add --to LANG (and --from LANG)")
    tsv.write_units(units, path)
    return counted
