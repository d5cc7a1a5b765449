"""Imports: files read as batches of rows, by this process or a second one, and the loop that writes them.

A backend gives ``run`` a function that writes one batch in one transaction; ``run`` counts what it
did and, when the input breaks, says what was imported before (the batch in flight is rolled back).
Killing an import loses only the batch in flight; running it again skips what is already in.
An import into an empty memory is a bulk load (``tm.memory.bulk``).
"""

from __future__ import annotations

import ctypes
import gc
import marshal
import os
import pickle
import queue
import re
import signal
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tm.errors import TmError
from tm.formats import PlainUnit
from tm.memory.contract import ImportSummary, Progress
from tm.memory.rows import UnitRow, UnitRows, plain_tu_rows, plain_unit_row, unit_row
from tm.model import Origin, Unit

if TYPE_CHECKING:
    from tm.formats import tmx, tmx_scan

#: Units per transaction: an interrupted import loses at most this many units of work.
BATCH_SIZE = 20000
#: The first batch of an import is smaller, so that the writer starts sooner.
FIRST_BATCH = 2000


@dataclass(slots=True)
class Batch:
    """Units read from a file, converted to rows: what one transaction writes."""

    read: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    rows: UnitRows = field(default_factory=UnitRows)


def batches(
    units: Iterable[Unit | PlainUnit], origin: Origin | None, batch_size: int, first: int = FIRST_BATCH
) -> Iterator[Batch]:
    """Group ``units`` into batches of rows; an error from ``units`` drops the batch it falls in.

    The ``first`` batch is smaller, so that a writer waiting for it starts sooner.
    """
    read, skipped = 0, Counter[str]()
    rows: list[UnitRow] = []
    limit = min(batch_size, first)
    origin_value = origin.value if origin else None
    for unit in units:
        read += 1
        row = _row(unit, origin, origin_value)
        if isinstance(row, str):
            skipped[row] += 1
        else:
            rows.append(row)
        if read >= limit:
            yield Batch(read, skipped, UnitRows.of(rows))
            read, skipped, rows, limit = 0, Counter(), [], batch_size
    if read:
        yield Batch(read, skipped, UnitRows.of(rows))


def _row(unit: Unit | PlainUnit, origin: Origin | None, origin_value: str | None) -> UnitRow | str:
    """The row of ``unit`` (``origin_value``: ``origin``'s), or why it is skipped (``unit_row``)."""
    return plain_unit_row(unit, origin_value) if isinstance(unit, PlainUnit) else unit_row(unit, origin)


def read_units(path: Path, options: dict[str, Any]) -> Iterator[Unit | PlainUnit]:
    """The units of ``path`` for an import, through the format's ``read_rows`` (a TMX's plain
    units as PlainUnit: cheaper to convert).

    ``options``: ``format`` (else the extension or content tells), ``source_lang`` and
    ``target_lang`` (what the file does not say itself: see tm.formats).
    """
    from tm import formats
    from tm.formats import tmx

    if options.get("skip_tu"):  # what a parallel reading of a TMX file could not read (see _read_parts)
        return tmx.read_rows(path, source_lang=options.get("source_lang"), skip_tu=options["skip_tu"])
    return formats.read_rows(
        path,
        format=options.get("format"),
        source_lang=options.get("source_lang"),
        target_lang=options.get("target_lang"),
    )


#: Files above this size are read by a second process while the first writes.
PARALLEL_BYTES = 8 * 1024 * 1024
#: Processes that read a large TMX file together, part by part (see ``tmx.Parts``).
READERS = 2

_WORKER = "import sys, pickle, tm.memory.importer as i; i._worker(*pickle.load(sys.stdin.buffer), sys.stdout.buffer)"


def _send(out: Any, kind: str, payload: Any) -> None:
    """One message to the writing process: its length, then (kind, payload) marshalled."""
    data = marshal.dumps((kind, payload), 4)  # 4 writes a repeated object (tag, date, props) once
    out.write(len(data).to_bytes(8, "little"))
    out.write(data)


