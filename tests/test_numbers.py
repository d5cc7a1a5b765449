from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tm.numbers import compare_numbers, extract_numbers


def values(text: str, lang: str) -> list[str]:
    return [str(n.value) for n in extract_numbers(text, lang) if not n.optional]


def kinds(text: str, lang: str) -> list[str]:
    return [n.kind for n in extract_numbers(text, lang)]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("1,275 people", "en"),
        ("1275 people", "en"),
        ("1\u00a0275 people", "en"),
        ("1 275 nəfər", "az"),
        ("1\u00a0275 nəfər", "az"),
        ("1\u202f275 человек", "ru"),
        ("1 275 человек", "ru"),
        ("1.275 nəfər", "az"),
    ],
)
def test_numbers_reads_thousands_the_local_way(text, lang):
    assert values(text, lang) == ["1275"]


def test_numbers_reads_decimal_comma_in_ru_and_az_and_point_in_en():
    assert values("3,5 faiz", "az") == ["3.5"]
    assert values("3,5 процента", "ru") == ["3.5"]
    assert values("3.5 percent", "en") == ["3.5"]


def test_numbers_reads_english_grouping_in_russian_as_a_decimal():
    # A translator who copies "1,275" into Russian writes 1.275: that must not pass as 1275.
    assert values("1,275 человек", "ru") == ["1.275"]


@pytest.mark.parametrize(
    ("text", "lang"),
    [("31st anniversary", "en"), ("31-ci ildönümü", "az"), ("31-й годовщины", "ru"), ("31-го", "ru")],
)
def test_numbers_reads_ordinals(text, lang):
    [number] = extract_numbers(text, lang)
    assert (number.value, number.kind) == (Decimal(31), "ordinal")


@pytest.mark.parametrize("surface", ["366-cı", "3-cü", "10-cu", "6-cı", "1-inci"])
def test_numbers_reads_every_az_ordinal_suffix(surface):
    [number] = extract_numbers(f"{surface} alay", "az")
    assert number.kind == "ordinal" and number.surface == surface


def test_numbers_keeps_az_case_endings_on_a_cardinal():
    [a, b] = extract_numbers("fevralın 25-dən 26-na keçən gecə", "az")
    assert (a.value, a.kind, a.surface) == (Decimal(25), "cardinal", "25-dən")
    assert b.surface == "26-na"


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("February 25-26, 1992", "en", ["25", "26"]),
        ("25–26 fevral 1992", "az", ["25", "26"]),
        ("в 2010-2012 гг.", "ru", ["2010", "2012"]),
        ("2010 – 2012", "ru", ["2010", "2012"]),
    ],
)
def test_numbers_marks_both_ends_of_a_range(text, lang, expected):
    in_range = [str(n.value) for n in extract_numbers(text, lang) if n.in_range]
    assert in_range == expected


def test_numbers_tells_negative_numbers_from_hyphens():
    assert values("at -5 degrees", "en") == ["-5"]
    assert values("при −5 градусах", "ru") == ["-5"]
    assert values("COVID-19 and 25-26", "en") == ["19", "25", "26"]


def test_numbers_marks_years():
    assert kinds("in 1992 there were 613", "en") == ["year", "cardinal"]
    assert kinds("2010-2012 гг.", "ru") == ["year", "year"]


def test_numbers_reads_percentages_in_both_positions():
    assert [(str(n.value), n.kind) for n in extract_numbers("5% və %5", "az")] == [("5", "percent"), ("5", "percent")]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("seven thousand people", "en"),
        ("yeddi min nəfər", "az"),
        ("семи тысяч человек", "ru"),
        ("7 тыс. человек", "ru"),
    ],
)
def test_numbers_reads_number_words_with_a_multiplier(text, lang):
    assert values(text, lang) == ["7000"]


def test_numbers_keeps_spans_and_surface():
    text = "killing 613 people"
    [number] = extract_numbers(text, "en")
    assert text[number.start : number.end] == number.surface == "613"


