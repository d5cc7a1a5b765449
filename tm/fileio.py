"""Reading text files the way users have them, and writing files atomically."""

from __future__ import annotations

import codecs
import contextlib
import filecmp
import glob
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from tm.errors import TmError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def sniff_encoding(head: bytes, default: str = "utf-8") -> str:
    """Return the encoding a byte-order mark announces, else ``default``."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding
    return default


def decode(data: bytes, path: str | Path = "<stdin>", encoding: str | None = None) -> str:
    """Decode ``data`` (UTF-8 unless a BOM says otherwise); name file and byte offset on failure."""
    encoding = encoding or sniff_encoding(data)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1 if not encoding.startswith(("utf-16", "utf-32")) else None
        raise TmError(
            f"cannot decode as {exc.encoding} at byte offset {exc.start}: {exc.reason}",
            path=path,
            line=line,
            hint="save the file as UTF-8 (or UTF-16 with a byte-order mark)",
        ) from exc


def read_text(path: str | Path, encoding: str | None = None) -> str:
    """Read a text file (``-`` is standard input), honouring a BOM; raise TmError if unreadable."""
    if str(path) == "-":
        return decode(sys.stdin.buffer.read(), "<stdin>", encoding)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise TmError(f"cannot read: {exc.strerror}", path=path) from exc
    return decode(data, path, encoding)


def write_atomic(path: str | Path, data: str | bytes, encoding: str = "utf-8") -> bool:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    Readers never see a half-written file. Returns False (and leaves the file alone, dates
    included) when it already holds exactly these bytes.
    """
    path = Path(path)
    raw = data.encode(encoding) if isinstance(data, str) else data
    try:
        if path.read_bytes() == raw:
            _remove_orphans(path)
            return False
    except OSError:
        pass
    with open_atomic(path) as handle:
        handle.write(raw)
    return True


class AtomicFile:
    """A binary file being written next to its destination; see ``open_atomic``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        #: After a successful close: True when the destination changed, False when it already
        #: held exactly these bytes (and was left alone, dates included).
        self.changed: bool | None = None
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)
        self.tmp = Path(tmp)
        self.handle = os.fdopen(fd, "wb")

    def write(self, data: bytes) -> int:
        return self.handle.write(data)

    def commit(self) -> None:
        """Flush, then replace the destination (or drop the copy if nothing changed)."""
        self.handle.flush()
        os.fsync(self.handle.fileno())
        self.handle.close()
        if self.path.exists() and filecmp.cmp(self.tmp, self.path, shallow=False):
            self.tmp.unlink()
            self.changed = False
            _remove_orphans(self.path)
            return
        os.chmod(self.tmp, self.path.stat().st_mode & 0o777 if self.path.exists() else 0o644)
        os.replace(self.tmp, self.path)
        self.changed = True
        _remove_orphans(self.path)

    def discard(self) -> None:
        self.handle.close()
        self.tmp.unlink(missing_ok=True)


def _remove_orphans(path: Path) -> None:
    """Remove the temporary copies of ``path`` that writers killed mid-write left behind (their
    names carry the writer's pid; a copy whose process is gone is an orphan)."""
    for orphan in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        pid = orphan.name[len(path.name) + 2 :].split(".", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            orphan.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def open_atomic(path: str | Path) -> Iterator[AtomicFile]:
    """Open ``path`` for streamed binary writing that lands atomically when the block ends.

    On an exception the destination is untouched and the temporary file removed. If the new
    bytes equal the old file's, the old file is kept (``handle.changed`` is False).
    """
    atomic = AtomicFile(Path(path))
    try:
        yield atomic
    except BaseException:
        atomic.discard()
        raise
    try:
        atomic.commit()
    except BaseException:
        atomic.discard()
        raise
