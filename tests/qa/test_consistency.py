from tests.qa.helpers import unit
from tm.qa import run_checks


def test_consistency_flags_one_source_translated_two_ways_naming_the_first_unit():
    units = [
        unit("Khojaly genocide", "Xocalı soyqırımı", uid="a"),
        unit("Khojaly genocide", "Xocalı soyqırımı", uid="b"),
        unit("Khojaly genocide", "Xocalı faciəsi", uid="c"),
    ]
    [issue] = run_checks(units, "az", only=["consistency"])
    assert issue.unit == "c" and "unit a" in issue.message and "Xocalı faciəsi" in issue.message


def test_consistency_ignores_case_and_spacing():
    units = [
        unit("Khojaly genocide", "Xocalı soyqırımı", uid="a"),
        unit("Khojaly  genocide", "XOCALI SOYQIRIMI", uid="b"),
    ]
    assert not run_checks(units, "az", only=["consistency"])


def test_reverse_consistency_flags_two_sources_with_one_translation():
    units = [
        unit("Khojaly massacre", "Xocalı soyqırımı", uid="a"),
        unit("Khojaly genocide", "Xocalı soyqırımı", uid="b"),
    ]
    [issue] = run_checks(units, "az", only=["reverse-consistency"])
    assert issue.unit == "b" and "Khojaly massacre" in issue.message
    assert not run_checks(units[:1], "az", only=["reverse-consistency"])
