"""Bad input, every command: a file that is missing, empty, binary garbage or another format, and an
output that cannot be written, each give exit 2, one `tm: error:` line naming the path, no
traceback, and leave every file of the project as it was.

The commands are walked from the typer app itself. FEEDS says, per command, how to hand it a file
to read or a place to write; a command the table does not know fails `test_every_command_is_fed`.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from tests.conftest import ARTICLE
from tm.cli.app import app

REPO = Path(__file__).resolve().parents[2]
ALIGN = REPO / "tests" / "data" / "align"
runner = CliRunner()


# --------------------------------------------------------------------------- the commands


def _walk(command: object, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Every leaf command under ``command`` (a click command built by typer), as its words."""
    if not hasattr(command, "list_commands"):
        yield path
        return
    ctx = typer.Context(command)  # type: ignore[arg-type]
    for name in command.list_commands(ctx):  # type: ignore[attr-defined]
        yield from _walk(command.get_command(ctx, name), (*path, name))  # type: ignore[attr-defined]


COMMANDS = sorted(" ".join(words) for words in _walk(typer.main.get_command(app)))


# --------------------------------------------------------------------------- the project


@dataclass(frozen=True)
class Project:
    """A built copy of the article: documents, glossary, and a memory holding its TMX."""

    root: Path

    @property
    def segments(self) -> Path:
        return self.root / "segments"

    @property
    def doc(self) -> Path:
        return self.segments / ARTICLE

    @property
    def glossary(self) -> Path:
        return self.root / "glossaries" / f"{ARTICLE}.tbx"

    @property
    def memory(self) -> Path:
        return self.root / "memory.db"

    @property
    def source(self) -> Path:
        return self.doc / "en.txt"

    @property
    def po(self) -> Path:
        return self.doc / "az.po"

    @property
    def tmx(self) -> Path:
        return self.doc / f"{ARTICLE}.tmx"

    @property
    def xliff(self) -> Path:
        return self.root / "jobs" / f"{ARTICLE}.az.xlf"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("project")
    shutil.copytree(REPO / "segments" / ARTICLE, base / "segments" / ARTICLE)
    shutil.copytree(REPO / "glossaries", base / "glossaries")
    project = Project(base)
    for args in (
        ["build", "--root", project.segments, "--glossary", project.glossary],
        ["import", project.tmx, "--memory", project.memory],
        ["export", ARTICLE, "--root", project.segments, "--format", "xliff", "--lang", "az", "-o", base / "jobs"],
    ):
        result = runner.invoke(app, [str(a) for a in args], env={"TM_MEMORY": str(project.memory)})
        assert result.exit_code == 0, result.output
    return base


@pytest.fixture
def project(built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    root = tmp_path / "p"
    shutil.copytree(built, root)
    monkeypatch.chdir(root)
    monkeypatch.setenv("TM_MEMORY", str(root / "memory.db"))
    monkeypatch.delenv("TM_GLOSSARY", raising=False)
    return Project(root)


# --------------------------------------------------------------------------- the bad files

GARBAGE = bytes([0x89, 0x00, 0xC3, 0x28, 0xA0, 0xA1, 0xE2, 0x28, 0xA1, 0x00, 0xFE, 0x7F]) * 64
_TMX = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="en" adminlang="en" '
    'segtype="sentence" o-tmf="x" datatype="plaintext" creationtool="x" creationtoolversion="1"/>\n'
    '<body><tu><tuv xml:lang="en"><seg>Shusha</seg></tuv><tuv xml:lang="az"><seg>Şuşa</seg></tuv></tu></body></tmx>\n'
)
_PO = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Shusha"\nmsgstr "Şuşa"\n'
#: Another format under the extension: what a file of that name must not be taken for.
WRONG = {
    ".tmx": '<?xml version="1.0"?>\n<xliff version="1.2"><file source-language="en"><body/></file></xliff>\n',
    ".xlf": _TMX,
    ".po": _TMX,
    ".tbx": _TMX,
    ".csv": _TMX,
    ".tsv": "source,target\nShusha,Şuşa\n",
    ".txt": "Шуша – город.\n".encode("cp1251"),  # legacy 8-bit text, not UTF-8
    ".db": "This is a memory, honest.\n",
    ".srx": _TMX,
    ".json": '{"tokens": [{"name": "alice"}]}\n',  # JSON, but not a tokens file
    "doc": 'source = "en.txt"\nsource_lang = "en"\ntargets = "az"\n',  # TOML, not a document description
}
INPUT_CASES = ("missing", "empty", "garbage", "wrong-format")
OUTPUT_CASES = ("directory", "file-as-folder", "unwritable", "missing-root")


