"""The PostgreSQL memory beyond the contract: roles, passwords, schema versions, killed imports, team writes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy
import psycopg
import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from tests.memory.conftest import REPO, database_url
from tests.memory_helpers import sentences, unit, write_tmx
from tm.cli.app import app
from tm.errors import TmError
from tm.match import lookup
from tm.memory import open_memory
from tm.memory.backends.postgres import PostgresMemory, _blocks, _words
from tm.memory.rows import TOKEN
from tm.memory.schema import POSTGRES_VERSION

#: How many units hold each term, by the postings blocks (8 bytes an id).
HOLDERS = "SELECT term, sum(octet_length(ids)) / 8 FROM postings GROUP BY term ORDER BY term"

runner = CliRunner()


def role_url(url: str, role: str, password: str | None = None) -> str:
    """``url`` with ``role`` (and ``password``) instead of its user."""
    scheme, rest = url.split("://", 1)
    return f"{scheme}://{role}{':' + password if password else ''}@{rest.split('@', 1)[1]}"


def test_a_read_only_role_looks_up_but_cannot_import(postgres_url: str) -> None:
    with open_memory(postgres_url) as memory:
        memory.import_units(sentences(10))
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        admin.execute("DROP ROLE IF EXISTS tm_reader")
        admin.execute("CREATE ROLE tm_reader LOGIN")
        admin.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO tm_reader")
    try:
        with open_memory(role_url(postgres_url, "tm_reader"), create=False) as reader:
            assert lookup(reader, "Sentence number 3 speaks of item 21.", "en", "az")[0].score == 100
            with pytest.raises(TmError) as caught:
                reader.import_units([unit("new", "A new sentence.", "Yeni cümlə.")])
        assert "'tm_reader' may read the memory" in caught.value.message and "not write" in caught.value.message
        with open_memory(postgres_url) as memory:
            assert memory.stats().units == 10
    finally:
        with psycopg.connect(postgres_url, autocommit=True) as admin:
            admin.execute("DROP OWNED BY tm_reader")
            admin.execute("DROP ROLE tm_reader")


def test_the_password_never_shows_in_messages_or_output(postgres_url: str, tmp_path: Path) -> None:
    secret = "s3cr3t-Pa55"
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        admin.execute("DROP ROLE IF EXISTS tm_secret")
        admin.execute(f"CREATE ROLE tm_secret LOGIN SUPERUSER PASSWORD '{secret}'")
    try:
        wrong = role_url(postgres_url, "tm_secret", "wrong-" + secret)
        with pytest.raises(TmError) as caught:
            open_memory(wrong)
        assert secret not in str(caught.value) and "tm_secret:***@" in str(caught.value)
        right = role_url(postgres_url, "tm_secret", secret)
        path = write_tmx(tmp_path / "s.tmx", sentences(3))
        for args in (["import", str(path)], ["memory", "stats", "--format", "json"], ["lookup", "Sentence number 1."]):
            result = runner.invoke(app, [*args, "--memory", right])
            assert result.exit_code == 0, result.output
            assert secret not in result.output and secret not in result.stderr
        result = runner.invoke(app, ["memory", "stats", "--memory", wrong])
        assert result.exit_code == 2 and secret not in result.output + result.stderr
        assert result.stderr.startswith("tm: error: cannot connect to the memory")
    finally:
        with psycopg.connect(postgres_url, autocommit=True) as admin:
            admin.execute("DROP OWNED BY tm_secret")
            admin.execute("DROP ROLE tm_secret")


def test_an_older_or_missing_schema_gets_a_clear_message(postgres_url: str) -> None:
    with pytest.raises(TmError) as caught:
        open_memory(postgres_url, create=False)
    assert "no memory here yet" in caught.value.message and "tm memory init" in (caught.value.hint or "")
    with open_memory(postgres_url) as memory:
        memory.import_units(sentences(2))
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        admin.execute("UPDATE meta SET value = '0' WHERE key = 'schema'")
    with pytest.raises(TmError) as caught:
        open_memory(postgres_url)
    assert f"has schema 0, older than this tm's {POSTGRES_VERSION}" in caught.value.message


def test_a_killed_first_import_is_indexed_and_completed_by_the_next(postgres_url: str) -> None:
    stop_after_a_batch = textwrap.dedent("""\
        import os, sys
        from tests.memory_helpers import sentences
        from tm.memory import open_memory
        open_memory(sys.argv[1]).import_units(sentences(50), batch_size=20, progress=lambda summary: os._exit(3))
        """)
    process = subprocess.run([sys.executable, "-c", stop_after_a_batch, postgres_url], cwd=REPO)
    assert process.returncode == 3
    with psycopg.connect(postgres_url) as db:
        assert db.execute("SELECT count(*) FROM units").fetchone() == (20,)
        assert db.execute("SELECT to_regclass('postings_term')").fetchone() == (None,)  # built at the end
        assert db.execute("SELECT to_regclass('units_key')").fetchone() == (None,)
    with open_memory(postgres_url) as memory:  # found while the load waits for its end (counted from the postings)
        assert lookup(memory, "Sentence number 12 speaks of item 84.", "en", "az")[0].score == 100
    with open_memory(postgres_url) as memory:
        summary = memory.import_units([*sentences(50), *sentences(50)], batch_size=20)
        assert (summary.added, summary.skipped["unchanged"]) == (30, 70)
        assert lookup(memory, "Sentence number 42 speaks of item 294.", "en", "az")[0].score == 100
    with psycopg.connect(postgres_url) as db:
        assert db.execute("SELECT count(*), count(DISTINCT key) FROM units").fetchone() == (50, 50)
        assert db.execute("SELECT to_regclass('postings_term')::text").fetchone() == ("postings_term",)
        assert db.execute("SELECT to_regclass('units_key')::text").fetchone() == ("units_key",)
        assert db.execute("SELECT count(*) FROM meta WHERE key = 'bulk_load'").fetchone() == (0,)
        assert db.execute("SELECT term, docs FROM terms ORDER BY term").fetchall() == db.execute(HOLDERS).fetchall()


@given(st.text(st.characters(codec="utf-8")) | st.text("ab_Z09 .,-\t\n\\'\"\x00\x7f"))
def test_the_words_of_a_source_are_the_index_tokens(text: str) -> None:
    assert _words(text.encode()) == [word.encode() for word in TOKEN.findall(text)]


def _held(db: psycopg.Connection) -> dict[str, tuple[list[int], list[int]]]:
    """Each term's holders and their word counts, its blocks joined in order of first id."""
    held: dict[str, tuple[list[int], list[int]]] = {}
    for term, ids, lengths in db.execute("SELECT term, ids, lengths FROM postings ORDER BY term, first_id"):
        units, counts = held.setdefault(term, ([], []))
        units += numpy.frombuffer(ids, ">i8").tolist()
        counts += numpy.frombuffer(lengths, ">i2").tolist()
    return held


