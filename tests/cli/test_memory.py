"""The memory commands end to end: import (killed and resumed), lookup, export, analyze, pretranslate."""

from __future__ import annotations

import itertools
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import ARTICLE
from tests.memory_helpers import sentences, write_tmx
from tm.cli.app import app
from tm.formats import tmx, tmx_scan
from tm.memory import BATCH_SIZE, FIRST_BATCH

REPO = Path(__file__).resolve().parents[2]
runner = CliRunner()


def tm(*args: str) -> object:
    return runner.invoke(app, list(args))


def big_tmx(path: Path, count: int) -> Path:
    """A TMX of ``count`` three-language units, written as text (fast; tm's reader checks it)."""
    with open(path, "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="en" segtype="sentence"'
                  ' o-tmf="x" adminlang="en" datatype="plaintext" creationtool="t" creationtoolversion="1"/><body>\n')  # fmt: skip
        for n in range(count):
            out.write(f'<tu tuid="t{n}"><tuv xml:lang="en"><seg>Unit {n} of the big memory file says {n % 97} things.</seg></tuv>'
                      f'<tuv xml:lang="az"><seg>Böyük faylın {n} vahidi.</seg></tuv><tuv xml:lang="ru"><seg>Единица {n}.</seg></tuv></tu>\n')  # fmt: skip
        out.write("</body></tmx>\n")
    return path


