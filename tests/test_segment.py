"""Segmentation: our own sentences for the phenomena the golden rules measure, in en, ru and az."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tm.lang import rules_for
from tm.segment import segment, split_paragraphs, split_sentences


def case(text: str, lang: str, *expected: str) -> None:
    assert split_sentences(text, lang) == list(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dr. Watson met Mr. Holmes at noon. They talked.", ["Dr. Watson met Mr. Holmes at noon.", "They talked."]),
        ("The U.S. Senate voted. The vote was close.", ["The U.S. Senate voted.", "The vote was close."]),
        ("She moved to the U.S. Then she found work.", ["She moved to the U.S.", "Then she found work."]),
        ("Bring fruit, e.g. apples or pears. Thanks.", ["Bring fruit, e.g. apples or pears.", "Thanks."]),
        ("See No. 5 on the list. It is new.", ["See No. 5 on the list.", "It is new."]),
        ("It opened on Jan. 3 last year.", ["It opened on Jan. 3 last year."]),
        ("The letter was signed by H. G. Wells himself.", ["The letter was signed by H. G. Wells himself."]),
        (
            "Prices rose 3.5 percent to 1,275 dollars. Sales fell.",
            ["Prices rose 3.5 percent to 1,275 dollars.", "Sales fell."],
        ),
        (
            "The 366th regiment moved on 25-26 February. It was night.",
            ["The 366th regiment moved on 25-26 February.", "It was night."],
        ),
        ("Wait... What happened? Nobody knew!", ["Wait...", "What happened?", "Nobody knew!"]),
        ("Really?! Yes.", ["Really?!", "Yes."]),
        ("Write to info@example.org. We answer fast.", ["Write to info@example.org.", "We answer fast."]),
        (
            "Visit https://example.az/news/2023.html. It has more.",
            ["Visit https://example.az/news/2023.html.", "It has more."],
        ),
        (
            'He said, "It is late. We must go." Then he left.',
            ['He said, "It is late.', 'We must go."', "Then he left."],
        ),
        ("“It is late,” he said. “We must go.”", ["“It is late,” he said.", "“We must go.”"]),
        ("The report (see p. 12) was short. It was clear.", ["The report (see p. 12) was short.", "It was clear."]),
        ("They met at 9 a.m. and left at noon.", ["They met at 9 a.m. and left at noon."]),
    ],
)
def test_english(text: str, expected: list[str]) -> None:
    assert split_sentences(text, "en") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Это т. е. пример. Второе предложение.", ["Это т. е. пример.", "Второе предложение."]),
        ("Мы купили хлеб, молоко и т. д. и пошли домой.", ["Мы купили хлеб, молоко и т. д. и пошли домой."]),
        ("Он родился в 1923 г. в Нахчыване.", ["Он родился в 1923 г. в Нахчыване."]),
        ("В 1990-1992 гг. шла война. Погибли люди.", ["В 1990-1992 гг. шла война.", "Погибли люди."]),
        ("Улица им. Низами длинная. Там музей.", ["Улица им. Низами длинная.", "Там музей."]),
        ("Дом на ул. Гаджибекова стоит давно.", ["Дом на ул. Гаджибекова стоит давно."]),
        ("Стихи написал А. С. Пушкин. Их читают.", ["Стихи написал А. С. Пушкин.", "Их читают."]),
        ("Она сказала: «Я устала. Пойдём домой». Мы ушли.", ["Она сказала: «Я устала.", "Пойдём домой».", "Мы ушли."]),
        ("«Где он? – спросил отец. – Уже поздно».", ["«Где он? – спросил отец. – Уже поздно»."]),
        ("Погибли 613 человек. Ранены 487.", ["Погибли 613 человек.", "Ранены 487."]),
        ("В 366-й полк входили сотни солдат.", ["В 366-й полк входили сотни солдат."]),
    ],
)
def test_russian(text: str, expected: list[str]) -> None:
    assert split_sentences(text, "ru") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Prof. Məmmədov çıxış etdi. Sonra suallar verildi.", ["Prof. Məmmədov çıxış etdi.", "Sonra suallar verildi."]),
        ("Kitabda səh. 45 maraqlıdır. Oxuyun.", ["Kitabda səh. 45 maraqlıdır.", "Oxuyun."]),
        ("Bazarda alma, armud və s. satılır.", ["Bazarda alma, armud və s. satılır."]),
        ("Bu, b.e.ə. V əsrə aiddir. Alimlər razıdır.", ["Bu, b.e.ə. V əsrə aiddir.", "Alimlər razıdır."]),
        ("Fərmanı H. Əliyev imzaladı. İclas bitdi.", ["Fərmanı H. Əliyev imzaladı.", "İclas bitdi."]),
        ("Qəsəbə boşaldı. Əhali köçdü.", ["Qəsəbə boşaldı.", "Əhali köçdü."]),
        ("Hava soyudu. Şəhər susdu.", ["Hava soyudu.", "Şəhər susdu."]),
        ("Yol bağlandı. Çay daşdı.", ["Yol bağlandı.", "Çay daşdı."]),
        ("Gecə keçdi. Ölkə yas saxladı.", ["Gecə keçdi.", "Ölkə yas saxladı."]),
        ("Qar yağdı. Üfüq ağardı.", ["Qar yağdı.", "Üfüq ağardı."]),
        ("Su kəsildi. Ğ hərfi sözün əvvəlində gəlmir.", ["Su kəsildi.", "Ğ hərfi sözün əvvəlində gəlmir."]),
        (
            "Xocalıda 613 nəfər öldürüldü. 1275 nəfər girov götürüldü.",
            ["Xocalıda 613 nəfər öldürüldü.", "1275 nəfər girov götürüldü."],
        ),
        ("Bu, 366-cı alay idi. Alay Xankəndidə yerləşirdi.", ["Bu, 366-cı alay idi.", "Alay Xankəndidə yerləşirdi."]),
        (
            "O dedi: “Ədalət bərpa olunmalıdır. Biz unutmuruq.”",
            ["O dedi: “Ədalət bərpa olunmalıdır.", "Biz unutmuruq.”"],
        ),
    ],
)
def test_azerbaijani(text: str, expected: list[str]) -> None:
    assert split_sentences(text, "az") == expected


def test_blank_line_always_ends_a_segment() -> None:
    case("A line without a stop\n\nNext paragraph", "en", "A line without a stop", "Next paragraph")


def test_heading_without_final_punctuation_is_its_own_segment() -> None:
    case(
        "Khojaly remembered\nThe ombudswoman made a statement. It was long.",
        "en",
        "Khojaly remembered",
        "The ombudswoman made a statement.",
        "It was long.",
    )


def test_list_items_on_lines_are_segments() -> None:
    case("Tasks:\n- segment the text\n- translate it", "en", "Tasks:", "- segment the text", "- translate it")


def test_inline_numbered_list_splits_at_each_item() -> None:
    case("1. Open the file 2. Translate it 3. Save it", "en", "1. Open the file", "2. Translate it", "3. Save it")


def test_wrapped_lines_of_one_sentence_stay_together() -> None:
    text = (
        "The ombudswoman reminded the international community that the attack was carried\n"
        "out at night and that the town was razed to the ground by the attackers."
    )
    assert len(split_sentences(text, "en")) == 1


def test_empty_and_blank_input_give_no_segments() -> None:
    assert split_sentences("", "en") == []
    assert split_sentences(" \n\n \t\n", "ru") == []
    assert segment("", "az") == []


def test_unknown_language_uses_generic_rules() -> None:
    assert split_sentences("Dr. Kovács arrived. Then he left.", "hu") == ["Dr. Kovács arrived.", "Then he left."]


def test_offsets_point_into_the_original_text() -> None:
    text = "  First one. Second one!\n\n  Third one?  "
    paragraphs = segment(text, "en")
    assert [p.index for p in paragraphs] == [0, 1]
    sentences = [s for p in paragraphs for s in p.sentences]
    assert [(s.paragraph, s.index) for s in sentences] == [(0, 0), (0, 1), (1, 0)]
    for s in sentences:
        assert text[s.start : s.end] == s.text


def test_user_abbreviations_extend_the_rules() -> None:
    rules = rules_for("en").extended(abbreviations=[], titles=["Gen."])
    text = "It was Gen. Brown who won."
    assert [s.text for p in segment(text, "en", rules) for s in p.sentences] == [text]
    extended = rules_for("az").extended(titles=["akad."])
    assert extended.is_title("Akad.")


def test_user_abbreviation_file_is_read_from_the_rules_dir(tmp_path, monkeypatch) -> None:
    (tmp_path / "az.txt").write_text("# more titles\n=mərh\n", encoding="utf-8")
    monkeypatch.setenv("TM_RULES_DIR", str(tmp_path))
    assert split_sentences("Mərh. Rəşid gəldi.", "az") == ["Mərh. Rəşid gəldi."]
    monkeypatch.delenv("TM_RULES_DIR")
    assert split_sentences("Mərh. Rəşid gəldi.", "az") == ["Mərh.", "Rəşid gəldi."]


def test_split_paragraphs_ignores_whitespace_only_lines() -> None:
    assert split_paragraphs("a\n  \nb\r\n\r\nc") == [(0, 1), (5, 6), (10, 11)]


def test_the_article_segments_into_its_sentences() -> None:
    from pathlib import Path

    text = (Path(__file__).parent.parent / "segments" / "article-2023-02-23" / "en.txt").read_text("utf-8")
    paragraphs = segment(text, "en")
    assert len(paragraphs) == 12
    counts = [len(p.sentences) for p in paragraphs]
    assert counts == [1, 1, 1, 1, 2, 1, 2, 1, 1, 2, 2, 1]
    quoted = paragraphs[6].sentences
    assert quoted[0].text.endswith("the fate of 150 of them is unknown.")
    assert quoted[1].text.startswith("During the genocide, 56 people")


# split_sentences decides most paragraphs with one compiled pattern per language and leaves the rest
# to the rules segment() applies; the two must always agree.

_WORDS = [
    "the", "house", "Then", "It", "THE", "people", "1992", "3.5", "1,275", "город", "Алиев", "Он", "В", "и",
    "Bu", "Əliyev", "İclas", "ilə", "Indi", "İndi", "ıx", "info@example.org", "https://example.az/x.html", "U.S",
    "e.g", "i.e", "a.m", "Ph.D", "b.e.ə", "т.е", "ΑΣ", "日本", "K", "ß", "i̇x", "İx", "x-y", "don’t", "№", "50%",
    "Yahoo", "E", "I", "A", "Г", "Ə", "ş", "AzərTAc", "approx", "Messrs", "MR", "mR", "Mr", "Prof", "prof", "St",
    "Co", "Inc", "etc", "in", "No", "p", "г", "гг", "ул", "səh", "s", "dos", "Dr", "Jan", "al", "They", "However",
    "A.B", "x.yz", "U.S.A", "Ж.З", "it", "war", "Day", "(Mr", "Mr)", "in\t", "\tMr",
]  # fmt: skip
_MARKS = [
    ".", ".", ".", "!", "?", "…", "‽", "...", ". . .", ". . . .", ".\u00a0.\u00a0.", "?!", ".)", ".”", ".»", '."',
    ")", "”", "»", '"', "'", ",", ";", ":", "-", "–", "—", "[...]", "[", "(", "«", "“", "„", "•", "1.", "2.", "a)",
    "(b)", "б)", "ç.", "ii.", "3)", "\n- ", "\n1. ", "\n2) ", "\n(a) ", "\nв) ", ":\n", "\n• ",
]  # fmt: skip
_SPACES = [" ", " ", " ", " ", "  ", "\t", "\u00a0", "\n", "\n\n", "\u2003", ""]
_texts = st.lists(
    st.tuples(st.sampled_from(_WORDS), st.sampled_from(_MARKS + ["."] * 12 + [""] * 12), st.sampled_from(_SPACES)),
    max_size=30,
).map(lambda parts: "".join(word + mark + space for word, mark, space in parts))


@settings(max_examples=1000)
@given(text=_texts, lang=st.sampled_from(["en", "ru", "az", "hu"]))
def test_split_sentences_are_the_sentences_of_segment(text: str, lang: str) -> None:
    assert split_sentences(text, lang) == [s.text for p in segment(text, lang) for s in p.sentences]


@settings(max_examples=200)
@given(
    text=st.text(st.sampled_from("aB .!?…\"'()«»“”„-–\n\u00a0IİıΣςКк1"), max_size=60),
    lang=st.sampled_from(["en", "az"]),
)
def test_split_sentences_agrees_with_segment_on_any_characters(text: str, lang: str) -> None:
    assert split_sentences(text, lang) == [s.text for p in segment(text, lang) for s in p.sentences]


def test_split_sentences_agrees_with_segment_on_real_text() -> None:
    from pathlib import Path

    root = Path(__file__).parent.parent
    texts = [("en", (root / "segments" / "article-2023-02-23" / "en.txt").read_text("utf-8"))]
    texts += [(lang, text) for lang, text in (("ru", _RU), ("az", _AZ))]
    for lang, text in texts:
        assert split_sentences(text, lang) == [s.text for p in segment(text, lang) for s in p.sentences]


def test_ordinary_paragraphs_need_no_second_pass() -> None:
    from tm.segment import _compile

    for lang, text in (("ru", _RU), ("az", _AZ)):
        pattern = _compile(rules_for(lang)).dots
        for paragraph in text.split("\n"):
            assert "" not in pattern.findall(paragraph)


_AZ = (
    "Azərbaycan Respublikasının İnsan Hüquqları üzrə Müvəkkili (Ombudsman) bəyanat yayıb. Prof. Məmmədov və dos. "
    "Hüseynova tədbirdə çıxış ediblər. Hadisə nəticəsində 613 nəfər həlak olub.\n"
    "“Biz unutmuruq. Ədalət bərpa olunmalıdır”, – deyə Ombudsman vurğulayıb. İclasda H. Əliyevin çıxışı, səh. "
    "12-də verilmiş sənədlər və s. müzakirə edildi. Bu barədə https://example.az/xeber.html ünvanında verilir."
)
_RU = (
    "В заявлении отмечается, что в ночь с 25 на 26 февраля 1992 г. город Ходжалы был стёрт с лица земли. Проф. "
    "Мамедов и доц. Гусейнова т. е. представители университета выступили на мероприятии.\n"
    "«Мы не забываем. Справедливость должна быть восстановлена», – подчеркнула омбудсмен. На заседании "
    "обсуждались выступление Г. А. Алиева, документы на с. 12 и т. д. Подробнее см. на сайте ул. Низами, д. 5."
)


@pytest.mark.parametrize("lang", ["en", "az"])
def test_word_lists_match_every_spelling_that_lower_cases_to_them(lang: str) -> None:
    import re
    import sys

    from tm.lang import lower
    from tm.segment import _any_case

    for code in range(sys.maxunicode + 1):
        char = chr(code)
        folded = lower(char, lang)
        if len(folded) == 1 and folded != char:
            assert re.fullmatch(_any_case(folded, lang), char), (hex(code), folded)


@given(chars=st.text(min_size=1, max_size=8), char=st.characters())
def test_a_class_of_every_other_character_holds_exactly_the_others(chars: str, char: str) -> None:
    # The sentence patterns spell "[^.!?…‽]" as ranges (_other_than), which the regex engine tests
    # faster; the class must hold the same characters.
    import re

    from tm.segment import _other_than

    for others in (chars, chars + "\x00\U0010ffff"):
        assert bool(re.fullmatch(f"[{_other_than(others)}]", char)) == (char not in others)
