"""The format registry: one module per format, found by file extension or by sniffing.

Every format module exposes ``NAME``, ``EXTENSIONS``, ``read(path, **options) -> Iterator[Unit]``,
``write(units, path, **options)``, optionally ``sniff(head: bytes) -> bool`` and, for a format
whose file names its target language (PO, XLIFF), ``target_lang(path) -> str | None``. Adding a
format is one module plus one line in ``FORMATS``.

The glossary formats (tbx, tsv, csv) expose ``read_glossary(path)`` / ``write_glossary(glossary,
path)`` instead and are registered in tm.glossary.io, since a glossary is not a list of units.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

from tm.errors import TmError
from tm.formats import po, tmx, xliff, xliff2
from tm.model import Unit

__all__ = ["FORMATS", "format_for", "read", "write"]

#: Format name -> module. Keep it one line per format.
FORMATS: dict[str, ModuleType] = {
    tmx.NAME: tmx,
    po.NAME: po,
    xliff.NAME: xliff,
    xliff2.NAME: xliff2,
}

_SNIFF_BYTES = 4096


def format_for(path: str | Path, name: str | None = None) -> ModuleType:
    """Return the module for ``path``: by ``name`` if given, else by extension, else by sniffing.

    Where formats share an extension (``.xlf``: XLIFF 1.2 and 2), the one whose ``sniff`` accepts
    the file's start wins, else the first registered. Raises TmError when no format fits.
    """
    if name is not None:
        try:
            return FORMATS[name]
        except KeyError:
            raise TmError(f"unknown format {name!r}", hint=f"known formats: {', '.join(FORMATS)}") from None
    suffix = Path(path).suffix.lower()
    by_extension = [module for module in FORMATS.values() if suffix in module.EXTENSIONS]
    if len(by_extension) == 1:
        return by_extension[0]
    try:
        with open(path, "rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except OSError:
        head = b""
    for module in by_extension or FORMATS.values():
        sniff = getattr(module, "sniff", None)
        if sniff is not None and sniff(head):
            return module
    if by_extension:
        return by_extension[0]
    raise TmError(
        f"cannot tell the format of {Path(path).name!r}",
        path=path,
        hint=f"use one of the extensions {', '.join(dict.fromkeys(e for m in FORMATS.values() for e in m.EXTENSIONS))}",
    )


def read(path: str | Path, *, format: str | None = None, **options: Any) -> Iterator[Unit]:
    """Stream the units of ``path`` with the reader its format (extension or content) calls for."""
    return format_for(path, format).read(path, **options)


def write(units: Iterable[Unit], path: str | Path, *, format: str | None = None, **options: Any) -> Any:
    """Write ``units`` to ``path`` in the format its extension (or ``format``) names."""
    if format is None and not any(Path(path).suffix.lower() in m.EXTENSIONS for m in FORMATS.values()):
        raise TmError(f"cannot tell the format to write from {Path(path).name!r}", path=path,
                      hint="give the file a known extension or pass format=")  # fmt: skip
    return format_for(path, format).write(units, path, **options)
