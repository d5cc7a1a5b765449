"""The ASGI application of ``tm serve``: settings, state, auth and limits, JSON errors, import jobs.

``create_app(settings)`` builds a Starlette app; ``run(settings)`` serves it on uvicorn. Every
error is a JSON object ``{"error": {"status", "message", "hint"}}`` with a 4xx status; an
unexpected failure is logged and answered 500 without a traceback.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import signal
import tempfile
import threading
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from anyio import to_thread
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Match, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tm.errors import TmError
from tm.fileio import write_atomic
from tm.glossary import resolve_glossary
from tm.server.auth import RateLimiter, Role, Tokens
from tm.server.balance import Balancer
from tm.server.memory import ImportSummary, ServedMemory

__all__ = ["ApiError", "Job", "Server", "Settings", "app_from_env", "create_app", "prepare", "run"]

log = logging.getLogger("tm.server")

#: The environment variable that carries the settings to each uvicorn worker process.
SETTINGS_ENV = "TM_SERVE_SETTINGS"


@dataclass(slots=True)
class Settings:
    """How the server runs: where memory, glossary and tokens are, who may read, and its limits."""

    memory: str | None = None
    glossary: str | None = None
    #: The tokens file; default: ``tokens.json`` next to the memory.
    tokens: str | None = None
    host: str = "127.0.0.1"
    port: int = 8765
    workers: int = 1
    #: Threads per worker process that answer the requests other than lookups in a SQLite memory
    #: (concordance, glossary, health, writes, and lookups in a PostgreSQL memory; each holds a
    #: connection to the memory). Lookups in a SQLite memory run on the event loop, one at a time
    #: per process (``tm.server.routes`` says why).
    threads: int = 8
    access_log: bool = True
    #: Reads (lookup, concordance, glossary, amaGama) without a token.
    public_read: bool = False
    #: Largest upload (bytes) and largest JSON body.
    max_upload: int = 512 * 1024 * 1024
    max_json: int = 1024 * 1024
    #: Longest text parameter (characters).
    max_query: int = 2000
    #: Most results per page (lookup candidates, concordance hits, glossary entries).
    max_page: int = 100
    #: Requests a second per token (or per address without one); bursts up to ``burst``. 0: no limit.
    rate: float = 50.0
    burst: int = 100
    #: Seconds an import request waits for its job before answering 202 with the job to poll.
    import_wait: float = 5.0
    #: The folder the worker processes share: import jobs record their state there, and
    #: concordance indexes are saved there for the other workers (default: a new temporary folder).
    shared: str | None = None


class ApiError(Exception):
    """An error answered as JSON with a 4xx status."""

    def __init__(self, status: int, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.hint = hint


@dataclass(slots=True)
class Job:
    """An import: running, done (with its summary), failed (with the error) or stopped by a shutdown."""

    id: str
    file: str
    status: str = "running"
    summary: dict[str, Any] = field(default_factory=dict)
    error: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class _Stopped(Exception):
    """Raised in an import's progress callback when the server shuts down (after a committed batch)."""


