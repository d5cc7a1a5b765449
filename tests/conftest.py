"""Fixtures shared by the tests: copies of the project's documents, tool lookups, schemas."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import settings

# No Hypothesis deadline: a test asserts what code does, never how fast (speed goals live in
# benchmarks/), and on a loaded machine a first example over 200 ms failed as "flaky".
settings.register_profile("tm", deadline=None)
settings.load_profile("tm")

REPO = Path(__file__).resolve().parent.parent
SPEC = REPO.parent / "shared" / "spec" if (REPO.parent / "shared").is_dir() else Path("/work/shared/spec")
DATA = Path(__file__).resolve().parent / "data"
ARTICLE = "article-2023-02-23"


@pytest.fixture(autouse=True)
def _own_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or creates the memory of the checkout it runs in (``.tm/`` beside segments/)."""
    monkeypatch.setenv("TM_MEMORY", str(tmp_path / "default-memory.db"))


@pytest.fixture
def segments(tmp_path: Path) -> Path:
    """A throw-away copy of the article's document folder (source and document.toml only)."""
    root = tmp_path / "segments"
    folder = root / ARTICLE
    folder.mkdir(parents=True)
    for name in ("document.toml", "en.txt"):
        shutil.copy(REPO / "segments" / ARTICLE / name, folder / name)
    return root


@pytest.fixture
def translated(segments: Path) -> Path:
    """``segments`` with the article as the project keeps it: az and ru translated, glossary hints
    (``#. Glossary:``) in both PO files, and the trilingual TMX."""
    for name in (f"{ARTICLE}.pot", "az.po", "ru.po", f"{ARTICLE}.tmx"):
        shutil.copy(REPO / "segments" / ARTICLE / name, segments / ARTICLE / name)
    return segments


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file of ``folder``: its bytes and its modification time (ns), by name."""
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir()) if p.is_file()}


def msgfmt_check(path: Path) -> subprocess.CompletedProcess[str]:
    """Run ``msgfmt --check-format --check-header`` on one file (skip when gettext is missing)."""
    if shutil.which("msgfmt") is None:
        pytest.skip("msgfmt (gettext) is not installed")
    return subprocess.run(
        ["msgfmt", "--check-format", "--check-header", "-o", "/dev/null", str(path)],
        capture_output=True,
        text=True,
    )


@pytest.fixture(scope="session")
def xliff_schema():
    """The OASIS XLIFF 1.2 strict schema, with xml.xsd taken from the local copy."""
    return _schema("xliff-core-1.2-strict.xsd")


@pytest.fixture(scope="session")
def xliff2_schema():
    """The OASIS XLIFF 2.1 core schema, with xml.xsd taken from the local copy."""
    return _schema("xliff-core-2.1.xsd")


def _schema(name: str):
    from lxml import etree

    xsd_path = SPEC / name
    if not xsd_path.exists():
        pytest.skip(f"{xsd_path} is not available")
    xsd = etree.parse(str(xsd_path))
    for imp in xsd.getroot().iter("{http://www.w3.org/2001/XMLSchema}import"):
        if imp.get("namespace") == "http://www.w3.org/XML/1998/namespace":
            imp.set("schemaLocation", str(SPEC / "xml.xsd"))
    return etree.XMLSchema(xsd)
