"""The SQLite memory backend: idempotent and transactional imports, history, export, concurrency."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.memory_helpers import sentences, unit, write_tmx
from tm.errors import ParseError, TmError
from tm.formats import tmx
from tm.memory import default_memory_path, export_memory
from tm.memory.backends.sqlite import SqliteMemory
from tm.model import Origin

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def memory(tmp_path: Path):
    with SqliteMemory(tmp_path / "memory.db") as store:
        yield store


def count(memory: SqliteMemory, table: str) -> int:
    return memory.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_importing_the_same_units_twice_adds_nothing(memory: SqliteMemory) -> None:
    first = memory.import_units(sentences(30))
    second = memory.import_units(sentences(30))
    assert (first.added, first.updated) == (30, 0)
    assert (second.added, second.updated, second.skipped["unchanged"]) == (0, 0, 30)
    assert count(memory, "units") == 30
    assert sum(memory.stats().variants.values()) == 90


def test_importing_the_same_file_twice_adds_nothing(memory: SqliteMemory, tmp_path: Path) -> None:
    path = write_tmx(tmp_path / "small.tmx", sentences(12))
    assert memory.import_file(path).added == 12
    again = memory.import_file(path)
    assert again.added == 0 and again.skipped["unchanged"] == 12
    assert memory.stats().units == 12


def test_a_changed_target_is_updated_and_the_old_text_kept_in_history(memory: SqliteMemory) -> None:
    memory.import_units([unit("a", "The treaty was signed.", "Müqavilə imzalandı.")])
    later = unit("a", "The treaty was signed.", "Saziş imzalandı.")
    later.targets["az"].changed = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
    summary = memory.import_units([later])
    assert (summary.added, summary.updated) == (0, 1)
    (stored,) = list(memory.units())
    assert stored.targets["az"].text == "Saziş imzalandı."
    assert stored.targets["az"].created == datetime(2024, 1, 1, 12, 0, tzinfo=UTC)
    (old,) = memory.history(1)
    assert old["text"] == "Müqavilə imzalandı." and old["created"] == "2024-01-01T12:00:00Z"


def test_a_new_target_language_is_added_to_the_unit(memory: SqliteMemory) -> None:
    memory.import_units([unit("a", "Peace.", "Sülh.")])
    memory.import_units([unit("a", "Peace.", ru="Мир.")])
    (stored,) = list(memory.units())
    assert {lang: v.text for lang, v in stored.targets.items()} == {"az": "Sülh.", "ru": "Мир."}


def test_units_that_cannot_be_stored_are_skipped_with_a_reason(memory: SqliteMemory) -> None:
    summary = memory.import_units([unit("a", "   ", "boş"), unit("b", "No translation here.")])
    assert summary.added == 0
    assert summary.skipped == {"empty source": 1, "no translation": 1}


def test_inline_codes_and_metadata_survive_the_memory(memory: SqliteMemory, tmp_path: Path) -> None:
    path = tmp_path / "codes.tmx"
    path.write_text(
        textwrap.dedent("""\
        <?xml version="1.0" encoding="UTF-8"?>
        <tmx version="1.4"><header srclang="en" segtype="sentence" o-tmf="x" adminlang="en"
         datatype="plaintext" creationtool="t" creationtoolversion="1"/><body>
        <tu tuid="7"><prop type="x-client">ACME</prop><note>checked</note>
         <tuv xml:lang="en" creationid="ann"><seg>Press <bpt i="1">&lt;b&gt;</bpt>OK<ept i="1">&lt;/b&gt;</ept> now.</seg></tuv>
         <tuv xml:lang="az-Latn-AZ" changedate="20240305T101500Z"><seg><bpt i="1">&lt;b&gt;</bpt>OK<ept i="1">&lt;/b&gt;</ept> basın.</seg></tuv>
        </tu></body></tmx>
        """),
        encoding="utf-8",
    )
    memory.import_file(path)
    (stored,) = list(memory.units())
    original = next(tmx.read(path))
    assert stored.source.content == original.source.content
    assert stored.targets["az-Latn-AZ"].content == original.targets["az-Latn-AZ"].content
    assert stored.targets["az-Latn-AZ"].changed == datetime(2024, 3, 5, 10, 15, tzinfo=UTC)
    assert stored.source.creator == "ann"
    assert stored.props["x-client"] == ["ACME"] and stored.notes == ["checked"]
    assert stored.origin is Origin.IMPORTED


def test_utf16_tmx_imports_like_utf8(memory: SqliteMemory, tmp_path: Path) -> None:
    utf8 = write_tmx(tmp_path / "utf8.tmx", [unit("x", "Xocalı tragedy.", "Xocalı faciəsi.", "Ходжалинская трагедия.")])
    text = utf8.read_text(encoding="utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
    utf16 = tmp_path / "utf16.tmx"
    utf16.write_bytes(text.encode("utf-16"))  # with a byte-order mark, as memoQ and Trados write
    assert memory.import_file(utf16).added == 1
    (stored,) = list(memory.units())
    assert stored.targets["ru"].text == "Ходжалинская трагедия."
    assert memory.import_file(utf8).added == 0  # the same unit, whatever the encoding


BROKEN = """\
<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="en" segtype="sentence" o-tmf="x" adminlang="en" datatype="plaintext"
 creationtool="t" creationtoolversion="1"/><body>
{good}
<tu tuid="bad"><tuv xml:lang="en"><seg>Broken <b>unit</seg></tuv></tu>
</body></tmx>
"""


def broken_file(path: Path, good: int) -> Path:
    units = "\n".join(
        f'<tu tuid="g{n}"><tuv xml:lang="en"><seg>Good sentence {n}.</seg></tuv>'
        f'<tuv xml:lang="az"><seg>Yaxşı cümlə {n}.</seg></tuv></tu>'
        for n in range(good)
    )
    path.write_text(BROKEN.format(good=units), encoding="utf-8")
    return path


@pytest.mark.parametrize("parallel", [False, True], ids=["in-process", "reader-process"])
def test_a_broken_file_names_its_line_and_keeps_only_finished_batches(
    memory: SqliteMemory, tmp_path: Path, parallel: bool
) -> None:
    path = broken_file(tmp_path / "broken.tmx", good=25)
    with pytest.raises(ParseError) as caught:
        memory.import_file(path, batch_size=10, parallel=parallel)
    error = caught.value
    assert error.path == str(path) and error.line == 29
    assert "imported before the error: 20 added" in error.message
    assert memory.stats().units == 20  # two whole batches; nothing of the broken one


def test_a_unit_repeated_in_a_later_batch_of_a_first_import_updates_it(memory: SqliteMemory) -> None:
    units = sentences(5)
    again = unit("s1", units[1].source.text, "Başqa tərcümə.", "Другой перевод.")
    summary = memory.import_units([*units, units[0], again], batch_size=2)
    assert (summary.added, summary.updated, summary.skipped["unchanged"]) == (5, 1, 1)
    assert [u.targets["az"].text for u in memory.units()][:2] == ["0 nömrəli cümlə.", "Başqa tərcümə."]
    assert [old["text"] for old in memory.history(2)] == ["1 nömrəli cümlə.", "Предложение 1."]
    assert memory.db.execute("SELECT 1 FROM sqlite_master WHERE name = 'units_key'").fetchone()
    with pytest.raises(sqlite3.IntegrityError):  # the key index is back and unique
        memory.db.execute("INSERT INTO units SELECT id + 100, key, fingerprint, tuid, src_lang, origin, extra, added,"
                          " changed, source, variants FROM units WHERE id = 1")  # fmt: skip


def test_a_first_import_that_stopped_dead_is_indexed_and_completed_by_the_next(memory: SqliteMemory) -> None:
    stop_after_a_batch = textwrap.dedent("""\
        import os, sys
        from tests.memory_helpers import sentences
        from tm.memory.backends.sqlite import SqliteMemory
        SqliteMemory(sys.argv[1]).import_units(sentences(50), batch_size=20, progress=lambda summary: os._exit(3))
        """)
    process = subprocess.run([sys.executable, "-c", stop_after_a_batch, str(memory.path)], cwd=REPO)
    assert process.returncode == 3
    assert count(memory, "units") == 20
    assert not memory.db.execute("SELECT 1 FROM sqlite_master WHERE name = 'units_key'").fetchone()
    summary = memory.import_units([*sentences(50), *sentences(50)], batch_size=20)
    assert (summary.added, summary.skipped["unchanged"]) == (30, 70)
    assert memory.db.execute("SELECT count(*), count(DISTINCT key) FROM units").fetchone() == (50, 50)
    assert memory.db.execute("SELECT 1 FROM sqlite_master WHERE name = 'units_key'").fetchone()
    assert not memory.db.execute("SELECT 1 FROM meta WHERE key = 'bulk_load'").fetchone()


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
    assert default_memory_path(tmp_path / "segments" / "doc") == tmp_path / ".tm" / "memory.db"
    monkeypatch.setenv("TM_MEMORY", str(tmp_path / "elsewhere.db"))
    assert default_memory_path(tmp_path) == tmp_path / "elsewhere.db"


def test_export_filters_by_pair_date_and_origin(memory: SqliteMemory, tmp_path: Path) -> None:
    old = unit("old", "Old sentence.", "Köhnə cümlə.", "Старое предложение.")
    new = unit("new", "New sentence.", "Yeni cümlə.")
    new.targets["az"].changed = datetime(2025, 6, 1, tzinfo=UTC)
    memory.import_units([old], origin=Origin.HUMAN)
    memory.import_units([new], origin=Origin.ALIGNED)
    assert [u.id for u in memory.units(tgt_lang="ru")] == ["old"]
    assert [u.id for u in memory.units(since=datetime(2025, 1, 1, tzinfo=UTC))] == ["new"]
    assert [u.id for u in memory.units(origin=Origin.HUMAN)] == ["old"]
    out = tmp_path / "pair.tsv"
    assert export_memory(memory, out, "tsv", src_lang="en", tgt_lang="az") == 2
    assert out.read_text(encoding="utf-8") == "Old sentence.\tKöhnə cümlə.\nNew sentence.\tYeni cümlə.\n"
    exported = tmp_path / "all.tmx"
    export_memory(memory, exported, "tmx")
    assert [u.targets["az"].text for u in tmx.read(exported)] == ["Köhnə cümlə.", "Yeni cümlə."]
    with pytest.raises(TmError):
        export_memory(memory, out, "tsv")


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


def test_a_second_writer_waits_instead_of_failing(memory: SqliteMemory, tmp_path: Path) -> None:
    first = write_tmx(tmp_path / "first.tmx", sentences(2000))
    second = write_tmx(tmp_path / "second.tmx", [unit(f"o{n}", f"Other {n}.", f"Başqa {n}.") for n in range(2000)])
    code = "import sys; from tm.memory.backends.sqlite import SqliteMemory; SqliteMemory(sys.argv[1]).import_file(sys.argv[2], batch_size=100, parallel=False)"
    writers = [
        subprocess.Popen([sys.executable, "-c", code, str(memory.path), str(p)], cwd=REPO) for p in (first, second)
    ]
    assert [w.wait() for w in writers] == [0, 0]
    assert memory.stats().units == 4000


def test_a_tsv_memory_with_a_language_header_imports_once(memory: SqliteMemory, tmp_path: Path) -> None:
    path = tmp_path / "pairs.tsv"
    path.write_text("en\taz\nThe treaty was signed.\tMüqavilə imzalandı.\n\nPeace.\tSülh.\n", encoding="utf-8")
    assert memory.import_file(path).added == 2
    assert memory.import_file(path).skipped["unchanged"] == 2
    assert {u.source.text: u.targets["az"].text for u in memory.units()} == {
        "The treaty was signed.": "Müqavilə imzalandı.",
        "Peace.": "Sülh.",
    }


def test_a_tsv_memory_without_a_header_takes_the_languages_given(memory: SqliteMemory, tmp_path: Path) -> None:
    path = tmp_path / "pairs.tsv"
    path.write_text("Peace.\tМир.\nno tab here\n", encoding="utf-8")
    with pytest.raises(TmError):
        memory.import_file(path)  # no languages anywhere
    with pytest.raises(ParseError) as caught:
        memory.import_file(path, source_lang="en", target_lang="ru")
    assert caught.value.line == 2
    assert memory.stats().units == 0  # nothing from the broken batch


def test_a_po_without_language_header_imports_with_the_language_given(memory: SqliteMemory, tmp_path: Path) -> None:
    path = tmp_path / "old.po"
    path.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                    'msgid "Peace."\nmsgstr "Sülh."\n', encoding="utf-8")  # fmt: skip
    assert memory.import_file(path, target_lang="az").added == 1
    (stored,) = list(memory.units())
    assert stored.targets["az"].text == "Sülh."


def test_plain_units_give_the_rows_of_the_units_they_stand_for(tmp_path: Path) -> None:
    from tm.memory.rows import plain_unit_row, unit_row

    path = tmp_path / "plain.tmx"
    path.write_text(
        textwrap.dedent("""\
        <?xml version="1.0" encoding="UTF-8"?>
        <tmx version="1.4"><header srclang="en" segtype="sentence" o-tmf="x" adminlang="en"
         datatype="plaintext" creationtool="t" creationtoolversion="1"/><body>
        <tu tuid="1" creationdate="20240101T120000Z" changedate="20240301T120000Z" creationid="ann">
         <tuv xml:lang="az"><seg>Sülh "və" \\ əmin-amanlıq.</seg></tuv><tuv xml:lang="EN-us"><seg>Peace.</seg></tuv></tu>
        <tu tuid="2" usagecount="3"><tuv xml:lang="en"><seg>Empty target.</seg></tuv><tuv xml:lang="ru"><seg/></tuv></tu>
        <tu tuid="3"><tuv xml:lang="en"><seg>Plain.</seg></tuv><tuv xml:lang="ru"><seg>Просто.</seg></tuv></tu>
        <tu tuid="4"><tuv xml:lang="en"><seg>Not <ph>x</ph> plain.</seg></tuv><tuv xml:lang="ru"><seg>Нет.</seg></tuv></tu>
        </body></tmx>
        """),
        encoding="utf-8",
    )
    found = list(tmx.read(path, plain=True))
    plain = [u for u in found if isinstance(u, tmx.PlainUnit)]
    assert [u.id for u in plain] == ["1", "2", "3"] and plain[0].langs == ("en-US", "az")
    assert [u.unit() for u in plain] == list(tmx.read(path))[:3]
    for plain_unit in plain:
        # a row, or why there is none
        assert plain_unit_row(plain_unit, Origin.IMPORTED.value) == unit_row(plain_unit.unit(), Origin.IMPORTED)


def test_a_near_match_lacking_the_rarest_words_is_found_by_its_length(memory: SqliteMemory) -> None:
    # Twelve long sources hold all three uncommon words of the query; the near match holds only
    # "zeta" and the common words (in over 20 x the budget of sources), so every pool ranks the
    # twelve above it and no source holds every word. Among the holders of "zeta", its length is
    # the nearest to the query's.
    memory.import_units(
        [unit(f"d{n}", f"Zeta eta omega kappa lambda mu nu xi {n}.", az=f"Zeta {n}.") for n in range(12)]
    )
    memory.import_units([unit(f"c{n}", f"And the of so on {n}.", az=f"Və s. {n}.") for n in range(250)])
    memory.import_units([unit("target", "Zeta and the of it.", az="Zeta və.")])
    found = memory.candidates("Zeta eta omega and the of.", "en", "az", limit=1, budget=10, pool_size=2)
    assert found[0].source.text == "Zeta and the of it."


def test_a_repeat_of_common_words_is_found_among_many_sharing_its_rarest_word(memory: SqliteMemory) -> None:
    # 30 sources hold the query's rarest word ("zeta") and nothing else of it; its other words are
    # common (in over 20 x the budget of sources), so the pool ranks the 30 alike and takes 5.
    memory.import_units([unit("target", "Zeta and the of.", az="Zeta və.")])
    memory.import_units([unit(f"z{n}", f"Zeta kappa lambda mu nu xi {n}.", az=f"Zeta {n}.") for n in range(30)])
    memory.import_units([unit(f"c{n}", f"And the of so on {n}.", az=f"Və s. {n}.") for n in range(200)])
    found = memory.candidates("Zeta and the of.", "en", "az", limit=5, budget=1, pool_size=5)
    assert found[0].source.text == "Zeta and the of."
