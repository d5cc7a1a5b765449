"""A translation session over one document's PO file: the state machine behind ``tm translate``.

A ``Session`` holds the document's active units (PO order) and a position. Its operations move
(``next``, ``prev``, ``jump``, ``next_unfinished``, ``search``) or confirm the current unit
(``edit``, ``accept``, ``review``) and ``skip`` it. Every confirmation is saved at once: the
PO is read again from disk, the one unit's target replaced and the file written atomically as
``tm build`` writes it (``tm.project.save_translations``), so headers, comments, obsolete
entries and the other units stay as they are and a crash loses at most the unit being edited.
``open_session`` starts at the first unfinished unit (untranslated or fuzzy).

What the screen shows of a unit comes from ``Session.view()``; each side panel comes from one
small provider function that never fails for a missing resource: ``glossary_panel`` (terms of
the source with their approved forms), ``match_panel`` (the PO's own fuzzy draft and the
memory's best matches, with a word diff against the current source), ``qa_panel`` (findings of
the current target). When no glossary or memory is configured the panel is empty and carries a
one-line note saying how to get one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from tm import memory as tm_memory
from tm.config import find_project
from tm.document import Document
from tm.errors import TmError
from tm.formats import po
from tm.glossary import Glossary, default_glossary_path, find_terms, read_glossary
from tm.lang import fold
from tm.lock import project_lock
from tm.match import Match, MatchSource, lookup, lookup_context, scored
from tm.model import Context, Status, Unit, Variant, nfc, normalize_lang
from tm.project import normalize_source, save_translations
from tm.qa import QaContext, run_checks

#: How a unit stands, as the session shows and navigates it.
UNTRANSLATED, FUZZY, TRANSLATED, REVIEWED = "untranslated", "fuzzy", "translated", "reviewed"
UNFINISHED = (UNTRANSLATED, FUZZY)

#: How many matches the match panel offers (keys 1..3).
MATCH_LIMIT = 3


def unit_state(unit: Unit, lang: str) -> str:
    """``untranslated``, ``fuzzy`` (a draft or a stale target), ``translated`` or ``reviewed``."""
    target = unit.target(lang)
    if target is None or not target.content:
        return UNTRANSLATED
    if target.status is Status.DRAFT or unit.is_stale(lang):
        return FUZZY
    return REVIEWED if target.status is Status.REVIEWED else TRANSLATED


# --------------------------------------------------------------------------- panels


@dataclass(frozen=True, slots=True)
class Panel:
    """What one side panel shows: its items, or a one-line note (no glossary, no memory...)."""

    items: tuple[Any, ...] = ()
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"items": [i.to_dict() if hasattr(i, "to_dict") else i for i in self.items], "note": self.note}


@dataclass(frozen=True, slots=True)
class TermHint:
    """A glossary term found in the source: as written there, the approved target form, the
    forbidden target spellings, and whether the current target uses it (None: no target yet)."""

    surface: str
    approved: str | None
    kind: str = ""
    forbidden: tuple[str, ...] = ()
    in_target: bool | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "surface": self.surface,
            "approved": self.approved,
            "type": self.kind,
            "forbidden": list(self.forbidden),
            "in_target": self.in_target,
        }


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A translation offered for the current unit: the PO's own draft or a memory match.

    ``match`` is the ``tm.match.Match`` scoring the suggestion's source against the current
    source (score, band, explanation, and the word diff: ``=`` kept, ``-`` only in the
    suggestion's source, ``+`` only in the current source); ``origin`` says where it came from."""

    match: Match
    origin: str

    @property
    def target(self) -> str:
        return self.match.target

    def to_dict(self) -> dict[str, Any]:
        return {"origin": self.origin, **self.match.to_dict()}


