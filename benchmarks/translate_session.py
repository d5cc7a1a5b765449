"""How responsive `tm translate` is: opening, drawing a unit, and saving a confirmed unit.

    python benchmarks/translate_session.py [N]

On a copy of the article (its az.po, the article glossary, a memory holding the Russian and
Azerbaijani translations of every sentence) and on a synthetic document of N sentences (default
1000): the time to open a session, to compute one screen (``Session.view`` + ``layout``) and to
save one unit (read the PO, replace the unit, write it atomically), averaged over the units.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from tm import builder, document
from tm.formats import po
from tm.memory.backends.sqlite import SqliteMemory
from tm.session import open_session
from tm.terminal import layout

REPO = Path(__file__).resolve().parent.parent
ARTICLE = "article-2023-02-23"


def measure(label: str, root: Path, doc: str, memory: Path | None) -> None:
    start = time.perf_counter()
    session = open_session(
        document.open_document(doc, root), "az", memory=memory, glossary=REPO / "glossaries" / f"{ARTICLE}.tbx"
    )
    opened = time.perf_counter() - start
    count = min(len(session.units), 50)
    start = time.perf_counter()
    for n in range(count):
        session.jump(n + 1)
        layout(session.view(), 80, 24)
    drawn = (time.perf_counter() - start) / count
    start = time.perf_counter()
    for n in range(count):
        session.jump(n + 1)
        session.edit(f"Tərcümə {n}.")
    saved = (time.perf_counter() - start) / count
    session.close()
    print(
        f"{label:<28} {len(session.units):>6} units  open {opened * 1000:8.1f} ms  "
        f"screen {drawn * 1000:7.1f} ms  save {saved * 1000:7.1f} ms"
    )


def main(size: int) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "segments"
        shutil.copytree(REPO / "segments" / ARTICLE, root / ARTICLE)
        memory = Path(scratch) / "memory.db"
        with SqliteMemory(memory) as store:
            store.import_units(po.read(root / ARTICLE / "az.po"))
        os.chdir(scratch)
        measure("article (memory, glossary)", root, ARTICLE, memory)

        folder = root / "synthetic"
        folder.mkdir()
        sentences = [f"Sentence number {n} tells of Khojaly and of the year {1900 + n % 120}." for n in range(size)]
        (folder / "en.txt").write_text("\n\n".join(" ".join(sentences[i : i + 5]) for i in range(0, size, 5)), "utf-8")
        (folder / "document.toml").write_text('source = "en.txt"\ntargets = ["az"]\n', "utf-8")
        builder.build(root, ["az"])
        measure(f"synthetic {size}", root, "synthetic", memory)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
