import pytest

from tests.qa.helpers import issues


def test_double_space_is_reported_as_info_with_its_place():
    [issue] = issues("double-space", "613 people", "613  nəfər")
    assert issue.severity == "info" and issue.span == (3, 5)
    assert not issues("double-space", "613 people", "613 nəfər")


def test_edge_whitespace_flags_a_difference_from_the_source():
    [issue] = issues("edge-whitespace", "Khojaly genocide", " Xocalı soyqırımı")
    assert "leading" in issue.message
    assert not issues("edge-whitespace", "Khojaly genocide ", "Xocalı soyqırımı ")


@pytest.mark.parametrize(
    ("target", "lang"), [("cinayətkarları və və dinc", "az"), ("убиты в в Ходжалы", "ru"), ("Və və", "az")]
)
def test_doubled_word_flags_a_repeated_word(target, lang):
    [issue] = issues("doubled-word", "source", target, lang)
    assert issue.severity == "warning"


@pytest.mark.parametrize(
    ("source", "target", "lang"),
    [("slowly", "yavaş yavaş", "az"), ("in the city", "в городе", "ru"), ("Bora Bora", "Bora Bora", "az")],
)
def test_doubled_word_accepts_reduplication_and_repeats_of_the_source(source, target, lang):
    assert not issues("doubled-word", source, target, lang)