class Server:
    """What the routes share: settings, the memory, the glossary, the tokens, the limiter, the
    folder the worker processes share (import jobs, concordance indexes)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.shared = Path(settings.shared or tempfile.mkdtemp(prefix="tm-serve-"))
        self.shared.mkdir(parents=True, exist_ok=True)
        self.memory = ServedMemory(settings.memory, self.shared)
        self.glossary = resolve_glossary(settings.glossary)
        self.tokens = Tokens(tokens_path(settings))
        self.limiter = RateLimiter(settings.rate, settings.burst)
        self._threads: list[threading.Thread] = []
        self._stopping = threading.Event()

    def authorize(self, request: Request, role: Role) -> None:
        """Let the request through with ``role``, or raise 401 (no or unknown token), 403 (a token
        without the role) or 429 (over the rate limit)."""
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        client = request.client.host if request.client else "?"
        if header:
            info = self.tokens.check(token.strip()) if scheme.lower() == "bearer" else None
            if info is None:
                raise ApiError(401, "unknown token", "send Authorization: Bearer TOKEN (tm serve token add NAME)")
            client = "token:" + info.name
            if not info.role.allows(role):
                raise ApiError(403, f"this token's role is {info.role.value}; {role.value} is needed")
        elif not (role is Role.READ and self.settings.public_read):
            raise ApiError(401, "a token is needed", "send Authorization: Bearer TOKEN (tm serve token add NAME)")
        if not self.limiter.allow(client):
            raise ApiError(429, "too many requests", f"at most {self.settings.rate:g} a second")

    def start_import(self, path: Path, name: str, options: dict[str, str | None]) -> Job:
        """Import ``path`` (a temporary file, removed afterwards) in a thread; return its job."""
        job = Job(id=uuid.uuid4().hex, file=name)
        self._record(job)

        def progress(summary: ImportSummary) -> None:
            job.summary = summary.to_dict()
            self._record(job)
            if self._stopping.is_set():
                raise _Stopped

        def work() -> None:
            try:
                summary = self.memory.import_file(path, progress=progress, **options)
                job.summary, job.status = summary.to_dict(), "done"
            except _Stopped:
                job.status = "stopped"
            except TmError as exc:
                job.status, job.error = "failed", error_body(400, _message(exc, name), exc.hint)["error"]
            except Exception:
                log.exception("import %s failed", job.id)
                job.status, job.error = "failed", error_body(500, "the import failed")["error"]
            finally:
                path.unlink(missing_ok=True)
                self._record(job)

        thread = threading.Thread(target=work, name=f"import-{job.id}", daemon=True)
        self._threads.append(thread)
        thread.start()
        return job

    def _record(self, job: Job) -> None:
        write_atomic(self.shared / f"{job.id}.json", json.dumps(job.to_dict()))

    def job(self, job_id: str) -> Job | None:
        """The import job ``job_id``, whichever worker process runs it; None for an unknown id."""
        if not re.fullmatch(r"[0-9a-f]{32}", job_id):
            return None
        try:
            return Job(**json.loads((self.shared / f"{job_id}.json").read_text(encoding="utf-8")))
        except FileNotFoundError:
            return None

    def wait(self, job: Job, seconds: float) -> None:
        """Wait up to ``seconds`` for ``job`` to end."""
        for thread in self._threads:
            if thread.name == f"import-{job.id}":
                thread.join(seconds)

    def shutdown(self) -> None:
        """Stop imports at their next batch (committed batches stay) and wait for them; stop the
        concordance index builds and remove the saved indexes (the server is stopping: a worker
        still running would build again what it does not find)."""
        self._stopping.set()
        for thread in self._threads:
            thread.join()
        self.memory.close()


def _message(exc: TmError, name: str) -> str:
    """The error's message located in the uploaded file (not the temporary file it was saved to)."""
    where = ":".join(str(part) for part in (name, exc.line, exc.column) if part is not None)
    return f"{where}: {exc.message}"


def tokens_path(settings: Settings) -> Path:
    """The tokens file: ``settings.tokens``, else ``tokens.json`` in the memory's folder
    (``ServedMemory.folder``)."""
    if settings.tokens:
        return Path(settings.tokens)
    return ServedMemory.folder(settings.memory) / "tokens.json"


def error_body(status: int, message: str, hint: str | None = None) -> dict[str, Any]:
    return {"error": {"status": status, "message": message, "hint": hint}}


def _error(status: int, message: str, hint: str | None = None) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(error_body(status, message, hint), status_code=status, headers=headers)


async def _api_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return _error(exc.status, exc.message, exc.hint)


async def _tm_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, TmError)
    return _error(400, exc.message, exc.hint)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    return _error(exc.status_code, exc.detail)


#: How the app answers an error an endpoint raises (by the error's class or a base class of it).
_ERRORS = {ApiError: _api_error, TmError: _tm_error, HTTPException: _http_error}


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.error("%s %s failed: %r", request.method, request.url.path, exc)
    return _error(500, "internal error")


class _Balanced:
    """ASGI middleware: ``Connection: close`` on the response when ``Balancer.closes`` says this
    worker holds more than its share of the connections."""

    def __init__(self, app: ASGIApp, balancer: Balancer) -> None:
        self.app = app
        self.balancer = balancer

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.balancer.closes(scope.get("client")):
            await self.app(scope, receive, send)
            return

        async def closing(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), (b"connection", b"close")]}
            await send(message)

        await self.app(scope, receive, closing)


