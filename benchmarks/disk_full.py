"""A full disk at full size: every writing command run on a small filesystem left with each of many
amounts of room, from none to more than it needs.

    python benchmarks/disk_full.py [--steps 40]

The same checks as the suite's bounded run (tests/test_disk_full.py, two amounts of room a
command): each run either completes (exit 0) or is refused with one ``tm: error:`` line (exit 2,
no traceback; the messages are counted and printed), every file stays as it was, no temporary file is left, the memory passes
``PRAGMA integrity_check``; once there is room the same command completes. Needs to mount a tmpfs
(root); prints per command the refusals by message, the runs completed and the wall time.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.test_disk_full import DOC, REPO, fill, project_on, snapshot, tm  # noqa: E402

#: name -> (arguments, the most room (bytes) the sweep leaves)
COMMANDS = {
    "build": (("build",), 400_000),
    "glossary export": (("glossary", "export", "out.tbx", "--to", "tbx3"), 120_000),
    "render": (("render", DOC, "--lang", "az", "-o", "az.txt"), 40_000),
    "memory import": (("import", str(REPO / "segments" / DOC / f"{DOC}.tmx"), "--memory", "memory.db"), 1_000_000),
}


def sweep(disk: Path, args: tuple[str, ...], most: int, steps: int) -> tuple[Counter[str], int]:
    """Run ``args`` with ``steps`` amounts of room up to ``most``; (the refusals' messages, the runs
    completed)."""
    messages: Counter[str] = Counter()
    completed = 0
    for step in range(steps):
        project = project_on(disk)
        for name in ("ru.po", f"{DOC}.tmx"):  # so that build has files to write
            (project / "segments" / DOC / name).unlink()
        before = snapshot(project)
        filler = fill(disk, most * step // max(1, steps - 1))
        result = tm(project, *args)
        if result.returncode == 0:
            completed += 1
        else:
            errors = [line for line in result.stderr.splitlines() if line.startswith("tm: error:")]
            assert result.returncode == 2 and "Traceback" not in result.stderr, f"{args}: {result.stderr}"
            assert len(errors) == 1, result.stderr
            messages[errors[0].split(": ")[-1]] += 1
            assert snapshot(project) == before, f"{args}: a file changed on a full disk"
            assert not list(project.rglob(".*.tmp")), f"{args}: a temporary file was left"
        filler.unlink()
        if (project / "memory.db").exists():
            db = sqlite3.connect(project / "memory.db")
            try:
                assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            finally:
                db.close()
        again = tm(project, *args)
        assert again.returncode == 0, f"{args} did not complete once there was room: {again.stderr}"
        shutil.rmtree(project)
    return messages, completed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=40)
    parser.add_argument("--only", choices=list(COMMANDS))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tm-disk-") as folder:
        disk = Path(folder) / "disk"
        disk.mkdir()
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(disk)], capture_output=True)
        if mounted.returncode != 0:
            sys.exit(f"cannot mount a small filesystem here: {mounted.stderr.decode().strip()}")
        try:
            for name, (command, most) in COMMANDS.items():
                if args.only and args.only != name:
                    continue
                started = time.perf_counter()
                messages, completed = sweep(disk, command, most, args.steps)
                said = "; ".join(f"{count}x {message!r}" for message, count in messages.most_common())
                print(f"{name:16s} {messages.total()} refused ({said}), {completed} completed (room 0-{most:,} "
                      f"bytes), every file kept, {time.perf_counter() - started:.0f} s", flush=True)  # fmt: skip
        finally:
            subprocess.run(["umount", "-l", str(disk)], check=False)


if __name__ == "__main__":
    main()
