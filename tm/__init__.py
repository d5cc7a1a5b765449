"""tm: a multilingual translation memory toolkit (segmentation, PO/TMX, glossary, QA, memory).

The public API, importable from ``tm`` directly::

    tm.split_sentences(text, "az")            # segmentation (tm.segment)
    units = list(tm.read("old.tmx"))          # any registered format (tm.formats)
    tm.write(units, "out.po", lang="az")
    tm.find_terms(text, "ru", tm.read_glossary("glossaries/article-2023-02-23.tbx"))
    tm.run_checks(units, "az", ctx)           # QA (tm.qa)
    tm.Memory(".tm/memory.db").import_file("old.tmx"); tm.lookup(...)   # the memory
    tm.align.align(source_text, target_text, "en", "az")   # modules: tm.align, tm.analyze ...
    tm.build("segments")                      # the document workflow (tm.project)

The heavier parts are imported on first use, so ``import tm`` stays cheap.
"""

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from typing import Any

try:
    __version__ = version("tm")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"

from tm.errors import ParseError, TmError, UnsafeXMLError
from tm.model import Context, Origin, Status, Tag, Unit, Variant, normalize_lang
from tm.segment import Paragraph, Sentence, segment, split_sentences

#: Names served lazily: name -> module that defines it.
_LAZY = {
    "read": "tm.formats",
    "write": "tm.formats",
    "Glossary": "tm.glossary.model",
    "find_terms": "tm.glossary.recognize",
    "read_glossary": "tm.glossary.io",
    "write_glossary": "tm.glossary.io",
    "run_checks": "tm.qa",
    "Memory": "tm.memory",
    "open_memory": "tm.memory",
    "lookup": "tm.match",
    "score_files": "tm.score",
    "build": "tm.project",
    "render": "tm.project",
    "status": "tm.project",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'tm' has no attribute {name!r}")


__all__ = [
    "Context",
    "Origin",
    "Paragraph",
    "ParseError",
    "Sentence",
    "Status",
    "Tag",
    "TmError",
    "Unit",
    "UnsafeXMLError",
    "Variant",
    "__version__",
    "normalize_lang",
    "segment",
    "split_sentences",
    *_LAZY,
]
