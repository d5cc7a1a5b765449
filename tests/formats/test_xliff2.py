"""XLIFF 2.0/2.1: segments as units, inline codes, states, notes; a 2.1 writer valid against the OASIS XSD."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from tests.conftest import ARTICLE, DATA, REPO
from tests.formats.test_po import join_text
from tm import formats
from tm.document import open_document
from tm.errors import ParseError, TmError
from tm.exchange import export
from tm.formats import xliff, xliff2
from tm.merge import plan
from tm.model import Status, Tag, Unit, Variant, nfc

SEGMENTED = DATA / "xliff2" / "segmented.xlf"


def test_each_segment_is_a_unit_named_as_translate_toolkit_names_it() -> None:
    units = {u.id: u for u in xliff2.read(SEGMENTED)}
    assert list(units) == ["u1::s1", "u1::s2", "u2::s3", "u3", "u4"]
    assert units["u1::s1"].source.lang == "en-US"
    assert units["u1::s1"].target("fr-FR").text == "Appuyez sur Démarrer maintenant."
    assert units["u3"].targets == {}


def test_inline_codes_carry_their_original_data() -> None:
    units = {u.id: u for u in xliff2.read(SEGMENTED)}
    assert units["u1::s1"].source.content == (
        "Press ",
        Tag("pc", (("id", "1"),), "&lt;b&gt;"),
        "Start",
        Tag("/pc", (), "&lt;/b&gt;"),
        " now.",
    )
    assert units["u1::s2"].source.tags == (Tag("ph", (("id", "2"),), "&lt;br/&gt;"),)
    assert [t.kind for t in units["u2::s3"].source.tags] == ["sc", "ec", "mrk", "/mrk"]
    assert units["u2::s3"].source.tags[1] == Tag("ec", (("startRef", "3"),))


def test_states_notes_and_target_language() -> None:
    units = {u.id: u for u in xliff2.read(SEGMENTED)}
    assert units["u1::s1"].target("fr").status is Status.TRANSLATED
    assert units["u1::s2"].target("fr").status is Status.REVIEWED  # final
    assert units["u4"].target("fr").status is Status.TRANSLATED  # no state attribute
    (draft,) = units["u2::s3"].targets.values()
    assert (draft.lang, draft.status) == ("fr-CA", Status.DRAFT)  # state="initial", <target xml:lang>
    assert units["u1::s1"].notes == ["Shown on the start page."]
    assert units["u1::s1"].target("fr").notes == ["Keep it short."]
    assert units["u1::s2"].props[xliff2._BEFORE] == [" "]


def test_translate_toolkit_finds_the_same_segments() -> None:
    ttk = pytest.importorskip("translate.storage.xliff2")
    store = ttk.Xliff2File.parsefile(str(SEGMENTED))
    theirs = {u.getid(): u.target for u in store.units if u.source}
    ours = {u.id: (u.target("fr").text if u.target("fr") else None) for u in xliff2.read(SEGMENTED)}
    assert set(theirs) == set(ours)
    assert all((theirs[k] or None) == ours[k] for k in ours if k != "u2::s3")


def test_registry_tells_xliff_1_from_2_by_content() -> None:
    assert formats.format_for(SEGMENTED) is xliff2
    assert formats.format_for(DATA / "xliff2" / "xliff1_as_xlf.xlf") is xliff
    assert formats.format_for(DATA / "xliff" / "returned_by_cat_tool.xlf") is xliff


def test_an_xliff_1_file_is_refused_by_the_2_reader() -> None:
    with pytest.raises(ParseError, match="not an XLIFF 2 file"):
        list(xliff2.read(DATA / "xliff2" / "xliff1_as_xlf.xlf"))


def test_written_file_is_valid_xliff_2_1(tmp_path: Path, xliff2_schema) -> None:
    path = tmp_path / "out.xlf"
    xliff2.write(xliff2.read(SEGMENTED), path, srclang="en-US", tgtlang="fr-FR")
    assert xliff2_schema.validate(etree.parse(str(path))), xliff2_schema.error_log
    assert etree.parse(str(path)).getroot().get("version") == "2.1"


def test_units_survive_write_and_read(tmp_path: Path) -> None:
    units = [u for u in xliff2.read(SEGMENTED) if u.id != "u2::s3"]  # its's target is fr-CA, not fr-FR
    path = tmp_path / "out.xlf"
    xliff2.write(units, path, srclang="en-US", tgtlang="fr-FR")
    assert list(xliff2.read(path)) == units


def test_codes_of_other_formats_are_written_as_their_xliff_2_kin(tmp_path: Path, xliff2_schema) -> None:
    content = (
        Tag("g", (("id", "1"), ("ctype", "bold"))), "a", Tag("/g"),
        Tag("bpt", (("i", "1"), ("type", "bold")), "&lt;b&gt;"), "b", Tag("ept", (("i", "1"),), "&lt;/b&gt;"),
        Tag("hi", (("type", "x-y"),)), "c", Tag("/hi"),
        Tag("x", (("id", "5"),)), Tag("ut", (), "{x}"), Tag("it", (("pos", "begin"),), "&lt;u&gt;"),
        Tag("mrk", (("mtype", "protected"),)), "d", Tag("/mrk"), Tag("bx", (("id", "7"), ("rid", "2"))),
    )  # fmt: skip
    unit = Unit("t1", Variant("en", content), {"az": Variant("az", content)})
    path = tmp_path / "kin.xlf"
    xliff2.write([unit], path, srclang="en", tgtlang="az")
    assert xliff2_schema.validate(etree.parse(str(path))), xliff2_schema.error_log
    (back,) = xliff2.read(path)
    assert [t.kind for t in back.source.tags] == ["pc", "/pc", "sc", "ec", "mrk", "/mrk", "ph", "ph", "sc", "mrk",
                                                  "/mrk", "sc"]  # fmt: skip
    assert back.source.text == unit.source.text
    assert back.source.tags[3].attr("startRef") == back.source.tags[2].attr("id")


def test_codes_that_do_not_nest_are_refused_naming_the_unit(tmp_path: Path) -> None:
    unit = Unit("bad", Variant("en", (Tag("g", (("id", "1"),)), "a", Tag("hi"), "b", Tag("/g"), Tag("/hi"))))
    with pytest.raises(TmError, match="unit 'bad'"):
        xliff2.write([unit], tmp_path / "bad.xlf", srclang="en", tgtlang="az")
    assert not (tmp_path / "bad.xlf").exists()


def test_the_articles_units_round_trip(segments: Path, tmp_path: Path) -> None:
    document = open_document(REPO / "segments" / ARTICLE)
    (path,) = export(document, "xliff2", tmp_path, ["az"])
    mine = plan(document, ["az"]).active("az")
    back = list(formats.read(path))
    assert [u.id for u in back] == [u.id for u in mine]
    for ours, theirs in zip(mine, back):
        assert theirs.source.content == ours.source.content
        assert theirs.target("az").content == ours.target("az").content
        assert theirs.target("az").status is ours.target("az").status
        assert theirs.notes == ours.notes


def test_memory_import_counts_the_translated_segments(tmp_path: Path) -> None:
    from tm.memory.backends.sqlite import SqliteMemory

    with SqliteMemory(tmp_path / "m.db") as memory:
        summary = memory.import_file(SEGMENTED)
    assert (summary.read, summary.added) == (5, 4)


TEXT = st.text(alphabet="abcəğıİАБВжщё \t\n\"'&<>«»", min_size=1, max_size=20).map(nfc)
TAG = st.sampled_from(
    [Tag("ph", (("id", "2"),), "&lt;br&gt;"), Tag("ph", (("id", "3"), ("equiv", "{0}"))), Tag("cp", (("hex", "0007"),))]
)
SPAN = st.tuples(st.sampled_from(["pc", "mrk"]), TEXT).map(
    lambda p: (Tag(p[0], (("id", "9"),) + ((("type", "term"),) if p[0] == "mrk" else ()), ""), p[1], Tag("/" + p[0]))
)


@settings(max_examples=60)
@given(st.lists(st.lists(st.one_of(TEXT, TAG, SPAN), min_size=1, max_size=4), min_size=1, max_size=4))
def test_any_content_survives_xliff2_write_and_read(tmp_path_factory: pytest.TempPathFactory, specs) -> None:
    units = []
    for n, parts in enumerate(specs):
        flat = [p for part in parts for p in (part if isinstance(part, tuple) else (part,))]
        content = join_text([_numbered(p, i) for i, p in enumerate(flat)])
        units.append(Unit(f"u{n}", Variant("en", content), {"az": Variant("az", content)}))
    path = tmp_path_factory.mktemp("xlf2") / "p.xlf"
    xliff2.write(units, path, srclang="en", tgtlang="az")
    assert list(xliff2.read(path)) == units


def _numbered(part: str | Tag, number: int) -> str | Tag:
    """A tag with a unique id, as XLIFF 2 requires within a segment."""
    if isinstance(part, str) or part.attr("id") is None:
        return part
    return Tag(part.kind, tuple((k, str(number) if k == "id" else v) for k, v in part.attrs), part.code)


def test_an_empty_file_and_an_id_xliff_2_cannot_hold_round_trip(tmp_path: Path, xliff2_schema) -> None:
    empty = tmp_path / "empty.xlf"
    xliff2.write([], empty, srclang="en", tgtlang="fr")
    assert xliff2_schema.validate(etree.parse(str(empty))) and list(xliff2.read(empty)) == []
    odd = [Unit("I11:359;122 3567", Variant.of("en", "Hello."), {"fr": Variant.of("fr", "Bonjour.")})]
    path = tmp_path / "odd.xlf"
    xliff2.write(odd, path, srclang="en", tgtlang="fr")
    assert xliff2_schema.validate(etree.parse(str(path))), xliff2_schema.error_log
    assert list(xliff2.read(path)) == odd


def test_attributes_of_modules_are_not_kept_on_codes(tmp_path: Path) -> None:
    path = tmp_path / "fs.xlf"
    path.write_text(SEGMENTED.read_text().replace('<ph id="2" dataRef="d3"/></source>',
                    '<ph id="2" dataRef="d3" xmlns:fs="urn:oasis:names:tc:xliff:fs:2.0" fs:fs="br"/></source>'))  # fmt: skip
    unit = next(u for u in xliff2.read(path) if u.id == "u1::s2")
    assert unit.source.tags == (Tag("ph", (("id", "2"),), "&lt;br/&gt;"),)


def test_a_file_without_trglang_takes_the_target_language_given(tmp_path: Path) -> None:
    path = tmp_path / "bare.xlf"
    path.write_text(
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en"><file id="f">'
        '<unit id="a"><segment><source>Khojaly</source><target>Xocalı</target></segment></unit></file></xliff>',
        encoding="utf-8",
    )
    (unit,) = xliff2.read(path, target_lang="az")
    assert (unit.source.lang, list(unit.targets)) == ("en", ["az"])
