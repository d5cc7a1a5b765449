"""The translate session as a library: navigation, resume, saving after each confirm, review, search, panels."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import polib
import pytest

from tests.session_helpers import SENTENCES, make_document, stale_document, write_source
from tm.builder import build
from tm.errors import TmError
from tm.formats import po
from tm.memory.backends.sqlite import SqliteMemory
from tm.model import Context, Status, TargetState, Unit, Variant
from tm.session import glossary_panel, open_session

REPO = Path(__file__).resolve().parent.parent
GLOSSARY = REPO / "glossaries" / "article-2023-02-23.tbx"


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)  # no project glossary or memory found by default
    return tmp_path / "segments"


def entries(path: Path) -> dict[str, polib.POEntry]:
    return {e.msgid: e for e in polib.pofile(str(path))}


def test_session_opens_at_first_unit_of_a_fresh_po(root: Path) -> None:
    session = open_session(make_document(root), "az")
    assert session.index == 0 and len(session.units) == 5
    assert session.counts() == {
        TargetState.UNTRANSLATED: 5,
        TargetState.DRAFT: 0,
        TargetState.TRANSLATED: 0,
        TargetState.REVIEWED: 0,
    }


def test_edit_saves_the_unit_to_the_po_at_once_and_moves_on(root: Path) -> None:
    document = make_document(root)
    session = open_session(document, "az")
    assert session.edit("  Xocalı soyqırımı 1992-ci ildə törədilib.\n")
    assert session.index == 1
    entry = entries(document.po_path("az"))[SENTENCES[0]]
    assert entry.msgstr == "Xocalı soyqırımı 1992-ci ildə törədilib." and not entry.fuzzy
    assert entries(document.po_path("az"))[SENTENCES[1]].msgstr == ""


def test_a_saved_unit_names_the_projects_translator_in_the_po(root: Path, tmp_path: Path) -> None:
    (tmp_path / "tm.toml").write_text('translator = "Aysel Quliyeva <aysel@example.org>"\n', encoding="utf-8")
    document = make_document(root)
    session = open_session(document, "az")
    session.edit("Xocalı soyqırımı 1992-ci ildə törədilib.")
    catalog = polib.pofile(str(document.po_path("az")))
    assert catalog.metadata["Last-Translator"] == "Aysel Quliyeva <aysel@example.org>"


def test_reopening_resumes_at_first_unfinished_unit(root: Path) -> None:
    document = make_document(root)
    session = open_session(document, "az")
    session.edit("Birinci.")
    session.edit("İkinci.")
    session.jump(5)
    session.edit("Beşinci.")
    again = open_session(document, "az")
    assert again.index == 2
    assert [u.target("az").text if u.target("az") else "" for u in again.units] == [
        "Birinci.",
        "İkinci.",
        "",
        "",
        "Beşinci.",
    ]


def test_reopening_a_finished_document_starts_at_the_first_unit(root: Path) -> None:
    document = make_document(root)
    session = open_session(document, "az")
    for n in range(5):
        session.edit(f"Cümlə {n + 1}.")
    assert open_session(document, "az").index == 0


def test_saved_po_is_byte_for_byte_what_build_writes(root: Path) -> None:
    document = make_document(root)
    session = open_session(document, "az")
    session.edit("Xocalı soyqırımı 1992-ci ildə törədilib.")
    session.edit("Azərbaycan hər il qurbanları yad edir.\nİkinci sətir.")
    before = document.po_path("az").read_bytes()
    report = build(root)
    assert document.po_path("az") in report.unchanged
    assert document.po_path("az").read_bytes() == before


def test_save_keeps_header_comments_obsolete_entries_and_other_units(root: Path) -> None:
    document = make_document(root)
    path = document.po_path("az")
    catalog = po.load(path)
    catalog.units[1].notes = ["Glossary: Azerbaijan = Azərbaycan"]
    catalog.units[2].targets["az"] = Variant.of("az", "Ombudsman çağırıb.", notes=["yoxla"])
    catalog.units.append(
        Unit(
            id="gone",
            source=Variant.of("en", "A removed sentence."),
            targets={"az": Variant.of("az", "Silinmiş cümlə.")},
            props={po.OBSOLETE: ["true"]},
        )
    )
    po.write(
        catalog.units,
        path,
        lang="az",
        source_lang="en",
        project="demo",
        title="demo: en -> az",
        created=catalog.date("POT-Creation-Date"),
        revised=catalog.date("PO-Revision-Date"),
    )
    header = [line for line in path.read_text("utf-8").splitlines()[:16] if "PO-Revision-Date" not in line]
    session = open_session(document, "az")
    assert session.index == 0
    session.edit("Xocalı soyqırımı.")
    text = path.read_text("utf-8")
    assert [line for line in text.splitlines()[:16] if "PO-Revision-Date" not in line] == header
    assert "#. Glossary: Azerbaijan = Azərbaycan" in text and "# yoxla" in text
    assert '#~ msgid "A removed sentence."' in text and '#~ msgstr "Silinmiş cümlə."' in text
    assert entries(path)[SENTENCES[2]].msgstr == "Ombudsman çağırıb."


def test_save_moves_po_revision_date_only(root: Path) -> None:
    document = make_document(root)
    session = open_session(document, "az")
    session.now = lambda: datetime(2030, 1, 2, 3, 4, tzinfo=UTC)
    session.edit("Xocalı.")
    assert po.load(document.po_path("az")).metadata["PO-Revision-Date"] == "2030-01-02 03:04+0000"


def test_navigation_stays_within_the_document(root: Path) -> None:
    session = open_session(make_document(root), "az")
    assert not session.prev() and session.index == 0
    assert session.next() and session.skip() and session.index == 2
    assert session.jump(5) and not session.next() and session.index == 4
    assert not session.jump(0) and not session.jump(6) and session.index == 4
    assert session.prev() and session.index == 3


def test_next_unfinished_skips_done_units_and_wraps(root: Path) -> None:
    session = open_session(make_document(root), "az")
    session.edit("Bir.")
    session.edit("İki.")
    session.jump(4)
    session.edit("Dörd.")
    assert session.index == 4
    assert session.next_unfinished() and session.index == 2  # wrapped past 1, 2 (done)
    session.edit("Üç.")
    session.jump(5)
    session.edit("Beş.")
    assert not session.next_unfinished()


def test_review_marks_the_unit_reviewed_in_the_po(root: Path) -> None:
    document = make_document(root)
    session = open_session(document, "az")
    session.edit("Xocalı soyqırımı.")
    session.prev()
    assert session.review() and session.index == 1
    assert "reviewed" in entries(document.po_path("az"))[SENTENCES[0]].flags
    assert session.state(0) == TargetState.REVIEWED
    assert not session.review()  # unit 2 has no translation
    assert session.index == 1


def test_a_stale_draft_is_offered_as_a_suggestion_with_its_diff(root: Path) -> None:
    document, changed = stale_document(root)
    session = open_session(document, "az")
    session.jump(4)
    assert session.state() == TargetState.DRAFT
    (draft,) = session.view().matches.items
    assert draft.target == "Səbinə Əliyeva Bakıda bəyanat verib." and draft.origin == "PO draft"
    assert 75 <= draft.match.score < 100 and draft.match.band == "85-94"
    assert draft.match.source == "Sabina Aliyeva made a statement in Baku."
    assert [token for op, token in draft.match.diff if op == "+"] == ["on", "Thursday"]


def test_accepting_a_suggestion_saves_it_translated(root: Path) -> None:
    document, changed = stale_document(root)
    session = open_session(document, "az")
    session.jump(4)
    assert not session.accept(2)
    assert session.accept(1) and session.index == 4
    entry = entries(document.po_path("az"))[changed[3]]
    assert entry.msgstr == "Səbinə Əliyeva Bakıda bəyanat verib."
    assert not entry.fuzzy and entry.previous_msgid is None


def test_reviewing_a_fuzzy_unit_approves_it(root: Path) -> None:
    document, changed = stale_document(root)
    session = open_session(document, "az")
    session.jump(4)
    assert session.review()
    entry = entries(document.po_path("az"))[changed[3]]
    assert not entry.fuzzy and "reviewed" in entry.flags and entry.previous_msgid is None


def test_edit_with_empty_text_removes_the_translation(root: Path) -> None:
    document = make_document(root)
    session = open_session(document, "az")
    session.edit("Xocalı.")
    session.prev()
    assert session.edit("")
    assert entries(document.po_path("az"))[SENTENCES[0]].msgstr == ""
    assert session.state(0) == TargetState.UNTRANSLATED


def test_search_finds_source_and_target_text_caselessly(root: Path) -> None:
    session = open_session(make_document(root), "az")
    session.jump(3)
    session.edit("İnsan hüquqları üzrə müvəkkil çağırıb.")
    assert session.search("khojaly") and session.index == 0  # wraps to the first unit
    assert session.search("İNSAN") and session.index == 2  # Azerbaijani İ/i in the target
    assert session.search("insan") and session.index == 2  # the only hit: stays
    assert session.search("") and session.index == 2  # repeats the last query
    assert not session.search("Stepanakert") and session.index == 2


def test_saving_a_unit_that_left_the_po_refuses(root: Path) -> None:
    document = make_document(root)
    session = open_session(document, "az")
    changed = list(SENTENCES)
    changed[0] = "A wholly different first sentence about nothing."
    write_source(root, changed)
    build(root)
    with pytest.raises(TmError, match="no longer in the PO"):
        session.edit("Xocalı.")


def test_missing_po_names_the_build_command(root: Path) -> None:
    document = make_document(root)
    document.po_path("az").unlink()
    with pytest.raises(TmError) as caught:
        open_session(document, "az")
    assert "tm build --lang az" in (caught.value.hint or "")


def test_panels_without_glossary_or_memory_are_empty_with_a_note(root: Path) -> None:
    view = open_session(make_document(root), "az").view()
    assert view.glossary.items == () and "glossary" in view.glossary.note
    assert view.matches.items == () and "memory" in view.matches.note
    assert view.qa.items == () and view.qa.note == "no target to check"


def test_glossary_panel_shows_approved_form_and_whether_the_target_uses_it(root: Path) -> None:
    if not GLOSSARY.exists():
        pytest.skip("the article glossary is not in this checkout")
    session = open_session(make_document(root), "az", glossary=GLOSSARY)
    (hint,) = session.view().glossary.items
    assert hint.surface == "Khojaly genocide" and hint.approved == "Xocalı soyqırımı" and hint.in_target is None
    session.edit("Xocalı soyqırımı 1992-ci ildə törədilib.")
    session.prev()
    assert session.view().glossary.items[0].in_target is True
    session.edit("Hocalı qətliamı 1992-ci ildə törədilib.")
    session.prev()
    assert session.view().glossary.items[0].in_target is False


def test_glossary_panel_without_glossary_has_a_note_only() -> None:
    unit = Unit(id="x", source=Variant.of("en", "Khojaly."))
    panel = glossary_panel(unit, "az", "en", None)
    assert panel.items == () and panel.note


def test_qa_panel_reports_findings_of_the_current_target(root: Path) -> None:
    session = open_session(make_document(root), "az")
    session.edit("Xocalı soyqırımı 1993-cü ildə törədilib.")
    session.prev()
    checks = {issue.check for issue in session.view().qa.items}
    assert "numbers" in checks


def test_status_of_a_saved_unit_is_translated(root: Path) -> None:
    document = make_document(root)
    open_session(document, "az").edit("Xocalı.")
    target = po.load(document.po_path("az")).units[0].target("az")
    assert target is not None and target.status is Status.TRANSLATED


def remember(path: Path, source: str, target: str, context: Context | None = None) -> Path:
    with SqliteMemory(path) as memory:
        memory.import_units(
            [
                Unit(
                    id=source,
                    source=Variant.of("en", source),
                    context=context,
                    targets={"az": Variant.of("az", target)},
                )
            ]
        )
    return path


def test_memory_matches_are_offered_and_accepted(root: Path, tmp_path: Path) -> None:
    document = make_document(root)
    memory = remember(
        tmp_path / "tm.db",
        "The Ombudsman called on international organisations to act.",
        "Ombudsman beynəlxalq təşkilatları fəaliyyətə çağırıb.",
    )
    session = open_session(document, "az", memory=memory)
    session.jump(3)
    (match,) = session.view().matches.items
    assert match.origin == "memory" and 85 <= match.match.score < 100
    assert ("-", "organisations") in match.match.diff and ("+", "organizations") in match.match.diff
    assert session.accept(1)
    assert (
        entries(document.po_path("az"))[SENTENCES[2]].msgstr == "Ombudsman beynəlxalq təşkilatları fəaliyyətə çağırıb."
    )
    session.close()


def test_project_memory_is_found_by_default(root: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("TM_MEMORY")
    (tmp_path / "tm.toml").write_text("", encoding="utf-8")
    document = make_document(root)
    remember(tmp_path / ".tm" / "memory.db", SENTENCES[0], "Xocalı soyqırımı 1992-ci ildə törədilib.")
    session = open_session(document, "az")
    (match,) = session.view().matches.items
    assert match.match.score == 100 and match.target == "Xocalı soyqırımı 1992-ci ildə törədilib."


def test_exact_match_from_the_same_place_scores_101(root: Path, tmp_path: Path) -> None:
    document = make_document(root)
    place = Context(prev=SENTENCES[0], next=SENTENCES[2])
    memory = remember(tmp_path / "tm.db", SENTENCES[1], "Azərbaycan hər il qurbanları yad edir.", place)
    session = open_session(document, "az", memory=memory)
    session.jump(2)
    assert session.view().matches.items[0].match.score == 101


def test_a_memory_path_that_does_not_exist_is_an_error(root: Path, tmp_path: Path) -> None:
    with pytest.raises(TmError):
        open_session(make_document(root), "az", memory=tmp_path / "missing.db")
