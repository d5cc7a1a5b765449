"""The SQLite memory backend: idempotent and transactional imports, history, export, concurrency."""

from __future__ import annotations

import random
import shutil
import sqlite3
import subprocess
import sys
import textwrap
import time
from contextlib import closing
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.memory_helpers import sentences, unit, write_tmx
from tm.errors import TmError
from tm.formats import tmx
from tm.memory import bulk, default_memory_location, importer
from tm.memory.backends.sqlite import SqliteMemory
from tm.model import Origin, Tag, Unit, Variant

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def memory(tmp_path: Path):
    with SqliteMemory(tmp_path / "memory.db") as store:
        yield store


def count(memory: SqliteMemory, table: str) -> int:
    return memory.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_a_unit_repeated_in_a_later_batch_of_a_first_import_ends_the_bulk_load(memory: SqliteMemory) -> None:
    # What the memory then holds is in the contract suite; here: the key index is back.
    units = sentences(5)
    memory.import_units([*units, units[0]], batch_size=2)
    assert memory.db.execute("SELECT 1 FROM sqlite_master WHERE name = 'units_key'").fetchone()
    with pytest.raises(sqlite3.IntegrityError):  # the key index is back and unique
        memory.db.execute("INSERT INTO units SELECT id + 100, key, fingerprint, tuid, src_lang, origin, extra, added,"
                          " changed, source, variants, added_by, written, written_by FROM units WHERE id = 1")  # fmt: skip


def segments(memory: SqliteMemory) -> int:
    """How many segments FTS5's structure record says the word index has."""
    block = memory.db.execute("SELECT block FROM source_index_data WHERE id = 10").fetchone()[0]
    rest = block[8:] if block[4:8] == b"\xff\x00\x00\x01" else block[4:]  # cookie, then a v2 marker or not
    return rest[1]  # after the number of levels (varints: single bytes below 128)


def test_a_first_import_leaves_the_word_index_in_one_segment_and_a_later_one_adds_its_own(
    memory: SqliteMemory,
) -> None:
    memory.import_units(sentences(50), batch_size=5)
    assert segments(memory) == 1
    memory.import_units(sentences(60)[50:], batch_size=5)
    assert segments(memory) > 1


def journal_and_word_index_settings(path: Path) -> tuple[str, dict[str, int]]:
    """The journal mode of the memory at ``path`` and the settings of its word index, as another
    connection sees them."""
    with closing(sqlite3.connect(path)) as db:
        return db.execute("PRAGMA journal_mode").fetchone()[0], dict(db.execute("SELECT k, v FROM source_index_config"))


def test_a_bulk_load_writes_through_a_rollback_journal_and_leaves_the_memory_as_a_fresh_one(tmp_path: Path) -> None:
    path, seen = tmp_path / "memory.db", []
    with SqliteMemory(path) as memory:
        fresh = journal_and_word_index_settings(path)
        memory.import_units(
            sentences(50), batch_size=20, progress=lambda _: seen.append(journal_and_word_index_settings(path))
        )
    assert fresh == ("wal", {"version": 4})
    assert seen[0] == ("delete", {"version": 4, "automerge": 0, "hashsize": 16 << 20})
    assert journal_and_word_index_settings(path) == fresh
    assert sorted(p.name for p in tmp_path.iterdir()) == ["memory.db"]


def test_a_bulk_load_goes_on_in_wal_mode_while_another_connection_holds_the_memory(memory: SqliteMemory) -> None:
    seen: list[tuple[str, dict[str, int]]] = []
    with SqliteMemory(memory.path) as importing:
        importing.import_units(
            sentences(50), batch_size=20, progress=lambda _: seen.append(journal_and_word_index_settings(memory.path))
        )
    assert {journal for journal, _settings in seen} == {"wal"}
    assert journal_and_word_index_settings(memory.path) == ("wal", {"version": 4})


