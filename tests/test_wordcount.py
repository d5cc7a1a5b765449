from tm.wordcount import count_characters, count_words


def test_words_join_apostrophes_hyphens_and_number_separators() -> None:
    assert count_words("Ombudsman’s Office") == 2
    assert count_words("February 25-26, 1992") == 3
    assert count_words("1,275 people in the U.S.") == 5
    assert count_words("Xocalının 31-ci ildönümü") == 3
    assert count_words("«Справедливость для Ходжалы!»") == 3
    assert count_words(" \n") == 0


def test_characters_leave_white_space_out() -> None:
    assert count_characters("Xocalı 613\n") == 9
