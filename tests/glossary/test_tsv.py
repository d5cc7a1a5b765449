"""OmegaT's tab-separated glossary: round trip, languages from the file name, located errors."""

from pathlib import Path

import pytest
from hypothesis import assume, given, settings

from tests.glossary.strategies import glossaries
from tm.errors import ParseError, TmError
from tm.glossary import Glossary, read_glossary
from tm.glossary.formats import tsv

ROOT = Path(__file__).resolve().parents[2]
GLOSSARIES = ROOT / "glossaries"


@pytest.mark.parametrize("pair", ["en-az", "en-ru"])
def test_article_views_are_what_export_writes(pair: str) -> None:
    glossary = read_glossary(GLOSSARIES / "article-2023-02-23.tbx")
    source, target = pair.split("-")
    path = GLOSSARIES / f"article-2023-02-23.{pair}.txt"
    assert tsv.dumps(glossary, source, target) == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("pair", ["en-az", "en-ru"])
def test_article_view_round_trips(tmp_path: Path, pair: str) -> None:
    path = GLOSSARIES / f"article-2023-02-23.{pair}.txt"
    again = tmp_path / path.name
    tsv.write_glossary(read_glossary(path), again)
    assert again.read_bytes() == path.read_bytes()


@settings(max_examples=40)
@given(glossaries())
def test_any_glossary_round_trips_through_tsv(tmp_path_factory: pytest.TempPathFactory, glossary: Glossary) -> None:
    # A line names its entry by the source term: two entries sharing one (a check() error) merge.
    assume(len({e.preferred("en").text for e in glossary}) == len(glossary))
    path = tmp_path_factory.mktemp("tsv") / "g.en-az.txt"
    tsv.write_glossary(glossary, path)
    first = path.read_bytes()
    tsv.write_glossary(read_glossary(path), path)
    assert path.read_bytes() == first


def test_comment_carries_type_forbidden_forms_and_note(tmp_path: Path) -> None:
    path = tmp_path / "g.en-az.txt"
    path.write_text(
        "Khojaly\tXocalı\ttype: place; not: Xocali | Hocalı; note: a town; see also\nKhojaly\tXocalı şəhəri\n",
        encoding="utf-8",
    )
    entry = next(iter(read_glossary(path)))
    assert entry.type == "place" and entry.note == "a town; see also"
    assert [t.text for t in entry.allowed("az")] == ["Xocalı", "Xocalı şəhəri"]
    assert entry.preferred("az").text == "Xocalı"
    assert [t.text for t in entry.forbidden("az")] == ["Xocali", "Hocalı"]


@pytest.mark.parametrize(
    "comment, note, policy",
    [
        (
            "type: place; not: Stepanakert; note: a city; policy: the client may admit it",
            "a city",
            "the client may admit it",
        ),
        ("not: Stepanakert; policy: the client may admit it", "", "the client may admit it"),
        ("policy: the client may admit it", "", "the client may admit it"),
    ],
)
def test_comment_carries_the_policy(tmp_path: Path, comment: str, note: str, policy: str) -> None:
    path = tmp_path / "g.en-az.txt"
    path.write_text(f"Khankandi\tXankəndi\t{comment}\n", encoding="utf-8")
    entry = next(iter(read_glossary(path)))
    assert (entry.note, entry.policy) == (note, policy)
    assert [t.text for t in entry.forbidden("az")] == (["Stepanakert"] if "not:" in comment else [])
    assert tsv.comment_for(entry, "az") == comment.replace("type: place; ", "type: place; " if entry.type else "")


def test_a_free_comment_becomes_the_note_and_a_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "g.txt"
    path.write_bytes("\ufeffKhojaly\tХоджалы\tindeclinable\n".encode("utf-8"))
    entry = next(iter(read_glossary(path, source_lang="en", target_lang="ru")))
    assert entry.note == "indeclinable" and entry.preferred("en").text == "Khojaly"


def test_languages_come_from_the_file_name_or_an_error() -> None:
    assert tsv.pair_from_name("article.en-az.txt") == ("en", "az")
    with pytest.raises(TmError, match="does not say its languages"):
        read_glossary(ROOT / "README.md", format="tsv")


def test_a_line_without_a_target_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "g.en-az.txt"
    path.write_text("Khojaly\tXocalı\n\nKhankandi\n", encoding="utf-8")
    with pytest.raises(ParseError) as info:
        read_glossary(path)
    assert info.value.line == 3
