"""How fast `tm` starts, as ratios against `python -c "import typer"` measured in the same run.

    python benchmarks/startup.py [--runs 10]

Runs each command ``--runs`` times (interleaved, so a slow spell of the machine hits all of
them alike), takes the median wall time and divides it by the median of ``import typer``.
Targets: ``tm --version`` <= 2x, ``tm --help`` <= 2.5x, ``tm segment`` of the article <= 3x.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ARTICLE = REPO / "segments" / "article-2023-02-23" / "en.txt"
TM = Path(sys.executable).with_name("tm")

#: Label -> (command, target ratio or None for the baseline).
COMMANDS: dict[str, tuple[list[str], float | None]] = {
    "python -c 'import typer'": ([sys.executable, "-c", "import typer"], None),
    "tm --version": ([str(TM), "--version"], 2.0),
    "tm --help": ([str(TM), "--help"], 2.5),
    "tm segment <article>": ([str(TM), "segment", str(ARTICLE), "--lang", "en"], 3.0),
}


def wall_time(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=REPO)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    for command, _ in COMMANDS.values():  # warm the file cache
        wall_time(command)
    times: dict[str, list[float]] = {label: [] for label in COMMANDS}
    for _ in range(args.runs):
        for label, (command, _) in COMMANDS.items():
            times[label].append(wall_time(command))
    baseline = statistics.median(times["python -c 'import typer'"])
    print(f"{'command':<28} {'median':>8} {'ratio':>6} {'target':>7}")
    for label, (_, target) in COMMANDS.items():
        median = statistics.median(times[label])
        ratio = median / baseline
        verdict = "" if target is None else f"<= {target:.1f}  " + ("ok" if ratio <= target else "MISSED")
        print(f"{label:<28} {median * 1000:6.0f} ms {ratio:5.2f}x  {verdict}")


if __name__ == "__main__":
    main()
