"""SRX 2.0: reading rules (language map, cascade, break and no-break rules), exporting tm's own, and
two independent engines agreeing: choppa-srx (a port of the Java segment library) on our exported
rules against tm, and LanguageTool's rules through our importer against choppa-srx.

LanguageTool's segment.srx (LGPL) and the SRX 2.0 schema are read from the installed choppa-srx
package; nothing of them is copied here."""

import json
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from tm import srx
from tm.cli.app import app
from tm.errors import ParseError, UnsafeXMLError
from tm.segment import split_sentences

from .test_segment_lines import BULLETS, DASHES, HEADINGS, LETTERED, NUMBERED

choppa = pytest.importorskip("choppa")

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = (ROOT / "segments" / "article-2023-02-23" / "en.txt").read_text("utf-8")
# Our own texts: running prose with abbreviations, initials, quotes, numbers; lists after lead-ins.
TEXTS = {
    "en": [
        ARTICLE,
        "Mr. Karimov met Dr. Lee at 9 a.m. on Jan. 5. They spoke for an hour. “It went well,” he said.",
        "The U.S. delegation left early. J. R. Smith stayed. Was it planned? Nobody knows!",
        "Prices rose 3.5 percent in 2023. Wages did not.\n\nA new paragraph starts here. It ends here.",
        NUMBERED["en"][0],
        LETTERED["en"][0],
        BULLETS["en"][0],
        DASHES["en"][0],
        HEADINGS["en"][0],
    ],
    "ru": [
        "Проф. Мамедов выступил в 2023 г. в Баку. Зал слушал. «Мы помним», – сказал он.",
        "А. С. Пушкин жил на ул. Мойка, д. 12. Там музей. Что там теперь? Всё то же!",
        NUMBERED["ru"][0],
        LETTERED["ru"][0],
        BULLETS["ru"][0],
        DASHES["ru"][0],
        HEADINGS["ru"][0],
    ],
    "az": [
        "Prof. Məmmədov çıxış etdi. Sonra suallar verildi. H. Əliyev haqqında səh. 12-də yazılıb.",
        "Xocalıda 613 nəfər öldürüldü. 1275 nəfər girov götürüldü. “Biz unutmuruq”, – deyə o bildirib.",
        NUMBERED["az"][0],
        LETTERED["az"][0],
        BULLETS["az"][0],
        DASHES["az"][0],
        HEADINGS["az"][0],
    ],
}


def choppa_split(path: Path, lang: str, text: str, document: object = None) -> list[str]:
    document = document or choppa.SrxDocument(ruleset=str(path))
    return [s.strip() for s in choppa.SrxTextIterator(document, lang, text) if s.strip()]


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("srx") / "tm.srx"
    srx.write(srx.export_rules(["en", "ru", "az"]), path)
    return path


def test_export_is_valid_against_the_srx_20_schema(exported: Path) -> None:
    schema = etree.XMLSchema(etree.parse(str(choppa.SRX_2_XSD)))
    assert schema.validate(etree.parse(str(exported))), schema.error_log


def test_export_reads_back_as_the_same_rules(exported: Path) -> None:
    again = srx.read(exported)
    assert again == srx.export_rules(["en", "ru", "az"])
    assert not again.cascade
    assert again.rules_for("az-AZ") == again.languages["tm-az"]
    assert again.rules_for("tr") == again.languages["tm-generic"]


def test_writing_the_same_rules_again_changes_no_byte(exported: Path) -> None:
    before = exported.stat().st_mtime_ns
    assert srx.write(srx.export_rules(["en", "ru", "az"]), exported) is False
    assert exported.stat().st_mtime_ns == before


@pytest.mark.parametrize("lang", ["en", "ru", "az"])
def test_choppa_on_our_exported_rules_segments_as_tm_does(exported: Path, lang: str) -> None:
    document = choppa.SrxDocument(ruleset=str(exported))
    for text in TEXTS[lang]:
        assert choppa_split(exported, lang, text, document) == split_sentences(text, lang)


@pytest.fixture(scope="module")
def languagetool() -> srx.SrxRules:
    return srx.read(choppa.DEFAULT_SRX_RULESET)


@pytest.mark.parametrize("code", ["en", "ru", "az", "en_two", "ru_one"])
def test_languagetool_rules_through_our_importer_match_choppa(languagetool: srx.SrxRules, code: str) -> None:
    document = choppa.SrxDocument(ruleset=str(choppa.DEFAULT_SRX_RULESET))
    for text in TEXTS[code[:2]]:
        assert languagetool.split(text, code) == choppa_split(choppa.DEFAULT_SRX_RULESET, code, text, document)


def _srx(tmp_path: Path, body: str, cascade: str = "yes") -> Path:
    path = tmp_path / "rules.srx"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<srx xmlns="http://www.lisa.org/srx20" version="2.0">\n'
        f'<header segmentsubflows="yes" cascade="{cascade}"/>\n'
        f"<body>{body}</body></srx>\n",
        encoding="utf-8",
    )
    return path


