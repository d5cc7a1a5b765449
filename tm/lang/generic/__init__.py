"""Languages tm has no package for: Latin initials, the abbreviations of international use, numbers
grouped by ``,`` or a space, and what little tm knows of some languages by their code."""

from dataclasses import replace

from tm.lang import NUMBER_SPACES, Language, NumberFormat, make_rules

RULES = make_rules(
    "und",
    titles="""
        Dr Prof Mr Mrs Ms St No Nr Nos Vol Fig pp p cf vs e.g i.e ca
    """,
    abbreviations="""
        etc Inc Ltd Co Corp a.m p.m U.S U.K U.N E.U
    """,
    abbreviations_end_sentences=False,
)

#: ``1,275`` and ``1 275`` group, ``.`` and ``,`` are decimal.
NUMBERS = NumberFormat(
    group="," + NUMBER_SPACES,
    decimal=".,",
    ordinal=r"(?:st|nd|rd|th)\b",
    suffix=r"-\w+",
)

#: Languages without a package whose dotted/dotless i pairs differ from the default Unicode mapping.
DOTTED_I = frozenset({"crh", "gag"})

#: gettext Plural-Forms of languages without a package.
PLURAL_FORMS = {
    "uk": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
}


def language_for(code: str) -> Language:
    """The generic ``Language`` for the language subtag ``code``."""
    return Language(
        rules=replace(RULES, code=code, dotted_i=code in DOTTED_I),
        numbers=NUMBERS,
        plural_forms=PLURAL_FORMS.get(code),
    )
