"""tm new and the project around the current folder: every command from any subfolder; outside
a project the commands that need one say so (exit 2), the others work anywhere."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tm.cli.app import app
from tm.formats import po
from tm.memory import open_memory
from tm.model import Variant

DATA = Path(__file__).resolve().parent.parent / "data"
TEXT = "The Ombudsman met students on 5 March 2024. She spoke about their rights.\n\nThe meeting lasted two hours.\n"
runner = CliRunner()


def invoke(*args: object):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty project (tm.toml with targets az, ru) as the current folder, and a text to add."""
    (tmp_path / "proj").mkdir()
    (tmp_path / "proj" / "tm.toml").write_text('targets = ["az", "ru"]\n', encoding="utf-8")
    (tmp_path / "news.txt").write_text(TEXT, encoding="utf-8")
    monkeypatch.chdir(tmp_path / "proj")
    return tmp_path / "proj"


def test_new_then_status_build_and_render_from_inside_segments(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke("new", "news-2024-03-05", "--source", "../news.txt", "--from", "en", "--to", "az", "--to", "ru")
    assert result.exit_code == 0, result.output
    folder = project / "segments" / "news-2024-03-05"
    assert sorted(p.name for p in folder.iterdir()) == [
        "az.po", "document.toml", "en.txt", "news-2024-03-05.pot", "news-2024-03-05.tmx", "ru.po",
    ]  # fmt: skip
    monkeypatch.chdir(project / "segments")
    rows = json.loads(invoke("status", "--format", "json").stdout)
    assert [(r["document"], r["lang"], r["units"]) for r in rows] == [
        ("news-2024-03-05", "az", 3), ("news-2024-03-05", "ru", 3),
    ]  # fmt: skip
    catalog = po.load(folder / "az.po")
    catalog.units[0].targets = {"az": Variant.of("az", "Ombudsman 5 mart 2024-cü ildə tələbələrlə görüşüb.")}
    po.write(catalog.units, folder / "az.po", lang="az")
    monkeypatch.chdir(folder)
    build = json.loads(invoke("build", "--format", "json").stdout)
    assert build["documents"] == ["news-2024-03-05"]
    rendered = invoke("render", "news-2024-03-05", "--lang", "az")
    assert rendered.exit_code == 0 and rendered.stdout.startswith("Ombudsman 5 mart 2024-cü ildə")


def test_new_without_languages_takes_the_projects(project: Path) -> None:
    assert invoke("new", "news", "--source", "../news.txt").exit_code == 0
    assert (project / "segments" / "news" / "document.toml").read_text(encoding="utf-8") == (
        'source = "en.txt"\nsource_lang = "en"\ntargets = ["az", "ru"]\n'
    )


def test_new_outside_a_project_starts_one_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "news.txt").write_text(TEXT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert invoke("new", "news", "--source", "news.txt", "--from", "en").exit_code == 0
    assert (tmp_path / "tm.toml").is_file()
    rows = json.loads(invoke("status", "--format", "json").stdout)
    assert [(r["document"], r["lang"]) for r in rows] == [("news", None)]


def test_a_refused_new_outside_a_project_leaves_nothing_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "empty.txt").write_text("\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = invoke("new", "news", "--source", "empty.txt")
    assert result.exit_code == 2 and "the source text is empty" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.txt"]


def test_a_text_in_a_folder_without_document_toml_is_named_in_a_warning(project: Path) -> None:
    stray = project / "segments" / "news-2024-03-05"
    stray.mkdir(parents=True)
    (stray / "en.txt").write_text(TEXT, encoding="utf-8")
    result = invoke("build")
    assert result.exit_code == 0
    assert "news-2024-03-05: not a document" in result.stderr


def test_a_misspelled_key_in_document_toml_is_exit_2_naming_file_and_key(project: Path) -> None:
    invoke("new", "news", "--source", "../news.txt")
    toml = project / "segments" / "news" / "document.toml"
    toml.write_text('source = "en.txt"\ntarget = ["az"]\n', encoding="utf-8")
    result = invoke("status")
    assert result.exit_code == 2
    assert f"tm: error: {toml}:2: unknown key 'target'" in result.stderr
    assert "did you mean 'targets'?" in result.stderr


@pytest.mark.parametrize(
    "args",
    [["status"], ["build"], ["render", "doc", "--lang", "az"], ["qa"], ["glossary", "list"], ["lookup", "A sentence."]],
)
def test_outside_a_project_commands_that_need_one_say_so_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TM_MEMORY")
    result = invoke(*args)
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith("tm: error: not inside a tm project")


def test_commands_that_need_no_project_work_anywhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TM_MEMORY")
    en, az = DATA / "align" / "khojaly.en.txt", DATA / "align" / "khojaly.az.txt"
    assert invoke("segment", en, "--lang", "en").exit_code == 0
    assert invoke("align", en, az, "--from", "en", "--to", "az", "-o", "k.tmx").exit_code == 0
    assert invoke("tmx", "check", "k.tmx").exit_code == 0
    with open_memory(str(tmp_path / "m.db")) as memory:
        memory.import_file(tmp_path / "k.tmx")
    assert invoke("lookup", "Khojaly", "--memory", tmp_path / "m.db").exit_code == 0
    qa_po = DATA / "qa" / "article_az.po"
    assert invoke("score", qa_po, "--ref", qa_po).exit_code == 0


def test_new_help_shows_the_whole_document_toml_schema() -> None:
    from tm.document import document_schema

    result = invoke("new", "--help")
    assert result.exit_code == 0
    for line in document_schema().splitlines():
        assert " ".join(line.split()) in " ".join(result.stdout.split())