@given(
    st.lists(st.lists(st.sampled_from([b"a", b"bb", b"\xc9\x99li", b"7", b"null"]), max_size=140), max_size=30),
    st.integers(1, 2**40),
)
def test_a_batch_s_postings_hold_each_term_s_units_once_in_order_with_their_word_counts(
    sources: list[list[bytes]], first_id: int
) -> None:
    held = [word for words in sources for word in words]
    counts, data = _blocks(held, [len(words) for words in sources], first_id)
    assert data.startswith(b"PGCOPY\n\xff\r\n\x00" + bytes(8)) and data.endswith(b"\xff\xff")
    rows, at = [], 19  # COPY's binary format: a field count, then each field's length and bytes
    while at < len(data) - 2:
        assert int.from_bytes(data[at : at + 2], "big") == 4
        at += 2
        fields = []
        for _field in range(4):
            size = int.from_bytes(data[at : at + 4], "big")
            fields.append(data[at + 4 : at + 4 + size])
            at += 4 + size
        rows.append(fields)
    assert at == len(data) - 2
    assert [term for term, *_ in rows] == list(dict.fromkeys(held))  # a block for each term, once
    for term, first, ids, lengths in rows:
        holders = [n for n, words in enumerate(sources) if term in words]
        assert list(numpy.frombuffer(ids, ">i8")) == [first_id + n for n in holders]
        assert int.from_bytes(first, "big") == first_id + holders[0] and counts[term] == len(holders)
        assert list(numpy.frombuffer(lengths, ">i2")) == [
            len(sources[n]) if len(sources[n]) < 128 else 1000 for n in holders
        ]


