"""tm.concordance: a word or phrase in a memory's sources and targets, inflected forms included."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tests.memory_helpers import unit
from tm import concordance as concordance_module
from tm.cli.app import app
from tm.concordance import ConcordanceIndex, concordance, query_glossary
from tm.errors import TmError
from tm.glossary import find_terms, read_glossary
from tm.memory import Memory, open_memory

GLOSSARY = read_glossary(Path(__file__).resolve().parent.parent / "glossaries" / "article-2023-02-23.tbx")

UNITS = [
    unit("a", "Flowers were laid in Khojaly.", "Xocalıda gül dəstələri qoyuldu.", "В Ходжалы возложили цветы."),
    unit("b", "The Khojaly survivors spoke.", "Xocalının sağ qalanları danışdı.", "Выжившие в Ходжалы выступили."),
    unit("c", "A letter to Heydar Aliyev.", "Heydər Əliyevə məktub.", "Письмо Гейдару Алиеву."),
    unit("d", "A portrait of Heydar Aliyev.", "Heydər Əliyevin portreti.", "Портрет Гейдара Алиева."),
    unit("e", "The choir sang twice.", "Xor iki dəfə oxudu.", "Хор спел дважды."),
    unit("f", "Khojalyx is not a place.", "Xocalıx yer deyil.", "Ходжалыкс не место."),
]


@pytest.fixture
def memory(tmp_path: Path) -> Memory:
    store = open_memory(str(tmp_path / "m.db"))
    store.import_units(UNITS)
    return store


def marked(result, side: str) -> list[str]:
    return [getattr(h, side)[a:b] for h in result.hits for a, b in getattr(h, f"{side}_spans")]


def test_az_targets_match_inflected_forms_of_the_glossary_equivalent(memory: Memory) -> None:
    result = concordance(memory, "Khojaly", "en", "az", glossary=GLOSSARY)
    assert [h.unit for h in result.hits] == ["a", "b"]
    assert marked(result, "source") == ["Khojaly", "Khojaly"]
    assert marked(result, "target") == ["Xocalıda", "Xocalının"]


def test_az_query_finds_its_own_inflected_forms_without_a_glossary(memory: Memory) -> None:
    result = concordance(memory, "Əliyev", "en", "az")
    assert marked(result, "target") == ["Əliyevə", "Əliyevin"]
    assert marked(result, "source") == []


def test_ru_query_finds_declined_surnames(memory: Memory) -> None:
    result = concordance(memory, "Гейдар Алиев", "en", "ru")
    assert marked(result, "target") == ["Гейдару Алиеву", "Гейдара Алиева"]


def test_a_word_inside_a_longer_word_is_no_hit(memory: Memory) -> None:
    assert [h.unit for h in concordance(memory, "Khojaly", "en", "ru").hits] == ["a", "b"]


def test_language_pair_filter(memory: Memory, tmp_path: Path) -> None:
    memory.import_units([unit("g", "Khojaly again.", ru="Снова Ходжалы.")])
    assert [h.unit for h in concordance(memory, "Khojaly", "en", "az").hits] == ["a", "b"]
    assert [h.unit for h in concordance(memory, "Khojaly", "en", "ru").hits] == ["a", "b", "g"]


def test_pages(memory: Memory) -> None:
    first = concordance(memory, "Aliyev", "en", "az", limit=1)
    second = concordance(memory, "Aliyev", "en", "az", offset=1, limit=1)
    assert (first.total, second.total) == (2, 2)
    assert [h.unit for h in first.hits + second.hits] == ["c", "d"]
    assert concordance(memory, "Aliyev", "en", "az", offset=2).hits == []


def test_a_saved_index_loads_as_it_was(memory: Memory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(concordance_module, "PART", 2)  # parts of 2 units or words: several of each
    monkeypatch.setattr(concordance_module, "CHARS", 10)
    index = ConcordanceIndex.build(memory, "en", "az")
    with (tmp_path / "index").open("wb") as handle:
        index.save(handle)
    with (tmp_path / "index").open("rb") as handle:
        loaded = ConcordanceIndex.load(handle)
        assert not handle.read()  # every part read
    assert vars(loaded) == vars(index)
    assert loaded.search("Khojaly", glossary=GLOSSARY) == index.search("Khojaly", glossary=GLOSSARY)


def test_empty_query_is_refused(memory: Memory) -> None:
    with pytest.raises(TmError):
        concordance(memory, "  ", "en", "az")


def test_cli_on_a_local_memory(memory: Memory, tmp_path: Path) -> None:
    glossary = Path(__file__).resolve().parent.parent / "glossaries" / "article-2023-02-23.tbx"
    result = CliRunner().invoke(
        app, ["concordance", "Khojaly", "--from", "en", "--to", "az", "-m", str(memory.path), "-g", str(glossary),
              "--format", "json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["total"] == 2 and data["hits"][1]["target_spans"] == [[0, 9]]


WORDS = ["Xocalı", "Xocalının", "xocalıdakı", "XOCALI'ya", "Xocalıx", "Алиев", "Алиева", "алиевым", "Алиевск",
         "Ёлка", "ёлки", "366-cı", "1366-cı", "ə", "İlham", "ilham", "Khojaly's", "khojalyx", "2010", "a"]  # fmt: skip
SEPARATORS = [" ", "-", "‑", "'", "’", "ʼ", "«", "»", ", ", "\n", "", "5", "th", "²", "_", "Ⅻ"]


@settings(max_examples=60)
@given(
    texts=st.lists(
        st.tuples(
            st.lists(st.sampled_from(WORDS + SEPARATORS), max_size=8),
            st.lists(st.sampled_from(WORDS + SEPARATORS), max_size=8),
        ),
        max_size=12,
    ),
    query=st.sampled_from(["Xocalı", "Алиев", "ёлка", "366-cı", "İlham", "Khojaly", "a"]),
    tgt=st.sampled_from(["az", "ru"]),
)
def test_the_index_finds_what_the_recogniser_finds_in_every_unit(texts, query, tgt) -> None:
    units = [unit(f"u{n}", "".join(src) or "x", **{tgt: "".join(dst) or "x"}) for n, (src, dst) in enumerate(texts)]
    result = ConcordanceIndex("en", tgt, units).search(query, limit=1000)
    wanted = query_glossary(query, "en", tgt)
    expected = [
        u.id for u in units
        if find_terms(u.source.text, "en", wanted) or find_terms(u.targets[tgt].text, tgt, wanted)
    ]  # fmt: skip
    assert [hit.unit for hit in result.hits] == expected
