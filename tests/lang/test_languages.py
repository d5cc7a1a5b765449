"""The language contract: every package in tm/lang holds to it, and the generic fallback too."""

from __future__ import annotations

import importlib
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tm.lang import SCRIPTS, Language, fold, is_known, known_languages, language
from tm.numbers import extract_numbers

CODES = known_languages()
# Every package, and a language with none (the generic fallback).
EVERY = [*CODES, "hu"]


def test_the_packages_of_the_languages_tm_knows_are_found() -> None:
    assert {"az", "en", "ru"} <= set(CODES)
    assert not is_known("hu")


@pytest.mark.parametrize("code", CODES)
def test_a_package_exposes_its_language_under_its_code(code: str) -> None:
    module = importlib.import_module(f"tm.lang.{code}")
    assert isinstance(module.LANGUAGE, Language)
    assert module.LANGUAGE.code == code
    assert language(code.upper() + "-XX") is module.LANGUAGE
    assert module.LANGUAGE.script in SCRIPTS


@pytest.mark.parametrize("code", EVERY)
def test_a_language_reads_plain_numbers(code: str) -> None:
    found = extract_numbers("7 and 42 and 1999", code)
    assert [int(n.value) for n in found if n.kind != "word"] == [7, 42, 1999]


@pytest.mark.parametrize("code", EVERY)
def test_plural_forms_are_a_gettext_header(code: str) -> None:
    forms = language(code).plural_forms
    assert forms is None or re.fullmatch(r"nplurals=\d; plural=.+;", forms)


@pytest.mark.parametrize("code", EVERY)
def test_the_forms_of_a_term_hold_the_written_words(code: str) -> None:
    term_forms = language(code).term_forms
    if term_forms is None:
        return
    words = ["Word", "Name"] if code != "ru" else ["Большой", "Театр"]
    slots = term_forms(words, "place")
    assert len(slots) == len(words)
    for word, forms in zip(words, slots):
        assert fold(word, code) in forms


@pytest.mark.parametrize("code", EVERY)
def test_a_word_is_not_its_own_negation(code: str) -> None:
    negates = language(code).negates
    assert negates is None or not negates("word", "word")


@pytest.mark.parametrize("code", EVERY)
def test_word_lists_are_in_the_case_lists_are_compared_in(code: str) -> None:
    spec = language(code)
    for word in spec.repeatable | spec.rules.function_words | spec.rules.negations:
        assert fold(word, code) == word


@pytest.mark.parametrize("code", EVERY)
def test_every_word_has_a_key(code: str) -> None:
    keys = language(code).word_keys
    assert keys is None or keys("Slovo")


def test_an_unknown_language_gets_the_generic_rules_under_its_own_code() -> None:
    spec = language("hu-HU")
    assert spec.code == "hu"
    assert spec.rules.is_title("Dr.")
    assert spec.term_forms is None and spec.negates is None


def test_a_tag_that_is_no_language_code_gets_the_generic_rules() -> None:
    assert language("x-private").term_forms is None
    assert language("und").code == "und"


_TERM_WORDS = st.lists(st.sampled_from(["Xocalı", "Heydər", "Əliyev", "Fondu", "366-cı", "İstanbul", "Army", "Khojaly",
                                        "Sabina", "Gazi", "Meclisi", "Irak", "OIC", "Bakı", "ordu", "Ünal"]),
                       min_size=1, max_size=4)  # fmt: skip


@pytest.mark.parametrize("code", [c for c in CODES if language(c).start_forms is not None])
@given(words=_TERM_WORDS, entry_type=st.sampled_from(["", "person", "place", "organisation", "event"]))
@settings(max_examples=60)
def test_start_forms_are_the_forms_term_forms_gives_the_first_word(code: str, words: list[str], entry_type: str):
    lang = language(code)
    assert lang.start_forms is not None and lang.term_forms is not None
    assert lang.start_forms(words, entry_type) == lang.term_forms(words, entry_type)[0]
