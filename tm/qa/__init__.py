"""Quality checks on translations: a registry of small check functions and ``run_checks``.

A check is a pure function ``(unit, lang, ctx) -> Iterable[Finding]`` registered with
``@check("numbers", severity="error")``; it looks at the unit's source and its target in ``lang``
and yields findings (``tm.model.Finding``: a message, a span in the target, optionally its own
severity), which ``run_checks`` completes with the unit, check, language and severity.
The first line of its docstring says what it catches, with one example (``tm qa --list`` prints
it). ``when`` limits a check to the languages whose ``tm.lang.Language`` it accepts (the ё policy
to a language with a ё spelling); ``None`` means all. No check names a language code.

Cross-unit checks (consistency, repeated phrases) use the same signature and look only backwards:
at the first unit with the same source, at the unit before. ``run_checks`` streams the units, so
a file of any size is checked in bounded memory: those checks keep what they need of the units
already checked in ``ctx.cached(key, compute)`` (consistency: a dict from a digest of each source, and
of each translation, to the first unit's id and other text; repeated phrases: the unit before). A caller that checks one unit of a
set it holds (``tm translate``) gives the set as ``ctx.units`` instead. ``ctx.recent(key,
compute)`` shares work between the checks of a unit and its neighbours (the glossary terms
found in a text) and keeps only the last ``RECENT`` values.

The checks live in one module per topic (glossary, numbers, punctuation, completeness,
consistency, repetition, script, style, whitespace, stale); importing this package registers them
all.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from tm.lang import Language, known_languages, language
from tm.model import Finding, Severity, Unit

__all__ = [
    "CHECKS",
    "Check",
    "Finding",
    "QaContext",
    "RECENT",
    "Severity",
    "YO_POLICIES",
    "check",
    "check_unit",
    "checks_for",
    "run_checks",
]

#: The spellings of Russian ``ё`` a project may choose (``QaContext.yo``).
YO_POLICIES = ("ё", "е")
#: How many values ``QaContext.recent`` keeps: enough for the texts of a unit and the one before.
RECENT = 64


@dataclass(slots=True)
class QaContext:
    """What checks may consult besides the unit: the source language, glossary, the whole set
    when the caller holds it (else the units are streamed: ``previous`` is the unit checked
    before), and the project's style choices (``yo``: ``ё`` or ``е`` for Russian, None = no
    policy)."""

    source_lang: str = "en"
    glossary: Any = None
    units: Sequence[Unit] = ()
    yo: str | None = None
    previous: Unit | None = None
    _cache: dict[Hashable, Any] = field(default_factory=dict, repr=False)
    _recent: dict[Hashable, Any] = field(default_factory=dict, repr=False)
    #: ``texts`` of the unit ``check_unit`` is checking: (unit, lang, texts), worked out once for its checks.
    _texts: tuple[Unit, str, tuple[str, str] | None] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.yo is not None and self.yo not in YO_POLICIES:
            from tm.errors import TmError

            raise TmError(f"unknown ё policy {self.yo!r}", hint="use ё (write ё) or е (write е for ё)")

    def cached(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """Return ``compute()``, computed once per context under ``key``."""
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]

    def recent(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """Return ``compute()``, computed once while ``key`` is among the last ``RECENT`` keys asked
        (work the checks of a unit and of the next one share, in bounded memory)."""
        if key not in self._recent:
            if len(self._recent) >= RECENT:
                del self._recent[next(iter(self._recent))]
            self._recent[key] = compute()
        return self._recent[key]


CheckFunc = Callable[[Unit, str, QaContext], Iterable[Finding]]


@dataclass(frozen=True, slots=True)
class Check:
    """A registered check: its name, default severity, which languages it is for (None = all) and
    its function."""

    name: str
    severity: Severity
    when: Callable[[Language], bool] | None
    func: CheckFunc

    @property
    def summary(self) -> str:
        """The first line of the check's docstring: what it catches, with an example."""
        return (self.func.__doc__ or "").strip().splitlines()[0] if self.func.__doc__ else ""

    def applies_to(self, lang: str) -> bool:
        return self.when is None or self.when(language(lang))

    @property
    def langs(self) -> list[str] | None:
        """The languages tm knows that the check is for (None: every language)."""
        when = self.when
        return None if when is None else [code for code in known_languages() if when(language(code))]

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "severity": self.severity.value,
            "langs": self.langs,
            "summary": self.summary,
        }


