"""A client of ``tm serve``: what ``tm lookup``, ``tm concordance``, ``tm import`` and ``tm translate``
do with ``--server``.

``lookup`` and ``concordance`` return the JSON the server answers, which is what the command prints
locally with ``--format json``. ``candidates`` and ``contexts`` are what ``tm.match.lookup`` asks
of a memory, so the memory panel of ``tm translate`` scores the server's matches as it scores a
local memory's. A refused request raises TmError with the server's message and hint.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from tm.errors import TmError
from tm.memory.contract import Candidate, CandidateUnit
from tm.model import Context, Origin, Variant
from tm.server.memory import ImportSummary

__all__ = ["RemoteMemory"]


class RemoteMemory:
    """The memory behind the ``tm serve`` at ``url``, reached with ``token`` (None: public read)."""

    def __init__(self, url: str, token: str | None = None, timeout: float = 600.0) -> None:
        self.url = url.rstrip("/")
        #: Where the memory is, for messages (as ``Memory.path``).
        self.path = self.url
        self.token = token
        self.timeout = timeout

    def _request(self, path: str, params: dict[str, Any], body: Path | None = None) -> Any:
        query = urlencode({key: value for key, value in params.items() if value is not None})
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        data = body.read_bytes() if body is not None else None
        request = urllib.request.Request(f"{self.url}{path}?{query}", data=data, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as exc:
            try:
                error = json.loads(exc.read())["error"]
            except (ValueError, KeyError, TypeError):
                raise TmError(f"{self.url}: HTTP {exc.code}") from exc
            raise TmError(f"{self.url}: {error['message']}", path=body, hint=error.get("hint")) from exc
        except (OSError, ValueError) as exc:
            raise TmError(f"cannot reach {self.url}: {exc}", hint="is tm serve running there?") from exc

    def lookup(self, text: str, src_lang: str, tgt_lang: str, n: int = 5, min_score: int = 50) -> dict[str, Any]:
        """``{"query", "matches"}`` as ``tm lookup --format json`` prints it."""
        result: dict[str, Any] = self._request(
            "/api/lookup", {"q": text, "from": src_lang, "to": tgt_lang, "n": n, "min": min_score}
        )
        return result

    def concordance(self, query: str, src_lang: str, tgt_lang: str, offset: int = 0, limit: int = 20) -> dict[str, Any]:
        """One page of the concordance, as ``tm.concordance.ConcordanceResult.to_dict()`` gives it."""
        result: dict[str, Any] = self._request(
            "/api/concordance", {"q": query, "from": src_lang, "to": tgt_lang, "offset": offset, "limit": limit}
        )
        return result

    def candidates(self, text: str, src_lang: str, tgt_lang: str, limit: int = 30) -> list[Candidate]:
        """The server's ``limit`` best matches for ``text``, whatever their score, as candidates for
        ``tm.match.lookup`` (their texts plain: the server's answer leaves inline codes out)."""
        found = self.lookup(text, src_lang, tgt_lang, n=limit, min_score=0)["matches"]
        return [
            Candidate(
                match["unit_id"],
                match["source"],
                partial(
                    CandidateUnit,
                    Variant.of(src_lang, match["source"]),
                    Variant.of(tgt_lang, match["target"]),
                    Origin(match["origin"]) if match["origin"] else None,
                ),
            )
            for match in found
        ]

    def contexts(self, unit_id: int) -> list[Context]:
        """None: the server does not say where a unit was seen (so no match through it scores 101)."""
        return []

    def close(self) -> None:
        """Nothing to let go of: every request has its own connection."""

    def import_file(
        self,
        path: str | Path,
        *,
        progress: Callable[[ImportSummary], None] | None = None,
        source_lang: str | None = None,
        target_lang: str | None = None,
    ) -> ImportSummary:
        """Upload ``path`` and wait for its import, as ``Memory.import_file`` imports a local file."""
        path = Path(path)
        job = self._request("/api/import", {"filename": path.name, "from": source_lang, "to": target_lang}, path)
        while job["status"] == "running":
            if progress and job.get("summary"):
                progress(_summary(job["summary"]))
            time.sleep(1)
            job = self._request(f"/api/import/{job['id']}", {})
        if job["status"] != "done":
            raise TmError(f"the import stopped ({job['status']})", path=path, hint="import the file again")
        return _summary(job["summary"])

    def __enter__(self) -> RemoteMemory:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _summary(data: dict[str, Any]) -> ImportSummary:
    """An import summary from its JSON (``ImportSummary.to_dict()``)."""
    return ImportSummary(data["read"], data["added"], data["updated"], Counter(data["skipped_reasons"]))
