"""Files from other tools, read as those tools meant them: a corpus run with a table per format.

For every file: the units tm reads equal an independent count (lxml on the raw file, polib,
translate-toolkit where it reads the format), and writing them back in the same format and reading
that again keeps every text and inline code. The corpus is ``tests/interop/corpus/`` (see its
SOURCES.md) plus the fixtures named in ``EXTRA``; ``TM_INTEROP_CORPUS`` adds a folder of the
same layout. Run ``python -m tests.interop.test_corpus [FOLDER]`` to print the tables alone.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest
from lxml import etree

from tm import xmlsafe
from tm.errors import TmError
from tm.formats import po, tmx, xliff, xliff2
from tm.glossary import read_glossary
from tm.glossary.io import write_glossary
from tm.model import Unit

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
DATA = HERE.parent / "data"
FORMATS = ("tmx", "tbx", "xliff", "xliff2", "po")
#: Fixtures of other tests that are whole, readable files of a tool's shape.
EXTRA = {
    "tmx": ["tmx/utf16_bom_le.tmx", "tmx/utf8_bom.tmx", "tmx/tmx11_lang.tmx", "tmx/srclang_all.tmx",
            "tmx/lang_case_underscore.tmx", "tmx/inline_codes.tmx", "tmx/doctype_system.tmx", "tmx/export_keeps.tmx"],
    "tbx": ["glossary/tbx_min_usage_status.tbx", "glossary/tbx3_dct_status.tbx", "glossary/multiterm_empty_term.tbx",
            "glossary/concept_c1_other.tbx"],
    "xliff": ["xliff/returned_by_cat_tool.xlf", "xliff/g_mrk_ph.xlf", "xliff/trados_studio.sdlxliff",
              "xliff/target_lang_and_comment.xlf"],
    "xliff2": ["xliff2/segmented.xlf"],
    "po": ["po/iso8859_15.po", "po/windows1251.po", "po/abbreviated_comment.po", "po/Test_nautilus.af.po"],
}  # fmt: skip
_EXTENSIONS = {"tmx": (".tmx",), "tbx": (".tbx",), "xliff": (".xlf", ".xliff", ".sdlxliff"), "xliff2": (".xlf", ".xliff"),
               "po": (".po",)}  # fmt: skip


@dataclass(slots=True)
class Row:
    """One file of the corpus: what tm read, what the independent reader counted, the round trip."""

    format: str
    file: str
    ours: int
    theirs: int
    counter: str
    round_trip: str  # "ok" or what differed

    @property
    def passed(self) -> bool:
        return self.ours == self.theirs and self.round_trip == "ok"

    @property
    def skipped(self) -> bool:
        return self.round_trip.startswith("skipped")


# --------------------------------------------------------------------------- independent counts


def _tree(path: Path) -> etree._ElementTree:
    return xmlsafe.parse(path)


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def count_tmx(path: Path) -> tuple[int, str]:
    """``<tu>`` elements holding a ``<tuv>`` (lxml)."""
    return sum(1 for tu in _tree(path).iter("tu") if tu.find("tuv") is not None), "lxml <tu>"


def count_tbx(path: Path) -> tuple[int, str]:
    """Non-empty ``<term>`` elements (lxml): every term a reader should keep."""
    terms = [t for t in _tree(path).iter() if _local(t) == "term" and "".join(t.itertext()).strip()]
    return len(terms), "lxml <term>"


def count_xliff(path: Path) -> tuple[int, str]:
    """Trans-units, or their ``<mrk mtype="seg">`` segments where a ``<seg-source>`` has them (lxml)."""
    total = 0
    for unit in _tree(path).iter():
        if _local(unit) != "trans-unit":
            continue
        seg_source = next((c for c in unit if _local(c) == "seg-source"), None)
        marks = (
            [m for m in seg_source.iter() if _local(m) == "mrk" and m.get("mtype") == "seg"]
            if seg_source is not None
            else []
        )
        total += len(marks) or 1
    return total, "lxml trans-unit/mrk"


def count_xliff2(path: Path) -> tuple[int, str]:
    """``<segment>`` elements (lxml), checked against translate-toolkit's xliff2 store when installed."""
    segments = sum(1 for s in _tree(path).iter("{urn:oasis:names:tc:xliff:document:2.0}segment"))
    try:
        from translate.storage.xliff2 import Xliff2File
    except ImportError:
        return segments, "lxml <segment>"
    ttk = len(Xliff2File.parsefile(str(path)).units)
    return (segments if ttk == segments else -ttk), "lxml <segment> = translate-toolkit"


