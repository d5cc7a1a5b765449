"""Fuzzy matching: similarity, penalties that change the meaning, bands, context, explanations."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.memory_helpers import unit
from tm.errors import TmError
from tm.glossary.model import Entry, Glossary, Term
from tm.lang import fold
from tm.match import Match, _has_digit, band, compare, join_spaced, lookup, signature
from tm.memory.backends.sqlite import SqliteMemory
from tm.model import Context, Tag, Unit, Variant


@pytest.fixture
def memory(tmp_path: Path):
    with SqliteMemory(tmp_path / "memory.db") as store:
        store.import_units([
            unit("1", "The attack killed 613 people in the town.", "Hücum şəhərdə 613 nəfərin ölümünə səbəb oldu."),
            unit("2", "The president did not sign the agreement.", "Prezident sazişi imzalamadı."),
            unit("3", "Heydar Aliyev visited Baku in 1993.", "Heydər Əliyev 1993-cü ildə Bakıya səfər etdi."),
            unit("4", "The weather was cold in February.", "Fevralda hava soyuq idi.",
                 context=Context("news", 1, 2, prev="Snow fell.", next="Schools closed.")),
            unit("5", "Press OK to continue.", "Davam etmək üçün OK düyməsini basın."),
        ])  # fmt: skip
        yield store


def test_changed_number_falls_below_95_even_when_the_text_is_almost_the_same() -> None:
    found = compare("The attack killed 631 people in the town.", "The attack killed 613 people in the town.", "en")
    assert found.char > 95
    assert found.score < 95
    assert [p.kind for p in found.penalties] == ["number"]


def test_numbers_are_compared_by_value() -> None:
    found = compare("It cost 1,275 manats.", "It cost 1275 manats.", "en")
    assert not [p for p in found.penalties if p.kind == "number"]
    assert found.score >= 95


def test_negation_falls_below_95() -> None:
    found = compare("The president did sign the agreement.", "The president did not sign the agreement.", "en")
    assert found.score < 95 and [p.kind for p in found.penalties] == ["negation"]
    assert compare("The president didn't sign the agreement.", "The president did sign the agreement.", "en").score < 95


def test_azerbaijani_negative_verb_is_a_negation() -> None:
    found = compare("Prezident sazişi imzaladı.", "Prezident sazişi imzalamadı.", "az")
    assert found.score < 95 and found.penalties[0].kind == "negation"
    assert compare("O məktub yazır.", "O məktub yazmır.", "az").score < 95


def test_russian_ne_is_a_negation() -> None:
    assert compare("Президент подписал соглашение.", "Президент не подписал соглашение.", "ru").score < 95


def test_identical_text_scores_100_and_any_difference_at_most_99() -> None:
    assert compare("Peace was signed.", "Peace was signed.", "en").score == 100
    assert compare("Peace was signed.", "Peace was signed", "en").score <= 99
    assert compare("Peace was signed.", "peace was signed.", "en").score <= 99


def test_inline_code_differences_cost_points() -> None:
    with_codes = ("Press ", Tag("bpt", (("i", "1"),), "<b>"), "OK", Tag("ept", (("i", "1"),), "</b>"), " now.")
    found = compare("Press OK now.", with_codes, "en")
    assert found.score == 97 and found.penalties[0].points == 2  # 99 for a difference, a point per code


def test_changed_glossary_name_is_penalised() -> None:
    glossary = Glossary(entries={
        "baku": Entry("baku", "place", terms={"en": [Term("Baku")]}),
        "ganja": Entry("ganja", "place", terms={"en": [Term("Ganja")]}),
    })  # fmt: skip
    plain = compare("He visited Ganja in May.", "He visited Baku in May.", "en")
    named = compare("He visited Ganja in May.", "He visited Baku in May.", "en", glossary=glossary)
    assert named.score == plain.score - 10 and named.penalties[0].detail == "baku -> ganja"


def test_bands_follow_industry_pricing() -> None:
    assert [band(s) for s in (101, 100, 99, 95, 94, 85, 84, 75, 74, 50, 49)] == [
        "context", "exact", "95-99", "95-99", "85-94", "85-94", "75-84", "75-84", "50-74", "50-74", "no match"
    ]  # fmt: skip


def test_lookup_finds_the_match_and_explains_it(memory: SqliteMemory) -> None:
    (match, *_) = lookup(memory, "The attack killed 631 people in the town.", "en", "az")
    assert match.target == "Hücum şəhərdə 613 nəfərin ölümünə səbəb oldu."
    assert match.band == "85-94" or match.score < 85
    assert match.marked_diff() == "The attack killed [-613-] {+631+} people in the town."
    data = match.to_dict()
    assert data["explanation"]["penalties"][0]["kind"] == "number"
    assert data["signature"] == signature() and data["signature"].startswith("tm:")


def test_the_marked_diff_keeps_the_spacing_of_the_texts(memory: SqliteMemory) -> None:
    memory.import_units([unit("u9", "In 1992, the town fell.", az="1992-ci ildə şəhər süqut etdi.")])
    (match, *_) = lookup(memory, "In 1992, the old town fell.", "en", "az")
    assert match.marked_diff() == "In 1992, the {+old+} town fell."


def test_lookup_respects_min_score_and_language(memory: SqliteMemory) -> None:
    assert lookup(memory, "Completely unrelated words about cooking pasta.", "en", "az", min_score=50) == []
    assert lookup(memory, "The president did not sign the agreement.", "en", "ru") == []
    assert lookup(memory, "The president did not sign the agreement.", "en", "az-AZ")[0].score == 100


def test_of_two_sources_with_the_query_s_text_the_one_with_its_inline_codes_is_the_exact_match(
    memory: SqliteMemory,
) -> None:
    # Candidates are ranked by their plain texts; the inline codes, read with the unit, tell 100 from
    # 99 before any is scored: of the two with the same texts, the exact one is reported, not the older.
    bold = ("Press ", Tag("bpt", (("i", "1"),), "<b>"), "OK", Tag("ept", (("i", "1"),), "</b>"), " now.")
    target = Variant.of("az", "İndi OK basın.")
    memory.import_units([Unit(id="b", source=Variant("en", bold), targets={"az": target})])
    (match, *_) = lookup(memory, "Press OK now.", "en", "az")
    assert (match.score, [p.kind for p in match.penalties]) == (97, ["tag"])
    memory.import_units([Unit(id="p", source=Variant.of("en", "Press OK now."), targets={"az": target})])
    assert [(m.score, m.unit_id) for m in lookup(memory, "Press OK now.", "en", "az", min_score=90)] == [(100, 7)]


def test_a_unit_without_a_target_in_the_language_asked_for_is_no_match(memory: SqliteMemory) -> None:
    # Its source is the most similar, the same text or not; its unit, read only then, has no az target.
    memory.import_units([unit("r", "The president did not sign the treaty.", ru="Президент не подписал договор.")])
    for query in ("The president did not sign the treaty.", "The president did not sign the treaty today."):
        assert [m.unit_id for m in lookup(memory, query, "en", "az")] == [2]
        assert [m.unit_id for m in lookup(memory, query, "en", "ru")][:1] == [6]


def test_same_neighbours_make_an_exact_match_101(memory: SqliteMemory) -> None:
    text = "The weather was cold in February."
    assert lookup(memory, text, "en", "az")[0].score == 100
    same = lookup(memory, text, "en", "az", context=Context(prev="Snow fell.", next="Schools closed."))
    assert same[0].score == 101 and same[0].band == "context"
    other = lookup(memory, text, "en", "az", context=Context(prev="It rained.", next="Schools closed."))
    assert other[0].score == 100
    place = lookup(memory, text, "en", "az", context=Context("news", 1, 2))
    assert place[0].score == 101


@pytest.mark.parametrize("n", [0, -1])
def test_asking_for_no_matches_is_a_usage_error(memory: SqliteMemory, n: int) -> None:
    with pytest.raises(TmError, match="1 or more"):
        lookup(memory, "The attack killed 613 people in the town.", "en", "az", n=n)


#: Text as sentences have it: letters of three scripts, digits (ASCII and Arabic-Indic), separators,
#: apostrophes, punctuation, an underscore, a combining accent and spaces of several kinds.
_SENTENCE_TEXT = st.text(alphabet=st.sampled_from("aZəİıЁж1٣ ,.'’-_!«\u0301\u00a0\u2009\t\n"), max_size=40)


@given(_SENTENCE_TEXT)
# The last word and a mark after it: the mark is a token of its own unless it is a word character.
@example("a b.")
@example("a b'")
@example("a b_")
@example("a b1")
@example("a bə\u0301")
@example("a .")
def test_a_text_is_tokenised_and_its_separators_dropped_as_the_token_rules_say(text: str) -> None:
    # The fast paths (letters between spaces, the separator found by its character) against the rules.
    from tm import match

    assert match._tokens(text) == (match._TOKEN.findall(text), _has_digit(text))
    assert match._SEPARATORS.sub("", text) == re.sub(r"(?<=\d)[.,](?=\d)", "", text)


@given(st.one_of(_SENTENCE_TEXT, st.text(alphabet=st.sampled_from("aZI1 ,.'-_!\t"), max_size=40)),
       st.sampled_from(["en", "az", "ru"]))  # fmt: skip
def test_a_text_is_compared_by_its_tokens_folded_one_by_one(text: str, lang: str) -> None:
    # An ASCII text is folded before it is tokenised, and its tokens are found only when asked for.
    from tm import match

    prepared = match._Text.of((text,), lang, None)
    tokens = match._TOKEN.findall(text)
    folded = fold(" ".join(tokens), lang)
    if _has_digit(text):
        folded = re.sub(r"(?<=\d)[.,](?=\d)", "", folded)
    assert prepared.folded == (folded.split(" ") if tokens else [])
    assert prepared.tokens == tokens


_DIFF_TOKEN = st.sampled_from(["the", "The", "613", "631", ",", ".", "town", "", "ə"])
_DIFF_TEXT = st.lists(st.tuples(st.sampled_from(["", " ", "  ", "\n"]), _DIFF_TOKEN)).map(
    lambda parts: "".join(space + token for space, token in parts)
)


@settings(max_examples=300)
@given(st.lists(st.tuples(st.sampled_from("=-+"), _DIFF_TOKEN), max_size=12), _DIFF_TEXT, _DIFF_TEXT)
# An empty token (no text yet) before a token not found in its text (a space is assumed).
@example([("=", ""), ("+", "x")], "", "")
@example([("=", ""), ("=", "x"), ("-", "the")], " the", "x")
def test_the_marked_diff_is_its_runs_joined_as_spaced(diff: list[tuple[str, str]], source: str, query: str) -> None:
    match = Match(50, source, "", 1, None, 50.0, 50.0, diff=tuple(diff), query=query)
    text = ""
    for op, tokens in match.diff_runs():
        words = join_spaced(tokens)
        text += " " if text and tokens[0][1] else ""
        text += words if op == "=" else f"[-{words}-]" if op == "-" else f"{{+{words}+}}"
    assert match.marked_diff() == text


@given(st.text())
@example("five ²")  # a digit to str.isdigit, not to a regex's \d: its number words are read
@example("Rinenope 1927.")
def test_a_text_has_a_digit_where_a_character_is_one(text: str) -> None:
    assert _has_digit(text) == any(character.isdigit() for character in text)
