"""The glossary model: lookup, add/remove, merge, and what check() reports."""

import pytest

from tm.errors import TmError
from tm.glossary import Entry, Glossary, Term, TermStatus, make_id

A, F = TermStatus.ADMITTED, TermStatus.FORBIDDEN


def _khojaly(**terms: list[Term]) -> Entry:
    return Entry("khojaly", "place", terms=terms or {"en": [Term("Khojaly")], "az": [Term("Xocalı")]})


def _codes(glossary: Glossary) -> set[tuple[str, str]]:
    return {(issue.check, issue.severity) for issue in glossary.check()}


def test_lookup_add_remove() -> None:
    glossary = Glossary.of([_khojaly()])
    assert glossary.get("khojaly").preferred("az").text == "Xocalı"
    with pytest.raises(TmError, match="already exists"):
        glossary.add(_khojaly())
    glossary.remove("khojaly")
    with pytest.raises(TmError, match="no glossary entry"):
        glossary.get("khojaly")


def test_language_tags_are_normalised_and_found_by_base_language() -> None:
    entry = Entry("k", terms={"AZ_az": [Term("Xocalı")]})
    assert entry.langs == ["az-AZ"] and entry.preferred("az").text == "Xocalı"


def test_a_clean_glossary_has_no_issues() -> None:
    assert Glossary.of([_khojaly()]).check() == []


def test_check_reports_a_missing_language() -> None:
    glossary = Glossary.of([_khojaly(), Entry("baku", "place", terms={"en": [Term("Baku")]})])
    issues = glossary.check()
    assert [(i.check, i.entry, i.lang) for i in issues] == [("missing-language", "baku", "az")]


def test_check_reports_a_forbidden_form_equal_to_an_allowed_one() -> None:
    entry = _khojaly(en=[Term("Khojaly"), Term("KHOJALY", F)], az=[Term("Xocalı")])
    assert ("forbidden-allowed", "error") in _codes(Glossary.of([entry]))


def test_check_reports_duplicates_across_entries() -> None:
    twin = Entry("khojaly-town", "place", terms={"en": [Term("Khojaly")], "az": [Term("Xocalı şəhəri")]})
    assert ("duplicate-term", "error") in _codes(Glossary.of([_khojaly(), twin]))
    shared = Entry("x", "place", terms={"en": [Term("X"), Term("Khojaly", A)], "az": [Term("X")]})
    assert ("duplicate-term", "warning") in _codes(Glossary.of([_khojaly(), shared]))


def test_check_reports_empty_terms_several_preferred_and_bad_ids() -> None:
    entry = Entry("1st", "planet", terms={"en": [Term(" "), Term("A"), Term("B")], "az": [Term("A", A)]})
    assert {"empty-term", "several-preferred", "no-preferred", "bad-id", "unknown-type"} <= {
        code for code, _ in _codes(Glossary.of([entry]))
    }


def test_merge_completes_an_entry_without_overwriting_it() -> None:
    glossary = Glossary.of([_khojaly()])
    incoming = Glossary.of(
        [
            Entry(
                "other-id",
                "place",
                note="town",
                terms={"en": [Term("Khojaly")], "az": [Term("Xocalı şəhəri")], "ru": [Term("Ходжалы")]},
            )
        ]
    )
    added, updated, _renamed = glossary.merge(incoming)
    entry = glossary.get("khojaly")
    assert (added, updated) == ([], ["khojaly"])
    assert entry.preferred("az").text == "Xocalı" and [t.text for t in entry.admitted("az")] == ["Xocalı şəhəri"]
    assert entry.preferred("ru").text == "Ходжалы" and entry.note == "town"


def test_merge_with_replace_takes_the_incoming_entry() -> None:
    glossary = Glossary.of([_khojaly()])
    glossary.merge(Glossary.of([Entry("khojaly", "event", terms={"en": [Term("Khojaly")]})]), replace=True)
    assert glossary.get("khojaly").type == "event" and glossary.get("khojaly").langs == ["en"]


def test_make_id_is_an_ascii_xml_name() -> None:
    assert make_id("Heydər Əliyev Fondu") == "heyder-eliyev-fondu"
    assert make_id("366th regiment") == "e-366th-regiment"
    assert make_id("Khojaly", taken={"khojaly"}) == "khojaly-2"


def test_merge_by_concept_adds_an_unrelated_entry_with_the_same_id_under_a_new_id() -> None:
    from pathlib import Path

    from tm.glossary import read_glossary

    data = Path(__file__).resolve().parents[1] / "data" / "glossary"
    mine = read_glossary(data / "concept_c1_mine.tbx")
    added, updated, renamed = mine.merge(read_glossary(data / "concept_c1_other.tbx"))
    assert renamed == {"c1": "c1-2"}
    assert (added, updated) == (["c1-2"], ["c1"])  # c2 shares "breadcrumb" with our c1: the same concept
    assert [t.text for t in mine.get("c1").terms_in("en")] == ["breadcrumb", "navigation trail"]
    assert [t.text for t in mine.get("c1").terms_in("de")] == ["Brotkrümelnavigation"]
    assert [t.text for t in mine.get("c1-2").terms_in("en")] == ["star cluster"]
