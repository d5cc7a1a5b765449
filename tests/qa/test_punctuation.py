import pytest

from tests.qa.helpers import issues
from tm.qa.punctuation import ending


def test_quotes_flags_an_unclosed_quotation():
    [issue] = issues("quotes", 'as "Khojaly Genocide Day".', "«Днём геноцида в Ходжалы.", "ru")
    assert issue.severity == "error" and "«" in issue.message and issue.span == (0, 1)


def test_quotes_flags_a_closing_mark_that_closes_nothing():
    [issue] = issues("quotes", "“Justice for Khojaly”", "Справедливость для Ходжалы»", "ru")
    assert "closes nothing" in issue.message


def test_quotes_warns_when_the_quotation_marks_are_dropped():
    [issue] = issues("quotes", 'as "Khojaly Genocide Day".', "Xocalı Soyqırımı Günü elan etməklə.", "az")
    assert issue.severity == "warning" and "2 quotation mark" in issue.message


@pytest.mark.parametrize(
    ("source", "target", "lang"),
    [
        ("“Justice for Khojaly”", "«Xocalıya ədalət!»", "az"),
        ("“Justice for Khojaly”", "“Xocalıya ədalət!”", "az"),
        (
            "“The campaign ‘Justice for Khojaly’,” she said.",
            "«Кампания „Справедливость для Ходжалы“», — сказала она.",
            "ru",
        ),
        # A quotation opened here and closed in the next sentence, as in the source.
        ("“This city was razed to the ground.", "«Этот город был стёрт с лица земли.", "ru"),
        # The source's own mismatched marks, set right by the translator.
        ('campaign “Justice for Khojaly" conducted', "«Xocalıya ədalət!» kampaniyası", "az"),
    ],
)
def test_quotes_accepts_every_convention_and_carried_quotations(source, target, lang):
    assert not issues("quotes", source, target, lang)


def test_brackets_flags_unbalanced_and_accepts_balanced():
    [issue] = issues("brackets", "Cooperation (OIC) and", "Əməkdaşlıq Təşkilatı (İƏT və", "az")
    assert "“(”" in issue.message
    assert not issues("brackets", "Cooperation (OIC) and", "Əməkdaşlıq Təşkilatı (İƏT) və", "az")


def test_ending_reads_marks_after_or_before_a_quote():
    assert ending("genocide.”") == (".", True)
    assert ending("геноцид».") == (".", True)
    assert ending("she said...") == ("…", False)


def test_end_punctuation_flags_a_dropped_or_changed_mark():
    [issue] = issues(
        "end-punctuation", "People were killed in Khojaly.", "Dinc insanlar Xocalıda qətlə yetirilib", "az"
    )
    assert issue.severity == "warning" and "“.”" in issue.message
    assert issues("end-punctuation", "Who will answer?", "Kim cavab verəcək.", "az")


def test_end_punctuation_accepts_a_quote_moved_by_word_order():
    assert not issues(
        "end-punctuation",
        'declaring February 26 as "Khojaly Genocide Day".',
        "26 fevralı «Xocalı Soyqırımı Günü» elan etməklə.",
        "az",
    )
    assert not issues("end-punctuation", "the fate of 150 of them is unknown.”", "судьба 150 из них неизвестна».", "ru")


def test_end_punctuation_flags_a_carried_quotation_left_open():
    found = issues(
        "end-punctuation", "the fate of 150 of them is unknown.”", "onlardan 150 nəfərin taleyi məlum deyil.", "az"
    )
    assert any("quotation" in i.message for i in found)
