"""Stale targets: the source changed after the translation was made."""

from __future__ import annotations

from collections.abc import Iterator

from tm.model import TargetState, Unit
from tm.qa import Finding, QaContext, check, quote


@check("stale", severity="warning")
def stale(unit: Unit, lang: str, ctx: QaContext) -> Iterator[Finding]:
    """A target made from an older source (PO #| msgid): translated “613 people” but the source now says “614”."""
    target = unit.target(lang)
    if target is None or not target.text.strip() or unit.state(lang) is not TargetState.STALE:
        return
    yield Finding(
        f"translated from an older source {quote(target.source_text or '')}; "
        f"the source is now {quote(unit.source.text)}"
    )
