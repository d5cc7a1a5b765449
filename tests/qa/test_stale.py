from tests.qa.helpers import issues


def test_stale_flags_a_target_made_from_an_older_source():
    [issue] = issues("stale", "killing 614 people", "613 nəfəri öldürərək", source_text="killing 613 people")
    assert issue.severity == "warning" and "killing 613 people" in issue.message


def test_stale_accepts_a_target_of_the_current_source_or_without_history():
    assert not issues("stale", "killing 613 people", "613 nəfəri öldürərək", source_text="killing 613 people")
    assert not issues("stale", "killing 613 people", "613 nəfəri öldürərək")


def test_stale_reads_the_previous_msgid_of_a_fuzzy_po_entry(tmp_path):
    from tm import formats
    from tm.qa import run_checks

    path = tmp_path / "az.po"
    path.write_text(
        'msgid ""\nmsgstr ""\n"Language: az\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#, fuzzy\n#| msgid "killing 613 people"\nmsgctxt "u1"\nmsgid "killing 614 people"\nmsgstr "613 nəfəri öldürərək"\n',
        encoding="utf-8",
    )
    found = run_checks(list(formats.read(path)), "az", only=["stale", "draft", "numbers"])
    assert sorted(i.check for i in found) == ["draft", "numbers", "stale"]
    assert "killing 613 people" in next(i.message for i in found if i.check == "stale")
