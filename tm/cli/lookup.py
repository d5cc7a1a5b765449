"""`tm lookup`: the best memory matches for a sentence."""

from __future__ import annotations

from typing import Annotated

import typer

from tm.cli._output import (
    FormatOpt,
    FromOpt,
    MemoryOpt,
    MemoryReadOpt,
    OutputFormat,
    ServerOpt,
    TokenOpt,
    ToOpt,
    out,
    print_json,
    print_table,
)
from tm.match import lookup
from tm.memory import open_memory
from tm.server.client import RemoteMemory


def lookup_command(
    sentence: Annotated[str, typer.Argument(help="The sentence to look up.")],
    src: FromOpt = "en",
    tgt: ToOpt = "az",
    n: Annotated[int, typer.Option("-n", min=1, help="How many matches.")] = 5,
    min_score: Annotated[int, typer.Option("--min", help="Lowest score shown (0-100).")] = 50,
    memory: MemoryOpt = None,
    memory_read: MemoryReadOpt = None,
    server: ServerOpt = None,
    token: TokenOpt = None,
    format: FormatOpt = OutputFormat.text,
) -> None:
    """Show the best matches for a sentence, with score, band, differences and explanation.

    Example:

        tm lookup "The attack killed 613 people." --from en --to az -n 3 --min 70

        tm lookup "The attack killed 613 people." --server http://127.0.0.1:8765
    """
    if server:
        report = RemoteMemory(server, token).lookup(sentence, src, tgt, n=n, min_score=min_score)
    else:
        with open_memory(memory, create=False, read_from=memory_read) as store:
            matches = lookup(store, sentence, src, tgt, n=n, min_score=min_score)
        report = {"query": sentence, "matches": [m.to_dict() for m in matches]}
    if format is OutputFormat.json:
        print_json(report)
        return
    if not report["matches"]:
        out.print(f"no match scoring {min_score} or more", markup=False)
        return
    rows = ([m["score"], m["diff"], m["target"], m["explanation"]["text"]] for m in report["matches"])
    print_table(["score", "source (memory -> query)", "target", "why"], rows)
