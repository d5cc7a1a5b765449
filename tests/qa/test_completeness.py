from tests.qa.helpers import Status, issues


def test_empty_flags_a_missing_or_blank_target():
    assert issues("empty", "Khojaly genocide", None)[0].severity == "error"
    assert issues("empty", "Khojaly genocide", "  ")
    assert not issues("empty", "Khojaly genocide", "Xocalı soyqırımı")


def test_untranslated_flags_a_copied_sentence_in_any_case_or_spacing():
    [issue] = issues("untranslated", "She called on the world community.", "She called on  the world community.", "az")
    assert issue.severity == "error"


def test_untranslated_accepts_a_name_or_number_left_as_it_is():
    assert not issues("untranslated", "Azernews", "Azernews", "az")
    assert not issues("untranslated", "1992", "1992", "ru")
    assert not issues("untranslated", "Khojaly genocide", "Xocalı soyqırımı", "az")


def test_draft_warns_about_a_fuzzy_target():
    [issue] = issues("draft", "Khojaly genocide", "Xocalı soyqırımı", status=Status.DRAFT)
    assert issue.severity == "warning"
    assert not issues("draft", "Khojaly genocide", "Xocalı soyqırımı", status=Status.TRANSLATED)
