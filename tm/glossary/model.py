"""The glossary model: entries (one concept each) holding per-language terms, and their checks.

An :class:`Entry` is one concept (a person, a place, a treaty...) with, per language, one
preferred term, any number of admitted variants (short forms, Russian adjectival forms used in
compounds) and forbidden spellings (outdated names, wrong transliterations). A :class:`Glossary`
keeps entries by id, in order, and ``check()`` lists what is wrong with it.
"""

from __future__ import annotations

import enum
import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from tm.errors import TmError
from tm.model import Finding, Severity, base_lang, nfc, normalize_lang

__all__ = [
    "CASE_SENSITIVE_TYPES",
    "ENTRY_TYPES",
    "Entry",
    "Glossary",
    "Term",
    "TermStatus",
    "make_id",
]

#: The kinds of concept a proper-names glossary holds. Other values are accepted with a warning.
ENTRY_TYPES: tuple[str, ...] = (
    "person",
    "place",
    "organisation",
    "office",
    "unit",
    "treaty",
    "event",
    "day",
    "campaign",
    "title",
    "outlet",
    "other",
)

#: Types whose capitalised term words match only capitalised text words (proper names). Titles
#: of organisations, treaties, events, days and campaigns are capitalised inconsistently by
#: writers ("the Soviet army", "the Khojaly Genocide"), so they match in any case.
CASE_SENSITIVE_TYPES = frozenset({"person", "place", "outlet"})


class TermStatus(str, enum.Enum):
    """How a term may be used: the one preferred form, an admitted variant, or a forbidden one;
    unspecified where a file says nothing (checks treat it as admitted)."""

    PREFERRED = "preferred"
    ADMITTED = "admitted"
    FORBIDDEN = "forbidden"
    UNSPECIFIED = "unspecified"


_ADMITTED = (TermStatus.ADMITTED, TermStatus.UNSPECIFIED)


@dataclass(slots=True)
class Term:
    """One written form of a concept in one language.

    ``pos`` is a part of speech from TBX-Basic's list (noun, adjective, verb, adverb, other);
    ``term_type`` a TBX termType (fullForm, shortForm, acronym, abbreviation, variant...).
    """

    text: str
    status: TermStatus = TermStatus.PREFERRED
    pos: str = ""
    term_type: str = ""
    note: str = ""

    def __post_init__(self) -> None:
        self.text = nfc(self.text)
        self.note = nfc(self.note)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "status": self.status.value,
            "pos": self.pos,
            "term_type": self.term_type,
            "note": self.note,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Term:
        return cls(
            text=data["text"],
            status=TermStatus(data.get("status", "preferred")),
            pos=data.get("pos", ""),
            term_type=data.get("term_type", ""),
            note=data.get("note", ""),
        )


@dataclass(slots=True)
class Entry:
    """One concept: an id, its type, a definition and a note, and its terms per language.

    ``terms`` maps a normalised language tag (``en``, ``az``, ``ru-RU``) to that language's
    terms in order: the preferred term first by convention, then admitted, then forbidden.

    ``exact_case`` says the target-language terms are written in exactly their glossary case
    (``Xocalı soyqırımı günü``, not ``Xocalı Soyqırımı Günü``; a capital that only starts a
    sentence is allowed): the ``term-case`` check holds texts to it. ``policy`` states a
    house-style decision behind a status (a name forbidden for one outlet's readers, not
    misspelt), so a client whose style differs knows what to override.
    """

    id: str
    type: str = ""
    definition: str = ""
    note: str = ""
    terms: dict[str, list[Term]] = field(default_factory=dict)
    exact_case: bool = False
    policy: str = ""

    def __post_init__(self) -> None:
        self.definition = nfc(self.definition)
        self.note = nfc(self.note)
        self.policy = nfc(self.policy)
        self.terms = {normalize_lang(lang): list(terms) for lang, terms in self.terms.items()}

    @property
    def langs(self) -> list[str]:
        """The languages this entry has terms in, in order."""
        return list(self.terms)

    def terms_in(self, lang: str) -> list[Term]:
        """All terms in ``lang`` (any spelling of the tag; ``az`` finds ``az-Latn-AZ``)."""
        key = _lang_key(self.terms, lang)
        return self.terms[key] if key else []

    def preferred(self, lang: str) -> Term | None:
        """The preferred term in ``lang``; where none is stated, the first term of unspecified
        status (the form to show); else None."""
        terms = self.terms_in(lang)
        found = next((t for t in terms if t.status is TermStatus.PREFERRED), None)
        return found or next((t for t in terms if t.status is TermStatus.UNSPECIFIED), None)

    def admitted(self, lang: str) -> list[Term]:
        """The admitted variants in ``lang`` (terms of unspecified status count as admitted)."""
        first = self.preferred(lang)
        return [t for t in self.terms_in(lang) if t.status in _ADMITTED and t is not first]

    def forbidden(self, lang: str) -> list[Term]:
        """The forbidden spellings in ``lang``."""
        return [t for t in self.terms_in(lang) if t.status is TermStatus.FORBIDDEN]

    def allowed(self, lang: str) -> list[Term]:
        """The preferred term and the admitted variants in ``lang``: what a translation may use."""
        return [t for t in self.terms_in(lang) if t.status is not TermStatus.FORBIDDEN]

    def add_term(self, lang: str, term: Term) -> None:
        """Append ``term`` to the terms in ``lang``."""
        key = _lang_key(self.terms, lang) or normalize_lang(lang)
        self.terms.setdefault(key, []).append(term)

    @property
    def case_sensitive(self) -> bool:
        """True when capitalised term words must be capitalised in a text (see CASE_SENSITIVE_TYPES)."""
        return self.type in CASE_SENSITIVE_TYPES

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "definition": self.definition,
            "note": self.note,
            "exact_case": self.exact_case,
            "policy": self.policy,
            "terms": {lang: [t.to_dict() for t in terms] for lang, terms in self.terms.items()},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entry:
        return cls(
            id=data["id"],
            type=data.get("type", ""),
            definition=data.get("definition", ""),
            note=data.get("note", ""),
            terms={lang: [Term.from_dict(t) for t in terms] for lang, terms in data.get("terms", {}).items()},
            exact_case=bool(data.get("exact_case", False)),
            policy=data.get("policy", ""),
        )


