"""check_paths on translation files: read a unit at a time, in bounded memory."""

from __future__ import annotations

import tracemalloc

from tm.qa.files import check_paths

_HEAD = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: az\\n"\n\n'
_PAIRS = [("Khojaly," * 125, "Xocalı," * 145), ("Yes." * 250, "Bəli." * 200)]  # 1 KB, few words


def _peak_bytes(tmp_path, entries: int) -> tuple[int, int]:
    """(peak traced bytes, findings) of checking a PO of ``entries`` entries of 1 KB, two sources."""
    path = tmp_path / f"{entries}.po"
    body = "".join(
        f'msgctxt "u{n}"\nmsgid "{_PAIRS[n % 2][0]}"\nmsgstr "{_PAIRS[n % 2][1]}"\n\n' for n in range(entries)
    )
    path.write_text(_HEAD + body, encoding="utf-8")
    tracemalloc.start()
    try:
        report = check_paths([path], only=["consistency", "reverse-consistency"])
        return tracemalloc.get_traced_memory()[1], len(report.issues)
    finally:
        tracemalloc.stop()


def test_a_po_is_checked_entry_by_entry_in_memory_that_does_not_grow_with_its_length(tmp_path):
    small, small_findings = _peak_bytes(tmp_path, 1200)  # 1.2 MB: more than po.read_rows decodes at a time
    large, large_findings = _peak_bytes(tmp_path, 3600)
    assert small_findings == large_findings == 0
    assert large < small * 1.5  # polib holding the whole file: about three times