def test_a_memory_of_schema_1_is_brought_up_to_this_one_on_opening(postgres_url: str) -> None:
    queries = ["Sentence number 12 speaks of item 84.", "Sentence number 3 speaks of item 2.", "Item 40 is here."]
    with open_memory(postgres_url) as memory:
        memory.import_units(sentences(40), batch_size=15)
        before = [[(m.score, m.target) for m in lookup(memory, q, "en", "az", n=5)] for q in queries]
    with psycopg.connect(postgres_url) as db:  # the postings as version 1 kept them: a row a (term, unit)
        blocks = db.execute("SELECT term, ids, lengths FROM postings").fetchall()
        db.execute("DROP TABLE postings")
        db.execute("CREATE TABLE postings (term TEXT COLLATE \"C\" NOT NULL, unit_id BIGINT NOT NULL,"
                   " length INTEGER NOT NULL)")  # fmt: skip
        db.execute("CREATE UNIQUE INDEX postings_term ON postings (term, unit_id) INCLUDE (length)")
        with db.cursor().copy("COPY postings FROM STDIN") as copy:
            for term, ids, lengths in blocks:
                for unit_id, length in zip(numpy.frombuffer(ids, ">i8"), numpy.frombuffer(lengths, ">i2")):
                    copy.write_row((term, int(unit_id), int(length)))
        db.execute("UPDATE meta SET value = '1' WHERE key = 'schema'")
        held = db.execute("SELECT term, array_agg(unit_id ORDER BY unit_id) FROM postings GROUP BY term").fetchall()
    with open_memory(postgres_url) as memory:
        assert [[(m.score, m.target) for m in lookup(memory, q, "en", "az", n=5)] for q in queries] == before
    with psycopg.connect(postgres_url) as db:
        assert db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone() == (str(POSTGRES_VERSION),)
        assert db.execute("SELECT to_regclass('postings_1')").fetchone() == (None,)
        assert sorted((term, ids) for term, (ids, _lengths) in _held(db).items()) == sorted(held)


def test_vacuum_packs_the_small_blocks_that_writes_of_a_unit_at_a_time_leave(postgres_url: str) -> None:
    everything = [*sentences(30), unit("long", "Item " * 200, "Uzun.")]
    queries = ["Sentence number 12 speaks of item 84.", "Sentence number 27 speaks of item 189.", "Item item."]
    with open_memory(postgres_url) as memory:
        memory.import_units(everything[:10])  # a bulk load: a block for each term
        for one in everything[10:]:
            memory.import_units([one])  # then a block for each term of each unit
        before = [[(m.score, m.target) for m in lookup(memory, q, "en", "az", n=5)] for q in queries]
        with psycopg.connect(postgres_url) as db:
            held = _held(db)
            assert db.execute("SELECT count(*) FROM postings WHERE term = 'item'").fetchone() == (22,)
        memory.vacuum()
        with psycopg.connect(postgres_url) as db:
            assert db.execute("SELECT count(*) FROM postings WHERE term = 'item'").fetchone() == (1,)
            assert (
                db.execute("SELECT count(*) FROM postings").fetchone()
                == db.execute("SELECT count(DISTINCT term) FROM postings").fetchone()
            )
            assert _held(db) == held and held["item"][0] == sorted(held["item"][0])
            assert held["item"][1][-1] == 1000  # the long source's word count, as the index keeps it
        assert [[(m.score, m.target) for m in lookup(memory, q, "en", "az", n=5)] for q in queries] == before
        memory.vacuum()  # nothing left to pack
        with psycopg.connect(postgres_url) as db:
            assert _held(db) == held


def test_term_counts_are_the_postings_after_a_bulk_load_and_after_imports(postgres_url: str) -> None:
    counted = "SELECT term, docs FROM terms ORDER BY term"
    postings = HOLDERS
    with open_memory(postgres_url) as memory:
        memory.import_units(sentences(60), batch_size=20)  # a bulk load: counted at its end
        with psycopg.connect(postgres_url) as db:
            assert db.execute(counted).fetchall() == db.execute(postings).fetchall()
            assert ("item", 60) in db.execute(counted).fetchall()
        more = [unit(f"m{n}", f"Item {n} is new here.", "Yeni.") for n in range(30)]
        memory.import_units([*sentences(70), *more], batch_size=20)  # ordinary batches: counted as they go
        with psycopg.connect(postgres_url) as db:
            assert db.execute(counted).fetchall() == db.execute(postings).fetchall()
            assert ("item", 100) in db.execute(counted).fetchall()


WRITER = """\
import sys
from tests.memory_helpers import unit
from tm.memory import open_memory
url, writer = sys.argv[1], int(sys.argv[2])
shared = [unit(f"shared{n}", f"Shared sentence {n}.", f"Yazan {writer}: {n}.") for n in range(300)]
own = [unit(f"w{writer}-{n}", f"Writer {writer} sentence {n}.", f"Cümlə {n}.") for n in range(300)]
with open_memory(url) as memory:
    for start in range(0, 300, 50):  # imports and saves interleaved, in small transactions
        memory.import_units(shared[start : start + 50] + own[start : start + 50], batch_size=25)
"""


