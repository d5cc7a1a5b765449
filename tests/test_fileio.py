"""Atomic writes: a writer killed mid-write leaves a hidden copy that the next write removes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tm.fileio import open_atomic, write_atomic

KILLED = """
import os, signal, sys
from tm.fileio import open_atomic
with open_atomic(sys.argv[1]) as handle:
    handle.write(b"half of the new")
    os.kill(os.getpid(), signal.SIGKILL)
"""


@pytest.mark.parametrize("same", [False, True])
def test_the_copy_a_killed_writer_left_is_removed_by_the_next_write(tmp_path: Path, same: bool) -> None:
    target = tmp_path / "az.po"
    target.write_bytes(b"old")
    subprocess.run([sys.executable, "-c", KILLED, str(target)])
    orphans = list(tmp_path.glob(".az.po.*.tmp"))
    assert target.read_bytes() == b"old" and len(orphans) == 1  # the old version, and the orphan
    write_atomic(target, b"old" if same else b"new")
    assert not list(tmp_path.glob(".az.po.*.tmp"))
    assert target.read_bytes() == (b"old" if same else b"new")


def test_a_copy_this_process_is_still_writing_is_left_alone(tmp_path: Path) -> None:
    target = tmp_path / "az.po"
    with open_atomic(target) as handle:  # this process is still writing it
        handle.write(b"new")
        write_atomic(tmp_path / "az.po", b"other")
        assert handle.tmp.exists()
