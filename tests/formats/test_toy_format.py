"""A new format is one module plus one registry line: this test file is that module.

It defines the ``tm.formats.Format`` names at module level (a toy format: ``#toy`` on the first
line, then ``source = target`` per line, languages from the first line), registers itself with
one line, and is then read and written through the normal paths: ``tm.formats.read`` and
``write`` by extension, sniffing, and ``tm import`` into a memory.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tm import formats
from tm.cli.app import app
from tm.errors import ParseError
from tm.fileio import write_atomic
from tm.model import Unit, Variant, target_lang_of

# --------------------------------------------------------------------------- the format

NAME = "toy"
EXTENSIONS = (".toy",)


def sniff(head: bytes) -> bool:
    return head.startswith(b"#toy ")


def read(path: str | Path, *, source_lang: str | None = None, target_lang: str | None = None) -> Iterator[Unit]:
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    source, target = lines[0].removeprefix("#toy ").split("-")
    for number, line in enumerate(lines[1:], 2):
        if " = " not in line:
            raise ParseError("expected 'source = target'", path=path, line=number)
        text, translation = line.split(" = ", 1)
        yield Unit(f"toy{number}", Variant.of(source, text), {target: Variant.of(target, translation)})


def dumps(units: Iterable[Unit]) -> str:
    units = list(units)
    target = target_lang_of(units) or "und"
    head = f"#toy {units[0].source.lang if units else 'und'}-{target}\n"
    return head + "".join(f"{u.source.text} = {u.targets[target].text}\n" for u in units)


def write(units: Iterable[Unit], path: str | Path) -> bool:
    return write_atomic(path, dumps(units))


# --------------------------------------------------------------------------- the tests


@pytest.fixture(autouse=True)
def registered(monkeypatch: pytest.MonkeyPatch) -> None:
    """The one registry line (undone after each test)."""
    monkeypatch.setitem(formats.FORMATS, NAME, sys.modules[__name__])


def toy_units() -> list[Unit]:
    return [
        Unit("a", Variant.of("en", "Good day."), {"az": Variant.of("az", "Xeyirli gün.")}),
        Unit("b", Variant.of("en", "The Khojaly memorial."), {"az": Variant.of("az", "Xocalı abidəsi.")}),
    ]


def test_the_toy_format_honours_the_protocol() -> None:
    assert isinstance(sys.modules[__name__], formats.Format)


def test_a_registered_format_is_read_and_written_by_extension_and_by_content(tmp_path: Path) -> None:
    path = tmp_path / "pairs.toy"
    assert formats.write(toy_units(), path) is True
    assert path.read_text(encoding="utf-8").startswith("#toy en-az\n")
    assert [u.targets["az"].text for u in formats.read(path)] == ["Xeyirli gün.", "Xocalı abidəsi."]
    hidden = tmp_path / "pairs.bin"
    hidden.write_bytes(path.read_bytes())
    assert formats.format_for(hidden).NAME == NAME


def test_tm_import_reads_a_registered_format_into_the_memory(tmp_path: Path) -> None:
    path = tmp_path / "pairs.toy"
    formats.write(toy_units(), path)
    db = tmp_path / "m.db"
    result = CliRunner().invoke(app, ["import", str(path), "--memory", str(db), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["files"][str(path)]["added"] == 2
    broken = tmp_path / "broken.toy"
    broken.write_text("#toy en-az\nno separator here\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["import", str(broken), "--memory", str(db)])
    assert result.exit_code == 2 and "broken.toy:2:" in result.stderr