def test_compare_accepts_the_same_values_written_differently():
    assert compare_numbers("1,275 people, the 31st, seven thousand", "1 275 nəfər, 31-ci, 7000", "en", "az").ok
    assert compare_numbers("February 25-26, 1992", "25–26 февраля 1992 года", "en", "ru").ok


def test_compare_lets_a_lone_number_word_stand_for_a_number():
    assert compare_numbers("8 families", "səkkiz ailə", "en", "az").ok
    assert compare_numbers("eight families", "8 ailə", "en", "az").ok


def test_compare_lets_a_numeric_date_stand_for_a_month_name():
    assert compare_numbers("on 25 February 1992", "25.02.1992", "en", "ru").ok


def test_compare_reports_missing_extra_and_changed():
    diff = compare_numbers("613 people, 106 women, 63 children", "631 nəfər, 106 qadın, 63 uşaq, 70 qoca", "en", "az")
    assert [(str(s.value), str(t.value)) for s, t in diff.changed] == [("613", "631")]
    assert [str(n.value) for n in diff.extra] == ["70"]
    assert not diff.missing
    diff = compare_numbers("613 people, 106 women", "613 nəfər, qadınlar", "en", "az")
    assert [n.surface for n in diff.missing] == ["106"]


@given(st.integers(min_value=1000, max_value=999_999_999))
def test_compare_accepts_any_integer_in_en_and_ru_grouping(value):
    english = f"{value:,}"
    russian = english.replace(",", "\u00a0")
    assert compare_numbers(english, russian, "en", "ru").ok
    assert compare_numbers(english, english.replace(",", " "), "en", "az").ok


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("1,275.5 dollars", "en"),
        ("1 275,5 рубля", "ru"),
        ("1\u00a0275,5 рубля", "ru"),
        ("1.275,5 manat", "az"),
        ("1 275,5 manat", "az"),
        ("1.275,5 lira", "tr"),
    ],
)
def test_numbers_reads_a_grouped_number_with_a_decimal_part_whole(text, lang):
    assert values(text, lang) == ["1275.5"]


@given(st.integers(min_value=1000, max_value=999_999_999), st.integers(min_value=1, max_value=99))
def test_compare_accepts_any_grouped_decimal_in_en_ru_and_az(whole, cents):
    english = f"{whole:,}.{cents:02d}"
    russian = english.replace(",", "\u00a0").replace(".", ",")
    azerbaijani = english.replace(",", "!").replace(".", ",").replace("!", ".")
    assert compare_numbers(english, russian, "en", "ru").ok
    assert compare_numbers(english, azerbaijani, "en", "az").ok
    assert not compare_numbers(english, f"{whole:,}", "en", "en").ok


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("on 25.02.1992", "ru", [("25", "cardinal"), ("2", "month"), ("1992", "year")]),
        ("on 5/12/99", "en", [("5", "cardinal"), ("12", "month"), ("99", "year")]),
        ("released 2023-02-23", "en", [("2023", "year"), ("2", "month"), ("23", "cardinal")]),
    ],
)
def test_numeric_dates_are_read_as_day_month_and_year(text: str, lang: str, expected: list[tuple[str, str]]) -> None:
    assert [(str(n.value), n.kind) for n in extract_numbers(text, lang)] == expected


def test_a_joiner_joins_number_words_only_before_a_word_of_the_table():
    def read(text: str) -> list[tuple[str, str]]:
        return [(str(n.value), n.surface) for n in extract_numbers(text, "en")]

    assert read("seven hundred and five people") == [("705", "seven hundred and five")]
    # A compound (twenty-one) is no word of the table: the joiner before it ends the run.
    assert read("eight and twenty-one") == [("8", "eight"), ("21", "twenty-one")]
    assert read("seven thousand people and eight") == [("7000", "seven thousand"), ("8", "eight")]
