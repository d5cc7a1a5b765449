"""Kill a tm command with SIGKILL at a seeded random moment, then check that nothing was lost.

Shared by the bounded run in the suite (tests/test_kill.py) and the full one
(``python benchmarks/kill.py``). For each command a small project is laid out (the article, its
glossary, a memory); the command runs once to the end for reference, then again and again in a
fresh copy, each time killed at a random moment of the reference run's time (past its first quarter,
which is mostly Python starting). After every kill:

- every file parses and round-trips (PO, TMX, glossary TBX and its CSV and OmegaT views), so each
  is its old or its new version, never half written;
- the memory passes ``PRAGMA integrity_check`` (SQLite) or holds each unit key once (PostgreSQL, on
  the server ``$TM_TEST_POSTGRES`` names);
- running the command again completes it, and the project then holds what the reference run left
  (dates aside), the memory the same units, none twice.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polib

from tests.memory.conftest import database_url
from tm.formats import po, tmx
from tm.glossary.io import read_glossary

REPO = Path(__file__).resolve().parent.parent
DOC = "article-2023-02-23"


def tm(project: Path, *args: str) -> subprocess.Popen[bytes]:
    """``tm ARGS`` in ``project``; ``-c CODE ARGS`` runs Python code instead (a library call)."""
    argv = [sys.executable, *args] if args[0] == "-c" else [sys.executable, "-m", "tm", *args]
    return subprocess.Popen(argv, cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def run_tm(project: Path, *args: str) -> tuple[int, str]:
    process = tm(project, *args)
    _, err = process.communicate(timeout=300)
    return process.returncode, err.decode("utf-8", "replace")


def blank_translations(path: Path) -> None:
    """Empty every translation of a PO file (headers kept), so a command has them to fill again."""
    catalog = polib.pofile(str(path))
    for entry in catalog:
        entry.msgstr = ""
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    catalog.save(str(path))


def make_tmx(path: Path, count: int, clauses: int = 1) -> None:
    """A TMX of ``count`` en+az units, large enough that an import takes a while; ``clauses`` makes
    each sentence that many clauses long."""
    from tm.model import Unit, Variant

    units = [Unit(f"k{i}", Variant.of("en", f"Kill test sentence number {i} about the memory"
                                      + "".join(f", and clause {c} of it" for c in range(1, clauses)) + "."),
                  {"az": Variant.of("az", f"Yaddaş haqqında {i} nömrəli sınaq cümləsi"
                                    + "".join(f", və onun {c} bəndi" for c in range(1, clauses)) + ".")})
             for i in range(count)]  # fmt: skip
    tmx.write(units, path, srclang="en")


def base_project(folder: Path) -> Path:
    """The article, its glossary and a memory holding the article's TMX, in ``folder``."""
    project = folder / "base"
    (project / "segments").mkdir(parents=True)
    shutil.copytree(REPO / "segments" / DOC, project / "segments" / DOC)
    shutil.copytree(REPO / "glossaries", project / "glossaries")
    for name in ("tm.toml",):
        if (REPO / name).is_file():
            shutil.copy(REPO / name, project / name)
    code, err = run_tm(project, "import", f"segments/{DOC}/{DOC}.tmx", "--memory", "memory.db")
    assert code == 0, err
    code, err = run_tm(project, "export", DOC, "--format", "xliff", "--lang", "az", "-o", "jobs")
    assert code == 0, err
    (project / "terms.en-az.txt").write_text("".join(f"Killtown{i}\tKilşəhər{i}\tplace\n" for i in range(50)), "utf-8")
    make_tmx(project / "big.tmx", 3000)
    # Over tmx_scan's first part and one more (9 MB): read by two processes, part by part.
    make_tmx(project / "large.tmx", 12000, clauses=14)
    return project


@dataclass(frozen=True)
class Command:
    """A command to kill: how to prepare a fresh copy, its arguments, the exit codes that complete it."""

    name: str
    prepare: Callable[[Path], None]
    args: tuple[str, ...]
    done: tuple[int, ...] = (0,)
    memory: bool = False  # whether it writes the memory (then checked too)
    postgres: bool = False  # whether that memory is a PostgreSQL database (the project file names it)


def _nothing(project: Path) -> None:
    pass


def _unbuilt(project: Path) -> None:
    for path in (project / "segments" / DOC).glob("*"):
        if path.suffix in (".pot", ".tmx") or path.name == "ru.po":
            path.unlink()


def _blank_az(project: Path) -> None:
    blank_translations(project / "segments" / DOC / "az.po")


def _fresh_memory(project: Path) -> None:
    (project / "memory.db").unlink()


def _fresh_postgres(project: Path) -> None:
    """A new empty database on ``$TM_TEST_POSTGRES`` for ``project``, named as its memory in tm.toml.
    The reference run and the killed runs each have one, made anew for every copy."""
    import psycopg

    server = os.environ["TM_TEST_POSTGRES"]
    name = f"tm_kill_{os.getpid()}_{'reference' if project.name.startswith('reference') else 'run'}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {name}")
    config = project / "tm.toml"
    url = database_url(server, name)
    config.write_text(re.sub(r"^memory = .*$", f'memory = "{url}"', config.read_text("utf-8"), flags=re.M), "utf-8")


SAVE = """
import sys
from tm.document import open_document
from tm.session import open_session
with open_session(open_document(sys.argv[1]), "az") as session:
    session.jump(1)
    session.edit("Killed while saving, and saved again.")
"""

