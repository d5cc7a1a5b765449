"""The unit format registry: one module per format behind one protocol, found by name, extension or content.

Every format module (tmx, po, xliff, xliff2, tsv) honours ``Format``:

- ``NAME`` and ``EXTENSIONS`` as plain data;
- ``sniff(head: bytes) -> bool``: the file's first bytes look like this format (a format without
  a signature, such as tab-separated text, says False);
- ``read(path, *, source_lang=None, target_lang=None) -> Iterator[Unit]`` streams the units; the
  two languages are what the file does not say itself (a TMX with ``srclang="*all*"``, a PO
  without a ``Language`` header, a TSV without a header line) and are not used where it does;
- ``dumps(units) -> str`` and ``write(units, path) -> bool`` give the same text for the same
  units, the languages taken from the units; ``write`` is atomic and says whether the file
  changed. A format may take keyword options of its own (``profile`` for TMX, ``lang`` for PO ...)
  but needs none.

Optional parts, one function each, looked up by the registry alone:

- ``read_rows(path, *, source_lang=None, target_lang=None) -> Iterator[Unit | PlainUnit]``: the
  memory's import reads through it where a format has a cheaper form for plain units (TMX's
  ``PlainUnit``); ``read_rows`` below falls back to ``read``;
- ``target_lang(path) -> str | None``: the target language a bilingual file declares (PO, XLIFF).

**Adding a format is one module plus one line in ``MODULES``**: every caller (``tm import``, the
memory, QA, the server) finds it by name or extension through ``format_for``. Converting is
``read`` then ``write``, never a module per pair. tests/formats/test_contract.py holds every
registered format to the protocol; tests/formats/test_toy_format.py is a format registered from a
test file alone.

The glossary formats (TBX, CSV, OmegaT's tab-separated text) are tm.glossary.formats: a glossary
is not a list of units.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from tm.errors import TmError
from tm.formats.tmx import PlainUnit
from tm.model import Unit

__all__ = ["FORMATS", "Format", "PlainUnit", "RowReader", "format_for", "read", "read_rows", "write"]


@runtime_checkable
class Format(Protocol):
    """What every unit format module provides (see the module docstring)."""

    @property
    def NAME(self) -> str:
        """The format's name, as ``--format`` takes it."""

    @property
    def EXTENSIONS(self) -> tuple[str, ...]:
        """The file extensions, lower case with the dot, that say a file is in this format."""

    def sniff(self, head: bytes) -> bool:
        """True when ``head``, the first bytes of a file, look like this format."""

    def read(
        self, path: str | Path, *, source_lang: str | None = None, target_lang: str | None = None
    ) -> Iterator[Unit]:
        """Stream the units of ``path``; raise ParseError naming the file and line."""

    def dumps(self, units: Iterable[Unit]) -> str:
        """The file text for ``units``: the same units give the same text."""

    def write(self, units: Iterable[Unit], path: str | Path) -> bool:
        """Write ``units`` atomically; False when the file already held these bytes."""


@runtime_checkable
class RowReader(Protocol):
    """The optional fast reader of a format, for the memory's import."""

    def read_rows(
        self, path: str | Path, *, source_lang: str | None = None, target_lang: str | None = None
    ) -> Iterator[Unit | PlainUnit]:
        """The units of ``read``, plain ones as ``PlainUnit`` (``unit()`` gives the Unit)."""


#: The format modules, in the order an extension shared by several is tried. One line per format.
MODULES = (
    "tm.formats.tmx",
    "tm.formats.po",
    "tm.formats.xliff",
    "tm.formats.xliff2",
    "tm.formats.tsv",
)

#: Format name -> module (the modules of ``MODULES``), imported when first asked for: a process
#: that only reads TMX (the readers of a memory import) does not import polib and the others.
FORMATS: dict[str, Format]


def __getattr__(name: str) -> Any:
    if name == "FORMATS":
        return _registry()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _registry() -> dict[str, Format]:
    """``FORMATS``, its modules imported the first time."""
    global FORMATS
    try:
        return FORMATS
    except NameError:
        modules = [importlib.import_module(name) for name in MODULES]
        FORMATS = {module.NAME: module for module in modules}
        return FORMATS


_SNIFF_BYTES = 4096


def format_for(path: str | Path, name: str | None = None) -> Format:
    """Return the format for ``path``: by ``name`` if given, else by extension, else by sniffing.

    Where formats share an extension (``.xlf``: XLIFF 1.2 and 2), the one whose ``sniff`` accepts
    the file's start wins, else the first registered. Raises TmError when no format fits.
    """
    if name is not None:
        try:
            return _registry()[name]
        except KeyError:
            raise TmError(f"unknown format {name!r}", hint=f"known formats: {', '.join(_registry())}") from None
    suffix = Path(path).suffix.lower()
    by_extension = [fmt for fmt in _registry().values() if suffix in fmt.EXTENSIONS]
    if len(by_extension) == 1:
        return by_extension[0]
    try:
        with open(path, "rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except OSError:
        head = b""
    for fmt in by_extension or _registry().values():
        if fmt.sniff(head):
            return fmt
    if by_extension:
        return by_extension[0]
    raise TmError(
        f"cannot tell the format of {Path(path).name!r}",
        path=path,
        hint=f"use one of the extensions {', '.join(dict.fromkeys(e for f in _registry().values() for e in f.EXTENSIONS))}",
    )


def read(
    path: str | Path, *, format: str | None = None, source_lang: str | None = None, target_lang: str | None = None
) -> Iterator[Unit]:
    """Stream the units of ``path`` with the reader its format (``format``, else extension or
    content) calls for; ``source_lang``/``target_lang`` as ``Format.read``."""
    return format_for(path, format).read(path, source_lang=source_lang, target_lang=target_lang)


def read_rows(
    path: str | Path, *, format: str | None = None, source_lang: str | None = None, target_lang: str | None = None
) -> Iterator[Unit | PlainUnit]:
    """As ``read``, through the format's ``read_rows`` where it has one (``RowReader``)."""
    fmt = format_for(path, format)
    if isinstance(fmt, RowReader):
        return fmt.read_rows(path, source_lang=source_lang, target_lang=target_lang)
    return fmt.read(path, source_lang=source_lang, target_lang=target_lang)


def write(units: Iterable[Unit], path: str | Path, *, format: str | None = None, **options: Any) -> bool:
    """Write ``units`` to ``path`` in the format its extension (or ``format``) names; ``options``
    are the format's own (``srclang``, ``profile`` for TMX ...)."""
    if format is None and not any(Path(path).suffix.lower() in f.EXTENSIONS for f in _registry().values()):
        raise TmError(f"cannot tell the format to write from {Path(path).name!r}", path=path,
                      hint="give the file a known extension or pass format=")  # fmt: skip
    result: bool = format_for(path, format).write(units, path, **options)
    return result
