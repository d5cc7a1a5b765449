"""Glossaries of proper names: the model, inflection-aware term recognition, PO hints, file I/O.

- tm.glossary.model: Entry, Term, TermStatus, Glossary (lookup, add, remove, ``check()``);
- tm.glossary.recognize: ``find_terms(text, lang, glossary) -> list[Hit]``;
- tm.lang.<code>.terms: the surface forms a term takes in each language (``Language.term_forms``);
- tm.glossary.hints: ``hints(text, source_lang, target_lang, glossary)`` for PO comments;
- tm.glossary.io: ``read_glossary(path)`` / ``write_glossary(glossary, path, format=...)`` over
  the formats in tm.glossary.formats (TBX v2 and v3, OmegaT's tab-separated text, CSV).
"""

from tm.glossary.hints import hint_line, hints
from tm.glossary.io import (
    FORMATS,
    default_glossary_path,
    edit_glossary,
    export_views,
    load_glossary,
    project_glossary_path,
    read_glossary,
    save_glossary,
    write_glossary,
)
from tm.glossary.model import (
    CASE_SENSITIVE_TYPES,
    ENTRY_TYPES,
    Entry,
    Glossary,
    GlossaryIssue,
    Term,
    TermStatus,
    make_id,
)
from tm.glossary.recognize import Hit, build_index, find_terms, tokenize

__all__ = [
    "CASE_SENSITIVE_TYPES",
    "ENTRY_TYPES",
    "FORMATS",
    "Entry",
    "Glossary",
    "GlossaryIssue",
    "Hit",
    "Term",
    "TermStatus",
    "build_index",
    "default_glossary_path",
    "edit_glossary",
    "project_glossary_path",
    "export_views",
    "find_terms",
    "hint_line",
    "hints",
    "load_glossary",
    "make_id",
    "read_glossary",
    "save_glossary",
    "tokenize",
    "write_glossary",
]
