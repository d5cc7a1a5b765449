"""Glossary hints for translators: one line per entry found in a source sentence.

``tm build`` writes them as PO extracted comments (``#. Glossary: Khojaly = Xocalı``).
"""

from __future__ import annotations

from tm.glossary.model import Entry, Glossary
from tm.glossary.recognize import find_terms


def hint_line(entry: Entry, source_lang: str, target_lang: str) -> str | None:
    """``Glossary: Khojaly = Xocalı (place; not Xocali, Hocalı)``, or None without both terms.

    The parenthesis names the entry type and the forbidden target spellings, when there are any.
    """
    source, target = entry.preferred(source_lang), entry.preferred(target_lang)
    if source is None or target is None:
        return None
    details = [entry.type] if entry.type else []
    forbidden = [t.text for t in entry.forbidden(target_lang)]
    if forbidden:
        details.append("not " + ", ".join(forbidden))
    suffix = f" ({'; '.join(details)})" if details else ""
    return f"Glossary: {source.text} = {target.text}{suffix}"


def hints(text: str, source_lang: str, target_lang: str, glossary: Glossary) -> list[str]:
    """The hint lines for one source sentence: one per entry found (each entry once, in text
    order; an ambiguous hit lists every entry it may be)."""
    lines: list[str] = []
    seen: set[str] = set()
    for hit in find_terms(text, source_lang, glossary):
        for entry_id in (hit.entry.id, *hit.alternatives):
            if entry_id in seen:
                continue
            seen.add(entry_id)
            line = hint_line(glossary.get(entry_id), source_lang, target_lang)
            if line:
                lines.append(line)
    return lines
