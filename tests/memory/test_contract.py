"""The memory contract: every backend (SQLite, PostgreSQL) passes these tests the same way.

Imports are idempotent and transactional, changed units keep their history, export filters, and
lookups find the same candidates.
"""

from __future__ import annotations

import getpass
import textwrap
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.memory_helpers import DAY, sentences, unit, write_tmx
from tm.errors import ParseError, TmError
from tm.formats import tmx, tmx_scan
from tm.memory import CandidateUnit, Memory, export_memory, open_memory
from tm.memory.backends.sqlite import SqliteMemory
from tm.model import Origin, Unit, Variant


def test_importing_the_same_units_twice_adds_nothing(memory: Memory) -> None:
    first = memory.import_units(sentences(30))
    second = memory.import_units(sentences(30))
    assert (first.added, first.updated) == (30, 0)
    assert (second.added, second.updated, second.skipped["unchanged"]) == (0, 0, 30)
    assert memory.stats().units == 30
    assert sum(memory.stats().variants.values()) == 90


def test_importing_the_same_file_twice_adds_nothing(memory: Memory, tmp_path: Path) -> None:
    path = write_tmx(tmp_path / "small.tmx", sentences(12))
    assert memory.import_file(path).added == 12
    again = memory.import_file(path)
    assert again.added == 0 and again.skipped["unchanged"] == 12
    assert memory.stats().units == 12


def test_importing_the_memorys_own_export_changes_nothing(
    location: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The export writes the memory's who and when into units that had none, and its units come
    # back through the TMX reader's fast path: neither may make them look changed.
    monkeypatch.setenv("TM_USER", "ann")
    path = write_tmx(tmp_path / "small.tmx", sentences(12))
    with open_memory(location) as memory:
        memory.import_file(path)
        first = tmp_path / "first.tmx"
        export_memory(memory, first)
    monkeypatch.setenv("TM_USER", "bob")
    with open_memory(location) as memory:
        again = memory.import_file(first)
        assert (again.added, again.updated, again.skipped["unchanged"]) == (0, 0, 12)
        assert memory.import_file(path).updated == 0
        second = tmp_path / "second.tmx"
        export_memory(memory, second)
    assert second.read_bytes() == first.read_bytes()  # bob wrote nothing


def test_a_changed_target_is_updated_and_the_old_text_kept_in_history(memory: Memory) -> None:
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


def test_a_new_target_language_is_added_to_the_unit(memory: Memory) -> None:
    memory.import_units([unit("a", "Peace.", "Sülh.")])
    memory.import_units([unit("a", "Peace.", ru="Мир.")])
    (stored,) = list(memory.units())
    assert {lang: v.text for lang, v in stored.targets.items()} == {"az": "Sülh.", "ru": "Мир."}


def test_units_that_cannot_be_stored_are_skipped_with_a_reason(memory: Memory) -> None:
    summary = memory.import_units([unit("a", "   ", "boş"), unit("b", "No translation here.")])
    assert summary.added == 0
    assert summary.skipped == {"empty source": 1, "no translation": 1}


def test_inline_codes_and_metadata_survive_the_memory(memory: Memory, tmp_path: Path) -> None:
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


def test_utf16_tmx_imports_like_utf8(memory: Memory, tmp_path: Path) -> None:
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
    memory: Memory, tmp_path: Path, parallel: bool
) -> None:
    path = broken_file(tmp_path / "broken.tmx", good=25)
    with pytest.raises(ParseError) as caught:
        memory.import_file(path, batch_size=10, parallel=parallel)
    error = caught.value
    assert error.path == str(path) and error.line == 29
    assert "imported before the error: 20 added" in error.message
    assert memory.stats().units == 20  # two whole batches; nothing of the broken one


