"""Run tm commands at the same moment, as a team does, then check that nothing was lost.

Shared by the bounded run in the suite (tests/test_concurrency.py) and the full one
(``python benchmarks/concurrency.py``). Every scenario works on a copy of the kill harness's small
project (the article, its glossary, a memory, tm.toml) with real ``tm`` processes:

- two ``tm build`` at once;
- a translate session saving unit after unit while ``tm build`` runs again and again;
- two ``tm glossary add`` at once;
- ``tm import`` into the SQLite memory while ``tm export`` and ``tm lookup`` run;
- a writer told ``--no-wait`` while another holds the project lock, and one that waits;
- the lock of a ``tm build`` killed with SIGKILL.

After each, the trust invariant holds (``kill_harness.state``): every file parses, and every
language, translation, hint and header field is what running the same commands one after the
other leaves; what each writer wrote is there.
"""

from __future__ import annotations

import json
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tm.formats import tmx
from tm.glossary.io import read_glossary

from .kill_harness import COMMANDS, DOC, REPO, base_project, make_tmx, state

#: The project's glossary and the views beside it.
GLOSSARY = Path("glossaries") / f"{DOC}.tbx"
#: Seconds a command may take before the harness calls it hung.
TIMEOUT = 300

SAVES = """
import json, sys, time
from tm.document import open_document
from tm.session import open_session
with open_session(open_document(sys.argv[1]), "az") as session:
    last = {}
    for number in range(int(sys.argv[2])):
        session.jump(number % len(session.units) + 1)
        last[session.current.id] = f"Saved while a build runs, number {number}."
        assert session.edit(last[session.current.id])
        time.sleep(float(sys.argv[3]))
print(json.dumps(last))
"""

HOLD = """
import sys
from tm.lock import project_lock
with project_lock(sys.argv[1]):
    print("held", flush=True)
    sys.stdin.read()
"""

PROBE = """
import json, sys, time
from pathlib import Path
from tm.match import lookup
from tm.memory import open_memory
with open_memory(sys.argv[1], create=False) as memory:
    times = []
    while not Path(sys.argv[2]).exists() or len(times) < 3:
        started = time.perf_counter()
        lookup(memory, "Kill test sentence number 7 about the memory.", "en", "az")
        times.append(time.perf_counter() - started)
print(json.dumps(times))
"""


@dataclass(frozen=True)
class Done:
    """A finished process: its arguments, exit code, output and wall time."""

    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str
    seconds: float


