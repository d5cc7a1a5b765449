"""How a worker process answers: lookups on its event loop, one warm connection to the memory."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
import pytest

import tm.server.memory
from tests.server.conftest import Running
from tm.memory import open_memory
from tm.model import Unit, Variant
from tm.server.app import Settings, create_app
from tm.server.auth import Role, Tokens


def _app(folder: Path) -> tuple[Any, str]:
    location = folder / "memory.db"
    with open_memory(str(location)) as memory:
        memory.import_units([
            Unit(id="", source=Variant.of("en", f"The ferry {n} leaves at noon."),
                 targets={"az": Variant.of("az", f"Bərə {n} günortada yola düşür.")})
            for n in range(20)
        ])  # fmt: skip
    token = Tokens(folder / "tokens.json").add("reader", Role.READ)
    (folder / "shared").mkdir()
    settings = Settings(memory=str(location), tokens=str(folder / "tokens.json"), shared=str(folder / "shared"))
    return create_app(settings), token


def test_concurrent_lookups_share_one_connection(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Twenty lookups at once (both routes) run one after another on the event loop, on the one
    connection it opened: in a thread pool each thread would open a connection of its own."""
    app, token = _app(tmp_path)
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
    assert len(opened) == 1


def test_the_server_parses_http_with_httptools(server: Running) -> None:
    """uvicorn's C HTTP parser (a third less CPU a request than h11)."""
    maps = Path(f"/proc/{server.process.pid}/maps").read_text(encoding="utf-8")
    assert "/httptools/" in maps
