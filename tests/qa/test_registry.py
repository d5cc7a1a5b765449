import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.qa.helpers import unit
from tm.errors import TmError
from tm.lang import language
from tm.model import Severity
from tm.qa import CHECKS, QaContext, checks_for, run_checks


def test_every_check_says_what_it_catches_with_an_example():
    assert len(CHECKS) >= 15
    for check in CHECKS.values():
        assert check.summary.endswith((".", ")")) and "“" in check.summary, check.name
        assert check.severity in Severity


def test_checks_for_honours_only_and_skip_and_rejects_unknown_names():
    assert [c.name for c in checks_for("az", only=["numbers"])] == ["numbers"]
    assert "numbers" not in [c.name for c in checks_for("az", skip=["numbers"])]
    with pytest.raises(TmError, match="nosuch"):
        checks_for("az", only=["nosuch"])


def test_run_checks_returns_issues_in_unit_order_with_unit_and_lang():
    units = [unit("613 people.", "631 nəfər.", uid="a"), unit("106 women.", "", uid="b")]
    found = run_checks(units, "az")
    assert [(i.unit, i.check) for i in found] == [("a", "numbers"), ("b", "empty")]
    assert found[0].to_dict()["lang"] == "az" and found[0].to_dict()["span"] == [0, 3]


def test_a_check_for_some_languages_follows_the_language_data_not_a_code():
    # The ё policy is for a language with a ё spelling: the registry asks the language, so a new
    # language package with one (Belarusian writes ё too) gets the check with no change to it.
    yo = CHECKS["yo-policy"]
    assert yo.when is not None
    assert yo.when(language("ru")) and not yo.when(dataclasses.replace(language("ru"), spell_yo=None))
    assert yo.applies_to("ru-RU") and not yo.applies_to("az")
    assert yo.to_dict()["langs"] == ["ru"]


_SOURCES = ["Khojaly genocide", "Khojaly massacre", "The old bridge was wiped off the face of the earth."]
_TARGETS = [
    "Xocalı soyqırımı",
    "Xocalı faciəsi",
    "Köhnə körpü yer üzündən silindi, yer üzündən silindi.",
    "Qonşu kəndi də yer üzündən silmək istədilər.",
]
_CROSS_UNIT = ["consistency", "reverse-consistency", "repeated-phrase"]


@given(st.lists(st.tuples(st.sampled_from(_SOURCES), st.sampled_from(_TARGETS)), max_size=8))
@settings(max_examples=30)
def test_streamed_units_get_the_findings_each_unit_gets_checked_within_the_whole_set(pairs):
    units = [unit(source, target, uid=f"u{n}") for n, (source, target) in enumerate(pairs)]
    streamed = run_checks((u for u in units), "az", only=_CROSS_UNIT)
    one_by_one = [i for u in units for i in run_checks([u], "az", QaContext(units=units), only=_CROSS_UNIT)]
    assert streamed == one_by_one


def test_run_checks_reads_a_stream_once_keeping_only_the_unit_before():
    units = [unit("Khojaly genocide", "Xocalı soyqırımı", uid="a"), unit("Khojaly genocide", "Xocalı faciəsi", uid="b")]
    ctx = QaContext()
    [issue] = run_checks(iter(units), "az", ctx, only=["consistency"])
    assert issue.unit == "b" and "unit a" in issue.message
    assert ctx.units == () and ctx.previous is units[-1]
