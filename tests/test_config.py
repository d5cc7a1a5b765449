"""The project file tm.toml: found by walking up, read strictly, settings resolved from the root."""

from __future__ import annotations

from pathlib import Path

import pytest

from tm.config import PROJECT_KEYS, Key, find_project, read_table, require_project, schema_text, start_project
from tm.errors import TmError


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_project_is_found_from_a_folder_deep_inside_it(tmp_path: Path) -> None:
    write(tmp_path / "tm.toml", 'targets = ["az", "ru"]\nmemory = "db/tm.db"\n\n[qa]\nyo = "е"\n')
    deep = tmp_path / "segments" / "doc" / "notes"
    deep.mkdir(parents=True)
    project = find_project(deep)
    assert project is not None and project.root == tmp_path.resolve()
    assert project.targets == ("az", "ru") and project.source_lang == "en"
    assert project.memory_location == tmp_path.resolve() / "db" / "tm.db"
    assert project.documents == tmp_path.resolve() / "segments"
    assert project.qa.yo == "е"


def test_outside_a_project_there_is_none_and_require_says_so_in_one_line(tmp_path: Path) -> None:
    assert find_project(tmp_path) is None
    with pytest.raises(TmError, match="not inside a tm project") as caught:
        require_project(tmp_path)
    assert "\n" not in str(caught.value) and caught.value.hint is None


@pytest.mark.parametrize(
    ("text", "key", "line"),
    [
        ('source_lang = "en"\ntarget = ["az"]\n', "'target'", 2),
        ('targets = "az"\n', "'targets'", 1),
        ('targets = ["az", 3]\n', "'targets'", 1),
        ('\n\n[qa]\nyo = "x"\n', "'qa.yo'", 4),
        ("[qa]\nyo = 1\n", "'qa.yo'", 2),
        ('[qa]\nyoo = "ё"\n', "'qa.yoo'", 2),
    ],
)
def test_an_unknown_key_or_wrong_value_names_file_line_and_key(tmp_path: Path, text: str, key: str, line: int) -> None:
    path = write(tmp_path / "tm.toml", text)
    with pytest.raises(TmError) as caught:
        find_project(tmp_path)
    assert caught.value.path == str(path) and caught.value.line == line and key in caught.value.message


def test_a_misspelled_key_gets_the_right_one_as_hint(tmp_path: Path) -> None:
    path = write(tmp_path / "x.toml", 'target = ["az"]\n')
    with pytest.raises(TmError) as caught:
        read_table(path, PROJECT_KEYS)
    assert caught.value.hint == "did you mean 'targets'?"


def test_a_required_key_must_be_there(tmp_path: Path) -> None:
    path = write(tmp_path / "x.toml", "")
    with pytest.raises(TmError, match="missing key 'name'"):
        read_table(path, [Key("name", "text", "a name", '"x"', required=True)])


def test_the_schema_text_shows_every_key_and_table() -> None:
    text = schema_text(PROJECT_KEYS)
    for key in PROJECT_KEYS:
        assert key.name in text
    assert "[qa]" in text and 'yo = "ё"' in text


def test_start_project_writes_a_tm_toml_that_reads_back_and_refuses_a_nested_one(tmp_path: Path) -> None:
    project = start_project(tmp_path, "az", ["en", "ru"])
    assert (project.source_lang, project.targets) == ("az", ("en", "ru"))
    with pytest.raises(TmError, match="already inside a project"):
        start_project(tmp_path / "sub", "en")
