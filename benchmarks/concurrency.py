"""tm commands at the same moment, at full size: the suite's concurrency scenarios, many rounds.

    python benchmarks/concurrency.py [--rounds 50] [--units 200000] [--only NAME]

The same harness as the suite's bounded run (tests/concurrency_harness.py): two builds at once,
a translate session saving while builds run, two glossary adds at once, an import into the memory
while exports and lookups run (with library lookups timed before and during it), a writer
refused with --no-wait and one that waits, the lock of a killed build. Prints each scenario's
figures as one JSON line; any loss stops it with what was lost.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.concurrency_harness import SCENARIOS  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=50, help="rounds of builds and glossary adds; saves = 4x")
    parser.add_argument("--units", type=int, default=200_000, help="units imported while exports and lookups run")
    parser.add_argument("--only", choices=list(SCENARIOS))
    args = parser.parse_args()
    sizes = {
        "two builds": {"rounds": args.rounds},
        "saves during builds": {"saves": 4 * args.rounds},
        "glossary adds": {"rounds": args.rounds},
        "memory during import": {"units": args.units, "probe": True},
        "refusal and waiting": {},
        "killed holder": {},
    }
    with tempfile.TemporaryDirectory(prefix="tm-concurrency-") as folder:
        for name, scenario in SCENARIOS.items():
            if args.only and args.only != name:
                continue
            started = time.perf_counter()
            figures = scenario(Path(folder), **sizes[name])
            figures["wall seconds"] = round(time.perf_counter() - started)
            print(json.dumps({"scenario": name, **figures}, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
