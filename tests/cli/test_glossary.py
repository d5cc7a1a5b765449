"""`tm glossary ...` through the CLI: JSON output, exit codes, bad input leaves the glossary alone."""

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tm.cli.app import app

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = ROOT / "glossaries" / "article-2023-02-23.tbx"
runner = CliRunner()


@pytest.fixture
def glossary(tmp_path: Path) -> Path:
    path = tmp_path / "glossaries" / "g.tbx"
    path.parent.mkdir()
    shutil.copy(ARTICLE, path)
    return path


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["glossary", *args])
    return result.exit_code, result.stdout, result.stderr


def test_find_reports_entry_span_surface_form_and_ambiguity(glossary: Path) -> None:
    code, stdout, _ = _run(
        "find",
        "Xocalı soyqırımının ildönümü, Heydər Əliyev Fondunda",
        "--lang",
        "az",
        "--glossary",
        str(glossary),
        "--format",
        "json",
    )
    assert code == 0
    assert [(h["entry"], h["surface"], h["form"], h["ambiguous"]) for h in json.loads(stdout)] == [
        ("khojaly-genocide", "Xocalı soyqırımının", "preferred", False),
        ("heydar-aliyev-foundation", "Heydər Əliyev Fondunda", "preferred", False),
    ]


def test_list_and_show_print_json(glossary: Path) -> None:
    code, stdout, _ = _run("list", "--glossary", str(glossary), "--format", "json")
    assert code == 0 and len(json.loads(stdout)["entries"]) == 28
    code, stdout, _ = _run("show", "khojaly", "--glossary", str(glossary), "--format", "json")
    assert code == 0 and json.loads(stdout)["terms"]["az"][0]["text"] == "Xocalı"


def test_show_states_the_policy_and_the_case_rule(glossary: Path) -> None:
    code, stdout, _ = _run("show", "khankandi", "--glossary", str(glossary))
    assert code == 0 and "policy (a client's style may override it): Stepanakert" in stdout
    code, stdout, _ = _run("show", "khojaly-genocide-day", "--glossary", str(glossary), "--format", "json")
    assert json.loads(stdout)["exact_case"] is True
    assert "Xocalı soyqırımı günü" in [t["text"] for t in json.loads(stdout)["terms"]["az"]]


def test_check_exits_0_when_clean_and_1_on_errors(glossary: Path) -> None:
    assert _run("check", "--glossary", str(glossary))[0] == 0
    code, _, _ = _run("add", "--glossary", str(glossary), "--id", "baku", "--type", "place", "--term", "en=Baku")
    assert code == 0
    code, stdout, _ = _run("check", "--glossary", str(glossary), "--format", "json")
    assert code == 1
    assert {(i["check"], i["entry"]) for i in json.loads(stdout)["issues"]} == {("missing-language", "baku")}


def test_add_and_remove_edit_the_file(glossary: Path) -> None:
    code, _, _ = _run(
        "add",
        "--glossary",
        str(glossary),
        "--type",
        "place",
        "--term",
        "en=Shusha",
        "--term",
        "az=Şuşa",
        "--term",
        "ru=Шуша",
        "--forbidden",
        "en=Shushi",
    )
    assert code == 0
    _, stdout, _ = _run("find", "Şuşaya", "--lang", "az", "--glossary", str(glossary), "--format", "json")
    assert json.loads(stdout)[0]["entry"] == "shusha"
    assert _run("remove", "shusha", "--glossary", str(glossary))[0] == 0
    assert glossary.read_bytes() == ARTICLE.read_bytes()
    assert _run("remove", "shusha", "--glossary", str(glossary))[0] == 2


def test_export_is_deterministic_and_import_of_a_view_changes_nothing(glossary: Path) -> None:
    assert _run("export", "--glossary", str(glossary))[0] == 0
    views = sorted(glossary.parent.iterdir())
    assert [p.name for p in views] == ["g.csv", "g.en-az.txt", "g.en-ru.txt", "g.tbx"]
    before = {p.name: p.read_bytes() for p in views}
    assert _run("export", "--glossary", str(glossary))[0] == 0
    for name in ("g.csv", "g.en-az.txt"):
        code, stdout, _ = _run("import", str(glossary.parent / name), "--glossary", str(glossary), "--format", "json")
        assert code == 0 and json.loads(stdout)["added"] == []
    assert {p.name: p.read_bytes() for p in sorted(glossary.parent.iterdir())} == before


