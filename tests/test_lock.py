"""The project lock: a second writer waits or refuses; a killed holder leaves no lock behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tm.errors import TmError
from tm.lock import project_lock

HOLD = """
import sys, time
from tm.lock import project_lock
with project_lock(sys.argv[1]):
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def hold(root: Path, seconds: float) -> subprocess.Popen[str]:
    """Another process holding the lock of ``root`` for ``seconds`` (returns once it holds it)."""
    process = subprocess.Popen([sys.executable, "-c", HOLD, str(root), str(seconds)], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stdout.readline().strip() == "held"
    return process


def test_a_second_writer_told_not_to_wait_is_refused_naming_the_holder(tmp_path: Path) -> None:
    holder = hold(tmp_path, 30)
    try:
        with pytest.raises(TmError) as caught, project_lock(tmp_path, wait=False):
            pass
        assert f"pid {holder.pid}" in caught.value.message
    finally:
        holder.kill()
        holder.wait()


def test_a_second_writer_waits_and_says_so_after_a_second(tmp_path: Path) -> None:
    holder = hold(tmp_path, 1.5)
    said: list[str] = []
    with project_lock(tmp_path, notify=said.append):
        assert len(said) == 1 and f"pid {holder.pid}" in said[0]  # it waited, and said for whom
    assert holder.wait(timeout=10) == 0  # the holder finished its block undisturbed


def test_a_lock_left_by_a_killed_process_is_cleared(tmp_path: Path) -> None:
    holder = hold(tmp_path, 30)
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    started = time.monotonic()
    with project_lock(tmp_path, wait=False):
        pass
    assert time.monotonic() - started < 1


def test_the_lock_is_reentrant_in_one_process(tmp_path: Path) -> None:
    with project_lock(tmp_path), project_lock(tmp_path, wait=False):
        pass
    with project_lock(tmp_path, wait=False):  # and released after both
        pass
