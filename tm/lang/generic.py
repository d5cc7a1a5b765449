"""Rules for languages tm has no list for: Latin initials and the abbreviations of international use."""

from tm.lang import make_rules

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
