"""Every command has help with an example, and a line in the README."""

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from tm.cli.app import app

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
runner = CliRunner()


def _commands(group: typer.Typer, prefix: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], object]]:
    found = []
    for info in group.registered_commands:
        name = info.name or info.callback.__name__.replace("_", "-")
        found.append(((*prefix, name), info.callback))
    for info in group.registered_groups:
        found += _commands(info.typer_instance, (*prefix, info.name))
    return found


COMMANDS = _commands(app)


def test_there_are_commands() -> None:
    assert ("segment",) in [path for path, _ in COMMANDS]


@pytest.mark.parametrize(("path", "callback"), COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_command_has_help_with_example_and_readme_line(path: tuple[str, ...], callback: object) -> None:
    result = runner.invoke(app, [*path, "--help"])
    assert result.exit_code == 0
    doc = callback.__doc__ or ""
    assert doc.strip(), f"tm {' '.join(path)} has no docstring"
    assert "Example:" in doc, f"tm {' '.join(path)} has no example"
    assert f"tm {' '.join(path)}" in README, f"README does not mention tm {' '.join(path)}"


def test_root_help_lists_commands() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for path, _ in COMMANDS:
        assert path[0] in result.stdout


@pytest.mark.parametrize(("path", "callback"), COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_help_shows_the_summary_as_written(path: tuple[str, ...], callback: object) -> None:
    """Help goes through rich markup: a bracket the docstring does not escape (``\\[``) is eaten."""
    summary = (callback.__doc__ or "").strip().splitlines()[0].replace("\\[", "[")
    shown = " ".join(runner.invoke(app, [*path, "--help"]).stdout.split())
    assert " ".join(summary.split()) in shown