@dataclass(slots=True)
class Glossary:
    """A glossary: entries by id in order, a source language, a title and a description."""

    entries: dict[str, Entry] = field(default_factory=dict)
    source_lang: str = "en"
    title: str = ""
    description: str = ""
    #: What reading the file left out, one line each (``file:line: why``), for the caller to report.
    skipped: list[str] = field(default_factory=list, compare=False)
    #: Term-recognition indexes by language (tm.glossary.recognize), rebuilt after a change.
    _indexes: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.source_lang = normalize_lang(self.source_lang)

    def invalidate(self) -> None:
        """Forget the recognition indexes; call it after editing an entry's terms in place."""
        self._indexes.clear()

    @classmethod
    def of(cls, entries: Iterable[Entry], **fields: Any) -> Glossary:
        """Make a glossary of ``entries``; raise TmError on a repeated id."""
        glossary = cls(**fields)
        for entry in entries:
            glossary.add(entry)
        return glossary

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries.values())

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self.entries

    def get(self, entry_id: str) -> Entry:
        """Return the entry ``entry_id``; raise TmError naming it when there is none."""
        try:
            return self.entries[entry_id]
        except KeyError:
            raise TmError(f"no glossary entry {entry_id!r}") from None

    def search(self, text: str, lang: str | None = None) -> list[Entry]:
        """The entries whose id or a term (in ``lang``, or any language) holds ``text``, caseless
        (``aliyev`` finds ``Heydar Aliyev``; ``xocalı`` finds ``Xocalı``), in glossary order."""
        found = []
        for entry in self:
            langs = [lang] if lang else entry.langs
            if _term_key(text, lang or "und") in entry.id or any(
                _term_key(text, each) in _term_key(term.text, each) for each in langs for term in entry.terms_in(each)
            ):
                found.append(entry)
        return found

    def add(self, entry: Entry, replace: bool = False, *, new_terms: bool = False) -> None:
        """Add ``entry``; an existing id is an error unless ``replace`` is true.

        With ``new_terms``, so is a preferred term that another entry prefers (``check`` would
        report the pair): the error names that entry.
        """
        if entry.id in self.entries and not replace:
            raise TmError(f"glossary entry {entry.id!r} already exists")
        for lang, term, other in self._preferred_elsewhere(entry) if new_terms else ():
            raise TmError(
                f"the {lang} term {term!r} is already the preferred term of entry {other!r}",
                hint=f"see it with `tm glossary show {other}`; to change it, add with --id {other} --replace",
            )
        self.entries[entry.id] = entry
        self.invalidate()

    def _preferred_elsewhere(self, entry: Entry) -> Iterator[tuple[str, str, str]]:
        """``(lang, term, other id)`` for each preferred term of ``entry`` another entry prefers."""
        for lang, terms in entry.terms.items():
            for term in terms:
                if term.status is not TermStatus.PREFERRED:
                    continue
                key = _term_key(term.text, lang)
                for other in self.entries.values():
                    mine = _lang_key(other.terms, lang)
                    if other.id == entry.id or mine is None:
                        continue
                    if any(
                        t.status is TermStatus.PREFERRED and _term_key(t.text, lang) == key for t in other.terms[mine]
                    ):
                        yield lang, term.text, other.id

    def remove(self, entry_id: str) -> Entry:
        """Remove and return the entry ``entry_id``; raise TmError when there is none."""
        entry = self.get(entry_id)
        del self.entries[entry_id]
        self.invalidate()
        return entry

    def find_entry(self, entry: Entry) -> Entry | None:
        """The entry of this glossary that ``entry`` describes (the same concept): the same id and
        at least one term in common, else the same preferred term in the source language."""
        mine = self.entries.get(entry.id)
        if mine is not None and _share_a_term(mine, entry):
            return mine
        source = entry.preferred(self.source_lang)
        if source is None:
            return None
        key = _term_key(source.text, self.source_lang)
        for mine in self.entries.values():
            preferred = mine.preferred(self.source_lang)
            if preferred is not None and _term_key(preferred.text, self.source_lang) == key:
                return mine
        return None

    def merge(self, other: Glossary, replace: bool = False) -> tuple[list[str], list[str], dict[str, str]]:
        """Add the entries of ``other``; return the ids (added, updated, renamed).

        An entry that matches one of ours (``find_entry``: the same concept) is replaced when
        ``replace`` is true. Otherwise it adds what ours lacks: empty type, definition or note, and
        terms not yet listed; an incoming preferred term that differs from ours becomes an admitted
        variant, so nothing is lost and nothing of ours is overwritten. An entry whose id we use for
        another concept is added under a new id (``renamed``: its id -> the new one, also in added).
        """
        added: list[str] = []
        updated: list[str] = []
        renamed: dict[str, str] = {}
        for entry in other:
            mine = self.find_entry(entry)
            if mine is None:
                if entry.id in self.entries:
                    new_id = next(f"{entry.id}-{n}" for n in itertools.count(2) if f"{entry.id}-{n}" not in self)
                    renamed[entry.id] = new_id
                    entry.id = new_id
                self.add(entry)
                added.append(entry.id)
                continue
            if replace:
                del self.entries[mine.id]
                entry.id = mine.id
                self.add(entry)
                updated.append(mine.id)
                continue
            if _merge_entry(mine, entry):
                updated.append(mine.id)
        self.invalidate()
        return added, updated, renamed

    @property
    def langs(self) -> list[str]:
        """Every language of the glossary: the source first, then in order of appearance."""
        langs = [self.source_lang]
        for entry in self.entries.values():
            for lang in entry.terms:
                if lang not in langs:
                    langs.append(lang)
        return langs

    def check(self) -> list[Finding]:
        """Validate the glossary itself. Errors: an entry without a preferred term in a language
        of the glossary, two preferred terms in one language, an empty term, a forbidden form
        equal to an allowed one, a preferred term shared by two entries, a bad id. Warnings:
        an admitted term shared by two entries, a term listed twice, an unknown type, stray
        white space."""
        issues: list[Finding] = []
        langs = self.langs
        owners: dict[tuple[str, str], list[tuple[str, TermStatus]]] = {}
        for entry in self.entries.values():
            issues.extend(_check_entry(entry, langs))
            for lang, terms in entry.terms.items():
                seen: set[str] = set()
                for term in terms:
                    key = _term_key(term.text, lang)
                    if key in seen:
                        issues.append(
                            _issue("repeated-term", Severity.WARNING, entry, lang, f"{term.text!r} is listed twice")
                        )
                        continue
                    seen.add(key)
                    if term.status is not TermStatus.FORBIDDEN:
                        owners.setdefault((base_lang(lang), key), []).append((entry.id, term.status))
        for (lang, _key), users in owners.items():
            ids = sorted({entry_id for entry_id, _ in users})
            if len(ids) < 2:
                continue
            preferred = sum(1 for _, status in users if status is TermStatus.PREFERRED) > 1
            issues.append(
                Finding(
                    f"entries {', '.join(ids)} share the {lang} term {_key!r}",
                    severity=Severity.ERROR if preferred else Severity.WARNING,
                    check="duplicate-term",
                    entry=ids[0],
                    lang=lang,
                )
            )
        return issues

    def to_dict(self) -> dict[str, Any]:
        return {
            "source_lang": self.source_lang,
            "title": self.title,
            "description": self.description,
            "langs": self.langs,
            "entries": [e.to_dict() for e in self.entries.values()],
        }


