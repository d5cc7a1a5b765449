"""Score translations against reference translations with sacrebleu: BLEU, chrF++ and TER.

``read_segments(path, lang)`` reads the translations of a PO, TMX or XLIFF file (by unit id) or of
a plain text file (one segment a line, blank lines skipped, by position). ``score(hyp, ref)`` pairs the two sets — by
unit id when both carry ids, else by line position — and returns corpus scores with sacrebleu's
signatures, a chrF++ score per unit, and the units found on one side only (never dropped silently).

Tokenisation: sacrebleu's default ``13a`` tokenizer for every language; it splits punctuation
from words and leaves letters alone, so it serves Azerbaijani (Latin) and Russian as it serves
English. chrF++ works on characters and needs none. The tokenizer is part of the BLEU signature.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sacrebleu.metrics import BLEU, CHRF, TER

from tm.errors import TmError
from tm.fileio import read_text
from tm.model import Unit, normalize_lang

__all__ = ["PLAIN_TEXT_SUFFIXES", "ScoreReport", "Segment", "UnitScore", "read_segments", "score", "score_files"]

#: Files read as plain text, one segment a line (anything else goes through tm.formats).
PLAIN_TEXT_SUFFIXES = frozenset({".txt", ".text", ""})


@dataclass(frozen=True, slots=True)
class Segment:
    """One translation to score: the unit id (the line number for plain text) and its text."""

    id: str
    text: str


@dataclass(frozen=True, slots=True)
class Segments:
    """The translations of one file, and whether their ids are real unit ids (not positions)."""

    items: tuple[Segment, ...]
    has_ids: bool
    path: str = ""


def read_segments(path: str | Path, lang: str | None = None) -> Segments:
    """Read the translations in ``lang`` of a PO/TMX/XLIFF file, or the lines of a plain text file.

    For a translation file without ``lang``, the file must hold exactly one target language.
    """
    path = Path(path)
    if str(path) == "-" or path.suffix.lower() in PLAIN_TEXT_SUFFIXES:
        lines = [line.strip() for line in read_text(path).splitlines()]
        return Segments(tuple(Segment(str(n), line) for n, line in enumerate(filter(None, lines), 1)), False, str(path))
    from tm import formats

    units = list(formats.read(path))
    return Segments(tuple(_unit_segments(units, lang, path)), True, str(path))


def _unit_segments(units: Sequence[Unit], lang: str | None, path: Path) -> list[Segment]:
    if lang is None:
        langs = {normalize_lang(key) for unit in units for key in unit.targets}
        if len(langs) > 1:
            raise TmError(
                f"the file holds several target languages ({', '.join(sorted(langs))})",
                path=path,
                hint="choose one with --lang",
            )
        lang = next(iter(langs), None)
    segments = []
    for unit in units:
        target = unit.target(lang) if lang else None
        segments.append(Segment(unit.id, target.text if target is not None else ""))
    return segments


@dataclass(frozen=True, slots=True)
class UnitScore:
    """The chrF++ of one unit, with its hypothesis and reference."""

    id: str
    chrf: float
    hypothesis: str
    reference: str

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "chrf": round(self.chrf, 2), "hypothesis": self.hypothesis, "reference": self.reference}


@dataclass(slots=True)
class ScoreReport:
    """Corpus scores with their signatures, per-unit chrF++, and what could not be paired.

    ``matched_by`` is ``id`` or ``position``; ``missing`` lists reference units without a
    hypothesis, ``extra`` hypothesis units without a reference, ``empty_reference`` pairs whose
    reference is empty (left out of the scores).
    """

    bleu: float
    chrf: float
    ter: float
    signatures: dict[str, str]
    matched_by: str
    units: list[UnitScore]
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    empty_reference: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """True when every unit of either side was paired and scored."""
        return not (self.missing or self.extra or self.empty_reference)

    def unpaired(self) -> list[str]:
        """One line for each kind of unit left out of the scores (empty when all were scored)."""
        lines = []
        for ids, what in (
            (self.missing, "reference unit(s) without a hypothesis"),
            (self.extra, "hypothesis unit(s) without a reference"),
            (self.empty_reference, "unit(s) with an empty reference, not scored"),
        ):
            if ids:
                lines.append(f"{len(ids)} {what}: {', '.join(ids[:10])}{' ...' if len(ids) > 10 else ''}")
        return lines

    def worst(self, n: int) -> list[UnitScore]:
        """The ``n`` units with the lowest chrF++, worst first (ties in file order)."""
        return sorted(self.units, key=lambda u: u.chrf)[:n]

    def to_dict(self, worst: int | None = None) -> dict[str, Any]:
        return {
            "bleu": round(self.bleu, 2),
            "chrf": round(self.chrf, 2),
            "ter": round(self.ter, 2),
            "signatures": self.signatures,
            "matched_by": self.matched_by,
            "scored": len(self.units),
            "missing": self.missing,
            "extra": self.extra,
            "empty_reference": self.empty_reference,
            "units": [u.to_dict() for u in (self.worst(worst) if worst is not None else self.units)],
        }


def score(hypotheses: Segments, references: Segments, tokenize: str = "13a") -> ScoreReport:
    """Pair ``hypotheses`` with ``references`` and score them (see the module docstring).

    Raises TmError when no pair can be scored.
    """
    by_id = hypotheses.has_ids and references.has_ids
    hyp_items, ref_items = (
        (hypotheses.items, references.items) if by_id else (_by_position(hypotheses), _by_position(references))
    )
    hyp = {s.id: s.text for s in hyp_items}
    pairs, missing, empty = [], [], []
    for ref in ref_items:
        if ref.id not in hyp:
            missing.append(ref.id)
        elif not ref.text.strip():
            empty.append(ref.id)
        else:
            pairs.append((ref.id, hyp[ref.id], ref.text))
    ref_ids = {s.id for s in ref_items}
    extra = [s.id for s in hyp_items if s.id not in ref_ids]
    if not pairs:
        raise TmError(
            "no unit of the hypothesis pairs with a non-empty reference",
            path=hypotheses.path or None,
            hint="are both files translations of the same document, in the same language?",
        )
    bleu, chrf, ter = BLEU(tokenize=tokenize), CHRF(word_order=2), TER()
    hyps, refs = [p[1] for p in pairs], [[p[2] for p in pairs]]
    units = [UnitScore(uid, chrf.sentence_score(h, [r]).score, h, r) for uid, h, r in pairs]
    corpus = [metric.corpus_score(hyps, refs).score for metric in (bleu, chrf, ter)]
    # A signature is known only once its metric has scored (it records the reference count).
    return ScoreReport(
        bleu=corpus[0],
        chrf=corpus[1],
        ter=corpus[2],
        signatures={
            "bleu": str(bleu.get_signature()),
            "chrf": str(chrf.get_signature()),
            "ter": str(ter.get_signature()),
        },
        matched_by="id" if by_id else "position",
        units=units,
        missing=missing,
        extra=extra,
        empty_reference=empty,
    )


def _by_position(segments: Segments) -> tuple[Segment, ...]:
    """The segments keyed by their position (``1``, ``2``...), for files paired line by line."""
    return tuple(Segment(str(n), s.text) for n, s in enumerate(segments.items, 1))


def score_files(
    hypothesis: str | Path, reference: str | Path, lang: str | None = None, tokenize: str = "13a"
) -> ScoreReport:
    """Read two files of translations of the same units (``lang`` picks the target) and score them."""
    lang = normalize_lang(lang) if lang else None
    return score(read_segments(hypothesis, lang), read_segments(reference, lang), tokenize)
