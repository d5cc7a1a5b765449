"""Generated files shared by the tests and benchmarks/limits.py (the same file at any size).

Here rather than in benchmarks/: a test importing ``benchmarks`` can get another distribution's
top-level package of that name (pysbd installs one), which shadows the folder.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path


def write_chunks(path: Path, chunks: Callable[[], Iterable[str]]) -> None:
    """Write the strings ``chunks()`` yields to ``path`` (UTF-8), without holding them all."""
    with open(path, "w", encoding="utf-8") as out:
        for chunk in chunks():
            out.write(chunk)


def many_entries_po(path: Path, count: int) -> None:
    """An az PO of ``count`` translated entries, all different."""
    head = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: az\\n"\n\n'
    write_chunks(path, lambda: [head, *(f'msgid "Sentence number {i}."\nmsgstr "Cümlə nömrəsi {i}."\n\n'
                                        for i in range(count))])  # fmt: skip
