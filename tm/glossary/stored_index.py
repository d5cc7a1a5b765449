"""The term index of a large glossary kept on disk, so that finding terms in a text reads neither
the glossary nor the whole index: ``find_terms_in_file(path, text, lang)``.

It gives what ``find_terms(text, lang, read_glossary(path))`` gives. A glossary file smaller than
``STORED_BYTES`` is read whole, as before. For a larger one, the first search in a language reads
the glossary once and stores the patterns of its terms (those ``build_index`` makes) in an SQLite
file in the user's cache folder (``$XDG_CACHE_HOME/tm``, else ``~/.cache/tm``); later searches look
up only the words of the text. A glossary whose size or modification time changed is indexed again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import tempfile
from pathlib import Path

from tm.glossary.io import open_glossary, read_glossary
from tm.glossary.model import Entry
from tm.glossary.recognize import Hit, Pattern, find_terms, hits, longest_first, patterns
from tm.model import normalize_lang

__all__ = ["STORED_BYTES", "find_terms_in_file", "index_path"]

#: Glossary files from this size on get a stored index (about 20,000 entries of two names).
STORED_BYTES = 1 << 20
#: Changes when what the index stores changes: an older index is built again.
_VERSION = "1"
_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE entries(id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE patterns(id INTEGER PRIMARY KEY, entry TEXT NOT NULL, data TEXT NOT NULL);
CREATE TABLE forms(lang TEXT NOT NULL, form TEXT NOT NULL, pattern INTEGER NOT NULL);
CREATE INDEX forms_by_form ON forms(lang, form);
"""


def index_path(glossary_path: str | Path) -> Path:
    """Where the stored index of the glossary at ``glossary_path`` lives (one file per glossary)."""
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "tm" / "glossary-index"
    name = hashlib.sha256(str(Path(glossary_path).resolve()).encode()).hexdigest()[:24]
    return cache / f"{name}.sqlite"


def find_terms_in_file(path: str | Path, text: str, lang: str) -> list[Hit]:
    """Every term of the glossary file ``path`` in ``text`` (in ``lang``): ``find_terms`` over the
    file, through its stored index when the file is large. Raises TmError as ``open_glossary``."""
    path = Path(path)
    if not path.is_file() or path.stat().st_size < STORED_BYTES:
        return find_terms(text, lang, open_glossary(path)[0])
    lang = normalize_lang(lang)
    with contextlib.closing(_open(path, lang)) as db:
        return list(hits(text, lang, _StoredForms(db, lang)))


class _StoredForms:
    """The patterns each word form starts (``recognize.Forms``), read from a stored index."""

    def __init__(self, db: sqlite3.Connection, lang: str) -> None:
        self.db = db
        self.lang = lang
        self.entries: dict[str, Entry] = {}

    def get(self, form: str, default: tuple[Pattern, ...], /) -> tuple[Pattern, ...]:
        rows = self.db.execute(
            "SELECT p.entry, p.data FROM forms f JOIN patterns p ON p.id = f.pattern"
            " WHERE f.lang = ? AND f.form = ? ORDER BY p.id",
            (self.lang, form),
        ).fetchall()
        return longest_first(self._pattern(entry_id, data) for entry_id, data in rows) if rows else default

    def _pattern(self, entry_id: str, data: str) -> Pattern:
        entry = self.entries.get(entry_id)
        if entry is None:
            (stored,) = self.db.execute("SELECT data FROM entries WHERE id = ?", (entry_id,)).fetchone()
            entry = self.entries[entry_id] = Entry.from_dict(json.loads(stored))
        order, term, slots, written, gaps, caps, tail = json.loads(data)
        return Pattern(entry, entry.terms_in(self.lang)[term], order, tuple(frozenset(s) for s in slots),
                       tuple(written), tuple(gaps), tuple(caps), tail)  # fmt: skip


def _open(path: Path, lang: str) -> sqlite3.Connection:
    """The stored index of ``path`` holding ``lang``, built (or rebuilt, or extended) first when needed."""
    stat = path.stat()
    stamp = f"{_VERSION}:{stat.st_size}:{stat.st_mtime_ns}"  # what says the glossary changed
    target = index_path(path)
    db = _connect(target, stamp)
    if db is None:
        _build(path, target, stamp)
        db = _connect(target, stamp)
        assert db is not None, "an index just built is current"
    if db.execute("SELECT 1 FROM meta WHERE key = ?", (f"lang:{lang}",)).fetchone() is None:
        _add_lang(db, path, lang)
    return db


def _connect(target: Path, stamp: str) -> sqlite3.Connection | None:
    """The index at ``target`` if it was made from the glossary as it is now, else None."""
    if not target.is_file():
        return None
    db = sqlite3.connect(target)
    try:
        row = db.execute("SELECT value FROM meta WHERE key = 'stamp'").fetchone()
    except sqlite3.DatabaseError:
        row = None
    if row is None or row[0] != stamp:
        db.close()
        return None
    return db


def _build(path: Path, target: Path, stamp: str) -> None:
    """A new index of ``path``'s entries at ``target``, written beside it and renamed into place
    (a search running meanwhile sees the old index or the new one)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".building-", suffix=".sqlite")
    os.close(handle)
    try:
        with contextlib.closing(sqlite3.connect(temporary)) as db:
            db.executescript(_SCHEMA)
            db.execute("INSERT INTO meta VALUES ('stamp', ?)", (stamp,))
            db.commit()
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def _add_lang(db: sqlite3.Connection, path: Path, lang: str) -> None:
    """Store the entries of ``path`` and the patterns of their terms in ``lang``, in one transaction."""
    glossary = read_glossary(path)
    with db:
        db.executemany(
            "INSERT OR IGNORE INTO entries VALUES (?, ?)",
            ((entry.id, json.dumps(entry.to_dict(), ensure_ascii=False)) for entry in glossary),
        )
        start = db.execute("SELECT coalesce(max(id), 0) FROM patterns").fetchone()[0] + 1
        rows = []
        for number, pattern in enumerate(patterns(glossary, lang), start):
            term = next(i for i, t in enumerate(pattern.entry.terms_in(lang)) if t is pattern.term)
            data = [pattern.order, term, [sorted(s) for s in pattern.slots], pattern.written, pattern.gaps,
                    pattern.caps, pattern.tail]  # fmt: skip
            db.execute("INSERT INTO patterns VALUES (?, ?, ?)", (number, pattern.entry.id, json.dumps(data)))
            rows += [(lang, form, number) for form in pattern.slots[0]]
            if len(rows) >= 10000:
                db.executemany("INSERT INTO forms VALUES (?, ?, ?)", rows)
                rows = []
        db.executemany("INSERT INTO forms VALUES (?, ?, ?)", rows)
        db.execute("INSERT INTO meta VALUES (?, '')", (f"lang:{lang}",))