def test_export_to_tbx3(glossary: Path, tmp_path: Path) -> None:
    out = tmp_path / "v3.tbx"
    assert _run("export", str(out), "--to", "tbx3", "--glossary", str(glossary))[0] == 0
    assert b"urn:iso:std:iso:30042:ed-2" in out.read_bytes()


@pytest.mark.parametrize(
    ("name", "content", "line"),
    [
        ("bad.tbx", "<martif><text><body><termEntry id='a'>\n<langSet xml:lang='en'>\n</martif>\n", 3),
        ("bad.csv", "id,en,az\nk,Khojaly,Xocalı\nx,Y,Z,extra\n", 3),
    ],
)
def test_broken_import_exits_2_names_file_and_line_and_leaves_the_glossary(
    glossary: Path, tmp_path: Path, name: str, content: str, line: int
) -> None:
    bad = tmp_path / name
    bad.write_text(content, encoding="utf-8")
    before = glossary.read_bytes()
    code, _, stderr = _run("import", str(bad), "--glossary", str(glossary))
    assert code == 2
    assert f"{bad}:{line}" in stderr
    assert glossary.read_bytes() == before


def test_import_reports_entries_put_under_a_new_id_and_skipped_terms(tmp_path: Path) -> None:
    data = Path(__file__).resolve().parents[1] / "data" / "glossary"
    target = tmp_path / "g.tbx"
    shutil.copy(data / "concept_c1_mine.tbx", target)
    code, stdout, stderr = _run("import", str(data / "concept_c1_other.tbx"), "--glossary", str(target))
    assert code == 0 and "c1 -> c1-2" in stderr
    code, stdout, stderr = _run("import", str(data / "multiterm_empty_term.tbx"), "--glossary", str(target),
                                "--format", "json")  # fmt: skip
    assert code == 0
    assert len(json.loads(stdout)["skipped"]) == 1 and "empty <term>" in stderr


def test_add_refuses_the_terms_of_an_existing_entry_and_names_it(glossary: Path) -> None:
    before = glossary.read_bytes()
    code, _, stderr = _run("add", "--glossary", str(glossary), "--term", "en=KHOJALY", "--term", "az=Xocalı")
    assert code == 2
    assert "entry 'khojaly'" in stderr and "--replace" in stderr
    assert glossary.read_bytes() == before
    code, _, _ = _run("add", "--glossary", str(glossary), "--id", "khojaly", "--replace", "--term", "en=Khojaly")
    assert code == 0


def test_add_remove_and_import_keep_the_csv_and_omegat_views_in_step(glossary: Path, tmp_path: Path) -> None:
    assert _run("export", "--glossary", str(glossary))[0] == 0
    views = [glossary.with_suffix(".csv"), glossary.parent / "g.en-az.txt"]
    added = ["add", "--glossary", str(glossary), "--type", "place", "--term", "en=Gubadly", "--term", "az=Qubadlı"]
    assert _run(*added)[0] == 0
    assert all("Qubadlı" in view.read_text(encoding="utf-8-sig") for view in views)
    assert _run("remove", "gubadly", "--glossary", str(glossary))[0] == 0
    assert not any("Qubadlı" in view.read_text(encoding="utf-8-sig") for view in views)
    incoming = tmp_path / "client.en-az.txt"
    incoming.write_text("Zangilan\tZəngilan\n", encoding="utf-8")
    assert _run("import", str(incoming), "--glossary", str(glossary))[0] == 0
    assert all("Zəngilan" in view.read_text(encoding="utf-8-sig") for view in views)


def test_importing_a_missing_file_says_it_cannot_be_read(glossary: Path, tmp_path: Path) -> None:
    code, _, stderr = _run("import", str(tmp_path / "missing.txt"), "--glossary", str(glossary))
    assert code == 2
    assert f"{tmp_path / 'missing.txt'}: cannot read" in stderr and "tm glossary import" not in stderr
