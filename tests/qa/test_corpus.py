"""The test corpus: deliberately broken az/ru translations each flagged by the right check, and
correct but tricky ones (inflected names, 1 275, 31-ci, «», ranges) that raise nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tm.model import Unit, Variant
from tm.qa import QaContext, run_checks

DATA = Path(__file__).parent.parent / "data" / "qa"
GLOSSARY_CHECKS = {"glossary", "forbidden-term", "untranslated-name"}


def rows(name: str) -> list[list[str]]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line and not line.startswith("#")]


def glossary_or_none():
    try:
        from tm.glossary import read_glossary
    except ImportError:
        return None
    return read_glossary(DATA / "glossary.tbx")


def check_one(source: str, target: str, lang: str):
    unit = Unit("u1", Variant.of("en", source), {lang: Variant.of(lang, target)})
    return run_checks([unit], lang, QaContext(source_lang="en", glossary=glossary_or_none()))


def test_corpus_is_big_enough():
    broken, correct = rows("broken.tsv"), rows("correct.tsv")
    assert len(broken) >= 20 and len(correct) >= 20
    assert {row[1] for row in broken} == {row[0] for row in correct} == {"az", "ru"}


@pytest.mark.parametrize(("check", "lang", "source", "target"), rows("broken.tsv"))
def test_broken_translation_is_flagged_by_its_check(check, lang, source, target):
    if check in GLOSSARY_CHECKS and glossary_or_none() is None:
        pytest.skip("tm.glossary is not available yet")
    found = check_one(source, target, lang)
    assert check in {issue.check for issue in found}, [i.message for i in found]


@pytest.mark.parametrize(("lang", "source", "target"), rows("correct.tsv"))
def test_correct_translation_raises_nothing(lang, source, target):
    found = check_one(source, target, lang)
    assert [(i.check, i.message) for i in found if i.severity != "info"] == []
