"""The routes of ``tm serve``: the JSON API under ``/api``, amaGama's ``/tmserver``, and the web page.

``OPENAPI`` describes every API route; the server publishes it at ``/api/openapi.json``.
"""

from __future__ import annotations

import json
import os
import tempfile
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import unquote, unquote_plus

import orjson
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

import tm
from tm.errors import TmError
from tm.formats import FORMATS
from tm.match import Match
from tm.memory import is_server_url
from tm.model import normalize_lang
from tm.server.app import ApiError, Server
from tm.server.auth import Role
from tm.server.memory import text_variant

__all__ = ["DIRECT", "OPENAPI", "ROUTES"]

#: What an upload may be: the unit formats.
IMPORT_FORMATS = sorted(FORMATS)

STATIC = Path(str(files("tm.server") / "static"))


def _server(request: Request) -> Server:
    server: Server = request.app.state.server
    return server


def _query(request: Request) -> dict[str, str]:
    """The query string's parameters (the last of a name given twice), as ``request.query_params``
    reads them (urllib's ``parse_qsl``, blank values kept) in half the time. A ``%20`` is
    replaced by its space before the rest is unquoted: what ``unquote`` makes of it, and then a
    query (the sentence of a lookup, quoted as serve.py's clients quote it) most often holds no
    other escape, and is taken as it is."""
    params = {}
    for field in request.scope["query_string"].decode("latin-1").split("&"):
        if field:
            name, _, value = field.partition("=")
            params[unquote(name.replace("+", " "))] = unquote(value.replace("+", " ").replace("%20", " "))
    return params


def _text(server: Server, params: dict[str, str], name: str, default: str | None = None) -> str:
    """A text parameter: present (unless it has a default) and not longer than the limit."""
    value = params.get(name, default)
    if value is None or not value.strip():
        raise ApiError(400, f"parameter {name!r} is missing or empty")
    limit = server.settings.max_query
    if len(value) > limit:
        raise ApiError(414, f"parameter {name!r} is longer than {limit} characters")
    return value


def _lang(server: Server, params: dict[str, str], name: str, default: str) -> str:
    return normalize_lang(_text(server, params, name, default))


def _int(params: dict[str, str], name: str, default: int, lowest: int, highest: int) -> int:
    raw = params.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ApiError(400, f"parameter {name!r} is not a whole number: {raw[:40]!r}") from None
    if not lowest <= value <= highest:
        raise ApiError(400, f"parameter {name!r} must be from {lowest} to {highest}")
    return value


# --------------------------------------------------------------------------- our API


def health(request: Request) -> JSONResponse:
    return JSONResponse({**_server(request).memory.health(), "version": tm.__version__})


class _Matches(JSONResponse):
    """A lookup's answer as ``JSONResponse`` writes it (compact, UTF-8), in a quarter of the time:
    orjson writes the values a lookup answers with (strings, whole numbers, scores rounded to two
    places, booleans, None) as the standard library does."""

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


# The two lookup routes are ``async``, while the other routes run in Starlette's thread pool. A
# lookup in a SQLite memory is a few milliseconds of CPU holding the GIL, so threads add no
# parallelism, only a hand-off to a pool thread and back to the loop, GIL contention between
# threads, and a connection (with its own cold caches) per thread. On the loop, a worker process
# answers them one after another on one warm connection (at 1M units, 50 clients: 5.6 -> 4.9 ms of
# server CPU a request); a request arriving meanwhile waits for the lookup, as it waited for the
# GIL. A lookup in a PostgreSQL memory mostly waits for the database server, with the GIL released:
# it goes to a thread, so that the worker's other lookups run meanwhile. Concordance (whose first
# search waits for the pair's index), the glossary, health and writes stay in threads: they may
# wait on I/O or locks for long.
async def _matches(server: Server, text: str, src: str, tgt: str, n: int, min_score: int) -> list[Match]:
    """The best matches: on the event loop for a SQLite memory, in a thread for a PostgreSQL one."""
    if is_server_url(server.memory.location):
        return await run_in_threadpool(server.memory.lookup, text, src, tgt, n, min_score)
    return server.memory.lookup(text, src, tgt, n, min_score)