def _receive(stream: Any, buffer: bytearray) -> tuple[str, Any]:
    """The next message of ``_send`` from ``stream``; ("lost", None) when the pipe broke.

    The message is read into ``buffer`` (grown to fit), kept from one message to the next: a new
    buffer for each (8 MB of a TMX file of news-length units: a 16 MB message) was memory the
    system had to map and zero again each time."""
    head = stream.read(8)
    if len(head) < 8:
        return "lost", None
    size = int.from_bytes(head, "little")
    if len(buffer) < size:
        buffer.extend(bytes(size - len(buffer)))
    with memoryview(buffer) as view, view[:size] as data:
        if stream.readinto(data) != size:
            return "lost", None
        try:
            return marshal.loads(data)
        except (EOFError, ValueError, TypeError):
            return "lost", None


def _send_batch(out: Any, batch: Batch, tus: int = 0) -> None:
    # the rows' columns, each a tuple, as UnitRows holds them (marshal takes plain tuples only)
    _send(out, "batch", (tus, batch.read, dict(batch.skipped), UnitRows.of(row.known() for row in batch.rows).columns))


def _worker(path: Path, options: dict[str, Any], origin: Origin | None, batch_size: int, part: Any, out: Any) -> None:
    """A reading process: ``batches`` of rows (or the error that ended them) sent to ``out``; with
    ``part`` (first, step, sizes), a batch for each of those parts of a TMX file (see ``_read_parts``)."""
    gc.disable()  # a short-lived process of acyclic rows: the collector would only cost time
    _keep_freed_memory()
    _yield_to_the_writer()
    try:
        if part is not None:
            _read_parts(path, options, origin, part, out)
        else:
            for batch in batches(read_units(path, options), origin, batch_size):
                _send_batch(out, batch)
    except TmError as exc:
        where = str(exc.path) if exc.path is not None else None
        _send(out, "error", (type(exc).__name__, exc.message, where, exc.line, exc.column, exc.hint))
    _send(out, "done", None)
    out.flush()


def _keep_freed_memory() -> None:
    """Have the C library's allocator (glibc's) keep what this process frees for its next use,
    instead of handing blocks over 128 KiB back to the system, which maps and zeroes them again
    when the next part is read: a reading process's use of memory goes up and down with each part
    it reads (its peak stays the same). For a reading process only: its life is one import."""
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return  # not glibc, or no C library to ask
    mallopt(_M_MMAP_THRESHOLD, 32 << 20)  # blocks up to 32 MiB (glibc's most) from the heap, not mapped
    mallopt(_M_TRIM_THRESHOLD, 1 << 30)  # the heap's free top kept (up to 1 GiB)


def _yield_to_the_writer() -> None:
    """Lower this reading process's priority by ``READER_NICENESS``, below the writing process's.

    The writer is an import's critical path: it writes every batch, then builds the indexes alone.
    On two cores, two readers and the writer each got a third of the time while all three could
    run, so the writer waited for a core while the readers read ahead of it (a 200k-unit import of
    news-length units: 0.1-0.35 s of its 4 s). Lowered, the readers take what the writer leaves
    (they then yield to other work on the machine as well, such as a server's lookups)."""
    try:
        os.nice(READER_NICENESS)
    except (AttributeError, OSError):  # no os.nice (Windows), or a sandbox that refuses it: read all the same
        pass


#: How much lower a reading process runs than the process it reads for (see ``_yield_to_the_writer``):
#: the best of 3, 5 and 10 on the benchmark's 200k news-length units.
READER_NICENESS = 5

#: glibc's mallopt parameters (malloc.h).
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3