def count_po(path: Path) -> tuple[int, str]:
    """Entries that are not obsolete (polib), the header left out; where polib refuses a file that
    msgfmt reads (a ``#Comment`` line), the ``msgid`` lines of the raw file."""
    data = path.read_bytes()
    try:
        return sum(1 for e in polib.pofile(str(path), encoding=po.charset(data)) if not e.obsolete), "polib"
    except OSError:
        text = data.decode(po.charset(data))
        return len(re.findall(r'^msgid "(?!"\s*$)|^msgid ""\s*\n"(?!.*Content-Type)', text, re.M)), "msgid lines"


COUNTERS: dict[str, Callable[[Path], tuple[int, str]]] = {
    "tmx": count_tmx,
    "tbx": count_tbx,
    "xliff": count_xliff,
    "xliff2": count_xliff2,
    "po": count_po,
}


# --------------------------------------------------------------------------- tm's reading and round trips


def _units(fmt: str, path: Path) -> list[Unit]:
    module = {"tmx": tmx, "xliff": xliff, "xliff2": xliff2, "po": po}[fmt]
    if fmt == "po" and _needs_lang(path):
        return list(po.read(path, target_lang="und"))  # as `tm import FILE --lang und` would
    return list(module.read(path))


def _needs_lang(path: Path) -> bool:
    """True for a PO whose language nothing tells (tm asks for --lang)."""
    try:
        po.load(path)
    except TmError as exc:
        return "cannot tell the language" in exc.message
    return False


def _targets(units: list[Unit]) -> list[str]:
    return list(dict.fromkeys(lang for unit in units for lang in unit.targets))


def _codes(content: tuple) -> list:
    """Text and inline codes (kind and native code; attributes a format does not define may go)."""
    return [p if isinstance(p, str) else (p.kind, p.code) for p in content]


def _diff(before: list[Unit], after: list[Unit], lang: str | None = None) -> str:
    """'ok', or the first unit whose text or inline codes changed."""
    if len(before) != len(after):
        return f"{len(before)} units became {len(after)}"
    for old, new in zip(before, after):
        if _codes(old.source.content) != _codes(new.source.content):
            return f"unit {old.id}: source {old.source.content!r} became {new.source.content!r}"
        for tag, variant in old.targets.items():
            if lang is not None and tag != lang:
                continue
            back = new.target(tag)
            if variant.content and (back is None or _codes(back.content) != _codes(variant.content)):
                return f"unit {old.id} ({tag}): {variant.content!r} became {back.content if back else None!r}"
    return "ok"


def round_trip(fmt: str, path: Path, folder: Path) -> str:
    """Write what tm read in the same format, read it again; 'ok' when text and codes are kept."""
    if fmt == "tbx":
        glossary = read_glossary(path)
        write_glossary(glossary, folder / "back.tbx")
        back = read_glossary(folder / "back.tbx")
        before = {e.id: [(lang, t.text, t.status) for lang, ts in e.terms.items() for t in ts] for e in glossary}
        after = {e.id: [(lang, t.text, t.status) for lang, ts in e.terms.items() for t in ts] for e in back}
        return "ok" if before == after else "terms changed"
    units = _units(fmt, path)
    if fmt == "tmx":
        source = units[0].source.lang if units else "en"
        tmx.write(units, folder / "back.tmx", srclang=source, keep_empty=True)
        return _diff(units, list(tmx.read(folder / "back.tmx", source_lang=source)))
    for lang in _targets(units) or [None]:
        mine = [u for u in units if u.source.content]
        if fmt == "po":
            po.write(mine, folder / "back.po", lang=lang)
            result = _diff(mine, list(po.read(folder / "back.po", target_lang=lang or "und")), lang)
        else:
            module = xliff if fmt == "xliff" else xliff2
            source = mine[0].source.lang if mine else "en"
            module.write(mine, folder / "back.xlf", srclang=source, tgtlang=lang or "und")
            result = _diff(mine, list(module.read(folder / "back.xlf")), lang)
        if result != "ok":
            return result
    return "ok"