async def lookup(request: Request) -> JSONResponse:
    """The best matches (see the comment above for where they are looked up)."""
    server = _server(request)
    server.authorize(request, Role.READ)
    params = _query(request)
    text = _text(server, params, "q")
    src, tgt = _lang(server, params, "from", "en"), _lang(server, params, "to", "az")
    n = _int(params, "n", 5, 1, server.settings.max_page)
    min_score = _int(params, "min", 50, 0, 101)
    matches = await _matches(server, text, src, tgt, n, min_score)
    return _Matches({"query": text, "matches": [match.to_dict() for match in matches]})


def concordance(request: Request) -> JSONResponse:
    server = _server(request)
    server.authorize(request, Role.READ)
    params = _query(request)
    query = _text(server, params, "q")
    src, tgt = _lang(server, params, "from", "en"), _lang(server, params, "to", "az")
    offset = _int(params, "offset", 0, 0, 10**9)
    limit = _int(params, "limit", 20, 1, server.settings.max_page)
    result = server.memory.concordance(query, src, tgt, server.glossary, offset, limit)
    return JSONResponse(result.to_dict())


def glossary_search(request: Request) -> JSONResponse:
    server = _server(request)
    server.authorize(request, Role.READ)
    params = _query(request)
    query = _text(server, params, "q")
    lang = params.get("lang")
    offset = _int(params, "offset", 0, 0, 10**9)
    limit = _int(params, "limit", 20, 1, server.settings.max_page)
    entries = server.glossary.search(query, normalize_lang(lang) if lang else None) if server.glossary else []
    return JSONResponse({
        "query": query,
        "total": len(entries),
        "offset": offset,
        "limit": limit,
        "entries": [entry.to_dict() for entry in entries[offset : offset + limit]],
    })  # fmt: skip


def glossary_entry(request: Request) -> JSONResponse:
    server = _server(request)
    server.authorize(request, Role.READ)
    entry_id = request.path_params["id"]
    if server.glossary is None or entry_id not in server.glossary:
        raise ApiError(404, f"no glossary entry {entry_id[:100]!r}")
    return JSONResponse(server.glossary.get(entry_id).to_dict())


async def _json_body(request: Request) -> Any:
    limit = _server(request).settings.max_json
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise ApiError(413, f"the body is larger than {limit} bytes")
    try:
        return json.loads(body)
    except ValueError as exc:
        raise ApiError(400, f"the body is not JSON: {exc}") from None