def _share_a_term(mine: Entry, entry: Entry) -> bool:
    """True when the two entries have a term in common (the same language, the same text)."""
    for lang, terms in entry.terms.items():
        known = {_term_key(t.text, lang) for t in mine.terms_in(lang)}
        if any(_term_key(t.text, lang) in known for t in terms):
            return True
    return False


def _merge_entry(mine: Entry, entry: Entry) -> bool:
    changed = False
    for name in ("type", "definition", "note", "policy", "exact_case"):
        if not getattr(mine, name) and getattr(entry, name):
            setattr(mine, name, getattr(entry, name))
            changed = True
    for lang, terms in entry.terms.items():
        known = {_term_key(t.text, lang) for t in mine.terms_in(lang)}
        has_preferred = mine.preferred(lang) is not None
        for term in terms:
            if _term_key(term.text, lang) in known:
                continue
            if term.status is TermStatus.PREFERRED and has_preferred:
                term.status = TermStatus.ADMITTED
            mine.add_term(lang, term)
            known.add(_term_key(term.text, lang))
            has_preferred = has_preferred or term.status is TermStatus.PREFERRED
            changed = True
    return changed


_ID = re.compile(r"^[A-Za-z_][\w.-]*$")


def _check_entry(entry: Entry, langs: list[str]) -> Iterator[Finding]:
    if not _ID.match(entry.id):
        yield _issue(
            "bad-id",
            Severity.ERROR,
            entry,
            None,
            f"id {entry.id!r} is not an XML name (letters, digits, - _ . ; not first a digit)",
        )
    if entry.type and entry.type not in ENTRY_TYPES:
        yield _issue(
            "unknown-type", Severity.WARNING, entry, None, f"type {entry.type!r} is not one of {', '.join(ENTRY_TYPES)}"
        )
    for lang in langs:
        if not entry.terms_in(lang):
            yield _issue("missing-language", Severity.ERROR, entry, lang, f"no {lang} term")
    for lang, terms in entry.terms.items():
        preferred = [t for t in terms if t.status is TermStatus.PREFERRED]
        if terms and not preferred and not any(t.status is TermStatus.UNSPECIFIED for t in terms):
            yield _issue("no-preferred", Severity.ERROR, entry, lang, f"no preferred {lang} term")
        if len(preferred) > 1:
            yield _issue(
                "several-preferred",
                Severity.ERROR,
                entry,
                lang,
                f"{len(preferred)} preferred {lang} terms: " + ", ".join(repr(t.text) for t in preferred),
            )
        allowed = {_term_key(t.text, lang) for t in terms if t.status is not TermStatus.FORBIDDEN}
        for term in terms:
            if not term.text.strip():
                yield _issue("empty-term", Severity.ERROR, entry, lang, f"an empty {term.status.value} term")
                continue
            if term.text != term.text.strip() or "  " in term.text:
                yield _issue("whitespace", Severity.WARNING, entry, lang, f"{term.text!r} has stray white space")
            if term.status is TermStatus.FORBIDDEN and _term_key(term.text, lang) in allowed:
                yield _issue(
                    "forbidden-allowed",
                    Severity.ERROR,
                    entry,
                    lang,
                    f"{term.text!r} is forbidden and also preferred or admitted",
                )


