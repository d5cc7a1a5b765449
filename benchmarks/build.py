"""How long `tm build` takes: the article, and a synthetic document of N sentences.

    python benchmarks/build.py [N]

Times a fresh build, a no-op rebuild, and a rebuild after editing every tenth sentence and
inserting new ones (the merge with similarity matching), with half the units translated.
"""

from __future__ import annotations

import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

from tm import builder, reports
from tm.formats import po
from tm.model import Variant

REPO = Path(__file__).resolve().parent.parent


def timed(label: str, func) -> None:
    start = time.perf_counter()
    func()
    print(f"{label:<40} {time.perf_counter() - start:7.2f} s")


def main(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(
            REPO / "segments" / "article-2023-02-23",
            root / "article",
            ignore=shutil.ignore_patterns("*.po", "*.pot", "*.tmx"),
        )
        timed("article: fresh build", lambda: builder.build(root))
        timed("article: rebuild, nothing changed", lambda: builder.build(root))
        shutil.rmtree(root / "article")
        rng = random.Random(1)
        words = (REPO / "segments" / "article-2023-02-23" / "en.txt").read_text("utf-8").split()
        sentences = [" ".join(rng.choices(words, k=rng.randint(8, 30))).rstrip(".") + "." for _ in range(n)]
        folder = root / "big"
        folder.mkdir()
        (folder / "document.toml").write_text('source = "en.txt"\nsource_lang = "en"\ntargets = ["az", "ru"]\n')
        (folder / "en.txt").write_text("\n\n".join(" ".join(sentences[i : i + 3]) for i in range(0, n, 3)) + "\n")
        timed(f"{n} sentences: fresh build", lambda: builder.build(root))
        catalog = po.load(folder / "az.po")
        for unit in catalog.units[::2]:
            unit.targets = {"az": Variant.of("az", "Tərcümə " + unit.source.text)}
        po.write(catalog.units, folder / "az.po", lang="az")
        timed(f"{n} sentences: rebuild after translating", lambda: builder.build(root))
        timed(f"{n} sentences: rebuild, nothing changed", lambda: builder.build(root))
        edited = [s.replace(".", " indeed.") if i % 10 == 0 else s for i, s in enumerate(sentences)]
        edited[5:5] = ["A sentence that was inserted."] * 3
        (folder / "en.txt").write_text(
            "\n\n".join(" ".join(edited[i : i + 3]) for i in range(0, len(edited), 3)) + "\n"
        )
        timed(f"{n} sentences: rebuild after 10% edits", lambda: builder.build(root))
        print([s.to_dict() for s in reports.status(root) if s.document == "big" and s.lang == "az"])


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
