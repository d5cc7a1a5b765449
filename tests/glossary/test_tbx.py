"""TBX v2 and v3: round trips, the v3 RELAX NG schema, OmegaT's reader, safe and located errors."""

import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from lxml import etree

from tests.glossary.strategies import glossaries
from tm.errors import ParseError, UnsafeXMLError
from tm.glossary import Glossary, TermStatus, read_glossary
from tm.glossary.formats import tbx

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = ROOT / "glossaries" / "article-2023-02-23.tbx"
DATA = ROOT / "tests" / "data" / "glossary"
RNG = ROOT.parent / "shared" / "spec" / "TBXcoreStructV03.rng"
if not RNG.exists():
    RNG = Path("/work/shared/spec/TBXcoreStructV03.rng")
OMEGAT_CHECK = Path("/work/shared/tools/omegat_check.sh")


def test_article_glossary_file_is_what_export_writes() -> None:
    glossary = read_glossary(ARTICLE)
    assert tbx.dumps(glossary, 2) == ARTICLE.read_bytes()


def test_v2_has_no_namespace_and_the_martif_layout() -> None:
    root = etree.fromstring(ARTICLE.read_bytes())
    assert root.tag == "martif" and root.nsmap == {}
    assert root.find("text/body/termEntry/langSet/tig/term") is not None


@settings(max_examples=40)
@given(glossaries())
def test_v2_and_v3_round_trip_without_loss(tmp_path_factory: pytest.TempPathFactory, glossary: Glossary) -> None:
    folder = tmp_path_factory.mktemp("tbx")
    for version in (2, 3):
        path = folder / f"g{version}.tbx"
        tbx.write_glossary(glossary, path, version)
        expected = glossary.to_dict()
        if version == 3:  # TBX-Basic alone: tm's own entry fields are left out
            for entry in expected["entries"]:
                entry.update(exact_case=False, policy="")
        assert read_glossary(path).to_dict() == expected


@pytest.fixture(scope="module")
def relaxng() -> etree.RelaxNG:
    if not RNG.exists():
        pytest.skip("TBXcoreStructV03.rng not found")
    return etree.RelaxNG(etree.parse(str(RNG)))


def test_v3_export_of_the_article_validates_against_the_rng(relaxng: etree.RelaxNG) -> None:
    document = etree.fromstring(tbx.dumps(read_glossary(ARTICLE), 3))
    assert relaxng.validate(document), relaxng.error_log


@settings(max_examples=25)
@given(glossaries())
def test_v3_export_always_validates(relaxng: etree.RelaxNG, glossary: Glossary) -> None:
    assert relaxng.validate(etree.fromstring(tbx.dumps(glossary, 3))), relaxng.error_log


def test_v3_uses_tbx_basic_data_categories_only() -> None:
    document = etree.fromstring(tbx.dumps(read_glossary(ARTICLE), 3))
    ns = {"t": tbx.TBX3_NS}
    assert document.get("type") == "TBX-Basic" and document.get("style") == "dca"
    assert {e.get("type") for e in document.iterfind(".//t:termNote", ns)} <= {
        "administrativeStatus",
        "partOfSpeech",
        "termType",
    }
    assert {e.get("type") for e in document.iterfind(".//t:descrip", ns)} <= {"subjectField", "definition"}


def test_reads_tbx_default_statuses_and_ntig(tmp_path: Path) -> None:
    path = tmp_path / "other.tbx"
    path.write_text(
        """<?xml version="1.0"?>
<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">
<martif type="TBX" xml:lang="en"><martifHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc>
</martifHeader><text><body>
<termEntry id="k"><langSet xml:lang="az">
  <ntig><termGrp><term>Xocalı</term></termGrp></ntig>
  <tig><term>Xocali</term><termNote type="administrativeStatus">forbidden</termNote></tig>
  <tig><term>Hocalı</term><termNote type="administrativeStatus">supersededTerm-admn-sts</termNote></tig>
</langSet></termEntry></body></text></martif>""",
        encoding="utf-8",
    )
    entry = read_glossary(path).get("k")
    assert [(t.text, t.status) for t in entry.terms_in("az")] == [
        ("Xocalı", TermStatus.UNSPECIFIED),  # the file says nothing: kept so, not made preferred
        ("Xocali", TermStatus.FORBIDDEN),
        ("Hocalı", TermStatus.FORBIDDEN),
    ]


def test_broken_tbx_names_file_and_line() -> None:
    with pytest.raises(ParseError) as info:
        read_glossary(DATA / "broken.tbx")
    assert info.value.path.endswith("broken.tbx") and info.value.line == 7


