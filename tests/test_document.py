"""Documents: document.toml read strictly, new documents put in place, folders that are not documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from tm.builder import build
from tm.document import DOCUMENT_KEYS, document_schema, find_documents, load_document, new_document, stray_folders
from tm.errors import TmError
from tm.reports import status

TEXT = "The Ombudsman met students on 5 March 2024. She spoke about rights.\n\nThe meeting lasted 2 hours.\n"


def source_file(tmp_path: Path, text: str = TEXT) -> Path:
    path = tmp_path / "incoming" / "news.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_new_document_puts_the_text_in_place_and_writes_a_toml_that_reads_back(tmp_path: Path) -> None:
    root = tmp_path / "segments"
    document = new_document(root, "news-2024-03-05", source_file(tmp_path), "en", ["az", "ru"], author="Aysel")
    assert document.source == root / "news-2024-03-05" / "en.txt"
    assert document.source.read_text(encoding="utf-8") == TEXT
    assert (document.targets, document.author) == (("az", "ru"), "Aysel")
    assert load_document(document.folder) == document


def test_new_document_refuses_an_existing_document_and_keeps_a_different_text(tmp_path: Path) -> None:
    root = tmp_path / "segments"
    new_document(root, "news", source_file(tmp_path), "en")
    with pytest.raises(TmError, match="already a document"):
        new_document(root, "news", source_file(tmp_path), "en")
    folder = root / "other"
    folder.mkdir()
    (folder / "en.txt").write_text("Another text.\n", encoding="utf-8")
    with pytest.raises(TmError, match="a different text is already there"):
        new_document(root, "other", source_file(tmp_path), "en")
    assert (folder / "en.txt").read_text(encoding="utf-8") == "Another text.\n"
    assert not (folder / "document.toml").exists()


def test_a_folder_holding_only_its_text_becomes_a_document(tmp_path: Path) -> None:
    folder = tmp_path / "segments" / "news"
    folder.mkdir(parents=True)
    (folder / "en.txt").write_text(TEXT, encoding="utf-8")
    assert stray_folders(tmp_path / "segments") == [folder]
    new_document(tmp_path / "segments", "news", folder / "en.txt", "en", ["az"])
    assert stray_folders(tmp_path / "segments") == []


@pytest.mark.parametrize(
    ("toml", "key"),
    [
        ('source = "en.txt"\ntarget = ["az"]\n', "'target'"),
        ('source = "en.txt"\ntargets = "az"\n', "'targets'"),
        ('source = "en.txt"\nauthor = 7\n', "'author'"),
        ('targets = ["az"]\n', "'source'"),
    ],
)
def test_a_wrong_document_toml_names_the_file_and_the_key(tmp_path: Path, toml: str, key: str) -> None:
    folder = tmp_path / "segments" / "doc"
    folder.mkdir(parents=True)
    (folder / "document.toml").write_text(toml, encoding="utf-8")
    with pytest.raises(TmError) as caught:
        find_documents(tmp_path / "segments")
    assert caught.value.path == str(folder / "document.toml") and key in caught.value.message


def test_the_schema_names_every_key() -> None:
    assert [line.split(" =")[0] for line in document_schema().splitlines()] == [k.name for k in DOCUMENT_KEYS]


def test_a_document_without_targets_is_built_and_listed_by_status(tmp_path: Path) -> None:
    root = tmp_path / "segments"
    new_document(root, "untargeted", source_file(tmp_path), "en")
    build(root)
    (row,) = status(root)
    assert (row.document, row.lang, row.units, row.translated) == ("untargeted", None, 3, 0)
    assert row.to_dict()["lang"] is None
