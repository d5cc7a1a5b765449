"""The glossary format registry: one module per format, found by name or file extension.

Every module here exposes ``NAME``, ``EXTENSIONS``, ``read_glossary(path, *, source_lang=None,
target_lang=None) -> Glossary`` and ``write_glossary(glossary, path, *, source_lang=None,
target_lang=None) -> bool`` (see ``GlossaryFormat``); a format whose files hold every language
(TBX, CSV) takes the languages and leaves them unused, one that holds a pair (OmegaT's
tab-separated text) needs them where its file name does not say them. Adding a format is one
module plus one line in ``FORMATS``. The unit formats (TMX, PO, XLIFF ...) are tm.formats:
a glossary is not a list of units.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol, runtime_checkable

from tm.errors import TmError
from tm.glossary.formats import csv, tbx, tsv
from tm.glossary.model import Glossary

__all__ = ["FORMATS", "GlossaryFormat", "format_for"]


@runtime_checkable
class GlossaryFormat(Protocol):
    """What every glossary format module provides."""

    @property
    def NAME(self) -> str:
        """The format's name, as ``--format`` takes it."""

    @property
    def EXTENSIONS(self) -> tuple[str, ...]:
        """The file extensions, lower case with the dot, that say a file is in this format."""

    def read_glossary(
        self, path: str | Path, *, source_lang: str | None = None, target_lang: str | None = None
    ) -> Glossary:
        """Read the file; raise ParseError naming file and line."""

    def write_glossary(
        self, glossary: Glossary, path: str | Path, *, source_lang: str | None = None, target_lang: str | None = None
    ) -> bool:
        """Write ``glossary`` atomically; False when the file already held these bytes."""


#: Format name -> module, in the order an extension is looked up. Keep it one line per format.
FORMATS: dict[str, GlossaryFormat] = {
    tbx.NAME: tbx,
    tsv.NAME: tsv,
    csv.NAME: csv,
}


def format_for(path: str | Path, name: str | None = None) -> GlossaryFormat:
    """The format ``name`` names, else the first whose extensions hold ``path``'s; TmError otherwise."""
    if name is not None:
        if name not in FORMATS:
            raise TmError(f"unknown glossary format {name!r}", hint=f"use one of {', '.join(FORMATS)}")
        return FORMATS[name]
    suffix = Path(path).suffix.lower()
    for module in FORMATS.values():
        if suffix in module.EXTENSIONS:
            return module
    extensions = ", ".join(e for module in FORMATS.values() for e in module.EXTENSIONS)
    raise TmError(
        f"cannot tell the glossary format from the extension {suffix!r}",
        path=path,
        hint=f"use {extensions}, or give the format",
    )
