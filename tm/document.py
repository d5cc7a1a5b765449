"""Documents: a folder ``segments/<doc>/`` with ``document.toml``, its source text, the
template ``<doc>.pot``, one ``<lang>.po`` per target language and the multilingual ``<doc>.tmx``.

``document.toml`` is read strictly against ``DOCUMENT_KEYS`` (an unknown key or a wrong type
is a TmError naming the file and the key); ``new_document`` puts a text in place and writes it.

Unit ids come from content (``unit_ids``), so inserting a sentence renumbers nothing;
``source_units`` segments the source into units with those ids.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tm.config import Key, read_table, require_project, schema_text, toml_lines
from tm.errors import TmError
from tm.fileio import read_text, write_atomic
from tm.model import Context, Unit, Variant, nfc, normalize_lang, same_lang
from tm.segment import segment

#: The file that makes a folder a document.
DOCUMENT_FILE = "document.toml"

DOCUMENT_KEYS = (
    Key("source", "text", "the source text, in the folder", '"en.txt"', required=True),
    Key("source_lang", "text", "its language (default en)", '"en"'),
    Key("targets", "texts", "target languages (may be [])", '["az", "ru"]'),
    Key("date", "date", "date of the text", "2024-03-05"),
    Key("author", "text", "its author", '"Aysel Quliyeva"'),
    Key("outlet", "text", "where it was published", '"Azernews"'),
)

#: A document name: a folder name of letters, digits, dots, dashes and underscores.
_NAME = re.compile(r"^[\w][\w.-]*$")


def document_schema() -> str:
    """``document.toml``'s keys as a commented TOML example, for help texts and README."""
    return schema_text(DOCUMENT_KEYS)


@dataclass(frozen=True, slots=True)
class Document:
    """One document folder and what its ``document.toml`` says."""

    name: str
    folder: Path
    source: Path
    source_lang: str
    targets: tuple[str, ...]
    date: str | None = None
    author: str | None = None
    outlet: str | None = None

    @property
    def pot_path(self) -> Path:
        return self.folder / f"{self.name}.pot"

    @property
    def tmx_path(self) -> Path:
        return self.folder / f"{self.name}.tmx"

    def po_path(self, lang: str) -> Path:
        """The PO file of target language ``lang`` (``az.po``)."""
        return self.folder / f"{lang}.po"

    def target(self, lang: str) -> str:
        """This document's tag for the target language ``lang`` (``az`` for ``az-AZ``); a language
        its ``document.toml`` does not list is a TmError."""
        found = next((t for t in self.targets if same_lang(t, lang)), None)
        if found is None:
            raise TmError(
                f"the document does not list {lang} among its target languages ({', '.join(self.targets)})",
                path=self.folder / DOCUMENT_FILE,
                hint=f"add {lang!r} to targets in document.toml, then run tm build",
            )
        return found

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "folder": str(self.folder),
            "source": str(self.source),
            "source_lang": self.source_lang,
            "targets": list(self.targets),
            "date": self.date,
            "author": self.author,
            "outlet": self.outlet,
        }


def documents_root(root: str | Path | None = None) -> Path:
    """``root``, else the ``segments/`` of the project around the current folder (TmError outside one)."""
    if root is not None:
        return Path(root)
    return require_project().documents


def find_documents(root: str | Path | None = None) -> list[Document]:
    """Every document under ``root`` (default: the project's; folders holding a ``document.toml``),
    sorted by name."""
    root = documents_root(root)
    if not root.is_dir():
        raise TmError("no such folder", path=root, hint="run tm from inside the project or pass --root")
    return [load_document(path.parent) for path in sorted(root.glob(f"*/{DOCUMENT_FILE}"))]


def stray_folders(root: str | Path | None = None) -> list[Path]:
    """Folders under ``root`` (default: the project's) that are not documents (no ``document.toml``),
    hidden ones aside."""
    root = documents_root(root)
    if not root.is_dir():
        return []
    return sorted(
        path
        for path in root.iterdir()
        if path.is_dir() and not path.name.startswith(".") and not (path / DOCUMENT_FILE).exists()
    )


