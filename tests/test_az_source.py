"""A document written in Azerbaijani (source az, targets en and ru), end to end: segmentation,
glossary hints through az inflection, QA in the az -> en direction, the TMX, memory lookup az -> en."""

from __future__ import annotations

from pathlib import Path

import pytest

from tm.builder import build
from tm.document import Document, new_document
from tm.exchange import export
from tm.formats import po, tmx
from tm.glossary import read_glossary
from tm.match import lookup
from tm.memory import open_memory
from tm.merge import plan
from tm.model import Variant
from tm.qa.files import check_paths
from tm.segment import split_sentences

REPO = Path(__file__).resolve().parent.parent
GLOSSARY = REPO / "glossaries" / "article-2023-02-23.tbx"

#: A short statement written for these tests (not taken from any publication).
TEXT = (
    "Müvəkkil Səbinə Əliyeva 26 fevral 2024-cü ildə bəyanat yayıb. "
    "O, “Xocalı soyqırımı unudulmayacaq” deyib.\n\n"
    "Bəyanatda qeyd olunur ki, 1992-ci ildə Xocalıda 613 nəfər həlak olub. "
    "Prof. Məmmədov Heydər Əliyev Fondunun anım tədbirində çıxış edib.\n"
)
SENTENCES = [
    "Müvəkkil Səbinə Əliyeva 26 fevral 2024-cü ildə bəyanat yayıb.",
    "O, “Xocalı soyqırımı unudulmayacaq” deyib.",
    "Bəyanatda qeyd olunur ki, 1992-ci ildə Xocalıda 613 nəfər həlak olub.",
    "Prof. Məmmədov Heydər Əliyev Fondunun anım tədbirində çıxış edib.",
]
#: Faithful English: names as the glossary says, numbers and quotes kept.
GOOD = [
    "Ombudsman Sabina Aliyeva issued a statement on 26 February 2024.",
    "She said: “The Khojaly genocide will not be forgotten.”",
    "The statement notes that 613 people were killed in Khojaly in 1992.",
    "Prof. Mammadov spoke at the commemoration held by the Heydar Aliyev Foundation.",
]


@pytest.fixture
def document(tmp_path: Path) -> Document:
    source = tmp_path / "bəyanat.txt"
    source.write_text(TEXT, encoding="utf-8")
    return new_document(tmp_path / "segments", "beyanat-2024-02-26", source, "az", ["en", "ru"])


def translate(document: Document, lang: str, texts: list[str]) -> None:
    catalog = po.load(document.po_path(lang))
    for unit, text in zip(catalog.units, texts):
        unit.targets = {lang: Variant.of(lang, text)}
    po.write(catalog.units, document.po_path(lang), lang=lang)


def test_the_source_is_segmented_by_the_az_rules(document: Document) -> None:
    assert split_sentences(TEXT, "az") == SENTENCES
    assert [u.source.text for u in plan(document).units] == SENTENCES
    assert all(u.source.lang == "az" for u in plan(document).units)


def test_glossary_hints_find_inflected_az_names_in_the_source(document: Document) -> None:
    build(document.folder.parent, glossary=read_glossary(GLOSSARY))
    notes = {u.source.text: "\n".join(u.notes) for u in po.read(document.po_path("en"))}
    assert "Səbinə Əliyeva = Sabina Aliyeva" in notes[SENTENCES[0]]
    assert "Xocalı = Khojaly" in notes[SENTENCES[2]]  # found as Xocalıda
    assert "Heydər Əliyev Fondu = Heydar Aliyev Foundation" in notes[SENTENCES[3]]  # found as Fondunun
    ru_notes = "\n".join(u.notes[0] for u in po.read(document.po_path("ru")) if u.notes)
    assert "Xocalı = Ходжалы" in ru_notes


def test_qa_checks_names_numbers_and_quotes_from_az_into_en(document: Document) -> None:
    glossary = read_glossary(GLOSSARY)
    build(document.folder.parent)
    translate(document, "en", GOOD)
    clean = check_paths([document.folder], ["en"], glossary, only=["glossary", "numbers", "quotes"])
    assert clean.issues == []
    bad = list(GOOD)
    bad[1] = "She said: “The Khojaly genocide will not be forgotten."  # closing quote dropped
    bad[2] = "The statement notes that 631 people were killed in Khojali in 1992."  # number, name
    translate(document, "en", bad)
    report = check_paths([document.folder], ["en"], glossary, only=["glossary", "numbers", "quotes"])
    ids = [u.id for u in plan(document).units]
    found = {(ids.index(i.unit), i.check) for i in report.issues}
    assert found == {(1, "quotes"), (2, "numbers"), (2, "glossary")}


def test_the_tmx_says_the_source_is_az_latn_and_trados_gets_az_latn_az(document: Document, tmp_path: Path) -> None:
    build(document.folder.parent)
    translate(document, "en", GOOD)
    build(document.folder.parent)
    assert 'srclang="az-Latn"' in document.tmx_path.read_text(encoding="utf-8")
    (pair,) = [p for p in export(document, "tmx", tmp_path / "out", profile="trados") if "en" in p.name]
    header = pair.read_text(encoding="utf-8")
    assert 'srclang="az-Latn-AZ"' in header and 'xml:lang="en-US"' in header
    units = list(tmx.read(document.tmx_path))
    assert units[0].source.lang == "az-Latn" and units[0].target("en").text == GOOD[0]


def test_memory_lookup_from_az_into_en(document: Document, tmp_path: Path) -> None:
    build(document.folder.parent)
    translate(document, "en", GOOD)
    build(document.folder.parent)
    with open_memory(str(tmp_path / "memory.db")) as memory:
        memory.import_file(document.tmx_path)
        changed = "Bəyanatda qeyd olunur ki, 1992-ci ildə Xocalıda 614 nəfər həlak olub."
        (best, *_) = lookup(memory, changed, "az", "en")
        assert best.target == GOOD[2] and 50 <= best.score < 100
        assert lookup(memory, SENTENCES[2], "az", "en")[0].score >= 100
