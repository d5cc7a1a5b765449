"""Every reader of outside input, as a fuzz target: bytes in, TmError or a result out.

Shared by the atheris harness (``fuzz/run.py``) and the bounded hypothesis mutation run in the test
suite (``tests/test_fuzz_mutations.py``). A target writes the bytes to a file, reads it as a user's
command would, and where the format promises a round trip, writes what it read and reads that back:
the same units (or entries) must come out. Anything but a TmError is a finding.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tm import config, document, srx
from tm.errors import TmError
from tm.formats import po, tmx, tsv, xliff
from tm.glossary.formats import csv, tbx
from tm.glossary.formats import tsv as glossary_tsv
from tm.lang import read_abbreviation_file, rules_for
from tm.model import Tag, Unit

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "tests" / "data"


def _units_round_trip(read: Callable[[Path], list], write: Callable[[list, Path], object], path: Path) -> None:
    """What was read is written and read back with nothing lost; what was written round-trips exactly.

    The writer may renumber the ``i`` that pairs a <bpt> with its <ept> where the input's pairing is
    broken (valid output from invalid input), so the first comparison leaves pairing ids aside.
    """
    units = read(path)
    if not units:
        return
    again = path.with_name("again" + path.suffix)
    try:
        write(units, again)
    except TmError:
        return  # the writer may refuse what its format cannot hold, with an error of its own
    written = read(again)
    assert _without_pair_ids(written) == _without_pair_ids(units), "what was read is not what was written"
    once_more = path.with_name("once-more" + path.suffix)
    write(written, once_more)
    assert read(once_more) == written, "what was written does not read back the same"


def _without_pair_ids(units: list[Unit]) -> list[Unit]:
    def strip(content: tuple[str | Tag, ...]) -> tuple[str | Tag, ...]:
        return tuple(
            Tag(part.kind, tuple(a for a in part.attrs if a[0] != "i"), part.code)
            if isinstance(part, Tag) and part.kind in ("bpt", "ept")
            else part
            for part in content
        )

    stripped = copy.deepcopy(units)
    for unit in stripped:
        for variant in (unit.source, *unit.targets.values()):
            variant.content = strip(variant.content)
    return stripped


def _tmx_units(path: Path) -> list:
    """The units of a TMX, their language tags as the generic profile writes them (``az-AZ`` ->
    ``az-Latn-AZ``): the writer adds the script of a language written in several."""
    units = list(tmx.read(path))
    for unit in units:
        for variant in (unit.source, *unit.targets.values()):
            variant.lang = tmx.profile_lang(variant.lang, "generic")
        unit.targets = {tmx.profile_lang(lang, "generic"): variant for lang, variant in unit.targets.items()}
    return units


def _tmx(path: Path) -> None:
    list(tmx.read_rows(path))
    # keep_empty: an export leaves empty targets out by default; the round trip is of everything read.
    _units_round_trip(
        _tmx_units, lambda units, p: tmx.write(units, p, srclang=units[0].source.lang, keep_empty=True), path
    )


def _po(path: Path) -> None:
    list(po.read(path, target_lang="az"))


def _xliff(path: Path) -> None:
    list(xliff.read(path))


def _tbx(path: Path) -> None:
    glossary = tbx.read_glossary(path)
    again = path.with_name("again.tbx")
    try:
        tbx.write_glossary(glossary, again)
    except TmError:
        return
    assert tbx.read_glossary(again).entries == glossary.entries, "the glossary does not read back the same"


def _tsv(path: Path) -> None:
    list(tsv.read(path, source_lang="en", target_lang="az"))
    glossary_tsv.read_glossary(path, "en", "az")


def _csv(path: Path) -> None:
    csv.read_glossary(path, "en")


def _document(path: Path) -> None:
    folder = path.parent / "doc"
    folder.mkdir(exist_ok=True)
    (folder / "document.toml").write_bytes(path.read_bytes())
    document.load_document(folder)


def _abbreviations(path: Path) -> None:
    read_abbreviation_file(path, rules_for("en"))


def _srx(path: Path) -> None:
    rules = srx.read(path)
    srx.segment("Dr. A. Əliyev gəldi. Он ушёл в 5 ч. вечера! Next line?\nYes.", "az-Latn", rules)
    again = path.with_name("again.srx")
    again.write_bytes(srx.to_bytes(rules))
    back = srx.read(again)
    assert (back.languages, back.maps, back.cascade) == (rules.languages, rules.maps, rules.cascade), (
        "the SRX rules do not read back the same"
    )


def _project(path: Path) -> None:
    folder = path.parent / "project"
    folder.mkdir(exist_ok=True)
    (folder / "tm.toml").write_bytes(path.read_bytes())
    config.load_project(folder)


@dataclass(frozen=True)
class Target:
    """A reader to fuzz: the file name it reads, the call, and the seed files."""

    name: str
    filename: str
    run: Callable[[Path], None]
    seeds: tuple[Path, ...]


def _seeds(*patterns: str) -> tuple[Path, ...]:
    return tuple(sorted(p for pattern in patterns for p in REPO.glob(pattern) if p.is_file()))


TARGETS: dict[str, Target] = {
    target.name: target
    for target in (
        Target("tmx", "in.tmx", _tmx, _seeds("tests/data/tmx/*.tmx", "segments/*/*.tmx")),
        Target("po", "in.po", _po, _seeds("tests/data/po/*.po", "tests/data/qa/*.po", "segments/*/*.po")),
        Target("xliff", "in.xlf", _xliff, _seeds("tests/data/xliff/*.xlf")),
        Target("tbx", "in.tbx", _tbx, _seeds("tests/data/glossary/*.tbx", "glossaries/*.tbx")),
        Target("tsv", "in.en-az.tsv", _tsv, _seeds("tests/data/qa/*.tsv", "glossaries/*.txt")),
        Target("csv", "in.csv", _csv, _seeds("glossaries/*.csv")),
        Target("document", "document.toml", _document, _seeds("segments/*/document.toml")),
        Target("abbreviations", "en.txt", _abbreviations, _seeds("tests/data/lang/abbreviations.*.txt")),
        Target("srx", "in.srx", _srx, _seeds("tests/data/srx/*.srx")),
        Target("project", "tm.toml", _project, _seeds("tm.toml", "tests/data/project/*.toml")),
    )
}


def run(target: Target, data: bytes, folder: Path) -> None:
    """Feed ``data`` to ``target`` in ``folder``; TmError is the reader refusing it, as it should."""
    path = folder / target.filename
    path.write_bytes(data)
    try:
        target.run(path)
    except TmError:
        pass
