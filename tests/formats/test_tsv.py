"""A tab-separated memory (``source<TAB>target`` per line) read as units."""

from pathlib import Path

import pytest

from tm.errors import ParseError
from tm.formats import tsv


def test_a_memory_line_longer_than_the_limit_is_refused_without_reading_it_whole(tmp_path: Path) -> None:
    path = tmp_path / "one-line.en-az.tsv"
    path.write_text("Good day\tXeyirli gün\n" + "word " * (tsv.MAX_LINE // 5 + 10), "utf-8")
    units = tsv.read(path)
    assert next(units).source.text == "Good day"
    with pytest.raises(ParseError) as caught:
        next(units)
    assert caught.value.line == 2 and "longer than" in caught.value.message