def _read_parts(
    path: Path, options: dict[str, Any], origin: Origin | None, part: tuple[int, int, tuple[int, int]], out: Any
) -> None:
    """Parts ``first``, ``first + step`` ... of a TMX file cut in parts of ``sizes`` (``tmx.Parts``),
    each sent as one batch with its number of <tu> elements, until one the strict scanner cannot
    read ("gave up")."""
    from tm.formats import tmx

    first, step, sizes = part
    parts = tmx.Parts.open(path, source_lang=options.get("source_lang"), sizes=sizes)
    if parts is None:
        _send(out, "gave up", None)
        return
    for number in range(first, len(parts), step):
        found = part_rows(parts, parts.raw(number), parts.ends_file(number), origin)
        if found is None:
            _send(out, "gave up", None)
            return
        tus, batch, rows = found
        columns = UnitRows.of(rows).columns
        rows.clear()  # marshal looks up every value held twice (as one it may meet again): held once now
        _send(out, "batch", (tus, batch.read, dict(batch.skipped), columns))


def part_rows(
    parts: tmx.Parts, raw: bytes, ends_file: bool, origin: Origin | None
) -> tuple[int, Batch, list[tuple[Any, ...]]] | None:
    """The rows of ``raw``, a part of a TMX file (``tmx.Parts``), as ``batches`` makes them of its
    units (each as ``UnitRow.known`` gives it): its number of <tu> elements, the batch (its rows
    left out) and the rows; None where the strict scanner cannot read it.

    Plain <tu> elements of the shape last seen are made into rows from their bytes, a run of them
    at a time (``rows.plain_tu_rows``); any other goes through ``parts.units``, and its shape is the
    one expected next, except that, after the scanner's trial, those with inline codes are read
    together at the end (``_put_coded``) and their rows put where they belong (a run goes on past
    them: a run's rows cost less the longer it is). Once the bytes
    made fewer than half of the part's first ``PROBE`` or more <tu> elements, the rest of the part
    goes through ``parts.units`` in one run (a run of one <tu> costs more than its share of a part's).
    """
    from tm.formats import tmx, tmx_scan

    if b"\xef" in raw and (b"\xef\xbf\xbe" in raw or b"\xef\xbf\xbf" in raw):  # U+FFFE, U+FFFF: the scanner
        return None  # gives up on them (a search for one byte, memchr, first: ten times faster than for three)
    origin_value = origin.value if origin else None
    tus = slow = matched = position = 0  # matched: <tu> elements made into rows from their bytes
    batch = Batch()
    rows: list[tuple[Any, ...]] = []
    pattern = _NO_TU
    made_of: Callable[[list[tuple[bytes, ...]]], list[tuple[Any, ...]]] = _no_rows
    shape: tmx_scan.Names | None = None  # the names of the <tu> elements pattern matches
    coded: list[_Coded] = []  # <tu> elements with inline codes put off
    while position < len(raw):
        start, run, ends = position, [], []  # the <tu> elements of the shape expected from here on
        later: list[tuple[int, bytes, int]] = []  # those put off among them: how many before, bytes, end
        while True:
            found = pattern.match(raw, position)
            if found is not None and found.end() - position <= tmx_scan.MAX_STRICT:
                run.append(found.groups())
                position = found.end()
                ends.append(position)
                continue
            before = tus + len(run) + len(later)
            end = _piece_end(raw, position, before, matched + len(run))
            if before > tmx.TRIAL and end < len(raw) and tmx_scan.CODE_TAG.search(raw, position, end) is not None:
                later.append((len(run), raw[position:end], end))  # read with the part's others at the end
                position = end
                continue
            break
        if run or later:
            made = made_of(run) if run else []
            if len(made) < len(run):  # read on from the first <tu> it left, those put off before it kept
                later = [each for each in later if each[0] <= len(made)]
                position = max([ends[len(made) - 1] if made else start, *(each[2] for each in later)])
                found = pattern.match(raw, position)
                end = _piece_end(raw, position, tus + len(made) + len(later), matched + len(made))
            coded += [(len(rows) + at, piece, shape) for at, piece, _end in later]
            rows += made
            batch.read += len(made)
            tus += len(made) + len(later)
            matched += len(made)
            if position >= len(raw):
                break
        piece = raw[position:end]
        read = parts.units(piece, ends_file and end == len(raw), (tus, slow))
        if read is None:
            return None
        units, count, lxml = read
        tus, slow, position = tus + count, slow + lxml, end
        rows += _known_rows(units, origin, batch)
        if found is None and len(units) == 1 and isinstance(units[0], PlainUnit) and units[0].contents is None \
                and (names := tmx_scan.shape_of(piece)) is not None:  # fmt: skip
            plan = parts.plan(names)
            if plan is not None and len(plan.langs) > 1:  # one language: no translation (plain_unit_row says)
                pattern, shape = tmx_scan.plain_pattern(names, plan.fields[:2]), names  # creationdate, changedate
                made_of = plain_tu_rows(plan, len(names[0]), origin_value)
    put = _put_coded(parts, coded, origin, batch, rows)
    return None if put is None else (tus - len(coded) + put, batch, rows)


