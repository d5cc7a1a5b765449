"""tm: a multilingual translation memory toolkit (segmentation, PO/TMX, glossary, QA, memory).

The public API, importable from ``tm`` directly::

    tm.split_sentences(text, "az")            # segmentation (tm.segment)
    units = list(tm.read("old.tmx"))          # any registered format (tm.formats)
    tm.write(units, "out.po", lang="az")
    tm.find_terms(text, "ru", tm.read_glossary("glossaries/article-2023-02-23.tbx"))
    tm.run_checks(units, "az", ctx)           # QA (tm.qa)
    tm.open_memory(".tm/memory.db").import_file("old.tmx"); tm.lookup(...)   # the memory
    tm.align.align(source_text, target_text, "en", "az")   # modules: tm.align, tm.analyze ...
    tm.build("segments")                      # the document workflow (tm.builder, tm.reports)

The heavier parts are imported on first use, so ``import tm`` stays cheap.
"""

from importlib import import_module
from typing import Any

from tm.errors import ParseError, TmError, UnsafeXMLError

#: The package version (pyproject.toml reads it from here).
__version__ = "0.1.0"

#: Names served lazily: name -> module that defines it.
_LAZY = {
    "Context": "tm.model",
    "Origin": "tm.model",
    "Status": "tm.model",
    "TargetState": "tm.model",
    "Tag": "tm.model",
    "Unit": "tm.model",
    "Variant": "tm.model",
    "normalize_lang": "tm.model",
    "Paragraph": "tm.segment",
    "Sentence": "tm.segment",
    "split_sentences": "tm.segment",
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
    "build": "tm.builder",
    "render_document": "tm.reports",
    "status": "tm.reports",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'tm' has no attribute {name!r}")


__all__ = ["ParseError", "TmError", "UnsafeXMLError", "__version__", *_LAZY]
