"""OmegaT's tab-separated glossary: UTF-8 ``.txt``, one language pair per file.

Each line is ``source<TAB>target<TAB>comment``. tm writes, per entry, one line for the preferred
target and one per admitted target variant (OmegaT shows them all), the comment on the first
line only: ``type: place; not: Xocali | Hocalı; note: ...``, the parts present. Reading groups
lines by source term (first target preferred, the others admitted) and parses that comment back;
a comment in another form becomes the entry note. What the format cannot hold is left out:
admitted and forbidden source terms, definitions, per-term notes and grammar.

The languages are not in the file: give them, or name the file ``<name>.<src>-<tgt>.txt``
(``article.en-az.txt``), as ``tm glossary export`` does. OmegaT ignores ``.tsv`` files; tm reads
them too. (A tab-separated translation memory is the unit format tm.formats.tsv.)
"""

from __future__ import annotations

from pathlib import Path

from tm.errors import ParseError
from tm.fileio import read_text, write_atomic
from tm.formats.tsv import pair_from_name, pair_langs
from tm.glossary.model import Entry, Glossary, Term, TermStatus, make_id

NAME = "tsv"
EXTENSIONS = (".txt", ".tsv", ".utf8")

__all__ = ["EXTENSIONS", "NAME", "comment_for", "dumps", "pair_from_name", "read_glossary", "write_glossary"]

_HINT = "name it <name>.<src>-<tgt>.txt or pass --source-lang and --target-lang"


def comment_for(entry: Entry, target_lang: str) -> str:
    """The comment column of ``entry``: ``type: ...; not: A | B; note: ...; policy: ...``, the parts
    present."""
    parts = []
    if entry.type:
        parts.append(f"type: {entry.type}")
    forbidden = [t.text for t in entry.forbidden(target_lang)]
    if forbidden:
        parts.append("not: " + " | ".join(forbidden))
    if entry.note:
        parts.append("note: " + " ".join(entry.note.split()))
    if entry.policy:
        parts.append("policy: " + " ".join(entry.policy.split()))
    return "; ".join(parts)


def dumps(glossary: Glossary, source_lang: str, target_lang: str) -> str:
    """The file text for one language pair (deterministic)."""
    lines = []
    for entry in glossary:
        source = entry.preferred(source_lang)
        targets = entry.allowed(target_lang)
        if source is None or not targets:
            continue
        for number, target in enumerate(targets):
            comment = comment_for(entry, target_lang) if number == 0 else ""
            lines.append("\t".join(_clean(x) for x in (source.text, target.text, comment)).rstrip("\t"))
    return "".join(line + "\n" for line in lines)


def _clean(text: str) -> str:
    return " ".join(text.replace("\t", " ").split())


def write_glossary(
    glossary: Glossary, path: str | Path, source_lang: str | None = None, target_lang: str | None = None
) -> bool:
    """Write one language pair of ``glossary`` atomically; False when the file was unchanged."""
    source, target = pair_langs(path, source_lang or glossary.source_lang, target_lang, "glossary", _HINT)
    return write_atomic(path, dumps(glossary, source, target))


def read_glossary(path: str | Path, source_lang: str | None = None, target_lang: str | None = None) -> Glossary:
    """Read an OmegaT tab-separated glossary; raise ParseError naming file and line."""
    source, target = pair_langs(path, source_lang, target_lang, "glossary", _HINT)
    glossary = Glossary(source_lang=source)
    by_source: dict[str, Entry] = {}
    for number, line in enumerate(read_text(path).splitlines(), 1):
        if not line.strip():
            continue
        columns = line.split("\t")
        if len(columns) < 2 or not columns[0].strip() or not columns[1].strip():
            raise ParseError("expected source<TAB>target[<TAB>comment]", path=path, line=number)
        source_text, target_text = columns[0].strip(), columns[1].strip()
        comment = "\t".join(columns[2:]).strip()
        entry = by_source.get(source_text)
        if entry is None:
            entry = Entry(id=make_id(source_text, glossary.entries))
            entry.add_term(source, Term(source_text))
            entry.add_term(target, Term(target_text))
            _apply_comment(entry, comment, target)
            glossary.add(entry)
            by_source[source_text] = entry
        else:
            entry.add_term(target, Term(target_text, TermStatus.ADMITTED))
            if comment and not entry.note:
                entry.note = comment
    return glossary


def _apply_comment(entry: Entry, comment: str, target_lang: str) -> None:
    """Read ``type: ...; not: A | B; note: ...; policy: ...`` (each part optional) back; any other
    comment becomes the note."""
    rest, marker, policy = comment.partition("; policy: ") if "; policy: " in comment else ("", "", "")
    if not marker and comment.startswith("policy: "):
        rest, marker, policy = "", "policy", comment[8:]
    if not marker:
        rest = comment
    kind, forbidden, note = "", "", ""
    if rest.startswith("type: "):
        kind, _, rest = rest[6:].partition("; ")
    if rest.startswith("not: "):
        forbidden, marker, tail = rest[5:].partition("; note: ")
        rest = "note: " + tail if marker else ""
    if rest.startswith("note: "):
        note, rest = rest[6:], ""
    if rest or not comment:
        entry.note = comment
        return
    entry.type, entry.note, entry.policy = kind, note, policy
    for text in forbidden.split(" | "):
        if text.strip():
            entry.add_term(target_lang, Term(text.strip(), TermStatus.FORBIDDEN))
