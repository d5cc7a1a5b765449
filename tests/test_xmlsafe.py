"""Safe XML parsing: entity declarations refused before parsing, no DTD or network, errors located."""

from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tm import xmlsafe
from tm.errors import ParseError, TmError, UnsafeXMLError

DATA = Path(__file__).parent / "data" / "tmx"


@pytest.mark.parametrize("name", ["billion_laughs.tmx", "xxe_file.tmx", "xxe_http.tmx"])
def test_entity_declarations_are_refused_with_file_and_line(name: str) -> None:
    with pytest.raises(UnsafeXMLError) as caught:
        list(xmlsafe.iterparse(DATA / name))
    assert caught.value.path == str(DATA / name)
    assert caught.value.line == 3  # the first <!ENTITY
    assert "entities" in caught.value.message
    with pytest.raises(UnsafeXMLError):
        xmlsafe.parse(DATA / name)


def test_billion_laughs_in_an_attribute_is_refused_before_lxml_expands_it(tmp_path: Path) -> None:
    # libxml2 expands entities inside attribute values even with resolve_entities=False.
    doc = tmp_path / "attr.xml"
    doc.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE r [\n<!ENTITY a "aaaaaaaaaa">\n'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n]>\n<r x="&b;"/>\n'
    )
    with pytest.raises(UnsafeXMLError):
        xmlsafe.parse(doc)


def test_external_dtd_is_neither_loaded_nor_used_for_entities(tmp_path: Path) -> None:
    (tmp_path / "local.dtd").write_text('<!ENTITY e "EXPANDED">')
    doc = tmp_path / "doc.xml"
    doc.write_text('<?xml version="1.0"?>\n<!DOCTYPE r SYSTEM "local.dtd">\n<r>before &e; after</r>\n')
    root = xmlsafe.parse(doc).getroot()
    assert "EXPANDED" not in "".join(root.itertext())
    assert xmlsafe.read_prolog(doc).doctype == '<!DOCTYPE r SYSTEM "local.dtd">'


def test_plain_doctype_without_internal_subset_is_accepted() -> None:
    events = list(xmlsafe.iterparse(DATA / "doctype_system.tmx", tag="seg"))
    assert [el.text for _, el in events] == ["Azerbaijan", "Azərbaycan"]


def test_doctype_with_only_element_declarations_is_accepted(tmp_path: Path) -> None:
    doc = tmp_path / "d.xml"
    doc.write_text('<?xml version="1.0"?>\n<!DOCTYPE r [\n<!ELEMENT r (#PCDATA)>\n]>\n<r>ok</r>\n')
    assert xmlsafe.parse(doc).getroot().text == "ok"


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"\xff\xfe<\x00?\x00", ("utf-16-le", True)),
        (b"\xfe\xff\x00<\x00?", ("utf-16-be", True)),
        (b"<\x00?\x00x\x00", ("utf-16-le", False)),
        (b"\xef\xbb\xbf<?xml", ("utf-8", True)),
        (b"<?xml", ("utf-8", False)),
    ],
)
def test_sniff_xml_encoding_reads_bom_and_byte_pattern(head: bytes, expected: tuple[str, bool]) -> None:
    assert xmlsafe.sniff_xml_encoding(head) == expected


def test_prolog_reports_encodings_and_root() -> None:
    prolog = xmlsafe.read_prolog(DATA / "utf16_no_bom.tmx")
    assert (prolog.encoding, prolog.bom, prolog.declared_encoding) == ("utf-16-le", False, "utf-16")
    assert prolog.root == "tmx" and prolog.root_line == 2
    assert not prolog.encoding_mismatch
    assert xmlsafe.read_prolog(DATA / "encoding_mismatch.tmx").encoding_mismatch


def test_a_declaration_that_lies_about_the_encoding_is_overridden() -> None:
    segs = [el.text for _, el in xmlsafe.iterparse(DATA / "encoding_mismatch.tmx", tag="seg")]
    assert segs == ["Ganja", "Gəncə"]


def test_broken_xml_raises_parse_error_with_line(tmp_path: Path) -> None:
    doc = tmp_path / "broken.xml"
    doc.write_text("<r>\n<a>\n</b>\n</r>\n")
    with pytest.raises(ParseError) as caught:
        xmlsafe.parse(doc)
    assert caught.value.line == 3
    assert str(caught.value).startswith(f"{doc}:3")


def test_truncated_file_yields_what_came_before_then_names_the_line() -> None:
    seen = []
    with pytest.raises(ParseError) as caught:
        for _, element in xmlsafe.iterparse(DATA / "truncated.tmx", tag="tu"):
            seen.append(element.get("tuid"))
    assert seen == ["t1", "t2"]
    assert caught.value.line == 26
    assert "truncated" in caught.value.message


