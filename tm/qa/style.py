"""House style: calques, a sentence opened by a figure, the spelling of Russian ``ё``.

These read the language rules (``tm.lang.rules_for``: calques per language pair, whether a
sentence may open with a figure) and the project's choices in the context (``ctx.yo``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tm.lang import language, rules_for
from tm.model import Unit, base_lang
from tm.qa import Finding, QaContext, check, quote, texts
from tm.qa.glossary import sentence_initial

_FIGURE = re.compile(r"\d[\d\s.,]*")
_CYRILLIC_WORD = re.compile(r"[а-яёА-ЯЁ]+")


@check("calque", severity="warning")
def calque(unit: Unit, lang: str, ctx: QaContext) -> Iterator[Finding]:
    """A word-for-word rendering the language data lists as a calque: “vital role” as “həyati rol” or “жизненно важную роль”."""
    pair = texts(unit, lang, ctx)
    if pair is None:
        return
    source, target = pair
    source_base = base_lang(ctx.source_lang)
    for known in rules_for(lang).calques:
        if base_lang(known.source_lang) != source_base:
            continue
        for start, end in known.find(source, target):
            found = f"{quote(target[start:end])} is a calque"
            if known.source:
                found += f" of “{known.source}”"
            yield Finding(f"{found}: write {known.suggestion}", start, end)


@check("sentence-starts-with-digit", severity="info")
def sentence_starts_with_digit(unit: Unit, lang: str, ctx: QaContext) -> Iterator[Finding]:
    """A sentence opened by a figure where house style says no (ru): “«8 семей…»” for “«Восемь семей…»” (dates are fine)."""
    pair = texts(unit, lang, ctx)
    rules = rules_for(lang)
    if pair is None or rules.digit_may_start_sentence:
        return
    target = pair[1]
    months = [re.compile(month) for month in rules.months]
    for match in _FIGURE.finditer(target):
        if not sentence_initial(target, match.start()):
            continue
        if match.start() and target[match.start() - 1].isalnum():
            continue
        following = target[match.end() :].split(maxsplit=1)
        if following and any(month.fullmatch(following[0].strip(",.")) for month in months):
            continue  # a date: "25 февраля ..."
        figure = match.group().rstrip(" ,.")
        yield Finding(
            f"the sentence opens with the figure “{figure}”: write the number in words or rephrase",
            match.start(),
            match.start() + len(figure),
        )


@check("yo-policy", severity="info", when=lambda spec: spec.spell_yo is not None)
def yo_policy(unit: Unit, lang: str, ctx: QaContext) -> Iterator[Finding]:
    """A word spelt against the project's ё policy (tm qa --yo): “ещё” where the project writes “еще”, or the reverse."""
    pair = texts(unit, lang, ctx)
    if pair is None or ctx.yo is None:
        return
    target = pair[1]
    if ctx.yo == "е":
        for match in _CYRILLIC_WORD.finditer(target):
            word = match.group()
            if "ё" in word or "Ё" in word:
                plain = word.replace("ё", "е").replace("Ё", "Е")
                yield Finding(f"“{word}”: the project writes е for ё (“{plain}”)", match.start(), match.end())
        return
    yo_spelling = language(lang).spell_yo
    if yo_spelling is None:
        return
    for match in _CYRILLIC_WORD.finditer(target):
        word = match.group()
        if "е" not in word and "Е" not in word:
            continue
        spelled = yo_spelling(word)
        if spelled is not None and spelled != word:
            yield Finding(f"“{word}”: the project writes ё (“{spelled}”)", match.start(), match.end())
