"""How fast `tm qa` checks a memory: run every check (glossary included) on N units.

Run: python benchmarks/qa_speed.py [N]  (default 10000). The units are the az test document's
sentences, each copy made unique by a number in brackets on both sides, one number in the target
changed now and then so that the numbers check reports something.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from tm import formats
from tm.glossary import read_glossary
from tm.model import Unit, Variant
from tm.qa import QaContext, run_checks

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "qa"


def main(count: int) -> None:
    base = list(formats.read(DATA / "article_az.po"))
    units = []
    for n in range(count):
        unit = base[n % len(base)]
        target = unit.targets["az"].text.replace("613", str(600 + n % 50)) + f" ({n})"
        source = Variant.of("en", f"{unit.source.text} ({n})")
        units.append(Unit(f"{unit.id}-{n}", source, {"az": Variant.of("az", target)}))
    glossary = read_glossary(DATA / "glossary.tbx")
    started = time.perf_counter()
    issues = run_checks(units, "az", QaContext(source_lang="en", glossary=glossary))
    elapsed = time.perf_counter() - started
    print(f"{count} units, {len(issues)} issues, {elapsed:.2f} s, {count / elapsed:.0f} units/s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10000)
