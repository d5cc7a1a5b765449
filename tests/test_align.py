import json
import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tm.align import (
    ANCHOR_BONUS,
    ANCHOR_PENALTY,
    BAND,
    Alignment,
    Anchors,
    Link,
    _anchor_cost,
    _anchor_match,
    _best_path,
    _weight,
    align,
    align_files,
    find_anchors,
    to_units,
    write_alignment,
)
from tm.errors import TmError
from tm.formats import po, tmx
from tm.glossary import read_glossary
from tm.memory.backends.sqlite import SqliteMemory
from tm.model import Origin, Status

DATA = Path(__file__).parent / "data" / "align"
GLOSSARY = Path(__file__).parent.parent / "glossaries" / "article-2023-02-23.tbx"
PAIRS = ["khojaly.en-az", "khojaly.en-ru", "grandprix.en-az", "grandprix.en-ru"]


def load(name: str) -> tuple[str, str, str, str, list[tuple[tuple[int, ...], tuple[int, ...]]]]:
    doc, pair = name.split(".")
    src, tgt = pair.split("-")
    gold = [
        (tuple(g["source"]), tuple(g["target"])) for g in json.loads((DATA / f"{name}.gold.json").read_text("utf-8"))
    ]
    return (
        (DATA / f"{doc}.{src}.txt").read_text("utf-8"),
        (DATA / f"{doc}.{tgt}.txt").read_text("utf-8"),
        src,
        tgt,
        gold,
    )


@pytest.mark.parametrize("name", PAIRS)
def test_align_reproduces_the_gold_links(name: str) -> None:
    source, target, src, tgt, gold = load(name)
    result = align(source, target, src, tgt)
    assert [(link.source, link.target) for link in result.links] == gold


def test_gold_data_holds_merges_splits_and_omissions() -> None:
    # The gold links are the input of these tests and of benchmarks/align.py: each pair must hold
    # a 1-1, an omission and a merge or split, and each language both merge directions.
    kinds = {name: {f"{len(s)}-{len(t)}" for s, t in load(name)[4]} for name in PAIRS}
    for name, found in kinds.items():
        assert {"1-1", "1-0"} <= found and found & {"2-1", "1-2"}, name
    for lang in ("az", "ru"):
        both = set().union(*(k for name, k in kinds.items() if name.endswith(lang)))
        assert {"1-2", "2-1", "1-0"} <= both, lang


@pytest.mark.parametrize("name", PAIRS)
def test_uncertain_links_get_lower_confidence(name: str) -> None:
    source, target, src, tgt, _ = load(name)
    links = align(source, target, src, tgt).links
    plain = [link.confidence for link in links if link.kind == "1-1"]
    omissions = [link for link in links if not link.source or not link.target]
    assert omissions and all(link.confidence < 0.5 and link.draft for link in omissions)
    assert max(o.confidence for o in omissions) < min(plain)
    assert sum(plain) / len(plain) > 0.8


def test_a_changed_number_lowers_the_confidence_of_its_link() -> None:
    source, target, src, tgt, _ = load("grandprix.en-ru")
    before = align(source, target, src, tgt).links
    after = align(source, target.replace("Теперь у Переса 69 очков", "Теперь у Переса 96 очков"), src, tgt).links
    assert [(link.source, link.target) for link in before] == [(link.source, link.target) for link in after]
    changed = next(i for i, link in enumerate(after) if link.source == (9,))
    assert after[changed].confidence < before[changed].confidence - 0.1
    assert any("only in source: 69" in r for r in after[changed].reasons)


@pytest.mark.parametrize("name", PAIRS)
def test_links_cover_every_sentence_once_in_order_with_cost_and_confidence(name: str) -> None:
    source, target, src, tgt, _ = load(name)
    result = align(source, target, src, tgt)
    assert [i for link in result.links for i in link.source] == list(range(len(result.source)))
    assert [j for link in result.links for j in link.target] == list(range(len(result.target)))
    for link in result.links:
        assert 0.0 <= link.confidence <= 1.0
        assert math.isfinite(link.cost)


def test_segmented_input_gives_the_same_links() -> None:
    source, target, src, tgt, gold = load("khojaly.en-ru")
    plain = align(source, target, src, tgt)
    by_line = [
        "\n".join(plain.source[i] for i in range(len(plain.source)) if plain.source_paragraphs[i] == p)
        for p in sorted(set(plain.source_paragraphs))
    ]
    tgt_lines = [
        "\n".join(plain.target[j] for j in range(len(plain.target)) if plain.target_paragraphs[j] == p)
        for p in sorted(set(plain.target_paragraphs))
    ]
    result = align("\n\n".join(by_line), "\n\n".join(tgt_lines), src, tgt, segmented=True)
    assert [(link.source, link.target) for link in result.links] == gold


def test_length_parameters_are_estimated_from_the_texts_and_signed() -> None:
    source, target, src, tgt, _ = load("grandprix.en-ru")
    result = align(source, target, src, tgt)
    total_ratio = sum(map(len, result.target)) / sum(map(len, result.source))
    assert abs(result.parameters["ratio"] - total_ratio) < 0.1
    assert result.parameters["passes"] == 2
    assert f"c:{result.parameters['ratio']:.3f}" in result.signature and "|s2:" in result.signature