def _piece_end(raw: bytes, position: int, tus: int, matched: int) -> int:
    """Where the piece of ``raw`` that ``part_rows`` reads from ``position`` the general way ends,
    ``tus`` <tu> elements read before it, ``matched`` of them from their bytes: the end of its
    first <tu>; of ``raw`` once the bytes made fewer than half of ``PROBE`` or more."""
    if tus >= PROBE and matched * 2 < tus:
        return len(raw)  # the bytes fit few of these <tu>: the rest in one run
    end = raw.find(b"</tu>", position)
    return len(raw) if end < 0 else end + 5


#: A <tu> with inline codes ``part_rows`` put off: where its rows go, its bytes, and the names of
#: the plain <tu> elements read before it (None before the first).
_Coded = tuple[int, bytes, "tmx_scan.Names | None"]


def _put_coded(
    parts: tmx.Parts, coded: list[_Coded], origin: Origin | None, batch: Batch, rows: list[tuple[Any, ...]]
) -> int | None:
    """Put the rows of each of the ``coded`` <tu> elements (one <tu> of a part each, read after the
    scanner's ``TRIAL``) in ``rows``, as ``part_rows`` makes them, and add what was read and skipped
    to ``batch``; their number of <tu> elements, None where the scanner cannot read one. Each of the
    shape of the plain ones before it is read from its bytes where it can be (``parts.coded``); one
    scanner reads the others when each gives one plain unit (a scanner's setup costs a third of such
    a <tu>), else each is read alone."""
    from tm.formats import tmx

    if not coded:
        return 0
    units: list[list[Unit | PlainUnit] | None]
    found: list[list[Unit | PlainUnit]]
    units = [[unit] if names and (unit := parts.coded(piece, names)) else None for _, piece, names in coded]
    left = [piece for (_, piece, _), each in zip(coded, units, strict=True) if each is None]
    count = len(coded) - len(left)
    before = (tmx.TRIAL + 1, 0)  # past the trial: the scanner gives up only where it cannot read
    read = parts.units(b"".join(left), False, before) if left else None
    if read is not None and read[1] == len(read[0]) == len(left) and all(isinstance(u, PlainUnit) for u in read[0]):
        found, count = [[unit] for unit in read[0]], count + read[1]
    else:
        found = []
        for piece in left:
            if (alone := parts.units(piece, False, before)) is None:
                return None
            found.append(alone[0])
            count += alone[1]
    others = iter(found)
    for (at, _, _), each in zip(reversed(coded), reversed([each or next(others) for each in units]), strict=True):
        rows[at:at] = _known_rows(each, origin, batch)
    return count


def _known_rows(units: list[Unit | PlainUnit], origin: Origin | None, batch: Batch) -> list[tuple[Any, ...]]:
    """The rows ``batches`` makes of ``units`` (each as ``UnitRow.known`` gives it), with what it
    read and skipped added to ``batch``."""
    origin_value = origin.value if origin else None
    made: list[tuple[Any, ...]] = []
    for unit in units:  # one at a time mostly (``_put_coded``): a batch each cost more than the rows
        row = _row(unit, origin, origin_value)
        if isinstance(row, str):
            batch.skipped[row] += 1
        else:
            made.append(row.known())
    batch.read += len(units)
    return made


