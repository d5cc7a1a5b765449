"""Glossaries as CSV for people and spreadsheets: one row per entry, a header row.

Columns: ``id, type, definition, note, policy, case`` (``exact`` when the entry's terms keep their
case, see ``Entry.exact_case``), then per language ``<lang>`` (the preferred term),
``<lang> admitted`` and ``<lang> forbidden`` (one term per line inside the cell) and
``<lang> details``: one line ``term | part of speech | term type | note`` for each term that has
any of those. That holds every field of the model, so CSV round-trips without loss.

Written as UTF-8 with a byte-order mark and CRLF line ends, so Excel opens it right; read with or
without the mark. A row that does not fit names the file and its line.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from tm.errors import ParseError, TmError
from tm.fileio import read_text, write_atomic
from tm.glossary.model import Entry, Glossary, Term, TermStatus, make_id
from tm.model import normalize_lang

NAME = "csv"
EXTENSIONS = (".csv",)

_FIXED = ("id", "type", "definition", "note", "policy", "case")
_EXACT_CASE = "exact"
_SUFFIXES = {"": TermStatus.PREFERRED, "admitted": TermStatus.ADMITTED, "forbidden": TermStatus.FORBIDDEN}


def header(glossary: Glossary) -> list[str]:
    """The header row for ``glossary``: the fixed columns, then four per language."""
    columns = list(_FIXED)
    for lang in glossary.langs:
        columns += [lang, f"{lang} admitted", f"{lang} forbidden", f"{lang} details"]
    return columns


def _details(term: Term) -> str | None:
    if not (term.pos or term.term_type or term.note):
        return None
    return " | ".join((term.text, term.pos, term.term_type, " ".join(term.note.split())))


def dumps(glossary: Glossary) -> str:
    """The CSV text of ``glossary`` (deterministic; the caller adds the byte-order mark)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header(glossary))
    for entry in glossary:
        row = [
            entry.id,
            entry.type,
            entry.definition,
            entry.note,
            entry.policy,
            _EXACT_CASE if entry.exact_case else "",
        ]
        for lang in glossary.langs:
            terms = entry.terms_in(lang)
            preferred = [t.text for t in terms if t.status is TermStatus.PREFERRED]
            row += [
                "\n".join(preferred),
                "\n".join(t.text for t in terms if t.status in (TermStatus.ADMITTED, TermStatus.UNSPECIFIED)),
                "\n".join(t.text for t in terms if t.status is TermStatus.FORBIDDEN),
                "\n".join(d for d in map(_details, terms) if d),
            ]
        writer.writerow(row)
    return buffer.getvalue()


def dumps_bytes(glossary: Glossary) -> bytes:
    """The bytes of the CSV file: UTF-8 with a byte-order mark, as spreadsheets want it."""
    return ("\ufeff" + dumps(glossary)).encode("utf-8")


def write_glossary(
    glossary: Glossary, path: str | Path, source_lang: str | None = None, target_lang: str | None = None
) -> bool:
    """Write ``glossary`` as CSV atomically; False when the file was unchanged. A CSV holds every
    language: ``source_lang`` and ``target_lang`` are not used."""
    return write_atomic(path, dumps_bytes(glossary))


def _columns(names: list[str], path: str | Path) -> list[tuple[str, str | None, str]]:
    """Map each header cell to (field, language, suffix); raise on a cell tm does not know."""
    result: list[tuple[str, str | None, str]] = []
    for name in names:
        clean = name.strip()
        if clean.lower() in _FIXED:
            result.append((clean.lower(), None, ""))
            continue
        lang, _, suffix = clean.partition(" ")
        suffix = suffix.strip().lower()
        if suffix not in (*_SUFFIXES, "details"):
            raise ParseError(f"unknown column {name!r}", path=path, line=1)
        try:
            result.append(("term", normalize_lang(lang), suffix))
        except TmError as exc:
            raise ParseError(f"unknown column {name!r}: {exc.message}", path=path, line=1) from exc
    return result


def read_glossary(path: str | Path, source_lang: str | None = None, target_lang: str | None = None) -> Glossary:
    """Read a CSV glossary; raise ParseError naming file and line of a row that does not fit.
    ``source_lang`` is the glossary's source language (default: the first language column);
    the columns name every language, so ``target_lang`` is not used."""
    reader = csv.reader(io.StringIO(read_text(path), newline=""), strict=True)
    glossary: Glossary | None = None
    columns: list[tuple[str, str | None, str]] = []
    line = 1
    try:
        for row in reader:
            if glossary is None:
                columns = _columns(row, path)
                langs = [lang for _, lang, _ in columns if lang]
                glossary = Glossary(source_lang=source_lang or (langs[0] if langs else "en"))
            elif any(cell.strip() for cell in row):
                entry = _entry(row, columns, glossary, path, line)
                if entry.id in glossary:
                    raise ParseError(f"entry id {entry.id!r} is used twice", path=path, line=line)
                glossary.add(entry)
            line = reader.line_num + 1
    except csv.Error as exc:
        raise ParseError(f"broken CSV: {exc}", path=path, line=line) from exc
    if glossary is None:
        raise ParseError("empty file: expected a header row", path=path, line=1)
    return glossary


def _entry(
    row: list[str], columns: list[tuple[str, str | None, str]], glossary: Glossary, path: str | Path, line: int
) -> Entry:
    if len(row) > len(columns):
        raise ParseError(f"{len(row)} cells, the header has {len(columns)}", path=path, line=line)
    fields = {name: "" for name in _FIXED}
    terms: dict[str, list[Term]] = {}
    details: dict[tuple[str, str], list[str]] = {}
    for (name, lang, suffix), cell in zip(columns, row):
        if lang is None:
            fields[name] = cell.strip()
        elif suffix == "details":
            for detail in cell.splitlines():
                parts = [p.strip() for p in detail.split("|")]
                if len(parts) != 4:
                    raise ParseError(
                        f"{lang} details: expected 'term | part of speech | term type | note', got {detail!r}",
                        path=path,
                        line=line,
                    )
                details[(lang, parts[0])] = parts[1:]
        else:
            for text in cell.splitlines():
                if text.strip():
                    terms.setdefault(lang, []).append(Term(text.strip(), _SUFFIXES[suffix]))
    if not terms:
        raise ParseError("a row without any term", path=path, line=line)
    for (lang, text), (pos, term_type, note) in details.items():
        term = next((t for t in terms.get(lang, []) if t.text == text), None)
        if term is None:
            raise ParseError(
                f"{lang} details name {text!r}, which is not a {lang} term of the row", path=path, line=line
            )
        term.pos, term.term_type, term.note = pos, term_type, note
    if not fields["id"]:
        first = next(iter(terms.values()))[0].text
        fields["id"] = make_id(first, glossary.entries)
    case = fields.pop("case").lower()
    if case not in ("", _EXACT_CASE):
        raise ParseError(f"case: expected {_EXACT_CASE!r} or nothing, got {case!r}", path=path, line=line)
    return Entry(terms=terms, exact_case=case == _EXACT_CASE, **fields)