def test_a_first_import_that_stopped_dead_is_indexed_and_completed_by_the_next(tmp_path: Path) -> None:
    # The import killed is the only one to hold the memory open: it wrote through a rollback journal.
    stop_after_a_batch = textwrap.dedent("""\
        import os, sys
        from tests.memory_helpers import sentences
        from tm.memory.backends.sqlite import SqliteMemory
        SqliteMemory(sys.argv[1]).import_units(sentences(50), batch_size=20, progress=lambda summary: os._exit(3))
        """)
    process = subprocess.run([sys.executable, "-c", stop_after_a_batch, str(tmp_path / "memory.db")], cwd=REPO)
    assert process.returncode == 3
    assert journal_and_word_index_settings(tmp_path / "memory.db")[0] == "delete"
    with SqliteMemory(tmp_path / "memory.db") as memory:
        assert count(memory, "units") == 20
        assert not memory.db.execute("SELECT 1 FROM sqlite_master WHERE name = 'units_key'").fetchone()
        summary = memory.import_units([*sentences(50), *sentences(50)], batch_size=20)
        assert (summary.added, summary.skipped["unchanged"]) == (30, 70)
        assert memory.db.execute("SELECT count(*), count(DISTINCT key) FROM units").fetchone() == (50, 50)
        assert memory.db.execute("SELECT 1 FROM sqlite_master WHERE name = 'units_key'").fetchone()
        assert not memory.db.execute("SELECT 1 FROM meta WHERE key = 'bulk_load'").fetchone()
    assert journal_and_word_index_settings(tmp_path / "memory.db") == ("wal", {"version": 4})


def test_an_import_adding_nothing_after_a_first_one_was_killed_counts_the_terms_it_left_behind(
    tmp_path: Path,
) -> None:
    # Killed after its third batch, the load had counted the terms of its first two (the memory
    # doubled at 10 and 20 units, not at 30).
    stop_after_three_batches = textwrap.dedent("""\
        import os, sys
        from tests.memory_helpers import sentences
        from tm.memory.backends.sqlite import SqliteMemory
        SqliteMemory(sys.argv[1]).import_units(sentences(50), batch_size=10,
                                               progress=lambda summary: summary.added == 30 and os._exit(3))
        """)
    path = tmp_path / "memory.db"
    process = subprocess.run([sys.executable, "-c", stop_after_three_batches, str(path)], cwd=REPO)
    assert process.returncode == 3
    with SqliteMemory(path) as memory:
        assert memory.db.execute("SELECT value FROM meta WHERE key = 'terms_upto'").fetchone() == ("20",)
        assert memory.import_units(sentences(30)).skipped["unchanged"] == 30
        memory.db.execute("CREATE VIRTUAL TABLE temp.vocabulary USING fts5vocab(main, source_index, row)")
        assert memory.db.execute("SELECT value FROM meta WHERE key = 'terms_upto'").fetchone() == ("30",)
        assert (
            memory.db.execute("SELECT term, docs FROM terms ORDER BY term").fetchall()
            == memory.db.execute("SELECT term, doc FROM temp.vocabulary ORDER BY term").fetchall()
        )