#: The <tu> elements of a part ``part_rows`` reads one at a time at least, to learn their shape.
PROBE = 32
#: What ``part_rows`` expects before it has seen a <tu>: nothing.
_NO_TU = re.compile(b"(?!)")


def _no_rows(run: list[tuple[bytes, ...]]) -> list[tuple[Any, ...]]:
    return []


def batches_from_worker(
    path: Path, options: dict[str, Any], origin: Origin | None, batch_size: int, readers: int = 1
) -> Iterator[Batch]:
    """``batches`` of ``path`` computed by child processes (stopped when the caller stops): one, or
    ``readers`` that read the parts of a TMX file in turn (batches in the file's order all the same)."""
    from tm import errors
    from tm.formats import tmx_scan

    children = []
    for first in range(readers):
        part = (first, readers, (tmx_scan.FIRST_PART, tmx_scan.PART)) if readers > 1 else None
        children.append(_start((path, options, origin, batch_size, part)))
    # A thread takes batches off the pipes while the caller writes the previous one: otherwise the
    # children would block on a full pipe and the processes would take turns instead of overlapping.
    inbox: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=1)
    stop = threading.Event()

    def receive() -> None:
        number = tus = 0  # the part whose batch comes next (from children[number % readers]); <tu> before it
        buffer = bytearray()
        while not stop.is_set():
            stream = children[number % readers].stdout
            assert stream is not None
            try:
                message = _receive(stream, buffer)
            except OSError:
                message = ("lost", None)
            if message[0] == "batch":
                part_tus, read, skipped, columns = message[1]
                number, tus = number + 1, tus + part_tus
                message = ("batch", Batch(read, Counter(skipped), UnitRows(columns)))
            elif message[0] == "gave up":
                message = ("gave up", tus)
            inbox.put(message)
            if message[0] != "batch":
                return

    try:
        threading.Thread(target=receive, daemon=True).start()
        while True:
            kind, payload = inbox.get()
            if kind == "batch":
                yield payload
            elif kind == "error":
                name, message, where, line, column, hint = payload
                error_type = getattr(errors, name, TmError)
                raise error_type(message, path=where, line=line, column=column, hint=hint)
            elif kind == "lost":
                codes = ", ".join(str(child.wait()) for child in children)
                raise TmError(f"the reading process stopped (exit code {codes})", path=path)
            elif kind == "gave up":  # one reader reads on from that part, through lxml
                _stop(children, stop, inbox)
                yield from batches_from_worker(path, {**options, "skip_tu": payload}, origin, batch_size)
                return
            else:
                return
    finally:
        _stop(children, stop, inbox)


def _start(request: tuple[Path, dict[str, Any], Origin | None, int, Any]) -> subprocess.Popen[bytes] | _Forked:
    """A reading process running ``_worker(*request)``: forked from this one where that is safe
    (Linux, and no other thread that could hold a lock the copy would wait for), else a new
    interpreter."""
    if sys.platform == "linux" and threading.active_count() == 1:
        return _Forked(request)
    return start_python(_WORKER, request)


def start_python(code: str, request: object, stderr: int | None = None) -> subprocess.Popen[bytes]:
    """A new interpreter running ``code`` with this tm importable, its stdout piped (and ``stderr``
    as Popen takes it); ``code`` reads ``request`` with ``pickle.load(sys.stdin.buffer)``. The
    request goes over stdin, never in the arguments, which ``ps`` shows (a PostgreSQL URL may hold
    a password)."""
    env = dict(os.environ)
    package_root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
    child = subprocess.Popen(
        # -P: this tm, not one that happens to be in the current folder (first on sys.path for -c).
        [sys.executable, "-P", "-c", code],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=stderr,
        env=env,
    )
    assert child.stdin is not None
    child.stdin.write(pickle.dumps(request))
    child.stdin.close()
    return child


