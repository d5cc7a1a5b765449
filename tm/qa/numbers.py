"""Numbers by value: every number of the source appears in the target, and no other."""

from __future__ import annotations

from collections.abc import Iterator

from tm.model import Unit
from tm.numbers import compare_numbers, format_value
from tm.qa import Finding, QaContext, check, texts


@check("numbers", severity="error")
def numbers(unit: Unit, lang: str, ctx: QaContext) -> Iterator[Finding]:
    """A number missing, added or changed, read by value: “613” translated as “631” (1,275 = 1 275 = 1.275 az)."""
    pair = texts(unit, lang, ctx)
    if pair is None:
        return
    diff = compare_numbers(pair[0], pair[1], ctx.source_lang, lang)
    for source, target in diff.changed:
        yield Finding(
            f"number “{target.surface}” ({format_value(target.value)}) where the source has "
            f"“{source.surface}” ({format_value(source.value)})",
            target.start,
            target.end,
        )
    for source in diff.missing:
        yield Finding(f"number “{source.surface}” of the source is missing (expected {format_value(source.value)})")
    for target in diff.extra:
        yield Finding(
            f"number “{target.surface}” ({format_value(target.value)}) is not in the source",
            target.start,
            target.end,
        )
