"""Every registered unit format honours tm.formats.Format: its names, sniffing, and a round trip.

The baseline every format keeps is the languages and the plain texts of the units (a
tab-separated memory keeps nothing more); each format's own tests check what else it keeps.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pytest

from tm import formats
from tm.errors import TmError
from tm.formats import FORMATS, Format
from tm.model import Status, Unit, Variant


def sample_units() -> list[Unit]:
    """Two units in en -> de, one with non-ASCII text and characters markup must escape."""
    return [
        Unit("u1", Variant.of("en", "Good day."), {"de": Variant.of("de", "Guten Tag.", status=Status.TRANSLATED)}),
        Unit(
            "u2",
            Variant.of("en", 'Xocalı & "Ходжалы" <1992>.'),
            {"de": Variant.of("de", 'Chodschali & "Xocalı" <1992>.', status=Status.TRANSLATED)},
        ),
    ]


def baseline(units: list[Unit]) -> list[tuple[str, str, dict[str, str]]]:
    """What every format keeps of ``units``: languages and plain texts."""
    return [(u.source.lang, u.source.text, {lang: v.text for lang, v in u.targets.items()}) for u in units]


@pytest.fixture(params=list(FORMATS.values()), ids=list(FORMATS))
def fmt(request: pytest.FixtureRequest) -> Format:
    return request.param


def test_every_format_has_the_protocol_and_is_registered_under_its_name(fmt: Format) -> None:
    assert isinstance(fmt, Format)
    assert FORMATS[fmt.NAME] is fmt
    assert fmt.EXTENSIONS and all(e.startswith(".") and e == e.lower() for e in fmt.EXTENSIONS)
    assert fmt.sniff(b"") is False


def test_every_format_module_is_registered() -> None:
    modules = [importlib.import_module(f"tm.formats.{info.name}") for info in pkgutil.iter_modules(formats.__path__)]
    assert {module for module in modules if hasattr(module, "NAME")} == set(FORMATS.values())


def test_units_written_read_back_with_their_languages_and_texts(fmt: Format, tmp_path: Path) -> None:
    path = tmp_path / f"job{fmt.EXTENSIONS[0]}"
    assert fmt.write(sample_units(), path) is True
    back = list(fmt.read(path, source_lang="en", target_lang="de"))
    assert baseline(back) == baseline(sample_units())


def test_dumps_is_what_write_writes_and_a_second_write_changes_nothing(fmt: Format, tmp_path: Path) -> None:
    path = tmp_path / f"job{fmt.EXTENSIONS[0]}"
    fmt.write(sample_units(), path)
    assert path.read_text(encoding="utf-8") == fmt.dumps(sample_units())
    assert fmt.write(sample_units(), path) is False


def test_a_written_file_is_found_by_its_extension_or_content(fmt: Format, tmp_path: Path) -> None:
    for extension in fmt.EXTENSIONS:
        path = tmp_path / f"job{extension}"
        fmt.write(sample_units(), path)
        assert formats.format_for(path) is fmt
        assert baseline(list(formats.read(path, source_lang="en", target_lang="de"))) == baseline(sample_units())


#: Formats whose files have no signature: only their extension tells them.
UNSIGNED = {"tsv"}


def test_a_file_whose_extension_lies_is_found_by_its_content_where_the_format_has_a_signature(
    fmt: Format, tmp_path: Path
) -> None:
    path = tmp_path / "job.bin"
    path.write_text(fmt.dumps(sample_units()), encoding="utf-8")
    assert fmt.sniff(path.read_bytes()) is (fmt.NAME not in UNSIGNED)
    if fmt.NAME in UNSIGNED:
        with pytest.raises(TmError, match="cannot tell the format"):
            formats.format_for(path)
    else:
        assert formats.format_for(path) is fmt


def test_read_rows_gives_the_units_of_read(fmt: Format, tmp_path: Path) -> None:
    path = tmp_path / f"job{fmt.EXTENSIONS[0]}"
    fmt.write(sample_units(), path)
    rows = formats.read_rows(path, source_lang="en", target_lang="de")
    units = [row.unit() if isinstance(row, formats.PlainUnit) else row for row in rows]
    assert units == list(fmt.read(path, source_lang="en", target_lang="de"))