def _string(data: dict[str, Any], key: str, where: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ApiError(400, f"{where}{key} must be a non-empty string")
    return value


async def units(request: Request) -> JSONResponse:
    server = _server(request)
    server.authorize(request, Role.WRITE)
    data = await _json_body(request)
    if not isinstance(data, dict):
        raise ApiError(
            400, "the body must be a JSON object", '{"source": {"lang": "en", "text": "..."}, "targets": {}}'
        )
    source, targets = data.get("source"), data.get("targets")
    if not isinstance(source, dict) or not isinstance(targets, dict) or not targets:
        raise ApiError(400, "source must be an object and targets a non-empty object", "see /api/openapi.json")
    unit_id = data.get("id")
    if unit_id is not None and not isinstance(unit_id, str):
        raise ApiError(400, "id must be a string")
    src = text_variant(normalize_lang(_string(source, "lang", "source.")), _string(source, "text", "source."))
    tgts = {}
    for lang, text in targets.items():
        if not isinstance(text, str) or not text.strip():
            raise ApiError(400, f"targets.{lang[:20]} must be a non-empty string")
        tgts[normalize_lang(lang)] = text_variant(normalize_lang(lang), text)
    summary = server.memory.save_unit(src, tgts, unit_id)
    return JSONResponse(summary.to_dict())


async def import_file(request: Request) -> JSONResponse:
    server = _server(request)
    server.authorize(request, Role.WRITE)
    params = _query(request)
    name = Path(params.get("filename") or "upload").name[:200]
    format = params.get("format")
    if format is not None and format not in IMPORT_FORMATS:
        raise ApiError(400, f"unknown format {format[:20]!r}", f"one of {', '.join(IMPORT_FORMATS)}")
    options = {
        "format": format,
        "source_lang": normalize_lang(params["from"]) if params.get("from") else None,
        "target_lang": normalize_lang(params["to"]) if params.get("to") else None,
    }
    limit = server.settings.max_upload
    handle, temp = tempfile.mkstemp(prefix="tm-upload-", suffix=Path(name).suffix)
    path = Path(temp)
    size = 0
    try:
        with os.fdopen(handle, "wb") as out:
            async for chunk in request.stream():
                size += len(chunk)
                if size > limit:
                    raise ApiError(413, f"the upload is larger than {limit} bytes")
                out.write(chunk)
        if not size:
            raise ApiError(400, "the upload is empty", "send the file as the body: curl --data-binary @FILE")
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    job = server.start_import(path, name, options)
    server.wait(job, server.settings.import_wait)
    if job.status == "failed" and job.error:
        return JSONResponse({"error": job.error, "job": job.to_dict()}, status_code=job.error["status"])
    return JSONResponse(job.to_dict(), status_code=202 if job.status == "running" else 200)


def import_job(request: Request) -> JSONResponse:
    server = _server(request)
    server.authorize(request, Role.WRITE)
    job = server.job(request.path_params["job"])
    if job is None:
        raise ApiError(404, "no such import job")
    return JSONResponse(job.to_dict())


def openapi(request: Request) -> JSONResponse:
    return JSONResponse(OPENAPI)


# --------------------------------------------------------------------------- amaGama


def _amagama_lang(code: str) -> str:
    try:
        return normalize_lang(code)
    except TmError:
        raise ApiError(404, f"not a language code: {code[:20]!r}") from None


async def tmserver_unit(request: Request) -> JSONResponse:
    """amaGama's lookup (looked up as ``lookup`` does). Clients quote the text two ways: Weblate
    with ``quote(text, safe="")`` (``%20``, ``%2F``), Virtaal with ``quote_plus`` (``+`` for a
    space): a literal ``+`` is a space."""
    server = _server(request)
    server.authorize(request, Role.READ)
    raw = request.scope.get("raw_path") or request.url.path.encode()
    quoted = raw.split(b"?", 1)[0].split(b"/unit/", 1)[1].decode("ascii", "replace")
    if quoted.endswith("/"):
        quoted = quoted[:-1]  # a trailing slash of the URL (a slash in the text comes as %2F)
    try:
        text = unquote_plus(quoted, errors="strict")
    except UnicodeDecodeError:
        raise ApiError(400, "the text is not UTF-8") from None
    if not text.strip():
        return _Matches([])
    if len(text) > server.settings.max_query:
        raise ApiError(414, f"the text is longer than {server.settings.max_query} characters")
    src = _amagama_lang(request.path_params["slang"])
    tgt = _amagama_lang(request.path_params["tlang"])
    params = _query(request)
    min_similarity = _int(params, "min_similarity", 70, 0, 100)
    max_candidates = _int(params, "max_candidates", 5, 1, server.settings.max_page)
    matches = await _matches(server, text, src, tgt, max_candidates, min_similarity)
    return _Matches([
        {"source": m.source, "target": m.target, "quality": float(min(m.score, 100)), "rank": round(m.similarity, 2)}
        for m in matches
    ])  # fmt: skip


def tmserver_languages(request: Request) -> JSONResponse:
    """The languages as Weblate spells them (``pt_br``, ``az``): each tag and its bare language."""
    server = _server(request)
    server.authorize(request, Role.READ)
    codes = sorted({c for tag in server.memory.languages() for c in (tag.replace("-", "_").lower(), tag.split("-")[0])})
    return JSONResponse({"sourceLanguages": codes, "targetLanguages": codes})


# --------------------------------------------------------------------------- the page


def page(request: Request) -> Response:
    return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")


#: The lookups, the requests a server answers most: ``tm.server.app`` sends a GET request for one
#: straight to its endpoint. (No other route's path matches theirs, so they may come first.)
DIRECT = [
    Route("/api/lookup", lookup),
    Route("/tmserver/{slang}/{tlang}/unit/{text:path}", tmserver_unit),
]

ROUTES = [
    *DIRECT,
    Route("/", page),
    Route("/api/health", health),
    Route("/api/openapi.json", openapi),
    Route("/api/concordance", concordance),
    Route("/api/glossary", glossary_search),
    Route("/api/glossary/{id}", glossary_entry),
    Route("/api/units", units, methods=["POST"]),
    Route("/api/import", import_file, methods=["POST"]),
    Route("/api/import/{job}", import_job),
    Route("/tmserver/languages/", tmserver_languages),
    Route("/tmserver/languages", tmserver_languages),
]


# --------------------------------------------------------------------------- OpenAPI


def _param(name: str, schema: dict[str, Any], description: str, required: bool = False, where: str = "query") -> dict:
    return {"name": name, "in": where, "required": required, "schema": schema, "description": description}


def _json(description: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema or {"type": "object"}}}}


