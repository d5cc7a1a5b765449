"""Exporting the memory to a file: TMX, or a language pair as TSV, as the file's extension says."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path

from tm.errors import TmError
from tm.memory.contract import Memory
from tm.model import Origin, Unit, normalize_lang

#: Export format names and the file extensions that stand for them.
EXPORT_FORMATS = {"tmx": (".tmx",), "tsv": (".tsv", ".txt")}
#: Extensions of files the memory is not exported as (another format's): refused, never written.
_OTHER_EXTENSIONS = (".csv", ".tbx", ".po", ".pot", ".xlf", ".xliff", ".json")


def export_format(path: str | Path, format: str | None = None) -> str:
    """The format a memory export to ``path`` writes: the one its extension names (``.tmx``,
    ``.tsv``/``.txt``), which ``format`` must agree with; ``format`` (default ``tmx``) for another
    extension. An extension of a format the memory is not exported as (``.csv``) is refused."""
    suffix = Path(path).suffix.lower()
    if format is not None and format not in EXPORT_FORMATS:
        raise TmError(f"cannot export the memory as {format!r}", hint=f"use one of {', '.join(EXPORT_FORMATS)}")
    if suffix in _OTHER_EXTENSIONS:
        raise TmError(f"cannot export the memory as a {suffix} file", path=str(path),
                      hint="name the file .tmx (TMX) or .tsv (source<TAB>target)")  # fmt: skip
    by_extension = next((name for name, suffixes in EXPORT_FORMATS.items() if suffix in suffixes), None)
    if by_extension is not None and format is not None and by_extension != format:
        raise TmError(f"--format {format} does not match the file's extension {suffix}", path=str(path),
                      hint=f"name the file {EXPORT_FORMATS[format][0]}, or leave --format out")  # fmt: skip
    return by_extension or format or "tmx"


def export_memory(
    memory: Memory,
    path: str | Path,
    format: str | None = None,
    *,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    since: datetime | None = None,
    origin: Origin | None = None,
    profile: str = "generic",
) -> int:
    """Stream the memory (or the units of a language pair, changed since a date, of an origin) to ``path``.

    The format is the one the extension names, else ``format`` (``export_format``): ``tmx``
    writes TMX 1.4b (``profile`` as ``tm.formats.tmx.write``); ``tsv`` writes one line per unit
    and target, ``source<TAB>target``, for a pair (``tgt_lang`` required), tabs and line breaks in
    texts replaced by spaces. Returns the number of units written.
    """
    from tm.formats import tmx, tsv

    format = export_format(path, format)
    if format != "tmx" and tgt_lang is None:
        raise TmError(f"a {format.upper()} export holds one language pair", hint="add --to LANG (and --from LANG)")
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
    else:
        tsv.write(units, path)
    return counted
