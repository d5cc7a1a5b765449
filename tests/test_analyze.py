"""Leverage analysis: segments, words and characters per band, repetitions apart."""

from __future__ import annotations

from pathlib import Path

from tests.memory_helpers import unit
from tm.analyze import analyze
from tm.memory.backends.sqlite import SqliteMemory
from tm.model import Context


def test_analysis_counts_each_band_and_repetitions_separately(tmp_path: Path) -> None:
    with SqliteMemory(tmp_path / "memory.db") as memory:
        memory.import_units([
            unit("1", "The treaty was signed in Baku.", "Müqavilə Bakıda imzalandı."),
            unit("2", "Rain fell all day in the mountains.", "Dağlarda bütün gün yağış yağdı.",
                 context=Context(prev="The treaty was signed in Baku.", next="Roads closed.")),
            unit("3", "The delegation arrived on Monday morning by train.", "Nümayəndə heyəti bazar ertəsi səhər qatarla gəldi."),
        ])  # fmt: skip
        text = [
            unit("a", "The treaty was signed in Baku."),
            unit("b", "Rain fell all day in the mountains."),
            unit("c", "Roads closed."),
            unit("d", "The treaty was signed in Baku."),
            unit("e", "The delegation arrived on Tuesday morning by train."),
            unit("f", "Completely new words about cooking."),
        ]
        result = analyze(text, memory, "en", "az")
    rows = {name: count.segments for name, count in result.rows.items()}
    assert rows == {"context": 1, "repetitions": 1, "exact": 1, "95-99": 0, "85-94": 1, "75-84": 0,
                    "50-74": 0, "no match": 2}  # fmt: skip
    assert result.rows["repetitions"].words == 6
    assert result.rows["repetitions"].characters == len("TheTreatywassignedinBaku.")
    assert result.total.segments == 6
    data = result.to_dict()
    assert data["bands"]["context"]["segments"] == 1 and data["signature"].startswith("tm:")
