"""kill -9 at a random moment of each writing command: nothing lost, nothing half written.

A bounded run (``TM_KILLS`` kills per command, 3 by default); ``python benchmarks/kill.py`` runs
200 per command. See tests/kill_harness.py for what is checked after every kill.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.memory.conftest import postgres_server  # noqa: F401 (a fixture)

from .kill_harness import COMMANDS, kill_runs

KILLS = int(os.environ.get("TM_KILLS", "3"))


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("kills")


@pytest.mark.parametrize("name", list(COMMANDS))
def test_a_command_killed_at_any_moment_loses_nothing_and_completes_when_run_again(
    folder: Path, name: str, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    if COMMANDS[name].postgres:
        monkeypatch.setenv("TM_TEST_POSTGRES", request.getfixturevalue("postgres_server"))
    assert len(kill_runs(COMMANDS[name], KILLS, seed=20, folder=folder)) == KILLS
