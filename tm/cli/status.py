"""`tm status`: translation progress per document and language."""

from __future__ import annotations

from tm.cli._output import FormatOpt, OutputFormat, RootOpt, bar, out, print_json, print_table, warn_strays
from tm.reports import LanguageStatus, status

#: The parts of a status bar: (label, LanguageStatus -> count, style).
PARTS = (
    ("reviewed", lambda r: r.reviewed, "bold green"),
    ("translated", lambda r: r.translated - r.reviewed, "green"),
    ("fuzzy", lambda r: r.fuzzy - r.stale, "yellow"),
    ("stale", lambda r: r.stale, "magenta"),
    ("untranslated", lambda r: r.untranslated, "red"),
)
COLUMNS = ("document", "lang", "units", "words", "translated", "reviewed", "fuzzy", "stale", "untranslated", "%")


def status_command(root: RootOpt = None, format: FormatOpt = OutputFormat.text) -> None:
    """Show units, words, translated, fuzzy/stale and untranslated per document and language.

    On a terminal: one bar per document and language (reviewed / translated / fuzzy / stale /
    untranslated, with the counts). In a pipe: one tab-separated line per document and language.

    Example:

        tm status

        tm status --format json
    """
    warn_strays(root)
    rows = status(root)
    if format is OutputFormat.json:
        print_json([row.to_dict() for row in rows])
    elif out.is_terminal:
        _draw(rows)
    else:
        print_table(COLUMNS, (_cells(row) for row in rows))


def _cells(row: LanguageStatus) -> list[object]:
    counts = (row.units, row.words, row.translated, row.reviewed, row.fuzzy, row.stale, row.untranslated)
    return [row.document, row.lang or "-", *counts, f"{row.percent:.0f}"]


def _draw(rows: list[LanguageStatus]) -> None:
    from rich.text import Text

    name_width = max((len(row.document) + len(row.lang or "") + 1 for row in rows), default=0)
    width = max(10, min(40, out.width - name_width - 32))
    for row in rows:
        line = Text(f"{row.document} {row.lang or ''}".ljust(name_width + 1))
        if row.lang is None:
            out.print(line.append(f"{row.units} units, no target languages yet", style="dim"))
            continue
        line.append_text(bar([(count(row), style) for _, count, style in PARTS], width))
        line.append(f" {row.percent:3.0f}%").append(f"  {row.units} units, {row.words} words", style="dim")
        out.print(line)
        counts = Text(" " * (name_width + 1))
        for label, count, style in PARTS:
            counts.append(f"{count(row)} {label}  ", style=style)
        out.print(counts)
