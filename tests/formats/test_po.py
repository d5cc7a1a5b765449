"""PO/POT through polib: mapping, statuses, inline codes, headers, bad input, other tools."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import DATA, msgfmt_check
from tm.errors import ParseError, TmError
from tm.formats import po
from tm.model import Context, Status, Tag, TargetState, Unit, Variant, nfc

WHEN = datetime(2023, 2, 23, 10, 5, tzinfo=UTC)


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
            targets={"az": Variant.of("az", "Yerlə yeksan edildi.", status=Status.DRAFT)},
            context=Context("doc", 1, 2),
        ),
        Unit(
            "c3",
            Variant.of("en", "The town had 7,000 people."),
            targets={
                "az": Variant.of(
                    "az", "Şəhərin 7 min əhalisi var idi.", source_text="The town had 7000 people.", status=Status.DRAFT
                )
            },
            context=Context("doc", 2, 1),
        ),
        Unit(
            "d4",
            Variant.of("en", "Reviewed sentence."),
            targets={"az": Variant.of("az", "Yoxlanmış cümlə.", status=Status.REVIEWED, notes=["checked by Aynur"])},
            context=Context("doc", 2, 2),
        ),
        Unit("e5", Variant.of("en", "Not translated yet."), context=Context("doc", 3, 1)),
        Unit(
            "f6",
            Variant(
                "en",
                (
                    "Press ",
                    Tag("bpt", (("i", "1"),), "&lt;b&gt;"),
                    "OK",
                    Tag("ept", (("i", "1"),), "&lt;/b&gt;"),
                    " & go",
                ),
            ),
            targets={
                "az": Variant(
                    "az",
                    (
                        Tag("bpt", (("i", "1"),), "&lt;b&gt;"),
                        "OK",
                        Tag("ept", (("i", "1"),), "&lt;/b&gt;"),
                        " düyməsini basın",
                    ),
                )
            },
            context=Context("doc", 3, 2),
        ),
        Unit(
            "g7",
            Variant.of("en", "A removed sentence."),
            targets={"az": Variant.of("az", "Silinmiş cümlə.")},
            props={po.OBSOLETE: ["true"]},
        ),
    ]


def test_units_survive_write_and_read(tmp_path: Path) -> None:
    path = tmp_path / "az.po"
    po.write(sample_units(), path, lang="az", project="doc", created=WHEN, revised=WHEN)
    assert list(po.read(path)) == sample_units()


def test_entry_layout_follows_gettext_conventions(tmp_path: Path) -> None:
    path = tmp_path / "az.po"
    po.write(sample_units(), path, lang="az", project="doc", created=WHEN, revised=WHEN)
    text = path.read_text("utf-8")
    assert (
        '#. Glossary: Khojaly = Xocalı\n#: doc:1:1\nmsgctxt "a1"\nmsgid "Khojaly is a town."\nmsgstr "Xocalı şəhərdir."'
        in text
    )
    assert '#, fuzzy\nmsgctxt "b2"' in text
    assert '#, fuzzy\n#| msgid "The town had 7000 people."\nmsgctxt "c3"' in text
    assert '# checked by Aynur\n#: doc:2:2\n#, reviewed\nmsgctxt "d4"' in text
    assert '#~ msgctxt "g7"' in text


def test_plain_entries_stay_plain_and_coded_entries_carry_the_markup_flag(tmp_path: Path) -> None:
    path = tmp_path / "az.po"
    po.write(sample_units(), path, lang="az", created=WHEN, revised=WHEN)
    text = path.read_text("utf-8")
    assert '#, tm-markup\nmsgctxt "f6"' in text
    assert 'msgid "Press <bpt i=\\"1\\">&lt;b&gt;</bpt>OK<ept i=\\"1\\">&lt;/b&gt;</ept> &amp; go"' in text
    assert text.count("tm-markup") == 1


def test_headers_name_language_plurals_and_generator(tmp_path: Path) -> None:
    for lang, plural in (
        ("az", "nplurals=2; plural=(n != 1);"),
        ("ru", "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0"),
    ):
        path = tmp_path / f"{lang}.po"
        po.write(sample_units()[:1], path, lang=lang, project="doc", created=WHEN, revised=WHEN)
        catalog = po.load(path)
        assert catalog.metadata["Language"] == lang
        assert catalog.metadata["Plural-Forms"].startswith(plural)
        assert catalog.metadata["Content-Type"] == "text/plain; charset=UTF-8"
        assert catalog.metadata["Content-Transfer-Encoding"] == "8bit"
        assert catalog.metadata["X-Generator"].startswith("tm ")
        assert catalog.metadata["POT-Creation-Date"] == "2023-02-23 10:05+0000"
        assert catalog.date("PO-Revision-Date") == WHEN


def test_written_po_and_pot_pass_msgfmt_check(tmp_path: Path) -> None:
    for lang, name in (("az", "az.po"), ("ru", "ru.po"), (None, "doc.pot")):
        path = tmp_path / name
        po.write(sample_units(), path, lang=lang, project="doc", created=WHEN, revised=WHEN)
        result = msgfmt_check(path)
        assert result.returncode == 0, result.stderr


def test_template_has_no_translations(tmp_path: Path) -> None:
    path = tmp_path / "doc.pot"
    po.write(sample_units(), path, lang=None, created=WHEN, revised=WHEN)
    units = list(po.read(path))
    assert [u.id for u in units] == [u.id for u in sample_units()]
    assert all(not u.targets for u in units)


def test_same_units_give_same_bytes(tmp_path: Path) -> None:
    first, second = tmp_path / "1.po", tmp_path / "2.po"
    po.write(sample_units(), first, lang="az", created=WHEN, revised=WHEN)
    po.write(sample_units(), second, lang="az", created=WHEN, revised=WHEN)
    assert first.read_bytes() == second.read_bytes()


def test_unterminated_string_reports_file_and_line() -> None:
    with pytest.raises(ParseError) as info:
        list(po.read(DATA / "po" / "unterminated_string.po"))
    assert info.value.line == 8
    assert info.value.path.endswith("unterminated_string.po")


def test_unknown_keyword_reports_its_line() -> None:
    with pytest.raises(ParseError) as info:
        list(po.read(DATA / "po" / "unknown_keyword.po"))
    assert info.value.line == 12
    assert "mgstr" in str(info.value)


def test_undecodable_po_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "az.po"
    path.write_bytes(b'msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgstr "\xff"\n')
    with pytest.raises(Exception) as info:
        list(po.read(path))
    assert str(info.value).startswith(f"{path}:5:")


def test_foreign_po_keeps_references_flags_and_plurals(tmp_path: Path) -> None:
    units = list(po.read(DATA / "po" / "foreign_poedit.po"))
    greeting, files = units
    assert greeting.id == "Hello, %s!"
    assert greeting.target("ru").text == "Привет, %s!"
    assert greeting.props[po.OCCURRENCES] == ["src/main.c:42", "src/ui.c:7"]
    assert greeting.props[po.FLAGS] == ["c-format"]
    assert files.target("ru").text == "%d файл"
    assert files.props[po.MSGSTR_PLURAL] == ["%d файл", "%d файла", "%d файлов"]
    copy = tmp_path / "ru.po"
    po.write(units, copy, lang="ru")
    assert list(po.read(copy)) == units
    assert msgfmt_check(copy).returncode == 0


def test_translate_toolkit_reads_the_same_units(tmp_path: Path) -> None:
    ttk_po = pytest.importorskip("translate.storage.po")
    path = tmp_path / "az.po"
    po.write(sample_units(), path, lang="az", created=WHEN, revised=WHEN)
    store = ttk_po.pofile.parsefile(str(path))
    theirs = [u for u in store.units if not u.isheader() and not u.isobsolete()]
    ours = [u for u in sample_units() if po.OBSOLETE not in u.props]
    assert [u.getcontext() for u in theirs] == [u.id for u in ours]
    assert [u.source for u in theirs[:5]] == [u.source.text for u in ours[:5]]
    assert [u.isfuzzy() for u in theirs] == [False, True, True, False, False, False]
    assert theirs[0].target == "Xocalı şəhərdir."


def test_unknown_reviewed_flag_is_kept_by_translate_toolkit(tmp_path: Path) -> None:
    ttk_po = pytest.importorskip("translate.storage.po")
    path = tmp_path / "az.po"
    po.write(sample_units(), path, lang="az", created=WHEN, revised=WHEN)
    store = ttk_po.pofile.parsefile(str(path))
    again = tmp_path / "again.po"
    again.write_bytes(bytes(store))
    assert [u.target("az").status for u in po.read(again) if u.id == "d4"] == [Status.REVIEWED]


def test_previous_msgid_without_fuzzy_is_not_stale(tmp_path: Path) -> None:
    path = tmp_path / "az.po"
    path.write_text(
        'msgid ""\nmsgstr ""\n"Language: az\\n"\n\n#| msgid "Old."\nmsgctxt "a"\nmsgid "New."\nmsgstr "Yeni."\n'
    )
    (unit,) = po.read(path)
    assert unit.target("az").status is Status.TRANSLATED
    assert unit.state("az") is TargetState.TRANSLATED


def test_an_obsolete_stale_draft_keeps_the_source_it_was_made_from(tmp_path: Path) -> None:
    made_from = 'A "longer" sentence the draft was made from, long enough to wrap over two lines of the file.'
    target = Variant.of("az", "Qaralama.", status=Status.DRAFT, source_text=made_from)
    obsolete = Unit("o1", Variant.of("en", "The removed sentence."), {"az": target}, props={po.OBSOLETE: ["true"]})
    path = tmp_path / "az.po"
    po.write([*sample_units()[:1], obsolete], path, lang="az", created=WHEN, revised=WHEN)
    assert "#~| msgid" in path.read_text("utf-8")
    again = po.load(path).units[-1]
    assert again.target("az").source_text == made_from and po.OBSOLETE in again.props
    assert po.write(po.load(path).units, path, lang="az", created=WHEN, revised=WHEN) is False


# --------------------------------------------------------------------------- property

LETTERS = "abcxyzABCəğıİöüçşƏĞÖÜÇŞАБВабвгдеёжзийклмнопрстуфхцчшщъыьэюяЁ"
TEXT = st.text(alphabet=LETTERS + " \t\n\"'\\&<>;#%{}.,:!?0123456789«»“”—", min_size=1, max_size=30).map(nfc)
NOTE = st.text(alphabet=LETTERS + " \"'\\&<>.,:=", min_size=1, max_size=20).map(str.strip).filter(bool)
TAG = st.builds(
    Tag,
    kind=st.sampled_from(["bpt", "ept", "ph", "it", "x", "g", "/g", "hi", "/hi"]),
    attrs=st.lists(
        st.tuples(st.sampled_from(["i", "x", "type", "id"]), st.text(alphabet=LETTERS + "&<>\"' 1", max_size=5)),
        max_size=2,
        unique_by=lambda kv: kv[0],
    ).map(tuple),
    code=st.text(alphabet=LETTERS + "&;\"' =/", max_size=8),
).map(lambda tag: Tag(tag.kind, tag.attrs, "") if tag.kind.startswith("/") else tag)


def join_text(parts: list[str | Tag]) -> tuple[str | Tag, ...]:
    """Content as readers return it: adjacent text parts joined (and NFC)."""
    merged: list[str | Tag] = []
    for part in parts:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] = nfc(merged[-1] + part)
        else:
            merged.append(part)
    return tuple(merged)


CONTENT = st.lists(st.one_of(TEXT, TAG), min_size=1, max_size=5).map(join_text)


@st.composite
def units(draw: st.DrawFn) -> list[Unit]:
    result = []
    for n in range(draw(st.integers(1, 4))):
        source = Variant("en", draw(CONTENT.filter(lambda c: any(isinstance(p, str) for p in c) or c)))
        unit = Unit(f"u{n}", source, notes=draw(st.lists(NOTE, max_size=2)))
        if draw(st.booleans()):
            unit.context = Context(
                draw(st.sampled_from(["doc", "article-2023-02-23"])), draw(st.integers(1, 99)), draw(st.integers(1, 9))
            )
        if draw(st.booleans()):
            stale = draw(st.booleans())
            status = (
                Status.DRAFT if stale else draw(st.sampled_from([Status.DRAFT, Status.TRANSLATED, Status.REVIEWED]))
            )
            unit.targets["az"] = Variant(
                "az",
                draw(CONTENT),
                status=status,
                source_text=draw(TEXT.filter(lambda t, source=source: t != source.text)) if stale else None,
                notes=draw(st.lists(NOTE, max_size=2)),
            )
        result.append(unit)
    return result


@settings(max_examples=150)
@given(units())
def test_any_units_survive_po_write_and_read(tmp_path_factory: pytest.TempPathFactory, generated: list[Unit]) -> None:
    path = tmp_path_factory.mktemp("prop") / "az.po"
    po.write(generated, path, lang="az", created=WHEN, revised=WHEN)
    assert list(po.read(path)) == generated


# --------------------------------------------------------------------------- files from other tools (issue 21)

PO_DATA = Path(__file__).resolve().parents[1] / "data" / "po"


@pytest.mark.parametrize(
    ("name", "lang", "expected"),
    [("iso8859_15.po", "fr", ["Le prix est de 5 €.", "Cœur"]), ("windows1251.po", "ru", ["Открыть файл", "Сохранить"])],
)
def test_the_header_charset_is_honoured_as_msgfmt_does(name: str, lang: str, expected: list[str]) -> None:
    assert [u.target(lang).text for u in po.read(PO_DATA / name)] == expected


def test_bytes_that_contradict_the_charset_are_refused_naming_it() -> None:
    with pytest.raises(ParseError, match="charset utf-8.*not utf-8") as info:
        list(po.read(PO_DATA / "charset_lies.po"))
    assert info.value.line == 9 and "Content-Type" in (info.value.hint or "")


def test_a_comment_without_a_space_after_the_hash_is_a_comment_as_for_msgfmt() -> None:
    (unit,) = po.read(PO_DATA / "abbreviated_comment.po")
    assert unit.target("fr").text == "Bonjour"


def test_a_file_name_that_is_not_a_language_tag_gives_no_language() -> None:
    with pytest.raises(TmError, match="cannot tell the language") as info:
        list(po.read(PO_DATA / "af-pootle.po"))
    assert "--lang" in (info.value.hint or "")
    assert {lang for u in po.read(PO_DATA / "af-pootle.po", target_lang="af") for lang in u.targets} == {"af"}


def test_a_language_after_the_last_dot_of_the_name_is_taken() -> None:
    units = list(po.read(PO_DATA / "Test_nautilus.af.po"))
    assert {lang for u in units for lang in u.targets} == {"af"}


def test_obsolete_entries_are_not_imported_and_the_summary_says_so(tmp_path: Path) -> None:
    from tm.memory.backends.sqlite import SqliteMemory

    with SqliteMemory(tmp_path / "m.db") as memory:
        summary = memory.import_file(PO_DATA / "Test_nautilus.af.po")
    # msgfmt --statistics: 3 translated, 1 fuzzy (imported as a draft), 1 untranslated; 2 obsolete
    assert summary.added == 4
    assert +summary.skipped == {"no translation": 1, "obsolete": 2}
    assert "obsolete: 2" in summary.describe()


@pytest.mark.parametrize("header", ["Language", "X-Source-Language"])
def test_a_bad_language_header_names_the_file_and_line(tmp_path: Path, header: str) -> None:
    path = tmp_path / "az.po"
    path.write_text(
        f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"{header}: Azeri (Latin)!\\n"\n\n'
        'msgctxt "a1"\nmsgid "Shusha"\nmsgstr "Şuşa"\n',
        encoding="utf-8",
    )
    with pytest.raises(ParseError, match=f"the {header} header 'Azeri \\(Latin\\)!' is not a language tag") as caught:
        po.load(path)
    assert (caught.value.path, caught.value.line) == (str(path), 4)


def test_a_po_without_a_source_language_header_is_in_the_source_language_given() -> None:
    units = list(po.read(PO_DATA / "no_language.po", source_lang="nl", target_lang="en"))
    assert {u.source.lang for u in units} == {"nl"}
    assert {u.source.lang for u in po.read(PO_DATA / "no_language.po", target_lang="nl")} == {"en"}
