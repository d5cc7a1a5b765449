"""A unit as the memory stores it: ``UnitRow``, and the conversions between units and rows.

A unit is one row (its source text in a column of its own, all its variants as one JSON array, since
a unit is always read and written whole). Rows are made before a write transaction (by the reading
process in a parallel import), so batches stay short; their texts are UTF-8 bytes, encoded once.
Every backend stores the same rows, so both hold the same keys, fingerprints and JSON.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import re
import sys
import unicodedata
from array import array
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, date, datetime
from functools import lru_cache
from itertools import chain, repeat
from operator import add
from typing import Any, NamedTuple

from tm.formats.tmx import PlainPlan, PlainUnit
from tm.formats.tmx import parse_date as parse_tmx_date
from tm.lang import fold
from tm.model import Content, Context, Origin, Status, Tag, Unit, Variant, normalize_lang, plain_text

#: The word tokens the index holds (what SQLite FTS5's unicode61 tokenizer calls a token).
TOKEN = re.compile(r"[^\W_]+")


def dump_content(content: Content) -> str | None:
    """JSON of ``content`` keeping every inline code; None for plain text (the text column has it)."""
    if all(isinstance(part, str) for part in content):
        return None
    # what _content_json writes of the list [text or [kind, [[name, value], ...], code], ...], written
    # out directly: a file's codes are of a few kinds (each made once, by _tag_json)
    return (
        "[" + ", ".join([_encode_string(part) if isinstance(part, str) else _tag_json(part) for part in content]) + "]"
    )


@lru_cache(maxsize=4096)
def _tag_json(tag: Tag) -> str:
    """``tag`` in the JSON of ``dump_content``."""
    return _content_json([tag.kind, [list(a) for a in tag.attrs], tag.code])


def load_content(text: str, content: str | None) -> Content:
    """Inverse of ``dump_content``."""
    if content is None:
        return (text,) if text else ()
    return tuple(
        part if isinstance(part, str) else Tag(part[0], tuple((k, v) for k, v in part[1]), part[2])
        for part in json.loads(content)
    )


#: Encoders made once: ``json.dumps`` with options builds a new encoder on every call.
_sorted_json = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode
_compact_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_content_json = json.JSONEncoder(ensure_ascii=False).encode
#: A string as JSON, as those encoders write it.
_encode_string: Callable[[str], str] = json.encoder.encode_basestring


def _json_string(value: str | None) -> str:
    return "null" if value is None else _encode_string(value)


def _json(value: Any) -> str | None:
    return _sorted_json(value) if value else None


@lru_cache(maxsize=4096)
def date_text(value: datetime | None) -> str | None:
    """``value`` in UTC as the memory stores dates: ``2024-01-01T12:00:00Z`` (a naive date is UTC)."""
    if value is None:
        return None
    if value.tzinfo is not None and value.tzinfo is not UTC:
        value = value.astimezone(UTC)
    return value.isoformat(timespec="seconds")[:19] + "Z"  # pads the year to four digits, as strftime does not


def tmx_date_text(value: str | None) -> str | None:
    """``date_text(tmx.parse_date(value))`` of a TMX date: the canonical form (``20240101T120000Z``)
    rearranged, without the datetime (whose ``isoformat`` takes most of the time)."""
    if value and len(value) == 16 and value[8] == "T" and value[15] == "Z" and value.isascii() \
            and value[9:15].isdigit() and value[9:11] < "24" and value[11] < "6" and value[13] < "6" \
            and _is_day(value[:8]):  # fmt: skip
        return _canonical_date_text(value)
    return date_text(parse_tmx_date(value))  # another form, or no date (30 February): tmx.parse_date says


def _canonical_date_text(value: str) -> str:
    """``tmx_date_text`` of a date in TMX's canonical form (checked already)."""
    return f"{value[:4]}-{value[4:6]}-{value[6:11]}:{value[11:13]}:{value[13:]}"