def test_import_lookup_and_export_through_the_cli(tmp_path: Path) -> None:
    db = str(tmp_path / "m.db")
    path = write_tmx(tmp_path / "s.tmx", sentences(20))
    result = tm("import", str(path), "--memory", db, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["files"][str(path)]["added"] == 20
    again = json.loads(tm("import", str(path), "--memory", db, "--format", "json").stdout)
    assert again["files"][str(path)]["skipped_reasons"] == {"unchanged": 20}
    found = tm(
        "lookup",
        "Sentence number 3 speaks of item 22.",
        "--from",
        "en",
        "--to",
        "az",
        "--memory",
        db,
        "--format",
        "json",
    )
    matches = json.loads(found.stdout)["matches"]
    assert matches[0]["target"] == "3 nömrəli cümlə." and matches[0]["score"] < 95  # 21 -> 22
    nothing = tm(
        "lookup", "Completely unrelated words here.", "--from", "en", "--to", "az", "--memory", db, "--min", "90"
    )
    assert nothing.exit_code == 0 and nothing.stdout.strip() == "no match scoring 90 or more"
    out = tmp_path / "en-ru.tsv"
    assert tm("export", "--format", "tsv", "--from", "en", "--to", "ru", "-o", str(out), "--memory", db).exit_code == 0
    assert out.read_text(encoding="utf-8").count("\n") == 20


def test_the_memory_export_follows_the_extension_or_refuses_a_mismatch(tmp_path: Path) -> None:
    db = str(tmp_path / "m.db")
    assert tm("import", str(write_tmx(tmp_path / "s.tmx", sentences(3))), "--memory", db).exit_code == 0
    pairs = tmp_path / "pairs.tsv"
    assert tm("export", "--from", "en", "--to", "az", "-o", str(pairs), "--memory", db).exit_code == 0
    assert pairs.read_text(encoding="utf-8").splitlines()[0] == "Sentence number 0 speaks of item 0.\t0 nömrəli cümlə."
    for name, options in [("m.tsv", ["--format", "tmx"]), ("m.csv", []), ("m.csv", ["--format", "tmx"]),
                          ("m.tmx", ["--format", "tsv", "--to", "az"])]:  # fmt: skip
        result = tm("export", *options, "-o", str(tmp_path / name), "--memory", db)
        assert result.exit_code == 2 and result.stderr.startswith("tm: error:"), (name, result.output)
        assert not (tmp_path / name).exists()
    assert tm("export", "-o", str(tmp_path / "all.tmx"), "--memory", db).exit_code == 0
    assert (tmp_path / "all.tmx").read_text(encoding="utf-8").startswith("<?xml")


def test_a_broken_file_exits_2_naming_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.tmx"
    path.write_text(
        big_tmx(tmp_path / "ok.tmx", 3).read_text(encoding="utf-8").replace("</body>", "<tu><tuv>\n</body>")
    )
    result = tm("import", str(path), "--memory", str(tmp_path / "m.db"))
    assert result.exit_code == 2
    assert f"{path}:7:" in result.stderr and "imported before the error" in result.stderr


def test_a_killed_import_leaves_a_consistent_memory_and_resumes_without_duplicates(tmp_path: Path) -> None:
    total = 4 * BATCH_SIZE
    path = big_tmx(tmp_path / "big.tmx", total)
    db = tmp_path / "m.db"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    process = subprocess.Popen([sys.executable, "-m", "tm", "import", str(path), "--memory", str(db)], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    committed = 0
    deadline = time.monotonic() + 120
    while committed == 0 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
        if db.exists():
            try:
                committed = sqlite3.connect(db, timeout=5).execute("SELECT count(*) FROM units").fetchone()[0]
            except sqlite3.OperationalError:  # the schema is not there yet
                pass
    if process.poll() is not None:
        pytest.fail("the import finished before it could be killed")
    process.send_signal(signal.SIGKILL)
    process.wait()
    check = sqlite3.connect(db)
    assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    units, indexed = check.execute(
        "SELECT (SELECT count(*) FROM units), (SELECT count(*) FROM source_index WHERE source_index MATCH 'unit')"
    ).fetchone()
    # Whole batches only: a file this large is read by parts (by two reading processes), a batch a
    # part; with one core, by one process: the first (smaller) batch, then full ones.
    assert path.stat().st_size > tmx_scan.FIRST_PART + tmx_scan.PART
    if (os.cpu_count() or 1) > 1:
        parts = tmx.Parts.open(path)
        assert parts is not None
        found = [parts.units(parts.raw(number), parts.ends_file(number)) for number in range(len(parts))]
        ends = set(itertools.accumulate(len(units) for units, _tus, _slow in filter(None, found)))
    else:
        ends = set(range(FIRST_BATCH, total, BATCH_SIZE))
    assert 0 < units < total and units in ends and indexed == units
    check.close()
    result = tm("import", str(path), "--memory", str(db), "--format", "json")
    summary = json.loads(result.stdout)["files"][str(path)]
    assert summary["added"] == total - units and summary["skipped_reasons"] == {"unchanged": units}
    check = sqlite3.connect(db)
    assert check.execute("SELECT count(*), count(DISTINCT key) FROM units").fetchone() == (total, total)
    assert check.execute("SELECT docs FROM terms WHERE term = 'unit'").fetchone()[0] == total


def test_analyze_and_pretranslate_a_document(segments: Path, tmp_path: Path) -> None:
    assert tm("build", "--root", str(segments)).exit_code == 0
    db = str(tmp_path / "m.db")
    tmx = segments.parent / "seed.tmx"
    from tests.memory_helpers import unit
    from tm import document

    first = document.source_units(document.open_document(ARTICLE, segments))[0].source.text
    write_tmx(tmx, [unit("x", first, "Birinci cümlənin tərcüməsi.")])
    assert tm("import", str(tmx), "--memory", db).exit_code == 0
    result = tm(
        "analyze", ARTICLE, "--root", str(segments), "--from", "en", "--to", "az", "--memory", db, "--format", "json"
    )
    assert result.exit_code == 0, result.output
    bands = json.loads(result.stdout)["bands"]
    assert bands["exact"]["segments"] + bands["context"]["segments"] == 1
    csv_out = tm("analyze", ARTICLE, "--root", str(segments), "--memory", db, "--format", "csv").stdout
    assert csv_out.splitlines()[0] == "band,segments,words,characters,percent"
    done = tm("pretranslate", ARTICLE, "--lang", "az", "--root", str(segments), "--memory", db, "--format", "json")
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["exact"] == 1


def test_lookup_without_a_memory_says_how_to_make_one(tmp_path: Path) -> None:
    result = tm("lookup", "Hello.", "--memory", str(tmp_path / "none.db"))
    assert result.exit_code == 2 and "tm import" in result.stderr


def test_import_of_a_po_whose_language_nothing_tells_asks_for_lang(tmp_path: Path) -> None:
    po_file = REPO / "tests" / "data" / "po" / "af-pootle.po"
    result = tm("import", str(po_file), "--memory", str(tmp_path / "m.db"))
    assert result.exit_code == 2 and "--lang" in result.stderr
    result = tm("import", str(po_file), "--lang", "af", "--memory", str(tmp_path / "m.db"), "--format", "json")
    assert result.exit_code == 0 and '"added": 3' in result.stdout


@pytest.mark.parametrize("n", ["0", "-1"])
def test_lookup_refuses_fewer_than_one_match(tmp_path: Path, n: str) -> None:
    db = str(tmp_path / "m.db")
    assert tm("import", str(write_tmx(tmp_path / "s.tmx", sentences(3))), "--memory", db).exit_code == 0
    result = tm("lookup", "Sentence number 1 speaks of item 7.", "--memory", db, "-n", n)
    assert result.exit_code == 2 and "Traceback" not in result.output and "-n" in result.output


def test_a_tsv_without_languages_hints_at_the_options_import_has(tmp_path: Path) -> None:
    path = tmp_path / "pairs.tsv"
    path.write_text("Good morning\tSabahınız xeyir\n", encoding="utf-8")
    result = tm("import", str(path), "--memory", str(tmp_path / "m.db"))
    assert result.exit_code == 2
    assert "--from and --to" in result.stderr and "--source-lang" not in result.stderr


def test_import_draws_no_progress_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    path = write_tmx(tmp_path / "s.tmx", sentences(3))
    result = tm("import", str(path), "--memory", str(tmp_path / "m.db"))
    assert result.exit_code == 0
    assert [line.split(":")[0] for line in result.stderr.splitlines()] == [str(path)]


def test_a_file_of_no_known_format_hints_at_every_extension_import_takes(tmp_path: Path) -> None:
    path = tmp_path / "pairs.xyz"
    path.write_text("Good morning\tSabahınız xeyir\n", encoding="utf-8")
    result = tm("import", str(path), "--memory", str(tmp_path / "m.db"))
    assert result.exit_code == 2 and ".tmx" in result.stderr and ".tsv" in result.stderr
