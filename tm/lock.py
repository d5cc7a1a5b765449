"""One writer at a time in a project: the lock every command that writes project files takes.

Commands that read, change and write a document's files or the glossary (build, pretranslate,
import into a document, glossary edits, a translate session's saves) hold the project lock while
they do. A second writer waits, and says so after a second, or with ``wait=False`` refuses at once.

The lock is an OS file lock (``filelock``, ``flock`` on POSIX) on ``.tm/lock`` at the project root.
The kernel releases it when its process ends, however it ends (``kill -9`` included), so a lock
left by a killed process is cleared by the next command without anybody deleting a file. The pid
of the holder is written beside it only to name it in messages.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from tm.errors import TmError

__all__ = ["LOCK_NAME", "project_lock"]

#: The lock file, relative to the project root.
LOCK_NAME = Path(".tm") / "lock"
#: How long a writer waits quietly before it says whom it waits for.
QUIET_WAIT = 1.0
#: One lock object a file in this process: flock would make a second one wait for the first.
_LOCKS: dict[Path, FileLock] = {}


def _holder(path: Path) -> str:
    try:
        pid = path.with_name(path.name + ".pid").read_text("ascii").strip()
    except OSError:
        return "another tm command"
    return f"another tm command (pid {pid})" if pid.isdigit() else "another tm command"


@contextmanager
def project_lock(root: str | Path, *, wait: bool = True, notify: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the project lock of ``root`` for the block.

    With ``wait``, wait for the writer holding it (``notify`` is called once with a message after
    ``QUIET_WAIT`` seconds); without, raise TmError naming the holder. Reentrant in one process.
    """
    path = Path(root) / LOCK_NAME
    try:
        path.parent.mkdir(exist_ok=True)
        lock = _LOCKS.setdefault(path.resolve(), FileLock(path))
        try:
            lock.acquire(timeout=QUIET_WAIT if wait else 0)
        except Timeout:
            if not wait:
                raise TmError(
                    f"the project is being written by {_holder(path)}",
                    path=Path(root),
                    hint="wait for it to finish, or run the command again without --no-wait",
                ) from None
            if notify is not None:
                notify(f"waiting for {_holder(path)} to finish writing the project…")
            lock.acquire()
    except OSError as exc:
        raise TmError(f"cannot lock the project: {exc.strerror}", path=path) from exc
    try:
        if lock.lock_counter == 1:
            path.with_name(path.name + ".pid").write_text(str(os.getpid()), "ascii")
        yield
    finally:
        lock.release()
