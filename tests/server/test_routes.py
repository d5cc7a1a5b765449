"""The routes' own readings of a request and writings of an answer, held to Starlette's."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st
from starlette.requests import Request
from starlette.responses import JSONResponse

from tm.server.routes import _Matches, _query

#: Query strings as clients send them, and as they should not: escapes (whole, cut short, not
#: hex, of bytes that are not UTF-8), pluses, bare names, empty fields, raw bytes beyond ASCII.
_PIECE = st.sampled_from(
    ["q", "n", "=", "&", "+", "%", "%20", "%2", "%2B", "%C3%A9", "%E9", "%zz", "%%20", "a", " ", "é", "5"]
)


@given(st.lists(_PIECE, max_size=20).map("".join))
@example("q=The%20attack%2C%20613%20people.&from=en&to=az&n=5&min=50")
@example("q=a&q=b&&n&=x&q")
def test_the_query_is_read_as_starlette_reads_it(query: str) -> None:
    request = Request({"type": "http", "query_string": query.encode("latin-1", "replace")})
    assert _query(request) == dict(request.query_params)


_SCALAR = (
    st.text()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(min_value=0, max_value=101).map(lambda value: round(value, 2))
    | st.booleans()
    | st.none()
)


@given(st.recursive(_SCALAR, lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner), max_leaves=20))
@example({"query": 'a "quoted"\n\\ line\x00\x1f\x7f\u2028 ə', "matches": [{"score": 100, "rank": 99.0}]})
def test_a_lookup_answer_is_written_as_starlette_writes_it(content: object) -> None:
    assert _Matches(content).body == JSONResponse(content).body
