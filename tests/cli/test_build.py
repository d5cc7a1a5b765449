"""CLI of the document workflow: build, status, render, export, import; exit codes and JSON."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from tests.conftest import ARTICLE, REPO, snapshot
from tm.cli.app import app
from tm.formats import po
from tm.model import Status, Variant

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, [str(a) for a in args])


def test_build_writes_files_and_reports_json(segments: Path) -> None:
    result = invoke("build", "--root", segments, "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert {Path(p).name for p in report["written"]} == {f"{ARTICLE}.pot", "az.po", "ru.po", f"{ARTICLE}.tmx"}
    again = json.loads(invoke("build", "--root", segments, "--format", "json").stdout)
    assert again["written"] == [] and len(again["unchanged"]) == 4


def test_build_with_lang_option_writes_only_that_language(segments: Path) -> None:
    assert invoke("build", "--root", segments, "--lang", "az").exit_code == 0
    assert (segments / ARTICLE / "az.po").exists() and not (segments / ARTICLE / "ru.po").exists()


def test_broken_po_exits_2_with_file_and_line_and_keeps_the_file(segments: Path) -> None:
    invoke("build", "--root", segments)
    az = segments / ARTICLE / "az.po"
    az.write_text(az.read_text("utf-8") + 'msgctxt "x"\nmsgid "broken\n', "utf-8")
    before = az.read_bytes()
    result = invoke("build", "--root", segments)
    assert result.exit_code == 2
    line = len(before.decode().splitlines())
    assert f"{az}:{line}:" in result.stderr and "Traceback" not in result.output
    assert az.read_bytes() == before


def test_status_json_lists_each_language(segments: Path) -> None:
    invoke("build", "--root", segments)
    rows = json.loads(invoke("status", "--root", segments, "--format", "json").stdout)
    assert [(r["lang"], r["units"], r["untranslated"]) for r in rows] == [("az", 16, 16), ("ru", 16, 16)]
    assert invoke("status", "--root", segments).exit_code == 0


def test_render_prints_or_refuses_with_strict(segments: Path, tmp_path: Path) -> None:
    invoke("build", "--root", segments)
    result = invoke("render", ARTICLE, "--root", segments, "--lang", "az")
    assert result.exit_code == 0 and result.stdout.startswith("[[en: Azerbaijani Human Rights")
    strict = invoke("render", segments / ARTICLE, "--lang", "az", "--strict")
    assert strict.exit_code == 2 and "16 of 16 sentences are not translated" in strict.stderr
    out = tmp_path / "article.az.txt"
    assert invoke("render", ARTICLE, "--root", segments, "--lang", "az", "-o", out).exit_code == 0
    assert out.read_text("utf-8").count("\n\n") == 11


def test_export_and_import_round_trip_through_the_cli(segments: Path, tmp_path: Path) -> None:
    invoke("build", "--root", segments)
    result = invoke("export", ARTICLE, "--root", segments, "--format", "po", "--lang", "ru", "-o", tmp_path)
    assert result.exit_code == 0, result.output
    returned = tmp_path / f"{ARTICLE}.ru.po"
    units = list(po.read(returned))
    units[0].targets = {"ru": Variant.of("ru", "Первое предложение.")}
    po.write(units, returned, lang="ru")
    result = invoke("import", returned, "--doc", ARTICLE, "--root", segments, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["updated"] == 1
    assert list(po.read(segments / ARTICLE / "ru.po"))[0].target("ru").text == "Первое предложение."
    assert invoke("export", ARTICLE, "--root", segments, "--format", "xliff", "-o", tmp_path).exit_code == 0
    assert (tmp_path / f"{ARTICLE}.az.xlf").exists()


def test_the_readme_round_trip_on_a_finished_document_changes_no_file(translated: Path, tmp_path: Path) -> None:
    shutil.copytree(REPO / "glossaries", translated.parent / "glossaries")
    folder, memory = translated / ARTICLE, tmp_path / "memory.db"
    before = snapshot(folder)
    assert invoke("build", "--root", translated).exit_code == 0
    assert invoke("import", folder / f"{ARTICLE}.tmx", "--memory", memory).exit_code == 0
    for lang in ("az", "ru"):
        result = invoke("pretranslate", ARTICLE, "--lang", lang, "--root", translated, "--memory", memory)
        assert result.exit_code == 0, result.output
        assert (
            invoke(
                "export", ARTICLE, "--format", "xliff", "--lang", lang, "--root", translated, "-o", tmp_path
            ).exit_code
            == 0
        )
        result = invoke("import", tmp_path / f"{ARTICLE}.{lang}.xlf", "--doc", ARTICLE, "--root", translated)
        assert result.exit_code == 0, result.output
        assert invoke("build", "--root", translated, "--lang", lang).exit_code == 0
    assert snapshot(folder) == before


def test_import_of_a_missing_file_names_it_and_exits_2(segments: Path) -> None:
    assert invoke("build", "--root", segments).exit_code == 0
    missing = segments.parent / "x.po"
    result = invoke("import", missing, "--doc", segments / "article-2023-02-23")
    assert result.exit_code == 2 and "x.po" in result.stderr and "Traceback" not in result.output


def test_import_without_doc_goes_to_the_memory_and_names_a_missing_file(tmp_path: Path) -> None:
    result = invoke("import", tmp_path / "x.po", "--memory", tmp_path / "m.db")
    assert result.exit_code == 2 and f"{tmp_path / 'x.po'}: cannot read" in result.stderr


def test_unknown_document_exits_2(segments: Path) -> None:
    result = invoke("render", "no-such-doc", "--root", segments, "--lang", "az")
    assert result.exit_code == 2 and "no document" in result.stderr


def test_export_tmx_only_reviewed_through_the_cli(segments: Path, tmp_path: Path) -> None:
    assert invoke("build", "--root", segments).exit_code == 0
    path = segments / ARTICLE / "az.po"
    catalog = po.load(path)
    catalog.units[0].targets = {"az": Variant.of("az", "Yoxlanmış cümlə.", status=Status.REVIEWED)}
    catalog.units[1].targets = {"az": Variant.of("az", "Tərcümə olunmuş cümlə.")}
    po.write(catalog.units, path, lang="az", project=ARTICLE)
    out = tmp_path / "out"
    result = invoke("export", ARTICLE, "--root", segments, "--format", "tmx", "--only", "reviewed", "-o", out)
    assert result.exit_code == 0, result.output
    text = (out / f"{ARTICLE}.tmx").read_text(encoding="utf-8")
    assert "Yoxlanmış cümlə." in text and "Tərcümə olunmuş cümlə." not in text
    assert invoke("export", "--format", "tmx", "--only", "reviewed", "-o", tmp_path / "m.tmx").exit_code == 2
