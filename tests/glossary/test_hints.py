"""Glossary hints for PO comments."""

from pathlib import Path

from tm.glossary import Entry, Glossary, Term, TermStatus, hints, read_glossary

ROOT = Path(__file__).resolve().parents[2]


def test_hints_name_each_entry_once_with_type_and_forbidden_targets() -> None:
    glossary = read_glossary(ROOT / "glossaries" / "article-2023-02-23.tbx")
    sentence = "the Soviet army stationed in the city of Khankandi with the aim of killing in Khankandi"
    assert hints(sentence, "en", "ru", glossary) == [
        "Glossary: Soviet Army = Советская армия (organisation)",
        "Glossary: Khankandi = Ханкенди (place; not Степанакерт, Ханкенды)",
    ]


def test_hints_list_every_entry_of_an_ambiguous_hit() -> None:
    glossary = Glossary.of(
        [
            Entry(
                "heydar",
                "person",
                terms={"ru": [Term("Гейдар Алиев"), Term("Алиев", TermStatus.ADMITTED)], "en": [Term("Heydar Aliyev")]},
            ),
            Entry(
                "sabina",
                "person",
                terms={
                    "ru": [Term("Сабина Алиева"), Term("Алиева", TermStatus.ADMITTED)],
                    "en": [Term("Sabina Aliyeva")],
                },
            ),
        ],
        source_lang="ru",
    )
    assert hints("Заявление Алиева", "ru", "en", glossary) == [
        "Glossary: Сабина Алиева = Sabina Aliyeva (person)",
        "Glossary: Гейдар Алиев = Heydar Aliyev (person)",
    ]


def test_no_hint_without_a_target_term() -> None:
    glossary = Glossary.of([Entry("k", terms={"en": [Term("Khojaly")]})])
    assert hints("Khojaly", "en", "az", glossary) == []
