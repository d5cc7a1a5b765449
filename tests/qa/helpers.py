"""Helpers for the QA tests: make a unit of a source and a target, run one check on it."""

from __future__ import annotations

from tm.model import Status, Unit, Variant
from tm.qa import QaContext, run_checks


def unit(source: str, target: str | None, lang: str = "az", uid: str = "u1", **target_fields) -> Unit:
    targets = {} if target is None else {lang: Variant.of(lang, target, **target_fields)}
    return Unit(uid, Variant.of("en", source), targets)


def issues(check: str, source: str, target: str | None, lang: str = "az", ctx: QaContext | None = None, **fields):
    """Run only ``check`` on one unit; return its issues."""
    return run_checks([unit(source, target, lang, **fields)], lang, ctx, only=[check])


__all__ = ["Status", "issues", "unit"]