def test_anchors_compare_numbers_by_value_across_languages() -> None:
    en = find_anchors("A total of 1,275 people, the 366th regiment, on February 26.", "en")
    az = find_anchors("Ümumilikdə 1 275 nəfər, 366-cı alay, 26 fevralda.", "az")
    ru = find_anchors("Всего 1 275 человек, 366-й полк, 26 февраля.", "ru")
    assert sorted(en.required) == sorted(az.required) == sorted(ru.required)
    assert "#1275" in en.required and "m2" in en.required


def test_anchors_do_not_take_a_name_for_a_month() -> None:
    assert "m3" not in find_anchors('"Aston Martin"i qabaqlayır.', "az").required
    assert "m3" not in find_anchors("Мартин выиграл.", "ru").required
    assert "m3" in find_anchors("martın 8-də", "az").required


def test_glossary_names_anchor_in_any_inflected_form() -> None:
    glossary = read_glossary(GLOSSARY)
    en = find_anchors("Heydar Aliyev spoke about Khojaly.", "en", glossary)
    az = find_anchors("Heydər Əliyev Xocalının faciəsindən danışdı.", "az", glossary)
    ru = find_anchors("Гейдар Алиев говорил о Ходжалы.", "ru", glossary)
    names = {key for key in en.required if key.startswith("g")}
    assert len(names) == 2
    assert names <= set(az.required) and names <= set(ru.required)


def test_glossary_keeps_the_gold_links() -> None:
    glossary = read_glossary(GLOSSARY)
    source, target, src, tgt, gold = load("khojaly.en-az")
    result = align(source, target, src, tgt, glossary=glossary)
    assert [(link.source, link.target) for link in result.links] == gold
    assert result.parameters["glossary"] is True


def test_banded_search_widens_to_follow_a_path_far_off_the_diagonal() -> None:
    # 30 source sentences left out, then 1-1 links: the path runs 30 cells off the diagonal of a
    # 130 x 100 lattice, beyond the first band (BAND cells).
    wanted = {(i, i + 1, 0, 0) for i in range(30)} | {(30 + k, 31 + k, k, k + 1) for k in range(100)}

    def cost(move: int, i0: int, i1: int, j0: int, j1: int) -> float:
        return 0.0 if (i0, i1, j0, j1) in wanted else 5.0

    assert 30 > BAND
    banded = _best_path(130, 100, cost)
    full = _best_path(130, 100, cost, width=10**6)
    assert {(s.i0, s.i1, s.j0, s.j1) for s in banded} == wanted
    assert [(s.i0, s.i1, s.j0, s.j1, round(s.cost, 6)) for s in banded] == [
        (s.i0, s.i1, s.j0, s.j1, round(s.cost, 6)) for s in full
    ]


def test_units_are_aligned_and_drafts_below_the_threshold(tmp_path: Path) -> None:
    source, target, src, tgt, _ = load("khojaly.en-az")
    result = align(source, target, src, tgt, threshold=0.9)
    units = to_units(result, document="khojaly")
    assert len(units) == sum(1 for link in result.links if link.source and link.target)
    merged = next(u for u in units if u.source.text.startswith("Thousands of people"))
    assert merged.source.text.endswith("more than three hours.")
    drafts = [u for u in units if u.targets["az"].status is Status.DRAFT]
    assert drafts and all("below threshold 0.9" in u.targets["az"].notes[0] for u in drafts)
    assert all(u.origin is Origin.ALIGNED for u in units)

    tmx.write(units, tmp_path / "out.tmx", srclang="en")
    back = list(tmx.read(tmp_path / "out.tmx"))
    assert [u.target("az").status for u in back] == [u.targets["az"].status for u in units]
    assert all(u.origin is Origin.ALIGNED for u in back)

    po.write(units, tmp_path / "out.po", lang="az", source_lang="en")
    back = list(po.read(tmp_path / "out.po"))
    assert all(u.origin is Origin.ALIGNED for u in back)
    assert sum(u.targets["az"].status is Status.DRAFT for u in back) == len(drafts)


def test_unit_ids_are_the_sha1_of_the_source_text_with_a_counter_for_repeats() -> None:
    source, target, src, tgt, _ = load("grandprix.en-az")
    units = to_units(align(source, target, src, tgt))
    # sha1("Sergio Perez won the Azerbaijan Grand Prix in Baku on Sunday.") starts fcf09fa8f1e8.
    assert units[0].source.text == "Sergio Perez won the Azerbaijan Grand Prix in Baku on Sunday."
    assert units[0].id == "fcf09fa8f1e8"
    assert len({u.id for u in units}) == len(units)
    repeated = Alignment(
        links=[Link((0,), (0,), 1.0, 0.0), Link((1,), (1,), 1.0, 0.0)],
        source=["Sergio Perez won the Azerbaijan Grand Prix in Baku on Sunday."] * 2,
        target=["Birinci.", "İkinci."],
        source_lang="en",
        target_lang="az",
        source_paragraphs=[0, 0],
        target_paragraphs=[0, 0],
    )
    assert [u.id for u in to_units(repeated)] == ["fcf09fa8f1e8", "fcf09fa8f1e8-2"]