#: Every registered check, by name, in registration order.
CHECKS: dict[str, Check] = {}


def check(
    name: str, severity: str = "error", when: Callable[[Language], bool] | None = None
) -> Callable[[CheckFunc], CheckFunc]:
    """Register a check under ``name`` with a default ``severity``, for the languages ``when``
    accepts (None = all)."""
    level = Severity(severity)  # ValueError for an unknown one

    def register(func: CheckFunc) -> CheckFunc:
        if name in CHECKS:
            raise ValueError(f"check {name!r} registered twice")
        CHECKS[name] = Check(name, level, when, func)
        return func

    return register


def checks_for(lang: str, only: Iterable[str] | None = None, skip: Iterable[str] = ()) -> list[Check]:
    """Return the checks enabled for ``lang``: all that apply, or ``only`` those, minus ``skip``."""
    wanted = set(only) if only is not None else None
    unknown = ((wanted or set()) | set(skip)) - set(CHECKS)
    if unknown:
        from tm.errors import TmError

        raise TmError(f"unknown check(s): {', '.join(sorted(unknown))}", hint="tm qa --list shows them")
    return [
        c for c in CHECKS.values() if c.applies_to(lang) and (wanted is None or c.name in wanted) and c.name not in skip
    ]


def run_checks(
    units: Iterable[Unit],
    lang: str,
    ctx: QaContext | None = None,
    only: Iterable[str] | None = None,
    skip: Iterable[str] = (),
) -> list[Finding]:
    """Run the checks enabled for ``lang`` on every unit; return their findings in unit order.

    ``units`` is read once, one unit at a time (a stream will do): cross-unit checks see the
    units before each one, or the whole of ``ctx.units`` when the caller gives it. The source
    language defaults to the first unit's.
    """
    units = iter(units)
    first = next(units, None)
    if ctx is None:
        ctx = QaContext(source_lang=first.source.lang if first is not None else "en")
    enabled = checks_for(lang, only, skip)
    if first is None:
        return []
    return [found for unit in itertools.chain([first], units) for found in check_unit(unit, lang, ctx, enabled)]


def check_unit(unit: Unit, lang: str, ctx: QaContext, enabled: Sequence[Check]) -> list[Finding]:
    """The findings of the ``enabled`` checks on ``unit`` in ``lang``, the next unit of the set
    ``ctx`` checks (it becomes ``ctx.previous``)."""
    ctx._texts = (unit, lang, texts(unit, lang))
    try:
        found = [_complete(issue, unit, lang, c) for c in enabled for issue in c.func(unit, lang, ctx)]
    finally:
        ctx._texts = None
    ctx.previous = unit
    return found


def _complete(found: Finding, unit: Unit, lang: str, registered: Check) -> Finding:
    return replace(
        found, unit=unit.id, check=registered.name, severity=found.severity or registered.severity, lang=lang
    )


# --------------------------------------------------------------------------- helpers for checks


def texts(unit: Unit, lang: str, ctx: QaContext | None = None) -> tuple[str, str] | None:
    """Return (source, target) plain texts, or None when the unit has no non-empty target. With
    ``ctx``, the unit's checks share the texts ``check_unit`` worked out once."""
    if ctx is not None and (known := ctx._texts) is not None and known[0] is unit and known[1] == lang:
        return known[2]
    target = unit.target(lang)
    if target is None:
        return None
    text = target.text
    if not text or text.isspace():  # the same as `not text.strip()`, without the copy
        return None
    return unit.source.text, text


def quote(text: str, limit: int = 60) -> str:
    """Quote ``text`` for a message, shortened to ``limit`` characters."""
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return f"“{text}”"


# Importing the topic modules registers their checks (order = order of `tm qa --list`).
from tm.qa import (  # noqa: E402,F401
    completeness,
    consistency,
    glossary,
    numbers,
    punctuation,
    repetition,
    script,
    stale,
    style,
    whitespace,
)
