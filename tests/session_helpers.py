"""A small five-sentence document for the translate session tests, built with tm build."""

from __future__ import annotations

from pathlib import Path

from tm.project import Document, build, open_document

DOC = "demo"
SENTENCES = [
    "The Khojaly genocide was committed in 1992.",
    "Azerbaijan remembers the victims every year.",
    "The Ombudsman called on international organizations to act.",
    "Sabina Aliyeva made a statement in Baku.",
    "The statement was published on Thursday.",
]


def write_source(root: Path, sentences: list[str]) -> None:
    folder = root / DOC
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "en.txt").write_text(" ".join(sentences[:2]) + "\n\n" + " ".join(sentences[2:]) + "\n", "utf-8")
    (folder / "document.toml").write_text('source = "en.txt"\nsource_lang = "en"\ntargets = ["az"]\n', "utf-8")


def make_document(root: Path) -> Document:
    """``root/demo``: the five sentences in two paragraphs, built into ``az.po``."""
    write_source(root, SENTENCES)
    build(root)
    return open_document(DOC, root)
