"""Quality checks on translations: a registry of small check functions and ``run_checks``.

A check is a pure function ``(unit, lang, ctx) -> Iterable[Finding]`` registered with
``@check("numbers", severity="error")``; it looks at the unit's source and its target in ``lang``
and yields findings (``tm.model.Finding``: a message, a span in the target, optionally its own
severity), which ``run_checks`` completes with the unit, check, language and severity.
The first line of its docstring says what it catches, with one example (``tm qa --list`` prints
it). ``when`` limits a check to the languages whose ``tm.lang.Language`` it accepts (the ё policy
to a language with a ё spelling); ``None`` means all. No check names a language code.

Cross-unit checks (consistency) use the same signature: ``ctx.units`` holds the whole set being
checked (a document or a memory), and ``ctx.cached(key, compute)`` builds an index over it once
(checks also use it to share work, such as the glossary terms found in a text).

The checks live in one module per topic (glossary, numbers, punctuation, completeness,
consistency, repetition, script, style, whitespace, stale); importing this package registers them
all.
"""

from __future__ import annotations

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
    "Severity",
    "YO_POLICIES",
    "check",
    "checks_for",
    "run_checks",
]

#: The spellings of Russian ``ё`` a project may choose (``QaContext.yo``).
YO_POLICIES = ("ё", "е")


@dataclass(slots=True)
class QaContext:
    """What checks may consult besides the unit: the source language, glossary, the whole set,
    and the project's style choices (``yo``: ``ё`` or ``е`` for Russian, None = no policy)."""

    source_lang: str = "en"
    glossary: Any = None
    units: Sequence[Unit] = ()
    yo: str | None = None
    _cache: dict[Hashable, Any] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        if self.yo is not None and self.yo not in YO_POLICIES:
            from tm.errors import TmError

            raise TmError(f"unknown ё policy {self.yo!r}", hint="use ё (write ё) or е (write е for ё)")

    def cached(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """Return ``compute()``, computed once per context under ``key``."""
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]


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
    units: Sequence[Unit],
    lang: str,
    ctx: QaContext | None = None,
    only: Iterable[str] | None = None,
    skip: Iterable[str] = (),
) -> list[Finding]:
    """Run the checks enabled for ``lang`` on every unit; return their findings in unit order.

    ``ctx.units`` defaults to ``units`` so cross-unit checks see the whole set.
    """
    if ctx is None:
        ctx = QaContext(source_lang=units[0].source.lang if units else "en")
    if not ctx.units:
        ctx.units = units
    enabled = checks_for(lang, only, skip)
    issues: list[Finding] = []
    for unit in units:
        for registered in enabled:
            for found in registered.func(unit, lang, ctx):
                issues.append(_complete(found, unit, lang, registered))
    return issues


def _complete(found: Finding, unit: Unit, lang: str, registered: Check) -> Finding:
    return replace(
        found, unit=unit.id, check=registered.name, severity=found.severity or registered.severity, lang=lang
    )


# --------------------------------------------------------------------------- helpers for checks


def texts(unit: Unit, lang: str) -> tuple[str, str] | None:
    """Return (source, target) plain texts, or None when the unit has no non-empty target."""
    target = unit.target(lang)
    if target is None or not target.text.strip():
        return None
    return unit.source.text, target.text


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