def test_missing_file_is_a_tm_error_not_a_traceback(tmp_path: Path) -> None:
    with pytest.raises(TmError) as caught:
        xmlsafe.read_prolog(tmp_path / "nope.xml")
    assert "cannot read" in str(caught.value)


# --------------------------------------------------------------------------- line ends (XML 1.0 §2.11)


class _Chunks:
    """A binary file that hands out its bytes in the chunk sizes given, to cut CR LF pairs apart."""

    def __init__(self, data: bytes, sizes: list[int]) -> None:
        self.data, self.sizes = data, sizes

    def read(self, size: int = -1) -> bytes:
        take = self.sizes.pop(0) if self.sizes else len(self.data)
        out, self.data = self.data[:take], self.data[take:]
        return out


@settings(max_examples=200)
@example(text="\r\n", encoding="utf-16-le", sizes=[1, 1, 1])  # a CR LF cut inside both code units
@given(
    text=st.text(st.sampled_from(["a", "\r", "\n", "ə", "😀", "\ud800"]), max_size=40),
    encoding=st.sampled_from(["utf-8", "utf-16-le", "utf-16-be"]),
    sizes=st.lists(st.integers(1, 7), max_size=30),
)
def test_line_ends_become_newlines_whatever_the_chunks(text: str, encoding: str, sizes: list[int]) -> None:
    if encoding == "utf-8":
        text = text.replace("\ud800", "")
    reader = xmlsafe.LineEnds(_Chunks(text.encode(encoding, "surrogatepass"), sizes), encoding)  # type: ignore[arg-type]
    out = b"".join(iter(lambda: reader.read(5), b""))
    assert out.decode(encoding, "surrogatepass") == text.replace("\r\n", "\n").replace("\r", "\n")


def test_a_truncated_utf16_file_reaches_the_parser_as_it_is() -> None:
    data = "ab\r\n".encode("utf-16-le") + b"\x00"
    reader = xmlsafe.LineEnds(_Chunks(data, [3, 3, 3]), "utf-16-le")  # type: ignore[arg-type]
    assert b"".join(iter(lambda: reader.read(3), b"")) == "ab\n".encode("utf-16-le") + b"\x00"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_a_cr_inside_cdata_is_a_newline_and_a_character_reference_stays_a_cr(tmp_path: Path, encoding: str) -> None:
    # libxml2 2.13's push parser (lxml 5.4's iterparse) left the CR inside CDATA as it was.
    doc = tmp_path / "cdata.xml"
    body = f'<?xml version="1.0" encoding="{encoding.upper()}"?>\n<r><a><![CDATA[x\ry\r\nz]]></a><b>p&#13;q\rr</b></r>'
    doc.write_bytes(body.encode(encoding))
    texts = {element.tag: element.text for _event, element in xmlsafe.iterparse(doc, tag=("a", "b"))}
    assert texts == {"a": "x\ny\nz", "b": "p\rq\nr"}
    root = xmlsafe.parse(doc).getroot()
    assert [root[0].text, root[1].text] == ["x\ny\nz", "p\rq\nr"]


def test_invalid_char_matches_exactly_what_xml_1_0_char_leaves_out() -> None:
    allowed = [(0x9, 0x9), (0xA, 0xA), (0xD, 0xD), (0x20, 0xD7FF), (0xE000, 0xFFFD), (0x10000, 0x10FFFF)]
    everything = "".join(map(chr, range(0x110000)))
    left_out: list[int] = []
    for (_, end), (start, _) in pairwise([(-1, -1), *allowed, (0x110000, 0x110000)]):
        left_out += range(end + 1, start)
    assert [match.start() for match in xmlsafe.INVALID_CHAR.finditer(everything)] == left_out


@pytest.mark.parametrize(
    ("encoding", "declaration", "root"),
    [
        ("utf-8", "", "Ölçü"),
        ("utf-8", ' encoding="UTF-8"', "Ölçü"),
        ("windows-1251", ' encoding="windows-1251"', "Юнит"),
        ("utf-16", ' encoding="UTF-16"', "Юнит"),
    ],
)
def test_a_root_name_beyond_ascii_is_read_in_the_files_encoding(tmp_path: Path, encoding: str, declaration: str,
                                                                root: str) -> None:  # fmt: skip
    path = tmp_path / "odd.xml"
    path.write_bytes(f'<?xml version="1.0"{declaration}?>\n<{root}/>'.encode(encoding))
    assert xmlsafe.read_prolog(path).root == root


@pytest.mark.parametrize(("root", "found"), [("_a", "_a"), (":a", ":a"), ("Za", "Za"), ("1a", None), ("-a", None)])
def test_the_root_is_found_only_where_a_name_may_begin(tmp_path: Path, root: str, found: str | None) -> None:
    path = tmp_path / "root.xml"
    path.write_text(f'<?xml version="1.0"?>\n<{root}/>', "utf-8")
    assert xmlsafe.read_prolog(path).root == found
