import json

from typer.testing import CliRunner

from tm.cli.app import app

runner = CliRunner()


def test_segment_prints_one_sentence_per_line(tmp_path) -> None:
    source = tmp_path / "in.txt"
    source.write_text("Dr. Əliyev gəldi. O, çıxış etdi.\n\nİclas bitdi.", encoding="utf-8")
    result = runner.invoke(app, ["segment", str(source), "--lang", "az"])
    assert result.exit_code == 0
    assert result.stdout.splitlines() == ["Dr. Əliyev gəldi.", "O, çıxış etdi.", "İclas bitdi."]


def test_segment_json_has_paragraphs_and_offsets() -> None:
    text = "Гейдар Алиев выступил. Зал слушал.\n\nВсё."
    result = runner.invoke(app, ["segment", "-", "--lang", "ru", "--format", "json"], input=text)
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["lang"] == "ru"
    first = data["paragraphs"][0]["sentences"][1]
    assert first["text"] == "Зал слушал."
    assert text[first["start"] : first["end"]] == "Зал слушал."
    assert data["paragraphs"][1]["sentences"][0]["paragraph"] == 1


def test_segment_reads_utf16_with_bom(tmp_path) -> None:
    source = tmp_path / "in.txt"
    source.write_bytes("Xocalı. Şuşa.".encode("utf-16"))
    result = runner.invoke(app, ["segment", str(source), "--lang", "az"])
    assert result.stdout.splitlines() == ["Xocalı.", "Şuşa."]


def test_empty_input_gives_nothing_and_exit_0() -> None:
    result = runner.invoke(app, ["segment", "-", "--lang", "en"], input="")
    assert result.exit_code == 0
    assert result.stdout == ""


def test_undecodable_bytes_name_file_and_offset(tmp_path) -> None:
    source = tmp_path / "bad.txt"
    source.write_bytes(b"Hello.\xff\xfe world")
    result = runner.invoke(app, ["segment", str(source), "--lang", "en"])
    assert result.exit_code == 2
    assert "bad.txt" in result.stderr and "byte offset 6" in result.stderr
    assert "Traceback" not in result.output


def test_unknown_language_warns_once_and_falls_back(tmp_path) -> None:
    result = runner.invoke(app, ["segment", "-", "--lang", "qq"], input="One. Two.")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == ["One.", "Two."]
    assert result.stderr.count("warning") == 1


def test_invalid_language_tag_is_a_usage_error() -> None:
    result = runner.invoke(app, ["segment", "-", "--lang", "*all*"], input="One.")
    assert result.exit_code == 2
    assert "not a language tag" in result.stderr


def test_extra_abbreviations_file(tmp_path) -> None:
    extra = tmp_path / "abbr.txt"
    extra.write_text("=Akad\n", encoding="utf-8")
    result = runner.invoke(
        app, ["segment", "-", "--lang", "az", "--abbreviations", str(extra)], input="Akad. Əliyev gəldi."
    )
    assert result.stdout.splitlines() == ["Akad. Əliyev gəldi."]


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.startswith("tm ")


def test_a_script_the_language_rules_do_not_cover_is_warned_about() -> None:
    result = runner.invoke(app, ["segment", "-", "--lang", "az-Cyrl"], input="Бакы. Шуша.")
    assert result.exit_code == 0
    assert "az rules are for Latin text only" in result.stderr and "az-Cyrl" in result.stderr
    assert "warning" not in runner.invoke(app, ["segment", "-", "--lang", "az-Latn"], input="Bakı.").stderr


def test_a_line_longer_than_the_limit_is_one_error_naming_file_and_offset(tmp_path, monkeypatch) -> None:
    from tm import fileio

    monkeypatch.setattr(fileio, "MAX_LINE", 1000)
    monkeypatch.setattr(fileio, "_CHUNK", 64)  # the long line spans many chunks, as 1 GB would
    source = tmp_path / "line.txt"
    source.write_text("A first paragraph.\n" + "Khojaly tragedy " * 500, "utf-8")
    result = runner.invoke(app, ["segment", str(source), "--lang", "en"])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        f"tm: error: {source}:2: a line longer than 1,000 bytes, starting at byte offset 19"
    )
    assert "Traceback" not in result.output
