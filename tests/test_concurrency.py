"""tm commands run at the same moment: the project lock orders the writers, nothing is lost.

A bounded run of each scenario (``TM_ROUNDS`` rounds, 1 by default); ``python
benchmarks/concurrency.py`` runs them at full size. See tests/concurrency_harness.py for what is
checked after each.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from . import concurrency_harness as harness

ROUNDS = int(os.environ.get("TM_ROUNDS", "1"))


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("concurrency")


def test_two_builds_at_once_leave_what_one_build_leaves(folder: Path) -> None:
    assert harness.two_builds(folder, ROUNDS)["rounds"] == ROUNDS


def test_a_translate_session_saving_while_builds_run_loses_no_save(folder: Path) -> None:
    assert harness.saves_during_builds(folder, saves=8 * ROUNDS)["builds meanwhile"] >= 1


def test_two_glossary_adds_at_once_both_land(folder: Path) -> None:
    assert harness.glossary_adds(folder, 3 * ROUNDS)["entries added"] == 6 * ROUNDS


def test_exports_and_lookups_during_an_import_never_fail_and_see_whole_batches(folder: Path) -> None:
    figures = harness.memory_during_import(folder, units=6000 * ROUNDS)
    assert figures["exports"] and figures["lookups"]


def test_a_writer_told_not_to_wait_is_refused_and_one_that_waits_says_for_whom(folder: Path) -> None:
    harness.refusal_and_waiting(folder)


def test_the_lock_of_a_build_killed_while_it_held_it_is_cleared(folder: Path) -> None:
    harness.killed_holder(folder)
