"""Rows as the memory stores them: the hand-written fast paths give what the general code gives."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from tm.memory.rows import _plain_extra, date_text

zones = st.one_of(st.none(), st.just(UTC), st.integers(-14 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m))))


@given(st.datetimes(min_value=datetime(1, 1, 2), timezones=zones))
def test_date_text_is_the_utc_time_to_the_second(value: datetime) -> None:
    utc = value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo is not None else value
    assert date_text(value) == utc.strftime("%Y-%m-%dT%H:%M:%SZ")


@given(st.dictionaries(st.text(), st.lists(st.text(), min_size=1), min_size=1))
def test_plain_extra_is_the_sorted_json_of_props_and_no_notes(props: dict[str, list[str]]) -> None:
    assert _plain_extra(props) == json.dumps({"props": props, "notes": []}, ensure_ascii=False, sort_keys=True)
