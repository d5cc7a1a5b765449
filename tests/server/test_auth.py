"""Tokens: stored hashed, roles nest, `tm serve token add|list|revoke`; the rate limit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tm.cli.app import app
from tm.errors import TmError
from tm.server.auth import RateLimiter, Role, Tokens


def test_the_file_keeps_only_a_hash(tmp_path: Path) -> None:
    tokens = Tokens(tmp_path / "tokens.json")
    token = tokens.add("alice", Role.WRITE)
    assert token not in (tmp_path / "tokens.json").read_text()
    again = Tokens(tmp_path / "tokens.json")
    info = again.check(token)
    assert info is not None and info.name == "alice" and info.role is Role.WRITE
    assert again.check(token + "x") is None


def test_roles_nest() -> None:
    assert Role.ADMIN.allows(Role.WRITE) and Role.WRITE.allows(Role.READ)
    assert not Role.READ.allows(Role.WRITE) and not Role.WRITE.allows(Role.ADMIN)


def test_names_are_unique_and_revoke_needs_a_known_name(tmp_path: Path) -> None:
    tokens = Tokens(tmp_path / "tokens.json")
    tokens.add("bob", Role.READ)
    with pytest.raises(TmError):
        tokens.add("bob", Role.ADMIN)
    with pytest.raises(TmError):
        tokens.revoke("carol")


def test_rate_limit_allows_a_burst_then_refuses() -> None:
    limiter = RateLimiter(rate=0.001, burst=3)
    assert [limiter.allow("a") for _ in range(4)] == [True, True, True, False]
    assert limiter.allow("b")  # per client


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_rate_limit_forgets_clients_idle_long_enough_to_be_full() -> None:
    clock = Clock()
    limiter = RateLimiter(rate=10, burst=5, clock=clock)  # a bucket fills in 0.5 s
    for number in range(1000):
        assert limiter.allow(f"10.0.{number // 256}.{number % 256}")
    assert len(limiter) == 1000
    assert [limiter.allow("busy") for _ in range(6)] == [True] * 5 + [False]
    clock.now = 0.05
    assert not limiter.allow("busy")  # half a request's worth back
    clock.now = 0.6
    assert limiter.allow("busy")
    assert len(limiter) == 1  # every other client was idle 0.6 s: full, forgotten
    assert [limiter.allow("busy") for _ in range(5)] == [True] * 4 + [False]  # busy's own bucket went on


def test_rate_limit_holds_at_most_its_number_of_clients() -> None:
    limiter = RateLimiter(rate=0.001, burst=1, clients=100, clock=Clock())
    for number in range(10_000):
        limiter.allow(f"client-{number}")
        assert len(limiter) <= 100
    assert not limiter.allow("client-9999")  # the most recent ones are kept


def test_cli_add_list_revoke(tmp_path: Path) -> None:
    runner = CliRunner()
    path = str(tmp_path / "tokens.json")
    added = runner.invoke(app, ["serve", "token", "add", "weblate", "--role", "read", "--tokens", path])
    assert added.exit_code == 0, added.output
    token = added.stdout.strip()
    assert token.startswith("tm_") and Tokens(Path(path)).check(token) is not None
    listed = runner.invoke(app, ["serve", "token", "list", "--tokens", path, "--format", "json"])
    assert json.loads(listed.stdout) == [
        {"name": "weblate", "role": "read", "created": json.loads(listed.stdout)[0]["created"]}
    ]
    assert token not in listed.stdout
    assert runner.invoke(app, ["serve", "token", "revoke", "weblate", "--tokens", path]).exit_code == 0
    assert Tokens(Path(path)).check(token) is None
    assert runner.invoke(app, ["serve", "token", "revoke", "weblate", "--tokens", path]).exit_code == 2


def test_tokens_of_a_postgres_memory_go_in_the_projects_tm_folder(tmp_path: Path, monkeypatch) -> None:
    url = "postgresql://translator@127.0.0.1:5432/team"  # no connection is made to manage tokens
    (tmp_path / "tm.toml").write_text(f'memory = "{url}"\n', encoding="utf-8")
    inside = tmp_path / "segments" / "doc"
    inside.mkdir(parents=True)
    monkeypatch.chdir(inside)
    monkeypatch.delenv("TM_MEMORY")  # the project's memory, not the tests' own
    runner = CliRunner()
    for memory in ([], ["--memory", url]):
        added = runner.invoke(app, ["serve", "token", "add", f"desk{len(memory)}", *memory])
        assert added.exit_code == 0, added.output
        assert Tokens(tmp_path / ".tm" / "tokens.json").check(added.stdout.strip()) is not None
    listed = runner.invoke(app, ["serve", "token", "list", "--format", "json"])
    assert [item["name"] for item in json.loads(listed.stdout)] == ["desk0", "desk2"]
    assert not (inside / ".tm").exists()
    monkeypatch.chdir(tmp_path.parent)
    outside = runner.invoke(app, ["serve", "token", "add", "nobody", "--memory", url])
    assert outside.exit_code == 2
    assert "not inside a tm project" in outside.stderr and "--tokens" in outside.stderr
