"""How a worker process answers: lookups on its event loop, one warm connection to the memory, and
its share of the clients' connections."""

from __future__ import annotations

import asyncio
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

import httpx
import pytest

import tm.server.memory
from tests.server.conftest import Running
from tm.memory import open_memory
from tm.memory.backends.sqlite import SqliteMemory
from tm.model import Unit, Variant
from tm.server.app import Settings, create_app
from tm.server.auth import Role, Tokens
from tm.server.balance import Balancer


def _settings(folder: Path) -> Settings:
    """A memory of 20 units in ``folder``, its tokens file and the workers' shared folder there."""
    location = folder / "memory.db"
    with open_memory(str(location)) as memory:
        memory.import_units([
            Unit(id="", source=Variant.of("en", f"The ferry {n} leaves at noon."),
                 targets={"az": Variant.of("az", f"Bərə {n} günortada yola düşür.")})
            for n in range(20)
        ])  # fmt: skip
    (folder / "shared").mkdir()
    return Settings(memory=str(location), tokens=str(folder / "tokens.json"), shared=str(folder / "shared"))


def _connections_opened(app: Any, folder: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    """How many connections to the memory ``app`` opens to answer twenty lookups at once (both routes)."""
    token = Tokens(folder / "tokens.json").add("reader", Role.READ)
    opened: list[str] = []

    def counting_open(location: str, **options: Any) -> Any:
        opened.append(location)
        return open_memory(location, **options)

    monkeypatch.setattr(tm.server.memory, "open_memory", counting_open)

    async def ask() -> list[int]:
        headers = {"Authorization": f"Bearer {token}"}
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://tm") as client:
            paths = [f"/api/lookup?q=The+ferry+{n}+leaves+at+noon.&from=en&to=az" for n in range(10)]
            paths += [f"/tmserver/en/az/unit/The%20ferry%20{n}%20leaves%20at%20noon." for n in range(10)]
            answers = await asyncio.gather(*(client.get(path, headers=headers) for path in paths))
        return [answer.status_code for answer in answers]

    assert asyncio.run(ask()) == [200] * 20
    return len(opened)


def test_concurrent_lookups_share_one_connection(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Twenty lookups at once (both routes) run one after another on the event loop, on the one
    connection it opened: in a thread pool each thread would open a connection of its own."""
    app = create_app(_settings(tmp_path))
    assert _connections_opened(app, tmp_path, monkeypatch) == 1


def test_a_started_worker_reads_ahead_for_lookups_in_the_background(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once started, a worker reads what its lookups keep (``Memory.prime``): the holders of the
    common terms, shared by its connections to the memory, without a lookup asking."""
    from tm.memory.backends import sqlite as backend

    monkeypatch.setattr(backend, "_COMMON_HOLDERS", 5)
    settings = _settings(tmp_path)
    app = create_app(settings)
    assert settings.memory is not None
    with SqliteMemory(Path(settings.memory)) as memory:
        held = memory._held.terms

    async def started() -> None:
        async with app.router.lifespan_context(app):
            for _ in range(200):
                if "ferry" in held:
                    break
                await asyncio.sleep(0.05)

    asyncio.run(started())
    assert "ferry" in held and "leaves" in held


def test_a_started_worker_takes_up_the_concordance_index_another_worker_saved(tmp_path: Path) -> None:
    """The first concordance search in one worker builds and saves the pair's index; another
    worker, started, loads it without a search of its own asking (``ServedMemory.follow``)."""
    settings = Settings(**{**asdict(_settings(tmp_path)), "workers": 2})
    searching, following = create_app(settings), create_app(settings)
    token = Tokens(tmp_path / "tokens.json").add("reader", Role.READ)

    async def run() -> None:
        async with following.router.lifespan_context(following):
            transport = httpx.ASGITransport(app=searching)
            async with httpx.AsyncClient(transport=transport, base_url="http://tm") as client:
                answer = await client.get("/api/concordance?q=ferry", headers={"Authorization": f"Bearer {token}"})
                assert answer.status_code == 200 and answer.json()["total"] == 20
            for _ in range(400):
                if ("en", "az") in following.state.server.memory._indexes:
                    break
                await asyncio.sleep(0.05)
            assert ("en", "az") in following.state.server.memory._indexes

    asyncio.run(run())


def test_concurrent_lookups_in_a_postgresql_memory_run_in_threads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, backend_url: str
) -> None:
    """A lookup in a PostgreSQL memory mostly waits for the database server: lookups at once go to
    the thread pool (a connection each thread), not one after another on the event loop."""
    settings = _settings(tmp_path)
    with open_memory(backend_url) as memory:
        memory.import_units([
            Unit(id="", source=Variant.of("en", f"The ferry {n} leaves at noon."),
                 targets={"az": Variant.of("az", f"Bərə {n} günortada yola düşür.")})
            for n in range(20)
        ])  # fmt: skip
    app = create_app(replace(settings, memory=backend_url))
    assert _connections_opened(app, tmp_path, monkeypatch) > 1


def test_the_server_parses_http_with_httptools(server: Running) -> None:
    """uvicorn's C HTTP parser (a third less CPU a request than h11)."""
    maps = Path(f"/proc/{server.process.pid}/maps").read_text(encoding="utf-8")
    assert "/httptools/" in maps


class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_worker_over_its_share_of_the_connections_closes_them(tmp_path: Path) -> None:
    clock = _Clock()
    first, second = (Balancer(tmp_path, 2, window=2.0, moving=1.0, clock=clock) for _ in range(2))
    # 25 connections each: nobody closes.
    assert not any(first.closes(("10.0.0.1", n)) or second.closes(("10.0.0.2", n)) for n in range(25))
    clock.now += 1.5
    assert not any(first.closes(("10.0.0.1", n)) for n in range(25))
    # The second answers nothing for the window: it counts nothing, and the first closes 12 of its
    # 25, down to its share. The closed ones count as moving meanwhile: without that, each close
    # would lower the share, and it would close 24 (the other worker then closing in its turn).
    clock.now += 1.0
    assert [first.closes(("10.0.0.1", n)) for n in range(25)] == [True] * 12 + [False] * 13
    assert not any(first.closes(("10.0.0.1", n)) for n in range(12, 25))
    # The 12 connect again to the second worker, which keeps them.
    assert not any(second.closes(("10.0.0.2", n)) for n in range(100, 112))
    # A worker alone keeps them all.
    assert not any(Balancer(tmp_path / "alone", 1).closes(("10.0.0.3", n)) for n in range(100))


def test_the_worker_over_its_share_answers_connection_close(tmp_path: Path) -> None:
    """The app of each of two workers (one shared folder): the response that finds its worker over
    its share tells the client to close; the others keep the connection."""
    apps = [create_app(Settings(**{**asdict(settings), "workers": 2})) for settings in [_settings(tmp_path)] * 2]
    token = Tokens(tmp_path / "tokens.json").add("reader", Role.READ)

    async def ask(app: Any, port: int) -> str | None:
        transport = httpx.ASGITransport(app=app, client=("127.0.0.1", port))
        async with httpx.AsyncClient(transport=transport, base_url="http://tm") as client:
            answer = await client.get("/api/lookup?q=ferry", headers={"Authorization": f"Bearer {token}"})
            assert answer.status_code == 200
            return answer.headers.get("connection")

    async def run() -> list[str | None]:
        return [await ask(apps[1], 1)] + [await ask(apps[0], port) for port in (2, 3, 4)]

    assert asyncio.run(run()) == [None, None, None, "close"]
