import json
import shutil
import subprocess
from pathlib import Path

from lxml import etree
from typer.testing import CliRunner

from tests.conftest import REPO
from tm.cli.app import app
from tm.formats import po, tmx
from tm.model import Origin, Status

runner = CliRunner()
DATA = Path(__file__).parent.parent / "data" / "align"
EN, AZ, RU = DATA / "khojaly.en.txt", DATA / "khojaly.az.txt", DATA / "khojaly.ru.txt"


def gold(name: str) -> list[dict]:
    return json.loads((DATA / f"{name}.gold.json").read_text("utf-8"))


def test_json_lists_links_with_indices_across_the_document() -> None:
    result = runner.invoke(app, ["align", str(EN), str(RU), "--from", "en", "--to", "ru", "--format", "json"])
    assert result.exit_code == 0, result.output
    links = json.loads(result.stdout)
    assert [{"source": link["source"], "target": link["target"]} for link in links] == gold("khojaly.en-ru")
    assert list(links[0])[:3] == ["source", "target", "confidence"]
    assert all(0 <= link["confidence"] <= 1 for link in links)
    assert result.stdout.startswith('[\n{"source": [0], "target": [0], "confidence": ')
    assert "links" in result.stderr and "align:gc+anchors" in result.stderr


def test_default_output_is_tsv_with_drafts_marked() -> None:
    result = runner.invoke(app, ["align", str(EN), str(AZ), "--to", "az"])
    assert result.exit_code == 0, result.output
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert rows[0][:4] == ["source_ids", "target_ids", "confidence", "status"]
    omitted = next(row for row in rows[1:] if row[1] == "-")
    assert omitted[3] == "draft" and "omission" in omitted[6]


def test_tmx_output_holds_aligned_units_and_drafts(tmp_path: Path) -> None:
    out = tmp_path / "khojaly.en-az.tmx"
    result = runner.invoke(app, ["align", str(EN), str(AZ), "--to", "az", "-o", str(out), "--threshold", "0.95"])
    assert result.exit_code == 0, result.output
    units = list(tmx.read(out))
    assert len(units) == sum(1 for link in gold("khojaly.en-az") if link["source"] and link["target"])
    assert all(u.origin is Origin.ALIGNED for u in units)
    drafts = [u for u in units if u.target("az").status is Status.DRAFT]
    assert drafts and all("below threshold 0.95" in u.target("az").notes[0] for u in drafts)
    dtd = etree.DTD(str(REPO / "tm" / "data" / "tmx14.dtd"))
    assert dtd.validate(etree.parse(str(out))), dtd.error_log


def test_po_output_is_valid_with_fuzzy_drafts_and_reasons(tmp_path: Path) -> None:
    out = tmp_path / "khojaly.ru.po"
    result = runner.invoke(app, ["align", str(EN), str(RU), "--to", "ru", "-o", str(out), "--threshold", "0.9"])
    assert result.exit_code == 0, result.output
    text = out.read_text("utf-8")
    assert "#, fuzzy" in text and "X-Tm-Origin: aligned" in text
    units = list(po.read(out))
    assert all(u.origin is Origin.ALIGNED for u in units)
    assert any(u.targets["ru"].status is Status.DRAFT and "below threshold" in u.targets["ru"].notes[0] for u in units)
    if shutil.which("msgfmt"):
        check = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(out)], capture_output=True)
        assert check.returncode == 0, check.stderr


def test_segmented_input(tmp_path: Path) -> None:
    source = tmp_path / "en.txt"
    target = tmp_path / "az.txt"
    source.write_text(
        "Azerbaijan marked the 31st anniversary on Sunday.\nThousands walked to the memorial.\n\n"
        "613 civilians were killed.\n1,275 people were taken hostage.\n",
        encoding="utf-8",
    )
    target.write_text(
        "Azərbaycan bazar günü 31-ci ildönümünü qeyd edib.\nMinlərlə insan abidəyə yürüş edib.\n\n"
        "613 dinc sakin qətlə yetirilib.\n1 275 nəfər girov götürülüb.\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["align", str(source), str(target), "--to", "az", "--segmented", "-f", "json"])
    assert result.exit_code == 0, result.output
    assert [(link["source"], link["target"]) for link in json.loads(result.stdout)] == [
        ([0], [0]),
        ([1], [1]),
        ([2], [2]),
        ([3], [3]),
    ]


def test_glossary_option(tmp_path: Path) -> None:
    glossary = REPO / "glossaries" / "article-2023-02-23.tbx"
    result = runner.invoke(app, ["align", str(EN), str(AZ), "--to", "az", "-f", "json", "--glossary", str(glossary)])
    assert result.exit_code == 0, result.output
    links = json.loads(result.stdout)
    assert [{"source": link["source"], "target": link["target"]} for link in links] == gold("khojaly.en-az")
    assert any("khojaly" in " ".join(link["reasons"]) for link in links)


def test_empty_target_exits_2_naming_the_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.az.txt"
    empty.write_text("\n", encoding="utf-8")
    result = runner.invoke(app, ["align", str(EN), str(empty), "--to", "az"])
    assert result.exit_code == 2
    assert "empty.az.txt" in result.stderr and "target text is empty" in result.stderr
    assert result.stdout == ""


def test_russian_text_given_as_azerbaijani_exits_2() -> None:
    result = runner.invoke(app, ["align", str(EN), str(RU), "--to", "az"])
    assert result.exit_code == 2
    assert "not in az" in result.stderr and "Cyrillic" in result.stderr


def test_target_far_longer_than_the_source_exits_2(tmp_path: Path) -> None:
    doubled = tmp_path / "doubled.az.txt"
    doubled.write_text(AZ.read_text("utf-8") * 2, encoding="utf-8")
    result = runner.invoke(app, ["align", str(EN), str(doubled), "--to", "az", "-f", "json"])
    assert result.exit_code == 2
    assert "far longer than a translation" in result.stderr
    assert result.stdout == ""


def test_tmx_without_an_output_file_is_a_usage_error() -> None:
    result = runner.invoke(app, ["align", str(EN), str(AZ), "--to", "az", "--format", "tmx"])
    assert result.exit_code == 2
    assert "-o" in result.stderr


def test_output_format_is_checked_before_the_documents_are_read(tmp_path: Path) -> None:
    missing = tmp_path / "missing.az.txt"
    result = runner.invoke(app, ["align", str(EN), str(missing), "--to", "az", "--format", "po"])
    assert result.exit_code == 2
    assert "po output needs a file: give -o out.po" in result.stderr and "missing" not in result.stderr


def test_unknown_output_extension_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["align", str(EN), str(AZ), "--to", "az", "-o", str(tmp_path / "out.xyz")])
    assert result.exit_code == 2
    assert "give --format" in result.stderr
