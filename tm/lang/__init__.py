"""What tm knows of each language, one package per language, and language-aware casing.

``language(tag)`` returns the ``Language`` of a tag: ``tm/lang/<code>/__init__.py`` exposes it as
``LANGUAGE`` (``tm.lang.az.LANGUAGE``), loaded by its code on first use; a tag without a package
of its own gets the generic one (``tm/lang/generic``). A ``Language`` holds the segmentation rules
(``LangRules``), casing, number format and words, the surface forms of glossary terms, negative
verbs, plural forms, the words that may be doubled and the script its rules are written for.
Adding a language is one package: nothing outside ``tm/lang`` names a language code.

``rules_for(tag)`` returns the rules of a language with the user's lists added. Users extend the
abbreviation lists without touching code: a plain text file ``<lang>.txt`` (one abbreviation a
line, ``#`` comments; prefix a line with ``=`` for a title that never ends a sentence) in
``$TM_RULES_DIR`` or ``~/.config/tm/abbreviations/`` is read on top of the built-in lists (once
per process and value of ``$TM_RULES_DIR``), and ``LangRules.extended()`` does the same in code.

Calques (word-for-word renderings such as ``vital role`` -> ``həyati rol``) are data per language
pair the same way: the target language's rules hold the built-in ones, and a file
``<source>-<target>.calques.txt`` in ``$TM_RULES_DIR`` or ``~/.config/tm/calques/`` adds more, one
``source phrase | calque | suggestion`` a line (see ``parse_calques``).
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache, partial
from pathlib import Path

from tm.errors import TmError
from tm.lang import turkic
from tm.model import base_lang, normalize_lang

#: The scripts tm knows by ISO 15924 code, as the first word of their letters' Unicode names.
SCRIPTS = {
    "Latn": "LATIN",
    "Cyrl": "CYRILLIC",
    "Grek": "GREEK",
    "Arab": "ARABIC",
    "Hebr": "HEBREW",
    "Armn": "ARMENIAN",
    "Geor": "GEORGIAN",
    "Deva": "DEVANAGARI",
    "Thai": "THAI",
    "Hang": "HANGUL",
}


def script_of(char: str) -> str | None:
    """Return the script of a letter as Unicode names it (LATIN, CYRILLIC, GREEK...), or None."""
    if not char.isalpha():
        return None
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0] if name else None


@lru_cache(maxsize=64)
def expected_script(lang: str) -> str | None:
    """The script ``lang`` is written in as Unicode names it (``ru`` -> CYRILLIC, ``az`` -> LATIN).

    None when the language's usual script is not one of ``SCRIPTS`` (``zh``).
    """
    import langcodes

    code = langcodes.Language.get(normalize_lang(lang)).maximize().script
    return SCRIPTS.get(code or "")


def uncovered_script(lang: str) -> str | None:
    """The script ``lang`` names when tm's own rules for its language are written for another
    (``az-Cyrl`` -> ``Cyrl``: the az rules are for Latin text), else None."""
    tag = normalize_lang(lang)
    if not any(len(part) == 4 and part.isalpha() for part in tag.split("-")[1:]):
        return None  # no script subtag (four letters): nothing to compare, and no langcodes to load
    import langcodes

    script = langcodes.Language.get(tag).script
    if not script or not is_known(lang):
        return None
    return script if script != language(lang).script else None


@lru_cache(maxsize=256)
def _dotted_i(lang: str) -> bool:
    return language(lang).rules.dotted_i


def lower(text: str, lang: str) -> str:
    """Lower-case ``text`` by the rules of ``lang`` (az/tr: ``I`` -> ``ı``, ``İ`` -> ``i``)."""
    return _lower(text, _dotted_i(lang))


def upper(text: str, lang: str) -> str:
    """Upper-case ``text`` by the rules of ``lang`` (az/tr: ``i`` -> ``İ``, ``ı`` -> ``I``)."""
    return turkic.upper(text) if _dotted_i(lang) else text.upper()


def _lower(text: str, dotted_i: bool) -> str:
    return turkic.lower(text) if dotted_i else text.lower()


def fold(text: str, lang: str) -> str:
    """Case-fold ``text`` for caseless comparison in ``lang`` (``ё`` and ``е`` stay distinct)."""
    return lower(text, lang)


#: The Latin letters that label list items, in order (a) b) c)).
LATIN_LIST_LETTERS = "abcdefghijklmnopqrstuvwxyz"


@dataclass(frozen=True, slots=True)
class Calque:
    """A calque of a ``source_lang`` phrase in the target language, and what to write instead.

    ``source`` (may be empty: any source) and ``target`` are phrases whose words match caselessly;
    a word ending in ``*`` matches every word it begins (``важн*`` finds ``важную``).
    """

    source_lang: str
    source: str
    target: str
    suggestion: str

    def find(self, source: str, target: str) -> Iterator[tuple[int, int]]:
        """The spans of this calque in ``target``, when ``source`` holds the source phrase."""
        if self.source and not _phrase(self.source).search(source):
            return
        for match in _phrase(self.target).finditer(target):
            yield match.start(), match.end()


@lru_cache(maxsize=1024)
def _phrase(words: str) -> re.Pattern[str]:
    parts = [re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w) + r"\b" for w in words.split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(parts), re.IGNORECASE)


def parse_calques(source_lang: str, text: str, path: Path | None = None) -> tuple[Calque, ...]:
    """Read calque lines ``source phrase | calque | suggestion`` (``#`` comments, blank lines
    skipped; the source phrase may be empty); raise TmError naming the line of a bad one."""
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        parts = [part.strip() for part in line.split("|")]
        if len(parts) != 3 or not parts[1] or not parts[2]:
            raise TmError(
                "a calque line is 'source phrase | calque | suggestion'",
                path=path,
                line=number if path else None,
                hint="for example: vital role | həyati rol* | mühüm rol",
            )
        found.append(Calque(source_lang, *parts))
    return tuple(found)


@dataclass(frozen=True, slots=True)
class LangRules:
    """What the segmenter and checks need to know of one language.

    - ``titles``: abbreviations that never end a sentence (``Mr.``, ``проф.``, ``səh.``): they
      stand before a name or a number;
    - ``abbreviations``: abbreviations that end a sentence only when the next word is one of
      ``sentence_starters`` (``Co. They ...``), if ``abbreviations_end_sentences``;
    - all entries are stored lower case without the final dot (``u.s``, ``т.е``, ``b.e.ə``).
    """

    code: str
    #: Turkic casing: ``I`` and ``ı``, ``İ`` and ``i`` are the case pairs (az, tr).
    dotted_i: bool = False
    titles: frozenset[str] = frozenset()
    abbreviations: frozenset[str] = frozenset()
    sentence_starters: frozenset[str] = frozenset()
    abbreviations_end_sentences: bool = True
    #: Capital letters that are words of their own (English "I"); any other capital letter
    #: followed by a dot is an initial and never ends a sentence.
    letter_words: frozenset[str] = frozenset()
    #: Names that carry terminal punctuation ("Yahoo!"), lower case.
    names: frozenset[str] = frozenset()
    #: Words that negate (for fuzzy-match penalties and checks).
    negations: frozenset[str] = frozenset()
    #: Month names, January first: one regular expression per month that a whole word (any case
    #: ending included) must match, case-sensitively (``fevral\\w*``, ``January``). Dates anchor
    #: sentence alignment.
    months: tuple[str, ...] = ()
    #: Characters this language typically needs for one character of English (ru about 1.1): the
    #: alignment's prior for the length ratio of a translation.
    expansion: float = 1.0
    #: Words that carry no content (prepositions, conjunctions, pronouns, auxiliaries), lower
    #: case: a repeated phrase is a repetition of the other words.
    function_words: frozenset[str] = frozenset()
    #: False where house style does not open a sentence with a figure (Russian agency style).
    digit_may_start_sentence: bool = True
    #: Calques of other languages' phrases in this one, with suggestions (see ``Calque``).
    calques: tuple[Calque, ...] = ()
    #: The alphabets whose letters label list items ("a)", "б)", "(ç)"), lower case, each in its
    #: order, so that the label after "в" is "г".
    list_letters: tuple[str, ...] = (LATIN_LIST_LETTERS,)
    #: What other modules derive from these rules once and reuse (the segmenter's compiled
    #: patterns), by module name. Not part of equality; ``extended()`` starts an empty one.
    cache: dict[str, object] = field(default_factory=dict, init=False, compare=False, repr=False)

    def extended(self, abbreviations: Iterable[str] = (), titles: Iterable[str] = ()) -> LangRules:
        """Return these rules with more abbreviations and titles (given with or without the dot)."""
        return replace(
            self,
            abbreviations=self.abbreviations | {_key(a, self.dotted_i) for a in abbreviations},
            titles=self.titles | {_key(t, self.dotted_i) for t in titles},
        )

    def key(self, word: str) -> str:
        """The form ``word`` takes in the lists: lower case by this language, final dot removed."""
        return _key(word, self.dotted_i)

    def is_title(self, word: str) -> bool:
        """True when ``word`` (without its final dot) never ends a sentence."""
        return _key(word, self.dotted_i) in self.titles

    def is_abbreviation(self, word: str) -> bool:
        """True when ``word`` (without its final dot) is a known abbreviation."""
        return _key(word, self.dotted_i) in self.abbreviations

    def is_name(self, word: str) -> bool:
        """True when ``word`` with its punctuation is a name such as ``Yahoo!``."""
        return _lower(word, self.dotted_i) in self.names

    def starts_sentence(self, word: str) -> bool:
        """True when ``word`` usually begins a sentence (``The``, ``Он``, ``Bu``)."""
        return _lower(word, self.dotted_i) in self.sentence_starters


def _key(word: str, dotted_i: bool) -> str:
    return _lower(word.strip().rstrip("."), dotted_i)


def make_rules(
    code: str,
    *,
    dotted_i: bool = False,
    titles: str = "",
    abbreviations: str = "",
    sentence_starters: str = "",
    function_words: str = "",
    **options: object,
) -> LangRules:
    """Build rules from whitespace-separated word lists (the form the language packages use)."""
    return LangRules(
        code=code,
        dotted_i=dotted_i,
        titles=frozenset(_key(w, dotted_i) for w in titles.split()),
        abbreviations=frozenset(_key(w, dotted_i) for w in abbreviations.split()),
        sentence_starters=frozenset(_lower(w, dotted_i) for w in sentence_starters.split()),
        function_words=frozenset(_lower(w, dotted_i) for w in function_words.split()),
        **options,  # type: ignore[arg-type]
    )


#: NBSP, narrow NBSP and thin space: thousands separators in every language.
NUMBER_SPACES = "\u00a0\u202f\u2009"


@dataclass(frozen=True, slots=True)
class NumberFormat:
    """How a language writes numbers.

    ``group`` holds the thousands separators (NBSP and narrow NBSP are accepted everywhere),
    ``decimal`` the decimal marks; a mark in both is a group mark before exactly three digits.
    ``ordinal`` is a regex for what follows the digits of an ordinal (``st``, ``-ci``, ``-й``);
    ``suffix`` for a case ending written after a hyphen (``26-da``, ``31-летие``), which keeps the
    number a cardinal. ``percent_prefix`` accepts ``%5``.
    """

    group: str
    decimal: str
    ordinal: str
    suffix: str = ""
    percent_prefix: bool = False
    year_words: str = ""


@dataclass(frozen=True, slots=True)
class NumberWords:
    """How a language writes numbers in words (``seven thousand``, ``yeddi min``, ``семь тысяч``).

    ``words`` maps each number word, lower case, to its value; ``multipliers`` the words that
    multiply digits before them (``7 тыс.``, ``1,5 million``), of which ``dotted`` keep the dot
    that follows them. The ``suffixed`` multipliers also count with one of ``endings``
    (az ``minlik``, ``mindən``). ``joiner`` is a word allowed between number words (en ``and``);
    ``hyphenated`` reads ``twenty-one``.
    """

    words: Mapping[str, int] = field(default_factory=dict)
    multipliers: Mapping[str, int] = field(default_factory=dict)
    dotted: frozenset[str] = frozenset()
    suffixed: tuple[str, ...] = ()
    endings: frozenset[str] = frozenset()
    joiner: str = ""
    hyphenated: bool = False


#: A term's accepted forms: ``term_forms(words, entry_type)`` gives, for each word of a glossary
#: term, the set of its forms a text word may take, folded (see ``tm.glossary.recognize``).
TermForms = Callable[[list[str], str], list[frozenset[str]]]
#: The forms of a term's first word alone: ``start_forms(words, entry_type) == term_forms(words,
#: entry_type)[0]``, without inflecting the other words (a large glossary's stored index needs only these).
StartForms = Callable[[list[str], str], frozenset[str]]


@dataclass(frozen=True, slots=True)
class Language:
    """Everything tm knows of one language (``language(tag)`` returns it).

    - ``rules``: segmentation, casing and word lists (``LangRules``);
    - ``script``: the ISO 15924 script its rules are written for (``Latn``, ``Cyrl``);
    - ``numbers``, ``number_words``: how it writes numbers in figures and in words;
    - ``term_forms``: the forms of a glossary term's words (inflection), None for as written;
      ``start_forms`` those of its first word alone, None to take them from ``term_forms``;
    - ``word_keys``: the keys two forms of one word share (lemmas, stems), None for case-folding;
    - ``negates``: True when one word is the other negated (``imzaladı``/``imzalamadı``);
    - ``spell_yo``: the ``ё`` spelling of a word written with ``е``, where the language has one;
    - ``plural_forms``: the gettext ``Plural-Forms`` header, None where tm does not know it;
    - ``repeatable``: words the language rightly doubles (``yavaş yavaş``), lower case.
    """

    rules: LangRules
    numbers: NumberFormat
    script: str | None = None
    number_words: NumberWords = NumberWords()
    term_forms: TermForms | None = None
    start_forms: StartForms | None = None
    word_keys: Callable[[str], frozenset[str]] | None = None
    negates: Callable[[str, str], bool] | None = None
    spell_yo: Callable[[str], str | None] | None = None
    plural_forms: str | None = None
    repeatable: frozenset[str] = frozenset()

    @property
    def code(self) -> str:
        return self.rules.code


def read_abbreviation_file(path: Path, rules: LangRules) -> LangRules:
    """Return ``rules`` extended by the abbreviations listed in ``path`` (see module docstring)."""
    abbreviations: list[str] = []
    titles: list[str] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise TmError(f"cannot read abbreviation list: {exc}", path=path) from exc
    for line in lines:
        entry = line.split("#", 1)[0].strip()
        if entry.startswith("="):
            titles.append(entry[1:])
        elif entry:
            abbreviations.append(entry)
    return rules.extended(abbreviations, titles)


def read_calque_file(path: Path, rules: LangRules) -> LangRules:
    """Return ``rules`` with the calques of ``path`` (``<source>-<target>.calques.txt``) added."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TmError(f"cannot read calque list: {exc}", path=path) from exc
    source_lang = path.name.split(".", 1)[0].rsplit("-", 1)[0]
    return replace(rules, calques=rules.calques + parse_calques(normalize_lang(source_lang), text, path))


