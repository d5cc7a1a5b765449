"""OmegaT's tab-separated glossary: UTF-8 ``.txt``, one language pair per file.

Each line is ``source<TAB>target<TAB>comment``. tm writes, per entry, one line for the preferred
target and one per admitted target variant (OmegaT shows them all), the comment on the first
line only: ``type: place; not: Xocali | Hocalı; note: ...``, the parts present. Reading groups
lines by source term (first target preferred, the others admitted) and parses that comment back;
a comment in another form becomes the entry note. What the format cannot hold is left out:
admitted and forbidden source terms, definitions, per-term notes and grammar.

The languages are not in the file: give them, or name the file ``<name>.<src>-<tgt>.txt``
(``article.en-az.txt``), as ``tm glossary export`` does. OmegaT ignores ``.tsv`` files; tm reads
them too.

``read_units`` reads a tab-separated translation memory (``source<TAB>target`` per line, as
``write_units`` and ``tm export --format tsv`` write it) into units, streaming; its languages come
from a header line naming them (``en<TAB>az``), else as for a glossary.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from tm.errors import ParseError, TmError
from tm.fileio import open_atomic, read_text, sniff_encoding, write_atomic
from tm.glossary.model import Entry, Glossary, Term, TermStatus, make_id
from tm.model import Unit, Variant, nfc, normalize_lang

NAME = "tsv"
EXTENSIONS = (".txt", ".tsv", ".utf8")

_PAIR = re.compile(r"\.(?P<src>[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*)-(?P<tgt>[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*)$")


def pair_from_name(path: str | Path) -> tuple[str, str] | None:
    """The language pair a file name announces (``article.en-az.txt`` -> ``("en", "az")``)."""
    match = _PAIR.search(Path(path).stem)
    if not match:
        return None
    try:
        return normalize_lang(match["src"]), normalize_lang(match["tgt"])
    except TmError:
        return None


_GLOSSARY_HINT = "name it <name>.<src>-<tgt>.txt or pass --source-lang and --target-lang"
_MEMORY_HINT = "name it <name>.<src>-<tgt>.tsv, start it with a line such as 'en<TAB>az', or pass --from and --to"


def _langs(
    path: str | Path, source_lang: str | None, target_lang: str | None, what: str = "glossary"
) -> tuple[str, str]:
    named = pair_from_name(path)
    source = source_lang or (named[0] if named else None)
    target = target_lang or (named[1] if named else None)
    if not source or not target:
        raise TmError(
            f"a tab-separated {what} does not say its languages",
            path=path,
            hint=_MEMORY_HINT if what == "memory" else _GLOSSARY_HINT,
        )
    return normalize_lang(source), normalize_lang(target)


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
    source, target = _langs(path, source_lang or glossary.source_lang, target_lang)
    return write_atomic(path, dumps(glossary, source, target))


def read_glossary(path: str | Path, source_lang: str | None = None, target_lang: str | None = None) -> Glossary:
    """Read an OmegaT tab-separated glossary; raise ParseError naming file and line."""
    source, target = _langs(path, source_lang, target_lang)
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


#: The longest line ``read_units`` takes: a unit of two sentences is far shorter; reading a longer
#: line whole (a 1 GB file with no line break) would only exhaust memory.
MAX_LINE = 1 << 20


def read_units(path: str | Path, *, source_lang: str | None = None, target_lang: str | None = None) -> Iterator[Unit]:
    """Stream a tab-separated memory as units: ``source<TAB>target`` per line, blank lines skipped.

    A first line of two language tags (``en<TAB>az``) names the languages; otherwise give them or
    name the file ``<name>.<src>-<tgt>.tsv``. A unit's id is made from its two texts, so importing
    the file again adds nothing. Raises ParseError naming the line of a line without a tab.
    """
    try:
        with open(path, "rb") as handle:
            encoding = sniff_encoding(handle.read(4))
    except OSError as exc:
        raise TmError(f"cannot read: {exc.strerror}", path=path) from exc
    number = 0
    with open(path, encoding=encoding, newline="") as lines:
        try:
            for number, line in enumerate(iter(lambda: lines.readline(MAX_LINE + 1), ""), 1):
                if len(line) > MAX_LINE:
                    raise ParseError(f"a line longer than {MAX_LINE:,} characters: not a memory of sentences",
                                     path=path, line=number, hint="is it a tab-separated file of source<TAB>target?")  # fmt: skip
                line = line.rstrip("\r\n")
                if number == 1:
                    header = _header_langs(line)
                    langs = header or _langs(path, source_lang, target_lang, "memory")
                    if header is not None:
                        continue
                if not line.strip():
                    continue
                columns = line.split("\t")
                if len(columns) < 2:
                    raise ParseError("expected source<TAB>target", path=path, line=number)
                source, target = nfc(columns[0].strip()), nfc(columns[1].strip())
                digest = hashlib.blake2b(f"{source}\x1f{target}".encode(), digest_size=8).hexdigest()
                yield Unit(id=f"tsv-{digest}", source=Variant.of(langs[0], source),
                           targets={langs[1]: Variant.of(langs[1], target)})  # fmt: skip
        except UnicodeDecodeError as exc:
            raise ParseError(f"not {encoding}: {exc.reason}", path=path, line=number + 1) from None


def write_units(units: Iterable[Unit], path: str | Path) -> None:
    """Write ``units`` as a tab-separated memory, atomically: ``source<TAB>target`` for each unit
    and each of its targets, UTF-8, no header line."""
    with open_atomic(path) as out:
        for unit in units:
            for target in unit.targets.values():
                out.write(f"{cell(unit.source.text)}\t{cell(target.text)}\n".encode())


def cell(text: str) -> str:
    """``text`` as one TSV cell: each run of tabs and line breaks becomes one space."""
    return _BREAKS.sub(" ", text)


_BREAKS = re.compile(r"[\t\r\n]+")


def _header_langs(line: str) -> tuple[str, str] | None:
    """The languages of a header line ``en<TAB>az``, or None when the line is not one."""
    columns = [column.strip() for column in line.split("\t")]
    if len(columns) != 2 or not all(re.fullmatch(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*", c) for c in columns):
        return None
    try:
        return normalize_lang(columns[0]), normalize_lang(columns[1])
    except TmError:
        return None