def test_the_reading_process_runs_this_tm_whatever_the_current_folder_holds(
    memory: SqliteMemory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_tmx(tmp_path / "small.tmx", sentences(12))
    (tmp_path / "tm").mkdir()
    (tmp_path / "tm" / "__init__.py").write_text("raise ImportError('another tm')\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert memory.import_file(path, parallel=True).added == 12


def test_the_default_memory_lives_in_the_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TM_MEMORY", raising=False)
    (tmp_path / "segments" / "doc").mkdir(parents=True)
    with pytest.raises(TmError, match="not inside a tm project"):
        default_memory_location(tmp_path / "segments" / "doc")
    (tmp_path / "tm.toml").write_text("", encoding="utf-8")
    assert default_memory_location(tmp_path / "segments" / "doc") == str(tmp_path.resolve() / ".tm" / "memory.db")
    (tmp_path / "tm.toml").write_text('memory = "shared/tm.db"\n', encoding="utf-8")
    assert default_memory_location(tmp_path / "segments" / "doc") == str(tmp_path.resolve() / "shared" / "tm.db")
    (tmp_path / "tm.toml").write_text('memory = "postgresql://ann@db.example.org:5432/tm"\n', encoding="utf-8")
    assert default_memory_location(tmp_path) == "postgresql://ann@db.example.org:5432/tm"
    monkeypatch.setenv("TM_MEMORY", str(tmp_path / "elsewhere.db"))
    assert default_memory_location(tmp_path) == str(tmp_path / "elsewhere.db")


def test_a_reader_process_sees_committed_batches_while_another_writes(memory: SqliteMemory, tmp_path: Path) -> None:
    path = write_tmx(tmp_path / "many.tmx", sentences(3000))
    writer = subprocess.Popen(
        [sys.executable, "-c", "import sys; from tm.memory.backends.sqlite import SqliteMemory; "
         "SqliteMemory(sys.argv[1]).import_file(sys.argv[2], batch_size=200, parallel=False)", str(memory.path), str(path)],
        cwd=REPO,
    )  # fmt: skip
    seen = set()
    reader = sqlite3.connect(memory.path, timeout=30)
    while writer.poll() is None:
        units, indexed = reader.execute(
            "SELECT (SELECT count(*) FROM units), (SELECT count(*) FROM source_index WHERE source_index MATCH 'sentence')"
        ).fetchone()  # one statement, one snapshot: every unit there is in the index
        assert indexed == units and units % 200 == 0
        seen.add(units)
    assert writer.returncode == 0
    assert reader.execute("SELECT count(*) FROM units").fetchone()[0] == 3000
    assert len(seen) > 1  # the reader was never locked out


def test_a_reading_process_imports_only_what_reading_needs(tmp_path: Path) -> None:
    # A reader of a parallel import started as a Python of its own (when the importing process runs
    # other threads): numpy (the writer's), polib and the other formats took two thirds of its start.
    path = write_tmx(tmp_path / "parts.tmx", sentences(50))
    code = textwrap.dedent(f"""
        import sys, tm.memory.importer as i
        from tm.formats import tmx
        parts = tmx.Parts.open({str(path)!r})
        for number in range(len(parts)):
            assert len(i.part_rows(parts, parts.raw(number), parts.ends_file(number), None)[2]) == 50
        print(" ".join(sorted({{"numpy", "polib", "tm.formats.po", "tm.formats.xliff"}} & set(sys.modules))))
    """)
    found = subprocess.run([sys.executable, "-P", "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert found.stdout.strip() == ""


@pytest.mark.parametrize("thread", [False, True], ids=["forked", "new-interpreter"])
def test_the_readers_are_forked_from_an_importing_process_that_runs_no_other_thread(
    tmp_path: Path, thread: bool
) -> None:
    # Forked, a reader starts at once, with tm imported and whatever this process changed in it (here
    # its parts' rows, which count themselves). With another thread running it would be a new Python: a
    # thread may hold a lock that a forked copy would wait for forever.
    path = write_tmx(tmp_path / "parts.tmx", sentences(50))
    code = textwrap.dedent(f"""
        import threading, time
        from pathlib import Path
        import tm.memory.importer as i
        if {thread}:
            threading.Thread(target=time.sleep, args=(60,), daemon=True).start()
        part_rows = i.part_rows
        def counted(*args):
            found = part_rows(*args)
            found[1].skipped["changed here"] += 1
            return found
        i.part_rows = counted
        found = list(i.batches_from_worker(Path({str(path)!r}), {{}}, None, 20, readers=2))
        print(sum(len(b.rows) for b in found), sum(b.skipped["changed here"] for b in found))
    """)
    found = subprocess.run([sys.executable, "-P", "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert found.stdout.split() == ["50", "0" if thread else "1"]  # one part: the file is small


def test_the_readers_run_at_a_lower_priority_than_the_writer(tmp_path: Path) -> None:
    # The writer is the import's critical path: a reader that got as much of a core as it lets it wait.
    path = write_tmx(tmp_path / "parts.tmx", sentences(50))
    code = textwrap.dedent(f"""
        import os
        from pathlib import Path
        import tm.memory.importer as i
        part_rows = i.part_rows
        def noted(*args):
            found = part_rows(*args)
            found[1].skipped[str(os.nice(0))] += 1
            return found
        i.part_rows = noted
        found = list(i.batches_from_worker(Path({str(path)!r}), {{}}, None, 20, readers=2))
        print(os.nice(0), *(niceness for b in found for niceness in b.skipped))
    """)
    found = subprocess.run([sys.executable, "-P", "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    writer, *readers = map(int, found.stdout.split())
    assert readers == [min(writer + importer.READER_NICENESS, 19)]


def test_readers_read_all_the_same_where_their_priority_cannot_be_lowered(tmp_path: Path) -> None:
    path = write_tmx(tmp_path / "parts.tmx", sentences(50))
    code = textwrap.dedent(f"""
        import os
        from pathlib import Path
        import tm.memory.importer as i
        def refused(increment):
            raise PermissionError(1, "Operation not permitted")
        os.nice = refused  # as a sandbox that filters setpriority would answer
        found = list(i.batches_from_worker(Path({str(path)!r}), {{}}, None, 20, readers=2))
        print(sum(len(b.rows) for b in found))
    """)
    found = subprocess.run([sys.executable, "-P", "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert found.stdout.split() == ["50"]


def test_a_second_writer_waits_instead_of_failing(memory: SqliteMemory, tmp_path: Path) -> None:
    first = write_tmx(tmp_path / "first.tmx", sentences(2000))
    second = write_tmx(tmp_path / "second.tmx", [unit(f"o{n}", f"Other {n}.", f"Başqa {n}.") for n in range(2000)])
    code = "import sys; from tm.memory.backends.sqlite import SqliteMemory; SqliteMemory(sys.argv[1]).import_file(sys.argv[2], batch_size=100, parallel=False)"
    writers = [
        subprocess.Popen([sys.executable, "-c", code, str(memory.path), str(p)], cwd=REPO) for p in (first, second)
    ]
    assert [w.wait() for w in writers] == [0, 0]
    assert memory.stats().units == 4000


def test_plain_units_give_the_rows_of_the_units_they_stand_for(tmp_path: Path) -> None:
    from tm.memory.rows import plain_unit_row, unit_row

    path = tmp_path / "plain.tmx"
    path.write_text(
        textwrap.dedent("""\
        <?xml version="1.0" encoding="UTF-8"?>
        <tmx version="1.4"><header srclang="en" segtype="sentence" o-tmf="x" adminlang="en"
         datatype="plaintext" creationtool="t" creationtoolversion="1"/><body>
        <tu tuid="1" creationdate="20240101T120000Z" changedate="20240301T120000Z" creationid="ann"
         changeid="Bəy &quot;\\&quot;" usagecount="2">
         <tuv xml:lang="az"><seg>Sülh "və" \\ əmin-amanlıq.</seg></tuv><tuv xml:lang="EN-us"><seg>Peace.</seg></tuv></tu>
        <tu tuid="2" usagecount="3"><tuv xml:lang="en"><seg>Empty target.</seg></tuv><tuv xml:lang="ru"><seg/></tuv></tu>
        <tu tuid="3"><tuv xml:lang="en"><seg>Plain.</seg></tuv><tuv xml:lang="ru"><seg>Просто.</seg></tuv></tu>
        <tu tuid="4"><tuv xml:lang="en"><seg>Not <ph>x</ph> plain.</seg></tuv><tuv xml:lang="ru"><seg>Нет.</seg></tuv></tu>
        <tu tuid="5"><tuv xml:lang="en"><seg>Not <hi>plain</hi>.</seg></tuv><tuv xml:lang="ru"><seg>Нет.</seg></tuv></tu>
        <tu tuid="6"><tuv xml:lang="en"><seg>No translation.</seg></tuv></tu>
        </body></tmx>
        """),
        encoding="utf-8",
    )
    found = list(tmx.read_rows(path))
    plain = [u for u in found if isinstance(u, tmx.PlainUnit)]
    assert [u.id for u in plain] == ["1", "2", "3", "4", "6"] and plain[0].langs == ("en-US", "az")
    assert plain[3].contents == (("Not ", Tag("ph", (), "x"), " plain."), None)  # an inline code holding text
    units = list(tmx.read(path))
    assert [u.unit() for u in plain] == [*units[:4], units[5]]  # not 5: a <hi> is not a code holding text
    for plain_unit in plain:
        # a row, or why there is none
        assert plain_unit_row(plain_unit, Origin.IMPORTED.value) == unit_row(plain_unit.unit(), Origin.IMPORTED)


def test_a_memory_of_schema_2_is_brought_up_to_date_and_keeps_its_units(tmp_path: Path) -> None:
    path = tmp_path / "memory.db"
    with SqliteMemory(path) as memory:
        memory.import_units(sentences(3))
        for table, column in (("units", "added_by"), ("units", "written"), ("units", "written_by"),
                              ("history", "replaced_by")):  # fmt: skip
            memory.db.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
        memory.db.execute("UPDATE meta SET value = '2' WHERE key = 'schema'")
    with SqliteMemory(path) as memory:
        assert memory.db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone() == ("3",)
        assert [u.targets["az"].creator for u in memory.units()] == [None, None, None]  # not recorded then
        memory.import_units([unit("s0", sentences(1)[0].source.text, "Yeni.")])
        assert memory.history(1)[0]["replaced_by"] == memory.who


def test_a_memory_of_an_unknown_schema_is_refused_with_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "memory.db"
    with SqliteMemory(path) as memory:
        memory.db.execute("UPDATE meta SET value = '9' WHERE key = 'schema'")
    with pytest.raises(TmError, match="memory schema 9 is not 3") as caught:
        SqliteMemory(path)
    assert caught.value.hint == "upgrade tm"


@given(st.lists(st.lists(st.integers(-(2**63), 2**63 - 1) | st.integers(-3, 3), max_size=300), max_size=8))
def test_the_key_set_of_a_bulk_load_holds_what_a_set_holds(batches: list[list[int]]) -> None:
    keys, expected = bulk.KeySet(), set[int]()
    for batch in batches:
        assert keys.isdisjoint(batch) == expected.isdisjoint(batch)
        keys.update(batch)
        expected.update(batch)
        assert len(keys) == len(expected)
    assert all(not keys.isdisjoint([key]) for key in expected)


def test_a_key_set_leaves_numpy_masked_arrays_unloaded() -> None:
    # numpy.unique loads numpy.ma (0.02 s) to see whether its array is masked: a bulk load's first batch waited for it.
    code = "import sys; from tm.memory import bulk; k = bulk.KeySet(); k.update([3, 1, 3, 0]); print(len(k), 'numpy.ma' in sys.modules)"
    found = subprocess.run([sys.executable, "-P", "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert found.stdout.split() == ["3", "False"]


def test_a_key_set_that_grows_places_its_keys_again_a_slice_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bulk, "_REHASH", 100)  # many slices already at the first growth (1024 slots)
    rng = random.Random(7)
    keys, expected = bulk.KeySet(), set[int]()
    for _ in range(10):
        batch = {rng.randint(-(2**63), 2**63 - 1) for _ in range(500)} | {rng.randint(-3, 3)}
        assert keys.isdisjoint(batch) == expected.isdisjoint(batch)
        keys.update(batch)
        expected.update(batch)
    assert len(keys) == len(expected) and len(keys.slots) > 4096
    assert all(not keys.isdisjoint([key]) for key in expected)


def test_an_import_reads_without_the_map_and_lookups_read_through_it_again(
    memory: SqliteMemory, tmp_path: Path
) -> None:
    seen: list[int] = []
    memory.import_units(
        sentences(5), progress=lambda _s: seen.append(memory.db.execute("PRAGMA mmap_size").fetchone()[0])
    )
    assert seen == [0]  # mapped, the pages an import reads (all of them, for its indexes) stay in its RSS
    assert memory.db.execute("PRAGMA mmap_size").fetchone()[0] > 0


def _nearest(memory: SqliteMemory) -> str:
    """The source found for a query whose best match only its word count tells apart (see the
    contract's test of a near match lacking the rarest words)."""
    found = memory.candidates("Zeta eta omega and the of.", "en", "az", limit=1, budget=10, pool_size=1)
    return found[0].text


def _far_and_common(memory: SqliteMemory) -> None:
    memory.import_units(
        [unit(f"d{n}", f"Zeta eta omega kappa lambda mu nu xi {n}.", az=f"Zeta {n}.") for n in range(12)]
    )
    memory.import_units([unit(f"c{n}", f"And the of so on {n}.", az=f"Və s. {n}.") for n in range(250)])


def test_the_lengths_of_the_sources_are_read_again_for_a_memory_made_again_in_its_place(tmp_path: Path) -> None:
    # Both memories have their nearest match at the same id: the second must not be ranked by
    # the word counts read from the first, which a connection still open keeps in this process.
    path = tmp_path / "memory.db"
    with SqliteMemory(path) as first:
        _far_and_common(first)
        first.import_units([unit("near", "Zeta and the of it.", az="Zeta və.")])
        assert _nearest(first) == "Zeta and the of it."
        path.unlink()
        with SqliteMemory(path) as second:
            _far_and_common(second)
            second.import_units([unit("far", "Zeta and so on it a b c d e f.", az="Zeta.")])
            second.import_units([unit("near", "Zeta and the of me.", az="Zeta və.")])
            assert _nearest(second) == "Zeta and the of me."


def test_what_is_known_of_a_memory_is_not_shared_with_a_copy_of_its_file(tmp_path: Path) -> None:
    # A byte copy keeps the memory's name. Once the two grow apart (their new units have the same
    # id), each must be ranked by the word counts of its own sources, both open in this process.
    path = tmp_path / "memory.db"
    with SqliteMemory(path) as original:
        _far_and_common(original)
    shutil.copyfile(path, tmp_path / "copy.db")
    with SqliteMemory(path) as original, SqliteMemory(tmp_path / "copy.db") as copy:
        original.import_units([unit("near", "Zeta and the of it.", az="Zeta və.")])
        assert _nearest(original) == "Zeta and the of it."
        copy.import_units([unit("far", "Zeta and so on it a b c d e f.", az="Zeta.")])
        copy.import_units([unit("near", "Zeta and the of me.", az="Zeta və.")])
        assert _nearest(copy) == "Zeta and the of me."


def test_the_lengths_of_sources_added_by_another_connection_are_read_when_they_are_found(memory: SqliteMemory) -> None:
    _far_and_common(memory)
    memory.import_units([unit("far", "Zeta and so on it a b c d e f.", az="Zeta.")])
    assert _nearest(memory) != "Zeta and the of me."  # the word counts are read
    with SqliteMemory(memory.path) as other:
        other.import_units([unit("near", "Zeta and the of me.", az="Zeta və.")])
    assert _nearest(memory) == "Zeta and the of me."


def test_a_memory_made_without_a_name_gets_one_when_opened_unless_another_connection_is_writing(
    memory: SqliteMemory,
) -> None:
    named = memory.db.execute("SELECT value FROM meta WHERE key = 'name'").fetchone()[0]
    memory.import_units(sentences(3))
    with SqliteMemory(memory.path.with_name("other.db")) as other:
        assert other.db.execute("SELECT value FROM meta WHERE key = 'name'").fetchone()[0] != named
    memory.db.execute("DELETE FROM meta WHERE key = 'name'")
    memory.db.execute("BEGIN IMMEDIATE")
    started = time.monotonic()
    with SqliteMemory(memory.path, timeout=30) as busy:
        assert time.monotonic() - started < 15  # it does not wait for the writer (30 s) to name it
        assert busy.db.execute("SELECT value FROM meta WHERE key = 'name'").fetchone() is None
        assert len(busy.candidates("Sentence number 2.", "en", "az", limit=3)) == 3
    memory.db.execute("ROLLBACK")
    with SqliteMemory(memory.path) as reopened:
        assert reopened.db.execute("SELECT value FROM meta WHERE key = 'name'").fetchone() is not None


def test_the_holders_of_a_common_term_are_kept_and_read_again_only_among_the_units_added_since(
    memory: SqliteMemory, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tm.memory.backends import sqlite as backend

    monkeypatch.setattr(backend, "_COMMON_HOLDERS", 5)
    memory.import_units([unit(f"c{n}", f"Common word number {n}.", az=f"Söz {n}.") for n in range(8)])
    memory.import_units([unit("r", "A rare one.", az="Nadir.")])
    postings = memory._postings()
    assert [len(ids) for ids in postings.holders(["common", "rare"])] == [8, 1]
    assert list(memory._held.terms) == ["common"]  # a rare term is read each time
    with SqliteMemory(memory.path) as other:  # the same memory: what is kept is shared
        assert other._held is memory._held
        other.import_units([unit("c8", "Common at last.", az="Söz.")])
    kept = memory._held.terms["common"][1]
    assert postings.holders(["common"])[0] is kept  # this lookup began before the unit was added
    assert memory._postings().holders(["common"])[0].tolist() == [*range(1, 9), 10]
    assert memory._held.terms["common"][0] == 10


def test_priming_keeps_the_holders_of_a_rare_term_too(memory: SqliteMemory) -> None:
    # FTS5 reads a term's holders row by row: even a rare term's cost a lookup more than keeping them.
    memory.import_units([unit("r", "A rare one.", az="Nadir.")])
    memory.prime()
    assert memory._held.terms["rare"][1].tolist() == [1]


def test_priming_keeps_the_sources_and_those_of_units_added_since_are_read_until_they_are_many(
    memory: SqliteMemory, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tm.memory.backends import sqlite as backend

    monkeypatch.setattr(backend, "_SOURCES_AGAIN", 1)  # kept again once more were added than were kept
    memory.import_units([unit(f"s{n}", f"Sözlər İı ə number {n}.", az=f"Cümlə {n}.") for n in range(2)])
    memory.import_units(
        [Unit(id="r", source=Variant.of("ru", "Ёлка «тут»."), targets={"az": Variant.of("az", "Yolka.")})]
    )
    memory.prime()
    read: list[str] = []
    memory.db.set_trace_callback(read.append)
    try:
        assert memory._postings().sources([3, 2, 1], ["en"]) == {2: "Sözlər İı ə number 1.", 1: "Sözlər İı ə number 0."}
        assert memory._postings().sources([1, 3], ["ru", "az"]) == {3: "Ёлка «тут»."}
        assert not [sql for sql in read if "FROM units WHERE id IN" in sql]  # all kept
        with SqliteMemory(memory.path) as other:
            other.import_units([unit("n0", "New one.", az="Yeni.")])
        assert memory._postings().sources([4, 1], ["en"]) == {4: "New one.", 1: "Sözlər İı ə number 0."}
        assert [sql for sql in read if "FROM units WHERE id IN" in sql]  # the new one, from SQL
        with SqliteMemory(memory.path) as other:
            other.import_units([unit(f"n{n}", f"New {n}.", az="Yeni.") for n in range(1, 4)])
        read.clear()
        assert memory._postings().sources([7, 4, 3], ["en"]) == {7: "New 3.", 4: "New one."}
        assert not [sql for sql in read if "FROM units WHERE id IN" in sql]  # four new: all kept again
    finally:
        memory.db.set_trace_callback(None)


def test_the_holders_kept_are_bounded_the_least_recently_used_dropped(
    memory: SqliteMemory, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tm.memory.backends import sqlite as backend

    monkeypatch.setattr(backend, "_COMMON_HOLDERS", 2)
    monkeypatch.setattr(backend, "_HELD_POSTINGS", 7)
    memory.import_units([unit(f"u{n}", f"Alpha beta gamma {n}.", az=f"Söz {n}.") for n in range(3)])
    postings = memory._postings()
    postings.holders(["alpha", "beta"])
    postings.holders(["alpha", "gamma"])
    assert list(memory._held.terms) == ["alpha", "gamma"]
    assert memory._held.size == 6


def test_priming_reads_the_word_counts_and_the_common_terms_rarest_first_so_a_lookup_reads_neither(
    memory: SqliteMemory, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tm.memory.backends import sqlite as backend

    monkeypatch.setattr(backend, "_COMMON_HOLDERS", 3)
    monkeypatch.setattr(backend, "_HELD_POSTINGS", 9)
    # The same source under other ids: other units.
    memory.import_units([unit(f"a{n}", "Alpha beta.", az="Söz.") for n in range(3)])
    memory.import_units([unit(f"b{n}", "Beta gamma.", az="Söz.") for n in range(3)])
    memory.import_units([unit(f"g{n}", "Gamma.", az="Söz.") for n in range(2)])
    memory.import_units([unit("r", "A rare one.", az="Nadir.")])
    memory.prime()
    assert list(memory._held.terms) == ["alpha", "gamma"]  # 3 and 5 holders; beta's 6 more are over 9
    read = []
    memory.db.set_trace_callback(read.append)
    try:
        assert memory.candidates("Gamma alpha.", "en", "az", limit=3)
        memory._postings().nearest_in_length(["gamma"], 2, 3, memory._postings().holders)
    finally:
        memory.db.set_trace_callback(None)
    assert read  # the sources and units
    assert not [sql for sql in read if "source_index" in sql]  # neither the word index nor its counts
