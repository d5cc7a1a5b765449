"""A tab-separated translation memory: ``source<TAB>target`` per line, UTF-8, ``.tsv``.

``read`` streams such a file into units; its languages come from a header line naming them
(``en<TAB>az``), else from ``source_lang``/``target_lang``, else from a file name
``<name>.<src>-<tgt>.tsv``. A unit's id is made from its two texts, so importing the file again
adds nothing. ``write`` (and ``tm export --format tsv``) writes one line per unit and target, no
header. What the format cannot hold (ids, context, status, notes, inline codes as codes) is left
out: a round trip keeps the languages and the plain texts.

The glossary side of OmegaT's tab-separated text (``.txt``) is tm.glossary.formats.tsv; the
language pair in a file name (``pair_from_name``) is shared with it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from tm.errors import ParseError, TmError
from tm.fileio import open_atomic, sniff_encoding
from tm.model import Unit, Variant, nfc, normalize_lang

NAME = "tsv"
EXTENSIONS = (".tsv",)

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


def pair_langs(
    path: str | Path, source_lang: str | None, target_lang: str | None, what: str, hint: str
) -> tuple[str, str]:
    """The languages of a tab-separated ``what`` (memory, glossary): those given, else those of
    its name (``pair_from_name``); a TmError with ``hint`` when neither says them."""
    named = pair_from_name(path)
    source = source_lang or (named[0] if named else None)
    target = target_lang or (named[1] if named else None)
    if not source or not target:
        raise TmError(f"a tab-separated {what} does not say its languages", path=path, hint=hint)
    return normalize_lang(source), normalize_lang(target)


_HINT = "name it <name>.<src>-<tgt>.tsv, start it with a line such as 'en<TAB>az', or pass --from and --to"


def sniff(head: bytes) -> bool:
    """False: tab-separated text has no signature, only its extension tells it."""
    return False


#: The longest line ``read`` takes: a unit of two sentences is far shorter; reading a longer
#: line whole (a 1 GB file with no line break) would only exhaust memory.
MAX_LINE = 1 << 20


def read(path: str | Path, *, source_lang: str | None = None, target_lang: str | None = None) -> Iterator[Unit]:
    """Stream a tab-separated memory as units: ``source<TAB>target`` per line, blank lines skipped.

    A first line of two language tags (``en<TAB>az``) names the languages; otherwise give them or
    name the file ``<name>.<src>-<tgt>.tsv``. Raises ParseError naming the line of a line without
    a tab.
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
                    langs = header or pair_langs(path, source_lang, target_lang, "memory", _HINT)
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


def _lines(units: Iterable[Unit]) -> Iterator[str]:
    for unit in units:
        for target in unit.targets.values():
            yield f"{cell(unit.source.text)}\t{cell(target.text)}\n"


def dumps(units: Iterable[Unit]) -> str:
    """The text ``write`` writes for ``units``."""
    return "".join(_lines(units))


def write(units: Iterable[Unit], path: str | Path) -> bool:
    """Write ``units`` as a tab-separated memory, atomically and streaming: ``source<TAB>target``
    for each unit and each of its targets, UTF-8, no header line. False when the file already
    held these bytes."""
    with open_atomic(path) as out:
        for line in _lines(units):
            out.write(line.encode())
    return bool(out.changed)


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
