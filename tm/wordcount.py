"""Word and character counts, the way translation jobs are priced, shared by every report.

A word is a run of letters and digits, joined across apostrophes, hyphens and inner dots or
commas of numbers: ``Ombudsman’s`` is one word, ``25-26`` one, ``1,275`` one, ``U.S.`` one.
Characters are counted without white space.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W_]+(?:(?:['’\-.]|,(?=\d))[^\W_]+)*")


def count_words(text: str) -> int:
    """The number of words in ``text`` (``count_words("Xocalı’s 25-26 1,275") == 3``)."""
    return len(_WORD.findall(text))


def count_characters(text: str) -> int:
    """The number of characters in ``text`` other than white space."""
    return sum(1 for c in text if not c.isspace())
