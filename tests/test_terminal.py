"""The translate screen: it fits the terminal, wraps and truncates with a marker, works without colour."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from rich.text import Text

from tests.session_helpers import make_document
from tm.match import scored
from tm.model import Finding, Severity, Unit, Variant
from tm.session import Panel, Suggestion, TermHint, UnitView, open_session
from tm.terminal import HELP, diff_text, layout

LONG = (
    "In a statement dedicated to the 31st anniversary of the Khojaly massacre, Aliyeva remarked that the "
    "tragedy is regarded as one of the biggest tragedies of the last century, because of being one of the "
    "bloodiest pages of the policy of ethnic cleansing and genocide regularly carried out by Armenian "
    "nationalists against Azerbaijanis, and that it must never be forgotten by anyone anywhere."
)


def suggestion(source: str, target: str, query: str) -> Suggestion:
    return Suggestion(scored(query, source, target, "en"), "memory")


@pytest.fixture
def crowded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> UnitView:
    """A view with more of everything than 24 rows can hold."""
    monkeypatch.chdir(tmp_path)
    view = open_session(make_document(tmp_path / "segments"), "az").view()
    unit = Unit(
        id="x",
        source=Variant.of("en", LONG),
        context=view.unit.context,
        targets={"az": Variant.of("az", "Xocalı " * 60)},
    )
    hints = tuple(TermHint(f"Name{n}", f"Ad{n}", "person", ("Yanlış",), False) for n in range(6))
    matches = tuple(suggestion(LONG.replace("31st", f"3{n}th"), "Tərcümə " * 20, LONG) for n in range(3))
    issues = tuple(
        Finding(f"number {n} is missing from the translation", severity=Severity.ERROR, check="numbers", unit="x")
        for n in range(6)
    )
    return replace(view, unit=unit, glossary=Panel(hints), matches=Panel(matches), qa=Panel(issues))


@pytest.mark.parametrize("width,height", [(80, 24), (60, 16), (120, 40)])
def test_screen_fits_the_terminal(crowded: UnitView, width: int, height: int) -> None:
    lines = layout(crowded, width, height)
    assert len(lines) <= height - 1  # the last row is the key prompt
    assert all(line.cell_len <= width - 1 for line in lines)
    expected = HELP if len(HELP) <= width - 1 else HELP[: width - 2] + "…"
    assert lines[-1].plain == expected


def test_panels_that_do_not_fit_end_with_a_marker(crowded: UnitView) -> None:
    text = "\n".join(line.plain for line in layout(crowded, 80, 24))
    assert text.count("…+") >= 3  # target, terms, QA at least
    assert "Ad0" in text and "number 0 is missing" in text and "\nTM     1 " in text


def test_long_source_wraps_over_several_lines(crowded: UnitView) -> None:
    lines = [line.plain for line in layout(crowded, 80, 24)]
    start = next(n for n, line in enumerate(lines) if line.startswith("EN  "))
    assert lines[start + 1].startswith("    ") and "Khojaly" in " ".join(lines[start : start + 3])


def test_header_shows_position_paragraph_and_state(crowded: UnitView) -> None:
    header = layout(crowded, 80, 24)[0].plain
    assert "1/5" in header and "¶1" in header and crowded.state in header.split()


def test_diff_without_colour_is_marked_with_brackets() -> None:
    match = suggestion("The attack killed 613 people.", "", "The attack killed 631 people.").match
    plain = diff_text(match, color=False)
    assert plain.plain == "The attack killed [-613-] {+631+} people." and not plain.spans
    coloured = diff_text(match, color=True)
    assert coloured.plain == "The attack killed 613 631 people."
    assert {str(span.style) for span in coloured.spans} == {"red strike", "green underline"}


def test_help_line_is_one_80_column_line() -> None:
    assert Text(HELP).cell_len < 80


def test_diff_of_a_long_sentence_keeps_the_words_around_the_change() -> None:
    query = (
        "In her statement Aliyeva remarked that the tragedy of the 31st anniversary is regarded as one of the biggest "
        "tragedies of the last century by everyone who remembers it."
    )
    match = suggestion(query.replace("31st", "30th"), "", query).match
    assert diff_text(match, color=False).plain == (
        "… the tragedy of the [-30th-] {+31st+} anniversary is regarded as …"
    )


def test_diff_keeps_the_spacing_of_the_texts() -> None:
    query = "Sabina Aliyeva made a statement in Baku on Thursday."
    match = suggestion("Sabina Aliyeva made a statement in Baku.", "", query).match
    assert diff_text(match, color=False).plain == "Sabina Aliyeva made a statement in Baku {+on Thursday+}."
