"""Rows as the memory stores them: the hand-written fast paths give what the general code gives."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from tests.memory_helpers import unit
from tm.formats import tmx
from tm.formats.tmx import PlainUnit
from tm.memory.rows import (
    UnitRow,
    _ids_json,
    _plain_extra,
    _variant_extra,
    date_text,
    dump_content,
    load_content,
    parse_date,
    plain_unit_row,
    tmx_date_text,
    unit_row,
)
from tm.model import Content, Origin, Tag, plain_text

zones = st.one_of(st.none(), st.just(UTC), st.integers(-14 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m))))


@given(st.datetimes(min_value=datetime(1, 1, 2), timezones=zones))
def test_date_text_is_the_utc_time_to_the_second(value: datetime) -> None:
    utc = value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo is not None else value
    assert date_text(value) == f"{utc.year:04d}{utc:-%m-%dT%H:%M:%S}Z"  # a year before 1000 padded too
    assert parse_date(date_text(value)) == utc.replace(microsecond=0, tzinfo=UTC)


@given(st.dictionaries(st.text(), st.lists(st.text(), min_size=1), min_size=1))
def test_plain_extra_is_the_sorted_json_of_props_and_no_notes(props: dict[str, list[str]]) -> None:
    assert _plain_extra(props) == json.dumps({"props": props, "notes": []}, ensure_ascii=False, sort_keys=True)


texts = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1)
#: TMX dates as files write them: canonical (some of them no date: 20240230, hour 24), other forms, junk.
dates = st.none() | st.one_of(
    st.datetimes(min_value=datetime(1, 1, 2)).map(lambda d: f"{d.year:04d}{d:%m%dT%H%M%S}Z"),
    st.datetimes(min_value=datetime(1, 1, 2)).map(lambda d: d.isoformat(timespec="seconds")),
    st.from_regex(r"[0-9]{8}T[0-9]{6}Z", fullmatch=True),
    st.from_regex(r"[0-9٠-٩]{8}T[0-9٠-٩]{6}[ZUTC+0-9]{0,5}", fullmatch=True),
    st.text(max_size=20),
)


ids = st.none() | st.sampled_from(["DESK\\ann", 'b"ob', "ivanova"])


@given(dates)
def test_a_tmx_date_as_text_is_the_text_of_its_parsed_date(value: str | None) -> None:
    assert tmx_date_text(value) == date_text(tmx.parse_date(value))


@given(st.tuples(texts, texts, texts), st.dictionaries(st.sampled_from(["tmx:usagecount", "tmx:changeid", "x-%s"]),
       st.lists(texts, min_size=1, max_size=2)), dates, dates, ids, ids)  # fmt: skip
def test_a_plain_unit_has_the_row_of_its_unit(
    found: tuple[str, str, str], props: dict[str, list[str]], created: str | None, changed: str | None,
    creator: str | None, changer: str | None,
) -> None:  # fmt: skip
    plain = PlainUnit("u1", ("en", "az", "ru"), found, props, created, changed, creator, changer)
    assert plain_unit_row(plain, "imported") == unit_row(plain.unit(), Origin.IMPORTED)


tags = st.builds(Tag, st.sampled_from(["bpt", "ept", "ph"]), st.lists(st.tuples(st.sampled_from(["i", "x"]), texts),
                 max_size=2).map(tuple), st.sampled_from(["", "&lt;b&gt;", 'a"b']))  # fmt: skip
contents = st.none() | st.lists(st.one_of(texts, st.just(" "), tags), max_size=4).map(tuple)


@given(st.lists(st.one_of(texts, tags, st.builds(Tag, texts, st.just(()), texts)), min_size=1).map(tuple))
def test_content_with_inline_codes_is_the_json_of_its_parts(content: Content) -> None:
    # dump_content writes the JSON itself, each kind of code once
    parts = [
        part if isinstance(part, str) else [part.kind, [list(a) for a in part.attrs], part.code] for part in content
    ]
    coded = not all(isinstance(part, str) for part in content)
    assert dump_content(content) == (json.dumps(parts, ensure_ascii=False) if coded else None)
    if coded:
        assert load_content("", dump_content(content)) == content


@given(st.tuples(contents, contents, contents), st.tuples(texts, texts, texts), dates, ids)
def test_a_plain_unit_with_inline_codes_has_the_row_of_its_unit(
    found: tuple[Content | None, ...], plain: tuple[str, str, str], created: str | None, creator: str | None
) -> None:
    # A variant with codes has the plain text of its content; one of them blank is left out.
    found_texts = tuple(text if content is None else plain_text(content) for text, content in zip(plain, found))
    unit = PlainUnit("u1", ("en", "az", "ru"), found_texts, {}, created, None, creator, None, found)
    assert plain_unit_row(unit, None) == unit_row(unit.unit(), None)


def test_equal_rows_have_one_fingerprint_whichever_strings_python_interned() -> None:
    # The importer reads plain units through tmx.read_rows and others through tmx.read: equal rows
    # must hash equal, though one path's strings may be interned and the other's not.
    row = unit_row(unit("u1", "Peace.", "Sülh."), None)
    assert not isinstance(row, str)

    def fresh(value: object) -> object:
        return "".join(list(value)) if isinstance(value, str) else value

    interned = row._replace(**{f: sys.intern(v) for f, v in row._asdict().items() if isinstance(v, str)})
    copied = row._replace(**{f: fresh(v) for f, v in row._asdict().items()})
    assert interned == copied
    assert interned.fingerprint == copied.fingerprint


@given(ids | st.text(), ids | st.text())
def test_the_extra_of_a_variant_with_only_ids_is_that_of_its_ids(creator: str | None, changer: str | None) -> None:
    if creator or changer:
        assert _ids_json(creator, changer) == _variant_extra(None, creator, changer, None, {}, [])


def test_a_row_sent_with_its_key_and_fingerprint_is_the_row_it_was() -> None:
    row = unit_row(unit("u1", "Peace.", "Sülh.", "Мир."), Origin.IMPORTED)
    assert not isinstance(row, str) and row.known_key is None
    sent = UnitRow._make(row.known())  # as the writing process makes it again from a reading process's tuple
    assert (sent.key, sent.fingerprint) == (row.key, row.fingerprint) and sent.known_key == row.key
    assert sent._replace(known_key=None, known_fingerprint=None) == row
