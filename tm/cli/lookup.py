"""`tm lookup`: the best memory matches for a sentence."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from tm.cli._output import FormatOpt, FromOpt, MemoryOpt, MemoryReadOpt, OutputFormat, ToOpt, out, print_json
from tm.match import lookup
from tm.memory import open_memory


def lookup_command(
    sentence: Annotated[str, typer.Argument(help="The sentence to look up.")],
    src: FromOpt = "en",
    tgt: ToOpt = "az",
    n: Annotated[int, typer.Option("-n", min=1, help="How many matches.")] = 5,
    min_score: Annotated[int, typer.Option("--min", help="Lowest score shown (0-100).")] = 50,
    memory: MemoryOpt = None,
    memory_read: MemoryReadOpt = None,
    format: FormatOpt = OutputFormat.text,
) -> None:
    """Show the best matches for a sentence, with score, band, differences and explanation.

    Example:

        tm lookup "The attack killed 613 people." --from en --to az -n 3 --min 70
    """
    with open_memory(memory, create=False, read_from=memory_read) as store:
        matches = lookup(store, sentence, src, tgt, n=n, min_score=min_score)
    if format is OutputFormat.json:
        print_json({"query": sentence, "matches": [m.to_dict() for m in matches]})
        return
    if not matches:
        out.print(f"no match scoring {min_score} or more", markup=False)
        return
    table = Table("score", "source (memory -> query)", "target", "why")
    for match in matches:
        table.add_row(str(match.score), match.marked_diff(), match.target, match.explanation())
    out.print(table)
