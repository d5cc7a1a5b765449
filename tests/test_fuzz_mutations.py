"""A short, bounded mutation run of every reader, so new code meets the fuzzer's lessons.

The full coverage-guided runs live in fuzz/ (atheris). Here hypothesis mutates the same seed files:
bytes flipped, cut out, repeated or inserted, the file truncated. A reader may refuse the result
(TmError), never fail in any other way or break its round trip.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .fuzz_targets import TARGETS, Target, run


@st.composite
def mutated(draw: st.DrawFn, target: Target) -> bytes:
    data = bytearray(draw(st.sampled_from(target.seeds)).read_bytes())
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["flip", "cut", "repeat", "insert", "truncate"]))
        if kind == "flip" and at < len(data):
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "cut":
            del data[at : at + draw(st.integers(1, 64))]
        elif kind == "repeat":
            data[at:at] = data[at : at + draw(st.integers(1, 64))] * draw(st.integers(1, 3))
        elif kind == "insert":
            data[at:at] = draw(st.sampled_from([b"<", b">", b"&", b'"', b"\x00", b"\r", b"\xff\xfe", b"]]>",
                                                b"<!--", b"&#0;", b"\\", b"\t", b"\n\n", "ə".encode()]))  # fmt: skip
        elif kind == "truncate":
            del data[at:]
    return bytes(data)


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_a_mutated_file_is_read_or_refused_with_a_tm_error(name: str, tmp_path: Path) -> None:
    target = TARGETS[name]
    assert target.seeds, f"no seed files for {name}"

    @settings(max_examples=40, suppress_health_check=list(HealthCheck), derandomize=True)
    @given(data=mutated(target))
    def check(data: bytes) -> None:
        run(target, data, tmp_path)

    check()


FOUND = sorted((Path(__file__).parent / "data").glob("*/fuzz_*"))


@pytest.mark.parametrize("path", FOUND, ids=[p.name for p in FOUND])
def test_every_input_the_fuzzer_found_is_read_or_refused(path: Path, tmp_path: Path) -> None:
    target = next(t for t in TARGETS.values() if path in t.seeds)
    run(target, path.read_bytes(), tmp_path)