def test_tig_without_term_names_its_line() -> None:
    with pytest.raises(ParseError) as info:
        read_glossary(DATA / "tig_without_term.tbx")
    assert info.value.line == 6 and "term" in info.value.message


def test_entity_declarations_are_refused() -> None:
    with pytest.raises(UnsafeXMLError):
        read_glossary(DATA / "entities.tbx")


@pytest.mark.skipif(shutil.which("omegat") is None or not OMEGAT_CHECK.exists(), reason="OmegaT is not installed")
def test_omegat_reads_every_entry_of_the_v2_export(tmp_path: Path) -> None:
    glossary = read_glossary(ARTICLE)
    source = ROOT / "segments" / "article-2023-02-23" / "en.txt"
    report = tmp_path / "report.tsv"
    result = subprocess.run(
        [
            "bash",
            str(OMEGAT_CHECK),
            f"--glossary={ARTICLE}",
            f"--report={report}",
            str(source),
            "none",
            "en-US",
            "az-AZ",
            str(tmp_path / "out.txt"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    rows = [line.split("\t") for line in report.read_text(encoding="utf-8").splitlines()]
    # OmegaT 3.6 pairs every source term of an entry with every target term.
    expected = sum(len(e.terms_in("en")) * len(e.terms_in("az")) for e in glossary)
    assert ["GLOSSARY_FILE", ARTICLE.name, str(expected)] in rows
    sources = {row[2] for row in rows if row[0] == "GLOSSARY_ENTRY"}
    assert {e.preferred("en").text for e in glossary} <= sources


# --------------------------------------------------------------------------- files from other tools (issue 21)

GLOSSARY_DATA = Path(__file__).resolve().parents[1] / "data" / "glossary"


def _statuses(path: Path) -> dict[str, dict[str, str]]:
    return {e.id: {t.text: t.status.value for terms in e.terms.values() for t in terms} for e in read_glossary(path)}


def test_tbx_min_usage_status_is_read() -> None:
    assert _statuses(GLOSSARY_DATA / "tbx_min_usage_status.tbx") == {
        "p1": {"stamping press": "admitted", "punch press": "forbidden", "press": "preferred",
               "Stanzpresse": "unspecified"},
    }  # fmt: skip
    assert read_glossary(GLOSSARY_DATA / "tbx_min_usage_status.tbx").get("p1").type == "manufacturing"


def test_dct_style_and_normative_authorization_with_every_standard_value() -> None:
    assert _statuses(GLOSSARY_DATA / "tbx3_dct_status.tbx") == {
        "v1": {"valve": "admitted", "check valve": "preferred", "clack": "forbidden", "clapet": "preferred",
               "soupape": "unspecified"},
    }  # fmt: skip


def test_a_status_the_standard_does_not_define_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "odd.tbx"
    path.write_text((GLOSSARY_DATA / "tbx3_dct_status.tbx").read_text().replace("legalTerm", "coolTerm"))
    with pytest.raises(ParseError, match="coolTerm"):
        read_glossary(path)


def test_unspecified_is_kept_on_write_and_counts_as_admitted(tmp_path: Path) -> None:
    glossary = read_glossary(GLOSSARY_DATA / "tbx3_dct_status.tbx")
    entry = glossary.get("v1")
    assert [t.text for t in entry.allowed("fr")] == ["clapet", "soupape"]
    assert [t.text for t in entry.admitted("fr")] == ["soupape"]
    written = tbx.dumps(glossary)
    assert written.count(b"administrativeStatus") == 4  # soupape has none, as in the file read
    (tmp_path / "back.tbx").write_bytes(written)
    assert read_glossary(tmp_path / "back.tbx").get("v1").terms_in("fr")[1].status is TermStatus.UNSPECIFIED


def test_an_empty_term_placeholder_is_skipped_and_reported() -> None:
    glossary = read_glossary(GLOSSARY_DATA / "multiterm_empty_term.tbx")
    assert list(glossary.entries) == ["m1", "m2"]
    assert glossary.get("m1").langs == ["en"]
    (skipped,) = glossary.skipped
    assert ":10:" in skipped and "'m1'" in skipped and "empty <term>" in skipped


def test_definitions_have_their_white_space_collapsed() -> None:
    entry = read_glossary(GLOSSARY_DATA / "multiterm_empty_term.tbx").get("m1")
    assert entry.definition == "A device that regulates the flow of a fluid."
