"""TMX: reading what CAT tools write, writing what they accept, and losing nothing in between."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from tm import formats
from tm.errors import ParseError, TmError, UnsafeXMLError
from tm.formats import po, tmx
from tm.model import Context, Origin, Status, Tag, Unit, Variant
from tm.segment import segment

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "tmx"
SPEC = Path("/work/shared/spec")
ARTICLE = ROOT / "segments" / "article-2023-02-23" / "en.txt"
OMEGAT_CHECK = Path("/work/shared/tools/omegat_check.sh")
UTC = UTC


def units_of(name: str, **options) -> list[Unit]:
    return list(tmx.read(DATA / name, **options))


def texts(unit: Unit) -> dict[str, str]:
    return {unit.source.lang: unit.source.text, **{lang: v.text for lang, v in unit.targets.items()}}


# --------------------------------------------------------------------------- schemas


@pytest.fixture(scope="module")
def dtd() -> etree.DTD:
    if not (SPEC / "tmx14.dtd").exists():
        pytest.skip("shared/spec/tmx14.dtd is not available")
    return etree.DTD(str(SPEC / "tmx14.dtd"))


@pytest.fixture(scope="module")
def xsd() -> etree.XMLSchema:
    if not (SPEC / "omegat-tmx14.xsd").exists():
        pytest.skip("shared/spec/omegat-tmx14.xsd is not available")
    doc = etree.parse(str(SPEC / "omegat-tmx14.xsd"))
    for imp in doc.getroot().iter("{http://www.w3.org/2001/XMLSchema}import"):
        imp.set("schemaLocation", str(SPEC / "xml.xsd"))
    return etree.XMLSchema(doc)


def assert_valid(path: Path, dtd: etree.DTD, xsd: etree.XMLSchema) -> None:
    tree = etree.parse(str(path), etree.XMLParser(load_dtd=False, no_network=True, resolve_entities=False))
    assert dtd.validate(tree), dtd.error_log
    assert xsd.validate(tree), xsd.error_log


# --------------------------------------------------------------------------- reading fixtures


@pytest.mark.parametrize("name", ["utf16_bom_le.tmx", "utf16_no_bom.tmx", "utf8_bom.tmx"])
def test_utf16_and_bom_variants_read_the_same_trados_units(name: str) -> None:
    first, second = units_of(name)
    assert texts(first) == {
        "en-US": "The Khojaly genocide was committed in 1992.",
        "az-Latn-AZ": "Xocalı soyqırımı 1992-ci ildə törədilib.",
    }
    assert texts(second)["az-Latn-AZ"] == "İlham Əliyev çıxış etdi."
    # Trados puts dates on the <tu>: they fill the variants and stay as tu attributes.
    target = first.targets["az-Latn-AZ"]
    assert target.created == datetime(2023, 2, 23, 10, 15, tzinfo=UTC)
    assert target.changed == datetime(2023, 2, 24, 8, 0, tzinfo=UTC)
    assert (target.creator, target.changer) == ("SABINA", "REVIEWER")
    assert first.props["tmx:usagecount"] == ["3"]
    assert first.props["x-Client"] == ["Azernews"]
    assert first.id == units_of("utf8_bom.tmx")[0].id  # content ids do not depend on the encoding


def test_tmx11_lang_attribute_and_dates_without_zone() -> None:
    first, second = units_of("tmx11_lang.tmx")
    assert (first.id, first.source.lang, first.source.text) == ("1", "en-US", "Good morning.")
    assert first.targets["ru-RU"].text == "Доброе утро."
    assert first.source.created == datetime(2001, 2, 3, 4, 5, 6, tzinfo=UTC)
    assert second.targets["az-AZ"].text == "Təşəkkür edirəm."
    header = tmx.read_header(DATA / "tmx11_lang.tmx")
    assert (header.version, header.srclang, header.creationdate) == ("1.1", "en-US", datetime(2001, 1, 1, tzinfo=UTC))


def test_srclang_all_takes_the_first_tuv_unless_the_caller_names_the_source() -> None:
    first, second = units_of("srclang_all.tmx")
    assert tmx.read_header(DATA / "srclang_all.tmx").srclang == "*all*"
    assert (first.source.lang, list(first.targets)) == ("en", ["ru", "az"])
    assert (second.source.lang, list(second.targets)) == ("ru", ["en"])
    _, chosen = units_of("srclang_all.tmx", source_lang="EN")
    assert (chosen.source.text, chosen.targets["ru"].text) == ("War", "Война")
    # ISO dates with an offset are converted to UTC.
    assert chosen.source.created == datetime(2023, 2, 23, 6, 15, tzinfo=UTC)


def test_language_tags_in_any_case_or_with_underscores_are_normalised() -> None:
    (unit,) = units_of("lang_case_underscore.tmx")
    assert (unit.source.lang, list(unit.targets)) == ("en-US", ["az-AZ", "ru-RU"])
    assert unit.target("az").text == "Bakı"


def test_inline_codes_are_kept_as_tags_in_order() -> None:
    first, second = units_of("inline_codes.tmx")
    source = first.source.content
    assert source[0] == "Press "
    assert source[1] == Tag("bpt", (("i", "1"), ("type", "bold")), "&lt;b&gt;")
    assert source[2:4] == ("Save", Tag("ept", (("i", "1"),), "&lt;/b&gt;"))
    assert first.source.text == "Press Save now."
    kinds = [p.kind for p in second.source.content if isinstance(p, Tag)]
    assert kinds == ["it", "hi", "ph", "/hi", "ph", "ut"]
    link = [p for p in second.source.content if isinstance(p, Tag) and p.attr("type") == "link"][0]
    assert link.code == '&lt;a href="x.html" title="<sub datatype="plaintext">A link</sub>"&gt;'
    assert second.source.text == "See the  note and here"


def test_inline_codes_survive_import_then_export(tmp_path: Path) -> None:
    out = tmp_path / "again.tmx"
    tmx.write(units_of("inline_codes.tmx"), out, srclang="en")
    segs = lambda path: [etree.tostring(s, encoding="unicode") for s in etree.parse(str(path)).iter("seg")]  # noqa: E731
    assert segs(out) == segs(DATA / "inline_codes.tmx")
    assert [as_read(u) for u in units_of("inline_codes.tmx")] == list(tmx.read(out))


def test_props_notes_and_attributes_survive_import_then_export(tmp_path: Path) -> None:
    out = tmp_path / "trados.tmx"
    units = units_of("utf16_bom_le.tmx")
    tmx.write(units, out, srclang="en-US")
    again = list(tmx.read(out))
    assert again == units
    first_tu = next(etree.parse(str(out)).iter("tu"))
    assert first_tu.get("usagecount") == "3" and first_tu.get("creationdate") == "20230223T101500Z"
    assert first_tu.find("tuv").get("creationdate") is None  # inherited from the tu, not repeated


@pytest.mark.parametrize("name", ["billion_laughs.tmx", "xxe_file.tmx", "xxe_http.tmx"])
def test_entity_attacks_are_refused_when_read_is_called(name: str) -> None:
    with pytest.raises(UnsafeXMLError) as caught:
        tmx.read(DATA / name)  # at once, before any iteration
    assert caught.value.line == 3


def test_truncated_file_yields_the_units_before_the_break() -> None:
    reader = tmx.read(DATA / "truncated.tmx")
    assert [next(reader).id, next(reader).id] == ["t1", "t2"]
    with pytest.raises(ParseError) as caught:
        next(reader)
    assert caught.value.line == 26 and "truncated" in caught.value.message


def test_xml_invalid_characters_are_a_parse_error_with_line() -> None:
    with pytest.raises(ParseError) as caught:
        units_of("invalid_chars.tmx")
    assert caught.value.line == 7


def test_bytes_that_are_not_utf8_without_a_declaration_are_a_parse_error() -> None:
    with pytest.raises(ParseError, match="encoding") as caught:
        units_of("latin1_undeclared.tmx")
    assert caught.value.line == 3


def test_undefined_entity_names_the_entity() -> None:
    with pytest.raises(ParseError, match="nbsp") as caught:
        units_of("undefined_entity.tmx")
    assert caught.value.line == 7


def test_duplicate_tuids_are_both_read() -> None:
    assert [(u.id, u.source.text) for u in units_of("duplicate_tuid.tmx")] == [("same", "One"), ("same", "Two")]


def test_plain_doctype_is_read_and_missing_tuid_gets_a_stable_content_id() -> None:
    (unit,) = units_of("doctype_system.tmx")
    assert unit.targets["az-AZ"].text == "Azərbaycan"
    assert len(unit.id) == 16 and unit.id == units_of("doctype_system.tmx")[0].id


def test_a_second_tuv_in_the_same_language_becomes_a_further_unit(tmp_path: Path) -> None:
    path = tmp_path / "alt.tmx"
    path.write_text(
        '<tmx version="1.4"><header srclang="en"/><body><tu tuid="k">'
        '<tuv xml:lang="en"><seg>Hi</seg></tuv><tuv xml:lang="az"><seg>Salam</seg></tuv>'
        '<tuv xml:lang="az"><seg>Salamlar</seg></tuv></tu></body></tmx>'
    )
    units = list(tmx.read(path))
    assert [(u.id, u.targets["az"].text) for u in units] == [("k", "Salam"), ("k#2", "Salamlar")]


def test_a_second_tuv_in_the_source_language_is_the_source_of_a_further_unit(tmp_path: Path) -> None:
    # Never a target in the source's own language: written back, that would not read the same.
    path = tmp_path / "alt.tmx"
    path.write_text(
        '<tmx version="1.4"><header srclang="en"/><body><tu tuid="k">'
        '<tuv xml:lang="en"><seg>Hi</seg></tuv><tuv xml:lang="az"><seg>Salam</seg></tuv>'
        '<tuv xml:lang="en"><seg>Hello</seg></tuv></tu></body></tmx>'
    )

    def texts(units: list) -> list:
        return [(u.id, u.source.text, sorted(t.text for t in u.targets.values())) for u in units]

    units = list(tmx.read(path))
    assert texts(units) == [("k", "Hi", ["Salam"]), ("k#2", "Hello", [])]
    again = tmp_path / "again.tmx"
    tmx.write(units, again)
    assert texts(list(tmx.read(again))) == texts(units)


def test_an_element_tmx_does_not_define_in_a_seg_is_kept_as_a_placeholder(tmp_path: Path) -> None:
    path = tmp_path / "foreign.tmx"
    path.write_text(
        '<tmx version="1.4"><header srclang="en"/><body><tu tuid="k">'
        '<tuv xml:lang="en"><seg>Press <kbd key="s">Save</kbd>.</seg></tuv>'
        '<tuv xml:lang="az"><seg>Basın <kbd key="s">Saxla</kbd>.</seg></tuv></tu></body></tmx>'
    )
    (unit,) = tmx.read(path)
    tag = unit.source.content[1]
    assert isinstance(tag, Tag) and tag.kind == "ph" and tag.code == '&lt;kbd key="s"&gt;Save&lt;/kbd&gt;'
    assert unit.source.text == "Press ."
    again = tmp_path / "again.tmx"
    tmx.write([unit], again)
    (back,) = tmx.read(again)
    assert back.source.content == unit.source.content


def test_a_status_prop_tm_does_not_know_is_kept_and_the_round_trip_holds(tmp_path: Path) -> None:
    path = tmp_path / "status.tmx"
    path.write_text(
        '<tmx version="1.4"><header srclang="en"/><body><tu tuid="k"><tuv xml:lang="en"><seg>Hi</seg></tuv>'
        '<tuv xml:lang="az"><prop type="x-tm-status">signed-off</prop><seg>Salam</seg></tuv></tu></body></tmx>'
    )
    (unit,) = tmx.read(path)
    (target,) = unit.targets.values()
    assert target.status is Status.TRANSLATED and target.props == {"x-tm-status": ["signed-off"]}
    again = tmp_path / "again.tmx"
    tmx.write([unit], again)
    (back,) = tmx.read(again)
    (back_target,) = back.targets.values()
    assert (back_target.status, back_target.props) == (target.status, target.props)


@given(st.datetimes(min_value=datetime(1, 1, 1), timezones=st.just(UTC)))
def test_tmx_and_po_dates_read_back_for_any_year(value: datetime) -> None:
    # strftime's %Y writes the year 21 as "21": found by fuzz/run.py tmx (a creationdate in year 21).
    assert tmx.parse_date(tmx.format_date(value)) == value.replace(microsecond=0)
    assert po.parse_date(po.format_date(value)) == value.replace(second=0, microsecond=0)


def test_a_non_tmx_root_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.tmx"
    path.write_text("<xliff/>")
    with pytest.raises(ParseError, match="root element"):
        tmx.read(path)


def test_lenient_dates() -> None:
    expected = datetime(2023, 2, 23, 10, 15, 0, tzinfo=UTC)
    for value in ("20230223T101500Z", "20230223T101500", "2023-02-23T10:15:00Z", "2023-02-23 10:15:00",
                  "2023-02-23T14:15:00+04:00", "20230223T101500.123Z"):  # fmt: skip
        assert tmx.parse_date(value) == expected, value
    assert tmx.parse_date("2023-02-23") == datetime(2023, 2, 23, tzinfo=UTC)
    assert tmx.parse_date("yesterday") is None
    assert tmx.format_date(datetime(2023, 2, 23, 14, 15, tzinfo=timezone(timedelta(hours=4)))) == "20230223T101500Z"


# --------------------------------------------------------------------------- writing


def sample_units() -> list[Unit]:
    changed = datetime(2023, 2, 23, 14, 15, tzinfo=timezone(timedelta(hours=4)))
    return [
        Unit(
            "u1",
            Variant.of("en", "Khojaly & <Khankandi> \"quoted\" 'single'"),
            {
                "az": Variant.of(
                    "az",
                    "Xocalı və Xankəndi",
                    changed=changed,
                    changer="Sabina",
                    source_text="Khojaly and Khankandi",
                    origin=Origin.HUMAN,
                ),
                "ru": Variant.of("ru", "", status=Status.NEW),
            },
            context=Context("article", 0, 1, None, "Next sentence."),
            origin=Origin.IMPORTED,
            props={"x-domain": ["news"]},
            notes=["checked"],
        ),  # fmt: skip
        Unit(
            "u2",
            Variant("en", ("Press ", Tag("bpt", code="&lt;b&gt;"), "Save", Tag("ept", code="&lt;/b&gt;"))),
            {"ru": Variant.of("ru", "Нажмите «Сохранить»", status=Status.DRAFT)},
        ),
    ]


@pytest.mark.parametrize("profile", list(tmx.PROFILES))
def test_writer_output_is_valid_against_dtd_and_omegat_xsd(tmp_path: Path, profile: str, dtd, xsd) -> None:
    if tmx.PROFILES[profile].pairs:
        paths = tmx.write_pairs(sample_units(), tmp_path / "doc.tmx", srclang="en", profile=profile)
    else:
        path = tmp_path / "doc.tmx"
        tmx.write(sample_units(), path, srclang="en", profile=profile)
        paths = [path]
    for path in paths:
        assert_valid(path, dtd, xsd)


def test_writer_header_has_the_seven_required_attributes(tmp_path: Path) -> None:
    path = tmp_path / "doc.tmx"
    tmx.write(sample_units(), path, srclang="en")
    header = etree.parse(str(path)).find("header")
    for name in ("creationtool", "creationtoolversion", "segtype", "o-tmf", "adminlang", "srclang", "datatype"):
        assert header.get(name), name
    assert header.get("segtype") == "sentence" and header.get("creationdate") is None


def test_writer_is_deterministic_and_leaves_an_identical_file_alone(tmp_path: Path) -> None:
    first, second = tmp_path / "a.tmx", tmp_path / "b.tmx"
    assert tmx.write(sample_units(), first, srclang="en") is True
    tmx.write(sample_units(), second, srclang="en")
    assert first.read_bytes() == second.read_bytes()
    before = first.stat().st_mtime_ns
    assert tmx.write(sample_units(), first, srclang="en") is False
    assert first.stat().st_mtime_ns == before


def test_writer_writes_dates_in_utc_and_context_as_props(tmp_path: Path) -> None:
    path = tmp_path / "doc.tmx"
    tmx.write(sample_units(), path, srclang="en")
    tu = next(etree.parse(str(path)).iter("tu"))
    az = [t for t in tu.iter("tuv") if t.get("{http://www.w3.org/XML/1998/namespace}lang") == "az-Latn"][0]
    assert az.get("changedate") == "20230223T101500Z" and az.get("changeid") == "Sabina"
    props = {p.get("type"): p.text for p in tu.findall("prop")}
    assert props == {"x-domain": "news", "x-context-document": "article", "x-context-paragraph": "0",
                     "x-context-position": "1", "x-context-next": "Next sentence.", "x-tm-origin": "imported"}  # fmt: skip


def test_model_fields_round_trip_and_empty_targets_are_left_out(tmp_path: Path) -> None:
    path = tmp_path / "doc.tmx"
    tmx.write(sample_units(), path, srclang="en")
    first, second = tmx.read(path)
    assert first.context == Context("article", 0, 1, None, "Next sentence.")
    assert (first.origin, first.props, first.notes) == (Origin.IMPORTED, {"x-domain": ["news"]}, ["checked"])
    az = first.targets["az-Latn"]  # bare az covers Arabic-script Azerbaijani too: the script is written
    assert (az.source_text, az.origin, az.status) == ("Khojaly and Khankandi", Origin.HUMAN, Status.TRANSLATED)
    assert az.changed == datetime(2023, 2, 23, 10, 15, tzinfo=UTC)
    assert "ru" not in first.targets
    assert second.targets["ru"].status is Status.DRAFT


def test_inline_codes_get_unique_i_per_segment(tmp_path: Path) -> None:
    path = tmp_path / "doc.tmx"
    reused = Variant("en", (Tag("bpt", (("i", "1"),), "&lt;b&gt;"), "a", Tag("ept", (("i", "1"),), "&lt;/b&gt;"),
                            Tag("bpt", (("i", "1"),), "&lt;i&gt;"), "b", Tag("ept", (("i", "1"),), "&lt;/i&gt;")))  # fmt: skip
    tmx.write([*sample_units(), Unit("u3", reused)], path, srclang="en")
    for seg in etree.parse(str(path)).iter("seg"):
        begins = [b.get("i") for b in seg.iter("bpt")]
        assert len(begins) == len(set(begins)) and sorted(begins) == sorted(e.get("i") for e in seg.iter("ept"))
    last = list(tmx.read(path))[-1]
    assert [t.attr("i") for t in last.source.tags] == ["1", "1", "2", "2"]


@pytest.mark.parametrize("bad", ["\x01", "\ufffe", "\x1b[0m"])
def test_xml_invalid_characters_are_refused_naming_the_unit(tmp_path: Path, bad: str) -> None:
    path = tmp_path / "doc.tmx"
    tmx.write(sample_units(), path, srclang="en")
    before = path.read_bytes()
    broken = Unit("bad-one", Variant.of("en", f"text{bad}"), {"az": Variant.of("az", "mətn")})
    with pytest.raises(TmError, match="bad-one"):
        tmx.write([*sample_units(), broken], path, srclang="en")
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["doc.tmx"]  # no temporary file left behind


@pytest.mark.parametrize(
    "content",
    [
        (Tag("g", (("id", "1"),)), "x"),
        (Tag("ph", code="<b>"),),
        (Tag("/hi"), "x"),
        (Tag("hi"), "x"),
        (Tag("it", code="x"),),
    ],
)
def test_inline_codes_tmx_cannot_express_are_refused(tmp_path: Path, content: tuple) -> None:
    with pytest.raises(TmError, match="u9"):
        tmx.write([Unit("u9", Variant("en", content))], tmp_path / "doc.tmx", srclang="en")


def test_pair_profiles_write_one_file_per_language(tmp_path: Path) -> None:
    paths = tmx.write_pairs(sample_units(), tmp_path / "doc.tmx", srclang="en", profile="trados")
    assert [p.name for p in paths] == ["doc.en-az.tmx", "doc.en-ru.tmx"]
    az = list(tmx.read(paths[0]))
    assert [(u.id, u.source.lang, list(u.targets)) for u in az] == [("u1", "en-US", ["az-Latn-AZ"])]
    tree = etree.parse(str(paths[1]))
    assert tree.find("header").get("srclang") == "en-US"
    assert {t.get("{http://www.w3.org/XML/1998/namespace}lang") for t in tree.iter("tuv")} == {"en-US", "ru-RU"}


def test_omegat_profile_uses_region_tags_and_skips_units_without_the_target(tmp_path: Path) -> None:
    (path,) = tmx.write_pairs(sample_units(), tmp_path / "doc.tmx", srclang="en", profile="omegat", langs=["az"])
    assert path.name == "doc.en-az.tmx"
    assert [(u.id, list(u.targets)) for u in tmx.read(path)] == [("u1", ["az-AZ"])]


def test_pair_profile_without_one_language_is_refused(tmp_path: Path) -> None:
    with pytest.raises(TmError, match="one language pair"):
        tmx.write(sample_units(), tmp_path / "doc.tmx", srclang="en", profile="trados")
    assert not (tmp_path / "doc.tmx").exists()


def test_profile_language_forms() -> None:
    assert [tmx.profile_lang(t, "omegat") for t in ("en", "az", "ru", "az_az")] == ["en-US", "az-AZ", "ru-RU", "az-AZ"]
    assert [tmx.profile_lang(t, "trados") for t in ("en", "az", "sr-Latn")] == ["en-US", "az-Latn-AZ", "sr-Latn-RS"]
    assert [tmx.profile_lang(t, "generic") for t in ("AZ_az", "az", "az-Arab", "ru", "sr-Latn")] == [
        "az-Latn-AZ",
        "az-Latn",
        "az-Arab",
        "ru",
        "sr-Latn",
    ]
    with pytest.raises(TmError, match="unknown TMX profile"):
        tmx.profile_lang("en", "wordfast")


# --------------------------------------------------------------------------- registry


def test_registry_dispatches_by_extension_and_by_sniffing(tmp_path: Path) -> None:
    assert formats.format_for("memory.TMX") is tmx
    disguised = tmp_path / "memory.xml"
    shutil.copy(DATA / "srclang_all.tmx", disguised)
    assert [u.id for u in formats.read(disguised)] == ["a1", "a2"]
    out = tmp_path / "out.tmx"
    formats.write(sample_units(), out, srclang="en")
    assert [u.id for u in formats.read(out)] == ["u1", "u2"]
    with pytest.raises(TmError, match="cannot tell"):
        formats.write(sample_units(), tmp_path / "out.bin", srclang="en")


# --------------------------------------------------------------------------- other tools


def test_translate_toolkit_reads_the_same_units(tmp_path: Path) -> None:
    ttk = pytest.importorskip("translate.storage.tmx")
    path = tmp_path / "doc.tmx"
    units = [
        Unit(f"id{n}", Variant.of("en", f"Sentence {n} & <more>"), {"az": Variant.of("az", f"Cümlə {n} — ə ğ ı İ")})
        for n in range(5)
    ]
    tmx.write(units, path, srclang="en")
    store = ttk.tmxfile.parsefile(str(path))
    assert [(u.getid(), u.source, u.target) for u in store.units] == [
        (u.id, u.source.text, u.targets["az"].text) for u in units
    ]


@pytest.mark.skipif(shutil.which("omegat") is None or not OMEGAT_CHECK.exists(), reason="OmegaT is not installed")
def test_omegat_fills_every_sentence_of_the_article_from_our_tmx(tmp_path: Path) -> None:
    text = ARTICLE.read_text(encoding="utf-8")
    units = []
    for paragraph in segment(text, "en"):
        for sentence in paragraph.sentences:
            units.append(Unit(f"p{paragraph.index}s{sentence.index}", Variant.of("en", sentence.text),
                              {"az": Variant.of("az", "AZ: " + sentence.text)},
                              context=Context("article-2023-02-23", paragraph.index, sentence.index)))  # fmt: skip
    (path,) = tmx.write_pairs(units, tmp_path / "article.tmx", srclang="en", profile="omegat", langs=["az"])
    result = subprocess.run(
        [str(OMEGAT_CHECK), "--min-translated=all", str(ARTICLE), str(path), "en-US", "az-AZ", str(tmp_path / "out.az.txt")],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert result.stdout.strip().splitlines()[-1].startswith("RESULT ok")
    assert "AZ: Azerbaijani Human Rights Commissioner" in (tmp_path / "out.az.txt").read_text(encoding="utf-8")


# --------------------------------------------------------------------------- property: write -> read


def _xml_ok(char: str) -> bool:
    return not tmx._INVALID_XML.match(char)


SPECIAL = "əğıİöüçşƏĞIÖÜÇŞЖжЁёЙйЩщ&<>\"' \t\n\r\u00a0]]>"
TEXT = st.text(
    alphabet=st.one_of(st.sampled_from(SPECIAL), st.characters(exclude_categories=("Cs",)).filter(_xml_ok)),
    min_size=1,
    max_size=25,
)
CODE = TEXT.map(tmx._escape_text)
LANGS = ["az", "ru", "az-Cyrl", "en-GB", "ru-RU", "tr"]
DATES = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1)).map(
    lambda d: d.replace(microsecond=0, tzinfo=UTC)
)
PROP_KEY = st.text(alphabet="abcdefxyz-_:. ", min_size=1, max_size=8).filter(
    lambda k: not k.startswith(("tmx:", "x-context-", "x-tm-"))
)


@st.composite
def contents(draw) -> tuple:
    parts: list = []
    pair = 0
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["text", "text", "ph", "pair", "hi", "it"]))
        if kind == "text":
            parts.append(draw(TEXT))
        elif kind == "ph":
            parts.append(Tag("ph", (("x", str(draw(st.integers(1, 9)))),), draw(CODE)))
        elif kind == "it":
            parts.append(Tag("it", (("pos", draw(st.sampled_from(["begin", "end"]))),), draw(CODE)))
        elif kind == "pair":
            pair += 1
            parts += [
                Tag("bpt", (("i", str(pair)),), draw(CODE)),
                draw(TEXT),
                Tag("ept", (("i", str(pair)),), draw(CODE)),
            ]
        else:
            parts += [Tag("hi", (("type", "b"),)), draw(TEXT), Tag("/hi")]
    return tuple(parts)


@st.composite
def variants(draw, lang: str) -> Variant:
    return Variant(
        lang=lang,
        content=draw(contents()),
        status=draw(st.sampled_from(list(Status))),
        origin=draw(st.none() | st.sampled_from(list(Origin))),
        created=draw(st.none() | DATES),
        changed=draw(st.none() | DATES),
        creator=draw(st.none() | TEXT),
        changer=draw(st.none() | TEXT),
        source_text=draw(st.none() | TEXT),
        props=draw(st.dictionaries(PROP_KEY, st.lists(TEXT, min_size=1, max_size=2), max_size=2)),
        notes=draw(st.lists(TEXT, max_size=2)),
    )


@st.composite
def units(draw) -> Unit:
    langs = draw(st.lists(st.sampled_from(LANGS), unique=True, max_size=3))
    context = draw(st.none() | st.builds(Context, TEXT, st.none() | st.integers(0, 999),
                                         st.none() | st.integers(0, 999), st.none() | TEXT, st.none() | TEXT))  # fmt: skip
    return Unit(
        id=draw(TEXT),
        source=draw(variants("en")),
        targets={lang: draw(variants(lang)) for lang in langs},
        context=context,
        origin=draw(st.none() | st.sampled_from(list(Origin))),
        props=draw(st.dictionaries(PROP_KEY, st.lists(TEXT, min_size=1, max_size=2), max_size=2)),
        notes=draw(st.lists(TEXT, max_size=2)),
    )


def as_read(unit: Unit) -> Unit:
    """What TMX holds of ``unit``: adjacent text merged, text in NFC, tags as the generic profile
    writes them (``az`` -> ``az-Latn``)."""

    def content(parts: tuple) -> tuple:
        merged: list = []
        for part in parts:
            if isinstance(part, str) and merged and isinstance(merged[-1], str):
                merged[-1] += part
            else:
                merged.append(part)
        return tuple(unicodedata.normalize("NFC", p) if isinstance(p, str) else p for p in merged)

    def variant(v: Variant) -> Variant:
        return Variant(tmx.profile_lang(v.lang, "generic"), content(v.content), v.status, v.origin, v.created,
                       v.changed, v.creator, v.changer, v.source_text, v.props, v.notes)  # fmt: skip

    return Unit(unit.id, variant(unit.source), {tmx.profile_lang(k, "generic"): variant(v) for k, v in unit.targets.items()},
                unit.context, unit.origin, unit.props, unit.notes)  # fmt: skip


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(units(), max_size=4))
def test_any_units_survive_write_then_read(tmp_path: Path, written: list[Unit]) -> None:
    path = tmp_path / "prop.tmx"
    tmx.write(written, path, srclang="en")
    assert list(tmx.read(path)) == [as_read(u) for u in written]


# --------------------------------------------------------------------------- what an export must keep (issue 21)


def _memory_export(tmp_path: Path, *files: Path, **options) -> Path:
    from tm.memory import export_memory
    from tm.memory.backends.sqlite import SqliteMemory

    out = tmp_path / "out.tmx"
    with SqliteMemory(tmp_path / "m.db") as memory:
        for path in files:
            memory.import_file(path)
        export_memory(memory, out, "tmx", **options)
    return out


def test_units_differing_only_in_inline_codes_get_different_ids() -> None:
    ids = [u.id for u in units_of("export_keeps.tmx")]
    assert len(ids) == len(set(ids)) == 3
    plain = Variant.of("en", "Click here.")
    assert tmx._content_id([plain]) == tmx._content_id([Variant.of("en", "Click here.")])


def test_export_keeps_a_units_own_srclang_and_its_tuv_dates(tmp_path: Path, dtd, xsd) -> None:
    out = _memory_export(tmp_path, DATA / "export_keeps.tmx")
    assert etree.parse(str(out)).find("header").get("srclang") == "fr-CA"
    assert_valid(out, dtd, xsd)
    tree = etree.parse(str(out))
    (german,) = [tu for tu in tree.iter("tu") if tu.get("srclang")]
    assert german.get("srclang") == "de-DE"
    dates = {tuv.get(tmx.XML_LANG): tuv.get("creationdate") for tuv in german.iter("tuv")}
    assert dates == {"de-DE": "20190304T101112Z", "fr-CA": "20190305T101112Z"}
    assert german.find("tuv").get("changedate") == "20200102T030405Z"
    from tm.formats import tmx_check

    assert [f for f in tmx_check.check(out) if f.severity == "error"] == []


def test_xliff_codes_are_written_in_their_tmx_form(tmp_path: Path, dtd, xsd) -> None:
    out = _memory_export(tmp_path, ROOT / "tests" / "data" / "xliff" / "g_mrk_ph.xlf")
    assert_valid(out, dtd, xsd)
    segs = [etree.tostring(seg, encoding="unicode", with_tail=False) for seg in etree.parse(str(out)).iter("seg")]
    assert segs[0] == '<seg>Open <bpt i="1" type="bold" x="1"/>the file<ept i="1"/> now.</seg>'
    assert segs[2] == '<seg>See <hi type="term">the manual</hi>.<ph>&lt;br/&gt;</ph></seg>'  # no id on <ph>
    assert segs[4] == '<seg>Start <bpt i="7" x="3"/>here<ept i="7"/> and <ph x="5"/> there.</seg>'
    (unit, *_) = tmx.read(out)
    assert unit.target("de").text == "Öffnen Sie die Datei jetzt."


def test_one_unit_with_xliff_spans_does_not_block_other_exports(tmp_path: Path) -> None:
    out = _memory_export(tmp_path, ROOT / "tests" / "data" / "xliff" / "g_mrk_ph.xlf", DATA / "export_keeps.tmx")
    assert len(list(tmx.read(out))) == 6


def test_a_broken_code_names_the_unit_with_a_hint_about_codes(tmp_path: Path) -> None:
    broken = Unit("u9", Variant("en", ("a", Tag("/g"))))
    with pytest.raises(TmError, match="u9") as info:
        tmx.write([broken], tmp_path / "doc.tmx", srclang="en")
    assert "inline codes" in (info.value.hint or "") and "XML 1.0" not in (info.value.hint or "")


def test_the_header_srclang_is_the_first_units_unless_given_and_all_for_no_units(tmp_path: Path) -> None:
    assert 'srclang="en"' in tmx.dumps(sample_units())
    assert 'srclang="ru"' in tmx.dumps(sample_units(), srclang="ru")
    empty = tmp_path / "empty.tmx"
    empty.write_text(tmx.dumps([]), encoding="utf-8")
    assert tmx.read_header(empty).srclang == tmx.ALL_LANGS and list(tmx.read(empty)) == []
