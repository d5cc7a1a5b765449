"""The format registry: every module here exposes NAME, EXTENSIONS, read(path) and write(units, path, ...)."""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

from tm.errors import TmError

#: Format name -> module path; a new format is one module plus one line here.
FORMATS = {
    "po": "tm.formats.po",
    "xliff": "tm.formats.xliff",
}


def module(name: str) -> ModuleType:
    """Return the module of format ``name`` (``po``, ``xliff`` ...)."""
    if name not in FORMATS:
        raise TmError(f"unknown format {name!r}", hint="known formats: " + ", ".join(sorted(FORMATS)))
    return importlib.import_module(FORMATS[name])


def for_path(path: str | Path) -> ModuleType:
    """Return the format module that handles ``path`` by its extension."""
    suffix = Path(path).suffix.lower()
    for name in FORMATS:
        mod = module(name)
        if suffix in mod.EXTENSIONS:
            return mod
    raise TmError(f"no format reads {suffix or 'files without extension'!r}", path=path)