def open_document(doc: str | Path, root: str | Path | None = None) -> Document:
    """The document at path ``doc`` (folder or its toml), else the one named ``doc`` under ``root``
    (default: the project's documents)."""
    path = Path(doc)
    folder = path.parent if path.name == DOCUMENT_FILE else path
    if (folder / DOCUMENT_FILE).is_file():
        return load_document(folder)
    if len(path.parts) > 1 or path.is_dir():  # a path, not a name: there is nothing else to look for
        raise TmError(f"no document {str(doc)!r}: no {DOCUMENT_FILE} there", path=folder, hint="start one with tm new")
    root = documents_root(root)
    if (root / str(doc) / DOCUMENT_FILE).is_file():
        return load_document(root / str(doc))
    known = ", ".join(d.name for d in find_documents(root)) or "none yet"
    raise TmError(f"no document {str(doc)!r}", path=root, hint=f"documents: {known}; start one with tm new")


def load_document(folder: str | Path) -> Document:
    """Read ``folder/document.toml`` strictly; raise TmError naming file, line and key when it is wrong."""
    folder = Path(folder)
    data = read_table(folder / DOCUMENT_FILE, DOCUMENT_KEYS)
    date = data.get("date")
    return Document(
        name=folder.name,
        folder=folder,
        source=folder / data["source"],
        source_lang=normalize_lang(data.get("source_lang", "en")),
        targets=tuple(normalize_lang(t) for t in data.get("targets", [])),
        date=None if date is None else str(date),
        author=data.get("author"),
        outlet=data.get("outlet"),
    )


def new_document(
    root: str | Path,
    name: str,
    source: str | Path,
    source_lang: str,
    targets: Sequence[str] = (),
    **fields: str | None,
) -> Document:
    """Start document ``name`` under ``root``: copy the text ``source`` into its folder as
    ``<source_lang>.txt`` (UTF-8, NFC) and write its ``document.toml`` (``fields``: date,
    author, outlet). Refuses an existing document and never overwrites a different text."""
    if not _NAME.match(name):
        raise TmError(f"not a document name: {name!r}", hint="use letters, digits, dots and dashes: news-2024-03-05")
    folder = Path(root) / name
    if (folder / DOCUMENT_FILE).exists():
        raise TmError("already a document", path=folder / DOCUMENT_FILE, hint="edit its document.toml instead")
    unknown = set(fields) - {key.name for key in DOCUMENT_KEYS}
    if unknown:
        raise TmError(f"unknown document field(s): {', '.join(sorted(unknown))}")
    source_lang = normalize_lang(source_lang)
    targets = [normalize_lang(lang) for lang in targets]
    text = nfc(read_text(source))
    if not text.strip():
        raise TmError("the source text is empty", path=source)
    placed = folder / f"{source_lang}.txt"
    if placed.exists() and read_text(placed) != text:
        raise TmError(
            "a different text is already there", path=placed, hint="move it away or start a document of another name"
        )
    settings: dict[str, Any] = {"source": placed.name, "source_lang": source_lang, "targets": targets}
    settings.update({key: value for key, value in fields.items() if value is not None})
    folder.mkdir(parents=True, exist_ok=True)
    write_atomic(placed, text)
    write_atomic(folder / DOCUMENT_FILE, toml_lines(settings))
    return load_document(folder)


# --------------------------------------------------------------------------- ids and units


def normalize_source(text: str) -> str:
    """The form ids and comparisons see: NFC, runs of white space as one space, stripped."""
    return " ".join(nfc(text).split())


def unit_ids(sentences: Sequence[str]) -> list[str]:
    """Stable ids for sentences in document order: 10 hex digits of the SHA-1 of the normalised
    sentence, and ``-2``, ``-3`` ... for its second and later occurrences."""
    seen: Counter[str] = Counter()
    ids = []
    for sentence in sentences:
        base = hashlib.sha1(normalize_source(sentence).encode("utf-8")).hexdigest()[:10]
        seen[base] += 1
        ids.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return ids


def source_units(document: Document) -> list[Unit]:
    """Segment the document's source into units (no targets), with ids and 1-based context."""
    text = nfc(read_text(document.source))
    sentences = [s for p in segment(text, document.source_lang) for s in p.sentences]
    ids = unit_ids([s.text for s in sentences])
    units = []
    for n, (sentence, uid) in enumerate(zip(sentences, ids)):
        context = Context(
            document=document.name,
            paragraph=sentence.paragraph + 1,
            position=sentence.index + 1,
            prev=sentences[n - 1].text if n else None,
            next=sentences[n + 1].text if n + 1 < len(sentences) else None,
        )
        units.append(Unit(id=uid, source=Variant.of(document.source_lang, sentence.text), context=context))
    return units
