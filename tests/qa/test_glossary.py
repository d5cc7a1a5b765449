from pathlib import Path

import pytest

from tests.qa.helpers import issues
from tm.qa import QaContext

glossary_module = pytest.importorskip("tm.glossary", reason="the glossary branch is not merged")
GLOSSARY = glossary_module.read_glossary(Path(__file__).parent.parent / "data" / "qa" / "glossary.tbx")


def ctx() -> QaContext:
    return QaContext(source_lang="en", glossary=GLOSSARY)


@pytest.mark.parametrize(
    ("source", "target", "lang"),
    [
        ("the Khojaly genocide", "Xocalı soyqırımının", "az"),
        ("the population of Khojaly", "Xocalının əhalisi", "az"),
        ("killed in Khojaly", "Xocalıda öldürülüb", "az"),
        ("national leader Heydar Aliyev", "общенационального лидера Гейдара Алиева", "ru"),
        ("the Khojaly massacre", "Ходжалинской трагедии", "ru"),
        ("Sabina Aliyeva said", "Сабина Алиева заявила", "ru"),
        ("the Heydar Aliyev Foundation", "Фондом Гейдара Алиева", "ru"),
    ],
)
def test_glossary_accepts_inflected_and_admitted_forms(source, target, lang):
    for check in ("glossary", "forbidden-term", "untranslated-name"):
        assert not issues(check, source, target, lang, ctx()), check


def test_glossary_flags_a_misspelled_name_with_the_expected_term():
    [issue] = issues("glossary", "killed in Khojaly", "Hocalıda öldürülüb", "az", ctx())
    assert issue.severity == "error" and "“Xocalı”" in issue.message and "Khojaly" in issue.message


def test_forbidden_term_flags_a_forbidden_spelling_and_names_the_approved_one():
    [issue] = issues("forbidden-term", "in the city of Khankandi", "в городе Степанакерт", "ru", ctx())
    assert "“Ханкенди”" in issue.message and issue.span == (9, 20)
    assert "policy" not in issue.message


def test_forbidden_term_says_when_the_ban_is_a_house_style_policy():
    article = glossary_module.read_glossary(Path(__file__).parents[2] / "glossaries" / "article-2023-02-23.tbx")
    found = issues("forbidden-term", "in Khankandi", "в Степанакерте", "ru", QaContext(glossary=article))
    [issue] = found
    assert "house-style policy: tm glossary show khankandi" in issue.message
    # A client whose style admits the name overrides the policy in its glossary.
    for term in article.get("khankandi").terms_in("ru"):
        if term.text == "Степанакерт":
            term.status = glossary_module.TermStatus.ADMITTED
    article.invalidate()
    assert issues("forbidden-term", "in Khankandi", "в Степанакерте", "ru", QaContext(glossary=article)) == []


def test_untranslated_name_flags_a_name_left_in_english():
    [issue] = issues("untranslated-name", "Ombudsman Sabina Aliyeva", "Ombudsman Sabina Aliyeva", "az", ctx())
    assert "“Səbinə Əliyeva”" in issue.message and issue.span == (10, 24)


def test_glossary_checks_do_nothing_without_a_glossary():
    assert not issues("glossary", "killed in Khojaly", "Hocalıda öldürülüb", "az")


def _case_glossary(exact: bool):
    from tm.glossary import Entry, Term

    day = Entry(
        "flag-day",
        "day",
        exact_case=exact,
        terms={
            "en": [Term("National Flag Day")],
            "az": [Term("Dövlət bayrağı günü")],
            "ru": [Term("День государственного флага")],
        },
    )
    title = Entry(
        "speaker",
        "title",
        exact_case=exact,
        terms={"en": [Term("Speaker")], "az": [Term("Spiker")], "ru": [Term("спикер")]},
    )
    return QaContext(source_lang="en", glossary=glossary_module.Glossary.of([day, title]))


@pytest.mark.parametrize(
    ("target", "lang", "flagged"),
    [
        ("Noyabrın 9-u Dövlət Bayrağı Günüdür.", "az", "Dövlət Bayrağı Günüdür"),
        ("Parlamentdə dövlət bayrağı gününə həsr olunmuş tədbir keçirildi.", "az", "dövlət bayrağı gününə"),
        ("Парад прошел в День Государственного Флага.", "ru", "День Государственного Флага"),
        ("Доклад прочитал Спикер парламента.", "ru", "Спикер"),
    ],
)
def test_term_case_flags_another_case_in_a_case_exact_entry(target, lang, flagged):
    [issue] = issues("term-case", "National Flag Day; the Speaker.", target, lang, _case_glossary(True))
    assert issue.severity == "warning" and target[issue.start : issue.end] == flagged
    # The same text passes when the entry does not ask for exact case.
    assert issues("term-case", "National Flag Day.", target, lang, _case_glossary(False)) == []


@pytest.mark.parametrize(
    ("target", "lang"),
    [
        ("Noyabrın 9-u Dövlət bayrağı günüdür.", "az"),
        ("Парад прошел в День государственного флага.", "ru"),
        ("Доклад прочитал спикер парламента.", "ru"),
        ("«Спикер парламента выступил первым», — сказал он.", "ru"),  # a capital that opens a sentence
        ("Tədbir bitdi. Spikerin çıxışı uzun oldu.", "az"),
    ],
)
def test_term_case_passes_the_glossary_case_and_sentence_capitals(target, lang):
    assert issues("term-case", "National Flag Day; the Speaker.", target, lang, _case_glossary(True)) == []