def start(project: Path, *args: str) -> subprocess.Popen[str]:
    """``tm ARGS`` in ``project``; ``-c CODE ARGS`` runs Python code instead (a library call)."""
    argv = [sys.executable, *args] if args[0] == "-c" else [sys.executable, "-m", "tm", *args]
    return subprocess.Popen(argv, cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(process: subprocess.Popen[str], args: Sequence[str], started: float) -> Done:
    out, err = process.communicate(timeout=TIMEOUT)
    return Done(tuple(args), process.returncode, out, err, time.monotonic() - started)


def run(project: Path, *args: str) -> Done:
    return together(project, [args])[0]


def together(project: Path, commands: Sequence[Sequence[str]]) -> list[Done]:
    """Start every command at once in ``project``; wait for them all."""
    started = time.monotonic()
    processes = [start(project, *args) for args in commands]
    return [finish(process, args, started) for process, args in zip(processes, commands)]


def ok(done: Done) -> Done:
    """``done``, checked: exit 0 and no traceback."""
    assert done.returncode == 0 and "Traceback" not in done.stderr, f"{done.args}: {done.stderr[-2000:]}"
    return done


def repeat(project: Path, args: Sequence[str], until: Callable[[], bool]) -> list[Done]:
    """Run ``tm ARGS`` again and again until ``until()`` is true when one ends (at least once)."""
    results = []
    while True:
        results.append(run(project, *args))
        if until():
            return results


def copy_of_base(folder: Path, name: str) -> Path:
    """A fresh copy of the base project (made once under ``folder``) as ``folder/name``."""
    base = folder / "base"
    if not base.exists():
        base_project(folder)
    copy = folder / name
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(base, copy)
    return copy


def unbuilt(folder: Path, name: str) -> tuple[Path, dict[str, object]]:
    """A copy with files for ``tm build`` to write, and the state one build leaves in it."""
    reference = copy_of_base(folder, f"{name}-reference")
    COMMANDS["build"].prepare(reference)
    ok(run(reference, "build"))
    expected = state(reference, memory=False)
    shutil.rmtree(reference)
    copy = copy_of_base(folder, name)
    COMMANDS["build"].prepare(copy)
    return copy, expected


# --------------------------------------------------------------------------- the scenarios


def two_builds(folder: Path, rounds: int) -> dict[str, object]:
    """Two ``tm build`` at once, ``rounds`` times: the project is what one build leaves."""
    waited = 0
    seconds = []
    for number in range(rounds):
        copy, expected = unbuilt(folder, "two-builds")
        both = [ok(done) for done in together(copy, [("build",), ("build",)])]
        waited += any("tm: waiting for another tm command" in done.stderr for done in both)
        seconds.append(max(done.seconds for done in both))
        assert state(copy, memory=False) == expected, f"two builds at once (round {number}) lost or changed work"
        shutil.rmtree(copy)
    return {"rounds": rounds, "one waited and said so": waited, "seconds a round": _spread(seconds)}


def saves_during_builds(folder: Path, saves: int, pause: float = 0.1) -> dict[str, object]:
    """A session saves ``saves`` times (unit after unit, round the document) into the az PO
    while ``tm build`` runs again and again: each unit holds its last save, and the project is
    what the saves and then one build leave."""
    reference = copy_of_base(folder, "saves-reference")
    ok(run(reference, "-c", SAVES, DOC, str(saves), "0"))
    ok(run(reference, "build"))
    expected = state(reference, memory=False)
    shutil.rmtree(reference)
    copy = copy_of_base(folder, "saves")
    started = time.monotonic()
    saver = start(copy, "-c", SAVES, DOC, str(saves), str(pause))
    builds = [ok(done) for done in repeat(copy, ["build"], lambda: saver.poll() is not None)]
    last = json.loads(ok(finish(saver, ["save"], started)).stdout)
    ok(run(copy, "build"))
    texts = {entry.msgctxt: entry.msgstr for entry in _po(copy / "segments" / DOC / "az.po")}
    lost = sorted(unit for unit, text in last.items() if texts.get(unit) != text)
    assert not lost, f"saves lost while tm build ran: units {lost}"
    assert state(copy, memory=False) == expected, "a save during a build lost or changed other work"
    shutil.rmtree(copy)
    return {"saves": saves, "builds meanwhile": len(builds)}


def glossary_adds(folder: Path, rounds: int) -> dict[str, object]:
    """Two ``tm glossary add`` at once, ``rounds`` times: every entry lands, in the TBX and in
    its views, and every entry that was there stays as it was."""
    copy = copy_of_base(folder, "glossary-adds")
    before = _entries(copy / GLOSSARY)
    added = []
    for number in range(rounds):
        pair = [f"Concurrentville{number}a", f"Concurrentville{number}b"]
        added += pair
        for done in together(copy, [_add(term) for term in pair]):
            ok(done)
    after = _entries(copy / GLOSSARY)
    assert before.items() <= after.items(), "an entry that was there changed or went"
    for path in (GLOSSARY, GLOSSARY.with_suffix(".csv"), GLOSSARY.with_suffix(".en-az.txt")):
        lost = sorted(set(added) - _english(copy / path))
        assert not lost, f"{path}: glossary entries lost when added at the same time: {lost}"
    state(copy, memory=False)  # every file parses
    shutil.rmtree(copy)
    return {"rounds": rounds, "entries added": len(added)}


def memory_during_import(folder: Path, units: int, probe: bool = False) -> dict[str, object]:
    """``tm import`` of ``units`` units into the memory while ``tm export`` and ``tm lookup`` run
    again and again: none fails, each export holds whole batches in import order (a consistent
    snapshot), the memory is sound afterwards. With ``probe``, a process of its own times
    library lookups before and during the import (seconds, in the result)."""
    copy = copy_of_base(folder, "memory")
    make_tmx(copy / "import.tmx", units)
    memory = str(copy / "memory.db")
    before = {unit.id for unit in tmx.read(copy / "segments" / DOC / f"{DOC}.tmx")}
    figures: dict[str, object] = {"units": units}
    if probe:
        idle = time.monotonic() + 10
        figures["lookup seconds, idle"] = _probe(copy, memory, lambda: time.monotonic() > idle)
    started = time.monotonic()
    importer = start(copy, "import", "import.tmx", "--memory", memory)
    importing = threading.Event()
    importing.set()
    exports: list[tuple[Done, list[str]]] = []
    lookups: list[Done] = []

    def export_loop() -> None:
        number = 0
        while importing.is_set():
            number += 1
            out = copy / f"export-{number}.tmx"
            done = run(copy, "export", "--memory", memory, "-o", str(out))
            exports.append((done, [unit.id for unit in tmx.read(out)] if done.returncode == 0 else []))
            out.unlink(missing_ok=True)

    def lookup_loop() -> None:
        while importing.is_set():
            lookups.append(run(copy, "lookup", "Kill test sentence number 7 about the memory.", "--memory", memory,
                               "--format", "json"))  # fmt: skip

    threads = [threading.Thread(target=export_loop), threading.Thread(target=lookup_loop)]
    for thread in threads:
        thread.start()
    if probe:
        figures["lookup seconds, during the import"] = _probe(copy, memory, lambda: importer.poll() is not None)
    imported = ok(finish(importer, ["import"], started))
    importing.clear()
    for thread in threads:
        thread.join()
    for done in lookups:
        json.loads(ok(done).stdout)
    seen = []
    for done, ids in exports:
        ok(done)
        assert before <= set(ids), "an export missed units that were in the memory before the import"
        new = [i for i in ids if i not in before]
        assert new == [f"k{n}" for n in range(len(new))], f"an export is not a snapshot: {len(new)} units, not a prefix"
        seen.append(len(new))
    db = sqlite3.connect(memory)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("SELECT count(*) FROM units").fetchone()[0] == units + len(before)
    finally:
        db.close()
    shutil.rmtree(copy)
    figures.update({"import seconds": round(imported.seconds, 1), "exports": len(exports),
                    "units each export saw": seen, "lookups": len(lookups),
                    "tm lookup seconds": _spread([done.seconds for done in lookups])})  # fmt: skip
    return figures


def refusal_and_waiting(folder: Path) -> dict[str, object]:
    """While another process holds the project lock, writers told ``--no-wait`` are refused
    (exit 2, one error line naming the holder) and change nothing; a writer that waits says for
    whom after a second and completes once the lock is free."""
    copy = copy_of_base(folder, "refusal")
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(copy)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        before = _files(copy)
        for args in (("build",), _add("Refusedville"), ("import", f"jobs/{DOC}.az.xlf", "--doc", DOC)):
            done = run(copy, "--no-wait", *args)
            errors = [line for line in done.stderr.splitlines() if line.startswith("tm: error:")]
            assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
            assert len(errors) == 1 and f"being written by another tm command (pid {holder.pid})" in errors[0], errors
        assert _files(copy) == before, "a refused writer changed the project"
        waiting = start(copy, "build")
        assert waiting.stderr is not None
        said = waiting.stderr.readline()
        assert f"tm: waiting for another tm command (pid {holder.pid})" in said, said
        assert waiting.poll() is None, "the waiting build did not wait"
    finally:
        if holder.stdin is not None:
            holder.stdin.close()
        holder.wait(timeout=TIMEOUT)
    ok(finish(waiting, ["build"], time.monotonic()))
    shutil.rmtree(copy)
    return {"refused": 3, "waited": 1}


def killed_holder(folder: Path, attempts: int = 20) -> dict[str, object]:
    """A ``tm build`` killed (SIGKILL) while it holds the project lock leaves no lock: the next
    build, told not to wait, runs at once, and the project is what one build leaves."""
    for attempt in range(1, attempts + 1):
        copy, expected = unbuilt(folder, "killed")
        process = start(copy, "build")
        pid = copy / ".tm" / "lock.pid"
        while process.poll() is None and not _holds(pid, process.pid):
            time.sleep(0.002)
        process.send_signal(signal.SIGKILL)
        process.communicate()
        if process.returncode != -signal.SIGKILL:
            continue  # it finished before it was caught holding the lock: again
        ok(run(copy, "--no-wait", "build"))
        assert state(copy, memory=False) == expected, "a build after a killed one lost or changed work"
        shutil.rmtree(copy)
        return {"attempts": attempt}
    raise AssertionError(f"tm build was never caught holding the lock in {attempts} attempts")


SCENARIOS: dict[str, Callable[..., dict[str, object]]] = {
    "two builds": two_builds,
    "saves during builds": saves_during_builds,
    "glossary adds": glossary_adds,
    "memory during import": memory_during_import,
    "refusal and waiting": refusal_and_waiting,
    "killed holder": killed_holder,
}


# --------------------------------------------------------------------------- helpers


def _add(term: str) -> tuple[str, ...]:
    return ("glossary", "add", "--type", "place", "--term", f"en={term}", "--term", f"az={term}")


def _entries(path: Path) -> dict[str, dict[str, object]]:
    return {entry.id: entry.to_dict() for entry in read_glossary(path)}


def _english(path: Path) -> set[str]:
    """The English terms of the glossary file at ``path`` (TBX or a view)."""
    return {term.text for entry in read_glossary(path) for term in entry.terms.get("en", [])}


def _po(path: Path) -> list:
    import polib

    return list(polib.pofile(str(path)))


def _files(project: Path) -> dict[str, bytes]:
    """Every file of the project but the memory and tm's own folder (the lock)."""
    return {str(p.relative_to(project)): p.read_bytes() for p in sorted(project.rglob("*"))
            if p.is_file() and ".tm" not in p.parts and not p.name.startswith("memory.db")}  # fmt: skip


def _holds(pid_file: Path, pid: int) -> bool:
    try:
        return pid_file.read_text("ascii") == str(pid)
    except OSError:
        return False


def _probe(project: Path, memory: str, until: Callable[[], object]) -> dict[str, float]:
    """Time library lookups in a process of its own until ``until()`` (at least three)."""
    stop = project / "probe-stop"
    stop.unlink(missing_ok=True)
    probe = start(project, "-c", PROBE, memory, str(stop))
    while not until() and probe.poll() is None:
        time.sleep(0.05)
    stop.touch()
    return _spread(json.loads(ok(finish(probe, ["probe"], time.monotonic())).stdout))


def _spread(values: Sequence[float]) -> dict[str, float]:
    """p50, p95 and the largest of ``values`` (seconds, rounded to ms)."""
    ordered = sorted(values)
    if not ordered:
        return {}
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"n": len(ordered), "p50": round(statistics.median(ordered), 3), "p95": round(p95, 3),
            "max": round(ordered[-1], 3)}  # fmt: skip


__all__ = ["REPO", "SCENARIOS"]
