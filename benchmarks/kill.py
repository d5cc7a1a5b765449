"""kill -9 at seeded random moments, at full size: 200 kills per writing command by default.

    python benchmarks/kill.py [--kills 200] [--seed 1] [--only NAME]

The same harness as the suite's bounded run (tests/kill_harness.py); prints per command the kills,
the range of kill moments and the wall time. Any loss stops it with the command and the moment.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.kill_harness import COMMANDS, kill_runs  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tm-kill-") as folder:
        for name, command in COMMANDS.items():
            if args.only and args.only != name:
                continue
            if command.postgres and not os.environ.get("TM_TEST_POSTGRES"):
                print(f"{name:16s} left out: no server in $TM_TEST_POSTGRES (see .ci/postgres)", flush=True)
                continue
            started = time.perf_counter()
            moments = kill_runs(command, args.kills, args.seed, Path(folder))
            print(f"{name:16s} {len(moments)} kills at {min(moments):.2f}-{max(moments):.2f} s, "
                  f"all recovered, {time.perf_counter() - started:.0f} s", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
