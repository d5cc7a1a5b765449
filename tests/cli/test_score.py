import json
from pathlib import Path

from typer.testing import CliRunner

from tm.cli.app import app

runner = CliRunner()
AZ_PO = Path(__file__).resolve().parent.parent / "data" / "qa" / "article_az.po"


def test_score_json_of_a_po_against_itself():
    result = runner.invoke(app, ["score", str(AZ_PO), "--ref", str(AZ_PO), "--worst", "3", "--format", "json"])
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert (report["bleu"], report["chrf"], report["ter"]) == (100.0, 100.0, 0.0)
    assert report["matched_by"] == "id" and report["scored"] == 10 and len(report["units"]) == 3
    assert report["signatures"]["bleu"].startswith("nrefs:1|case:mixed|eff:no|tok:13a")


def test_score_text_shows_scores_with_signatures(tmp_path):
    hyp = tmp_path / "hyp.txt"
    hyp.write_text("Bu tamamilə başqa cümlədir.\n", encoding="utf-8")
    result = runner.invoke(app, ["score", str(hyp), "--ref", str(AZ_PO)])
    assert result.exit_code == 0
    assert "units paired by position: 1" in result.stdout
    assert any(line.startswith("chrF++") and "nw:2" in line for line in result.stdout.splitlines())


def test_score_cannot_run_on_a_missing_file(tmp_path):
    assert runner.invoke(app, ["score", str(tmp_path / "none.po"), "--ref", str(AZ_PO)]).exit_code == 2