def bad_input(case: str, kind: str, where: Path) -> Path:
    """A bad file (or document folder, or documents root) of ``kind`` (an extension, ``doc`` or
    ``root``) under ``where``; ``missing`` makes nothing."""
    if kind == "root":
        root = where / "bad-segments"
        if case != "missing":
            bad_input(case, "doc", root)
        return root
    path = where / ("bad-doc" if kind == "doc" else f"bad{kind}")
    content = {"missing": None, "empty": b"", "garbage": GARBAGE, "wrong-format": WRONG[kind]}[case]
    if content is None:
        return path
    target = path / "document.toml" if kind == "doc" else path
    target.parent.mkdir(parents=True, exist_ok=True)
    if kind == "doc":
        (path / "en.txt").write_text("Shusha is a town.\n", encoding="utf-8")
    target.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def bad_output(case: str, name: str, where: Path) -> Path:
    """A place ``name`` cannot be written: an existing folder, below a file, in /proc, under a missing root."""
    if case == "directory":
        (where / name).mkdir()
        return where / name
    if case == "file-as-folder":
        (where / "plain-file").write_text("kept\n")
        return where / "plain-file" / name
    if case == "unwritable":
        return Path("/proc") / name  # root may write anywhere else
    return Path("/") / f"tm-missing-{uuid.uuid4().hex}" / "sub" / name


# --------------------------------------------------------------------------- the table

Args = Callable[[Path, Project], list[object]]


@dataclass(frozen=True)
class Feed:
    """One way to hand a command a path: ``kind`` is the input's extension (or ``doc``/``root``),
    or ``out:.ext`` / ``out:folder`` for an output; ``args`` builds the command line around it."""

    kind: str
    args: Args
    #: Cases this way of feeding accepts (exit 0), each with the reason it is right to.
    accepts: tuple[tuple[str, str], ...] = ()


def _read(kind: str, args: Args, *accepts: tuple[str, str]) -> Feed:
    return Feed(kind, args, accepts)


def _write(ext: str, args: Args) -> Feed:
    return Feed(f"out:{ext}", args)


EMPTY_TEXT = ("empty", "an empty text has no sentences: nothing to do, nothing wrong")
EMPTY_MEMORY = ("empty", "SQLite takes an empty file for an empty database: no match, nothing to export")
EMPTY_PAIRS = ("empty", "an empty tab-separated file holds no pairs: nothing to import")
NEW_GLOSSARY = ("missing", "a glossary that does not exist yet is created")
NO_TOKENS = ("missing", "no tokens file yet: no tokens")