COMMANDS: dict[str, Command] = {
    command.name: command
    for command in (
        Command("build", _unbuilt, ("build",)),
        Command("pretranslate", _blank_az, ("pretranslate", DOC, "--lang", "az", "--memory", "memory.db")),
        Command("import --doc", _blank_az, ("import", f"jobs/{DOC}.az.xlf", "--doc", DOC)),
        Command(
            "glossary add",
            _nothing,
            ("glossary", "add", "--type", "place", "--term", "en=Zzyzx", "--term", "az=Zzyzx", "--term", "ru=Зизикс"),
            done=(0, 2),
        ),  # fmt: skip
        Command("glossary import", _nothing, ("glossary", "import", "terms.en-az.txt")),
        Command("glossary export", _nothing, ("glossary", "export", "out/terms.tbx", "--to", "tbx3")),
        Command("translate save", _nothing, ("-c", SAVE, DOC)),
        Command("memory import", _fresh_memory, ("import", "big.tmx", "--memory", "memory.db"), memory=True),
        Command("memory import parts", _fresh_memory, ("import", "large.tmx", "--memory", "memory.db"), memory=True),
        Command("memory import postgresql", _fresh_postgres, ("import", "big.tmx"), memory=True, postgres=True),
    )
}


def finish(project: Path, command: Command) -> None:
    process = tm(project, *command.args)
    _, err = process.communicate(timeout=300)
    assert process.returncode in command.done, f"{command.name} did not complete: {err.decode()[-2000:]}"


#: PO header fields that hold dates, which a run at another moment may change.
DATES = ("POT-Creation-Date", "PO-Revision-Date")


def state(project: Path, memory: bool = False, *, postgres: bool = False) -> dict[str, object]:
    """What the project holds, dates aside: every entry of every PO with its translation, flags,
    previous source and comments (glossary hints included) and the header fields; the TMX units;
    the glossary entries; with ``memory`` the memory's units (``postgres``: the PostgreSQL database
    its tm.toml names, else memory.db). Raises if any file is half written or broken."""
    found: dict[str, object] = {}
    for path in sorted((project / "segments").rglob("[!.]*.po*")):
        catalog = polib.pofile(str(path))
        entries = sorted((e.msgctxt or "", e.msgid, e.msgstr, tuple(sorted(e.flags)), e.obsolete, e.previous_msgid or "",
                          e.comment, e.tcomment) for e in catalog)  # fmt: skip
        header = sorted((key, value) for key, value in catalog.metadata.items() if key not in DATES)
        found[str(path.relative_to(project))] = (header, entries)
        if path.suffix == ".po":
            list(po.read(path))
    for path in sorted(project.rglob("[!.]*.tmx")):
        units = list(tmx.read(path))
        found[str(path.relative_to(project))] = sorted(
            (u.id, u.source.text, tuple(sorted((k, v.text) for k, v in u.targets.items()))) for u in units
        )
    for path in sorted(project.rglob("[!.]*.tbx")):
        found[str(path.relative_to(project))] = sorted(
            json.dumps(e.to_dict(), sort_keys=True) for e in read_glossary(path)
        )
    for path in sorted((project / "glossaries").glob("*.txt")) + sorted((project / "glossaries").glob("*.csv")):
        read_glossary(path)
    if postgres:
        found["memory"] = _postgres_units(project)
    elif memory and (project / "memory.db").exists():
        db = sqlite3.connect(project / "memory.db")
        try:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            db.close()
        found["memory"] = _exported_units(project, "--memory", "memory.db")
    return found


def _postgres_units(project: Path) -> int:
    """How many units the project's PostgreSQL memory holds; raises if a key is there twice."""
    import psycopg

    from tm.config import load_project

    url = str(load_project(project).memory_location)
    with psycopg.connect(url) as db:
        if db.execute("SELECT to_regclass('units')").fetchone() == (None,):
            return 0  # killed before the schema was made
        total, keys = db.execute("SELECT count(*), count(DISTINCT key) FROM units").fetchone() or (0, 0)
    assert total == keys, "a unit key is in the memory twice"
    return _exported_units(project) if total else 0


def _exported_units(project: Path, *memory: str) -> int:
    """How many units ``tm export`` writes from the memory; raises if one is there twice."""
    export = project / "memory-export.tmx"
    code, err = run_tm(project, "export", "--format", "tmx", *memory, "-o", str(export))
    assert code == 0, err
    ids = [u.id for u in tmx.read(export)]
    assert len(ids) == len(set(ids)), "a unit is in the memory twice"
    export.unlink()
    return len(ids)


def kill_runs(command: Command, kills: int, seed: int, folder: Path) -> list[float]:
    """Kill ``command`` ``kills`` times; return the moments (seconds) of the kills. Raises on loss."""
    base = folder / "base"
    if not base.exists():
        base_project(folder)
    reference = folder / f"reference-{command.name.replace(' ', '-')}"
    shutil.rmtree(reference, ignore_errors=True)
    shutil.copytree(base, reference)
    command.prepare(reference)
    started = time.monotonic()
    finish(reference, command)
    duration = time.monotonic() - started
    expected = state(reference, command.memory, postgres=command.postgres)
    rng = random.Random(seed)
    moments = []
    for number in range(kills):
        copy = folder / f"kill-{number}"
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(base, copy)
        command.prepare(copy)
        process = tm(copy, *command.args)
        moment = rng.uniform(duration / 4, duration)  # the first quarter is mostly Python starting
        try:
            process.wait(timeout=moment)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
            process.wait()
        moments.append(moment)
        state(copy, command.memory, postgres=command.postgres)  # every file parses, the memory is sound
        finish(copy, command)
        after = state(copy, command.memory, postgres=command.postgres)
        orphans = [p for p in copy.rglob(".*.tmp") if p.parent.name != ".tm"]
        assert not orphans, f"temporary files left after the command ran again: {orphans}"
        assert after == expected, f"{command.name} killed at {moment:.2f} s, then run again, lost or changed work"
        shutil.rmtree(copy)
    return moments
