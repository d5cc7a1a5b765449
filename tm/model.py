"""Plain data types shared by every part of tm: language tags, units, variants, inline codes,
and the findings of every check (QA, ``tm tmx check``, ``tm glossary check``)."""

from __future__ import annotations

import enum
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from tm.errors import TmError

# --------------------------------------------------------------------------- language tags

#: The two-letter ISO 639-1 codes that BCP 47 replaces (langcodes' standardize_tag does the same);
#: every other two lower-case letters is already canonical, so ``normalize_lang("en")`` needs no
#: import of langcodes (its data takes ~50 ms to load, a third of ``tm segment``'s start).
DEPRECATED_CODES = {"in": "id", "iw": "he", "ji": "yi", "jw": "jv", "mo": "ro", "sh": "sr-Latn", "tl": "fil"}


@lru_cache(maxsize=1024)
def normalize_lang(tag: str) -> str:
    """Return the canonical BCP 47 form of ``tag`` (``AZ_az`` -> ``az-AZ``, ``rus`` -> ``ru``).

    Accepts underscores, any letter case, ISO 639-2/3 codes and script subtags. Raises TmError
    for a string that is not a language tag.
    """
    cleaned = tag.strip().replace("_", "-")
    if not cleaned:
        raise TmError("empty language tag")
    if len(cleaned) == 2 and cleaned.isascii() and cleaned.isalpha():
        cleaned = cleaned.lower()
        return DEPRECATED_CODES.get(cleaned, cleaned)
    import langcodes

    try:
        return langcodes.standardize_tag(cleaned)
    except (ValueError, langcodes.tag_parser.LanguageTagError) as exc:
        raise TmError(f"not a language tag: {tag!r}") from exc


def base_lang(tag: str) -> str:
    """Return the language subtag alone (``az-Latn-AZ`` -> ``az``), lower case."""
    return normalize_lang(tag).split("-", 1)[0].lower()


def same_lang(a: str, b: str) -> bool:
    """True when two tags name the same language variety (``az-AZ`` == ``az-Latn-AZ`` == ``az_az``).

    A bare language (``az``) matches any of its regional forms.
    """
    import langcodes

    la, lb = langcodes.Language.get(normalize_lang(a)), langcodes.Language.get(normalize_lang(b))
    if la.language != lb.language:
        return False
    if la.territory and lb.territory and la.territory != lb.territory:
        return False
    return la.maximize().script == lb.maximize().script


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC, the form tm stores and compares."""
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


# --------------------------------------------------------------------------- enums


class Status(str, enum.Enum):
    """Where a target stands in its life: new (empty), draft (fuzzy or stale), translated, reviewed."""

    NEW = "new"
    DRAFT = "draft"
    TRANSLATED = "translated"
    REVIEWED = "reviewed"


class TargetState(str, enum.Enum):
    """How a unit stands in one target language, as status, render, QA and ``tm translate`` see it."""

    UNTRANSLATED = "untranslated"  # no target, or an empty one
    DRAFT = "draft"  # a target not confirmed (PO fuzzy)
    STALE = "stale"  # a target made from another source text (PO #| msgid)
    TRANSLATED = "translated"
    REVIEWED = "reviewed"

    @property
    def finished(self) -> bool:
        """True for a confirmed translation of the current source: translated or reviewed."""
        return self in (TargetState.TRANSLATED, TargetState.REVIEWED)


class Origin(str, enum.Enum):
    """Where a translation came from."""

    HUMAN = "human"
    ALIGNED = "aligned"
    IMPORTED = "imported"
    MACHINE = "machine"


#: The unit property that marks an obsolete unit (``Unit.obsolete``; PO ``#~`` entries).
OBSOLETE = "x-po-obsolete"


# --------------------------------------------------------------------------- inline codes


@dataclass(frozen=True, slots=True)
class Tag:
    """An inline code inside a segment (TMX ``bpt ept ph it hi ut``, XLIFF ``g x bx ex``...).

    ``kind`` is the element name (``hi`` opens a highlighted span, ``/hi`` closes it), ``attrs`` the
    element's attributes in document order, ``code`` the native code it stands for (the element's
    inner markup, kept verbatim for lossless round trips).
    """

    kind: str
    attrs: tuple[tuple[str, str], ...] = ()
    code: str = ""

    def attr(self, name: str) -> str | None:
        """Return the value of attribute ``name``, or None."""
        for key, value in self.attrs:
            if key == name:
                return value
        return None

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "attrs": dict(self.attrs), "code": self.code}


Content = tuple["str | Tag", ...]


def plain_text(content: Iterable[str | Tag]) -> str:
    """Return the text of ``content`` without its inline codes, as checks and matching see it."""
    return "".join(part for part in content if isinstance(part, str))


# --------------------------------------------------------------------------- units


@dataclass(slots=True)
class Variant:
    """One language's text of a unit (TMX ``<tuv>``), with its status and history."""

    lang: str
    content: Content
    status: Status = Status.TRANSLATED
    origin: Origin | None = None
    created: datetime | None = None
    changed: datetime | None = None
    creator: str | None = None
    changer: str | None = None
    #: For a target: the source text it was made from, so a changed source marks it stale.
    source_text: str | None = None
    props: dict[str, list[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, lang: str, text: str, **fields: Any) -> Variant:
        """Make a variant of plain text (no inline codes)."""
        return cls(lang=lang, content=(text,) if text else (), **fields)

    @property
    def text(self) -> str:
        """The plain text, inline codes left out."""
        content = self.content
        if len(content) == 1 and isinstance(content[0], str):
            return content[0]  # most texts have no inline code: checks ask for it many times
        return plain_text(content)

    @property
    def tags(self) -> tuple[Tag, ...]:
        """The inline codes, in order."""
        return tuple(part for part in self.content if isinstance(part, Tag))

    def to_dict(self) -> dict[str, Any]:
        return {
            "lang": self.lang,
            "text": self.text,
            "content": [p if isinstance(p, str) else p.to_dict() for p in self.content],
            "status": self.status.value,
            "origin": self.origin.value if self.origin else None,
            "created": _iso(self.created),
            "changed": _iso(self.changed),
            "creator": self.creator,
            "changer": self.changer,
            "source_text": self.source_text,
            "props": self.props,
            "notes": self.notes,
        }


@dataclass(frozen=True, slots=True)
class Context:
    """Where a unit stands in its document; previous/next source text for context (101 %) matches."""

    document: str | None = None
    paragraph: int | None = None
    position: int | None = None
    prev: str | None = None
    next: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "paragraph": self.paragraph,
            "position": self.position,
            "prev": self.prev,
            "next": self.next,
        }


