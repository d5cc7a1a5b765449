"""The server's memory: a concordance index is built once for all the worker processes, which share it."""

from __future__ import annotations

import gc
import threading
import time
from pathlib import Path
from typing import IO

import pytest

import tm.server.memory
from tm.concordance import ConcordanceIndex
from tm.errors import TmError
from tm.memory import MemoryStats, open_memory
from tm.memory.backends.sqlite import SqliteMemory
from tm.model import Unit, Variant
from tm.server.memory import ServedMemory


def _unit(source: str, target: str) -> Unit:
    return Unit(id="", source=Variant.of("en", source), targets={"az": Variant.of("az", target)})


def _found(memory: ServedMemory) -> int:
    return memory.concordance("ferry", "en", "az", None, 0, 20).total


def _eventually(memory: ServedMemory, total: int) -> None:
    """Search until the index (rebuilt or reloaded in the background) finds ``total`` units."""
    deadline = time.monotonic() + 60
    while _found(memory) != total:
        assert time.monotonic() < deadline, f"still {_found(memory)} units, not {total}"
        time.sleep(0.05)


def test_a_concordance_index_is_built_once_and_shared_by_the_workers(tmp_path: Path) -> None:
    location = str(tmp_path / "memory.db")
    with open_memory(location) as memory:
        memory.import_units([_unit("The ferry leaves at noon.", "Bərə günortada yola düşür.")])
    shared = tmp_path / "shared"
    shared.mkdir()
    first = ServedMemory(location, shared)
    assert _found(first) == 1
    # Written beside the server: a worker that built its own index would find it; one that loads
    # the index the first worker saved does not (until a write through the server).
    with open_memory(location) as memory:
        memory.import_units([_unit("The ferry is late.", "Bərə gecikir.")])
    second = ServedMemory(location, shared)
    assert _found(second) == 1
    # A write through the first worker: it builds the index again and saves it; the second loads it.
    first.save_unit(Variant.of("en", "Another ferry arrives."), {"az": Variant.of("az", "Başqa bərə gəlir.")}, None)
    _eventually(first, 3)
    _eventually(second, 3)


def test_a_worker_takes_up_the_index_another_saved_before_its_first_search(tmp_path: Path) -> None:
    """Loading a saved index takes seconds at 1M units: a worker loads it as soon as another
    worker saved it, not when a search first asks it (which would wait)."""
    first = _served(tmp_path)
    second = ServedMemory(first.location, first.shared)
    following = threading.Thread(target=second.follow)
    following.start()
    try:
        assert _found(first) == 1
        deadline = time.monotonic() + 30
        while ("en", "az") not in second._indexes:
            assert time.monotonic() < deadline, "the second worker did not take up the saved index"
            time.sleep(0.05)
    finally:
        second.close()
        following.join()
    assert not following.is_alive()


def test_a_worker_that_wrote_before_it_held_the_index_builds_it_again(tmp_path: Path) -> None:
    """The index another worker saved may predate this worker's writes: loaded first, it is built
    again (searches use it meanwhile), not taken to hold them until the next write."""
    first = _served(tmp_path)
    assert _found(first) == 1  # built and saved before the second worker's write
    second = ServedMemory(first.location, first.shared)
    second.save_unit(Variant.of("en", "Another ferry arrives."), {"az": Variant.of("az", "Başqa bərə gəlir.")}, None)
    _eventually(second, 2)


def _served(tmp_path: Path) -> ServedMemory:
    location = str(tmp_path / "memory.db")
    with open_memory(location) as memory:
        memory.import_units([_unit("The ferry leaves at noon.", "Bərə günortada yola düşür.")])
    (tmp_path / "shared").mkdir()
    return ServedMemory(location, tmp_path / "shared")


def test_the_worker_builds_no_index_itself(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A child process builds and saves the index (in the worker, the build would hold its GIL
    against its requests for minutes at 1M units): the worker only loads it."""
    served = _served(tmp_path)

    def refused(*args: object) -> ConcordanceIndex:
        raise AssertionError("the worker built an index")

    monkeypatch.setattr(ConcordanceIndex, "build", refused)
    assert _found(served) == 1
    served.save_unit(Variant.of("en", "Another ferry arrives."), {"az": Variant.of("az", "Başqa bərə gəlir.")}, None)
    _eventually(served, 2)


def test_loading_an_index_runs_no_collection_and_freezes_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """At 1M units, a collector's full pass started by loading an index held a worker's GIL for
    about a second: the collector is paused while an index loads, then left to skip it."""
    served = _served(tmp_path)
    loading = threading.Event()
    during: list[int] = []
    loaded: list[ConcordanceIndex] = []
    load = ConcordanceIndex.load

    def watched(handle: IO[bytes]) -> ConcordanceIndex:
        loading.set()
        try:
            loaded.append(load(handle))
        finally:
            loading.clear()
        return loaded[-1]

    def noted(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and loading.is_set():
            during.append(info["generation"])

    monkeypatch.setattr(ConcordanceIndex, "load", watched)
    threshold = gc.get_threshold()
    gc.set_threshold(1)  # a collection at nearly every allocation
    gc.callbacks.append(noted)
    try:
        assert _found(served) == 1
        collected = {id(obj) for obj in gc.get_objects()}  # all but the frozen
    finally:
        gc.callbacks.remove(noted)
        gc.set_threshold(*threshold)
        gc.unfreeze()
    assert loaded and not during
    assert id(loaded[0].sources) not in collected
    assert gc.isenabled()


def test_a_failed_build_says_why(tmp_path: Path) -> None:
    """A builder process that fails: a TmError with its reason, not a hang."""
    served = _served(tmp_path)
    (tmp_path / "memory.db").unlink()
    with pytest.raises(TmError, match="en-az concordance index failed: .*memory"):
        _found(served)
    assert not list((tmp_path / "shared").glob("*.pickle"))


def test_health_counts_the_memory_once_at_a_time_and_again_in_the_background(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counting a large memory takes seconds (13 s at 1M units): health checks at once (a check's
    retries) wait for the one count, and a stale count is made again while the old one answers."""
    served = _served(tmp_path)
    counts: list[int] = []
    released = threading.Event()
    counted = SqliteMemory.stats

    def slow(memory: SqliteMemory) -> MemoryStats:
        counts.append(1)
        released.wait(30)
        return counted(memory)

    monkeypatch.setattr(SqliteMemory, "stats", slow)
    answers: list[int] = []
    checks = [threading.Thread(target=lambda: answers.append(served.health()["units"])) for _ in range(6)]
    for check in checks:
        check.start()
    time.sleep(0.3)
    released.set()
    for check in checks:
        check.join()
    assert answers == [1] * 6 and len(counts) == 1
    served.save_unit(Variant.of("en", "Another ferry arrives."), {"az": Variant.of("az", "Başqa bərə gəlir.")}, None)
    released.clear()
    monkeypatch.setattr(tm.server.memory, "STATS_SECONDS", 0.0)
    assert served.health()["units"] == 1  # at once, while the memory is counted again
    deadline = time.monotonic() + 30
    while len(counts) < 2:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert served.health()["units"] == 1 and len(counts) == 2  # no other count meanwhile
    released.set()
    while served.health()["units"] != 2:
        assert time.monotonic() < deadline
        time.sleep(0.05)
