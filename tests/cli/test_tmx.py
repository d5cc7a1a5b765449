"""`tm tmx check`: findings with lines, per profile, JSON on request, exit codes 0/1/2."""

import json
from pathlib import Path

from typer.testing import CliRunner

from tm.cli.app import app
from tm.formats import tmx
from tm.model import Unit, Variant

DATA = Path(__file__).resolve().parents[1] / "data" / "tmx"
runner = CliRunner()


def check(*args: str):
    return runner.invoke(app, ["tmx", "check", *args])


def findings(result) -> list[dict]:
    return json.loads(result.stdout)["findings"]


def test_a_file_we_write_for_trados_is_clean(tmp_path: Path) -> None:
    units = [Unit("u1", Variant.of("en", "Baku"), {"az": Variant.of("az", "Bakı")})]
    (path,) = tmx.write_pairs(units, tmp_path / "doc.tmx", srclang="en", profile="trados")
    result = check(str(path), "--profile", "trados", "--format", "json")
    assert result.exit_code == 0
    assert findings(result) == []


def test_duplicate_tuid_is_an_error_with_its_line() -> None:
    result = check(str(DATA / "duplicate_tuid.tmx"), "--format", "json")
    assert result.exit_code == 1
    dup = [f for f in findings(result) if f["check"] == "duplicate-tuid"]
    assert dup == [{"file": "", "line": 13, "unit": None, "entry": None, "lang": None, "check": "duplicate-tuid",
                    "severity": "error", "message": "tuid 'same' is used again (first at line 5)", "span": None,
                    "profiles": ["generic", "omegat", "trados", "memoq", "phrase"]}]  # fmt: skip


def test_tmx11_lang_attribute_is_reported_per_tuv() -> None:
    result = check(str(DATA / "tmx11_lang.tmx"), "--format", "json")
    assert result.exit_code == 1
    assert [f["line"] for f in findings(result) if f["check"] == "lang-attribute"] == [7, 10, 15, 18]
    assert any(f["check"] == "dtd" and "version" in f["message"] for f in findings(result))


def test_every_invalid_character_is_listed() -> None:
    result = check(str(DATA / "invalid_chars.tmx"), "--format", "json")
    assert result.exit_code == 1
    assert [(f["line"], f["check"]) for f in findings(result) if f["severity"] == "error"] == [
        (7, "invalid-char"),
        (10, "invalid-char"),
    ]


def test_profile_filters_what_another_tool_would_reject() -> None:
    everything = findings(check(str(DATA / "lang_case_underscore.tmx"), "--format", "json"))
    assert {f["check"] for f in everything} >= {"lang-underscore", "multilingual"}
    generic = check(str(DATA / "lang_case_underscore.tmx"), "--profile", "generic", "--format", "json")
    assert generic.exit_code == 0 and findings(generic) == []
    trados = findings(check(str(DATA / "lang_case_underscore.tmx"), "--profile", "trados", "--format", "json"))
    assert [f["line"] for f in trados if f["check"] == "multilingual"] == [5]


def test_encoding_problems_are_found() -> None:
    mismatch = findings(check(str(DATA / "encoding_mismatch.tmx"), "--format", "json"))
    assert [(f["line"], f["check"]) for f in mismatch if f["severity"] == "error"] == [(1, "encoding-mismatch")]
    no_bom = findings(check(str(DATA / "utf16_no_bom.tmx"), "--format", "json"))
    assert [f["check"] for f in no_bom] == ["utf16-no-bom"]
    assert findings(check(str(DATA / "utf16_bom_le.tmx"), "--format", "json")) == []


def test_truncated_file_reports_where_it_stopped() -> None:
    result = check(str(DATA / "truncated.tmx"), "--format", "json")
    assert result.exit_code == 1
    assert [(f["line"], f["check"]) for f in findings(result) if f["severity"] == "error"] == [(26, "xml")]