@dataclass(slots=True)
class Unit:
    """One meaning in several languages (TMX ``<tu>``): a source variant and any number of targets."""

    id: str
    source: Variant
    targets: dict[str, Variant] = field(default_factory=dict)
    context: Context | None = None
    origin: Origin | None = None
    props: dict[str, list[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def target(self, lang: str) -> Variant | None:
        """Return the target in ``lang`` (any spelling of the tag), or None."""
        if lang in self.targets:
            return self.targets[lang]
        for key, variant in self.targets.items():
            if same_lang(key, lang):
                return variant
        return None

    def state(self, lang: str) -> TargetState:
        """How the unit stands in ``lang``: untranslated (no text), stale (made from a source text
        other than the current one), else reviewed, translated or draft by the target's status."""
        variant = self.target(lang)
        if variant is None or not variant.content:
            return TargetState.UNTRANSLATED
        if variant.source_text is not None and variant.source_text != self.source.text:
            return TargetState.STALE
        if variant.status is Status.REVIEWED:
            return TargetState.REVIEWED
        return TargetState.TRANSLATED if variant.status is Status.TRANSLATED else TargetState.DRAFT

    @property
    def obsolete(self) -> bool:
        """True for a unit kept only so no translation is lost: its sentence left the document (PO ``#~``)."""
        return self.props.get(OBSOLETE) == ["true"]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source.to_dict(),
            "targets": {lang: v.to_dict() for lang, v in self.targets.items()},
            "context": self.context.to_dict() if self.context else None,
            "origin": self.origin.value if self.origin else None,
            "props": self.props,
            "notes": self.notes,
        }


# --------------------------------------------------------------------------- findings


class Severity(str, enum.Enum):
    """How bad a finding is, worst first: a wrong meaning, number or name; probably wrong; cosmetic."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem a check found: the message, how bad, which check, and where it is.

    The same type serves QA (``unit``, ``lang``, ``start``/``end`` in the target, ``file`` when
    checks run over files), ``tm tmx check`` (``line``, and the CAT tools that would reject it in
    ``profiles``) and ``Glossary.check`` (``entry``, ``lang``). A QA check yields it with its
    message and span alone; ``run_checks`` fills in the rest (``severity`` None: the check's own).
    """

    message: str
    start: int | None = None
    end: int | None = None
    severity: Severity | None = None
    check: str = ""
    unit: str | None = None
    entry: str | None = None
    lang: str | None = None
    file: str = ""
    line: int | None = None
    profiles: tuple[str, ...] = ()

    @property
    def span(self) -> tuple[int, int] | None:
        """Where the problem is in the target text, or None."""
        return None if self.start is None or self.end is None else (self.start, self.end)

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "unit": self.unit,
            "entry": self.entry,
            "lang": self.lang,
            "check": self.check,
            "severity": self.severity.value if self.severity else None,
            "message": self.message,
            "span": list(self.span) if self.span else None,
            "profiles": list(self.profiles),
        }


# --------------------------------------------------------------------------- signatures


@dataclass(frozen=True, slots=True)
class Signature:
    """The settings a result depends on, sacrebleu style: ``tm:<version>`` and then ``key:value``
    pairs, joined by ``|`` (``tm:0.1.0|sim:mean(char,word)|cap:99``). ``str()`` gives the text
    printed next to a score and put in its JSON."""

    fields: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, *fields: tuple[str, object]) -> Signature:
        """The signature of these settings, after tm's version. Keys and values may not hold ``|``
        or ``:`` in a key, so the text reads back unambiguously."""
        import tm

        pairs = (("tm", tm.__version__), *((key, str(value)) for key, value in fields))
        for key, value in pairs:
            if ":" in key or "|" in key or "|" in value:
                raise ValueError(f"signature field {key}:{value} would be ambiguous")
        return cls(pairs)

    def __str__(self) -> str:
        return "|".join(f"{key}:{value}" for key, value in self.fields)


def utcnow() -> datetime:
    """The current time in UTC, to the second (TMX dates carry no fractions)."""
    return datetime.now(UTC).replace(microsecond=0)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def target_lang_of(units: Iterable[Unit]) -> str | None:
    """The one language the targets of ``units`` are in, None when they have none; a TmError when
    they are in several (a file of one language pair cannot hold them: the caller names one)."""
    langs = {lang for unit in units for lang in unit.targets}
    if len(langs) > 1:
        raise TmError(f"the units have targets in {len(langs)} languages ({', '.join(sorted(langs))})",
                      hint="name the target language to write")  # fmt: skip
    return langs.pop() if langs else None
