"""The strict TMX scanner keeps the reader's contract (tm/formats/tmx.py) whatever the file.

Each test reads a file twice, through ``tmx._parsed_units`` (lxml's iterparse) and
``tmx._read_units`` (the scanner, falling back to lxml): a well-formed file gives the same units on
both, a broken one the same error with file and line after a prefix of the same units.
``tmx._scanned_units`` shows where the scanner itself read the file or gave up.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from tm.errors import TmError
from tm.formats import tmx, tmx_scan
from tm.model import Tag, normalize_lang

from .test_tmx import DATA, sample_units

FIXTURES = sorted(DATA.glob("*.tmx"))
HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n<header srclang="en" adminlang="en"/>\n<body>\n'
TAIL = "</body>\n</tmx>\n"


def outcome(read: Any, path: Path, srclang: str | None = None, plain: bool = True) -> tuple[list, str | None]:
    """The units ``read`` yields from ``path`` (plain ones as PlainUnit with ``plain``, else as
    Unit), and the error that ended them (type and text)."""
    units: list = []
    try:
        prolog = tmx._tmx_prolog(path)
        fallback = normalize_lang(srclang) if srclang else None
        for unit in read(path, prolog, fallback):
            units.append(unit.unit() if not plain and isinstance(unit, tmx.PlainUnit) else unit)
    except TmError as exc:
        return units, f"{type(exc).__name__}: {exc}"
    return units, None


def assert_same(path: Path, srclang: str | None = None, plain: bool = True) -> tuple[list, str | None]:
    """Both paths keep the reader's contract (tm/formats/tmx.py): a well-formed file gives the same
    units on both; a broken one is refused on both with the same error, naming file and line, after
    units that are a prefix of the same list (how far a parser reads before it stops is its own)."""
    expected = outcome(tmx._parsed_units, path, srclang, plain)
    units, error = outcome(tmx._read_units, path, srclang, plain)
    assert error == expected[1]
    if error is None:
        assert units == expected[0]
    else:
        shorter, longer = sorted((units, expected[0]), key=len)
        assert longer[: len(shorter)] == shorter
        assert re.search(rf"{re.escape(path.name)}:\d+:", error), error
    return units, error


def scanned(path: Path) -> tuple[list, int | None]:
    """What the scanner alone yields, and where it gave up: the number of <tu> it read (None: it
    read the whole file)."""
    units: list = []
    scanner = tmx._scanned_units(path, tmx._tmx_prolog(path), None)
    while True:
        try:
            units.append(next(scanner))
        except StopIteration as stop:
            finished, complete, _slow = stop.value
            return units, None if complete else finished


@contextmanager
def chunk(size: int) -> Iterator[None]:
    """Decode in chunks of ``size`` bytes: <tu>, characters and ``</tu>`` cut across chunks."""
    saved = tmx_scan.CHUNK
    tmx_scan.CHUNK = size
    try:
        yield
    finally:
        tmx_scan.CHUNK = saved


def tu(uid: str, *tuvs: tuple[str, str], attrs: str = "") -> str:
    body = "".join(f'<tuv xml:lang="{lang}"><seg>{text}</seg></tuv>' for lang, text in tuvs)
    return f'<tu tuid="{uid}"{attrs}>{body}</tu>\n'


def plain_units(count: int) -> list[str]:
    return [tu(f"u{i}", ("en", f"Unit {i} &amp; more"), ("az", f"Vahid {i} ə"), ("ru", f"Ед {i}"))
            for i in range(count)]  # fmt: skip


# --------------------------------------------------------------------------- fixtures and writer


@pytest.mark.parametrize("plain", [True, False])
@pytest.mark.parametrize("path", FIXTURES, ids=[p.name for p in FIXTURES])
def test_every_fixture_reads_the_same_units_and_errors_on_both_paths(path: Path, plain: bool) -> None:
    assert_same(path, plain=plain)
    assert_same(path, srclang="ru", plain=plain)
    with chunk(7):
        assert_same(path, plain=plain)


@pytest.mark.parametrize("name", ["utf8_bom.tmx", "utf16_bom_le.tmx", "srclang_all.tmx", "tmx11_lang.tmx",
                                  "inline_codes.tmx", "doctype_system.tmx", "lang_case_underscore.tmx"])  # fmt: skip
def test_well_formed_fixtures_are_read_by_the_scanner_without_giving_up(name: str) -> None:
    units, gave_up = scanned(DATA / name)
    assert units and gave_up is None


@pytest.mark.parametrize("name", ["truncated.tmx", "invalid_chars.tmx", "undefined_entity.tmx",
                                  "latin1_undeclared.tmx", "encoding_mismatch.tmx"])  # fmt: skip
def test_broken_or_unusual_fixtures_make_the_scanner_give_up(name: str) -> None:
    assert scanned(DATA / name)[1] is not None


@pytest.mark.parametrize("profile", list(tmx.PROFILES))
def test_what_the_writer_writes_reads_the_same_on_both_paths(tmp_path: Path, profile: str) -> None:
    if tmx.PROFILES[profile].pairs:
        paths = tmx.write_pairs(sample_units(), tmp_path / "doc.tmx", srclang="en", profile=profile)
    else:
        paths = [tmp_path / "doc.tmx"]
        tmx.write(sample_units(), paths[0], srclang="en", profile=profile)
    for path in paths:
        units, error = assert_same(path, plain=False)
        assert units and error is None
        assert scanned(path)[1] is None


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom_is_read_by_the_scanner(tmp_path: Path, encoding: str) -> None:
    text = HEAD.replace("UTF-8", "UTF-16") + "".join(plain_units(50)) + tu("x", ("en", "😀 non-BMP")) + TAIL
    bom = codecs.BOM_UTF16_LE if encoding == "utf-16-le" else codecs.BOM_UTF16_BE
    path = tmp_path / "utf16.tmx"
    path.write_bytes(bom + text.encode(encoding))
    with chunk(101):  # odd: chunks end inside UTF-16 code units and surrogate pairs
        units, gave_up = scanned(path)
        assert len(units) == 51 and gave_up is None
        assert units[-1].texts == ("😀 non-BMP",)
        assert_same(path)


def test_a_comment_between_units_halfway_gives_each_unit_once(tmp_path: Path) -> None:
    units = plain_units(1000)
    path = tmp_path / "comment.tmx"
    path.write_text(HEAD + "".join(units[:500]) + "<!-- a comment -->\n" + "".join(units[500:]) + TAIL, "utf-8")
    with chunk(4096):
        fast, gave_up = scanned(path)
        assert len(fast) == gave_up == 500  # the scanner read 500 units, then gave up
        read, error = assert_same(path)
    assert error is None
    assert [unit.id for unit in read] == [f"u{i}" for i in range(1000)]


@pytest.mark.parametrize("late", ["<!-- late -->\n", tu("bad", ("not a tag!", "x"))])
def test_giving_up_late_passes_over_the_tu_read_not_the_units_yielded(tmp_path: Path, late: str) -> None:
    odd = [tu("three", ("en", "a"), ("az", "b"), ("az", "c"), ("az", "d")), '<tu tuid="none"></tu>\n',
           '<tu tuid="p"><prop type="x">p</prop><tuv xml:lang="en"><seg>a</seg></tuv></tu>\n']  # fmt: skip
    path = tmp_path / "late.tmx"
    path.write_text(HEAD + "".join(odd + plain_units(3)) + late + "".join(plain_units(2)) + TAIL, "utf-8")
    fast, gave_up = scanned(path)
    assert (len(fast), gave_up) == (3 + 0 + 1 + 3, 6)  # units yielded, <tu> read
    for plain in (True, False):
        units, error = assert_same(path, plain=plain)
        assert len(units) == 7 + (2 if error is None else 0)
    if late.startswith("<tu"):
        assert error is not None and ":11:" in error  # lxml read the <tu> again and gave its line


def test_a_file_of_units_that_are_not_plain_is_left_to_lxml_after_a_trial(tmp_path: Path) -> None:
    unit = '<tu tuid="u{}"><prop type="x-domain">d</prop><tuv xml:lang="en"><seg>a</seg></tuv></tu>\n'
    path = tmp_path / "props.tmx"
    path.write_text(HEAD + "".join(unit.format(i) for i in range(tmx.TRIAL + 50)) + TAIL, "utf-8")
    fast, gave_up = scanned(path)
    assert len(fast) == gave_up == tmx.TRIAL
    units, error = assert_same(path, plain=False)
    assert error is None and [u.id for u in units] == [f"u{i}" for i in range(tmx.TRIAL + 50)]


def test_a_truncated_large_file_yields_each_unit_once_then_the_error(tmp_path: Path) -> None:
    data = (HEAD + "".join(plain_units(300))).encode("utf-8")
    path = tmp_path / "cut.tmx"
    path.write_bytes(data[: len(data) * 2 // 3])
    with chunk(1000):
        units, error = assert_same(path)
    assert error is not None and "truncated" in error
    assert [unit.id for unit in units] == [f"u{i}" for i in range(len(units))]


def test_units_outside_the_strict_shape_are_parsed_alone_without_giving_up(tmp_path: Path) -> None:
    odd = [
        '<tu tuid="p"><prop type="x-domain">news</prop><tuv xml:lang="en"><seg>a</seg></tuv></tu>\n',
        '<tu tuid="n"><note>n</note><tuv xml:lang="en"><seg>b<ph x="1"/>c</seg></tuv></tu>\n',
        "<tu tuid='q' creationdate='20240101T000000Z'><tuv lang='EN'><seg>'quoted'</seg></tuv></tu>\n",
        '<tu tuid="c"><tuv xml:lang="en"><seg><![CDATA[<b> & ]]></seg></tuv><!-- c --></tu>\n',
        '<tu tuid="r"><tuv xml:lang="en"><seg>line\r\nend\rx</seg></tuv></tu>\n',
        '<tu tuid="t" changeid="a\tb"><tuv xml:lang="en"><seg >x</seg ></tuv ></tu>\n',
        '<tu tuid="e"><tuv xml:lang="en" changeid="me"><seg/></tuv><tuv xml:lang="en"><seg>2</seg></tuv></tu>\n',
        '<tu srclang="az"><tuv xml:lang="en"><seg>e</seg></tuv><tuv xml:lang="az"><seg>ə</seg></tuv></tu>\n',
        '<tu tuid="z"></tu>\n',
    ]
    path = tmp_path / "odd.tmx"
    path.write_text(HEAD + "".join(odd) + "".join(plain_units(3)) + TAIL, "utf-8")
    assert scanned(path)[1] is None
    for plain in (True, False):
        units, error = assert_same(path, plain=plain)
        assert error is None and len(units) == 12


def test_plain_units_in_either_quote_style_are_read_by_the_patterns(tmp_path: Path) -> None:
    units = [
        *plain_units(3),
        "<tu tuid='s' changedate='20240101T000000Z'>\n  <tuv lang='EN_us'>\n <seg>it&apos;s &#x1F600; &lt;b&gt;</seg></tuv></tu>",
        '<tu\ttuid = "d" usagecount="2"><tuv xml:lang="az"><seg>e\u0301 ı İ &#601;</seg></tuv></tu>',
    ]
    path = tmp_path / "plain.tmx"
    path.write_text(HEAD + "".join(units) + TAIL, "utf-8")
    prolog = tmx._tmx_prolog(path)
    reader = tmx._UnitReader(path, None)
    with tmx_scan.Scanner.open(path, prolog) as scanner:
        found = [reader.plain_parts(*data) for data in scanner]
    assert None not in found
    assert found[3].texts == ("it's 😀 <b>",) and found[3].langs == ("en-US",)
    assert found[4].texts == ("é ı İ ə",) and found[4].props == {"tmx:usagecount": ["2"]}
    assert found == outcome(tmx._parsed_units, path)[0]


def test_units_with_inline_codes_holding_text_are_read_by_the_patterns(tmp_path: Path) -> None:
    codes = [
        tu("b", ("en", "<bpt i='1' x=\"2\" other='o'>&lt;b&gt;</bpt>Bold<ept i=\"1\">&lt;/b&gt;</ept> e\u0301"),
           ("az", '<ph type="" x="1"/> &amp; <ph x="2"></ph> <it pos="begin" >a&gt;b</it ><ut>&#13;</ut>')),
        tu("c", ("en", 'a<ph x="1&amp;2" xml:lang="en">x</ph>'), ("ru", "plain"), attrs=' usagecount="2"'),
    ]  # fmt: skip
    lxml_only = [  # left to lxml by the patterns
        tu("h", ("en", "a<hi>b</hi>"), ("az", "x")),
        tu("s", ("en", "a<ph>b<sub>c</sub></ph>"), ("az", "x")),
        tu("t", ("en", 'a<ph x="1\t2">b</ph>'), ("az", "x")),
    ]
    path = tmp_path / "codes.tmx"
    path.write_text(HEAD + "".join(codes + lxml_only) + "".join(plain_units(2)) + TAIL, "utf-8")
    prolog = tmx._tmx_prolog(path)
    reader = tmx._UnitReader(path, None)
    with tmx_scan.Scanner.open(path, prolog) as scanner:
        found = [data and reader.plain_parts(*data) for data in scanner]
    assert [unit is not None for unit in found] == [True, True] + [False] * 3 + [True, True]
    assert found[0].texts == ("Bold é", " &  ") and found[0].contents[0][0] == Tag(
        "bpt", (("i", "1"), ("x", "2")), "&lt;b&gt;"
    )
    assert found[1].contents == (("a", Tag("ph", (("x", "1&2"),), "x")), None)
    for plain in (True, False):
        assert_same(path, plain=plain)
    # Read as PlainUnit (by lxml too), a unit with codes is the Unit lxml's general path makes of it.
    for _event, element in etree.iterparse(str(path), tag="tu"):
        plain_unit = reader.plain(element)
        assert plain_unit is None or [plain_unit.unit()] == reader.units(element)
    path.write_text(HEAD + tu("m", ("en", "a<bpt>b</ept>"), ("az", "x")) + "".join(plain_units(2)) + TAIL, "utf-8")
    assert "mismatch" in str(assert_same(path)[1])


@pytest.mark.parametrize(
    "bit",
    [
        '<tu tuid="x"><tuv xml:lang="en"><seg>a & b</seg></tuv></tu>\n',
        '<tu tuid="x"><tuv xml:lang="en"><seg>&nbsp;</seg></tuv></tu>\n',
        '<tu tuid="x"><tuv xml:lang="en"><seg>&#1;</seg></tuv></tu>\n',
        '<tu tuid="x"><tuv xml:lang="en"><seg>\x01</seg></tuv></tu>\n',
        '<tu tuid="x"><tuv xml:lang="en"><seg>\uffff</seg></tuv></tu>\n',
        '<tu tuid="x"><tuv xml:lang="en"><seg>a ]]> b</seg></tuv></tu>\n',
        '<tu tuid="x" tuid="y"><tuv xml:lang="en"><seg>a</seg></tuv></tu>\n',
        '<tu tuid="x"><tuv xml:lang="not a tag!"><seg>a</seg></tuv></tu>\n',
        '<tu tuid="x"><tuv><seg>a</seg></tuv></tu>\n',
        '<tu tuid="x"><tuv xml:lang="en"><seg>a</seg></tuv>\n',
        '<tu tuid="x"><tu tuid="y"><tuv xml:lang="en"><seg>a</seg></tuv></tu></tu>\n',
        '<tu tuid="x" xmlns="urn:x"><tuv xml:lang="en"><seg>a</seg></tuv></tu>\n',
        '<tu tuid="x"/>\n',
        "<?pi here?>\n",
        "junk\n",
        '<header srclang="ru"/>\n',
    ],
)
def test_broken_or_unexpected_bits_between_units_give_what_lxml_gives(tmp_path: Path, bit: str) -> None:
    units = plain_units(6)
    path = tmp_path / "bit.tmx"
    path.write_text(HEAD + "".join(units[:3]) + bit + "".join(units[3:]) + TAIL, "utf-8")
    assert_same(path)
    assert_same(path, plain=False)


@pytest.mark.parametrize(
    "change",
    [
        ("UTF-8", "ISO-8859-1"),
        ('<tmx version="1.4">', '<tmx version="1.4" xmlns="urn:x">'),
        ('<?xml version="1.0"', '<?xml version="1.1"'),
        ("<body>", "<!-- <body> -->\n<body>"),
        ('srclang="en"', 'srclang="ru"'),
        ('srclang="en"', 'srclang="*all*"'),
        ('srclang="en"', 'srclang="bad tag!"'),
        ("<header", "<!DOCTYPE tmx [<!ATTLIST tu tuid NMTOKEN #IMPLIED>]>\n<header"),
        ("<body>", "<body/><body>"),
        ("<body>", '<body class="x">'),
        ("<header", "<tu><tuv xml:lang='en'><seg>early</seg></tuv></tu><header"),
        ("\n<body>", ""),
    ],
)
def test_prologs_and_headers_of_every_kind_give_what_lxml_gives(tmp_path: Path, change: tuple[str, str]) -> None:
    path = tmp_path / "head.tmx"
    path.write_text(HEAD.replace(*change) + "".join(plain_units(3)) + TAIL, "utf-8")
    assert_same(path)


# --------------------------------------------------------------------------- generated files


CHARS = st.sampled_from(
    ["a", "Z", " ", "&", "<", ">", '"', "'", "\t", "\n", "\r", "ə", "İ", "ı", "Ж", "ж", "😀", "e\u0301",
     "\u00a0", "]", "]]>", "\ufeff"]
)  # fmt: skip
ESCAPES = {"&": ["&amp;", "&#38;", "&#x26;"], "<": ["&lt;", "&#60;"], ">": [">", "&gt;"], '"': ['"', "&quot;"],
           "'": ["'", "&apos;", "&#39;"], "\r": ["&#13;", "&#xD;", "\r"], "]]>": ["]]&gt;"], "ə": ["ə", "&#601;"],
           "😀": ["😀", "&#x1F600;"]}  # fmt: skip
BROKEN = ["&", "<", "&nbsp;", "&#1;", "\x01", "&#xD800;", "]]>", "\uffff", "&#;"]


@st.composite
def seg_text(draw: Any, broken: bool) -> str:
    parts = draw(st.lists(CHARS, max_size=8))
    out = "".join(draw(st.sampled_from(ESCAPES[part])) if part in ESCAPES else part for part in parts)
    if broken and draw(st.booleans()):
        at = draw(st.integers(0, len(out)))
        out = out[:at] + draw(st.sampled_from(BROKEN)) + out[at:]
    return out


@st.composite
def attribute(draw: Any, name: str, value: str, quote: str | None) -> str:
    quote = quote or draw(st.sampled_from(['"', "'"]))
    value = value.replace("&", "&amp;").replace(quote, "&quot;" if quote == '"' else "&apos;")
    space = draw(st.sampled_from([" ", "\n  ", " \t"]))
    around = draw(st.sampled_from(["", " "]))
    return f"{space}{name}{around}={around}{quote}{value}{quote}"


@st.composite
def coded_text(draw: Any, broken: bool) -> str:
    """The content of a <seg> with inline elements: mostly codes holding only text (which the
    patterns read), some that lxml reads (a <hi>, a <sub> in a code or alone, an attribute value
    XML normalises)."""
    out = draw(seg_text(broken))
    for _ in range(draw(st.integers(1, 3))):
        name = draw(st.sampled_from(["bpt", "ept", "ph", "it", "ut", "bpt", "ph", "hi", "sub"]))
        names = draw(st.lists(st.sampled_from(["i", "x", "type", "pos", "assoc", "other", "xml:lang"]), max_size=3,
                              unique=True))  # fmt: skip
        values = st.sampled_from(["1", "", "a&b", "<b>", "it's", "a\tb", "é", "e\u0301"])
        attrs = "".join(draw(attribute(attr, draw(values), None)) for attr in names)
        inner = draw(st.sampled_from(["", "&lt;b&gt;", "a<sub>b</sub>", draw(seg_text(broken))]))
        end = draw(st.sampled_from(["", " ", "\n"]))
        element = draw(st.sampled_from([f"<{name}{attrs}>{inner}</{name}{end}>", f"<{name}{attrs}{end}/>"]))
        out += element + draw(seg_text(broken))
    return out


@st.composite
def unit_text(draw: Any, number: int, broken: bool) -> str:
    ws = st.sampled_from(["", "\n", "\n  ", " ", "\r\n"])
    quote = draw(st.sampled_from(['"', '"', "'", None]))  # None: each attribute its own
    rare = st.integers(0, 7).map(lambda n: n == 0)
    attrs = ""
    if draw(st.integers(0, 9)):
        uid = f"u{number}" if not draw(rare) else draw(st.sampled_from([f"u{number}\t&x", "same", ""]))
        attrs += draw(attribute("tuid", uid, quote))
    names = ["creationdate", "changeid", "usagecount", "srclang", "o-tmf", "creationdate"]
    for name in draw(st.lists(st.sampled_from(names), max_size=3, unique=True)):
        value = {"creationdate": "20240101T120000Z", "srclang": "az", "usagecount": "3"}.get(name, "a'b\"c")
        attrs += draw(attribute(name, value, quote))
    tuvs = []
    for _ in range(draw(st.integers(0, 4))):
        lang = draw(st.sampled_from(["en", "az", "ru", "en-US", "az_AZ", "EN", "ru"]))
        lang_attr = draw(attribute(draw(st.sampled_from(["xml:lang", "xml:lang", "lang"])), lang, quote))
        text = draw(seg_text(broken))
        seg, extra = f"<seg>{text}</seg>", ""
        if not draw(st.integers(0, 3)):
            seg = f"<seg>{draw(coded_text(broken))}</seg>"
        elif draw(rare):
            seg = draw(st.sampled_from(["<seg/>", f"<seg>{text}<ph>&lt;x/&gt;</ph></seg>",
                                        f"<seg><![CDATA[{text}]]></seg>"]))  # fmt: skip
        if draw(rare):
            extra = draw(st.sampled_from(["<prop type='x'>p</prop>", "<note>n</note>", "<!-- c -->"]))
        tuvs.append(f"{draw(ws)}<tuv{lang_attr}>{draw(ws)}{extra}{seg}{draw(ws)}</tuv>")
    extra = draw(st.sampled_from(["<prop type='x-domain'>d</prop>", "<note>n</note>"])) if draw(rare) else ""
    return f"<tu{attrs}>{extra}{''.join(tuvs)}{draw(ws)}</tu>{draw(ws)}\n"


@st.composite
def tmx_text(draw: Any, broken: bool) -> str:
    srclang = draw(st.sampled_from(['srclang="en"', 'srclang="*all*"', 'srclang="RU_ru"', ""]))
    head = HEAD.replace('srclang="en"', srclang)
    units = [draw(unit_text(i, broken)) for i in range(draw(st.integers(0, 8)))]
    if broken and draw(st.booleans()):
        at = draw(st.integers(0, len(units)))
        units.insert(at, draw(st.sampled_from(["<!-- between -->\n", "x", "<?pi?>", "</body>"])))
    text = head + "".join(units) + TAIL
    if broken and draw(st.booleans()):
        text = text[: draw(st.integers(len(head), len(text)))]
    return text


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=tmx_text(broken=False), size=st.sampled_from([5, 64, tmx_scan.CHUNK]))
def test_generated_files_read_the_same_on_both_paths(tmp_path: Path, text: str, size: int) -> None:
    path = tmp_path / "gen.tmx"
    path.write_text(text, "utf-8", newline="")
    with chunk(size):
        for plain in (True, False):
            assert_same(path, plain=plain)
        assert_same(path, srclang="az")


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=tmx_text(broken=True), encoding=st.sampled_from(["utf-8", "utf-16"]))
def test_generated_broken_files_read_the_same_and_fail_the_same_on_both_paths(
    tmp_path: Path, text: str, encoding: str
) -> None:
    path = tmp_path / "broken.tmx"
    if encoding == "utf-16":
        text = text.replace("UTF-8", "UTF-16")
    path.write_bytes(text.encode(encoding, errors="surrogatepass"))
    for plain in (True, False):
        assert_same(path, plain=plain)


# --------------------------------------------------------------------------- parts (parallel reading)


def _parts(path: Path, first: int, step: int, sizes: tuple[int, int]) -> Iterator[tuple[list, int] | None]:
    """The file's parts numbered ``first``, ``first + step`` ..., as one reading process takes them:
    each its units and number of <tu> elements; None (and no more) at the first the scanner cannot read."""
    parts = tmx.Parts.open(path, sizes=sizes)
    if parts is None:
        yield None
        return
    for number in range(first, len(parts), step):
        found = parts.units(parts.raw(number), parts.ends_file(number))
        yield None if found is None else found[:2]
        if found is None:
            return


def read_by_parts(path: Path, sizes: tuple[int, int], readers: int = 2) -> tuple[list, str | None, int]:
    """What processes reading ``path`` by parts give, in the file's order (as the memory's import
    takes them): the parts each reader reads in turn, then ``read_rows`` past the <tu> of the parts
    before the first one the scanner could not read. Also the number of parts read so."""
    parts = [_parts(path, first, readers, sizes) for first in range(readers)]
    units: list = []
    tus = number = 0
    try:
        while (found := next(parts[number % readers], "done")) != "done":
            if found is None:
                units.extend(tmx.read_rows(path, skip_tu=tus))
                break
            units.extend(found[0])
            tus += found[1]
            number += 1
    except TmError as exc:
        return units, f"{type(exc).__name__}: {exc}", number
    return units, None, number


@pytest.mark.parametrize("sizes", [(1, 1), (100, 300), (2000, 5000), (1 << 20, 8 << 20)])
def test_a_file_read_by_parts_gives_each_unit_once_in_order(tmp_path: Path, sizes: tuple[int, int]) -> None:
    odd = '<tu tuid="n"><note>n</note><tuv xml:lang="en"><seg>b<ph x="1"/>c</seg></tuv></tu>\n'
    path = tmp_path / "parts.tmx"
    path.write_text(HEAD + "".join(plain_units(150)) + odd + "".join(plain_units(150)) + TAIL, "utf-8")
    units, error, parts = read_by_parts(path, sizes)
    assert (units, error) == outcome(tmx._parsed_units, path)
    assert parts == len(tmx_scan.part_bounds(path, len(HEAD) - 1, sizes[1], sizes[0])) - 1  # body: after <body>
    assert parts > 100 if sizes[1] < 10 else parts == 1 if sizes[1] > 1 << 20 else parts > 3


@pytest.mark.parametrize("late", ["<!-- late -->\n", tu("bad", ("not a tag!", "x")), "<tu>broken\n"])
def test_a_part_the_scanner_cannot_read_is_read_by_lxml_with_the_rest(tmp_path: Path, late: str) -> None:
    path = tmp_path / "late.tmx"
    path.write_text(HEAD + "".join(plain_units(200)) + late + "".join(plain_units(100)) + TAIL, "utf-8")
    units, error, parts = read_by_parts(path, (500, 1000))
    assert parts > 3  # the parts before the one holding ``late``
    assert (units, error) == outcome(tmx._parsed_units, path)  # the same units, or the same error


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=tmx_text(broken=True), size=st.sampled_from([1, 40, 200]), readers=st.integers(1, 3))
def test_generated_files_read_by_parts_read_as_in_one_pass(tmp_path: Path, text: str, size: int, readers: int) -> None:
    path = tmp_path / "gen.tmx"
    path.write_text(text, "utf-8", newline="")
    units, error, _parts = read_by_parts(path, (size, size), readers)
    expected = outcome(tmx._parsed_units, path)
    assert error == expected[1]
    shorter, longer = sorted((units, expected[0]), key=len)  # as assert_same: a parser reads on as it can
    assert longer[: len(shorter)] == shorter and (error is not None or units == expected[0])
