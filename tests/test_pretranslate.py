"""Pretranslation fills empty targets from the memory and never overwrites a translation."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ARTICLE, msgfmt_check
from tests.memory_helpers import unit
from tm import project
from tm.errors import TmError
from tm.formats import po
from tm.memory.backends.sqlite import SqliteMemory
from tm.model import Status, Variant
from tm.pretranslate import pretranslate


def test_pretranslate_fills_exact_and_fuzzy_and_keeps_human_work(segments: Path, tmp_path: Path) -> None:
    project.build(segments)
    document = project.open_document(ARTICLE, segments)
    sources = [u.source.text for u in project.source_units(document)]
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


def test_pretranslate_refuses_a_language_the_document_does_not_list(segments: Path, tmp_path: Path) -> None:
    project.build(segments)
    document = project.open_document(ARTICLE, segments)
    with SqliteMemory(tmp_path / "m.db") as memory, pytest.raises(TmError, match="does not list fr"):
        pretranslate(document, "fr", memory)
    assert not document.po_path("fr").exists()
