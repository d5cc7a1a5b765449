import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from tm import formats
from tm.cli.app import app
from tm.qa import CHECKS

runner = CliRunner()
QA = Path(__file__).resolve().parent.parent / "data" / "qa"
GLOSSARY = ["--glossary", str(QA / "glossary.tbx")]


def qa_json(*args: str):
    result = runner.invoke(app, ["qa", *args, "--format", "json"])
    return result.exit_code, json.loads(result.stdout) if result.stdout.strip() else None


def test_qa_flags_each_broken_unit_with_its_check_and_exits_1():
    code, report = qa_json(str(QA / "broken_az.po"), *GLOSSARY)
    assert code == 1
    found = {(i["unit"], i["check"]) for i in report["issues"]}
    units = {i["unit"] for i in report["issues"]}
    assert len(units) == 17
    for unit in units:
        assert (unit, unit.split("-", 1)[1]) in found, unit


def test_qa_text_output_is_one_line_per_finding_with_unit_check_and_severity():
    result = runner.invoke(app, ["qa", str(QA / "broken_az.po"), *GLOSSARY, "--check", "numbers"])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].endswith("b01-numbers [az] numbers error: number “631” (631) where the source has “613” (613)")
    assert all(" numbers error: " in line for line in lines)


def test_qa_passes_correct_translations_in_po_tmx_and_xliff(tmp_path):
    az, ru = QA / "article_az.po", QA / "article_ru.po"
    assert qa_json(str(az), str(ru), *GLOSSARY)[0] == 0
    units = list(formats.read(az))
    ru_targets = {u.id: u.targets["ru"] for u in formats.read(ru)}
    for unit in units:
        unit.targets["ru"] = ru_targets[unit.id]
    tmx, xliff = tmp_path / "article.tmx", tmp_path / "article.xlf"
    formats.write(units, tmx, srclang="en")
    formats.write(units, xliff, srclang="en", tgtlang="az")
    code, report = qa_json(str(tmx), str(xliff), *GLOSSARY)
    assert code == 0, report["issues"]
    assert [(c["lang"], c["units"]) for c in report["checked"]] == [("az-Latn", 10), ("ru", 10), ("az", 10)]


def test_qa_checks_every_document_and_language_of_a_project(tmp_path):
    root = tmp_path / "segments"
    shutil.copytree(QA / "project", root)
    code, report = qa_json("--root", str(root), *GLOSSARY)
    assert code == 0 and [c["lang"] for c in report["checked"]] == ["az", "ru"]
    code, report = qa_json("mini", "--root", str(root), "--lang", "ru", *GLOSSARY)
    assert code == 0 and [c["lang"] for c in report["checked"]] == ["ru"]


def test_qa_reports_an_untranslated_project_as_errors(segments):
    assert runner.invoke(app, ["build", "--root", str(segments)]).exit_code == 0
    code, report = qa_json("--root", str(segments), *GLOSSARY)
    assert code == 1 and report["counts"]["error"] > 0
    assert {i["check"] for i in report["issues"]} == {"empty"}


def test_qa_list_names_every_check_with_its_summary():
    result = runner.invoke(app, ["qa", "--list", "--format", "json"])
    assert result.exit_code == 0
    assert [c["name"] for c in json.loads(result.stdout)] == list(CHECKS)
    text = runner.invoke(app, ["qa", "--list"]).stdout
    assert "numbers" in text and "1,275 = 1 275" in text


def test_qa_cannot_run_on_a_missing_file_or_unknown_check(tmp_path):
    assert runner.invoke(app, ["qa", str(tmp_path / "nope.po")]).exit_code == 2
    assert runner.invoke(app, ["qa", str(QA / "article_az.po"), "--check", "nosuch"]).exit_code == 2


PO_DATA = Path(__file__).resolve().parent.parent / "data" / "po"


def test_qa_lang_is_the_language_of_a_po_without_a_language_header():
    code, report = qa_json(str(PO_DATA / "no_language.po"), "--lang", "nl", *GLOSSARY)
    assert (code, report["issues"]) == (0, [])
    assert [(c["lang"], c["units"]) for c in report["checked"]] == [("nl", 3)]


def test_qa_asks_for_the_language_when_nothing_tells_it():
    result = runner.invoke(app, ["qa", str(PO_DATA / "no_language.po"), *GLOSSARY])
    assert result.exit_code == 2
    assert "--lang" in result.stderr


def test_qa_reads_xliff_2():
    code, report = qa_json(str(QA.parent / "xliff2" / "segmented.xlf"), "--lang", "fr-FR", *GLOSSARY)
    assert code in (0, 1) and report["checked"]


def test_qa_names_a_missing_file_as_unreadable_not_as_a_document(tmp_path):
    result = runner.invoke(app, ["qa", str(tmp_path / "nope.po")])
    assert result.exit_code == 2
    assert f"{tmp_path / 'nope.po'}: cannot read" in result.stderr


def test_qa_with_a_glossary_path_that_does_not_exist_cannot_run(tmp_path):
    result = runner.invoke(app, ["qa", str(QA / "article_az.po"), "--glossary", str(tmp_path / "missing.tbx")])
    assert result.exit_code == 2
    assert str(tmp_path / "missing.tbx") in result.stderr


def test_qa_yo_option_sets_the_policy_of_the_yo_check(tmp_path):
    path = tmp_path / "ru.po"
    path.write_text(
        'msgid ""\nmsgstr ""\n"Language: ru\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgctxt "a1"\nmsgid "Once more."\nmsgstr "Ещё раз."\n',
        encoding="utf-8",
    )
    assert qa_json(str(path), "--check", "yo-policy")[1]["issues"] == []
    code, report = qa_json(str(path), "--check", "yo-policy", "--yo", "е")
    assert code == 0 and [(i["check"], i["severity"]) for i in report["issues"]] == [("yo-policy", "info")]
    assert qa_json(str(path), "--check", "yo-policy", "--yo", "ё")[1]["issues"] == []
    assert runner.invoke(app, ["qa", str(path), "--yo", "x"]).exit_code == 2
