"""One writer at a time in a project: the lock every command that writes project files takes.

Commands that read, change and write a document's files or the glossary (build, pretranslate,
import into a document, glossary edits, a translate session's saves) hold the project lock while
they do. A second writer waits, and says so after a second, or (``set_waiting(False)``, which
``tm --no-wait`` sets) refuses at once.

The lock is an OS file lock (``filelock``, ``flock`` on POSIX) on ``.tm/lock`` at the project root.
Outside a project (documents or a glossary in a plain folder) there is no ``.tm`` to hold it, and
tm leaves nothing in the user's folders: the lock of such a folder is a file named after its path
in a folder of the user's own in the system's temporary folder. The kernel releases a lock when
its process ends, however it ends (``kill -9`` included), so a lock left by a killed process is
cleared by the next command without anybody deleting a file. The pid of the holder is written
beside it only to name it in messages.

The memory is not guarded by it: SQLite (WAL) and PostgreSQL order their own writers.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tm.errors import TmError

if TYPE_CHECKING:
    from filelock import FileLock

__all__ = ["LOCK_NAME", "Waiting", "lock_path", "project_lock", "set_waiting"]

#: The lock file, relative to the project root.
LOCK_NAME = Path(".tm") / "lock"
#: How long a writer waits quietly before it says whom it waits for.
QUIET_WAIT = 1.0
#: One lock object a file in this process: flock would make a second one wait for the first.
_LOCKS: dict[Path, FileLock] = {}


@dataclass(frozen=True, slots=True)
class Waiting:
    """What a writer does when another holds the lock: wait (calling ``notify`` once with a
    message after ``QUIET_WAIT`` seconds) or, without ``wait``, refuse."""

    wait: bool = True
    notify: Callable[[str], None] | None = None


#: This process's choice (the CLI sets it from ``--no-wait``; library callers wait quietly).
_waiting = Waiting()


def set_waiting(waiting: Waiting) -> Waiting:
    """Make ``waiting`` what every project lock taken in this process does; returns the previous one."""
    global _waiting
    previous, _waiting = _waiting, waiting
    return previous


def lock_path(folder: str | Path) -> tuple[Path, Path]:
    """The lock file guarding ``folder`` (which need not exist yet), and the folder it guards:
    the ``.tm/lock`` of the project holding ``folder``; outside a project, a file of the
    system's temporary folder named after ``folder``'s absolute path."""
    from tm.config import find_project

    project = find_project(folder)
    if project is not None:
        return project.root / LOCK_NAME, project.root
    folder = Path(folder).resolve()
    name = hashlib.sha256(os.fsencode(folder)).hexdigest()[:32]
    return Path(tempfile.gettempdir()) / f"tm-{os.getuid()}" / f"{name}.lock", folder


def _make_folder(folder: Path, private: bool) -> None:
    """Make the lock's folder; a ``private`` one (in the temporary folder, which every user can
    write) must be a folder of this user's that nobody else can write."""
    folder.mkdir(mode=0o700 if private else 0o777, exist_ok=True)
    if private:
        info = folder.lstat()
        if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o022:
            raise TmError("the folder of tm's locks is not yours alone", path=folder,
                          hint="remove it (tm makes it again) or set TMPDIR to a folder of your own")  # fmt: skip


def _holder(path: Path) -> str:
    try:
        pid = path.with_name(path.name + ".pid").read_text("ascii").strip()
    except OSError:
        return "another tm command"
    return f"another tm command (pid {pid})" if pid.isdigit() else "another tm command"


@contextmanager
def project_lock(
    folder: str | Path, *, wait: bool | None = None, notify: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold the lock of the project holding ``folder`` (``lock_path``) for the block.

    With ``wait`` (default: as ``set_waiting`` says), wait for the writer holding it (``notify``
    is called once with a message after ``QUIET_WAIT`` seconds); without, raise TmError naming
    the holder. Reentrant in one process. A read-only folder needs no lock: nobody writes there.
    """
    from filelock import FileLock, Timeout

    wait = _waiting.wait if wait is None else wait
    notify = notify or _waiting.notify
    path, root = lock_path(folder)
    try:
        _make_folder(path.parent, private=path != root / LOCK_NAME)
        lock = _LOCKS.setdefault(path.resolve(), FileLock(path))
        try:
            lock.acquire(timeout=QUIET_WAIT if wait else 0)
        except Timeout:
            if not wait:
                raise TmError(
                    f"the project is being written by {_holder(path)}",
                    path=root,
                    hint="wait for it to finish, or run the command again without --no-wait",
                ) from None
            if notify is not None:
                notify(f"waiting for {_holder(path)} to finish writing the project…")
            lock.acquire()
    except OSError as exc:
        if exc.errno != errno.EROFS:
            raise TmError(f"cannot lock the project: {exc.strerror}", path=path) from exc
        lock = None  # a read-only project: nobody can write it, there is nothing to guard
    if lock is None:
        yield
        return
    try:
        if lock.lock_counter == 1:
            with suppress(OSError):  # only for messages: a full disk must not stop the writer here
                path.with_name(path.name + ".pid").write_text(str(os.getpid()), "ascii")
        yield
    finally:
        lock.release()
