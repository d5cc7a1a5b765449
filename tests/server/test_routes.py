"""The routes' own readings of a request and writings of an answer, held to Starlette's."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st
from starlette.requests import Request

from tm.server.routes import _query

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
