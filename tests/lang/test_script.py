from tm.lang import expected_script, script_of


def test_expected_script_knows_the_script_of_a_language():
    assert (expected_script("ru"), expected_script("az-AZ"), expected_script("zh")) == ("CYRILLIC", "LATIN", None)
    assert (expected_script("el"), expected_script("hy"), expected_script("ka")) == ("GREEK", "ARMENIAN", "GEORGIAN")


def test_script_of_names_the_script_of_a_letter_and_nothing_else():
    assert [script_of(c) for c in "aя1ə "] == ["LATIN", "CYRILLIC", None, "LATIN", None]
