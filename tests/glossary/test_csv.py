"""CSV glossaries: every field of every entry round-trips (the glossary's title and description
have no place in CSV), Excel's BOM, rows that do not fit name their line."""

from pathlib import Path

import pytest
from hypothesis import given, settings

from tests.glossary.strategies import glossaries
from tm.errors import ParseError
from tm.glossary import Glossary, read_glossary
from tm.glossary.formats import csv as csv_format

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = ROOT / "glossaries" / "article-2023-02-23.tbx"


def test_article_csv_is_what_export_writes_and_holds_everything() -> None:
    glossary = read_glossary(ARTICLE)
    path = ARTICLE.with_suffix(".csv")
    assert path.read_bytes() == ("\ufeff" + csv_format.dumps(glossary)).encode("utf-8")
    assert _entries(read_glossary(path)) == _entries(glossary)


@settings(max_examples=40)
@given(glossaries())
def test_any_glossary_round_trips_through_csv(tmp_path_factory: pytest.TempPathFactory, glossary: Glossary) -> None:
    path = tmp_path_factory.mktemp("csv") / "g.csv"
    csv_format.write_glossary(glossary, path)
    assert _entries(read_glossary(path)) == _entries(glossary)


def _entries(glossary: Glossary) -> list[dict]:
    """The entries as dicts, terms grouped by status (the order CSV columns give them)."""
    rank = {"preferred": 0, "admitted": 1, "forbidden": 2}
    entries = [entry.to_dict() for entry in glossary]
    for entry in entries:
        entry["terms"] = {
            lang: sorted(terms, key=lambda t: rank[t["status"]]) for lang, terms in entry["terms"].items()
        }
    return entries


def test_reads_without_bom_and_makes_missing_ids(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_text('en,az,az forbidden\nHeydar Aliyev,Heydər Əliyev,"Heydar Aliyev\nHeydər Əliev"\n', encoding="utf-8")
    entry = read_glossary(path).get("heydar-aliyev")
    assert [t.text for t in entry.forbidden("az")] == ["Heydar Aliyev", "Heydər Əliev"]


@pytest.mark.parametrize(
    ("content", "message", "line"),
    [
        ('id,en,az\nkhojaly,Khojaly,Xocalı\n"multi\nline",A,B\nx,Y,Z,extra\n', "cells", 5),
        ("id,en,colour\n", "unknown column", 1),
        ('id,en\nk,"Khojaly\n', "broken CSV", 2),
        ("id,ru,ru details\nk,Ходжалы,Ходжала | noun |  | \n", "not a ru term", 2),
        ("id,en\nk,\n", "without any term", 2),
    ],
    ids=["too-many-cells", "unknown-column", "open-quote", "details-of-no-term", "no-term"],
)
def test_a_row_that_does_not_fit_names_file_and_line(tmp_path: Path, content: str, message: str, line: int) -> None:
    path = tmp_path / "g.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ParseError, match=message) as info:
        read_glossary(path)
    assert info.value.line == line and info.value.path.endswith("g.csv")