class _Forked:
    """A reading process forked from this one, with Popen's ``stdout``, ``poll``, ``kill`` and
    ``wait``: it starts at once, with tm imported (a new interpreter takes 0.15 s of CPU to import
    it, more where Python may not write its bytecode)."""

    def __init__(self, request: tuple[Path, dict[str, Any], Origin | None, int, Any]) -> None:
        import fcntl  # Linux only, as this class

        read, write = os.pipe()
        try:  # a batch goes through the pipe in 1 MiB writes, not 64 KiB ones (Linux's most, default)
            fcntl.fcntl(write, fcntl.F_SETPIPE_SZ, 1 << 20)
        except OSError:
            pass
        self.pid = os.fork()
        if self.pid == 0:  # the reading process: _worker, then out at once (nothing of this one's to clean up)
            code = 1
            try:
                os.close(read)
                with open(write, "wb") as out:
                    _worker(*request, out)
                code = 0
            finally:
                os._exit(code)
        os.close(write)
        self.stdout = open(read, "rb")  # noqa: SIM115  # as Popen's, left to the collector
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self._ended(status)
        return self.returncode

    def kill(self) -> None:
        if self.returncode is None:
            os.kill(self.pid, signal.SIGKILL)

    def wait(self) -> int:
        if self.returncode is None:
            self._ended(os.waitpid(self.pid, 0)[1])
        assert self.returncode is not None
        return self.returncode

    def _ended(self, status: int) -> None:
        self.returncode = os.waitstatus_to_exitcode(status)


def _stop(children: list[subprocess.Popen[bytes] | _Forked], stop: threading.Event, inbox: queue.Queue[Any]) -> None:
    """Stop the reading processes and the thread that takes their batches."""
    stop.set()
    for child in children:
        if child.poll() is None:
            child.kill()
        child.wait()
    while not inbox.empty():  # let a receiver blocked on a full queue finish
        inbox.get_nowait()


def batches_of_file(
    path: str | Path, options: dict[str, Any], origin: Origin | None, batch_size: int, parallel: bool | None
) -> Iterator[Batch]:
    """The batches of ``path``: read by other processes when ``parallel`` (by default for files over
    8 MB), so an import uses more cores (a large TMX file by ``READERS`` processes, part by part);
    ``options`` as ``read_units``."""
    from tm.formats import format_for, tmx, tmx_scan

    path = Path(path)
    size = path.stat().st_size if path.is_file() else 0
    if parallel is None:
        parallel = size > PARALLEL_BYTES
    if parallel:
        readers = min(READERS, os.cpu_count() or 1)  # one core: one reader, as many would take turns
        try:
            parts = size > tmx_scan.FIRST_PART + tmx_scan.PART and format_for(path, options.get("format")) is tmx
        except TmError:
            parts = False  # the reading process says why
        return batches_from_worker(path, options, origin, batch_size, readers if parts else 1)
    return batches(read_units(path, options), origin, batch_size)


def run(
    batches: Iterator[Batch],
    write: Callable[[UnitRows, ImportSummary], None],
    summary: ImportSummary,
    progress: Progress | None,
) -> ImportSummary:
    """Write ``batches`` one at a time with ``write`` (one transaction each), counting into ``summary``.

    A TmError from the input (a broken file) says what was imported before it; ``progress`` is
    called with the summary so far after each batch.
    """
    collecting = gc.isenabled()
    gc.disable()  # rows hold no cycles: the collector would only walk them again and again
    try:
        for batch in batches:
            write(batch.rows, summary)
            summary.read += batch.read
            summary.skipped.update(batch.skipped)
            if progress:
                progress(summary)
    except TmError as exc:
        if not summary.read and exc.line is None:
            raise  # nothing was read: the file could not be opened at all
        raise type(exc)(
            f"{exc.message}; imported before the error: {summary.describe()}, nothing from the batch"
            " in which the error occurred",
            path=exc.path,
            line=exc.line,
            column=exc.column,
            hint="fix the file and import it again: what is already in the memory is skipped",
        ) from exc
    finally:
        if collecting:
            gc.enable()
    return summary
