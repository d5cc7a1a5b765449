"""XLIFF 1.2 job files: schema-valid output, states, inline codes, safe and strict reading."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from tests.conftest import DATA
from tests.formats.test_po import join_text
from tm.errors import ParseError, UnsafeXMLError
from tm.formats import xliff
from tm.model import Context, Status, Tag, Unit, Variant, nfc


def sample_units() -> list[Unit]:
    return [
        Unit(
            "a1",
            Variant.of("en", "Khojaly is a town."),
            targets={"az": Variant.of("az", "Xocalı şəhərdir.")},
            context=Context("doc", 1, 1),
            notes=["Glossary: Khojaly = Xocalı"],
        ),
        Unit(
            "b2",
            Variant.of("en", "It was razed."),
            targets={"az": Variant.of("az", "Yerlə yeksan edildi.", status=Status.DRAFT, notes=["unsure"])},
            context=Context("doc", 1, 2),
        ),
        Unit(
            "c3",
            Variant.of("en", "The town had 7,000 people."),
            targets={
                "az": Variant.of(
                    "az", "Şəhərin 7 min əhalisi var idi.", status=Status.DRAFT, source_text="The town had 7000 people."
                )
            },
            context=Context("doc", 2, 1),
        ),
        Unit(
            "d4",
            Variant.of("en", "  Reviewed <sentence> & more.  "),
            targets={"az": Variant.of("az", "Yoxlanmış <cümlə> & s.", status=Status.REVIEWED)},
        ),
        Unit("e5", Variant.of("en", "Not translated yet."), context=Context("doc", 3, 1)),
        Unit(
            "f6",
            Variant(
                "en",
                (
                    "Press ",
                    Tag("g", (("id", "1"),)),
                    "OK",
                    Tag("/g"),
                    Tag("x", (("id", "2"),)),
                    Tag("ph", (("id", "3"),), "&lt;br/&gt;"),
                ),
            ),
            targets={
                "az": Variant(
                    "az",
                    (Tag("g", (("id", "1"),)), "OK", Tag("/g"), " basın", Tag("ph", (("id", "3"),), "&lt;br/&gt;")),
                )
            },
        ),
    ]


def test_written_file_is_valid_against_the_strict_schema(tmp_path: Path, xliff_schema) -> None:
    path = tmp_path / "job.xlf"
    xliff.write(sample_units(), path, srclang="en", tgtlang="az", original="doc/en.txt")
    assert xliff_schema.validate(etree.parse(str(path))), xliff_schema.error_log


def test_units_survive_write_and_read(tmp_path: Path) -> None:
    path = tmp_path / "job.xlf"
    xliff.write(sample_units(), path, srclang="en", tgtlang="az")
    assert list(xliff.read(path)) == sample_units()


def test_states_are_written_as_xliff_states(tmp_path: Path) -> None:
    path = tmp_path / "job.xlf"
    xliff.write(sample_units(), path, srclang="en", tgtlang="az")
    states = [t.get("state") for t in etree.parse(str(path)).iter(f"{{{xliff.NS}}}target")]
    assert states == ["translated", "needs-review-translation", "needs-review-translation", "signed-off", "translated"]


def test_returned_file_maps_states_and_codes() -> None:
    units = {u.id: u for u in xliff.read(DATA / "xliff" / "returned_by_cat_tool.xlf")}
    assert units["u1"].target("az").status is Status.TRANSLATED
    assert units["u1"].source.content == (
        "Press ",
        Tag("g", (("id", "1"), ("ctype", "bold"))),
        "OK",
        Tag("/g"),
        " now.",
    )
    assert units["u2"].target("az").status is Status.REVIEWED
    assert units["u2"].source.text == "Linebreak."
    assert units["u3"].target("az").status is Status.DRAFT
    assert units["u3"].source.tags[0] == Tag("ph", (("id", "3"),), "&lt;br/&gt;")
    assert units["u4"].target("az").status is Status.NEW
    assert units["u5"].target("az").status is Status.DRAFT
    assert units["u4"].source.lang == "en-US"


def test_codes_from_tmx_are_written_as_their_xliff_kin(tmp_path: Path, xliff_schema) -> None:
    unit = Unit(
        "t",
        Variant(
            "en",
            (
                "a ",
                Tag("bpt", (("i", "1"), ("type", "bold")), "&lt;b&gt;"),
                "b",
                Tag("ept", (("i", "1"),), "&lt;/b&gt;"),
                Tag("hi", (("type", "x-y"),)),
                "c",
                Tag("/hi"),
                Tag("ut", (), "{x}"),
                Tag("it", (("pos", "begin"),), "&lt;u&gt;"),
            ),
        ),
    )
    path = tmp_path / "tmx-codes.xlf"
    xliff.write([unit], path, srclang="en", tgtlang="az")
    assert xliff_schema.validate(etree.parse(str(path))), xliff_schema.error_log
    (back,) = xliff.read(path)
    assert [t.kind for t in back.source.tags] == ["bpt", "ept", "g", "/g", "ph", "it"]
    assert back.source.text == unit.source.text


def test_translate_toolkit_reads_the_same_units(tmp_path: Path) -> None:
    ttk = pytest.importorskip("translate.storage.xliff")
    path = tmp_path / "job.xlf"
    xliff.write(sample_units(), path, srclang="en", tgtlang="az")
    store = ttk.xlifffile.parsefile(str(path))
    assert [u.xmlelement.get("id") for u in store.units] == [u.id for u in sample_units()]
    assert [u.source for u in store.units[:3]] == [u.source.text for u in sample_units()[:3]]
    assert [u.target for u in store.units[:2]] == ["Xocalı şəhərdir.", "Yerlə yeksan edildi."]
    assert [u.isfuzzy() for u in store.units[:2]] == [False, True]


def test_doctype_with_entities_is_refused() -> None:
    with pytest.raises(UnsafeXMLError):
        list(xliff.read(DATA / "xliff" / "xxe.xlf"))


def test_truncated_file_reports_its_line() -> None:
    with pytest.raises(ParseError) as info:
        list(xliff.read(DATA / "xliff" / "truncated.xlf"))
    assert info.value.line is not None and info.value.line >= 6


def test_same_units_give_same_bytes(tmp_path: Path) -> None:
    a, b = tmp_path / "a.xlf", tmp_path / "b.xlf"
    xliff.write(sample_units(), a, srclang="en", tgtlang="az")
    xliff.write(sample_units(), b, srclang="en", tgtlang="az")
    assert a.read_bytes() == b.read_bytes()


TEXT = st.text(alphabet="abcəğıİöüçşАБВжщё \t\n\"'&<>«»", min_size=1, max_size=20).map(nfc)
TAG = st.sampled_from([Tag("x", (("id", "1"),)), Tag("ph", (("id", "2"),), "&lt;br&gt;"), Tag("bx", (("id", "3"),))])


@settings(max_examples=100)
@given(
    st.lists(st.tuples(st.lists(st.one_of(TEXT, TAG), min_size=1, max_size=4), st.booleans()), min_size=1, max_size=4)
)
def test_any_content_survives_xliff_write_and_read(tmp_path_factory: pytest.TempPathFactory, specs) -> None:
    units = []
    for n, (parts, translated) in enumerate(specs):
        content = join_text(parts)
        unit = Unit(f"u{n}", Variant("en", content))
        if translated:
            unit.targets["az"] = Variant("az", content)
        units.append(unit)
    path = tmp_path_factory.mktemp("xlf") / "p.xlf"
    xliff.write(units, path, srclang="en", tgtlang="az")
    assert list(xliff.read(path)) == units


# --------------------------------------------------------------------------- files from other tools (issue 21)


def test_sdlxliff_is_read_segment_by_segment_with_its_confirmation_levels() -> None:
    from tm import formats

    path = DATA / "xliff" / "trados_studio.sdlxliff"
    assert formats.format_for(path) is xliff
    units = {u.id: u for u in xliff.read(path)}
    assert units["a1::1"].target("de").content == ("Satz 1.",)
    assert units["a1::1"].target("de").status is Status.REVIEWED  # ApprovedTranslation
    assert units["a1::2"].target("de").status is Status.DRAFT
    assert units["a1::2"].source.content == ("Segment ", Tag("g", (("id", "2"),)), "2", Tag("/g"), ".")
    assert units["a2"].target("de").text == "Satz 3."  # not the indentation around the <mrk>
    assert units["0"].targets == {}


def test_a_targets_own_xml_lang_wins_over_the_files_target_language() -> None:
    units = {u.id: u for u in xliff.read(DATA / "xliff" / "target_lang_and_comment.xlf")}
    assert list(units["t1"].targets) == ["fr"]
    assert list(units["t2"].targets) == ["bg"]


def test_a_doctype_inside_a_comment_is_no_doctype(tmp_path: Path) -> None:
    assert len(list(xliff.read(DATA / "xliff" / "target_lang_and_comment.xlf"))) == 2
    real = tmp_path / "real.xlf"
    real.write_text((DATA / "xliff" / "target_lang_and_comment.xlf").read_text().replace(
        "<xliff version", '<!DOCTYPE xliff SYSTEM "xliff.dtd">\n<xliff version', 1))  # fmt: skip
    with pytest.raises(UnsafeXMLError, match="DOCTYPE") as info:
        list(xliff.read(real))
    assert info.value.line == 3


@pytest.mark.parametrize(
    ("text", "root"),
    [
        ('<?xml version="1.0"?>\n<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en">'
         "<seg>Bakı</seg></tuv></tu></body></tmx>\n", "tmx"),
        ("<root/>\n", "root"),
    ],
)  # fmt: skip
def test_other_xml_under_the_xliff_extension_is_refused_by_its_root(tmp_path: Path, text: str, root: str) -> None:
    path = tmp_path / "job.xlf"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ParseError, match=f"root element is <{root}>, not <xliff>") as caught:
        list(xliff.read(path))
    assert caught.value.path == str(path)


def test_an_empty_file_is_reported_without_a_made_up_position(tmp_path: Path) -> None:
    path = tmp_path / "empty.xlf"
    path.write_bytes(b"")
    with pytest.raises(ParseError) as caught:
        list(xliff.read(path))
    assert str(caught.value).startswith(f"{path}: not well-formed XML")


def test_a_file_that_does_not_name_its_languages_takes_those_given(tmp_path: Path) -> None:
    path = tmp_path / "bare.xlf"
    path.write_text(
        '<xliff version="1.2"><file original="x" datatype="plaintext"><body>'
        '<trans-unit id="a"><source>Khojaly</source><target>Xocalı</target></trans-unit></body></file></xliff>',
        encoding="utf-8",
    )
    (unit,) = xliff.read(path, source_lang="en-GB", target_lang="az")
    assert (unit.source.lang, list(unit.targets)) == ("en-GB", ["az"])
    (unit,) = xliff.read(path)
    assert (unit.source.lang, list(unit.targets)) == ("en", [])