#: Command -> the ways to feed it. An empty tuple needs a reason in NOT_FED.
FEEDS: dict[str, tuple[Feed, ...]] = {
    "new": (_read(".txt", lambda p, j: ["news", "--source", p, "--to", "az", "--root", j.segments]),),
    "segment": (
        _read(".txt", lambda p, _: [p, "--lang", "en"], EMPTY_TEXT),
        _read(".txt", lambda p, j: [j.source, "--abbreviations", p], ("empty", "an empty list adds no abbreviation")),
        _read(".srx", lambda p, j: [j.source, "--lang", "en", "--srx", p]),
    ),
    "srx export": (_write(".srx", lambda p, _: ["-o", p]),),
    "align": (
        _read(".txt", lambda p, j: [p, j.source, "--to", "az"]),
        _read(".txt", lambda p, j: [j.source, p, "--to", "az"]),
        _read(".tbx", lambda p, j: [j.source, j.source, "--to", "az", "--glossary", p]),
        _write(".tmx", lambda p, _: [ALIGN / "khojaly.en.txt", ALIGN / "khojaly.az.txt", "--to", "az", "-o", p]),
    ),
    "build": (
        _read("root", lambda p, _: ["--root", p]),
        _read(".tbx", lambda p, j: ["--root", j.segments, "--glossary", p]),
    ),
    "render": (
        _read("doc", lambda p, _: [p, "--lang", "az"]),
        _write(".txt", lambda p, j: [j.doc, "--lang", "az", "-o", p]),
    ),
    "status": (_read("root", lambda p, _: ["--root", p]),),
    "export": (
        _read("doc", lambda p, _: [p, "--format", "xliff", "-o", "jobs"]),
        _write("folder", lambda p, j: [j.doc, "--format", "xliff", "-o", p]),
        _write("folder", lambda p, j: [j.doc, "--format", "tmx", "-o", p]),
        _read(".db", lambda p, _: ["--format", "tmx", "-o", "out.tmx", "--memory", p], EMPTY_MEMORY),
        _write(".tmx", lambda p, j: ["--format", "tmx", "-o", p, "--memory", j.memory]),
    ),
    "import": (
        _read(".tmx", lambda p, j: [p, "--memory", j.memory]),
        _read(".po", lambda p, j: [p, "--memory", j.memory, "--lang", "az"], ("empty", "msgfmt takes an empty PO")),
        _read(".xlf", lambda p, j: [p, "--memory", j.memory]),
        _read(".tsv", lambda p, j: [p, "--memory", j.memory, "--from", "en", "--to", "az"], EMPTY_PAIRS),
        _write(".db", lambda p, j: [j.tmx, "--memory", p]),
        _read(".xlf", lambda p, j: [p, "--doc", j.doc]),
        _read("doc", lambda p, j: [j.xliff, "--doc", p]),
    ),
    "tmx check": (_read(".tmx", lambda p, _: [p]),),
    "glossary list": (_read(".tbx", lambda p, _: ["--glossary", p]),),
    "glossary show": (_read(".tbx", lambda p, _: ["khojaly", "--glossary", p]),),
    "glossary check": (_read(".tbx", lambda p, _: ["--glossary", p]),),
    "glossary find": (_read(".tbx", lambda p, _: ["Xocalı", "--lang", "az", "--glossary", p]),),
    "glossary add": (
        _read(".tbx", lambda p, _: ["--term", "en=Gubadly", "--term", "az=Qubadlı", "--glossary", p], NEW_GLOSSARY),
        _write(".tbx", lambda p, _: ["--term", "en=Gubadly", "--term", "az=Qubadlı", "--glossary", p]),
    ),
    "glossary remove": (_read(".tbx", lambda p, _: ["khojaly", "--glossary", p]),),
    "glossary import": (
        _read(".tbx", lambda p, j: [p, "--glossary", j.glossary]),
        _read(".csv", lambda p, j: [p, "--glossary", j.glossary]),
        _read(
            ".txt",
            lambda p, j: [p, "--glossary", j.glossary, "--source-lang", "en", "--target-lang", "az"],
            EMPTY_PAIRS,
        ),
        _read(".tbx", lambda p, j: [j.glossary, "--glossary", p], NEW_GLOSSARY),
        _write(".tbx", lambda p, j: [j.glossary, "--glossary", p]),
    ),
    "glossary export": (
        _read(".tbx", lambda p, _: ["--glossary", p]),
        _write(".tbx", lambda p, j: [p, "--glossary", j.glossary]),
        _write(".csv", lambda p, j: [p, "--glossary", j.glossary]),
    ),
    "qa": (
        _read(".po", lambda p, j: [p, "--glossary", j.glossary]),
        _read(".tmx", lambda p, j: [p, "--glossary", j.glossary]),
        _read(".xlf", lambda p, j: [p, "--glossary", j.glossary]),
        _read("doc", lambda p, j: [p, "--glossary", j.glossary]),
        _read(".tbx", lambda p, j: [j.po, "--glossary", p]),
    ),
    "score": (
        _read(".po", lambda p, j: [p, "--ref", j.po]),
        _read(".tmx", lambda p, j: [j.tmx, "--ref", p, "--lang", "az"]),
    ),
    "lookup": (_read(".db", lambda p, _: ["Shusha is a town.", "--memory", p], EMPTY_MEMORY),),
    "memory init": (_write(".db", lambda p, _: ["--memory", p]),),
    "memory stats": (_read(".db", lambda p, _: ["--memory", p], EMPTY_MEMORY),),
    "memory vacuum": (_read(".db", lambda p, _: ["--memory", p], EMPTY_MEMORY),),
    "analyze": (
        _read(".tmx", lambda p, j: [p, "--memory", j.memory]),
        _read("doc", lambda p, j: [p, "--memory", j.memory]),
        _read(".db", lambda p, j: [j.doc, "--memory", p], EMPTY_MEMORY),
    ),
    "pretranslate": (
        _read("doc", lambda p, j: [p, "--lang", "az", "--memory", j.memory]),
        _read(".db", lambda p, j: [j.doc, "--lang", "az", "--memory", p], EMPTY_MEMORY),
    ),
    "translate": (_read("doc", lambda p, _: [p, "--lang", "az"]),),
    "concordance": (
        _read(".db", lambda p, _: ["Shusha", "--memory", p], EMPTY_MEMORY),
        _read(".tbx", lambda p, j: ["Shusha", "--memory", j.memory, "--glossary", p]),
    ),
    "serve token add": (
        _read(
            ".json", lambda p, _: ["alice", "--tokens", p], ("missing", "a tokens file that does not exist yet is made")
        ),
        _write(".json", lambda p, _: ["alice", "--tokens", p]),
    ),
    "serve token list": (_read(".json", lambda p, _: ["--tokens", p], NO_TOKENS),),
    "serve token revoke": (_read(".json", lambda p, _: ["alice", "--tokens", p]),),
}