def _issue(code: str, severity: Severity, entry: Entry, lang: str | None, message: str) -> Finding:
    return Finding(message, severity=severity, check=code, entry=entry.id, lang=lang)


def _term_key(text: str, lang: str) -> str:
    """The form two terms are compared in: NFC, case-folded for ``lang``, spaces collapsed."""
    from tm.lang import fold

    return " ".join(fold(text, lang).split())


def _lang_key(terms: dict[str, list[Term]], lang: str) -> str | None:
    """The key of ``terms`` that ``lang`` names: the same tag, else the same base language."""
    norm = normalize_lang(lang)
    if norm in terms:
        return norm
    base = base_lang(norm)
    for key in terms:
        if base_lang(key) == base:
            return key
    return None


def make_id(text: str, taken: Iterable[str] = ()) -> str:
    """Make an entry id from a term: ASCII, lower case, hyphens (``Heydar Aliyev`` -> ``heydar-aliyev``).

    The id is an XML name (TBX needs one); a number first gets an ``e-`` prefix, and a taken id
    a ``-2``, ``-3``... suffix.
    """
    for letter, plain in (("ı", "i"), ("ə", "e"), ("Ə", "E")):
        text = text.replace(letter, plain)
    ascii_text = unicodedata.normalize("NFKD", text)
    ascii_text = ascii_text.encode("ascii", "ignore").decode("ascii").lower()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:60].strip("-") or "entry"
    if base[0].isdigit():
        base = f"e-{base}"
    taken = set(taken)
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate
