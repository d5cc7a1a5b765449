"""The memory backends under test: a SQLite file, and a database on a real PostgreSQL server.

The server is ``$TM_TEST_POSTGRES`` (``.ci/run`` starts one with ``.ci/postgres``), else one these
tests start the same way, else the PostgreSQL cases skip with the reason. Each test gets a database
of its own.
"""

from __future__ import annotations

import itertools
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tm.memory import Memory, open_memory

REPO = Path(__file__).resolve().parents[2]
_numbers = itertools.count()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The URL of a PostgreSQL server (its maintenance database), or a skip saying why there is none."""
    if os.environ.get("TM_TEST_POSTGRES"):
        yield os.environ["TM_TEST_POSTGRES"]
        return
    yield from _server("no PostgreSQL server")


@pytest.fixture(scope="session")
def postgres_replica(postgres_server: str) -> Iterator[str]:
    """The URL of a streaming replica of the server (pg_basebackup), or a skip saying why there is none."""
    from urllib.parse import urlsplit

    yield from _server("no replica of the PostgreSQL server", "replica", str(urlsplit(postgres_server).port or 5432))


def _server(missing: str, *args: str) -> Iterator[str]:
    """The URL of a server .ci/postgres starts (with ``args``), stopped afterwards; a skip saying why
    (after ``missing``) when it cannot start one."""
    started = subprocess.run(
        ["bash", str(REPO / ".ci" / "postgres"), *args], capture_output=True, text=True, timeout=600
    )
    if started.returncode != 0:
        pytest.skip(f"{missing}: {started.stderr.strip()}")
    found = dict(line.split("=", 1) for line in started.stdout.split())
    try:
        yield found["TM_TEST_POSTGRES"]
    finally:
        subprocess.run(["bash", str(REPO / ".ci" / "postgres"), "stop", found["TM_TEST_POSTGRES_DIR"]], check=False)


def database_url(server: str, name: str) -> str:
    """The URL of database ``name`` on the server of ``server``."""
    return server.rsplit("/", 1)[0] + "/" + name


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A new empty database on the server, dropped after the test."""
    yield from new_database(postgres_server)


def new_database(server: str) -> Iterator[str]:
    """The URL of a new empty database on ``server``, dropped when the generator ends."""
    import psycopg

    name = f"tm_test_{os.getpid()}_{next(_numbers)}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    try:
        yield database_url(server, name)
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(params=["sqlite", "postgres"])
def location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a new memory is: a SQLite file, or a PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "memory.db")
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def memory(location: str) -> Iterator[Memory]:
    with open_memory(location) as opened:
        yield opened
