"""The memory's tables, for each backend, and their versions.

Both backends hold the same rows (``tm.memory.rows.UnitRow``): a unit per row, with its source text
and its variants as JSON; replaced target texts in ``history``; the places a unit was seen in
``contexts``; how many sources hold each index term in ``terms``; who and when of every write
(``added_by``/``added`` and ``written_by``/``written`` of a unit, ``replaced_by``/``replaced`` in its
history). They differ in the word index:
SQLite's is an FTS5 table, PostgreSQL's a table of each term's holders in blocks of packed ids.
"""

from __future__ import annotations

#: The version of the SQLite schema, kept in its meta table. Version 2 is brought up to it on opening
#: (``SQLITE_MIGRATIONS``); another one is refused with a message.
SQLITE_VERSION = 3

SQLITE = """
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
    variants TEXT NOT NULL,
    added_by TEXT,                     -- who added the unit (null in a memory from before version 3)
    written TEXT,                      -- when the unit was last written (null: before version 3)
    written_by TEXT                    -- who last wrote it
);
-- Unique, but an index of its own (not a column constraint), so an import into an empty memory can
-- drop it and build it once at the end (see SqliteMemory._begin_bulk_load).
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
    replaced TEXT NOT NULL,            -- when it was replaced
    replaced_by TEXT                   -- by whom
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

#: The statements that bring a SQLite memory of an older version (the key) up to the next one: columns
#: added (no table is rewritten), so that opening an existing memory takes no time.
SQLITE_MIGRATIONS = {
    2: """
ALTER TABLE units ADD COLUMN added_by TEXT;
ALTER TABLE units ADD COLUMN written TEXT;
ALTER TABLE units ADD COLUMN written_by TEXT;
ALTER TABLE history ADD COLUMN replaced_by TEXT;
""",
}


#: The version of the PostgreSQL schema, kept in its meta table. Version 1 is brought up to it on
#: opening (``POSTGRES_MIGRATIONS``); another one is refused with a message.
POSTGRES_VERSION = 2

#: The postings table: the word index. For each index term of the sources (``tm.memory.rows.terms``),
#: the units holding it, in blocks (those of one batch of an import), each with the units' ids and
#: their sources' word counts packed as ``int8send``/``int2send`` give them (8 and 2 bytes each,
#: big-endian). A row for each (term, unit), as version 1 had, made an import of 1M units write and
#: index 15M rows: three times as long as the SQLite memory's import.
_POSTINGS = """
CREATE TABLE IF NOT EXISTS postings (
    term TEXT COLLATE "C" NOT NULL,   -- "C": compared bytewise (terms are only ever matched whole)
    first_id BIGINT NOT NULL,         -- the smallest id of the block
    ids BYTEA NOT NULL,               -- the ids, in ascending order
    lengths BYTEA NOT NULL            -- each source's word count (repeats counted; 128 and up as 1000)
);
-- Stored uncompressed: a block is read as it was written, with nothing to decompress.
ALTER TABLE postings ALTER COLUMN ids SET STORAGE EXTERNAL, ALTER COLUMN lengths SET STORAGE EXTERNAL;
-- Unique, but an index of its own, so an import into an empty memory can build it once at its end.
CREATE UNIQUE INDEX IF NOT EXISTS postings_term ON postings (term, first_id);
"""

#: The PostgreSQL tables.
POSTGRES = (
    """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS units (
    id BIGINT PRIMARY KEY,
    key BIGINT NOT NULL,
    fingerprint BIGINT NOT NULL,
    tuid TEXT,
    src_lang TEXT NOT NULL,
    origin TEXT,
    extra TEXT,
    added TEXT NOT NULL,
    changed TEXT NOT NULL,
    source TEXT NOT NULL,
    variants TEXT NOT NULL,
    added_by TEXT,
    written TEXT NOT NULL,
    written_by TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS units_key ON units (key);
CREATE TABLE IF NOT EXISTS history (
    unit_id BIGINT NOT NULL REFERENCES units(id),
    lang TEXT NOT NULL,
    text TEXT NOT NULL,
    content TEXT,
    status TEXT NOT NULL,
    created TEXT,
    changed TEXT,
    extra TEXT,
    replaced TEXT NOT NULL,
    replaced_by TEXT,
    seq BIGSERIAL
);
CREATE INDEX IF NOT EXISTS history_unit ON history (unit_id);
CREATE TABLE IF NOT EXISTS contexts (
    unit_id BIGINT NOT NULL REFERENCES units(id),
    document TEXT, paragraph INTEGER, position INTEGER, prev TEXT, next TEXT,
    seq BIGSERIAL
);
CREATE INDEX IF NOT EXISTS contexts_unit ON contexts (unit_id);
CREATE TABLE IF NOT EXISTS languages (lang TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS terms (term TEXT COLLATE "C" PRIMARY KEY, docs BIGINT NOT NULL);
"""
    + _POSTINGS
)

#: Postings made apart are packed into a block when their ids share the same id shifted right by this
#: many bits (a span of 16,384 ids): when schema 1's rows become blocks, and when ``tm memory vacuum``
#: packs the small blocks that writes of a few units at a time leave.
POSTINGS_SPAN_BITS = 14

#: The statements that bring a PostgreSQL memory of an older version (the key) up to the next one, in
#: one transaction. Version 1 kept a row for each (term, unit): they are packed into blocks.
POSTGRES_MIGRATIONS = {
    1: "ALTER TABLE postings RENAME TO postings_1;"
    " DROP INDEX IF EXISTS postings_term;"
    + _POSTINGS
    + "INSERT INTO postings SELECT term, min(unit_id), string_agg(int8send(unit_id), '' ORDER BY unit_id),"
    " string_agg(int2send(length::int2), '' ORDER BY unit_id) FROM postings_1"
    f" GROUP BY term, unit_id >> {POSTINGS_SPAN_BITS};"
    " DROP TABLE postings_1;",
}