def small_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cut TMX files in parts of a few units for the readers of a parallel import."""
    monkeypatch.setattr(tmx_scan, "FIRST_PART", 300)
    monkeypatch.setattr(tmx_scan, "PART", 2000)


def imported(memory: Memory) -> list[tuple]:
    return [(u.id, u.source.text, {lang: t.text for lang, t in u.targets.items()}) for u in memory.units()]


@pytest.mark.parametrize("between", ["", "<!-- a comment: lxml reads on from here -->\n"])
def test_a_tmx_file_read_by_parts_in_parallel_imports_as_read_in_one_process(
    memory: Memory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, between: str
) -> None:
    path = write_tmx(tmp_path / "parts.tmx", sentences(300))
    text = path.read_text("utf-8")
    half = text.index('<tu tuid="s150"')
    path.write_text(text[:half] + between + text[half:], "utf-8")
    with SqliteMemory(tmp_path / "one.db") as one:
        one.import_file(path, parallel=False)
        expected = imported(one)
    small_parts(monkeypatch)
    batches: list[int] = []
    summary = memory.import_file(path, parallel=True, progress=lambda s: batches.append(s.read))
    assert summary.added == 300 and imported(memory) == expected  # the same units, in the same order
    assert len(batches) > 20  # a batch a part (of a few units) before the comment at least
    assert memory.import_file(path, parallel=True).skipped["unchanged"] == 300


def test_a_broken_tmx_file_read_by_parts_names_its_line_and_keeps_the_parts_before(
    memory: Memory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = broken_file(tmp_path / "broken.tmx", good=200)
    small_parts(monkeypatch)
    with pytest.raises(ParseError) as caught:
        memory.import_file(path, parallel=True)
    error = caught.value
    assert error.path == str(path) and error.line == 204
    stored = memory.stats().units
    assert 0 < stored < 200 and f"imported before the error: {stored} added" in error.message


def test_export_filters_by_pair_date_and_origin(memory: Memory, tmp_path: Path) -> None:
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
    assert [u.target("az").text for u in tmx.read(exported)] == ["Köhnə cümlə.", "Yeni cümlə."]
    with pytest.raises(TmError):
        export_memory(memory, out, "tsv")


def test_a_tsv_memory_with_a_language_header_imports_once(memory: Memory, tmp_path: Path) -> None:
    path = tmp_path / "pairs.tsv"
    path.write_text("en\taz\nThe treaty was signed.\tMüqavilə imzalandı.\n\nPeace.\tSülh.\n", encoding="utf-8")
    assert memory.import_file(path).added == 2
    assert memory.import_file(path).skipped["unchanged"] == 2
    assert {u.source.text: u.targets["az"].text for u in memory.units()} == {
        "The treaty was signed.": "Müqavilə imzalandı.",
        "Peace.": "Sülh.",
    }


def test_a_tsv_memory_without_a_header_takes_the_languages_given(memory: Memory, tmp_path: Path) -> None:
    path = tmp_path / "pairs.tsv"
    path.write_text("Peace.\tМир.\nno tab here\n", encoding="utf-8")
    with pytest.raises(TmError):
        memory.import_file(path)  # no languages anywhere
    with pytest.raises(ParseError) as caught:
        memory.import_file(path, source_lang="en", target_lang="ru")
    assert caught.value.line == 2
    assert memory.stats().units == 0  # nothing from the broken batch


def test_a_po_without_language_header_imports_with_the_language_given(memory: Memory, tmp_path: Path) -> None:
    path = tmp_path / "old.po"
    path.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                    'msgid "Peace."\nmsgstr "Sülh."\n', encoding="utf-8")  # fmt: skip
    assert memory.import_file(path, target_lang="az").added == 1
    (stored,) = list(memory.units())
    assert stored.targets["az"].text == "Sülh."


def test_a_near_match_lacking_the_rarest_words_is_found_by_its_length(memory: Memory) -> None:
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
    assert found[0].text == "Zeta and the of it."


def test_a_repeat_of_common_words_is_found_among_many_sharing_its_rarest_word(memory: Memory) -> None:
    # 30 sources hold the query's rarest word ("zeta") and nothing else of it; its other words are
    # common (in over 20 x the budget of sources), so the pool ranks the 30 alike and takes 5.
    memory.import_units([unit("target", "Zeta and the of.", az="Zeta və.")])
    memory.import_units([unit(f"z{n}", f"Zeta kappa lambda mu nu xi {n}.", az=f"Zeta {n}.") for n in range(30)])
    memory.import_units([unit(f"c{n}", f"And the of so on {n}.", az=f"Və s. {n}.") for n in range(200)])
    found = memory.candidates("Zeta and the of.", "en", "az", limit=5, budget=1, pool_size=5)
    assert found[0].text == "Zeta and the of."


def test_new_text_whose_words_no_source_holds_gets_only_the_pool(memory: Memory) -> None:
    # Four of the query's seven words are in no source, and no source left out of the pool (of
    # five sources holding "zeta") holds more of them than "zeta", "and" and "the": 10 of its 26
    # word characters, under SHARED. None can be similar, so the sources holding every word the
    # memory holds are not searched for: the target, a chance match, is not a candidate.
    memory.import_units([unit(f"z{n}", f"Zeta kappa lambda mu nu xi omicron pi rho sigma tau {n}.", az=f"Zeta {n}.")
                         for n in range(30)])  # fmt: skip
    memory.import_units([unit(f"c{n}", f"And the of so on {n}.", az=f"Və s. {n}.") for n in range(200)])
    memory.import_units([unit("target", "Zeta and the of so on.", az="Zeta və.")])
    found = memory.candidates("Zeta qwxy plmk vbnr gfds and the.", "en", "az", limit=5, budget=1, pool_size=5)
    assert [candidate.text for candidate in found] == [
        f"Zeta kappa lambda mu nu xi omicron pi rho sigma tau {n}." for n in range(5)
    ]
    # With one of its unknown words the memory's "of" instead, the search goes on and finds it.
    found = memory.candidates("Zeta qwxy plmk vbnr of and the.", "en", "az", limit=5, budget=1, pool_size=5)
    assert found[0].text == "Zeta and the of so on."


def test_the_sources_holding_every_word_are_told_apart_by_the_words_too_common_to_read(memory: Memory) -> None:
    # 30 older sources hold "zeta" and "and" but not "the" or "of"; "and" is held by over 32 times
    # as many sources as "zeta", so retrieval checks the 31 holders of "zeta" for the other words in
    # their text rather than reading the holders of "and": only the target holds every word.
    memory.import_units([unit(f"z{n}", f"Zeta kappa lambda mu and {n}.", az=f"Zeta {n}.") for n in range(30)])
    memory.import_units([unit(f"c{n}", f"And the of so on {n}.", az=f"Və s. {n}.") for n in range(1000)])
    memory.import_units([unit("target", "Zeta and the of.", az="Zeta və.")])
    found = memory.candidates("Zeta and the of.", "en", "az", limit=5, budget=1, pool_size=5)
    assert found[0].text == "Zeta and the of."


def test_an_edit_adding_a_rare_word_is_found_among_the_many_tied_on_its_other_words(memory: Memory) -> None:
    # The query adds "ropeno" (held by three other sources) to a sentence of common words and of
    # "mik" and "but", which 12 older sources hold too: the pool without "ropeno" ranks the 13
    # alike, and its ten (5 x 2) would be the oldest. It keeps those tied with its last (2 x 2 more).
    memory.import_units([unit(f"r{n}", f"Ropeno qa{n} qb qc qd.", az=f"R {n}.") for n in range(3)])
    memory.import_units([unit(f"m{n}", f"Mik but kappa{n} lambda mu nu.", az=f"M {n}.") for n in range(12)])
    memory.import_units([unit(f"c{n}", f"The to of so on {n}.", az=f"Və s. {n}.") for n in range(200)])
    memory.import_units([unit("target", "The the but to of mik the to.", az="Hədəf.")])
    found = memory.candidates("The the but to of ropeno mik the to.", "en", "az", limit=1, budget=1, pool_size=2)
    assert found[0].text == "The the but to of mik the to."


def test_a_unit_repeated_in_a_later_batch_of_an_import_updates_it(memory: Memory) -> None:
    units = sentences(5)
    again = unit("s1", units[1].source.text, "Başqa tərcümə.", "Другой перевод.")
    summary = memory.import_units([*units, units[0], again], batch_size=2)
    assert (summary.added, summary.updated, summary.skipped["unchanged"]) == (5, 1, 1)
    assert [u.targets["az"].text for u in memory.units()][:2] == ["0 nömrəli cümlə.", "Başqa tərcümə."]
    assert [old["text"] for old in memory.history(2)] == ["1 nömrəli cümlə.", "Предложение 1."]


def test_a_batch_mixing_new_repeated_and_changed_units_numbers_the_new_ones_in_their_order(memory: Memory) -> None:
    # The new units of a batch take the next ids in the batch's order, whatever stored or
    # repeated units come between them; a unit changed twice in one batch keeps both old texts.
    units = sentences(6)
    memory.import_units(units[:2])
    s0 = unit("s0", units[0].source.text, "Başqa.", "Другой.")
    s3 = unit("s3", units[3].source.text, "Üçüncü.", "Третий.")
    s3_again = unit("s3", units[3].source.text, "Yenə üçüncü.", "Снова третий.")
    summary = memory.import_units([units[2], s0, units[3], units[1], s3, units[4], units[2], s3_again, units[5]])
    assert (summary.added, summary.updated, summary.skipped["unchanged"]) == (4, 3, 2)
    assert [(u.id, u.targets["az"].text) for u in memory.units()] == [
        ("s0", "Başqa."), ("s1", "1 nömrəli cümlə."), ("s2", "2 nömrəli cümlə."), ("s3", "Yenə üçüncü."),
        ("s4", "4 nömrəli cümlə."), ("s5", "5 nömrəli cümlə."),
    ]  # fmt: skip
    assert [old["text"] for old in memory.history(4)] == ["3 nömrəli cümlə.", "Предложение 3.", "Üçüncü.", "Третий."]
    assert memory.history(3) == []


def test_every_write_records_who_and_when_and_a_unit_changed_by_two_keeps_both_versions(
    location: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TM_USER", "ann")
    with open_memory(location) as memory:
        memory.import_units([unit("a", "Peace.", "Sülh.")])
    monkeypatch.setenv("TM_USER", "bob")
    with open_memory(location) as memory:
        memory.import_units([unit("a", "Peace.", "Barış.")])
        (old,) = memory.history(1)
        assert (old["text"], old["replaced_by"]) == ("Sülh.", "bob")
        (stored,) = list(memory.units())
        target = stored.targets["az"]
        assert (target.text, target.creator, target.changer) == ("Barış.", "ann", "bob")
        assert target.created == DAY  # the unit's own date, from the file, comes first
        assert target.changed is not None and target.changed > DAY  # when bob wrote it
        exported = tmp_path / "out.tmx"
        export_memory(memory, exported)
    (back,) = tmx.read(exported)
    (back_target,) = back.targets.values()  # az, written as the export profile spells it
    assert (back_target.creator, back_target.changer) == ("ann", "bob")
    assert back_target.changed == target.changed and back.source.creator == "ann"


def test_the_writer_is_the_project_translator_else_the_login_name(
    location: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TM_USER", raising=False)
    (tmp_path / "tm.toml").write_text('translator = "Ann Aliyeva <ann@example.org>"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with open_memory(location) as memory:
        memory.import_units([unit("a", "Peace.", "Sülh.")])
        assert [u.targets["az"].creator for u in memory.units()] == ["Ann Aliyeva <ann@example.org>"]
    (tmp_path / "tm.toml").unlink()
    with open_memory(location) as memory:
        memory.import_units([unit("a", "Peace.", "Barış.")])
        assert [old["replaced_by"] for old in memory.history(1)] == [getpass.getuser()]


def test_a_candidate_s_unit_is_read_when_asked_for_with_the_whole_target_variant(memory: Memory) -> None:
    # A lookup ranks candidates by their source texts and reads the units of the few it scores.
    target = Variant.of("az", "Bir cümlə.", created=DAY, creator="aysel", notes=["checked"], props={"x": ["1"]})
    memory.import_units([Unit(id="u", source=Variant.of("en", "One sentence.", created=DAY), targets={"az": target})])
    memory.import_units([unit("r", "One sentence more.", ru="Ещё одно предложение.")])
    found = memory.candidates("One sentence.", "en", "az", limit=2)
    assert [c.text for c in found] == ["One sentence.", "One sentence more."]
    assert [c.unit_of() for c in found] == [CandidateUnit(Variant.of("en", "One sentence."), target, None), None]


def test_a_language_the_memory_gains_is_looked_up_through_the_same_connection(memory: Memory) -> None:
    # The tags matching a lookup's languages are worked out once for each list of the memory's
    # languages: an import that adds a language makes them worked out again.
    memory.import_units([unit("a", "Peace.", az="Sülh.")])
    assert memory.candidates("Peace.", "en", "ru") == []
    memory.import_units([unit("a", "Peace.", az="Sülh.", ru="Мир.")])
    assert [read.target.text for c in memory.candidates("Peace.", "en", "ru") if (read := c.unit_of())] == ["Мир."]
