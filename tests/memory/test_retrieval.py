"""Retrieval's numpy helpers give what the plain definition gives."""

from __future__ import annotations

import numpy
from hypothesis import example, given
from hypothesis import strategies as st

from tm.memory.retrieval import top_weighted

#: Each term's holders (distinct ids, in any order) and its weight; a few ids, so units share terms.
terms = st.lists(
    st.tuples(
        st.sets(st.integers(1, 60), max_size=40).map(list).flatmap(st.permutations),
        st.sampled_from([0.25, 1.0, 1.1, 2.3025850929940455, 7.5]),
    ),  # fmt: skip
    max_size=6,
)


def _assert_top_weighted(found: list[tuple[list[int], float]], size: int, ties: int = 0) -> None:
    """top_weighted gives the ``size`` units of the largest sums of their terms' weights, ties to the
    smaller id, and up to ``ties`` more of the sum of the last; and the most terms a unit left out
    holds."""
    sums: dict[int, float] = {}
    held: dict[int, int] = {}
    for ids, weight in found:
        for unit in ids:
            sums[unit] = sums.get(unit, 0.0) + weight
            held[unit] = held.get(unit, 0) + 1
    ranked = sorted(sums, key=lambda unit: (-round(sums[unit] * 1e6), unit))
    expected = ranked[:size]
    if len(expected) == size and ties:
        last = round(sums[expected[-1]] * 1e6)
        expected += [unit for unit in ranked[size:] if round(sums[unit] * 1e6) == last][:ties]
    left_out = max((held[unit] for unit in set(sums) - set(expected)), default=0)
    holders = [numpy.array(ids, dtype=numpy.int64) for ids, _weight in found]
    assert top_weighted(holders, [weight for _ids, weight in found], size, ties) == (expected, left_out)


@given(terms, st.integers(1, 70), st.integers(0, 30))
@example([([1, 2, 3, 4], 1.0)], 2, 1)  # one term: its holders all tie, the first three are kept
def test_top_weighted_is_the_largest_sums_ties_to_the_smaller_id(
    found: list[tuple[list[int], float]], size: int, ties: int
) -> None:
    _assert_top_weighted(found, size, ties)


@given(
    st.builds(
        lambda rng, size: sorted(rng.sample(range(1, 401), size)),
        st.randoms(use_true_random=True),
        st.integers(100, 300),
    ),
    st.lists(st.sets(st.integers(1, 60), max_size=8).map(sorted), max_size=3),
    st.lists(st.sampled_from([0.25, 1.0, 1.1, 2.3025850929940455, 7.5]), min_size=4, max_size=4),
    st.integers(1, 20),
    st.integers(0, 20),
)
@example(list(range(1, 301)), [[1], [40]], [7.5, 0.25, 1.0, 1.0], 1, 0)  # 1 and 40 also hold the common term
@example(list(range(1, 301)), [[1]], [1.0, 1.0, 1.0, 1.0], 2, 20)  # 22 of the common term's holders kept
def test_top_weighted_cuts_a_long_ascending_list_to_what_can_make_the_first(
    common: list[int], rare: list[list[int]], weights: list[float], size: int, ties: int
) -> None:
    # As a common term's holders come (ascending, many more than the rest): most hold only it.
    found = [*zip(rare, weights[1:]), (common, weights[0])]
    _assert_top_weighted(found, size, ties)