_ERRORS = {
    str(status): _json(reason, {"$ref": "#/components/schemas/Error"})
    for status, reason in [
        (400, "Bad input"),
        (401, "No token, or an unknown one"),
        (403, "The token lacks the role"),
        (404, "Not found"),
        (413, "Too large"),
        (414, "Too long"),
        (429, "Over the rate limit"),
    ]
}
_Q = {"type": "string", "minLength": 1, "maxLength": 2000}
_LANG = {"type": "string", "minLength": 2, "maxLength": 35, "example": "en"}
_PAGE = {"type": "integer", "minimum": 1, "maximum": 100}
_OFFSET = {"type": "integer", "minimum": 0}
_PAIR = [_param("from", _LANG, "Source language (BCP 47)"), _param("to", _LANG, "Target language (BCP 47)")]


def _get(summary: str, parameters: list[dict], ok: dict[str, Any], role: str | None = "read") -> dict[str, Any]:
    operation: dict[str, Any] = {"summary": summary, "parameters": parameters, "responses": {"200": ok, **_ERRORS}}
    if role is None:
        operation["security"] = []
    return {"get": operation}


OPENAPI: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {
        "title": "tm serve",
        "version": tm.__version__,
        "description": "A translation memory over HTTP: lookup, concordance, glossary, import, units, and "
        "amaGama's /tmserver API. Send Authorization: Bearer TOKEN (roles: read, write, admin).",
    },
    "components": {
        "securitySchemes": {"token": {"type": "http", "scheme": "bearer"}},
        "schemas": {
            "Error": {
                "type": "object",
                "required": ["error"],
                "properties": {
                    "error": {
                        "type": "object",
                        "required": ["status", "message"],
                        "properties": {
                            "status": {"type": "integer"},
                            "message": {"type": "string"},
                            "hint": {"type": "string", "nullable": True},
                        },
                    }
                },
            },
            "Job": {
                "type": "object",
                "required": ["id", "file", "status"],
                "properties": {
                    "id": {"type": "string"},
                    "file": {"type": "string"},
                    "status": {"type": "string", "enum": ["running", "done", "failed", "stopped"]},
                    "summary": {"type": "object"},
                    "error": {"type": "object", "nullable": True},
                },
            },
        },
    },
    "security": [{"token": []}],
    "paths": {
        "/api/health": _get(
            "Status, memory size and schema version",
            [],
            _json("Health", {"type": "object", "required": ["status", "units", "schema"]}),
            role=None,
        ),
        "/api/lookup": _get(
            "The best matches for a sentence, as `tm lookup --format json` gives them",
            [
                _param("q", _Q, "The sentence", required=True),
                *_PAIR,
                _param("n", _PAGE, "How many matches"),
                _param("min", {"type": "integer", "minimum": 0, "maximum": 101}, "Lowest score"),
            ],
            _json("Matches", {"type": "object", "required": ["query", "matches"]}),
        ),
        "/api/concordance": _get(
            "Where a word or phrase occurs in sources and targets (inflected forms in az and ru)",
            [
                _param("q", _Q, "The word or phrase", required=True),
                *_PAIR,
                _param("offset", _OFFSET, "Hits to skip"),
                _param("limit", _PAGE, "Hits per page"),
            ],
            _json("One page of hits", {"type": "object", "required": ["total", "hits"]}),
        ),
        "/api/glossary": _get(
            "Glossary entries whose id or a term holds the text",
            [
                _param("q", _Q, "The text", required=True),
                _param("lang", _LANG, "Search this language's terms only"),
                _param("offset", _OFFSET, "Entries to skip"),
                _param("limit", _PAGE, "Entries per page"),
            ],
            _json("Entries", {"type": "object", "required": ["total", "entries"]}),
        ),
        "/api/glossary/{id}": _get(
            "One glossary entry",
            [_param("id", {"type": "string", "minLength": 1, "maxLength": 200}, "Entry id", True, "path")],
            _json("The entry"),
        ),
        "/api/units": {
            "post": {
                "summary": "Add or update one unit (a confirmed segment); needs the write role",
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["source", "targets"],
                                "properties": {
                                    "id": {"type": "string"},
                                    "source": {
                                        "type": "object",
                                        "required": ["lang", "text"],
                                        "properties": {"lang": _LANG, "text": _Q},
                                    },
                                    "targets": {
                                        "type": "object",
                                        "minProperties": 1,
                                        "additionalProperties": _Q,
                                    },
                                },
                            }
                        }
                    },
                },
                "responses": {"200": _json("What the import of the unit did"), **_ERRORS},
            }
        },
        "/api/import": {
            "post": {
                "summary": "Import a TMX, PO, XLIFF or TSV file sent as the body; needs the write role",
                "parameters": [
                    _param(
                        "filename",
                        {"type": "string", "maxLength": 200},
                        "The file's name (its extension tells the format)",
                    ),
                    _param(
                        "format", {"type": "string", "enum": IMPORT_FORMATS}, "The format, where the name does not tell"
                    ),
                    _param("from", _LANG, "Source language of a TSV or of a TMX that does not say it"),
                    _param("to", _LANG, "Target language of a TSV, or of a PO without a Language header"),
                ],
                "requestBody": {
                    "required": True,
                    "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
                },
                "responses": {
                    "200": _json("The import is done: its summary", {"$ref": "#/components/schemas/Job"}),
                    "202": _json("The import runs: poll /api/import/{job}", {"$ref": "#/components/schemas/Job"}),
                    **_ERRORS,
                },
            }
        },
        "/api/import/{job}": _get(
            "An import job",
            [_param("job", {"type": "string", "minLength": 1, "maxLength": 64}, "Job id", True, "path")],
            _json("The job", {"$ref": "#/components/schemas/Job"}),
            role="write",
        ),
        "/tmserver/{slang}/{tlang}/unit/{text}": _get(
            "amaGama's lookup: a list of {source, target, quality, rank}",
            [
                _param("slang", _LANG, "Source language (az_AZ, pt-BR ...)", True, "path"),
                _param("tlang", _LANG, "Target language", True, "path"),
                _param("text", _Q, "The text, URL-quoted", True, "path"),
                _param("min_similarity", {"type": "integer", "minimum": 0, "maximum": 100}, "Lowest quality"),
                _param("max_candidates", _PAGE, "How many"),
            ],
            _json(
                "Matches",
                {"type": "array", "items": {"type": "object", "required": ["source", "target", "quality", "rank"]}},
            ),
        ),
        "/tmserver/languages/": _get(
            "The languages of the memory, as amaGama lists them",
            [],
            _json("Languages", {"type": "object", "required": ["sourceLanguages", "targetLanguages"]}),
        ),
    },
}
