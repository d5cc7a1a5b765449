"""find_terms_in_file: through a stored index, the hits find_terms gives over the whole glossary."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import DATA
from tm.glossary import Entry, Term, find_terms, find_terms_in_file, read_glossary, save_glossary, stored_index

ROOT = DATA.parent.parent
GLOSSARIES = [
    ROOT / "glossaries" / "article-2023-02-23.tbx",
    ROOT / "glossaries" / "article-2023-02-23.en-ru.txt",
    DATA / "glossary" / "tbx3_dct_status.tbx",
    DATA / "glossary" / "concept_c1_mine.tbx",
]
LANGS = {"en": "en.txt", "az": "az.txt", "ru": "ru.txt"}


@pytest.fixture(autouse=True)
def stored_always(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Every glossary gets a stored index, in a cache folder of the test's own."""
    monkeypatch.setattr(stored_index, "STORED_BYTES", 0)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def texts(glossary_path: Path, lang: str) -> list[str]:
    """The article in ``lang``, and every term of the glossary in ``lang`` inflected in a sentence."""
    article = next((ROOT / "segments").glob(f"*/{LANGS[lang]}"), None)
    terms = [t.text for entry in read_glossary(glossary_path) for t in entry.terms_in(lang)]
    suffix = {"az": "nın", "ru": "а", "en": "'s"}[lang]
    return [article.read_text("utf-8") if article else "", " ".join(terms), ". ".join(t + suffix for t in terms)]


@pytest.mark.parametrize("path", GLOSSARIES, ids=lambda p: p.name)
@pytest.mark.parametrize("lang", ["en", "az", "ru"])
def test_the_stored_index_finds_what_the_whole_glossary_finds(path: Path, lang: str) -> None:
    glossary = read_glossary(path)
    for text in texts(path, lang):
        assert find_terms_in_file(path, text, lang) == find_terms(text, lang, glossary)
    assert stored_index.index_path(path).is_file()


def test_a_search_reads_the_index_not_the_glossary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "glossary.tbx"
    path.write_bytes(GLOSSARIES[0].read_bytes())
    expected = find_terms_in_file(path, "Khojaly and Heydar Aliyev", "en")
    assert expected

    def no_reading(*args: object) -> None:
        raise AssertionError("the glossary was read again")

    monkeypatch.setattr(stored_index, "read_glossary", no_reading)
    assert find_terms_in_file(path, "Khojaly and Heydar Aliyev", "en") == expected


def test_a_changed_glossary_is_indexed_again(tmp_path: Path) -> None:
    path = tmp_path / "glossary.tbx"
    path.write_bytes(GLOSSARIES[0].read_bytes())
    assert not find_terms_in_file(path, "Zəngilan", "az")
    glossary = read_glossary(path)
    entry = Entry(id="zangilan", type="place")
    entry.add_term("en", Term("Zangilan"))
    entry.add_term("az", Term("Zəngilan"))
    glossary.add(entry)
    save_glossary(glossary, path)
    assert [hit.entry.id for hit in find_terms_in_file(path, "Zəngilanda", "az")] == ["zangilan"]
