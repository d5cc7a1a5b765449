import pytest

from tests.qa.helpers import issues


def test_script_flags_a_latin_homoglyph_in_a_russian_word():
    [issue] = issues("script", "in Khojaly", "в Хоcжалы", "ru")
    assert issue.severity == "error"
    assert "Latin “c” (U+0063), expected “с”" in issue.message
    assert issue.span == (4, 5)


def test_script_flags_a_cyrillic_schwa_in_an_azerbaijani_word():
    [issue] = issues("script", "Heydar Aliyev", "Heydәr Əliyev", "az")
    assert "Cyrillic “ә” (U+04D9), expected “ə”" in issue.message


@pytest.mark.parametrize(
    ("target", "lang"),
    [
        ("Heydər Əliyev Fondu", "az"),
        ("Фонд Гейдара Алиева", "ru"),
        ("агентство Azernews сообщает", "ru"),
        ("COVID-19 və ABŞ-ın", "az"),
    ],
)
def test_script_accepts_words_written_in_one_script(target, lang):
    assert not issues("script", "source text", target, lang)
