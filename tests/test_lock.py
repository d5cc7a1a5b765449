"""The project lock: a second writer waits or refuses; a killed holder leaves no lock behind."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from tests.conftest import ARTICLE, REPO
from tm.errors import TmError
from tm.lock import LOCK_NAME, Waiting, lock_path, project_lock, set_waiting
from tm.project import build

HOLD = """
import sys, time
from tm.lock import LOCK_NAME, Waiting, lock_path, project_lock, set_waiting
with project_lock(sys.argv[1]):
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""

TRY = """
import sys
from tm.errors import TmError
from tm.lock import project_lock
try:
    with project_lock(sys.argv[1], wait=False):
        print("held")
except TmError:
    print("refused")
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


def test_in_a_project_every_folder_shares_the_lock_at_its_root(tmp_path: Path) -> None:
    (tmp_path / "tm.toml").write_text('source_lang = "en"\n', "utf-8")
    assert lock_path(tmp_path / "segments" / "doc") == (tmp_path / LOCK_NAME, tmp_path)
    assert lock_path(tmp_path / "glossaries")[0] == tmp_path / LOCK_NAME


def test_outside_a_project_the_lock_leaves_nothing_in_the_folder(tmp_path: Path) -> None:
    folder = tmp_path / "terms"
    folder.mkdir()
    with project_lock(folder), project_lock(tmp_path / "not-yet"):
        other = subprocess.run([sys.executable, "-c", TRY, str(folder)], capture_output=True, text=True, timeout=60)
        assert other.stdout.strip() == "refused", other.stderr  # another process, same folder: the same lock
    assert list(tmp_path.rglob("*")) == [folder]
    assert lock_path(folder) == lock_path(tmp_path / "." / "terms")


def test_the_process_waiting_policy_applies_to_every_lock(tmp_path: Path) -> None:
    holder = hold(tmp_path, 30)
    previous = set_waiting(Waiting(wait=False))
    try:
        with pytest.raises(TmError), project_lock(tmp_path):
            pass
    finally:
        set_waiting(previous)
        holder.kill()
        holder.wait()


def test_a_lock_folder_other_users_can_write_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    shared = tmp_path / "tmp" / f"tm-{os.getuid()}"
    shared.mkdir(parents=True)
    shared.chmod(0o777)  # made by someone else for everybody: they could swap the lock files
    with pytest.raises(TmError, match="not yours alone"), project_lock(tmp_path / "terms"):
        pass


def test_a_read_only_project_builds_without_a_lock(tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    disk.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(disk)], capture_output=True).returncode:
        pytest.skip("cannot mount a filesystem here")
    try:
        (disk / "tm.toml").write_text('source_lang = "en"\n', "utf-8")
        shutil.copytree(REPO / "segments" / ARTICLE, disk / "segments" / ARTICLE)
        build(disk / "segments")
        shutil.rmtree(disk / ".tm")
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        done = subprocess.run([sys.executable, "-m", "tm", "build"], cwd=disk, capture_output=True, text=True,
                              timeout=120)  # fmt: skip
        assert done.returncode == 0, done.stderr  # nothing to write, and nobody can write there
        assert not (disk / ".tm").exists()
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)
