"""Both backends give the same lookups: the top 5 of 200 queries on a memory of 20,000 units."""

from __future__ import annotations

import itertools
import random
from pathlib import Path

from tm.match import lookup
from tm.memory import open_memory
from tm.model import Unit, Variant

SYLLABLES = "ka ro mi ne ta li so vu de ra pe lo zi mu ba ge ti no sa ve ri ko da fi lu ma te".split()
COMMON = "the of and to in a is that for on was with as by at from it be this are were has".split()


def corpus(count: int, seed: int = 16) -> list[str]:
    """``count`` sentences: common and invented words (a few thousand, Zipf-like), numbers, and about
    a third near-repeats of earlier sentences (a word or a number changed)."""
    rng = random.Random(seed)
    words = COMMON + ["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(3000)]
    weights = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(words))))
    sentences: list[str] = []
    while len(sentences) < count:
        if sentences and rng.random() < 0.3:
            tokens = rng.choice(sentences).rstrip(".").split()
            tokens[rng.randrange(len(tokens))] = rng.choices(words, cum_weights=weights)[0]
        else:
            tokens = rng.choices(words, cum_weights=weights, k=rng.randint(5, 22))
            if rng.random() < 0.3:
                tokens.insert(rng.randrange(len(tokens)), str(rng.randint(1, 2000)))
        sentences.append(" ".join(tokens).capitalize() + ".")
    return sentences


def queries(sentences: list[str], count: int, seed: int = 61) -> list[str]:
    """Half edits of memory sentences (a word dropped, added or changed), half new sentences."""
    rng = random.Random(seed)
    fresh = corpus(count, seed=seed)
    asked = []
    for number in range(count):
        if number % 2:
            asked.append(fresh[number])
            continue
        tokens = rng.choice(sentences).rstrip(".").split()
        place = rng.randrange(len(tokens))
        edit = rng.choice(("drop", "add", "change"))
        if edit == "drop" and len(tokens) > 3:
            del tokens[place]
        elif edit == "add":
            tokens.insert(place, rng.choice(COMMON))
        else:
            tokens[place] = rng.choice(fresh[number].split())
        asked.append(" ".join(tokens) + ".")
    return asked


def test_top_five_of_200_queries_are_the_same_on_both_backends(tmp_path: Path, postgres_url: str) -> None:
    sentences = corpus(20_000)
    units = [
        Unit(id=f"u{n}", source=Variant.of("en", text), targets={"az": Variant.of("az", f"Tərcümə {n}.")})
        for n, text in enumerate(sentences)
    ]
    found = []
    for location in (str(tmp_path / "memory.db"), postgres_url):
        with open_memory(location) as memory:
            memory.import_units(units, batch_size=5000)
            found.append([
                [(match.score, match.source, match.target) for match in lookup(memory, query, "en", "az", n=5, min_score=0)]
                for query in queries(sentences, 200)
            ])  # fmt: skip
    sqlite, postgres = found
    assert sum(bool(top) for top in sqlite) > 150  # the queries do find matches
    assert sum(top[0][0] >= 75 for top in sqlite if top) > 80
    assert postgres == sqlite
