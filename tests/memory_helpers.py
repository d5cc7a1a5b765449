"""Helpers for the memory tests: units built in code, TMX files written by tm's own writer."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from tm.formats import tmx
from tm.model import Unit, Variant

DAY = datetime(2024, 1, 1, 12, 0, tzinfo=UTC)


def unit(uid: str, en: str, az: str | None = None, ru: str | None = None, **fields) -> Unit:
    targets = {}
    if az is not None:
        targets["az"] = Variant.of("az", az, created=DAY)
    if ru is not None:
        targets["ru"] = Variant.of("ru", ru, created=DAY)
    return Unit(id=uid, source=Variant.of("en", en, created=DAY), targets=targets, **fields)


def sentences(count: int) -> list[Unit]:
    """``count`` distinct units: en source, az and ru targets."""
    return [
        unit(f"s{n}", f"Sentence number {n} speaks of item {n * 7}.", f"{n} nömrəli cümlə.", f"Предложение {n}.")
        for n in range(count)
    ]


def write_tmx(path: Path, units: list[Unit]) -> Path:
    tmx.write(units, path, srclang="en")
    return path
