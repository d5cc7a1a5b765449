"""The app loads only the command being run; tables fit where they go; status and analyze draw bars."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from tm.builder import build
from tm.cli import analyze as analyze_cli
from tm.cli import status as status_cli
from tm.cli._output import bar
from tm.cli.app import COMMANDS, app, load
from tm.memory import open_memory

REPO = Path(__file__).resolve().parents[2]

runner = CliRunner()
HEAVY = ("tm.align", "tm.memory", "tm.builder", "tm.merge", "tm.qa", "sacrebleu", "rich.console", "langcodes", "lxml")


def loaded_after(code: str) -> list[str]:
    probe = f"import sys\n{code}\nprint([m for m in {HEAVY!r} if m in sys.modules])"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().replace("'", '"'))


def test_building_the_app_for_one_command_imports_nothing_heavy() -> None:
    assert loaded_after("from tm.cli.app import build_app; build_app([])") == []
    assert loaded_after("from tm.cli.app import build_app; build_app(['segment'])") == []


@pytest.mark.parametrize("name", list(COMMANDS))
def test_each_listed_summary_is_the_first_line_of_the_commands_help(name: str) -> None:
    command = load(name)
    doc = command.info.help if hasattr(command, "info") else command.__doc__
    assert doc.strip().splitlines()[0] == COMMANDS[name][2]


def test_root_help_lists_every_command_without_loading_it() -> None:
    result = subprocess.run([sys.executable, "-m", "tm", "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    for name in COMMANDS:
        assert f" {name} " in result.stdout


def test_bar_cells_add_up_and_keep_every_part_that_counts() -> None:
    text = bar([(1, "a"), (98, "b"), (1, "c")], 20)
    assert text.plain == "█" * 20
    assert [span.style for span in text.spans] == ["a", "b", "c"]
    assert bar([(0, "a")], 5).plain == "·" * 5


def test_in_a_pipe_tables_are_whole_tab_separated_records() -> None:
    result = runner.invoke(app, ["glossary", "list", "--glossary", "glossaries/article-2023-02-23.tbx"])
    header, *rows = result.stdout.splitlines()
    assert header.split("\t") == ["id", "type", "en", "az", "ru"]
    assert "khojaly\tplace\tKhojaly\tXocalı\tХоджалы" in rows
    assert all(len(row.split("\t")) == 5 for row in rows)


def test_status_on_a_terminal_draws_a_bar_per_document_and_language(
    segments: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(segments)
    screen = io.StringIO()
    monkeypatch.setattr(status_cli, "out", Console(file=screen, force_terminal=True, color_system=None, width=100))
    status_cli.status_command(root=segments)
    lines = screen.getvalue().splitlines()
    assert len(lines) == 4  # a bar and its counts for az and for ru
    assert lines[0].startswith("article-2023-02-23 az") and lines[0].endswith("0%  16 units, 682 words")
    assert "0 reviewed  0 translated  0 fuzzy  0 stale  16 untranslated" in lines[1]


def test_analyze_on_a_terminal_draws_a_bar_per_band(
    segments: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_memory(str(tmp_path / "m.db")) as memory:
        memory.import_file(REPO / "examples" / "client-memory.tmx")
    screen = io.StringIO()
    monkeypatch.setattr(analyze_cli, "out", Console(file=screen, force_terminal=True, color_system=None, width=100))
    analyze_cli.analyze_command("article-2023-02-23", "en", "az", memory=str(tmp_path / "m.db"), root=segments)
    title, *bands = screen.getvalue().splitlines()
    assert title == "en -> az" and len(bands) == 9 and bands[-1].startswith("total")
    assert all("█" in line for line in bands[:-1])
    exact = next(line for line in bands if line.startswith("exact"))
    assert exact.endswith("1 segments, 21 words")  # the client memory holds one sentence of the article


def test_progress_shows_only_on_a_terminal(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["import", str(REPO / "examples" / "client-memory.tmx"), "--memory", str(tmp_path / "m.db")]
    )
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f"{REPO / 'examples' / 'client-memory.tmx'}: 5 added, 0 updated, 0 skipped (unchanged: 0)"
    ]