# --------------------------------------------------------------------------- bad input


def test_empty_target_is_refused() -> None:
    source = load("khojaly.en-az")[0]
    with pytest.raises(TmError, match="target text is empty"):
        align(source, "  \n\n ", "en", "az")


def test_empty_source_is_refused() -> None:
    target = load("khojaly.en-az")[1]
    with pytest.raises(TmError, match="source text is empty"):
        align("", target, "en", "az")


def test_cyrillic_text_given_as_azerbaijani_is_refused() -> None:
    source, target = load("khojaly.en-ru")[:2]
    with pytest.raises(TmError, match="not in az: its letters are mostly Cyrillic"):
        align(source, target, "en", "az")


def test_latin_text_given_as_russian_is_refused() -> None:
    source, target = load("khojaly.en-az")[:2]
    with pytest.raises(TmError, match="not in ru: its letters are mostly Latin"):
        align(source, target, "en", "ru")


def test_the_same_text_on_both_sides_is_refused() -> None:
    source = load("khojaly.en-az")[0]
    with pytest.raises(TmError, match="same as the source"):
        align(source, source, "en", "az")


def test_a_target_in_the_source_language_is_refused() -> None:
    source = load("khojaly.en-az")[0]
    paraphrase = source.replace("Sunday", "Monday").replace("Thousands", "Hundreds")
    with pytest.raises(TmError, match="shares 9\\d% of its words with the source"):
        align(source, paraphrase, "en", "az")


def test_a_target_far_longer_than_the_source_is_refused() -> None:
    source, target = load("khojaly.en-az")[:2]
    with pytest.raises(TmError, match="far longer than a translation"):
        align(source, target + "\n\n" + target, "en", "az")


def test_a_target_far_shorter_than_the_source_is_refused() -> None:
    source, target = load("grandprix.en-ru")[:2]
    with pytest.raises(TmError, match="far shorter than a translation"):
        align(source, target.split("\n\n")[0][:300], "en", "ru")


def test_an_unrelated_text_of_the_right_length_is_refused() -> None:
    source = load("khojaly.en-az")[0]
    unrelated = load("grandprix.en-az")[1]
    with pytest.raises(TmError, match="does not look like a translation"):
        align(source, unrelated, "en", "az")


def test_errors_name_the_file_of_the_side_at_fault(tmp_path: Path) -> None:
    en, ru, az = (tmp_path / name for name in ("en.txt", "ru.txt", "az.txt"))
    en.write_text(load("khojaly.en-ru")[0], "utf-8")
    ru.write_text(load("khojaly.en-ru")[1], "utf-8")
    az.write_text(load("khojaly.en-az")[1], "utf-8")
    with pytest.raises(TmError, match="the source text is not in en") as source_error:
        align_files(ru, az, "en", "az")
    with pytest.raises(TmError, match="the target text is not in az") as target_error:
        align_files(en, ru, "en", "az")
    with pytest.raises(TmError, match="the target text is the same as the source") as same_error:
        align_files(en, en, "en", "az")
    assert (source_error.value.path, target_error.value.path, same_error.value.path) == (str(ru), str(ru), str(en))


@pytest.mark.parametrize("suffix", [".tmx", ".po"])
def test_memory_import_keeps_the_aligned_provenance_and_drafts(tmp_path: Path, suffix: str) -> None:
    source, target, src, tgt, _ = load("khojaly.en-az")
    result = align(source, target, src, tgt, threshold=0.9)
    path = tmp_path / f"khojaly{suffix}"
    write_alignment(result, path, suffix[1:])
    memory = SqliteMemory(tmp_path / "memory.db")
    memory.import_file(path)
    units = list(memory.units(origin=Origin.ALIGNED))
    memory.close()
    assert len(units) == sum(1 for link in result.links if link.source and link.target)
    assert sum(u.target("az").status is Status.DRAFT for u in units) == sum(1 for link in result.drafts if link.target)


_KEYS = st.sampled_from(["#1", "#2", "#1275", "m2", "q", "gkhojaly"])


@given(
    st.lists(_KEYS, max_size=4), st.lists(_KEYS, max_size=2), st.lists(_KEYS, max_size=4), st.lists(_KEYS, max_size=2)
)
def test_fast_anchor_cost_agrees_with_the_explained_match(sr, so, tr, to) -> None:
    source, target = Anchors(tuple(sr), tuple(so)), Anchors(tuple(tr), tuple(to))
    matched, lost_s, lost_t = _anchor_match(source, target)
    explained = ANCHOR_PENALTY * (_weight(lost_s) + _weight(lost_t)) - ANCHOR_BONUS * _weight(matched)
    assert _anchor_cost(source, target) == pytest.approx(explained)
