"""The published OpenAPI schema, fuzzed by schemathesis against a real server: no server errors."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.server.conftest import start, stop


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_schemathesis_finds_no_server_error(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    cli = shutil.which("schemathesis") or str(Path(sys.executable).parent / "schemathesis")
    if not Path(cli).exists():
        pytest.skip("schemathesis is not installed (pip install -e '.[test]')")
    # Its own server: the fuzzer writes units, and the rate limit would answer it 429.
    memory = None if backend == "sqlite" else request.getfixturevalue("postgres_url")
    running = start(tmp_path, "--rate", "0", "--no-access-log", memory=memory)
    try:
        done = subprocess.run(
            [cli, "run", running.url + "/api/openapi.json", "--header", f"Authorization: Bearer {running.admin_token}",
             "--checks", "not_a_server_error", "--max-examples", "5", "--seed", "17", "--request-timeout", "30",
             "--phases", "coverage,fuzzing", "--no-color"],
            capture_output=True, text=True, timeout=300, cwd=tmp_path,
        )  # fmt: skip
    finally:
        stop(running)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert " passed" in done.stdout
    assert "Traceback" not in running.log.read_text()