def glossary_panel(unit: Unit, lang: str, source_lang: str, glossary: Glossary | None) -> Panel:
    """The glossary terms of the unit's source with their approved ``lang`` forms."""
    if glossary is None:
        return Panel(note="no glossary (give --glossary PATH or keep one .tbx in glossaries/)")
    target = unit.target(lang)
    used: set[str] | None = None
    if target is not None and target.text.strip():
        used = {
            e
            for hit in find_terms(target.text, lang, glossary)
            for e in (hit.entry.id, *hit.alternatives)
            if hit.form != "forbidden"
        }
    items = []
    seen: set[str] = set()
    for hit in find_terms(unit.source.text, source_lang, glossary):
        if hit.entry.id in seen:
            continue
        seen.add(hit.entry.id)
        approved = hit.entry.preferred(lang)
        items.append(
            TermHint(
                surface=hit.surface,
                approved=approved.text if approved else None,
                kind=hit.entry.type or "",
                forbidden=tuple(t.text for t in hit.entry.forbidden(lang)),
                in_target=None if used is None else bool({hit.entry.id, *hit.alternatives} & used),
            )
        )
    return Panel(tuple(items), "" if items else "no glossary terms in this sentence")


def draft_suggestion(unit: Unit, lang: str, source_lang: str, glossary: Glossary | None = None) -> Suggestion | None:
    """The unit's own fuzzy target as a suggestion, scored by the source it was made from (a
    stale target's ``#| msgid``), or None when the target is not a draft."""
    target = unit.target(lang)
    if target is None or not target.content or unit_state(unit, lang) != FUZZY:
        return None
    made_from = target.source_text or unit.source.text
    found = scored(unit.source.content, made_from, target.content, source_lang, glossary=glossary)
    return Suggestion(found, "PO draft")


def match_panel(
    unit: Unit,
    lang: str,
    source_lang: str,
    memory: MatchSource | None,
    glossary: Glossary | None = None,
    context: Context | None = None,
    limit: int = MATCH_LIMIT,
) -> Panel:
    """The suggestions for the unit, best first: its own fuzzy draft and the memory's matches
    (``context`` lets an exact match from the same place score 101)."""
    items = [s for s in [draft_suggestion(unit, lang, source_lang, glossary)] if s is not None]
    note = ""
    if memory is None:
        note = "no memory (give --memory PATH or import into the project's .tm/memory.db)"
    else:
        found = lookup(memory, unit.source.content, source_lang, lang, n=limit, context=context, glossary=glossary)
        items += [Suggestion(m, "memory") for m in found]
    items.sort(key=lambda s: -s.match.score)
    if not items and not note:
        note = "no matches"
    return Panel(tuple(items[:limit]), note)


def qa_panel(unit: Unit, lang: str, source_lang: str, glossary: Glossary | None, units: list[Unit]) -> Panel:
    """The QA findings of the unit's current target (nothing to check without a target)."""
    target = unit.target(lang)
    if target is None or not target.text.strip():
        return Panel(note="no target to check")
    issues = run_checks([unit], lang, QaContext(source_lang=source_lang, glossary=glossary, units=units))
    return Panel(tuple(issues), "" if issues else "no findings")


# --------------------------------------------------------------------------- resources


def load_glossary(path: str | Path | None) -> tuple[Glossary | None, str]:
    """The glossary at ``path`` (default: the project's, if it has one) and a note when none."""
    if path is None:
        try:
            path = default_glossary_path()
        except TmError as exc:
            return None, str(exc)
        if not Path(path).is_file():
            return None, ""
    return read_glossary(path), ""


def open_memory(location: str | None, server: str | None = None, token: str | None = None) -> MatchSource | None:
    """The ``tm serve`` at ``server`` (with ``token``), else the memory at ``location`` (a file or a
    database URL; it must exist), else the project's if there is one, else None."""
    if server:
        from tm.server.client import RemoteMemory

        return RemoteMemory(server, token)
    if location is None:
        location = tm_memory.default_memory_location()
        if not tm_memory.is_server_url(location) and not Path(location).is_file():
            return None
    return tm_memory.open_memory(location, create=False)


# --------------------------------------------------------------------------- the session


