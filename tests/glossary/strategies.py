"""Hypothesis strategies for glossaries (shared by the format round-trip tests)."""

from hypothesis import strategies as st

from tm.glossary import ENTRY_TYPES, Entry, Glossary, Term, TermStatus

_ALPHABET = "abcxyzABCXYZəıİöüğşçƏÖÜĞŞÇабвгдеёжАБВЁЖ0123456789 '’-.,()«»!&<>\""
words = (
    st.text(_ALPHABET, min_size=1, max_size=20)
    .map(lambda s: " ".join(s.split()))
    .filter(lambda s: s and s[0] not in "|" and "|" not in s)
)
notes = st.one_of(st.just(""), words)


@st.composite
def entries(draw: st.DrawFn, entry_id: str) -> Entry:
    terms: dict[str, list[Term]] = {}
    for lang in ("en", "az", "ru"):
        texts = draw(st.lists(words, min_size=1, max_size=4, unique_by=str.casefold))
        statuses = [TermStatus.PREFERRED] + [
            draw(st.sampled_from([TermStatus.ADMITTED, TermStatus.FORBIDDEN])) for _ in texts[1:]
        ]
        terms[lang] = [
            Term(
                text,
                status,
                pos=draw(st.sampled_from(["", "noun", "adjective"])),
                term_type=draw(st.sampled_from(["", "shortForm", "acronym"])),
                note=draw(notes),
            )
            for text, status in zip(texts, statuses)
        ]
    return Entry(
        id=entry_id,
        type=draw(st.sampled_from(("", *ENTRY_TYPES))),
        definition=draw(notes),
        note=draw(notes),
        terms=terms,
        exact_case=draw(st.booleans()),
        policy=draw(notes),
    )


@st.composite
def glossaries(draw: st.DrawFn) -> Glossary:
    count = draw(st.integers(min_value=0, max_value=4))
    return Glossary.of(
        [draw(entries(f"e{n}")) for n in range(count)], source_lang="en", title=draw(notes), description=draw(notes)
    )