def test_writers_at_once_lose_no_update_and_add_no_duplicate(postgres_url: str) -> None:
    with open_memory(postgres_url):
        pass  # the tables, before the writers race
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, postgres_url, str(n)],
            cwd=REPO,
            env={**os.environ, "TM_USER": f"translator{n}"},
        )  # fmt: skip
        for n in range(4)
    ]
    assert [w.wait(timeout=300) for w in writers] == [0] * 4
    with open_memory(postgres_url) as memory:
        units = {u.id: u for u in memory.units()}
        assert len(units) == 300 + 4 * 300  # every unit once
        for n in range(4):
            assert all(units[f"w{n}-{k}"].targets["az"].text == f"Cümlə {k}." for k in range(300))
        with psycopg.connect(postgres_url) as db:
            assert db.execute("SELECT count(*), count(DISTINCT key) FROM units").fetchone() == (1500, 1500)
            shared_id, written_by = db.execute("SELECT id, written_by FROM units WHERE tuid = 'shared7'").fetchone()  # type: ignore[misc]
        # Whoever wrote last holds the unit; the three others' versions are in its history.
        last = units["shared7"].targets["az"].text
        history = memory.history(shared_id)
        versions = {old["text"] for old in history} | {last}
        assert versions == {f"Yazan {n}: 7." for n in range(4)} and len(history) == 3
        assert last == f"Yazan {written_by.removeprefix('translator')}: 7."
        assert {old["replaced_by"] for old in history} <= {f"translator{n}" for n in range(4)}


def test_the_commands_work_against_the_server(postgres_url: str, tmp_path: Path, segments: Path) -> None:
    from tests.conftest import ARTICLE

    path = write_tmx(tmp_path / "s.tmx", sentences(20))
    result = runner.invoke(app, ["import", str(path), "--memory", postgres_url, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["files"][str(path)]["added"] == 20
    found = runner.invoke(app, ["lookup", "Sentence number 3 speaks of item 22.", "--from", "en", "--to", "az",
                                "--memory", postgres_url, "--format", "json"])  # fmt: skip
    assert json.loads(found.stdout)["matches"][0]["target"] == "3 nömrəli cümlə."
    out = tmp_path / "en-ru.tsv"
    result = runner.invoke(app, ["export", "--from", "en", "--to", "ru", "-o", str(out), "--memory", postgres_url])
    assert result.exit_code == 0 and out.read_text(encoding="utf-8").count("\n") == 20
    build = runner.invoke(app, ["build", "--root", str(segments)])
    assert build.exit_code == 0, build.output
    analysed = runner.invoke(app, ["analyze", ARTICLE, "--root", str(segments), "--from", "en", "--to", "az",
                                   "--memory", postgres_url, "--format", "json"])  # fmt: skip
    assert analysed.exit_code == 0, analysed.output
    pretranslated = runner.invoke(app, ["pretranslate", ARTICLE, "--lang", "az", "--root", str(segments),
                                        "--memory", postgres_url, "--format", "json"])  # fmt: skip
    assert pretranslated.exit_code == 0, pretranslated.output
    assert runner.invoke(app, ["memory", "vacuum", "--memory", postgres_url]).exit_code == 0
    stats = json.loads(runner.invoke(app, ["memory", "stats", "--memory", postgres_url, "--format", "json"]).stdout)
    assert stats["units"] == 20 and sum(stats["variants"].values()) == 60  # en, az and ru of each


def test_postgres_memory_records_who_wrote(postgres_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TM_USER", "ann")
    with PostgresMemory(postgres_url) as memory:
        memory.import_units([unit("a", "Peace.", "Sülh.")])
    monkeypatch.setenv("TM_USER", "bob")
    with PostgresMemory(postgres_url) as memory:
        memory.import_units([unit("a", "Peace.", "Barış.")])
        assert memory.history(1)[0]["replaced_by"] == "bob"
    with psycopg.connect(postgres_url) as db:
        assert db.execute("SELECT added_by, written_by, added <= written FROM units").fetchone() == ("ann", "bob", True)


def test_lookups_go_to_a_replica_that_finds_what_the_primary_imported(postgres_url: str, postgres_replica: str) -> None:
    replica_url = database_url(postgres_replica, postgres_url.rsplit("/", 1)[1])
    with open_memory(postgres_url) as memory:
        memory.import_units(sentences(5))
    deadline = time.monotonic() + 60
    while True:  # the database and its tables reach the replica by replay too
        try:
            memory = open_memory(postgres_url, create=False, read_from=replica_url)
            break
        except TmError:
            assert time.monotonic() < deadline, "the replica never replayed the new database"
            time.sleep(0.2)
    with memory:
        with open_memory(postgres_url) as primary:
            primary.import_units([unit("late", "The replica replays the primary.", "Replika təkrarlayır.")])
        while not (found := lookup(memory, "The replica replays the primary.", "en", "az")):
            assert time.monotonic() < deadline, "the replica never replayed the import"
            time.sleep(0.2)
        assert found[0].score == 100 and found[0].target == "Replika təkrarlayır."
        assert memory.reader.info.port != memory.db.info.port  # the lookup read the replica
    with pytest.raises(TmError) as caught:  # a replica takes no writes, and says so
        with open_memory(replica_url) as replica:
            replica.import_units([unit("x", "Written to a replica.", "Replikaya.")])
    assert "may read the memory" in caught.value.message
