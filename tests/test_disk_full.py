"""A full disk: the command says so in one line (exit 2), every file stays as it was, the memory's
transaction is rolled back, and once there is room the same command completes.

The project lives on a small tmpfs filled up to a few bytes; tests skip (with the reason) where
no filesystem can be mounted.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DOC = "article-2023-02-23"


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)], capture_output=True, text=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small filesystem here: {done.stderr.strip() or done.returncode}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def project_on(disk: Path) -> Path:
    project = disk / "project"
    (project / "segments").mkdir(parents=True)
    shutil.copytree(REPO / "segments" / DOC, project / "segments" / DOC)
    shutil.copytree(REPO / "glossaries", project / "glossaries")
    if (REPO / "tm.toml").is_file():
        shutil.copy(REPO / "tm.toml", project / "tm.toml")
    return project


def fill(disk: Path, room: int) -> Path:
    """Fill ``disk`` but for ``room`` bytes."""
    filler = disk / f"filler-{uuid.uuid4().hex}"
    free = shutil.disk_usage(disk).free
    with open(filler, "wb") as out:
        out.truncate(0)
        out.write(b"\0" * max(0, free - room))
    return filler


def snapshot(project: Path) -> dict[str, bytes]:
    """Every file of the project but the memory and the project lock (``.tm/lock``)."""
    return {str(p.relative_to(project)): p.read_bytes() for p in sorted(project.rglob("*")) if p.is_file()
            and not p.name.endswith((".db", ".db-wal", ".db-shm")) and p.parent.name != ".tm"}  # fmt: skip


def tm(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tm", *args], cwd=project, capture_output=True, text=True)


def assert_refused(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    errors = [line for line in result.stderr.splitlines() if line.startswith("tm: error:")]
    assert len(errors) == 1 and "No space left" in errors[0], result.stderr


@pytest.mark.parametrize(
    "args",
    [("build",), ("glossary", "export", "out.tbx", "--to", "tbx3"), ("render", DOC, "--lang", "az", "-o", "az.txt")],
    ids=["build", "glossary export", "render"],
)
@pytest.mark.parametrize("room", [0, 6000])
def test_a_full_disk_leaves_every_file_as_it_was(small_disk: Path, args: tuple[str, ...], room: int) -> None:
    project = project_on(small_disk)
    for name in ("ru.po", f"{DOC}.tmx"):  # so that build has files to write
        (project / "segments" / DOC / name).unlink()
    before = snapshot(project)
    filler = fill(small_disk, room)
    assert_refused(tm(project, *args))
    assert snapshot(project) == before
    assert not list(project.rglob(".*.tmp"))
    filler.unlink()
    assert tm(project, *args).returncode == 0


def test_a_full_disk_rolls_the_memory_import_back(small_disk: Path, tmp_path: Path) -> None:
    project = project_on(small_disk)
    big = tmp_path / "big.tmx"  # on the roomy disk: only the memory is on the small one
    from tm.formats import tmx
    from tm.model import Unit, Variant

    tmx.write([Unit(f"u{i}", Variant.of("en", f"Sentence {i} of a memory that will not fit on the disk."),
                    {"az": Variant.of("az", f"Diskə sığmayacaq yaddaşın {i} nömrəli cümləsi.")})
               for i in range(4000)], big, srclang="en")  # fmt: skip
    small = tm(project, "import", str(REPO / "segments" / DOC / f"{DOC}.tmx"), "--memory", "memory.db")
    assert small.returncode == 0, small.stderr
    filler = fill(small_disk, 64 << 10)
    result = tm(project, "import", str(big), "--memory", "memory.db")
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    filler.unlink()
    db = sqlite3.connect(project / "memory.db")
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        db.close()
    again = tm(project, "import", str(big), "--memory", "memory.db")
    assert again.returncode == 0, again.stderr
