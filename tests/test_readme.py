"""README's examples run: every command line of the tour table and of the round trip, in order,
in a copy of the repository, with the exit code README documents."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tm.cli.app import app
from tm.config import PROJECT_KEYS, schema_text
from tm.document import document_schema

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")
#: What a copy of the repository leaves out: git, caches, the memory, benchmark data.
SKIP = shutil.ignore_patterns(".git", ".tm", "__pycache__", "*.egg-info", ".*_cache", ".hypothesis", ".data", "out")


def tour() -> list[tuple[str, int]]:
    """(command line, exit code) of every row of the tour table, in order."""
    section = README.split("## A tour", 1)[1].split("\n## ", 1)[0]
    found = []
    for row in section.splitlines():
        if row.startswith("| `tm "):
            commands, code = re.split(r"(?<!\\)\|", row)[1:3]
            found += [(command, int(code)) for command in re.findall(r"`(tm [^`]+)`", commands)]
    return found


def round_trip() -> list[tuple[str, int]]:
    """(command line, exit code) of the round trip: 0, or N where the comment starts ``exit N``."""
    section = README.split("## A translator's round trip", 1)[1].split("\n## ", 1)[0]
    found = []
    for line in section.splitlines():
        if line.startswith("    "):
            command, _, comment = line.strip().partition("  #")
            code = re.match(r"\s*exit (\d)", comment)
            found.append((command.strip(), int(code.group(1)) if code else 0))
    return found


def test_the_readme_lists_commands_to_run() -> None:
    assert len(tour()) >= 25 and tour()[0][0].startswith("tm new")
    assert [c for c, _ in round_trip()][:2] == ["tm new statement --source examples/news.en.txt --to az",
                                                "cd segments/statement"]  # fmt: skip


def test_readme_shows_the_whole_schemas() -> None:
    assert document_schema() in README and schema_text(PROJECT_KEYS) in README


def test_every_command_of_the_tour_and_round_trip_runs_with_its_exit_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "repo"
    shutil.copytree(REPO, copy, ignore=SKIP)
    for name in ("TM_MEMORY", "TM_GLOSSARY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(copy)
    runner = CliRunner()
    for line, code in tour() + round_trip():
        args = shlex.split(line)
        if args[0] == "cd":
            os.chdir(args[1])
            continue
        if args[1] == "translate":
            exit_code = translate_and_quit(args[1:])
        else:
            result = runner.invoke(app, args[1:])
            exit_code, output = result.exit_code, result.output
            assert exit_code == code, f"{line}\n{output}"
        assert exit_code == code, line
    assert (copy / "segments" / "statement" / "az.po").is_file()


def translate_and_quit(args: list[str]) -> int:
    """Run ``tm translate`` on a pseudo-terminal, wait for its first screen, quit with q."""
    pexpect = pytest.importorskip("pexpect")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TM_", "COLUMNS", "LINES"))}
    env.update(TERM="xterm", NO_COLOR="1", PYTHONPATH=str(REPO), LANG="C.UTF-8", PROMPT_TOOLKIT_NO_CPR="1")
    child = pexpect.spawn(sys.executable, ["-m", "tm", *args], env=env, encoding="utf-8", dimensions=(24, 80))
    child.expect_exact(" 1/", timeout=30)
    child.send("q")
    child.expect(pexpect.EOF, timeout=30)
    child.close()
    return child.exitstatus