def test_missing_srclang_header_attributes_and_source_tuv(tmp_path: Path) -> None:
    path = tmp_path / "bad.tmx"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n<header creationtool="x"/>\n<body>\n'
        '<tu><tuv xml:lang="az"><seg></seg></tuv></tu>\n</body>\n</tmx>\n'
    )
    codes = {(f["line"], f["check"]) for f in findings(check(str(path), "--format", "json"))}
    assert {(3, "header-srclang"), (3, "header-attribute"), (5, "empty-segment")} <= codes
    path.write_text(path.read_text().replace('creationtool="x"', 'creationtool="x" srclang="en"'))
    codes = {(f["line"], f["check"]) for f in findings(check(str(path), "--format", "json"))}
    assert (5, "srclang-missing") in codes


def test_reused_inline_i_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "i.tmx"
    path.write_text(
        '<tmx version="1.4"><header creationtool="x" creationtoolversion="1" segtype="sentence" o-tmf="x" '
        'adminlang="en" srclang="en" datatype="plaintext"/><body><tu><tuv xml:lang="en"><seg>'
        '<bpt i="1">a</bpt>x<ept i="1">b</ept><bpt i="1">c</bpt>y<ept i="1">d</ept></seg></tuv></tu></body></tmx>'
    )
    result = check(str(path), "--format", "json")
    assert result.exit_code == 1
    assert [f["check"] for f in findings(result) if f["severity"] == "error"] == ["inline-i-reused", "inline-i-reused"]


def test_human_output_is_a_table_and_summary_goes_to_stderr() -> None:
    result = check(str(DATA / "duplicate_tuid.tmx"))
    assert result.exit_code == 1
    assert "duplicate-tuid" in result.stdout
    assert "1 error(s)" in result.stderr


def test_unreadable_or_unsafe_files_exit_2_without_traceback(tmp_path: Path) -> None:
    for path in (DATA / "billion_laughs.tmx", DATA / "xxe_file.tmx", tmp_path / "missing.tmx"):
        result = check(str(path))
        assert result.exit_code == 2, path
        assert result.stderr.startswith("tm: error:") and "Traceback" not in result.stderr
    not_tmx = tmp_path / "x.tmx"
    not_tmx.write_text("<xliff/>")
    assert check(str(not_tmx)).exit_code == 2


def test_bytes_not_in_the_declared_encoding_are_an_error() -> None:
    result = check(str(DATA / "latin1_undeclared.tmx"), "--profile", "generic", "--format", "json")
    assert result.exit_code == 1
    assert [(f["line"], f["check"]) for f in findings(result)] == [(3, "encoding-invalid")]


def test_tmx11_lang_attribute_is_info_for_a_tool_that_reads_it() -> None:
    result = check(str(DATA / "tmx11_lang.tmx"), "--profile", "omegat", "--format", "json")
    found = [f for f in findings(result) if f["check"] == "lang-attribute"]
    assert [f["severity"] for f in found] == ["info"] * 4
    result = check(str(DATA / "tmx11_lang.tmx"), "--profile", "trados", "--format", "json")
    assert {f["severity"] for f in findings(result) if f["check"] == "lang-attribute"} == {"error"}


def test_an_invalid_tag_used_twice_is_reported_once_without_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "named-languages.tmx"
    path.write_text(
        '<?xml version="1.0"?>\n<tmx version="1.4"><header srclang="English" adminlang="en" segtype="sentence"'
        ' o-tmf="x" datatype="plaintext" creationtool="x" creationtoolversion="1"/>\n<body>\n'
        '<tu><tuv xml:lang="English"><seg>Good morning</seg></tuv><tuv xml:lang="az"><seg>Sabahınız xeyir</seg></tuv></tu>\n'
        '<tu><tuv xml:lang="English"><seg>Good night</seg></tuv><tuv xml:lang="az"><seg>Gecəniz xeyrə</seg></tuv></tu>\n'
        "</body></tmx>\n",
        encoding="utf-8",
    )
    result = check(str(path), "--format", "json")
    assert result.exit_code == 1, result.output
    assert [(f["check"], f["line"]) for f in findings(result) if f["check"] == "lang-invalid"] == [("lang-invalid", 2)]
