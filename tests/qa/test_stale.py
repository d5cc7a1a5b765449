from tests.qa.conftest import issues


def test_stale_flags_a_target_made_from_an_older_source():
    [issue] = issues("stale", "killing 614 people", "613 nəfəri öldürərək", source_text="killing 613 people")
    assert issue.severity == "warning" and "killing 613 people" in issue.message


def test_stale_accepts_a_target_of_the_current_source_or_without_history():
    assert not issues("stale", "killing 613 people", "613 nəfəri öldürərək", source_text="killing 613 people")
    assert not issues("stale", "killing 613 people", "613 nəfəri öldürərək")