def _cases() -> Iterator[tuple[str, int, str]]:
    for command in COMMANDS:
        for number, feed in enumerate(FEEDS.get(command, ())):
            for case in OUTPUT_CASES if feed.kind.startswith("out:") else INPUT_CASES:
                yield command, number, case


CASES = list(_cases())


def test_every_command_is_fed() -> None:
    unknown = [command for command in COMMANDS if not FEEDS.get(command)]
    assert not unknown, (
        f"add {', '.join(unknown)} to FEEDS in {Path(__file__).name}: how to hand it a file to read "
        "or a place to write, so that bad input is tried on it too"
    )
    assert not set(FEEDS) - set(COMMANDS), f"FEEDS names commands the app does not have: {set(FEEDS) - set(COMMANDS)}"


def _snapshot(root: Path) -> dict[str, bytes]:
    """Every file of the project but the memory (SQLite may touch its own files when it opens)."""
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file() and ".db" not in p.name
    }


@pytest.mark.parametrize(("command", "number", "case"), CASES, ids=[f"{c}[{n}]-{k}" for c, n, k in CASES])
def test_bad_input_is_one_error_line_naming_the_path(project: Project, command: str, number: int, case: str) -> None:
    feed = FEEDS[command][number]
    bad_place = project.root / "bad"
    bad_place.mkdir()
    if feed.kind.startswith("out:"):
        ext = feed.kind.removeprefix("out:")
        path = bad_output(case, "out" if ext == "folder" else f"out{ext}", bad_place)
        if ext == "folder" and case == "directory":  # a folder output into an existing folder is fine:
            path.rmdir()  # its counterpart is a plain file where the folder should be
            path.write_text("kept\n")
    else:
        path = bad_input(case, feed.kind, bad_place)
    before = _snapshot(project.root)
    try:
        result = runner.invoke(app, [*command.split(), *(str(a) for a in feed.args(path, project))])
        after = _snapshot(project.root)
        missing_root_made = case == "missing-root" and path.parents[1].exists()
    finally:
        if case == "missing-root":
            shutil.rmtree(path.parents[1], ignore_errors=True)
    reason = dict(feed.accepts).get(case)
    if reason is not None:
        assert result.exit_code == 0, f"{reason}, yet: {result.output}"
        return
    errors = [line for line in result.stderr.splitlines() if line.startswith("tm: error:")]
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert result.exit_code == 2, result.output
    assert len(errors) == 1, result.stderr
    assert str(path) in errors[0], errors[0]
    assert after == before, "a command that failed changed files of the project"
    assert not missing_root_made, f"{path.parents[1]} was made at the filesystem root"


def test_an_oserror_the_library_did_not_wrap_is_still_one_line_naming_the_file(tmp_path: Path) -> None:
    from tm.cli._output import guarded

    probe = typer.Typer()
    probe.command()(guarded(lambda: (tmp_path / "gone.txt").read_bytes()))
    result = runner.invoke(probe, [])
    assert result.exit_code == 2 and not isinstance(result.exception, OSError)
    assert result.stderr.splitlines() == [f"tm: error: {tmp_path / 'gone.txt'}: No such file or directory"]


def test_build_reports_a_target_that_is_a_folder(project: Project) -> None:
    project.tmx.unlink()
    project.tmx.mkdir()
    before = _snapshot(project.root)
    result = runner.invoke(app, ["build", "--root", str(project.segments)])
    assert result.exit_code == 2 and (result.exception is None or isinstance(result.exception, SystemExit))
    assert [line for line in result.stderr.splitlines() if line.startswith("tm: error:")] == [
        f"tm: error: {project.tmx}: cannot write: it is a folder"
    ]
    assert _snapshot(project.root) == before