@lru_cache(maxsize=4096)  # a file's units span few days
def _is_day(value: str) -> bool:
    """Whether ``value`` (8 ASCII characters) is a day written ``YYYYMMDD``."""
    if not value.isdigit():
        return False
    try:
        date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError:
        return False
    return True


def parse_date(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def hash64(data: bytes) -> int:
    """A stable signed 64-bit hash (BLAKE2b): what unit keys are."""
    return int.from_bytes(_key_digest(data), "big", signed=True)


def _key_digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=8).digest()


def fingerprint64(data: bytes) -> int:
    """A stable signed 64-bit hash for fingerprints (SHA-256: faster than BLAKE2b on rows of ~1 KB)."""
    return int.from_bytes(_fingerprint_digest(data)[:8], "big", signed=True)


def _fingerprint_digest(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def _signed64(digests: Iterable[bytes], size: int) -> list[int]:
    """``hash64`` or ``fingerprint64`` of many at once: the first 8 bytes of each of ``digests`` (of
    ``size`` bytes each) as a big-endian signed integer."""
    numbers = array("q", b"".join(digests))
    if sys.byteorder == "little":
        numbers.byteswap()
    return numbers[:: size // 8].tolist()


def unit_key(src_lang: str, keyed: bytes, tuid: str | None) -> int:
    """``UnitRow.key``: of the source language, source content (UTF-8) and tuid."""
    return hash64(b"\x1f".join((src_lang.encode(), keyed, (tuid or "").encode())))


def unit_keys(src_lang: str, keyed: Iterable[bytes], tuids: Iterable[bytes]) -> list[int]:
    """``unit_key`` of many units of one source language, at once (``tuids`` in UTF-8, none empty)."""
    return _signed64(map(_key_digest, map(b"\x1f".join, zip(repeat(src_lang.encode()), keyed, tuids))), 8)


def unit_fingerprint(unit: tuple[str | None, str, str | None, str | None], variants: bytes,
                     context: tuple[Any, ...] | None) -> int:  # fmt: skip
    """``UnitRow.fingerprint``: of the unit's (tuid, src_lang, origin, extra), variants and context.

    Marshal version 0 writes equal values as equal bytes; later versions mark interned strings
    and repeated objects, so that the same unit read by another path hashed differently."""
    return fingerprint64(marshal.dumps((unit, variants, context), 0))


def unit_fingerprints(units: Iterable[tuple[str | None, str, str | None, str | None]], variants: Iterable[bytes]
                      ) -> list[int]:  # fmt: skip
    """``unit_fingerprint`` of many units without context, at once."""
    dumped = map(marshal.dumps, zip(units, variants, repeat(None)), repeat(0))
    return _signed64(map(_fingerprint_digest, dumped), 32)


def index_text(text: str, lang: str) -> str:
    """The form of a source text the index holds and queries use: folded by the rules of ``lang``."""
    return fold(text, lang)


def terms(text: str, lang: str) -> list[str]:
    """The distinct index terms of ``text``, in order of first appearance."""
    return list(dict.fromkeys(TOKEN.findall(index_text(text, lang))))


class UnitRow(NamedTuple):
    """One unit as a database row: what an import writes (``key`` and ``fingerprint`` say whether
    and how it differs from a unit already stored)."""

    tuid: str | None
    src_lang: str
    origin: str | None
    #: JSON {props, notes} of the unit, None when empty.
    extra: str | None
    #: The plain source text (inline codes left out), UTF-8.
    source: bytes
    #: The source content the key hashes (inline codes in), UTF-8; None when it is ``source``.
    keyed: bytes | None
    #: The variants column: JSON array of [lang, text, content, status, created, changed, extra],
    #: the source first with its text null (it is the source column); see ``variant_row``.
    variants: bytes
    #: The languages of the variants, the source first.
    langs: tuple[str, ...]
    #: (document, paragraph, position, prev, next), None when the unit has no context.
    context: tuple[Any, ...] | None
    #: The source text as the word index holds it (``index_text``), UTF-8.
    folded: bytes
    #: The latest date of any variant (``date_text``), None when none has one.
    changed: str | None
    #: ``key`` and ``fingerprint`` when worked out already (by a reading process: see ``known``).
    known_key: int | None = None
    known_fingerprint: int | None = None

    @property
    def key(self) -> int:
        """The unit's identity: a hash of source language, source content and tuid."""
        if self.known_key is not None:
            return self.known_key
        return unit_key(self.src_lang, self.keyed or self.source, self.tuid)

    @property
    def fingerprint(self) -> int:
        """A hash of everything the memory keeps of the unit: equal when an import would change nothing."""
        if self.known_fingerprint is not None:
            return self.known_fingerprint
        return unit_fingerprint((self.tuid, self.src_lang, self.origin, self.extra), self.variants, self.context)

    def known(self) -> tuple[Any, ...]:
        """The row as a plain tuple with its key and fingerprint worked out (what a reading process
        sends, so that the writing one, the busier, need not hash)."""
        return (*self[:-2], self.key, self.fingerprint)


class UnitRows:
    """The rows of a batch, held as columns (a tuple of values for each of UnitRow's fields, in its
    order): what a reading process sends and a backend writes a column at a time. Iterating gives
    the rows as UnitRow. A batch of 9k news-length units took 22 ms to receive as rows (made
    UnitRow each, then put in columns again to be written) and 9 ms as columns."""

    __slots__ = ("columns",)

    def __init__(self, columns: tuple[tuple[Any, ...], ...] = ()) -> None:
        self.columns = columns or tuple(() for _ in UnitRow._fields)

    @classmethod
    def of(cls, rows: Iterable[tuple[Any, ...]]) -> UnitRows:
        """The rows ``rows`` (UnitRow, or plain tuples of its fields) as columns."""
        return cls(tuple(zip(*rows)))

    def __len__(self) -> int:
        return len(self.columns[0])

    def __iter__(self) -> Iterator[UnitRow]:
        return map(UnitRow._make, zip(*self.columns))

    def by_name(self) -> dict[str, tuple[Any, ...]]:
        """The columns by UnitRow's field names."""
        return dict(zip(UnitRow._fields, self.columns))


#: (lang, text, content, status, created, changed, extra) of a variant.
VariantRow = tuple[str, str, "str | None", str, "str | None", "str | None", "str | None"]


def variant_row(variant: Variant, lang: str) -> VariantRow:
    """(lang, text, content, status, created, changed, extra) of ``variant``."""
    content = variant.content
    if len(content) == 1 and isinstance(content[0], str):
        text, dumped = content[0], None
    else:
        text, dumped = plain_text(content), dump_content(content)
    extra = None
    if variant.origin or variant.source_text or variant.props or variant.notes:
        extra = _variant_extra(variant.origin, variant.creator, variant.changer, variant.source_text,
                               variant.props, variant.notes)  # fmt: skip
    elif variant.creator or variant.changer:
        extra = _ids_json(variant.creator, variant.changer)  # most variants that have extras: who wrote them
    return (lang, text, dumped, variant.status.value, date_text(variant.created), date_text(variant.changed), extra)


def _variant_extra(origin: Origin | None, creator: str | None, changer: str | None, source_text: str | None,
                   props: dict[str, list[str]], notes: list[str]) -> str | None:  # fmt: skip
    """The extra column of a variant row: what a Variant holds beyond text, status and dates."""
    return _json({"origin": origin.value if origin else None, "creator": creator, "changer": changer,
                  "source_text": source_text, "props": props, "notes": notes})  # fmt: skip


#: Statuses and origins by their stored values: calling an Enum by value (``Status("translated")``)
#: costs microseconds, and a lookup decodes about thirty units.
_STATUSES = {status.value: status for status in Status}
_ORIGINS = {origin.value: origin for origin in Origin}


def origin_of(value: str | None) -> Origin | None:
    """The origin stored as ``value`` (None for none)."""
    return _ORIGINS[value] if value else None


def variant(lang: str, text: str, content: str | None, status: str, created: str | None,
            changed: str | None, extra: str | None) -> Variant:  # fmt: skip
    """Inverse of ``variant_row``."""
    more = json.loads(extra) if extra else {}
    return Variant(
        lang=lang,
        content=load_content(text, content),
        status=_STATUSES[status],
        origin=origin_of(more.get("origin")),
        created=parse_date(created),
        changed=parse_date(changed),
        creator=more.get("creator"),
        changer=more.get("changer"),
        source_text=more.get("source_text"),
        props=more.get("props") or {},
        notes=more.get("notes") or [],
    )


def variant_rows(source: str, variants: str) -> list[list[Any]]:
    """The variant rows of a unit's row (source first), the source text put back in place."""
    rows = json.loads(variants)
    rows[0][1] = source
    return rows


def unit_row(unit: Unit, origin: Origin | None) -> UnitRow | str:
    """The row of ``unit``, or the reason it cannot go into the memory (``obsolete``, ``empty source``,
    ``no translation``).

    ``origin`` is recorded when the unit does not say where it came from.
    """
    if unit.obsolete:
        return "obsolete"  # a PO's #~ entries are history, not memory
    src_lang = normalize_lang(unit.source.lang)
    source = variant_row(unit.source, src_lang)
    text = source[1]
    if not text.strip():
        return "empty source"
    targets = [variant_row(target, normalize_lang(target.lang)) for target in unit.targets.values()]
    targets = [row for row in targets if row[1].strip()]
    if not targets:
        return "no translation"
    unit_origin = unit.origin or origin
    extra = _json({"props": unit.props, "notes": unit.notes}) if unit.props or unit.notes else None
    context = None
    if unit.context is not None and unit.context != Context():
        c = unit.context
        context = (c.document, c.paragraph, c.position, c.prev, c.next)
    variants = _compact_json([(src_lang, None, *source[2:]), *targets])
    dates = [d for row in (source, *targets) for d in (row[4], row[5]) if d]
    return UnitRow(
        tuid=unit.id or None,
        src_lang=src_lang,
        origin=unit_origin.value if unit_origin else None,
        extra=extra,
        source=text.encode(),
        keyed=source[2].encode() if source[2] is not None else None,
        variants=variants.encode(),
        langs=(src_lang, *(row[0] for row in targets)),
        context=context,
        folded=index_text(text, src_lang).encode(),
        changed=max(dates, default=None),
    )


def plain_unit_row(unit: PlainUnit, origin: str | None) -> UnitRow | str:
    """``unit_row(unit.unit(), origin)``, without building the Unit (most units of a TMX file)."""
    langs, texts = unit.langs, unit.texts
    src_lang, text = langs[0], texts[0]
    if not text.strip():
        return "empty source"
    tail, latest = _tail(unit.created, unit.changed, unit.creator, unit.changer)
    targets, contents = texts[1:], unit.contents
    if not targets:
        return "no translation"
    if not all(map(str.strip, targets)):  # some targets are blank: they are left out
        kept = [number for number, target in enumerate(targets, 1) if target.strip()]
        if not kept:
            return "no translation"
        langs, targets = (src_lang, *(langs[number] for number in kept)), tuple(texts[number] for number in kept)
        contents = contents and (contents[0], *(contents[number] for number in kept))
    # The JSON _compact_json makes of the variant rows, written out directly (twice as fast): the
    # variants joined by their common tail, each opened by its language's head (see _heads).
    heads = _heads(langs)
    keyed = None
    if contents is None:
        variants = tail.join([heads[0], *map(add, heads[1], map(_encode_string, targets)), "]"])
    else:  # the tail begins with the content, null: a variant with inline codes has its own
        dumped = [dump_content(content) if content is not None else None for content in contents]
        keyed = dumped[0].encode() if dumped[0] is not None else None
        ends = [(",null" if found is None else "," + _encode_string(found)) + tail[len(",null") :] for found in dumped]
        variants = "".join(
            [heads[0] + ends[0], *map("".join, zip(heads[1], map(_encode_string, targets), ends[1:])), "]"]
        )
    return UnitRow(unit.id, src_lang, origin, _plain_extra(unit.props) if unit.props else None, text.encode(),
                   keyed, variants.encode(), langs, None, index_text(text, src_lang).encode(), latest)  # fmt: skip


def plain_tu_rows(plan: PlainPlan, attributes: int, origin: str | None
                  ) -> Callable[[list[tuple[bytes, ...]]], list[tuple[Any, ...]]]:  # fmt: skip
    """For the plain <tu> elements ``plan`` reads, of ``attributes`` attributes and without inline
    codes: a function from the groups of a run of them (``tmx_scan.plain_pattern``: the bytes of
    the tu's values, its dates in canonical form, then of its texts) to the rows of as many of them
    as it can make, from the first, as ``UnitRow.known`` gives them: those ``plain_unit_row`` makes
    of their PlainUnit with ``origin``, made without it (the texts, which need no escaping, go into
    the row as they are). It stops at the first <tu> it leaves to that: an empty tuid, a value or
    text that is not UTF-8, a text that is not NFC or is blank, a date that is no day.

    All is worked out for the run at once, a column at a time, in loops of C (``map``, ``zip``: a
    loop of Python over the <tu> elements cost a third of the time): the texts decoded and checked,
    the values decoded and escaped for JSON, the sources folded (``_checked``), then the extra,
    tail and variants JSON of each <tu> by a %-format, its key and fingerprint."""
    uid, langs, fields = plan.uid, plan.langs, plan.fields
    src_lang = langs[0]
    numbers = [attributes + index for index in plan.order]  # where the texts are, the source first
    template, ordered = _prop_template(tuple(name for name, _index in plan.props), '"%s"')
    props = [dict(plan.props)[name] for name in ordered]  # where the values of the sorted names are
    # The variants column (see plain_unit_row) as one %-format: the source's head, then each
    # target's head, text and '"', each variant followed by the tail; its values, of the tail
    # and the texts: (tail, target, tail, target, ..., tail).
    source_head, target_heads = _heads(langs)
    opened = [part for head in target_heads for part in (_format_text(head) + b'"', b'"')]
    variants_format = b"%b".join([_format_text(source_head), *opened, b"]"])
    # The tail of a variant (see _dated_tail) as a %-format of its dates (null where the <tu> has
    # none) and ids, for <tu> elements with props (the others have no dates or ids: ``undated``).
    created, changed, creator, changer = (field if field < attributes else None for field in fields)
    tail_format = ",".join([',null,"translated"', *('"%s"' if at is not None else "null" for at in (created, changed)),
                            "%s]"])  # fmt: skip
    undated = _dated_tail(None, None, None, None)[0].encode()

    def checked(run: list[tuple[bytes, ...]]) -> tuple[list[tuple[bytes, ...]], _Checked | None]:
        """The columns of the groups of ``run``, and what ``_checked`` finds of them."""
        columns = list(zip(*run))
        return columns, _checked(columns, attributes, [columns[number] for number in numbers], src_lang)

    def rows(run: list[tuple[bytes, ...]]) -> list[tuple[Any, ...]]:
        columns, found = checked(run)
        if found is None:  # some <tu> of the run fails: the rows of those before it
            run = run[: next((number for number, tu in enumerate(run) if checked([tu])[1] is None), 0)]
            columns, found = checked(run) if run else ([], None)
            if found is None:
                return []
        values, escaped, folded = found
        count = values[uid].index("") if "" in values[uid] else len(run)
        for at in (created, changed):
            if at is not None and not all(map(_is_day, {date[:8] for date in values[at]})):
                count = min(count, next(number for number, date in enumerate(values[at]) if not _is_day(date[:8])))
        if not count:
            return []
        if count < len(run):
            columns = [column[:count] for column in columns]
            values, escaped = [column[:count] for column in values], [column[:count] for column in escaped]
            folded = folded[:count]
        texts = [columns[number] for number in numbers]
        extras: Iterable[str | None] = repeat(None)
        tails = [undated] * count
        latest: Iterable[str | None] = repeat(None)
        if props:
            extras = list(map(template.__mod__, zip(*[escaped[at] for at in props])))
            dates = [_canonical_dates(values[at]) for at in (created, changed) if at is not None]
            latest = list(map(max, *dates)) if len(dates) > 1 else dates[0] if dates else latest
            ids = map(_ids_extra, *[values[at] if at is not None else [None] * count for at in (creator, changer)])
            tails = list(map(str.encode, map(tail_format.__mod__, zip(*dates, ids))))
        variants = list(
            map(variants_format.__mod__, zip(*[part for text in texts[1:] for part in (tails, text)], tails))
        )
        tuids = values[uid]
        keys = unit_keys(src_lang, texts[0], columns[uid])  # the tuids' bytes: they hold no references
        fingerprints = unit_fingerprints(zip(tuids, repeat(src_lang), repeat(origin), extras), variants)
        return list(zip(tuids, repeat(src_lang), repeat(origin), extras, texts[0], repeat(None), variants,
                        repeat(langs), repeat(None), folded, latest, keys, fingerprints))  # fmt: skip

    return rows


#: Where ``_canonical_dates`` puts each character of a TMX date, and the character it puts between.
_DATE_PLACES = ((0, 0), (1, 1), (2, 2), (3, 3), (5, 4), (6, 5), (8, 6), (9, 7), (10, 8), (11, 9), (12, 10),
                (14, 11), (15, 12), (17, 13), (18, 14), (19, 15))  # fmt: skip
_DATE_MARKS = ((4, b"-"), (7, b"-"), (13, b":"), (16, b":"), (20, b"\x00"))


def _canonical_dates(dates: list[str]) -> list[str]:
    """``_canonical_date_text`` of each of ``dates`` (16 ASCII characters, in canonical form), all
    at once: their characters moved to their places (and the marks put between) by strided copies."""
    joined, count = "".join(dates).encode(), len(dates)
    moved = bytearray(21 * count)
    for to, start in _DATE_PLACES:
        moved[to::21] = joined[start::16]
    for to, mark in _DATE_MARKS:
        moved[to::21] = mark * count
    return moved[:-1].decode().split("\x00")


def _format_text(text: str) -> bytes:
    """``text`` in UTF-8 as the text of a bytes %-format."""
    return text.encode().replace(b"%", b"%%")


#: The bytes of a text that the scanner would not take as they are (a reference, a control
#: character: a line end XML normalises, one it refuses) or JSON would escape (quote, backslash).
_NOT_AS_THEY_ARE = bytes(range(32)) + b'&"\\'
#: The characters ``str.isspace`` finds, and the bytes of their UTF-8: a text of other bytes too is not blank.
SPACES = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
_SPACE_BYTES = bytes(sorted(set(SPACES.encode())))


#: What ``_checked`` finds of a run of <tu> elements: the columns of their values, the same escaped
#: for JSON, their sources folded.
_Checked = tuple[list[list[str]], list[list[str]], list[bytes]]


def _checked(columns: list[tuple[bytes, ...]], attributes: int, texts: list[tuple[bytes, ...]], src_lang: str
             ) -> _Checked | None:  # fmt: skip
    """For ``plain_tu_rows``: of a run of <tu> elements, given as the columns of their groups of a
    ``tmx_scan.plain_pattern`` (the first ``attributes`` of them their values) and the columns of
    their texts (the sources first): the columns of values decoded, the same escaped for JSON
    (without quotes) and the sources folded (``index_text``, UTF-8); None when a value or
    text is not UTF-8, or a text is blank, not NFC or holds what the scanner would not take as it is
    or JSON would escape (``_NOT_AS_THEY_ARE``, ``]]>``).

    Each is worked out for the whole run on its items joined: values by "<", which no value holds
    (``plain_pattern``) nor JSON escapes but for quote and backslash; texts by NUL, which no text
    holds and which normalisation and case folding leave alone (a character of its own that nothing
    composes with or reorders across, not cased: ``Σ`` before it is final as at the end of a text),
    sources apart from targets (sources are often ASCII, which needs no normalisation check)."""
    for column in filter(None, (texts[0], tuple(chain.from_iterable(texts[1:])))):  # sources, targets
        joined = b"\x00".join(column)
        if len(joined.translate(None, _NOT_AS_THEY_ARE)) != len(joined) - len(column) + 1 \
                or b"]" in joined and b"]]>" in joined:  # fmt: skip
            return None
        try:
            text = joined.decode()
        except UnicodeDecodeError:
            return None
        if not (text.isascii() or unicodedata.is_normalized("NFC", text)):
            return None
        if column is texts[0]:
            folded = index_text(text, src_lang).encode().split(b"\x00")
    if not all(map(bytes.strip, chain.from_iterable(texts), repeat(_SPACE_BYTES))):
        return None  # an empty text, or one that may be blank
    try:
        values = b"<".join(chain.from_iterable(columns[:attributes])).decode()
    except UnicodeDecodeError:
        return None
    escaped = values.replace("\\", "\\\\").replace('"', '\\"')  # _encode_string's: the values hold no control character
    count = len(texts[0])
    values_of, escaped_of = ([split[at : at + count] for at in range(0, len(split), count)]
                             for split in (values.split("<"), escaped.split("<")))  # fmt: skip
    return values_of, escaped_of, folded


@lru_cache(maxsize=4096)  # a file's units come in a few sets of languages
def _heads(langs: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    """What opens each variant of a plain unit in ``langs`` in its variants column: the source's
    ``[["en",null``, then a target's ``,["az",`` (its text follows)."""
    return "[[" + _encode_string(langs[0]) + ",null", tuple(",[" + _encode_string(lang) + "," for lang in langs[1:])


@lru_cache(maxsize=4096)  # many TMX files' units share a few dates and ids
def _tail(created: str | None, changed: str | None, creator: str | None, changer: str | None
          ) -> tuple[str, str | None]:  # fmt: skip
    """What follows the text in a plain variant's JSON row, and the latest of its dates (TMX dates)."""
    return _dated_tail(tmx_date_text(created), tmx_date_text(changed), creator, changer)


def _dated_tail(created: str | None, changed: str | None, creator: str | None, changer: str | None
                ) -> tuple[str, str | None]:  # fmt: skip
    """``_tail`` of dates in the memory's form already (``tmx_date_text``)."""
    tail = f',null,"translated",{_json_string(created)},{_json_string(changed)},{_ids_extra(creator, changer)}]'
    return tail, max(created, changed) if created and changed else changed or created


@lru_cache(maxsize=4096)  # a few people write most of a file's units, each unit with dates of its own
def _ids_json(creator: str | None, changer: str | None) -> str:
    """The extra column of a variant that has only ids (``creator`` or ``changer``):
    ``_variant_extra(None, creator, changer, None, {}, [])``, written out directly."""
    return (f'{{"changer": {_json_string(changer)}, "creator": {_json_string(creator)}, "notes": [],'
            f' "origin": null, "props": {{}}, "source_text": null}}')  # fmt: skip


@lru_cache(maxsize=4096)
def _ids_extra(creator: str | None, changer: str | None) -> str:
    """The extra column of a plain variant with these ids, as a JSON string (``null`` without ids)."""
    return _encode_string(_ids_json(creator, changer)) if creator or changer else "null"


def _plain_extra(props: dict[str, list[str]]) -> str | None:
    """The extra column of a unit with ``props`` and no notes: ``_json({"props": props, "notes": []})``,
    written out directly (a TMX file's units have props of the same few names: a template is made
    for each set of names, in the order the dict holds them)."""
    if not props:
        return None
    template, ordered = _prop_template(tuple(props))
    encode = _encode_string
    return template % tuple([encode(values[0]) if len(values) == 1 else ", ".join(map(encode, values))
                             for values in map(props.__getitem__, ordered)])  # fmt: skip


@lru_cache(maxsize=4096)
def _prop_template(names: tuple[str, ...], value: str = "%s") -> tuple[str, tuple[str, ...]]:
    """For the names of a dict of props (in the dict's order): the JSON of its extra column with
    ``value`` (a ``%s``, as the values of a name go in, or ``"%s"``) for the values of each name,
    and the names sorted."""
    ordered = tuple(sorted(names))
    template = '{"notes": [], "props": {' + ", ".join(
        f"{_encode_string(name).replace('%', '%%')}: [{value}]" for name in ordered
    ) + "}}"  # fmt: skip
    return template, ordered


def merge_variants(source: str, variants: str, row: UnitRow) -> tuple[str, list[list[Any]]]:
    """A stored unit's variants column (``source``, ``variants``) brought up to ``row``: the new
    column, and the variant rows it replaced (a text or its inline codes changed), for the history."""
    merged = {stored[0]: stored for stored in variant_rows(source, variants)}
    replaced = []
    for new in variant_rows(row.source.decode(), row.variants.decode()):
        before = merged.get(new[0])
        if before is not None and before[1:3] != new[1:3]:
            replaced.append(before)
        merged[new[0]] = new
    stored = list(merged.values())
    stored[0] = [stored[0][0], None, *stored[0][2:]]  # the source text lives in its column
    return _compact_json(stored), replaced


class Written(NamedTuple):
    """Who and when the memory wrote a unit: first (``added``) and last (``written``)."""

    added: str | None
    added_by: str | None
    written: str | None
    written_by: str | None


def stored_unit(
    unit_id: int,
    tuid: str | None,
    origin: str | None,
    extra: str | None,
    source_text: str,
    variants: str,
    context: Context | None,
    tgt_langs: set[str] | None,
    written: Written | None = None,
) -> Unit | None:
    """The Unit of a stored row; with ``tgt_langs``, only those targets (None when it has none of them).

    A variant without dates or ids of its own takes the memory's (``written``): created when and by
    whom the memory added the unit, changed when and by whom it last wrote it, so that an export
    says who and when.
    """
    source, *targets = (variant(*row) for row in variant_rows(source_text, variants))
    if written is not None:
        added, written_at = parse_date(written.added), parse_date(written.written)
        for each in (source, *targets):
            each.created = each.created or added
            each.creator = each.creator or written.added_by
            each.changed = each.changed or written_at
            each.changer = each.changer or written.written_by
    found = {target.lang: target for target in targets}
    if tgt_langs is not None:
        found = {lang: target for lang, target in found.items() if lang in tgt_langs}
        if not found:
            return None
    more = json.loads(extra) if extra else {}
    return Unit(
        id=tuid or f"tm{unit_id}",
        source=source,
        targets=found,
        context=context,
        origin=origin_of(origin),
        props=more.get("props") or {},
        notes=more.get("notes") or [],
    )


def exported_fingerprint(unit: Unit | None) -> int | None:
    """The fingerprint of a stored unit (``stored_unit`` with the memory's who and when) as the
    memory's export writes it: an import of that export finds the unit unchanged."""
    row = unit_row(unit, unit.origin) if unit is not None else None
    return row.fingerprint if isinstance(row, UnitRow) else None
