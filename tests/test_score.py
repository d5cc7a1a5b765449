from pathlib import Path

import pytest
from sacrebleu.metrics import BLEU, CHRF, TER

from tm import formats
from tm.errors import TmError
from tm.formats import po
from tm.model import Variant
from tm.score import Segment, Segments, read_segments, score, score_files

AZ_PO = Path(__file__).parent / "data" / "qa" / "article_az.po"


def perturbed_copy(tmp_path: Path) -> Path:
    """The az PO with some words changed, one unit dropped, and the units in reverse order."""
    units = list(formats.read(AZ_PO))
    for unit in units[::3]:
        text = unit.targets["az"].text
        unit.targets["az"] = Variant.of("az", text.replace("qətlə yetiriblər", "öldürüblər").replace(" ", " bu ", 1))
    kept = units[1:][::-1]
    path = tmp_path / "mt_az.po"
    po.write(kept, path, lang="az", source_lang="en")
    return path


def test_score_of_a_po_against_itself_is_perfect():
    report = score_files(AZ_PO, AZ_PO)
    # sacrebleu's BLEU of identical text is 100 up to floating point (100.00000000000004).
    assert (report.bleu, report.chrf, report.ter) == (pytest.approx(100), 100.0, 0.0)
    assert report.to_dict()["bleu"] == 100.0
    assert report.matched_by == "id" and report.complete and len(report.units) == 10


def test_score_matches_sacrebleu_computed_directly_pairing_by_id(tmp_path):
    hyp_path = perturbed_copy(tmp_path)
    report = score_files(hyp_path, AZ_PO, "az")
    refs = {u.id: u.targets["az"].text for u in formats.read(AZ_PO)}
    hyps = {u.id: u.targets["az"].text for u in formats.read(hyp_path)}
    ids = [i for i in refs if i in hyps]
    h, r = [hyps[i] for i in ids], [[refs[i] for i in ids]]
    assert report.bleu == BLEU(tokenize="13a").corpus_score(h, r).score
    assert report.chrf == CHRF(word_order=2).corpus_score(h, r).score
    assert report.ter == TER().corpus_score(h, r).score
    assert 0 < report.bleu < 100
    assert report.missing == ["u01"] and report.extra == []


def test_score_records_sacrebleu_signatures():
    signatures = score_files(AZ_PO, AZ_PO).signatures
    assert "tok:13a" in signatures["bleu"] and "nw:2" in signatures["chrf"] and "tok:tercom" in signatures["ter"]


def test_score_lists_the_worst_units_first(tmp_path):
    report = score_files(perturbed_copy(tmp_path), AZ_PO)
    worst = report.worst(2)
    assert worst[0].chrf <= worst[1].chrf < 100
    assert report.to_dict(worst=2)["units"] == [u.to_dict() for u in worst]


def test_score_pairs_plain_text_by_position_and_reports_the_unpaired(tmp_path):
    lines = [u.targets["az"].text for u in formats.read(AZ_PO)]
    text = tmp_path / "hyp.txt"
    text.write_text("\n".join(lines[:8]) + "\n\n", encoding="utf-8")
    report = score_files(text, AZ_PO)
    assert report.matched_by == "position"
    assert report.missing == ["9", "10"] and len(report.units) == 8 and report.bleu == pytest.approx(100)
    assert report.unpaired() == ["2 reference unit(s) without a hypothesis: 9, 10"]


def test_score_reads_a_tmx_in_the_language_asked_for(tmp_path):
    units = list(formats.read(AZ_PO))
    ru = {u.id: u.targets["ru"] for u in formats.read(AZ_PO.with_name("article_ru.po"))}
    for unit in units:
        unit.targets["ru"] = ru[unit.id]
    tmx = tmp_path / "article.tmx"
    formats.write(units, tmx, srclang="en")
    with pytest.raises(TmError, match="several target languages"):
        read_segments(tmx)
    assert score_files(tmx, AZ_PO.with_name("article_ru.po"), "ru").bleu == pytest.approx(100)


def test_score_refuses_sets_with_nothing_in_common():
    hyp = Segments((Segment("a", "bir"),), True)
    ref = Segments((Segment("b", "iki"),), True)
    with pytest.raises(TmError, match="no unit"):
        score(hyp, ref)
