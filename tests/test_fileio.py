"""Atomic writes: a path that cannot be written is one TmError naming it, nothing is left behind, and
a writer killed mid-write leaves a hidden copy that the next write removes."""

from __future__ import annotations

import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from tm import fileio
from tm.errors import TmError
from tm.fileio import open_atomic, write_atomic


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_an_existing_folder_is_refused_by_name_and_kept(tmp_path: Path) -> None:
    folder = tmp_path / "out.txt"
    folder.mkdir()
    with pytest.raises(TmError, match="it is a folder") as caught:
        write_atomic(folder, "Bakı\n")
    assert caught.value.path == str(folder) and caught.value.hint
    assert folder.is_dir() and list(folder.iterdir()) == [] and _leftovers(tmp_path) == []


def test_a_file_used_as_a_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes").write_text("kept\n")
    target = tmp_path / "notes" / "deeper" / "out.tmx"
    with pytest.raises(TmError, match="is a file, not a folder") as caught:
        with open_atomic(target) as handle:
            handle.write(b"<tmx/>")
    assert caught.value.path == str(target)
    assert (tmp_path / "notes").read_text() == "kept\n"


@pytest.mark.parametrize("folder", ["/proc", "/sys"])
def test_a_folder_nobody_can_write_is_refused(folder: str) -> None:
    if not Path(folder).is_dir():
        pytest.skip(f"{folder} is not here")
    target = Path(folder) / f"tm-test-{uuid.uuid4().hex}.txt"
    with pytest.raises(TmError, match="cannot write") as caught:
        write_atomic(target, "Şuşa\n")
    assert caught.value.path == str(target) and not target.exists()


def test_no_folder_is_created_at_the_filesystem_root() -> None:
    top = Path("/") / f"tm-missing-{uuid.uuid4().hex}"
    try:
        with pytest.raises(TmError, match="does not exist") as caught:
            write_atomic(top / "sub" / "out.tbx", "<martif/>")
        assert str(top) in caught.value.message and "mkdir" in (caught.value.hint or "")
        assert not top.exists()
    finally:
        shutil.rmtree(top, ignore_errors=True)


def test_missing_folders_below_an_existing_one_are_created(tmp_path: Path) -> None:
    target = tmp_path / "jobs" / "az" / "out.xlf"
    assert write_atomic(target, "<xliff/>") is True
    assert target.read_text() == "<xliff/>"


def test_a_failure_while_writing_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "az.po"
    target.write_text("old\n")
    with pytest.raises(RuntimeError):
        with open_atomic(target) as handle:
            handle.write(b"half")
            raise RuntimeError("stop")
    assert target.read_text() == "old\n" and _leftovers(tmp_path) == []


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


@pytest.mark.parametrize("text", ["x" * 100, "short\n" + "x" * 100, "a\n" * 50 + "x" * 101 + "\nb"])
def test_read_text_refuses_a_line_longer_than_the_limit_as_soon_as_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    monkeypatch.setattr(fileio, "MAX_LINE", 99)
    monkeypatch.setattr(fileio, "_CHUNK", 16)
    path = tmp_path / "long.txt"
    path.write_text(text, "utf-8")
    with pytest.raises(TmError, match="a line longer than 99 bytes") as caught:
        fileio.read_text(path)
    assert caught.value.line == text.count("\n", 0, text.index("x")) + 1
    assert f"byte offset {text.index('x')}" in caught.value.message


def test_read_text_takes_lines_up_to_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fileio, "MAX_LINE", 99)
    monkeypatch.setattr(fileio, "_CHUNK", 16)
    path = tmp_path / "ok.txt"
    text = ("y" * 99 + "\n") * 3 + "y" * 99
    path.write_text(text, "utf-8")
    assert fileio.read_text(path) == text