class _Direct:
    """ASGI middleware: a GET request for one of ``routes`` (async endpoints) goes straight to its
    endpoint, past Starlette's router and the wrappers it puts around each request, and an error
    the endpoint raises is answered as the app answers it (an unexpected one goes on up to the
    app's 500). For the lookups, the requests a server answers most."""

    def __init__(self, app: ASGIApp, routes: list[Route]) -> None:
        self.app = app
        self.routes = routes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET":
            for route in self.routes:
                match, child_scope = route.matches(scope)
                if match is Match.FULL:
                    scope.update(child_scope)
                    request = Request(scope, receive, send)
                    try:
                        response = await route.endpoint(request)
                    except Exception as exc:
                        handler = next((_ERRORS[cls] for cls in type(exc).__mro__ if cls in _ERRORS), None)
                        if handler is None:
                            raise
                        response = await handler(request, exc)
                    await response(scope, receive, send)
                    return
        await self.app(scope, receive, send)


def create_app(settings: Settings) -> Starlette:
    """The ``tm serve`` application for ``settings`` (opens the memory; raises TmError if it cannot)."""
    from tm.server.routes import DIRECT, ROUTES

    server = Server(settings)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        # The routes other than lookups hold the GIL for most of their time too: a few threads per
        # process serve as many requests as forty (anyio's default), with fewer connections.
        to_thread.current_default_thread_limiter().total_tokens = settings.threads
        # In the background: the server answers (health, lookups that read what they need) meanwhile.
        threading.Thread(target=server.memory.prime, name="prime", daemon=True).start()
        threading.Thread(target=server.memory.follow, name="follow", daemon=True).start()
        yield
        server.shutdown()

    app = Starlette(
        routes=ROUTES,
        lifespan=lifespan,
        middleware=[
            Middleware(_Balanced, balancer=Balancer(server.shared, settings.workers)),
            Middleware(_Direct, routes=DIRECT),
        ],
        exception_handlers={**_ERRORS, Exception: _unexpected},
    )
    app.state.server = server
    return app


def app_from_env() -> Starlette:
    """The application for the settings in ``$TM_SERVE_SETTINGS`` (how each uvicorn worker makes it)."""
    return create_app(Settings(**json.loads(os.environ[SETTINGS_ENV])))


def prepare(settings: Settings) -> Path | None:
    """Check that the server can start (memory, glossary and tokens readable: TmError if not) and
    give it the folder its worker processes share; return that folder when it is a new temporary
    one (``run`` removes it), None when the settings named one."""
    made = None if settings.shared else tempfile.mkdtemp(prefix="tm-serve-")
    settings.shared = settings.shared or made
    try:
        create_app(settings)
    except BaseException:
        if made:
            shutil.rmtree(made, ignore_errors=True)
        raise
    return Path(made) if made else None


def run(settings: Settings, temporary: Path | None = None) -> None:
    """Serve until SIGINT or SIGTERM (after ``prepare``); requests in flight finish, imports stop
    after their batch. Then remove ``temporary`` (the folder ``prepare`` made), and end as the
    signal asks (uvicorn raises it again once it has shut down: it is held until the folder is gone)."""
    import uvicorn

    os.environ[SETTINGS_ENV] = json.dumps(asdict(settings))
    received: list[int] = []
    held = (signal.SIGINT, signal.SIGTERM)
    previous = {number: signal.signal(number, lambda number, _frame: received.append(number)) for number in held}
    try:
        uvicorn.run(
            "tm.server.app:app_from_env",
            factory=True,
            host=settings.host,
            port=settings.port,
            workers=settings.workers,
            # uvicorn's C HTTP parser (a dependency): a third less CPU a request than h11. Not uvloop:
            # it accepted new connections slowly while lookups held the loop (21 waiting after 1 s).
            http="httptools",
            loop="asyncio",
            access_log=settings.access_log,
            timeout_graceful_shutdown=30,
            log_level="info",
        )
    finally:
        for held_signal, handler in previous.items():
            signal.signal(held_signal, handler)
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)
    for caught in received:
        signal.raise_signal(caught)
