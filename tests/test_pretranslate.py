"""Pretranslation fills empty targets from the memory and never overwrites a translation."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.conftest import ARTICLE, msgfmt_check, snapshot
from tests.memory_helpers import unit
from tm import builder
from tm import document as documents
from tm.document import open_document, source_units
from tm.errors import TmError
from tm.formats import po, tmx
from tm.memory.backends.sqlite import SqliteMemory
from tm.model import Status, Variant, base_lang
from tm.pretranslate import pretranslate

LATER = datetime(2030, 1, 1, 12, 0, tzinfo=UTC)


def test_pretranslate_fills_exact_and_fuzzy_and_keeps_human_work(segments: Path, tmp_path: Path) -> None:
    builder.build(segments)
    document = open_document(ARTICLE, segments)
    sources = [u.source.text for u in source_units(document)]
    path = document.po_path("az")
    catalog = po.load(path)
    catalog.units[0].targets = {"az": Variant.of("az", "İnsanın tərcüməsi.", status=Status.DRAFT)}
    po.write(catalog.units, path, lang="az", project=ARTICLE)
    with SqliteMemory(tmp_path / "memory.db") as memory:
        memory.import_units([
            unit("m0", sources[0], "Yaddaşdakı tərcümə."),
            unit("m1", sources[1], "Dəqiq uyğunluq."),
            unit("m2", sources[2].replace("world community", "international community"), "Qeyri-dəqiq uyğunluq."),
        ])  # fmt: skip
        report = pretranslate(document, "az", memory, min_score=75)
        again = pretranslate(document, "az", memory, min_score=75)
    assert (report.kept, report.exact, report.fuzzy) == (1, 1, 1)
    assert again.written == [] and again.kept == 3
    units = po.load(path).units
    assert units[0].targets["az"].text == "İnsanın tərcüməsi." and units[0].targets["az"].status is Status.DRAFT
    assert units[1].targets["az"].text == "Dəqiq uyğunluq." and units[1].targets["az"].status is Status.TRANSLATED
    fuzzy = units[2].targets["az"]
    assert fuzzy.text == "Qeyri-dəqiq uyğunluq." and fuzzy.status is Status.DRAFT
    assert fuzzy.source_text and "international community" in fuzzy.source_text
    assert fuzzy.notes[0].startswith("tm: 9") and "origin" in fuzzy.notes[0]
    assert "az" not in units[3].targets or not units[3].targets["az"].content
    assert msgfmt_check(path).returncode == 0


def hint_lines(path: Path) -> list[str]:
    return [line for line in path.read_text("utf-8").splitlines() if line.startswith("#. ")]


def test_pretranslate_with_nothing_to_fill_changes_no_byte_and_no_date(translated: Path, tmp_path: Path) -> None:
    document = documents.open_document(ARTICLE, translated)
    before = snapshot(translated / ARTICLE)
    with SqliteMemory(tmp_path / "memory.db") as memory:
        memory.import_file(document.tmx_path)
        report = pretranslate(document, "az", memory, now=LATER)
    assert (report.kept, report.written) == (16, [])
    assert snapshot(translated / ARTICLE) == before


def test_pretranslate_keeps_the_hints_the_header_and_the_other_languages(translated: Path, tmp_path: Path) -> None:
    document = documents.open_document(ARTICLE, translated)
    path = document.po_path("az")
    units = po.load(path).units
    expected = units[3].target("az").text
    units[3].targets = {}
    builder.save_translations(document, "az", units)
    hints, header = hint_lines(path), po.load(path).metadata
    ru = document.po_path("ru").read_bytes()
    with SqliteMemory(tmp_path / "memory.db") as memory:
        memory.import_file(document.tmx_path)
        report = pretranslate(document, "az", memory, now=LATER)
    assert (report.exact, report.kept) == (1, 15)
    assert po.load(path).units[3].target("az").text == expected
    assert hint_lines(path) == hints and len(hints) > 40
    metadata = po.load(path).metadata
    assert metadata.pop("PO-Revision-Date") == po.format_date(LATER)
    assert {k: v for k, v in header.items() if k != "PO-Revision-Date"} == metadata
    assert document.po_path("ru").read_bytes() == ru
    langs = [sorted(base_lang(lang) for lang in u.targets) for u in tmx.read(document.tmx_path)]
    assert langs == [["az", "ru"]] * 16


def test_pretranslate_that_fills_nothing_keeps_the_revision_date_through_a_source_edit(
    translated: Path, tmp_path: Path
) -> None:
    document = documents.open_document(ARTICLE, translated)
    revised = po.load(document.po_path("az")).date("PO-Revision-Date")
    with document.source.open("a", encoding="utf-8") as source:
        source.write("\nA sentence no memory has seen.\n")
    with SqliteMemory(tmp_path / "memory.db") as memory:
        report = pretranslate(document, "az", memory, now=LATER)
    assert (report.exact, report.fuzzy, report.unmatched) == (0, 0, 1) and document.po_path("az") in report.written
    assert po.load(document.po_path("az")).date("PO-Revision-Date") == revised


def test_pretranslate_refuses_a_language_the_document_does_not_list(segments: Path, tmp_path: Path) -> None:
    builder.build(segments)
    document = open_document(ARTICLE, segments)
    with SqliteMemory(tmp_path / "m.db") as memory, pytest.raises(TmError, match="does not list fr"):
        pretranslate(document, "fr", memory)
    assert not document.po_path("fr").exists()
