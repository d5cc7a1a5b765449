"""A real ``tm serve`` process on a free port, over a small memory, with a read, a write and an admin token.

``server`` serves a SQLite memory; ``served`` is the same server on each backend: SQLite, and a
database on the PostgreSQL server of ``tests/memory/conftest.py`` (skipped, with the reason, when
there is none).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.memory.conftest import new_database, postgres_server, postgres_url  # noqa: F401 (fixtures)
from tm.server.app import Settings, tokens_path
from tm.server.auth import Role, Tokens

REPO = Path(__file__).resolve().parents[2]
GLOSSARY = REPO / "glossaries" / "article-2023-02-23.tbx"

#: Test sentences (our own), en source with az, ru and pt-BR targets.
PAIRS = {
    "az": [
        ("The memorial in Khojaly was opened in 2010.", "Xocalıdakı abidə 2010-cu ildə açıldı."),
        ("Residents of Khojaly returned home.", "Xocalının sakinləri evlərinə qayıtdılar."),
        ("Roads to the village / the town were repaired.", "Kəndə / qəsəbəyə gedən yollar təmir edildi."),
        ("One plus one is 1+1.", "Bir üstəgəl bir 1+1 edir."),
        ("The ferry leaves at noon.", "Bərə günortada yola düşür."),
        ("Ilham opened the exhibition today.", "İlham bu gün «Işıq» sərgisini açdı."),
    ],
    "ru": [
        ("Heydar Aliyev signed the decree.", "Указ подписал Гейдар Алиев."),
        ("A street was named after Heydar Aliyev.", "Улицу назвали в честь Гейдара Алиева."),
        ("The tree in the square was lit.", "На площади зажгли «новогоднюю» ёлку — “символ” праздника."),
    ],
    "pt-BR": [("The ferry leaves at noon.", "A balsa parte ao meio-dia.")],
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Running:
    """A running server: its base URL, tokens, memory, and its log file."""

    url: str
    read_token: str
    write_token: str
    admin_token: str
    #: The memory: a SQLite file's path, or a PostgreSQL URL.
    memory: str
    #: The tokens file the server reads.
    tokens: Path
    log: Path
    process: subprocess.Popen[bytes]

    def request(
        self, path: str, token: str | None = None, data: bytes | None = None, method: str | None = None
    ) -> tuple[int, Any]:
        """Send one request; return the status and the parsed JSON body."""
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        req = urllib.request.Request(self.url + path, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(req, timeout=60) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read())


def start(folder: Path, *extra: str, memory: str | None = None) -> Running:
    """Make a memory from PAIRS (in ``folder``, or the PostgreSQL database ``memory``), three
    tokens, and start ``tm serve`` on it from ``folder``.

    With a PostgreSQL memory ``folder`` is a project whose ``tm.toml`` names the database, and
    the tokens are where the server looks for them then: in the project's ``.tm/``.
    """
    if memory is None:
        memory = str(folder / "memory.db")
    else:
        (folder / "tm.toml").write_text(f'source_lang = "en"\ntargets = ["az"]\nmemory = "{memory}"\n', "utf-8")
    files = []
    for lang, pairs in PAIRS.items():
        files.append(folder / f"en-{lang}.tsv")
        files[-1].write_text(f"en\t{lang}\n" + "".join(f"{s}\t{t}\n" for s, t in pairs), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "tm", "import", *map(str, files), "--memory", memory], check=True,
                   capture_output=True)  # fmt: skip
    here = Path.cwd()
    try:
        os.chdir(folder)  # a PostgreSQL memory's tokens are in the project's folder
        tokens_file = tokens_path(Settings(memory=memory))
    finally:
        os.chdir(here)
    store = Tokens(tokens_file)
    tokens = {role: store.add(f"{role}-user", role) for role in Role}
    port = free_port()
    log = folder / "server.log"
    env = {**os.environ, "TM_MEMORY": memory, "TMPDIR": str(folder)}  # its shared folder (tm-serve-*) in ``folder``
    process = subprocess.Popen(
        [sys.executable, "-m", "tm", "serve", "--memory", memory, "--glossary", str(GLOSSARY),
         "--port", str(port), *extra],
        cwd=folder, stdout=log.open("wb"), stderr=subprocess.STDOUT, env=env,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(url + "/api/health", timeout=1).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError("tm serve did not start:\n" + log.read_text()) from None
            time.sleep(0.1)
    return Running(url, tokens[Role.READ], tokens[Role.WRITE], tokens[Role.ADMIN], memory, tokens_file, log, process)


def stop(server: Running) -> int:
    """SIGTERM, as a service manager stops it; return the exit code."""
    server.process.send_signal(signal.SIGTERM)
    return server.process.wait(timeout=30)


@pytest.fixture(scope="package")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    running = start(tmp_path_factory.mktemp("serve"))
    yield running
    if running.process.poll() is None:
        stop(running)


@pytest.fixture(scope="package", params=["sqlite", "postgres"])
def served(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    """The server on each backend: ``server`` (SQLite), and one on a PostgreSQL database."""
    if request.param == "sqlite":
        yield request.getfixturevalue("server")
        return
    running = start(tmp_path_factory.mktemp("serve-postgres"), memory=request.getfixturevalue("backend_url"))
    yield running
    if running.process.poll() is None:
        stop(running)


@pytest.fixture(scope="package")
def backend_url(postgres_server: str) -> Iterator[str]:  # noqa: F811 (the fixture imported above)
    """A new database on the PostgreSQL server for the package's server, dropped afterwards."""
    yield from new_database(postgres_server)