_RULES = """
<languagerules>
  <languagerule languagerulename="Azerbaijani">
    <rule break="no"><beforebreak>\\bProf\\.</beforebreak><afterbreak>\\s</afterbreak></rule>
  </languagerule>
  <languagerule languagerulename="Default">
    <rule break="yes"><beforebreak>[.!?]</beforebreak><afterbreak>\\s</afterbreak></rule>
  </languagerule>
</languagerules>
<maprules>
  <languagemap languagepattern="az.*" languagerulename="Azerbaijani"/>
  <languagemap languagepattern="(az|en).*" languagerulename="Default"/>
</maprules>
"""


def test_cascading_applies_every_matching_language_rule(tmp_path: Path) -> None:
    rules = srx.read(_srx(tmp_path, _RULES, cascade="yes"))
    assert rules.split("Prof. Əliyev gəldi. Getdi.", "az") == ["Prof. Əliyev gəldi.", "Getdi."]
    assert rules.split("Prof. Smith came. He left.", "en") == ["Prof.", "Smith came.", "He left."]


def test_without_cascading_only_the_first_matching_map_applies(tmp_path: Path) -> None:
    rules = srx.read(_srx(tmp_path, _RULES, cascade="no"))
    assert rules.split("Prof. Əliyev gəldi. Getdi.", "az") == ["Prof. Əliyev gəldi. Getdi."]  # no break rule
    assert not rules.covers("ru")


def test_a_no_break_rule_cancels_only_the_break_rules_after_it(tmp_path: Path) -> None:
    body = """
<languagerules><languagerule languagerulename="x">
  <rule break="yes"><beforebreak>No\\.</beforebreak><afterbreak>\\s</afterbreak></rule>
  <rule break="no"><beforebreak>\\b\\p{Lu}\\.</beforebreak><afterbreak>\\s</afterbreak></rule>
  <rule break="yes"><beforebreak>\\.</beforebreak><afterbreak>\\s\\p{Lu}</afterbreak></rule>
</languagerule></languagerules>
<maprules><languagemap languagepattern=".*" languagerulename="x"/></maprules>
"""
    rules = srx.read(_srx(tmp_path, body))
    assert rules.split("Ask H. Aliyev. Say No. Go.", "en") == ["Ask H. Aliyev.", "Say No.", "Go."]


def test_a_bad_pattern_is_reported_with_its_line(tmp_path: Path) -> None:
    body = """<languagerules><languagerule languagerulename="x">
<rule break="yes"><beforebreak>[.!?</beforebreak><afterbreak>\\s</afterbreak></rule>
</languagerule></languagerules>
<maprules><languagemap languagepattern=".*" languagerulename="x"/></maprules>"""
    with pytest.raises(ParseError) as caught:
        srx.read(_srx(tmp_path, body))
    assert caught.value.line == 5 and "[.!?" in caught.value.message


def test_a_map_to_a_missing_language_rule_is_reported(tmp_path: Path) -> None:
    body = '<languagerules/><maprules><languagemap languagepattern=".*" languagerulename="nowhere"/></maprules>'
    with pytest.raises(ParseError, match="nowhere"):
        srx.read(_srx(tmp_path, body))


def test_entities_in_an_srx_file_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "evil.srx"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE srx [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'
        '<srx xmlns="http://www.lisa.org/srx20" version="2.0"><header/><body>&e;</body></srx>',
        encoding="utf-8",
    )
    with pytest.raises(UnsafeXMLError):
        srx.read(path)


runner = CliRunner()


def test_cli_segments_with_an_srx_file(tmp_path: Path) -> None:
    path = _srx(tmp_path, _RULES)
    result = runner.invoke(
        app,
        ["segment", "-", "--lang", "az", "--srx", str(path), "--format", "json"],
        input="Prof. Əliyev gəldi. Getdi.\n\nSon.",
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [[s["text"] for s in p["sentences"]] for p in data["paragraphs"]] == [
        ["Prof. Əliyev gəldi.", "Getdi."],
        ["Son."],
    ]


def test_cli_falls_back_to_tm_rules_with_a_warning_for_a_language_the_file_lacks(tmp_path: Path) -> None:
    path = _srx(tmp_path, _RULES)
    result = runner.invoke(
        app, ["segment", "-", "--lang", "ru", "--srx", str(path)], input="Проф. Мамедов пришёл. Он ушёл."
    )
    assert result.exit_code == 0
    assert result.stdout.splitlines() == ["Проф. Мамедов пришёл.", "Он ушёл."]
    assert "no rules for language 'ru'" in result.stderr


def test_cli_a_broken_srx_file_is_one_error_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.srx"
    path.write_text("<srx><header>", encoding="utf-8")
    result = runner.invoke(app, ["segment", "-", "--lang", "en", "--srx", str(path)], input="A. B.")
    assert result.exit_code == 2
    assert result.stderr.startswith("tm: error:") and "Traceback" not in result.stderr


def test_cli_export_writes_valid_srx_for_the_languages_asked(tmp_path: Path) -> None:
    path = tmp_path / "rules.srx"
    result = runner.invoke(app, ["srx", "export", "--lang", "az", "-o", str(path)])
    assert result.exit_code == 0, result.output
    rules = srx.read(path)
    assert list(rules.languages) == ["tm-az", "tm-generic"]
    schema = etree.XMLSchema(etree.parse(str(choppa.SRX_2_XSD)))
    assert schema.validate(etree.parse(str(path)))