def user_rules_dirs(kind: str = "abbreviations") -> list[Path]:
    """Folders searched for user lists of ``kind`` (abbreviations, calques), in order."""
    dirs = []
    if os.environ.get("TM_RULES_DIR"):
        dirs.append(Path(os.environ["TM_RULES_DIR"]))
    config = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    dirs.append(config / "tm" / kind)
    return dirs


def is_known(lang: str) -> bool:
    """True when tm has a package of its own for ``lang`` (others use the generic one)."""
    return _package(base_lang(lang)) is not None


@lru_cache(maxsize=256)
def language(lang: str) -> Language:
    """The ``Language`` of ``lang`` (any tag spelling): its package's, else the generic one."""
    code = base_lang(lang)
    found = _package(code)
    if found is not None:
        return found
    from tm.lang import generic

    return generic.language_for(code)


def known_languages() -> list[str]:
    """The codes of the languages that have a package of their own, sorted."""
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if _CODE.fullmatch(m.name) and _package(m.name))


_CODE = re.compile(r"[a-z]{2,3}")  # a language subtag, the name of its package


@lru_cache(maxsize=256)
def _package(code: str) -> Language | None:
    if not _CODE.fullmatch(code):
        return None
    name = f"{__name__}.{code}"
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name == name:
            return None
        raise
    found = getattr(module, "LANGUAGE", None)
    return found if isinstance(found, Language) else None


