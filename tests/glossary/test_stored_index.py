"""find_terms_in_file: through a stored index, the hits find_terms gives over the whole glossary."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import DATA
from tests.glossary.strategies import glossaries
from tests.glossary.test_recognize import AZ, EN, RU, _two_aliyevs
from tm.glossary import (
    Entry,
    Term,
    find_terms,
    find_terms_in_file,
    read_glossary,
    save_glossary,
    stored_index,
    write_glossary,
)

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


@pytest.mark.parametrize(("lang", "cases"), [("az", AZ), ("ru", RU), ("en", EN)])
def test_the_stored_index_finds_inflected_names_as_the_whole_glossary(lang: str, cases: list) -> None:
    glossary = read_glossary(GLOSSARIES[0])
    for _, sentence, _ in cases:  # Xocalının, Heydər Əliyevin, Гейдара Алиева ...
        assert find_terms_in_file(GLOSSARIES[0], sentence, lang) == find_terms(sentence, lang, glossary)


def test_the_stored_index_names_every_entry_a_form_may_belong_to(tmp_path: Path) -> None:
    path = tmp_path / "aliyevs.tbx"
    write_glossary(_two_aliyevs(), path)
    (hit,) = find_terms_in_file(path, "Заявление Алиева", "ru")
    assert hit.entry.id == "sabina" and hit.alternatives == ("heydar",)


_files = itertools.count()


@given(glossary=glossaries(), suffixes=st.lists(st.sampled_from(["", "nın", "ya", "а", "ой", "'s", "s"]), min_size=1))
@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_generated_glossaries_give_through_the_stored_index_what_they_give_whole(tmp_path: Path, glossary, suffixes):
    path = tmp_path / f"generated-{next(_files)}.tbx"
    write_glossary(glossary, path)
    glossary = read_glossary(path)
    for lang in ("en", "az", "ru"):
        terms = [t.text for entry in glossary for t in entry.terms_in(lang)]
        text = ". ".join(term + suffixes[n % len(suffixes)] for n, term in enumerate(terms))
        assert find_terms_in_file(path, text, lang) == find_terms(text, lang, glossary)


def test_the_stored_index_keeps_the_entries_and_their_first_words_not_every_form(tmp_path: Path) -> None:
    path = tmp_path / "names.en-az.txt"
    path.write_text("".join(f"Name{n} Surname{n}\tAd{n} Soyad{n}\tperson\n" for n in range(3000)), "utf-8")
    assert find_terms_in_file(path, "Name7 Surname7 came.", "en")[0].entry.id == "name7-surname7"
    assert stored_index.index_path(path).stat().st_size < 3000 * 400  # every form of every term: 630 bytes an entry
