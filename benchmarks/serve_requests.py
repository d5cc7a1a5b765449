"""The server's own work a request, in one process: serve.py's lookups through uvicorn's httptools
protocol and the whole app, with the memory's answers replayed, for callgrind.

Run from the repository root:

    python benchmarks/serve_requests.py --record             # real lookups once: their matches saved
    python benchmarks/serve_requests.py --out responses.bin  # replayed: every response's bytes
    valgrind --tool=callgrind python benchmarks/serve_requests.py --count 1000

Each request goes as ``http.client`` sends serve.py's (``Host``, ``Accept-Encoding``, the bearer
token) to one of 25 keep-alive connections (one worker's share of serve.py's 50 clients; the other
worker's slot in the balancer's file says it holds the other 25) and is answered by the app
``tm serve`` runs (``--rate 0 --no-access-log --workers 2``), from the bytes uvicorn's protocol
receives to the bytes it writes; sockets and the event loop's polling are left out. With
``--record`` the lookups are real (in ``serve-<units>.db``, primed first) and their matches saved;
otherwise ``ServedMemory.lookup`` answers from what was saved, so that only the request path is
measured. ``--cases`` adds requests beyond serve.py's: amaGama's route quoted as Weblate and
Virtaal quote, error answers (400 to 429).

Under callgrind, instructions a request = (run with ``--count N``) - (run with ``--count 0``) / N:
both make the app and answer ``--warm`` requests first.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import pickle
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from memory import DATA, queries  # noqa: E402
from serve import _english  # noqa: E402

from tm.server.app import Settings, create_app  # noqa: E402
from tm.server.auth import Role, Tokens  # noqa: E402
from tm.server.balance import SLOT  # noqa: E402

#: The headers uvicorn's server adds to each response (a fixed date, so that runs compare).
DEFAULT_HEADERS = [(b"date", b"Mon, 07 Dec 2026 00:00:00 GMT"), (b"server", b"uvicorn")]
CONNECTIONS = 25


class _Transport(asyncio.Transport):
    """A connection's transport: keeps what the protocol writes."""

    def __init__(self, port: int) -> None:
        super().__init__()
        self.port = port
        self.written: list[bytes] = []
        self.closed = False

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return {"peername": ("127.0.0.1", self.port), "sockname": ("127.0.0.1", 8765)}.get(name, default)

    def write(self, data: bytes | bytearray | memoryview) -> None:
        self.written.append(bytes(data))

    def is_closing(self) -> bool:
        return self.closed

    def close(self) -> None:
        self.closed = True

    def pause_reading(self) -> None:
        pass

    def resume_reading(self) -> None:
        pass


class Client:
    """Connections to the app through uvicorn's httptools protocol."""

    def __init__(self, app: Any, loop: asyncio.AbstractEventLoop, connections: int) -> None:
        from uvicorn.config import Config
        from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
        from uvicorn.server import ServerState

        self.config = Config(app, http="httptools", loop="asyncio", access_log=False, log_level="warning")
        self.config.load()
        self.state = ServerState()
        self.state.default_headers = DEFAULT_HEADERS
        self.loop = loop
        self._protocol = HttpToolsProtocol
        self._port = 40000
        self.connections = [self._connect() for _ in range(connections)]
        self._turn = 0

    def _connect(self) -> tuple[Any, _Transport]:
        self._port += 1
        transport = _Transport(self._port)
        protocol = self._protocol(config=self.config, server_state=self.state, app_state={}, _loop=self.loop)
        protocol.connection_made(transport)
        return protocol, transport

    async def send(self, request: bytes) -> bytes:
        """``request`` on the next connection (a new one in place of one the server closed); the answer."""
        index = self._turn % len(self.connections)
        self._turn += 1
        protocol, transport = self.connections[index]
        done = self.loop.create_future()

        def complete() -> None:
            type(protocol).on_response_complete(protocol)
            done.set_result(None)

        protocol.on_response_complete = complete
        protocol.data_received(request)
        await done
        answer = b"".join(transport.written)
        transport.written.clear()
        if transport.closed:
            protocol.connection_lost(None)
            self.connections[index] = self._connect()
        return answer


