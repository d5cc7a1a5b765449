"""The term index of a large glossary kept on disk, so that finding terms in a text reads neither
the glossary nor the whole index: ``find_terms_in_file(path, text, lang)``.

It gives what ``find_terms(text, lang, read_glossary(path))`` gives. A glossary file smaller than
``STORED_BYTES`` is read whole, as before. For a larger one, the first search in a language reads
the glossary once and stores, in an SQLite file in the user's cache folder (``$XDG_CACHE_HOME/tm``,
else ``~/.cache/tm``), each entry and the keys its terms can start with in a text (the forms of a
term's first word, ``recognize.start_forms``); later searches look up the words of the text, read
only the entries that one of them can start, and run ``find_terms`` over those: the hits are the
same, since a term is found only where a text word is one of those keys. A glossary whose size or
modification time changed is indexed again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tm.glossary.io import open_glossary, read_glossary
from tm.glossary.model import Entry, Glossary
from tm.glossary.recognize import Hit, find_terms, start_forms, tokenize
from tm.model import normalize_lang

__all__ = ["STORED_BYTES", "find_terms_in_file", "index_path"]

#: Glossary files from this size on get a stored index (about 20,000 entries of two names).
STORED_BYTES = 1 << 20
#: Changes when what the index stores changes: an older index is built again.
_VERSION = "2"
_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE entries(position INTEGER PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE starts(lang TEXT NOT NULL, form TEXT NOT NULL, entry INTEGER NOT NULL);
"""
#: The most values one query binds.
_BATCH = 500


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
        return find_terms(text, lang, _candidates(db, text, lang))


def _candidates(db: sqlite3.Connection, text: str, lang: str) -> Glossary:
    """The entries of the stored glossary a word of ``text`` can start a term of, in glossary order."""
    words = sorted({token.key for token in tokenize(text, lang)})
    positions: set[int] = set()
    for batch in _batches(words):
        marks = ",".join("?" * len(batch))
        query = f"SELECT entry FROM starts WHERE lang = ? AND form IN ({marks})"
        positions.update(position for (position,) in db.execute(query, (lang, *batch)))
    entries = []
    for batch in _batches(sorted(positions)):
        query = f"SELECT data FROM entries WHERE position IN ({','.join('?' * len(batch))}) ORDER BY position"
        entries += [Entry.from_dict(json.loads(data)) for (data,) in db.execute(query, batch)]
    return Glossary.of(entries)


def _batches(values: list[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(values), _BATCH):
        yield values[start : start + _BATCH]


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
    """Store the entries of ``path`` and the forms their terms in ``lang`` can start with, in one transaction."""
    glossary = read_glossary(path)
    with db:
        db.executemany(
            "INSERT OR IGNORE INTO entries VALUES (?, ?)",
            ((position, _stored(entry)) for position, entry in enumerate(glossary)),
        )
        db.executemany(
            "INSERT INTO starts VALUES (?, ?, ?)",
            ((lang, form, position) for position, entry in enumerate(glossary) for form in _starts(entry, lang)),
        )
        db.execute("DROP INDEX IF EXISTS starts_by_form")  # built once after the rows: faster than kept up
        db.execute("CREATE INDEX starts_by_form ON starts(lang, form)")
        db.execute("INSERT INTO meta VALUES (?, '')", (f"lang:{lang}",))


def _starts(entry: Entry, lang: str) -> set[str]:
    return {form for term in entry.terms_in(lang) for form in start_forms(entry, term, lang)}


def _stored(entry: Entry) -> str:
    """``entry.to_dict()`` as JSON without its empty fields, which ``Entry.from_dict`` reads back as empty."""
    data = entry.to_dict()
    data["terms"] = {lang: [_filled(term, "text") for term in terms] for lang, terms in data["terms"].items()}
    return json.dumps(_filled(data, "id"), ensure_ascii=False)


def _filled(data: dict[str, Any], needed: str) -> dict[str, Any]:
    return {key: value for key, value in data.items() if value or key == needed}
