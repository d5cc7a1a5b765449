"""repeated-phrase: three content words again, in one unit or the next, compared through lemmas."""

from __future__ import annotations

import pytest

from tests.qa.helpers import unit
from tm.glossary import Entry, Glossary, Term
from tm.qa import QaContext, run_checks


def _found(targets: list[str], lang: str, glossary: Glossary | None = None) -> list[tuple[str, str]]:
    units = [unit(f"Sentence {n}.", text, lang, uid=f"u{n}") for n, text in enumerate(targets)]
    ctx = QaContext(glossary=glossary)
    return [
        (i.unit, targets[int(i.unit[1:])][i.start : i.end])
        for i in run_checks(units, lang, ctx, only=["repeated-phrase"])
    ]


@pytest.mark.parametrize(
    ("lang", "targets", "expected"),
    [
        # Russian: other case and number, a participle and an infinitive of one verb.
        (
            "ru",
            ["Старый мост был стёрт с лица земли за одну ночь.", "Враг хотел стереть с лица земли и соседнюю деревню."],
            [("u1", "стереть с лица земли")],
        ),
        (
            "ru",
            ["Комиссия изучила новые налоговые правила, а потом новые налоговые правила одобрил совет."],
            [("u0", "новые налоговые правила")],
        ),
        # Azerbaijani: other case suffixes on the same stems.
        (
            "az",
            ["Bu addım beynəlxalq hüquq normalarını pozur.", "Həmin qərar da beynəlxalq hüquq normalarına ziddir."],
            [("u1", "beynəlxalq hüquq normalarına")],
        ),
        (
            "az",
            ["Kəndin köhnə su kəməri təmir olundu, sonra köhnə su kəmərinin yanında park salındı."],
            [("u0", "köhnə su kəmərinin")],
        ),
    ],
)
def test_repeated_phrase_finds_inflected_repeats(
    lang: str, targets: list[str], expected: list[tuple[str, str]]
) -> None:
    assert _found(targets, lang) == expected


@pytest.mark.parametrize(
    ("lang", "targets"),
    [
        (
            "ru",
            ["Старый мост был сровнен с землёй за одну ночь.", "Враг хотел стереть с лица земли и соседнюю деревню."],
        ),
        # Function words alone do not make a phrase; two shared words are not three.
        ("ru", ["Он был в городе и на реке.", "Она была в городе и на реке."]),
        ("az", ["Bu addım beynəlxalq hüquq normalarını pozur.", "Həmin qərar da milli qanunlara ziddir."]),
        # A unit two places back is not adjacent.
        ("az", ["Yeni körpü sürətlə tikildi.", "Şəhərdə bayram oldu.", "Yeni körpü sürətlə tikildi."]),
    ],
)
def test_repeated_phrase_passes_varied_wording(lang: str, targets: list[str]) -> None:
    assert _found(targets, lang) == []


def test_repeated_phrase_leaves_glossary_names_out() -> None:
    treaty = Entry(
        "pact",
        "treaty",
        terms={"en": [Term("River Basins Convention")], "az": [Term("Çay hövzələrinin qorunması haqqında Konvensiya")]},
    )
    other = Entry(
        "pact2",
        "treaty",
        terms={"en": [Term("Lake Basins Convention")], "az": [Term("Göl hövzələrinin qorunması haqqında Konvensiya")]},
    )
    glossary = Glossary.of([treaty, other])
    text = [
        "Sənəd Çay hövzələrinin qorunması haqqında Konvensiyanı və "
        "Göl hövzələrinin qorunması haqqında Konvensiyanı xatırladır."
    ]
    assert _found(text, "az") != []  # without the glossary the two titles repeat three words
    assert _found(text, "az", glossary) == []