def rules_for(lang: str) -> LangRules:
    """Return the rules for ``lang`` (any tag spelling), with the user's abbreviation lists added."""
    return _rules_for_env(lang, _rules_dir_setting())


# $TM_RULES_DIR as the cache key of rules_for, read from the dict behind os.environ where there is
# one (CPython): os.environ.get costs ~0.7 µs, as much as segmenting a short paragraph.
try:
    _environ = os.environ._data  # type: ignore[attr-defined]
    _rules_dir_setting = partial(_environ.get, os.environ.encodekey("TM_RULES_DIR"))
except AttributeError:  # pragma: no cover - other Pythons
    _rules_dir_setting = partial(os.environ.get, "TM_RULES_DIR")


@lru_cache(maxsize=64)
def _rules_for_env(lang: str, _rules_dir: object) -> LangRules:
    return _rules_for(
        base_lang(lang),
        tuple(str(d) for d in user_rules_dirs()),
        tuple(str(d) for d in user_rules_dirs("calques")),
    )


@lru_cache(maxsize=64)
def _rules_for(code: str, dirs: tuple[str, ...], calque_dirs: tuple[str, ...] = ()) -> LangRules:
    rules = language(code).rules
    for folder in dirs:
        path = Path(folder) / f"{code}.txt"
        if path.is_file():
            rules = read_abbreviation_file(path, rules)
    for folder in calque_dirs:
        for path in sorted(Path(folder).glob(f"*-{code}.calques.txt")):
            rules = read_calque_file(path, rules)
    return rules
