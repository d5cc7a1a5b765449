"""po.read_rows, the memory importer's streaming PO reader: the units and errors of po.read (polib)."""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import DATA
from tests.generated import many_entries_po
from tm.errors import ParseError, TmError
from tm.formats import po
from tm.model import Unit

ROOT = DATA.parent.parent


def outcome(
    reader: Callable[..., Iterable[Unit]], path: Path, lang: str | None
) -> tuple[list[Unit], list[Unit]] | tuple[str, str, int | None]:
    """(units, obsolete units) that ``reader`` yields, or the error it raises."""
    try:
        units = list(reader(path, target_lang=lang))
    except TmError as exc:
        return type(exc).__name__, str(exc), exc.line
    return [u for u in units if po.OBSOLETE not in u.props], [u for u in units if po.OBSOLETE in u.props]


def assert_same(path: Path, lang: str | None = None) -> None:
    rows = outcome(po.read_rows, path, lang)
    if "a header entry (an empty msgid) after the first entry" in str(rows):
        return  # where polib takes a later entry for the header (see read_rows)
    assert rows == outcome(po.read, path, lang)


@pytest.mark.parametrize(
    "path",
    sorted({*DATA.rglob("*.po"), *DATA.rglob("*.pot"), *(ROOT / "segments").rglob("*.po*")}),
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_every_po_of_the_project_reads_as_polib_reads_it(path: Path) -> None:
    assert_same(path)
    if "cannot tell the language" in str(outcome(po.read, path, None)):
        assert_same(path, "af")


# ------------------------------------------------------------------ generated PO files

TEXT = st.text(st.sampled_from(list('ab Ə\tı"\\\nçé\u2028<>&')), max_size=8)
CHARS = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t"}


def quoted(text: str) -> str:
    return '"' + "".join(CHARS.get(c, c) for c in text) + '"'


@st.composite
def strings(draw: st.DrawFn, keyword: str, prefix: str = "") -> list[str]:
    """``keyword "text"``, perhaps continued on more lines (an msgid is not empty: only a header's is)."""
    parts = draw(st.lists(TEXT, min_size=1, max_size=3).filter(lambda parts: keyword != "msgid" or any(parts)))
    return [f"{prefix}{keyword} {quoted(parts[0])}", *(prefix + quoted(part) for part in parts[1:])]


@st.composite
def entries(draw: st.DrawFn) -> list[str]:
    obsolete = draw(st.booleans()) and draw(st.booleans())
    mark = "#~ " if obsolete else ""
    lines: list[str] = []
    if draw(st.booleans()):
        lines.append(draw(st.sampled_from(["# note", "#", "#Note", "## double", "#  spaced"])))
    if draw(st.booleans()):
        lines.append("#. Glossary: Khojaly = Xocalı")
    if draw(st.booleans()):
        lines.append(draw(st.sampled_from(["#: doc:1:2", "#: src/main.c:42 other", "#: :5 a: b:c"])))
    flags = draw(st.lists(st.sampled_from(["fuzzy", "reviewed", "c-format", "tm-markup"]), max_size=3, unique=True))
    if flags:
        lines.append("#, " + ", ".join(flags))
    if obsolete and draw(st.booleans()):
        lines += draw(strings("msgid", "#~| "))
    elif draw(st.booleans()):
        lines += draw(strings("msgid", "#| "))
    if draw(st.booleans()):
        lines += draw(strings("msgctxt", mark))
    lines += [mark + line[len(mark) :] for line in draw(strings("msgid", mark))]
    if draw(st.booleans()) and not obsolete:
        lines += draw(strings("msgid_plural"))
        for n in range(draw(st.integers(1, 3))):
            lines += draw(strings(f"msgstr[{n}]"))
    else:
        lines += draw(strings("msgstr", mark))
    return [line for line in lines if line]


HEADER_FIELDS = st.lists(
    st.sampled_from(
        [
            "Language: az",
            "Language: ru-RU",
            "Language: not a tag!",
            "Content-Type: text/plain; charset=UTF-8",
            "Content-Type: text/plain; charset=ISO-8859-15",
            "X-Source-Language: en",
            "X-Tm-Origin: aligned",
            "X-Tm-Origin: nonsense",
            "Plural-Forms: nplurals=2; plural=(n != 1);",
            "continued without a colon",
        ]
    ),
    max_size=4,
)
NOISE = st.sampled_from(
    [
        'msgid "x"',
        'msgstr[1] "y"',
        '"more"',
        "#~",
        '#| msgid "p"',
        '#~| msgid "q"',
        'msgid_plural "p"',
        "# c",
        "#, fuzzy",
        'msgctxt "c"',
        "bad line",
        'msgid "a"b"',
        "#|",
        '#| "x"',
        "#~ #, fuzzy",
        "",
        'msgstr[x] "z"',
        '#| msgfoo "x"',
        '#~|"x"',
        "\ufeff",
        'msgstr "\\"\\\\" "',
    ]  # fmt: skip
)


@st.composite
def po_files(draw: st.DrawFn) -> tuple[str, str | None]:
    """A PO file's text and the language to read it in, with at most one fault: the two readers may
    meet the faults of a file in another order."""
    lines: list[str] = []
    lang = draw(st.sampled_from([None, "az", "ru"]))
    fields = draw(HEADER_FIELDS) if draw(st.booleans()) else None
    if fields is not None:
        lines += draw(st.lists(st.sampled_from(["# Title", "# Copyright", "#, fuzzy"]), max_size=2))
        lines += ['msgid ""', 'msgstr ""', *(quoted(field + "\n") for field in fields)]
    for entry in draw(st.lists(entries(), max_size=6)):
        if lines and draw(st.sampled_from([True, True, True, False])):
            lines.append("")
        lines += entry
    languages = [field for field in fields or [] if field.startswith("Language:")]
    faulty_header = any(
        bad in field for field in fields or [] for bad in ("not a tag", "nonsense", "continued")
    ) or bool(lang and languages and not languages[-1].endswith(lang))
    if not faulty_header and draw(st.booleans()):
        lines.insert(draw(st.integers(0, len(lines))), draw(NOISE))
    ending = draw(st.sampled_from(["\n", "\n", "\r\n", "\r"]))
    text = ending.join(lines) + draw(st.sampled_from([ending, "", "\n# trailing\n"]))
    return text, lang


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(po_files(), st.sampled_from(["utf-8", "iso-8859-15", "utf-16"]))
def test_generated_po_files_read_as_polib_reads_them(
    tmp_path: Path, generated: tuple[str, str | None], encoding: str
) -> None:
    text, lang = generated
    path = tmp_path / "az.po"
    path.write_bytes(text.encode(encoding, errors="replace"))
    assert_same(path, lang)


def test_a_header_after_the_first_entry_is_refused_naming_its_line(tmp_path: Path) -> None:
    path = tmp_path / "az.po"
    path.write_text('msgid "a"\nmsgstr "b"\n\nmsgid ""\nmsgstr "Language: az\\n"\n', "utf-8")
    with pytest.raises(ParseError, match="header entry") as caught:
        list(po.read_rows(path))
    assert caught.value.line == 4


def test_a_line_longer_than_the_limit_is_refused_before_it_is_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(po, "MAX_LINE", 1000)
    monkeypatch.setattr(po, "_CHUNK", 256)
    path = tmp_path / "az.po"
    path.write_text('msgid ""\nmsgstr "Language: az\\n"\n\nmsgid "' + "x" * 5000, "utf-8")
    for reader in (po.read, po.read_rows):
        with pytest.raises(ParseError, match="longer than 1,000 characters") as caught:
            list(reader(path))
        assert caught.value.line == 4


def peak_bytes(reader: Callable[..., Iterable[Unit]], path: Path) -> int:
    """The most memory Python held at once while ``reader`` went through ``path``."""
    tracemalloc.start()
    try:
        for _unit in reader(path):
            pass
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("reader", [po.read_rows, po.read], ids=["read_rows", "read"])
def test_read_rows_holds_one_entry_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reader: Callable[..., Iterable[Unit]]
) -> None:
    monkeypatch.setattr(po, "_CHUNK", 4096)  # files of 30 KB and 300 KB: more than one chunk each
    peaks = []
    for count in (500, 5000):
        path = tmp_path / f"{count}.az.po"
        many_entries_po(path, count)
        peaks.append(peak_bytes(reader, path))
    if reader is po.read:  # the polib reader holds the file: what read_rows must not do
        assert peaks[1] > 4 * peaks[0]
    else:
        assert peaks[1] < 1.5 * peaks[0]


@pytest.mark.parametrize("reader", [po.read_rows, po.read], ids=["read_rows", "read"])
def test_a_codec_that_is_not_a_charset_is_an_unknown_charset(
    tmp_path: Path, reader: Callable[..., Iterable[Unit]]
) -> None:
    path = tmp_path / "az.po"
    path.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=base64\\n"\n', "utf-8")
    with pytest.raises(ParseError, match="unknown charset 'base64'"):
        list(reader(path))


def test_a_dangling_previous_msgid_at_the_end_keeps_the_obsolete_entries_sources(tmp_path: Path) -> None:
    # polib leaves out the last entry of a file that ends in a comment line, so po.read has one
    # obsolete entry fewer than "#~ msgid" lines: the others still get their "#~| msgid".
    path = tmp_path / "az.po"
    path.write_text(
        'msgid ""\nmsgstr "Language: az\\n"\n\n#, fuzzy\n#~| msgid "Old source"\n#~ msgid "New source"\n'
        '#~ msgstr "Köhnə"\n\n#~ msgid "b"\n#~ msgstr "c"\n#~| msgid "q"\n',
        "utf-8",
    )
    assert_same(path)
    assert [unit.targets["az"].source_text for unit in po.read(path)] == ["Old source"]
