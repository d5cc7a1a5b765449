"""`tm status`: translation progress per document and language."""

from __future__ import annotations

from rich.table import Table

from tm.cli._output import FormatOpt, OutputFormat, RootOpt, out, print_json
from tm.project import status


def status_command(root: RootOpt = None, format: FormatOpt = OutputFormat.text) -> None:
    """Show units, words, translated, fuzzy/stale and untranslated per document and language.

    Example:

        tm status

        tm status --format json
    """
    rows = status(root)
    if format is OutputFormat.json:
        print_json([row.to_dict() for row in rows])
        return
    table = Table("document", "lang", "units", "words", "translated", "reviewed", "fuzzy", "stale", "untranslated", "%")
    for row in rows:
        table.add_row(
            row.document,
            row.lang,
            *(
                str(n)
                for n in (row.units, row.words, row.translated, row.reviewed, row.fuzzy, row.stale, row.untranslated)
            ),
            f"{row.percent:.0f}",
        )
    out.print(table)
