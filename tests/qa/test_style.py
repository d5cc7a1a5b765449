"""House-style checks: calque (data per language pair, user-extensible), sentence-starts-with-digit, yo-policy."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.qa.helpers import issues
from tm.errors import TmError
from tm.qa import QaContext


def _spans(found, target: str) -> list[str]:
    return [target[i.start : i.end] for i in found]


@pytest.mark.parametrize(
    ("source", "target", "lang", "flagged"),
    [
        ("Volunteers play a vital role in the town.", "Könüllülər şəhərdə həyati rol oynayır.", "az", "həyati rol"),
        (
            "The port has played a vital role since 1900.",
            "Порт с 1900 года играет жизненно важную роль.",
            "ru",
            "жизненно важную роль",
        ),
        ("Cheap in terms of money.", "Дешево в терминах денег.", "ru", "в терминах"),
    ],
)
def test_calque_flags_listed_calques_with_the_suggestion(source: str, target: str, lang: str, flagged: str) -> None:
    [issue] = issues("calque", source, target, lang)
    assert issue.severity == "warning" and target[issue.start : issue.end] == flagged
    assert "write " in issue.message


@pytest.mark.parametrize(
    ("source", "target", "lang"),
    [
        ("Volunteers play a vital role in the town.", "Könüllülər şəhərdə mühüm rol oynayır.", "az"),
        ("The port has played a vital role since 1900.", "Порт с 1900 года играет важнейшую роль.", "ru"),
        # The calque is tied to its source phrase: "vital organs" may well be "жизненно важные органы".
        ("The heart is a vital organ.", "Сердце — жизненно важный орган, его роль велика.", "ru"),
    ],
)
def test_calque_passes_idiomatic_renderings(source: str, target: str, lang: str) -> None:
    assert issues("calque", source, target, lang) == []


def test_calque_reads_the_users_list_for_a_language_pair(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source, target = "It was a win-win situation.", "Bu, qazan-qazan vəziyyəti idi."
    assert issues("calque", source, target, "az") == []
    (tmp_path / "en-az.calques.txt").write_text(
        "# our agency's list\nwin-win | qazan-qazan* | hər iki tərəf üçün sərfəli\n", encoding="utf-8"
    )
    monkeypatch.setenv("TM_RULES_DIR", str(tmp_path))
    [issue] = issues("calque", source, target, "az")
    assert "hər iki tərəf üçün sərfəli" in issue.message
    # The pair is part of the name: an en-az list says nothing of Russian.
    assert issues("calque", source, "Это была беспроигрышная ситуация qazan-qazan.", "ru") == []


def test_a_broken_calque_line_names_the_file_and_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "en-ru.calques.txt").write_text("vital role | жизненно важн*\n", encoding="utf-8")
    monkeypatch.setenv("TM_RULES_DIR", str(tmp_path))
    with pytest.raises(TmError) as caught:
        issues("calque", "a vital role", "жизненно важная роль", "ru")
    assert caught.value.line == 1 and "en-ru.calques.txt" in str(caught.value)


@pytest.mark.parametrize(
    ("target", "figure"),
    [
        ("«12 домов сгорели полностью.", "12"),
        ("Пожар начался ночью. 40 человек эвакуировали.", "40"),
        ("— 3 500 зрителей пришли на матч.", "3 500"),
    ],
)
def test_sentence_starts_with_digit_flags_a_figure_opening_a_russian_sentence(target: str, figure: str) -> None:
    [issue] = issues("sentence-starts-with-digit", "Figures.", target, "ru")
    assert issue.severity == "info" and target[issue.start : issue.end] == figure


@pytest.mark.parametrize(
    ("target", "lang"),
    [
        ("«Двенадцать домов сгорели полностью.", "ru"),
        ("Пожар уничтожил 12 домов.", "ru"),
        ("5 марта в городе открылся музей.", "ru"),  # a date may open a sentence
        ("12 ev tamamilə yandı.", "az"),  # Azerbaijani style has no such rule
    ],
)
def test_sentence_starts_with_digit_passes_words_dates_and_other_languages(target: str, lang: str) -> None:
    assert issues("sentence-starts-with-digit", "Figures.", target, lang) == []


def test_yo_policy_does_nothing_without_a_policy() -> None:
    assert issues("yo-policy", "Still more.", "Ещё больше, еще больше.", "ru") == []


def test_yo_policy_e_flags_every_yo() -> None:
    target = "Мы ещё раз осмотрели тёмный зал."
    found = issues("yo-policy", "x", target, "ru", QaContext(yo="е"))
    assert _spans(found, target) == ["ещё", "тёмный"]
    assert issues("yo-policy", "x", "Мы еще раз осмотрели темный зал.", "ru", QaContext(yo="е")) == []


def test_yo_policy_yo_flags_words_that_need_yo_and_leaves_ambiguous_ones() -> None:
    target = "Все пришли, но еще не все решено: Пётр принес елку."
    found = issues("yo-policy", "x", target, "ru", QaContext(yo="ё"))
    assert _spans(found, target) == ["еще", "принес", "елку"]
    assert (
        issues("yo-policy", "x", "Все пришли, но ещё не всё решено: Пётр принёс ёлку.", "ru", QaContext(yo="ё")) == []
    )


def test_an_unknown_yo_policy_is_refused() -> None:
    with pytest.raises(TmError):
        QaContext(yo="yo")
