"""The line-aware pass: list items, headings, datelines and lead-ins on lines of their own, in en, ru
and az, with and without hard-wrapped prose around them. Our own sentences."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tm.lang import rules_for
from tm.segment import segment, split_sentences


def both(text: str, lang: str) -> list[str]:
    """The sentences of ``text``; the fast path and ``segment()`` must give the same."""
    sentences = split_sentences(text, lang)
    assert sentences == [s.text for p in segment(text, lang) for s in p.sentences]
    return sentences


NUMBERED = {
    "en": (
        "The inquiry established:\n1. The village was shelled for six hours.\n2. Water was cut off.",
        ["The inquiry established:", "1. The village was shelled for six hours.", "2. Water was cut off."],
    ),
    "ru": (
        "Комиссия установила:\n1. Село обстреливали шесть часов.\n2. Воду отключили.",
        ["Комиссия установила:", "1. Село обстреливали шесть часов.", "2. Воду отключили."],
    ),
    "az": (
        "Komissiya müəyyən edib:\n1. Kənd altı saat atəşə tutulub.\n2. Su kəsilib.",
        ["Komissiya müəyyən edib:", "1. Kənd altı saat atəşə tutulub.", "2. Su kəsilib."],
    ),
}
BRACKETED = {
    "en": (
        "Steps taken\n1) Roads were reopened\n2) Schools were repaired",
        ["Steps taken", "1) Roads were reopened", "2) Schools were repaired"],
    ),
    "ru": (
        "Принятые меры\n1) Дороги открыты\n2) Школы отремонтированы",
        ["Принятые меры", "1) Дороги открыты", "2) Школы отремонтированы"],
    ),
    "az": (
        "Görülən tədbirlər\n1) Yollar açılıb\n2) Məktəblər təmir olunub",
        ["Görülən tədbirlər", "1) Yollar açılıb", "2) Məktəblər təmir olunub"],
    ),
}
LETTERED = {
    "en": (
        "The board urges the ministry to:\n(a) Publish the budget;\n(b) Hear the farmers;\n(c) Report in May.",
        ["The board urges the ministry to:", "(a) Publish the budget;", "(b) Hear the farmers;", "(c) Report in May."],
    ),
    "ru": (
        "Совет призывает министерство:\nа) опубликовать бюджет;\nб) выслушать фермеров;\nв) отчитаться в мае.",
        ["Совет призывает министерство:", "а) опубликовать бюджет;", "б) выслушать фермеров;", "в) отчитаться в мае."],
    ),
    "az": (
        "Şura nazirliyi çağırır:\nb) büdcəni dərc etməyə;\nc) fermerləri dinləməyə;\nç) mayda hesabat verməyə.",
        ["Şura nazirliyi çağırır:", "b) büdcəni dərc etməyə;", "c) fermerləri dinləməyə;", "ç) mayda hesabat verməyə."],
    ),
}
BULLETS = {
    "en": (
        "Attached:\n• the minutes of the hearing\n• two maps",
        ["Attached:", "• the minutes of the hearing", "• two maps"],
    ),
    "ru": ("Приложения:\n• протокол слушаний\n• две карты", ["Приложения:", "• протокол слушаний", "• две карты"]),
    "az": ("Əlavələr:\n• dinləmənin protokolu\n• iki xəritə", ["Əlavələr:", "• dinləmənin protokolu", "• iki xəritə"]),
}
DASHES = {
    "en": ("Open questions:\n– who gave the order;\n– where the files are.", None),
    "ru": ("Открытые вопросы:\n– кто отдал приказ;\n– где находятся архивы.", None),
    "az": ("Açıq suallar:\n– əmri kim verib;\n– arxivlər haradadır.", None),
}
HEADINGS = {
    "en": (
        "Water returns to the valley\nThe new canal opened on Monday. Farmers welcomed it.",
        ["Water returns to the valley", "The new canal opened on Monday.", "Farmers welcomed it."],
    ),
    "ru": (
        "В долину вернулась вода\nНовый канал открыли в понедельник. Фермеры рады.",
        ["В долину вернулась вода", "Новый канал открыли в понедельник.", "Фермеры рады."],
    ),
    "az": (
        "Dərəyə su qayıdıb\nYeni kanal bazar ertəsi açılıb. Fermerlər sevinir.",
        ["Dərəyə su qayıdıb", "Yeni kanal bazar ertəsi açılıb.", "Fermerlər sevinir."],
    ),
}
DATELINES = {
    "en": (
        "Canal opened in the north\nGANJA, 3 March (Staff)\nThe canal carries water to twelve villages.",
        ["Canal opened in the north", "GANJA, 3 March (Staff)", "The canal carries water to twelve villages."],
    ),
    "ru": (
        "На севере открыт канал\nГЯНДЖА, 3 марта\nКанал несёт воду в двенадцать сёл.",
        ["На севере открыт канал", "ГЯНДЖА, 3 марта", "Канал несёт воду в двенадцать сёл."],
    ),
    "az": (
        "Şimalda kanal açılıb\nGƏNCƏ, 3 mart\nKanal on iki kəndə su aparır.",
        ["Şimalda kanal açılıb", "GƏNCƏ, 3 mart", "Kanal on iki kəndə su aparır."],
    ),
}


def _dash_expected(text: str) -> list[str]:
    return text.split("\n")


@pytest.mark.parametrize("lang", ["en", "ru", "az"])
@pytest.mark.parametrize(
    "cases",
    [NUMBERED, BRACKETED, LETTERED, BULLETS, DASHES, HEADINGS, DATELINES],
    ids=["numbered", "bracketed", "lettered", "bullets", "dashes", "headings", "datelines"],
)
def test_each_line_pattern_ends_a_segment(cases: dict, lang: str) -> None:
    text, expected = cases[lang]
    assert both(text, lang) == (expected or _dash_expected(text))


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("1. Хлеб подорожал на треть. Очереди росли.\n2. Мука кончилась.", "ru"),
        ("1. Bread rose by a third. Queues grew.\n2. Flour ran out.", "en"),
        ("1. Çörək üçdə bir bahalaşıb. Növbələr uzanıb.\n2. Un qurtarıb.", "az"),
    ],
)
def test_the_enumerator_stays_with_its_item(text: str, lang: str) -> None:
    sentences = both(text, lang)
    assert sentences[0].startswith("1. ") and sentences[-1].startswith("2. ")
    assert len(sentences) == 3


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (
            "The delegation visited the new school, which the ministry had built\n"
            "in 2021 with money from the regional fund, and the hospital that\n"
            "Doctors Without Borders had run since the war. Both were busy.",
            "en",
        ),
        (
            "Делегация посетила новую школу, которую министерство построило\n"
            "в 2021 году на средства регионального фонда, и больницу, где\n"
            "Врачи без границ работали с войны. Обе были полны.",
            "ru",
        ),
        (
            "Nümayəndə heyəti nazirliyin regional fondun vəsaiti hesabına tikdiyi\n"
            "yeni məktəbə və müharibədən bəri Sərhədsiz Həkimlərin işlətdiyi\n"
            "Xəstəxanaya baş çəkib. Hər ikisi doludur.",
            "az",
        ),
    ],
)
def test_hard_wrapped_prose_is_joined(text: str, lang: str) -> None:
    sentences = both(text, lang)
    assert len(sentences) == 2
    assert sentences[0].count("\n") == 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Where the pattern is unsure (a spaced ellipsis, an abbreviation before a word that may
        # begin a sentence), a block of wrapped lines is decided as a whole paragraph would be.
        (
            "The well was dry, said the chief of the village and his\nwife. . . . They left the well\nat noon.",
            ["The well was dry, said the chief of the village and his\nwife.", ". . . They left the well\nat noon."],
        ),
        (
            "The well went dry, wrote Smith et al. The report of the\nvillage council came out later that\nyear.",
            ["The well went dry, wrote Smith et al.", "The report of the\nvillage council came out later that\nyear."],
        ),
        # In a document with other terminals than ".", a block of wrapped lines is read with them.
        (
            "Dry wells\n\nThe well went dry in the night, so the people of the\nvillage left. Why did nobody come"
            " back to the\nhouses? They were afraid.",
            [
                "Dry wells",
                "The well went dry in the night, so the people of the\nvillage left.",
                "Why did nobody come back to the\nhouses?",
                "They were afraid.",
            ],
        ),
    ],
)
def test_a_block_of_wrapped_lines_is_decided_as_a_paragraph(text: str, expected: list[str]) -> None:
    assert both(text, "en") == expected


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        (
            "Annual report\n"
            "The office received more letters this year than in any year since it\n"
            "opened. Most of them concerned housing; the rest concerned pensions and\n"
            "the courts. It asked the government to:\n"
            "(a) Raise the pensions of the disabled;\n"
            "(b) Shorten court waiting times, which now exceed\n"
            "    two years in some districts.\n"
            "The government replied in June.",
            "en",
            [
                "Annual report",
                "The office received more letters this year than in any year since it\nopened.",
                "Most of them concerned housing; the rest concerned pensions and\nthe courts.",
                "It asked the government to:",
                "(a) Raise the pensions of the disabled;",
                "(b) Shorten court waiting times, which now exceed\n    two years in some districts.",
                "The government replied in June.",
            ],
        ),
        (
            "Годовой доклад\n"
            "В этом году аппарат получил больше писем, чем в любой год с момента\n"
            "открытия. Большая часть касалась жилья. Аппарат просит правительство:\n"
            "а) повысить пенсии инвалидам;\n"
            "б) сократить сроки ожидания в судах, которые в некоторых районах\n"
            "превышают два года.\n"
            "Правительство ответило в июне.",
            "ru",
            [
                "Годовой доклад",
                "В этом году аппарат получил больше писем, чем в любой год с момента\nоткрытия.",
                "Большая часть касалась жилья.",
                "Аппарат просит правительство:",
                "а) повысить пенсии инвалидам;",
                "б) сократить сроки ожидания в судах, которые в некоторых районах\nпревышают два года.",
                "Правительство ответило в июне.",
            ],
        ),
        (
            "İllik məruzə\n"
            "Bu il aparat açıldığı gündən bəri istənilən ildən daha çox məktub\n"
            "alıb. Onların çoxu mənzillə bağlıdır. Aparat hökuməti çağırır:\n"
            "a) əlillərin pensiyalarını artırmağa;\n"
            "b) bəzi rayonlarda iki ili keçən məhkəmə gözləmə müddətlərini\n"
            "qısaltmağa.\n"
            "Hökumət iyunda cavab verib.",
            "az",
            [
                "İllik məruzə",
                "Bu il aparat açıldığı gündən bəri istənilən ildən daha çox məktub\nalıb.",
                "Onların çoxu mənzillə bağlıdır.",
                "Aparat hökuməti çağırır:",
                "a) əlillərin pensiyalarını artırmağa;",
                "b) bəzi rayonlarda iki ili keçən məhkəmə gözləmə müddətlərini\nqısaltmağa.",
                "Hökumət iyunda cavab verib.",
            ],
        ),
    ],
)
def test_lists_and_headings_mixed_with_wrapped_prose(text: str, lang: str, expected: list[str]) -> None:
    assert both(text, lang) == expected


def test_a_wrapped_line_starting_with_a_number_is_no_item() -> None:
    text = (
        "The survey counted the wells that the villagers dug in the years\n"
        "1990 and 2000 and found that most of them had run dry by the spring of\n"
        "2010. Few are used."
    )
    assert both(text, "en") == [text[: text.index(" Few")], "Few are used."]


def test_a_numbered_line_after_a_sentence_is_an_item() -> None:
    text = "Two findings stand out.\n1. Wells are dry.\n2. Pumps are broken."
    assert both(text, "en") == ["Two findings stand out.", "1. Wells are dry.", "2. Pumps are broken."]


def test_a_bullet_or_bracket_item_needs_no_lead_in() -> None:
    assert both("It said\n(a) nothing\n(b) less", "en") == ["It said", "(a) nothing", "(b) less"]
    assert both("Списки • хлеб\n• соль", "ru") == ["Списки • хлеб", "• соль"]


def test_roman_and_cyrillic_enumerators_stay_with_their_heading() -> None:
    assert both("II. Выводы\nВода вернулась.", "ru") == ["II. Выводы", "Вода вернулась."]
    assert both("в. Итоги\nВода вернулась.", "ru") == ["в. Итоги", "Вода вернулась."]
    assert both("ç. Nəticələr\nSu qayıdıb.", "az") == ["ç. Nəticələr", "Su qayıdıb."]


# split_sentences reads the lines of a whole document with one pattern (_document_blocks) where
# every decision of the line-aware pass can be read off the text near each line break; generated
# documents of headings, lead-ins, items and wrapped lines must give what segment() gives.

_LINE_STARTS = [
    "", "", "", "", "1. ", "2. ", "12. ", "1) ", "(a) ", "a) ", "b. ", "A. ", "iv. ", "(ii) ", "• ", "- ", "– ",
    "— ", "* ", "а) ", "б) ", "ç) ", "-", "(a. ", "1.2. ", "A) ", "X. ", "", "", "", "", "", "", "",
]  # fmt: skip
_ODD_STARTS = ["•  ", "• 1. ", "\t", " "]  # a document with one of these goes through _blocks
_LINE_WORDS = [
    "the", "house", "Then", "It", "people", "1992", "Mr.", "Dr.", "Feb.", "U.S.", "prof.", "г.", "т. е.", "Алиев",
    "город", "Он", "Əliyev", "İclas", "ilə", "BAKU,", "24", "February", "findings:", "crime;", "unknown.", "said.",
    "“We", "them,”", "(see", "below)", "end.”", "Yes!", "why?", "so…", "and", "Statement", "of", "Commissioner",
    "a", "i", "x", "A", "I", "(b)", "b)", "2.", "3)", "б)", "(Mr.",
]  # fmt: skip
_line = st.tuples(
    st.sampled_from(_LINE_STARTS * 12 + _ODD_STARTS), st.lists(st.sampled_from(_LINE_WORDS), min_size=1, max_size=14)
).map(lambda parts: parts[0] + " ".join(parts[1]))
_documents = st.lists(
    st.tuples(_line, st.sampled_from(["\n"] * 12 + ["\n\n"] * 6 + ["\n\n\n", " \n", "\n\n \n"])),
    min_size=1,
    max_size=12,
).map(lambda parts: "".join(line + sep for line, sep in parts))


@settings(max_examples=1500)
@given(text=_documents, lang=st.sampled_from(["en", "ru", "az"]))
def test_whole_documents_read_in_one_pass_agree_with_segment(text: str, lang: str) -> None:
    assert split_sentences(text, lang) == [s.text for p in segment(text, lang) for s in p.sentences]


def test_a_block_of_one_sentence_is_taken_whole_unless_its_list_goes_on_inline() -> None:
    # split_sentences takes a block whole when no terminal in it is followed by a space; the
    # labels that follow on the same line are list items of their own all the same.
    assert both("The panel asked for:\n(a) water (b) food (c) shelter", "en") == [
        "The panel asked for:",
        "(a) water",
        "(b) food",
        "(c) shelter",
    ]
    assert both("Выводы:\n1. вода 2. хлеб\n3. соль", "ru") == ["Выводы:", "1. вода", "2. хлеб", "3. соль"]
    assert both("Tələblər:\na) su b) çörək", "az") == ["Tələblər:", "a) su", "b) çörək"]
    assert both("Findings:\n1. The wells (“all of them.”) Dry.\n2. No pumps", "en") == [
        "Findings:",
        "1. The wells (“all of them.”)",
        "Dry.",
        "2. No pumps",
    ]


def test_documents_of_headings_lists_and_wrapped_lines_take_the_one_pass() -> None:
    from tm.segment import _document_blocks, _document_patterns

    document = "\n\n".join(
        [
            "Statement of the Commissioner\nBAKU, 24 February",
            "The findings:\n1. Hundreds were killed.\n2. The fate of many is unknown.",
            "She asked them to:\n(a) Condemn the crime;\n(b) Support the families.",
            "Attached:\n• the list of the dead\n– the testimony of survivors",
            "The memory of the victims is kept in every\nschool. Dr. Rustamov and\nMr. Hasanov spoke.",
        ]
    )
    blocks = _document_blocks(document, _document_patterns(rules_for("en"))[1])
    assert blocks is not None
    assert [marker for _, marker in blocks if marker] == ["1. ", "2. ", "(a) ", "(b) ", "• ", "– "]
    assert [block for block, _ in blocks] == [
        "Statement of the Commissioner",
        "BAKU, 24 February",
        "The findings:",
        "1. Hundreds were killed.",
        "2. The fate of many is unknown.",
        "She asked them to:",
        "(a) Condemn the crime;",
        "(b) Support the families.",
        "Attached:",
        "• the list of the dead",
        "– the testimony of survivors",
        "The memory of the victims is kept in every\nschool. Dr. Rustamov and\nMr. Hasanov spoke.",
    ]


@pytest.mark.parametrize(
    ("lang", "text", "shape"),
    [
        ("en", "Statement of the Commissioner\nBAKU, 24 February", "lines"),
        ("en", "The findings:\n1. Hundreds were killed.\n2. The fate of many is unknown.", "lines"),
        ("ru", "Она призвала:\nа) осудить преступление;\nб) привлечь виновных к суду.", "lines"),
        ("az", "Bəyanata əlavə olunur:\n• həlak olanların siyahısı\n– sağ qalanların ifadələri", "lines"),
        (
            "az",
            "Müvəkkil əlavə edib ki, qurbanların xatirəsi ölkənin hər məktəbində\nyaşadılır. Biz unutmuruq.",
            "block",
        ),
        ("en", "He left.\nShe came.", "block"),
        # A heading is at most as wide as a short line may be (38 characters before a word of one).
        ("en", "Heading of exactly thirty-eight charss\nA b.", "lines"),
        ("en", "Heading of exactly thirty-eight charsss\nA b.", None),
        # An item without end punctuation ends before a short line that is no item.
        ("en", "Steps taken\n1) Roads reopened\nSchools repaired", "lines"),
        # A line opening in lower case may still open with a marker: the line before ends.
        ("az", "Tələblər:\niv. su verilsin", "lines"),
        # A sentence end within an item, more labels inline: neither; the blocks pattern decides.
        ("en", "The findings:\n1. Hundreds were killed. Many fled.\n2. The fate of many is unknown.", None),
        ("ru", "Она призвала:\nа) осудить б) привлечь", None),
    ],
)
def test_a_document_of_one_sentence_lines_or_of_one_block_is_read_in_one_match(
    lang: str, text: str, shape: str | None
) -> None:
    from tm.segment import _document_patterns

    match = _document_patterns(rules_for(lang))[0].fullmatch(text)
    assert (match and ("block" if match.lastgroup else "lines")) == shape
    sentences = both(text, lang)
    if shape == "lines":
        assert sentences == text.split("\n")


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("en", "xxxviii. The court met. It ended.", ["xxxviii. The court met.", "It ended."]),
        ("en", "XXXVIII) The panel met. It ended.", ["XXXVIII) The panel met.", "It ended."]),
        ("en", "In 1992 the town fell. It was night.", ["In 1992 the town fell.", "It was night."]),
        ("ru", "XXVIII. Суд собрался. Заседание закончилось.", ["XXVIII. Суд собрался.", "Заседание закончилось."]),
        ("az", "xxxvii) Məhkəmə toplandı. İclas bitdi.", ["xxxvii) Məhkəmə toplandı.", "İclas bitdi."]),
    ],
)
def test_a_roman_numeral_of_up_to_seven_letters_stays_with_its_item(lang: str, text: str, expected: list[str]) -> None:
    assert both(text, lang) == expected
