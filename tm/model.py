"""Plain data types shared by every part of tm: language tags, units, variants, inline codes."""

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


class Origin(str, enum.Enum):
    """Where a translation came from."""

    HUMAN = "human"
    ALIGNED = "aligned"
    IMPORTED = "imported"
    MACHINE = "machine"


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
        return plain_text(self.content)

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

    def is_stale(self, lang: str) -> bool:
        """True when the target in ``lang`` was made from a source text other than the current one."""
        variant = self.target(lang)
        return variant is not None and variant.source_text is not None and variant.source_text != self.source.text

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