@dataclass(frozen=True, slots=True)
class UnitView:
    """Everything the screen shows of the current unit."""

    number: int
    total: int
    unit: Unit
    lang: str
    state: str
    prev: Unit | None
    next: Unit | None
    glossary: Panel
    matches: Panel
    qa: Panel
    counts: dict[str, int]

    @property
    def paragraph(self) -> int | None:
        return self.unit.context.paragraph if self.unit.context else None

    @property
    def target(self) -> str:
        target = self.unit.target(self.lang)
        return target.text if target is not None else ""


@dataclass(slots=True)
class Session:
    """A position over a document's units in one language, and the operations on them.

    Confirming operations (``edit``, ``accept``, ``review``) save the unit and move to the next
    one; they return False (and change nothing) when there is nothing to confirm.
    """

    document: Document
    lang: str
    units: list[Unit]
    index: int = 0
    glossary: Glossary | None = None
    memory: MatchSource | None = None
    glossary_note: str = ""
    now: Callable[[], datetime] | None = None
    #: Who translates (``translator`` in tm.toml): the PO's Last-Translator when a unit is saved.
    translator: str | None = None
    last_search: str = ""
    _matches: dict[str, Panel] = field(default_factory=dict, repr=False)

    def close(self) -> None:
        """Let go of the memory."""
        if self.memory is not None:
            self.memory.close()

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ----------------------------------------------------------------- where we are

    @property
    def current(self) -> Unit:
        return self.units[self.index]

    def state(self, index: int | None = None) -> str:
        return unit_state(self.units[self.index if index is None else index], self.lang)

    def counts(self) -> dict[str, int]:
        """How many units are untranslated, fuzzy, translated and reviewed."""
        result = dict.fromkeys((UNTRANSLATED, FUZZY, TRANSLATED, REVIEWED), 0)
        for n in range(len(self.units)):
            result[self.state(n)] += 1
        return result

    def first_unfinished(self) -> int | None:
        """The index of the first untranslated or fuzzy unit, or None when all are done."""
        return next((n for n in range(len(self.units)) if self.state(n) in UNFINISHED), None)

    def view(self) -> UnitView:
        """The current unit and its panels."""
        unit, source_lang = self.current, self.document.source_lang
        if unit.id not in self._matches:
            self._matches[unit.id] = match_panel(
                unit, self.lang, source_lang, self.memory, self.glossary, lookup_context(self.units, self.index)
            )
        matches = self._matches[unit.id]
        glossary = glossary_panel(unit, self.lang, source_lang, self.glossary)
        if self.glossary is None and self.glossary_note:
            glossary = Panel(note=self.glossary_note)
        return UnitView(
            number=self.index + 1,
            total=len(self.units),
            unit=unit,
            lang=self.lang,
            state=self.state(),
            prev=self.units[self.index - 1] if self.index else None,
            next=self.units[self.index + 1] if self.index + 1 < len(self.units) else None,
            glossary=glossary,
            matches=matches,
            qa=qa_panel(unit, self.lang, source_lang, self.glossary, self.units),
            counts=self.counts(),
        )

    # ----------------------------------------------------------------- moving

    def jump(self, number: int) -> bool:
        """Go to unit ``number`` (1-based); False when there is no such unit."""
        if not 1 <= number <= len(self.units):
            return False
        self.index = number - 1
        return True

    def next(self) -> bool:
        """Go to the next unit; False at the last one."""
        return self.jump(self.index + 2)

    def prev(self) -> bool:
        """Go back one unit; False at the first one."""
        return self.jump(self.index)

    def skip(self) -> bool:
        """Leave the current unit as it is and go to the next one."""
        return self.next()

    def next_unfinished(self) -> bool:
        """Go to the next untranslated or fuzzy unit after this one (wrapping); False when none."""
        return self._find(lambda n: self.state(n) in UNFINISHED)

    def search(self, query: str) -> bool:
        """Go to the next unit after this one (wrapping) whose source or target contains ``query``
        (caseless, Azerbaijani/Russian aware); an empty query repeats the last search."""
        query = nfc(query).strip() or self.last_search
        if not query:
            return False
        self.last_search = query
        wanted = fold(query, self.lang)

        def hit(n: int) -> bool:
            unit = self.units[n]
            target = unit.target(self.lang)
            return wanted in fold(unit.source.text, self.document.source_lang) or (
                target is not None and wanted in fold(target.text, self.lang)
            )

        return self._find(hit)

    def _find(self, wanted: Callable[[int], bool]) -> bool:
        total = len(self.units)
        for step in range(1, total + 1):
            n = (self.index + step) % total
            if wanted(n):
                self.index = n
                return True
        return False

    # ----------------------------------------------------------------- confirming

    def edit(self, text: str) -> bool:
        """Save ``text`` as the translation of the current unit and go to the next one; an empty
        text removes the translation. False (nothing saved) when the text is unchanged and the
        unit is already translated."""
        text = nfc(text).strip()
        unit = self.current
        old = unit.target(self.lang)
        if old is not None and old.text == text and self.state() in (TRANSLATED, REVIEWED):
            self.next()
            return False
        if text:
            notes = old.notes if old is not None else []
            self._save(Variant.of(self.lang, text, status=Status.TRANSLATED, notes=list(notes)))
        else:
            self._save(None)
        self.next()
        return True

    def accept(self, number: int) -> bool:
        """Save suggestion ``number`` (1-based, as the match panel lists them) as the translation
        and go to the next unit; False when there is no such suggestion."""
        items = self.view().matches.items
        if not 1 <= number <= len(items):
            return False
        return self.edit(items[number - 1].target) or True

    def review(self) -> bool:
        """Mark the current translation reviewed (approving a fuzzy one) and go to the next unit;
        False when the unit has no translation."""
        target = self.current.target(self.lang)
        if target is None or not target.content:
            return False
        self._save(replace(target, status=Status.REVIEWED, source_text=None))
        self.next()
        return True

    def _save(self, target: Variant | None) -> None:
        """Write the current unit's new target into the PO on disk, touching nothing else; the
        project lock is held for this save only, so a build may run between two saves."""
        with project_lock(self.document.folder.parent):
            unit = self.current
            path = self.document.po_path(self.lang)
            catalog = po.load(path)
            for stored in catalog.units:
                if stored.id == unit.id and po.OBSOLETE not in stored.props:
                    break
            else:
                raise TmError(
                    f"unit {unit.id} is no longer in the PO file",
                    path=path,
                    hint="the file changed outside this session; reopen it with tm translate",
                )
            if normalize_source(stored.source.text) != normalize_source(unit.source.text):
                raise TmError(
                    f"the source of unit {unit.id} changed in the PO file",
                    path=path,
                    hint="the file changed outside this session; reopen it with tm translate",
                )
            stored.targets = {} if target is None else {catalog.lang or self.lang: target}
            save_translations(
                self.document,
                self.lang,
                catalog.units,
                now=self.now() if self.now else None,
                translator=self.translator,
            )
            unit.targets = dict(stored.targets)
            self._matches.pop(unit.id, None)  # its own draft may be gone


def open_session(
    document: Document,
    lang: str,
    *,
    glossary: str | Path | None = None,
    memory: str | Path | None = None,
    server: str | None = None,
    token: str | None = None,
) -> Session:
    """Open ``document``'s PO for ``lang`` at its first unfinished unit (the first unit when
    every unit is done), with the glossary and memory at hand (the project's by default; the
    ``tm serve`` at ``server``, reached with ``token``, instead of a memory when given)."""
    lang = normalize_lang(lang)
    path = document.po_path(lang)
    if not path.is_file():
        raise TmError(
            f"{document.name} has no {lang} PO file", path=path, hint=f"create it with: tm build --lang {lang}"
        )
    units = [u for u in po.load(path).units if po.OBSOLETE not in u.props]
    if not units:
        raise TmError("the PO file has no units to translate", path=path)
    found_glossary, glossary_note = load_glossary(glossary)
    project = find_project(document.folder)
    session = Session(
        document,
        lang,
        units,
        glossary=found_glossary,
        memory=open_memory(None if memory is None else str(memory), server, token),
        glossary_note=glossary_note,
        translator=project.translator if project else None,
    )
    session.index = session.first_unfinished() or 0
    return session