def _our_count(fmt: str, path: Path) -> int:
    if fmt == "tbx":
        return sum(len(ts) for e in read_glossary(path) for ts in e.terms.values())
    units = _units(fmt, path)
    if fmt == "tmx":
        return sum(1 for u in units if not re.search(r"#\d+$", u.id))
    if fmt == "po":
        return sum(1 for u in units if po.OBSOLETE not in u.props)
    return len(units)


def corpus_files(extra: Path | None = None) -> list[tuple[str, Path]]:
    """(format, path) of every corpus file: the committed corpus, EXTRA, and ``extra``'s folders."""
    found = []
    for fmt in FORMATS:
        for root in (CORPUS, extra):
            if root is not None and (root / fmt).is_dir():
                found += [(fmt, p) for p in sorted((root / fmt).iterdir()) if p.suffix.lower() in _EXTENSIONS[fmt]]
        found += [(fmt, DATA / name) for name in EXTRA[fmt]]
    return found


def run(files: list[tuple[str, Path]]) -> list[Row]:
    """Read, count and round-trip every file; an error becomes the row's round-trip text."""
    rows = []
    with tempfile.TemporaryDirectory(prefix="tm-interop-") as folder:
        for fmt, path in files:
            name = str(path.relative_to(HERE.parent)) if path.is_relative_to(HERE.parent) else str(path)
            try:
                theirs, counter = COUNTERS[fmt](path)
            except Exception as exc:  # not a file of the format at all: left out of the pass rate
                rows.append(Row(fmt, name, 0, 0, "-", f"skipped, the independent reader refuses it: {exc}"))
                continue
            try:
                ours = _our_count(fmt, path)
                result = round_trip(fmt, path, Path(folder))
            except Exception as exc:  # a corpus run reports every file, whatever one does
                ours, result = -1, f"{type(exc).__name__}: {exc}"
            rows.append(Row(fmt, name, ours, theirs, counter, result))
    return rows


def tables(rows: list[Row]) -> str:
    """One table per format and its pass rate."""
    out = []
    for fmt in FORMATS:
        mine = [r for r in rows if r.format == fmt]
        if not mine:
            continue
        passed = sum(r.passed for r in mine)
        left_out = sum(r.skipped for r in mine)
        out.append(
            f"\n{fmt}: {passed}/{len(mine) - left_out} pass"
            + (f" ({left_out} not well-formed, left out)" if left_out else "")
        )
        out.append(f"  {'file':<52} {'tm':>5} {'other':>5}  {'counted by':<34} round trip")
        for r in mine:
            mark = "" if r.passed or r.skipped else "  <-- FAIL"
            out.append(f"  {r.file:<52} {r.ours:>5} {r.theirs:>5}  {r.counter:<34} {r.round_trip}{mark}")
    return "\n".join(out)


def test_every_corpus_file_reads_its_units_and_round_trips(capsys: pytest.CaptureFixture[str]) -> None:
    extra = os.environ.get("TM_INTEROP_CORPUS")
    rows = run(corpus_files(Path(extra) if extra else None))
    with capsys.disabled():
        print(tables(rows))
    assert {r.format for r in rows} == set(FORMATS)
    assert [r for r in rows if not r.passed and not r.skipped] == []


def test_translated_po_counts_agree_with_msgfmt() -> None:
    if shutil.which("msgfmt") is None:
        pytest.skip("msgfmt (gettext) is not installed")
    for fmt, path in corpus_files():
        if fmt != "po":
            continue
        stats = subprocess.run(["msgfmt", "--statistics", "-o", "/dev/null", str(path)], capture_output=True,
                               text=True).stderr  # fmt: skip
        found = re.search(r"(\d+) translated", stats)
        theirs = int(found.group(1)) if found else 0
        ours = sum(1 for u in po.read(path) if po.OBSOLETE not in u.props and any(
            v.content and v.status.value in ("translated", "reviewed") for v in u.targets.values()))  # fmt: skip
        assert ours == theirs, f"{path.name}: tm {ours}, msgfmt {theirs}"


if __name__ == "__main__":
    print(tables(run(corpus_files(Path(sys.argv[1]) if len(sys.argv) > 1 else None))))
