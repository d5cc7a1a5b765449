"""Reading text files the way users have them, and writing files atomically."""

from __future__ import annotations

import codecs
import contextlib
import errno
import filecmp
import glob
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

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


#: The longest line ``read_text`` takes, in bytes: a paragraph is far shorter, and a longer line
#: (a 1 GB file with no line break) would only exhaust memory in whatever reads the text.
MAX_LINE = 1 << 24
_CHUNK = 1 << 20


def read_text(path: str | Path, encoding: str | None = None) -> str:
    """Read a text file (``-`` is standard input), honouring a BOM; raise TmError if unreadable or
    if a line is longer than MAX_LINE bytes (as soon as it is read: memory stays bounded)."""
    if str(path) == "-":
        return decode(_read_lines(sys.stdin.buffer, "<stdin>"), "<stdin>", encoding)
    try:
        with open(path, "rb") as handle:
            data = _read_lines(handle, path)
    except OSError as exc:
        raise TmError(f"cannot read: {exc.strerror}", path=path) from exc
    return decode(data, path, encoding)


def _read_lines(handle: BinaryIO, path: str | Path) -> bytes:
    """All bytes of ``handle``, read chunk by chunk; a TmError at a line longer than MAX_LINE."""
    chunks: list[bytes] = []
    line_start = lines = current = 0  # where the current line starts, lines before it, its length
    while chunk := handle.read(_CHUNK):
        parts = chunk.split(b"\n")
        current += len(parts[0])
        for part in parts[1:]:
            if current > MAX_LINE:
                break
            line_start += current + 1
            lines += 1
            current = len(part)
        if current > MAX_LINE:
            raise TmError(f"a line longer than {MAX_LINE:,} bytes, starting at byte offset {line_start}",
                          path=path, line=lines + 1,
                          hint="is it the right file? A text is read by lines: paragraphs end at a line break")  # fmt: skip
        chunks.append(chunk)
    return b"".join(chunks)


def write_atomic(path: str | Path, data: str | bytes, encoding: str = "utf-8") -> bool:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    Readers never see a half-written file. Returns False (and leaves the file alone, dates
    included) when it already holds exactly these bytes. Raises TmError when it cannot write.
    """
    raw = data.encode(encoding) if isinstance(data, str) else data
    return write_files([(Path(path), raw)])[0]


def write_files(files: Sequence[tuple[Path, bytes]]) -> list[bool]:
    """Write several files all or nothing: every new version is written and flushed to disk
    beside its file first, and only then are they renamed into place, so a full disk or any
    other write error leaves every file as it was. The first file is the main one (the source of
    truth, the file the user named): it is prepared first, so an error names it, and lands last,
    so a process killed between two renames leaves it old and a second run writes everything
    again. Files that already hold their bytes are left alone (False in the result, in order).
    Raises TmError naming the file that could not be written."""
    changed = [not _holds(path, data) for path, data in files]
    pending: list[AtomicFile] = []
    try:
        for (path, data), change in zip(files, changed):
            if change:
                atomic = AtomicFile(path)
                pending.append(atomic)
                atomic.write(data)
                atomic.flush()
        for atomic in pending[1:] + pending[:1]:
            atomic.land()
    except BaseException:
        for atomic in pending:
            atomic.discard()
        raise
    for path, _ in files:
        _remove_orphans(path)
    return changed


def _holds(path: Path, data: bytes) -> bool:
    try:
        return path.read_bytes() == data
    except OSError:
        return False


@contextlib.contextmanager
def _cannot_write(path: Path) -> Iterator[None]:
    """Turn an OSError while writing ``path`` into a TmError that names it."""
    try:
        yield
    except OSError as exc:
        full = exc.errno in (errno.ENOSPC, errno.EDQUOT)
        hint = "free some space on that disk and run the command again" if full else (
            "choose a file in a folder you can write to")  # fmt: skip
        raise TmError(f"cannot write: {exc.strerror or exc}", path=path, hint=hint) from exc


def make_parent(path: str | Path) -> None:
    """Make sure ``path`` can be created as a file: it is not a folder and its folder exists.

    Missing folders are created, but only below an existing folder other than the filesystem
    root (``/missing/sub/out.tbx`` is refused, not created at the root). Raises TmError naming
    ``path`` when it cannot be.
    """
    path = Path(path)
    if path.is_dir():
        raise TmError("cannot write: it is a folder", path=path, hint=f"name a file, such as {path / 'out'}")
    missing = []
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    if not folder.is_dir():
        raise TmError(f"cannot write: {folder} is a file, not a folder", path=path, hint="choose another path")
    if not missing:
        return
    if folder.absolute() == folder.absolute().parent:
        raise TmError(
            f"cannot write: the folder {missing[-1]} does not exist",
            path=path,
            hint=f"create it first (mkdir -p {path.parent}) or choose a path in an existing folder",
        )
    with _cannot_write(path):
        path.parent.mkdir(parents=True, exist_ok=True)


class AtomicFile:
    """A binary file being written next to its destination; see ``open_atomic``.

    Every OSError while writing becomes a TmError naming the destination.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        #: After a successful close: True when the destination changed, False when it already
        #: held exactly these bytes (and was left alone, dates included).
        self.changed: bool | None = None
        make_parent(path)
        with _cannot_write(path):
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)
        self.tmp = Path(tmp)
        self.handle = os.fdopen(fd, "wb")

    def write(self, data: bytes) -> int:
        with _cannot_write(self.path):
            return self.handle.write(data)

    def flush(self) -> None:
        """Write everything to disk (the copy, not yet the destination)."""
        with _cannot_write(self.path):
            self.handle.flush()
            os.fsync(self.handle.fileno())
            self.handle.close()

    def land(self) -> None:
        """Put the flushed copy in place of the destination (or drop it if nothing changed)."""
        with _cannot_write(self.path):
            if self.path.exists() and filecmp.cmp(self.tmp, self.path, shallow=False):
                self.tmp.unlink()
                self.changed = False
                return
            os.chmod(self.tmp, self.path.stat().st_mode & 0o777 if self.path.exists() else 0o644)
            os.replace(self.tmp, self.path)
        self.changed = True

    def commit(self) -> None:
        """Flush, then replace the destination (or drop the copy if nothing changed)."""
        self.flush()
        self.land()
        _remove_orphans(self.path)

    def discard(self) -> None:
        """Drop the copy; the destination stays as it was."""
        with contextlib.suppress(OSError):
            self.handle.close()  # a full disk can refuse the last flush: the copy goes anyway
        self.tmp.unlink(missing_ok=True)


def _remove_orphans(path: Path) -> None:
    """Remove the temporary copies of ``path`` that writers killed mid-write left behind (their
    names carry the writer's pid; a copy whose process is gone is an orphan)."""
    for orphan in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        pid = orphan.name[len(path.name) + 2 :].split(".", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not alive(int(pid)):
            orphan.unlink(missing_ok=True)


def alive(pid: int) -> bool:
    """Whether a process ``pid`` runs (one of another user's counts as running)."""
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
