"""Tokens with roles (read, write, admin), stored hashed, and a rate limit per token.

A token is a random secret shown once, when it is made (``tm serve token add NAME --role write``).
The tokens file keeps only its SHA-256 (a 256-bit random secret needs no slow hash), its name, role
and date, so a copy of the file lets nobody in. Roles nest: write can read, admin can write.
"""

from __future__ import annotations

import enum
import hashlib
import json
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tm.errors import TmError
from tm.fileio import make_parent, read_text, write_atomic
from tm.model import utcnow

__all__ = ["RateLimiter", "Role", "TokenInfo", "Tokens"]

#: Every token starts with this, so that one pasted in the wrong place is recognisable.
PREFIX = "tm_"


class Role(str, enum.Enum):
    READ = "read"
    WRITE = "write"
    ADMIN = "admin"

    def allows(self, needed: Role) -> bool:
        """Whether this role may do what ``needed`` may (admin > write > read)."""
        return _RANKS[self] >= _RANKS[needed]


#: Each role's place in the order of ``Role`` (checked with every request).
_RANKS = {role: rank for rank, role in enumerate(Role)}


@dataclass(frozen=True, slots=True)
class TokenInfo:
    """What the tokens file keeps of a token: never the token itself."""

    name: str
    role: Role
    created: str
    sha256: str

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "role": self.role.value, "created": self.created, "sha256": self.sha256}


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Tokens:
    """The tokens file at ``path`` (JSON; a missing file holds no tokens)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._by_hash: dict[str, TokenInfo] = {}
        self._stamp: tuple[int, int] | None = None
        self._load()

    def _load(self) -> None:
        """Read the file if it changed since it was last read (a revoked token stops working at once)."""
        try:
            status = self.path.stat()
        except FileNotFoundError:
            self._by_hash, self._stamp = {}, None
            return
        except OSError as exc:
            raise TmError(f"cannot read the tokens file: {exc.strerror}", path=self.path) from exc
        stamp = (status.st_mtime_ns, status.st_ino)
        if stamp == self._stamp:
            return
        by_hash = {}
        try:
            for item in json.loads(read_text(self.path))["tokens"]:
                info = TokenInfo(item["name"], Role(item["role"]), item["created"], item["sha256"])
                by_hash[info.sha256] = info
        except (ValueError, KeyError, TypeError) as exc:
            raise TmError(f"not a tokens file: {exc}", path=self.path, hint="tm serve token add NAME") from exc
        self._by_hash, self._stamp = by_hash, stamp

    def list(self) -> list[TokenInfo]:
        """The tokens, by name."""
        return sorted(self._by_hash.values(), key=lambda info: info.name)

    def add(self, name: str, role: Role) -> str:
        """Make a token named ``name`` with ``role``, save the file, and return the token (shown once)."""
        if any(info.name == name for info in self._by_hash.values()):
            raise TmError(f"a token named {name!r} exists", path=self.path, hint=f"tm serve token revoke {name}")
        token = PREFIX + secrets.token_urlsafe(32)
        info = TokenInfo(name, role, utcnow().strftime("%Y-%m-%dT%H:%M:%SZ"), _hash(token))
        self._by_hash[info.sha256] = info
        self._save()
        return token

    def revoke(self, name: str) -> TokenInfo:
        """Remove the token named ``name`` and save the file."""
        for digest, info in list(self._by_hash.items()):
            if info.name == name:
                del self._by_hash[digest]
                self._save()
                return info
        raise TmError(f"no token named {name!r}", path=self.path, hint="tm serve token list")

    def check(self, token: str) -> TokenInfo | None:
        """The token's record, or None for a token the file does not hold (now: it is read again
        when it changed)."""
        self._load()
        return self._by_hash.get(_hash(token))

    def _save(self) -> None:
        make_parent(self.path)
        data = {"tokens": [info.to_dict() for info in self.list()]}
        write_atomic(self.path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


class RateLimiter:
    """A token bucket per client: ``rate`` requests a second on average, bursts up to ``burst``.

    It holds a bucket only for a client seen within the time a bucket takes to fill (``burst /
    rate`` seconds): a client idle longer has a full bucket, as one never seen has, so its entry
    goes. At most ``clients`` buckets are held; beyond that, the least recently seen client's goes
    (it starts again with a full bucket), so the table stays bounded whatever the clients do.
    """

    def __init__(
        self, rate: float, burst: int, *, clients: int = 100_000, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.rate = rate
        self.burst = burst
        self.clients = clients
        self._clock = clock
        #: (level, last seen) by client, the least recently seen first.
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        """How many clients' buckets it holds."""
        return len(self._buckets)

    def allow(self, client: str) -> bool:
        """Take one request from ``client``'s bucket; False when it is empty."""
        if self.rate <= 0:
            return True
        now = self._clock()
        with self._lock:
            self._expire(now)
            level, last = self._buckets.pop(client, (float(self.burst), now))
            level = min(float(self.burst), level + (now - last) * self.rate)
            allowed = level >= 1
            self._buckets[client] = (level - 1 if allowed else level, now)
            return allowed

    def _expire(self, now: float) -> None:
        """Drop the buckets of clients idle long enough to be full, and the oldest beyond ``clients``."""
        full = self.burst / self.rate
        buckets = self._buckets
        while buckets:
            oldest, (_level, last) = next(iter(buckets.items()))
            if now - last < full and len(buckets) < self.clients:
                break
            del buckets[oldest]
