"""A small five-sentence document for the translate session tests, built with tm build (and a
version of it whose unit 4 has a stale draft)."""

from __future__ import annotations

from pathlib import Path

from tm.builder import build
from tm.document import Document, open_document
from tm.session import open_session

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


#: Unit 4's source after ``stale_document`` changes it, and the draft made for the old source.
STALE = "Sabina Aliyeva made a statement in Baku on Thursday."
DRAFT = "Səbinə Əliyeva Bakıda bəyanat verib."


def stale_document(root: Path) -> tuple[Document, list[str]]:
    """The demo with unit 4 translated (``DRAFT``), then its source changed to ``STALE``: a fuzzy
    draft with ``#| msgid``. Returns the document and its sentences."""
    document = make_document(root)
    session = open_session(document, "az")
    session.jump(4)
    session.edit(DRAFT)
    changed = list(SENTENCES)
    changed[3] = STALE
    write_source(root, changed)
    build(root)
    return open_document(DOC, root), changed
