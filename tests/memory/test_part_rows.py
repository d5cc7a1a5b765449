"""Rows made straight from a TMX file's bytes (``importer.part_rows``) are the rows the general path
makes of the units the scanner reads (``tmx.Parts.units``, then ``rows.plain_unit_row``/``unit_row``)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.formats.test_tmx_scan import HEAD, TAIL, unit_text
from tm.formats import tmx, tmx_scan
from tm.memory import importer, rows
from tm.memory.rows import index_text
from tm.model import Origin

#: Texts of a <seg> that go into a row as they are.
TEXTS = st.lists(st.sampled_from(["a", "Sülh", "Мир", " ", "ə", "😀"]), min_size=1, max_size=4).map("".join)
#: What makes a <tu> need more than its bytes (escaped in XML or in JSON, not NFC, blank, dates that
#: are no day or not canonical, ids with references, no tuid, inline codes), or what XML refuses
#: (the scanner gives up on the part): (where it goes, what).
ODD = st.sampled_from([
    *(("text", piece) for piece in ["e\u0301", "\u00a0", "\t", "&amp;", "&#233;", '"', "\\", "]", "\u2028", " "]),
    *(("date", date) for date in ["20230229T120000Z", "20240101T240000Z", "20240101T1200Z", "2024-01-01T12:00:00Z", ""]),
    *(("id", value) for value in ["a&amp;b", "&#233;", "", 'a"b', "a\\b"]),
    ("tuid", ""), ("tuid", "Ünit"), ("code", '<bpt i="1">&lt;b&gt;</bpt>'),
    *(("refused", piece) for piece in ["]]>", "\ufffe", "\x01"]),
])  # fmt: skip
#: Two shapes of a news desk's <tu> (its attributes in order, its languages): files switch between them.
SHAPES = [
    (("tuid", "creationdate", "creationid", "changedate", "changeid", "lastusagedate", "usagecount"),
     ("en-US", "az-Latn-AZ", "ru-RU")),
    (("creationid", "tuid", "changedate"), ("az", "en")),
]  # fmt: skip


@st.composite
def news_tu(draw: Any, number: int, shape: int) -> str:
    """A <tu> as a news desk's CAT tool writes it, mostly of ``SHAPES[shape]``, often with one thing
    that makes its row need more than its bytes."""
    names, langs = SHAPES[shape if draw(st.integers(0, 7)) else 1 - shape]
    quote = draw(st.sampled_from(['"', '"', "'"]))
    odd, value = draw(ODD) if draw(st.booleans()) else ("", "")
    if quote in value:
        quote = "'" if quote == '"' else '"'
    if odd == "refused" and draw(st.integers(0, 9)):
        odd = ""  # rarely: the rest of the file is read by lxml
    values = {"tuid": value if odd == "tuid" else f"u{number}", "usagecount": "3"}
    for name in names:
        kind = "date" if name in ("creationdate", "changedate") else "id"
        usual = (
            ["20170714T024024Z", "20240229T235959Z"] if kind == "date" else ["DESK\\petrov", "Лена", "20240229T235959Z"]
        )
        values.setdefault(name, value if odd == kind and draw(st.booleans()) else draw(st.sampled_from(usual)))
    attrs = "".join(f" {name}={quote}{values[name]}{quote}" for name in names)
    texts = [draw(TEXTS) for _lang in langs]
    at = draw(st.integers(0, len(langs) - 1))
    if odd in ("text", "refused"):
        texts[at] = draw(st.sampled_from([value + texts[at], texts[at] + value, value]))
    elif odd == "code":
        texts[at] = value + texts[at]
    tuvs = "".join(f'\n  <tuv xml:lang="{lang}">\n    <seg>{text}</seg>\n  </tuv>' for lang, text in zip(langs, texts))
    return f"<tu{attrs}>{tuvs}\n</tu>\n"


@st.composite
def news_tmx(draw: Any) -> str:
    shape = draw(st.integers(0, 1))
    units = [draw(news_tu(number, shape) if draw(st.integers(0, 9)) else unit_text(number, False))
             for number in range(12)]  # fmt: skip
    return HEAD + "".join(units) + TAIL


def general_rows(parts: tmx.Parts, raw: bytes, ends_file: bool, origin: Origin | None) -> tuple[Any, ...] | None:
    """What ``part_rows`` gives, the general way."""
    found = parts.units(raw, ends_file)
    if found is None:
        return None
    units, tus, _slow = found
    batch = next(importer.batches(units, origin, max(len(units), 1), first=max(len(units), 1)), importer.Batch())
    return tus, batch.read, batch.skipped, [row.known() for row in batch.rows]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(news_tmx(), st.sampled_from([(1, 1), (300, 900), (1 << 20, 8 << 20)]), st.sampled_from([None, Origin.IMPORTED]))
def test_rows_made_from_the_bytes_of_a_part_are_the_rows_of_its_units(
    tmp_path: Path, text: str, sizes: tuple[int, int], origin: Origin | None
) -> None:
    path = tmp_path / "news.tmx"
    path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
    made, general = tmx.Parts.open(path, sizes=sizes), tmx.Parts.open(path, sizes=sizes)
    if made is None or general is None:
        return  # the scanner cannot read the file's start (lxml reads the file)
    for number in range(len(made)):
        raw, ends_file = made.raw(number), made.ends_file(number)
        found = importer.part_rows(made, raw, ends_file, origin)
        expected = general_rows(general, raw, ends_file, origin)
        assert (found and (found[0], found[1].read, found[1].skipped, found[2])) == expected
        if found is None:
            break


def news_unit(number: int, text: str = "Peace.", target: str = "Sülh.", date: str = "20170714T024024Z",
              changer: str = "Лена", tuid: str | None = None) -> str:  # fmt: skip
    return (f'<tu tuid="{tuid if tuid is not None else f"u{number}"}" creationdate="{date}" creationid="DESK\\petrov"'
            f' changedate="20240229T235959Z" changeid="{changer}" usagecount="3">\n'
            f'  <tuv xml:lang="en-US">\n    <seg>{text}</seg>\n  </tuv>\n'
            f'  <tuv xml:lang="az-Latn-AZ">\n    <seg>{target}</seg>\n  </tuv>\n</tu>\n')  # fmt: skip


@pytest.mark.parametrize(
    "odd",
    [{"target": 'a "quoted" word'}, {"target": "a\\b"}, {"target": "a]]&gt;b"}, {"target": "a]b"}, {"text": 'a"b'},
     {"target": "e\u0301"}, {"text": "\u00a0"}, {"target": " "}, {"target": "a\tb"}, {"target": "&#233;"},
     {"date": "20230229T120000Z"}, {"date": "20240101T240000Z"}, {"date": "20240101T1200Z"}, {"changer": "a&amp;b"},
     {"changer": "é"}, {"tuid": ""}, {"target": '<bpt i="1">&lt;b&gt;</bpt>b'}, {"target": "a]]>b"}],
)  # fmt: skip
def test_a_unit_that_needs_more_than_its_bytes_between_two_that_do_not_has_the_row_of_its_unit(
    tmp_path: Path, odd: dict[str, str]
) -> None:
    path = tmp_path / "news.tmx"
    path.write_text(HEAD + news_unit(0) + news_unit(1, **odd) + news_unit(2) + TAIL, "utf-8")
    made, general = tmx.Parts.open(path), tmx.Parts.open(path)
    assert made is not None and general is not None and len(made) == 1
    found = importer.part_rows(made, made.raw(0), True, Origin.IMPORTED)
    assert (found and (found[0], found[1].read, found[1].skipped, found[2])) == general_rows(
        general, general.raw(0), True, Origin.IMPORTED
    )


@pytest.mark.parametrize("odd", ["\ufffe", "\uffff", "\x01", '<ph x="1"/>\x01'])
def test_a_part_with_a_character_the_scanner_gives_up_on_is_given_up(tmp_path: Path, odd: str) -> None:
    # past the scanner's first chunk (which Parts.open reads): only part_rows sees it, in a plain
    # <tu> or one with inline codes
    tus = [news_unit(number) for number in range(2 * tmx_scan.CHUNK // len(news_unit(0)))]
    tus.append(news_unit(len(tus), target=f"a{odd}b"))
    path = tmp_path / "news.tmx"
    path.write_text(HEAD + "".join(tus) + news_unit(1) + TAIL, "utf-8")
    made, general = tmx.Parts.open(path, sizes=(1 << 20, 1 << 20)), tmx.Parts.open(path, sizes=(1 << 20, 1 << 20))
    assert made is not None and general is not None
    last = len(made) - 1
    assert general_rows(general, general.raw(last), True, None) is None
    assert importer.part_rows(made, made.raw(last), True, None) is None


def test_a_value_in_single_quotes_that_holds_a_double_quote_has_the_row_of_its_unit(tmp_path: Path) -> None:
    tus = [news_unit(number, changer="a\\b").replace('"', "'") for number in range(4)]
    tus[2] = tus[2].replace("changeid='a\\b'", "changeid='a\"b'")  # escaped in the JSON of the props
    path = tmp_path / "news.tmx"
    path.write_text(HEAD + "".join(tus) + TAIL, "utf-8")
    made, general = tmx.Parts.open(path), tmx.Parts.open(path)
    assert made is not None and general is not None
    found = importer.part_rows(made, made.raw(0), True, None)
    assert (found and (found[0], found[1].read, found[1].skipped, found[2])) == general_rows(
        general, general.raw(0), True, None
    )


def test_a_unit_in_one_language_is_skipped_as_no_translation(tmp_path: Path) -> None:
    # as unit_row says of it read the general way; the first of a run is read by the scanner, the
    # others from their bytes
    alone = [news_unit(number).split('  <tuv xml:lang="az')[0] + "</tu>\n" for number in range(1, 5)]
    path = tmp_path / "news.tmx"
    path.write_text(HEAD + news_unit(0) + "".join(alone) + news_unit(5) + TAIL, "utf-8")
    made = tmx.Parts.open(path)
    assert made is not None
    found = importer.part_rows(made, made.raw(0), True, None)
    assert found is not None
    tus, batch, made_rows = found
    assert (tus, batch.read, batch.skipped) == (6, 6, {"no translation": 4})
    assert [row[0] for row in made_rows] == ["u0", "u5"]


class CountedParts(tmx.Parts):
    """Parts that count the runs of <tu> elements read the general way."""

    runs = 0

    def units(self, raw: bytes, ends_file: bool, before: tuple[int, int] = (0, 0)) -> Any:
        self.runs += 1
        return super().units(raw, ends_file, before)


def read_counted(path: Path) -> CountedParts:
    """The one part of ``path`` read by ``part_rows`` through CountedParts, after checking that it
    gives the rows the general path gives."""
    made, general = tmx.Parts.open(path), tmx.Parts.open(path)
    assert made is not None and general is not None and len(made) == 1
    made.__class__ = CountedParts
    found = importer.part_rows(made, made.raw(0), True, None)
    assert found is not None and (found[0], found[1].read, found[1].skipped, found[2]) == general_rows(
        general, general.raw(0), True, None
    )
    assert isinstance(made, CountedParts)
    return made


def test_a_part_whose_units_need_more_than_their_bytes_is_read_in_one_run_after_the_first_few(
    tmp_path: Path,
) -> None:
    path = tmp_path / "news.tmx"
    path.write_text(HEAD + "".join(news_unit(number, target="Sülh &amp; barış.") for number in range(200)) + TAIL)
    made = read_counted(path)
    assert made.runs <= importer.PROBE + 1


def test_a_part_read_partly_from_its_bytes_is_given_up_where_the_scanner_gives_up_on_it(tmp_path: Path) -> None:
    noted = '<tu tuid="n{0}">\n  <note>x</note>\n  <tuv xml:lang="en-US"><seg>a</seg></tuv>\n</tu>\n'
    tus = [news_unit(number) for number in range(100)] + [noted.format(number) for number in range(500)]
    path = tmp_path / "news.tmx"
    path.write_text(HEAD + "".join(tus) + TAIL)
    made, general = tmx.Parts.open(path), tmx.Parts.open(path)
    assert made is not None and general is not None and len(made) == 1
    assert general_rows(general, general.raw(0), True, None) is None  # lxml alone reads it faster
    assert importer.part_rows(made, made.raw(0), True, None) is None


def test_the_characters_a_text_read_from_its_bytes_may_be_blank_of_are_those_str_isspace_finds() -> None:
    # rows._checked takes a text whose bytes are not all of these characters' for not blank
    assert rows.SPACES == "".join(character for character in map(chr, range(sys.maxunicode + 1)) if character.isspace())


@given(st.lists(st.text(st.characters(blacklist_characters="\x00")), min_size=1), st.sampled_from(["en", "az", "el"]))
def test_sources_folded_together_are_folded_one_by_one(sources: list[str], lang: str) -> None:
    # rows.plain_tu_rows folds the sources of a run of <tu> elements as one text, joined by NUL
    assert index_text("\x00".join(sources), lang).split("\x00") == [index_text(source, lang) for source in sources]


@pytest.mark.parametrize("lang", ["el", "az"])
def test_a_source_ending_or_starting_with_a_capital_is_folded_as_on_its_own(tmp_path: Path, lang: str) -> None:
    path = tmp_path / "news.tmx"
    sources = ["ΟΔΟΣ", "Σ ΑΣ.", "İstanbul", "BAKI I"]
    path.write_text(
        HEAD + "".join(news_unit(number, text).replace("en-US", lang) for number, text in enumerate(sources)) + TAIL
    )
    made, general = tmx.Parts.open(path), tmx.Parts.open(path)
    assert made is not None and general is not None
    found = importer.part_rows(made, made.raw(0), True, None)
    assert (found and (found[0], found[1].read, found[1].skipped, found[2])) == general_rows(
        general, general.raw(0), True, None
    )


#: <tu> elements with inline codes the scanner reads alone, or lxml parses, or gives up on, or that make
#: no row, no unit or two: (text of the English <seg>, what to put in the <tu> before its <tuv>; no text: no <tuv>).
ODD_CODED = [
    ('<ph x="1"/>a', ""), ("<ph x='1'/>a", ""), ('<bpt i="1">&lt;b&gt;</bpt>a<ept i="1">&lt;/b&gt;</ept>', ""),
    ('<bpt i="1">&lt;b&gt;<sub>x</sub></bpt>a<ept i="1"/>', ""), ('<ph x="a\tb"/>a', ""), ('<ph x="1" x="2"/>a', ""),
    ('<it pos="begin">&lt;i&gt;</it>a', "<note>n</note>"), ('<ph x="1"/>', ""), ('<ut>&lt;u&gt;</ut> ', ""),
    ('<ph x="1"/>a\r\nb', ""), ('<ph x="1"/>e\u0301', ""), ('<ph x="1"/>a]]&gt;b', ""), ('<ph x="1"/>&#1;', ""),
    ('<ph x="1"/>e<ph x="2"/>\u0301', ""), ('<ph x="&#1;"/>a', ""), ('<ph x="1"/>a&amp;b', ""),
    ('<ph x="1"/>a', '<prop type="x">y</prop>'), ('<ph x="1"/>a', "<tuv><seg>b</seg></tuv>"),
    ('<ph x="1"/>a', '<note>n</note><tuv xml:lang="az-Latn-AZ"><seg>b</seg></tuv>'), (None, '<ph x="1"/>'),
]  # fmt: skip


#: Targets of plain <tu> elements between those: made into rows from their bytes, or (the last two) not.
PLAIN = {-1: "s1", -2: "s2", -3: "s3", -4: "e\u0301", -5: "a&amp;b"}


def coded_unit(number: int, text: str | None, inside: str) -> str:
    if text is None:
        return f'<tu tuid="u{number}">{inside}</tu>\n'
    unit = news_unit(number, text, target='<ph x="1"/>Sülh.')
    return unit.replace(">\n  <tuv", ">" + inside + "\n  <tuv", 1)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.sampled_from(range(len(ODD_CODED))), st.integers(-5, -1)), min_size=1, max_size=12),
       st.sampled_from([None, Origin.IMPORTED]))  # fmt: skip
@example([len(ODD_CODED) - 1, -1, len(ODD_CODED) - 2], None)  # no unit, then two: as many as <tu> elements
@example([0, -1, 0, 0, -4, 0, -2, -5, 0], None)  # put off in a run that ends at a <tu> the bytes do not make
def test_units_with_inline_codes_after_the_trial_have_the_rows_of_their_units_in_their_place(
    tmp_path: Path, odd: list[int], origin: Origin | None
) -> None:
    # part_rows reads those together at the end of the part (_put_coded); each alone where that fails
    tus = [news_unit(number) for number in range(tmx.TRIAL + 1)]
    for number, which in enumerate(odd, len(tus)):
        tus += [coded_unit(number, *ODD_CODED[which]) if which >= 0 else news_unit(number, target=PLAIN[which])]
    path = tmp_path / "news.tmx"
    path.write_bytes((HEAD + "".join(tus) + news_unit(len(tus)) + TAIL).encode())
    made, general = tmx.Parts.open(path), tmx.Parts.open(path)
    assert made is not None and general is not None and len(made) == 1
    found = importer.part_rows(made, made.raw(0), True, origin)
    assert (found and (found[0], found[1].read, found[1].skipped, found[2])) == general_rows(
        general, general.raw(0), True, origin
    )


def test_the_units_with_inline_codes_of_a_part_are_read_from_their_bytes_or_by_one_scanner(tmp_path: Path) -> None:
    tus = [news_unit(number) for number in range(tmx.TRIAL + 1)]
    tus += [
        news_unit(number) if number % 2 else coded_unit(number, '<ph x="1"/>a', "") for number in range(len(tus), 700)
    ]
    odd = [coded_unit(number, '<ph x="1"/>a', "").replace(' usagecount="3"', "") for number in range(700, 720)]
    path = tmp_path / "news.tmx"
    path.write_text(HEAD + "".join(tus) + TAIL)
    assert read_counted(path).runs == 2  # the first <tu>, a coded one before the trial's end
    path.write_text(HEAD + "".join(tus + odd) + TAIL)
    assert read_counted(path).runs == 2 + 1  # those of another shape than the plain ones