def _request(path: str, token: str | None, method: str = "GET", body: bytes = b"") -> bytes:
    """``path`` as http.client sends it (serve.py's client)."""
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1:8765", "Accept-Encoding: identity"]
    if body or method == "POST":
        lines.append(f"Content-Length: {len(body)}")
    if token is not None:
        lines.append(f"Authorization: {token}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def lookups(units: int) -> list[str]:
    """serve.py's lookup paths (its query mix: ``--requests 3000``)."""
    asked = queries(_english(DATA / f"memory-{units}.tmx", 20000), 3000, seed=11)
    return [f"/api/lookup?from=en&to=az&n=5&min=50&q={quote(q)}" for q in asked]


def cases(token: str, reader: str, texts: list[str]) -> list[tuple[bytes, bool]]:
    """Requests beyond serve.py's lookups, each with whether it goes to the rate-limited app:
    amaGama's route (``texts`` quoted as Weblate and as Virtaal quote them), other parameters,
    and every error answer."""
    bearer, read = f"Bearer {token}", f"Bearer {reader}"
    text = "The attack on the town killed 613 people / 20%"
    found: list[tuple[str, str | None]] = [
        (f"/tmserver/en/az/unit/{quote(text, safe='')}", bearer),  # Weblate
        (f"/tmserver/en/az/unit/{quote(text, safe='')}/", bearer),  # a trailing slash
        (f"/tmserver/en_US/az_AZ/unit/{quote(text).replace('%20', '+')}", bearer),  # Virtaal
        (f"/tmserver/EN/AZ-az/unit/{quote(text)}?min_similarity=30&max_candidates=2", bearer),
        ("/tmserver/en/az/unit/%20", bearer),
        ("/tmserver/en/az/unit/%FF", bearer),
        ("/tmserver/en/xx_yy_zz/unit/word", bearer),
        ("/tmserver/en/1/unit/word", bearer),
        ("/tmserver/en/az/unit/word?min_similarity=x", bearer),
        ("/tmserver/en/az/unit/word?max_candidates=0", bearer),
        (f"/tmserver/en/az/unit/{'a' * 2001}", bearer),
        (f"/api/lookup?q={quote(text)}", bearer),
        (f"/api/lookup?q={quote(text)}&from=en-US&to=az-Latn-AZ&n=1&min=0", bearer),
        (f"/api/lookup?to=az&q={quote(text)}&from=en&n=100&min=101", bearer),
        (f"/api/lookup?q={quote(text)}&q=other&n=3", bearer),
        (f"/api/lookup?q={quote(text)}&extra=1&n=+3&min=%2050", bearer),
        ("/api/lookup?q=a+b%2Bc%26d&from=en;to=az", bearer),
        ("/api/lookup?q=caf%C3%A9&from=%65n&to=az&n=2", bearer),
        ("/api/lookup?q=%FF%FE&n=2", bearer),
        ("/api/lookup?q=&n=2", bearer),
        ("/api/lookup?q=%20%20", bearer),
        ("/api/lookup", bearer),
        ("/api/lookup?q=word&n=x", bearer),
        ("/api/lookup?q=word&n=0", bearer),
        ("/api/lookup?q=word&n=101", bearer),
        ("/api/lookup?q=word&min=-1", bearer),
        ("/api/lookup?q=word&n=" + "9" * 50, bearer),
        ("/api/lookup?q=word&from=", bearer),
        ("/api/lookup?q=word&from=x", bearer),
        ("/api/lookup?q=word&to=not_a_language_tag_at_all", bearer),
        (f"/api/lookup?q={'a' * 2001}", bearer),
        (f"/api/lookup?q={'a' * 2000}&n=1", bearer),
        ("/api/lookup?q=word", None),
        ("/api/lookup?q=word", "Bearer tm_unknown"),
        ("/api/lookup?q=word", "Basic abc"),
        ("/api/lookup?q=word", "Bearer"),
        ("/api/lookup?q=word", read),
        ("/api/lookup/?q=word", bearer),
        ("/api/lookups?q=word", bearer),
        ("/api/import/0123456789abcdef0123456789abcdef", read),
        ("/api/import/0123456789abcdef0123456789abcdef", bearer),
        ("/api/health", None),
        ("/tmserver/languages/", bearer),
        ("/nowhere", bearer),
    ]
    for asked in texts:
        found.append((f"/tmserver/en/az/unit/{quote(asked, safe='')}?min_similarity=50&max_candidates=3", bearer))
        found.append((f"/tmserver/en_GB/az_AZ/unit/{quote(asked).replace('%20', '+')}/", bearer))
    requests = [(_request(path, auth), False) for path, auth in found]
    requests.append((_request("/api/units", bearer, "POST", b"x" * (1024 * 1024 + 1)), False))  # 413
    requests.append((_request("/api/units", bearer, "POST", b"[]"), False))
    requests.append((_request("/api/lookup?q=word", bearer, "POST", b""), False))  # 405
    requests += [(_request(f"/api/lookup?q=word{i}", bearer), True) for i in range(4)]  # 429 after 3
    requests += [(_request("/tmserver/en/az/unit/word", bearer), True), (_request("/api/lookup?q=w", None), True)]
    return requests


def _settings(memory: Path, tokens: Path, shared: str, rate: float) -> Settings:
    return Settings(memory=str(memory), tokens=str(tokens), workers=2, access_log=False, rate=rate, burst=3,
                    shared=shared)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=1000000)
    parser.add_argument("--record", action="store_true", help="look up for real and save the matches")
    parser.add_argument("--warm", type=int, default=200, help="requests answered before those counted")
    parser.add_argument("--count", type=int, default=3000, help="lookups counted (serve.py's, from the first)")
    parser.add_argument("--cases", action="store_true", help="also amaGama's route and the error answers")
    parser.add_argument("--out", type=Path, help="write every response here (the counted ones, then the cases)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="serve-requests-") as work:
        _run(args, Path(work))


def _run(args: argparse.Namespace, work: Path) -> None:
    """Answer the requests with the tokens and shared state in ``work``, which the caller removes."""
    saved = DATA / f"serve-requests-{args.units}.pickle"
    memory = DATA / f"serve-{args.units}.db"
    tokens = work / "tokens.json"
    token = Tokens(tokens).add("bench", Role.WRITE)
    reader = Tokens(tokens).add("reader", Role.READ)
    paths = lookups(args.units)
    answers: dict[tuple, Any] = {}
    if not args.record:
        with saved.open("rb") as handle:
            answers = pickle.load(handle)

    def made(shared: str, rate: float) -> Any:
        """The app, its lookups recorded or replayed."""
        app = create_app(_settings(memory, tokens, str(work / shared), rate))
        served = app.state.server.memory
        if not args.record:
            served.lookup = lambda *key: answers[key]
            return app
        real = served.lookup

        def recording(*key: Any) -> Any:
            answers[key] = real(*key)
            return answers[key]

        served.prime()
        served.lookup = recording
        return app

    app = made("shared", 0)

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    client = Client(app, loop, CONNECTIONS)
    slots = work / "shared" / "connections"
    bearer = f"Bearer {token}"

    async def drive() -> list[bytes]:
        written = []
        for number, path in enumerate([*paths[: args.warm], *paths[: args.count]]):
            if slots.exists():  # the other worker's 25 connections, counted now
                with slots.open("r+b") as handle:
                    handle.seek(SLOT.size)
                    handle.write(SLOT.pack(os.getppid(), CONNECTIONS, time.monotonic()))
            answer = await client.send(_request(path, bearer))
            if number >= args.warm:
                written.append(answer)
        if args.cases:
            limited = Client(made("limited", 0.001), loop, 1)
            texts = [unquote(path.split("&q=", 1)[1]) for path in paths[:20]]
            for request, rated in cases(token, reader, texts):
                written.append(await (limited if rated else client).send(request))
        return written

    written = loop.run_until_complete(drive())
    if args.record:
        with saved.open("wb") as handle:
            pickle.dump(answers, handle)
    if args.out:
        args.out.write_bytes(b"".join(len(answer).to_bytes(4, "big") + answer for answer in written))
    print(f"{len(written)} responses, {sum(map(len, written))} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
