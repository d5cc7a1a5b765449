from tests.qa.helpers import issues


def test_numbers_flags_a_changed_number_quoting_both():
    [issue] = issues("numbers", "killing 613 people", "631 nəfəri öldürərək", "az")
    assert issue.severity == "error"
    assert "631" in issue.message and "613" in issue.message
    assert issue.span == (0, 3)


def test_numbers_flags_a_dropped_and_an_added_number():
    [missing] = issues("numbers", "613 people, including 106 women", "613 человек, в том числе женщин", "ru")
    assert "106" in missing.message and "missing" in missing.message
    [extra] = issues("numbers", "613 people", "613 человек и 70 пожилых", "ru")
    assert "70" in extra.message and "not in the source" in extra.message


def test_numbers_accepts_local_grouping_ordinals_and_ranges():
    assert not issues(
        "numbers",
        "1,275 people on February 25-26, 1992, the 366th",
        "1 275 nəfər, 1992-ci il fevralın 25-26-da, 366-cı",
        "az",
    )
    assert not issues(
        "numbers", "the 31st anniversary, seven thousand people", "31-й годовщины, семи тысяч человек", "ru"
    )


def test_numbers_reads_an_english_comma_in_russian_as_a_decimal():
    [issue] = issues("numbers", "1,275 people", "1,275 человек", "ru")
    assert "1.275" in issue.message
