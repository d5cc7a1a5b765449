"""What every backend does the same way, on top of its own import, word index and language list."""

from __future__ import annotations

import getpass
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Self

from tm.memory import importer, retrieval
from tm.memory.contract import Candidate, ImportSummary, Progress
from tm.memory.importer import BATCH_SIZE
from tm.memory.retrieval import Postings, matching
from tm.model import Origin, Unit

#: What ``Memory.history`` tells of each earlier version: a column of the history table each.
HISTORY = ("lang", "text", "status", "created", "changed", "replaced", "replaced_by")


def current_writer() -> str | None:
    """Who the memory records as writing: ``$TM_USER``, else the ``translator`` of the project
    around the current folder, else the login name (None when the system knows none)."""
    if os.environ.get("TM_USER"):
        return os.environ["TM_USER"]
    from tm.config import find_project

    project = find_project()
    if project is not None and project.translator:
        return project.translator
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no $USER and no entry in the password database (some containers)
        return None


class Backend:
    """The shared half of a memory backend: imports through ``tm.memory.importer``, lookups through
    ``tm.memory.retrieval``. A backend writes batches (``_import``), answers retrieval's questions
    (``_postings``) and lists its languages (``_read_languages``)."""

    _langs: list[str] | None = None
    #: The tags of ``_langs`` matching each language asked for (``_matching``).
    _matched: tuple[list[str] | None, dict[str, list[str]]] = (None, {})
    #: Who the writes through this memory are recorded as (``current_writer`` when it was opened).
    who: str | None = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        raise NotImplementedError

    def prime(self) -> None:
        """Nothing to read ahead (``Memory.prime``): a backend that keeps no state for lookups."""

    def import_file(
        self,
        path: str | Path,
        *,
        origin: Origin | None = Origin.IMPORTED,
        progress: Progress | None = None,
        batch_size: int = BATCH_SIZE,
        parallel: bool | None = None,
        format: str | None = None,
        source_lang: str | None = None,
        target_lang: str | None = None,
    ) -> ImportSummary:
        """Stream ``path`` (TMX, PO, XLIFF, or a tab-separated ``.tsv``) into the memory; see ``import_units``.

        ``format`` names the format where extension and content do not tell. ``source_lang`` is
        the source language of a TMX that does not say it and of a TSV; ``target_lang`` the
        language of a PO without a Language header and the target of a TSV (a TSV whose first
        line names its two languages, ``en<TAB>az``, needs neither). With ``parallel`` (by
        default for files over 8 MB) a second process reads and converts the file while this one
        writes, so an import uses two cores.
        """
        read_options = {"format": format, "source_lang": source_lang, "target_lang": target_lang}
        return self._import(importer.batches_of_file(path, read_options, origin, batch_size, parallel), progress)

    def import_units(
        self,
        units: Iterable[Unit],
        *,
        origin: Origin | None = None,
        progress: Progress | None = None,
        batch_size: int = BATCH_SIZE,
    ) -> ImportSummary:
        """Add or update ``units``, one transaction per ``batch_size`` units; return what it did.

        A unit already in the memory unchanged is skipped; one whose targets or metadata changed is
        updated (replaced target texts go to the history). ``origin`` is recorded for units that do
        not say where they came from. If ``units`` raises (a broken file), the batch in flight is
        rolled back and a TmError names the file and line and says what was imported before.
        ``progress`` is called with the summary so far after each batch.
        """
        return self._import(importer.batches(units, origin, batch_size), progress)

    def languages(self) -> list[str]:
        """The language tags present in the memory."""
        if self._langs is None:
            self._langs = self._read_languages()
        return self._langs

    def candidates(
        self,
        text: str,
        src_lang: str,
        tgt_lang: str,
        limit: int = 30,
        *,
        budget: int = 5000,
        pool_size: int = 100,
        retry_below: float = 0.75,
    ) -> list[Candidate]:
        """The ``limit`` units most similar to ``text``: see ``tm.memory.retrieval.candidates``."""
        return retrieval.candidates(
            self._postings(), text, self._matching(src_lang), self._matching(tgt_lang), src_lang, limit,
            budget=budget, pool_size=pool_size, retry_below=retry_below,
        )  # fmt: skip

    def _matching(self, lang: str) -> list[str]:
        """``matching(self.languages(), lang)``, worked out once for each list of languages (comparing
        tags through langcodes cost a lookup ~20 µs)."""
        languages = self.languages()
        if self._matched[0] is not languages:
            self._matched = (languages, {})
        found = self._matched[1].get(lang)
        if found is None:
            found = self._matched[1][lang] = matching(languages, lang)
        return found

    def _import(self, batches: Iterator[importer.Batch], progress: Progress | None) -> ImportSummary:
        raise NotImplementedError

    def _postings(self) -> Postings:
        raise NotImplementedError

    def _read_languages(self) -> list[str]:
        raise NotImplementedError
