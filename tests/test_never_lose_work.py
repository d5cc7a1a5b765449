"""Never lose work, as a stateful property: random sequences of the commands that write a
document's files, over a small project, checked after every step.

The project: a short English note (``segments/note``) with az and ru targets, a small glossary
(``glossaries/note.tbx``) and a small memory. The steps: ``tm build`` (all languages or one),
``tm pretranslate``, ``tm import --doc`` of an exported XLIFF or PO (changed or not),
translate-session saves (``tm.session``), ``tm glossary add/remove`` and edits of the source.
The CLI runs in-process through ``CliRunner``.

After every step:
- no translation is lost or altered that the step was not meant to alter: exactly (text,
  status, previous source) while the source is unchanged, as a multiset of texts (obsolete
  entries included) once the source has changed;
- every PO entry keeps its glossary hints, and a build writes the glossary's hints;
- the TMX holds every language's finished translations;
- the header fields a translator set stay, ``PO-Revision-Date`` moves only with an edit;
- a file whose bytes did not change kept its date, and a step with nothing to do changed nothing.
"""

from __future__ import annotations

import atexit
import functools
import json
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import polib
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, rule
from typer.testing import CliRunner

from tm import builder, merge
from tm import document as documents
from tm.cli.app import app
from tm.formats import po, tmx, xliff
from tm.glossary import Entry, Glossary, Term, read_glossary, write_glossary
from tm.memory import open_memory
from tm.model import Status, Unit, Variant, base_lang
from tm.session import open_session

DOC = "note"
LANGS = ("az", "ru")
PARAGRAPHS = [
    ["Lankaran is a city on the Caspian coast.", "Its fortress was built long ago."],
    ["Every spring, tea is picked near Astara.", "Visitors from Baku come by train.", "The train is slow."],
]
#: Sentences an edit may insert, and the small rewordings it may make.
EXTRA = ["A new bridge crosses the river at Lankaran.", "Astara lies close to the border.", "The train is slow."]
REWORD = {"city": "town", "spring": "autumn", "slow": "quite slow", "Baku": "Ganja"}
TEXTS = {
    "az": ["Lənkəran Xəzər sahilində şəhərdir.", "Çay Astara yaxınlığında yığılır.", "Qatar yavaşdır."],
    "ru": ["Ленкорань стоит на берегу Каспия.", "Чай собирают у Астары.", "Поезд идёт медленно."],
}
ENTRIES = {
    "lankaran": ("Lankaran", "Lənkəran", "Ленкорань"),
    "astara": ("Astara", "Astara", "Астара"),
    "baku": ("Baku", "Bakı", "Баку"),
    "caspian": ("Caspian", "Xəzər", "Каспий"),
}
HEADER = {"Last-Translator": "A Translator <translator@example.org>", "X-Test-Kept": "yes"}

runner = CliRunner()


def entry(entry_id: str) -> Entry:
    en, az, ru = ENTRIES[entry_id]
    return Entry(entry_id, type="place", terms={"en": [Term(en)], "az": [Term(az)], "ru": [Term(ru)]})


def write_source(folder: Path, paragraphs: list[list[str]]) -> None:
    """Write the source text, as an editor does: only when it changes."""
    text = "\n\n".join(" ".join(p) for p in paragraphs) + "\n"
    path = folder / "en.txt"
    if not path.exists() or path.read_text("utf-8") != text:
        path.write_text(text, "utf-8")


def tm(*args: str | Path) -> str:
    """Run ``tm ARGS`` in-process; fail the test with its output unless it exits 0."""
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, f"tm {' '.join(map(str, args))} exited {result.exit_code}:\n{result.output}"
    return result.stdout


@functools.cache
def template() -> Path:
    """The project every example starts from, made once: built with the glossary's hints, a few
    units translated in each language, the translator's header fields set, and built again."""
    base = Path(tempfile.mkdtemp(prefix="tm-never-lose-"))
    atexit.register(shutil.rmtree, base, True)
    folder = base / "segments" / DOC
    folder.mkdir(parents=True)
    (folder / "document.toml").write_text('source = "en.txt"\nsource_lang = "en"\ntargets = ["az", "ru"]\n', "utf-8")
    write_source(folder, PARAGRAPHS)
    (base / "tm.toml").write_text('source_lang = "en"\ntargets = ["az", "ru"]\n', "utf-8")  # makes it a project
    (base / "glossaries").mkdir()
    write_glossary(Glossary.of([entry("lankaran"), entry("astara")]), base / "glossaries" / f"{DOC}.tbx")
    tm("build", "--root", base / "segments")
    document = documents.open_document(DOC, base / "segments")
    for lang in LANGS:
        path = document.po_path(lang)
        catalog = po.load(path)
        catalog.units[0].targets = {lang: Variant.of(lang, TEXTS[lang][0])}
        catalog.units[2].targets = {lang: Variant.of(lang, TEXTS[lang][1], status=Status.DRAFT)}
        builder.save_translations(document, lang, catalog.units)
        raw = polib.pofile(str(path))
        raw.metadata.update(HEADER)
        raw.save()
    tm("build", "--root", base / "segments")
    sources = [s for p in PARAGRAPHS for s in p]
    with open_memory(str(base / "memory.db")) as memory:
        memory.import_units(
            [
                Unit(f"m{n}", Variant.of("en", text), {lang: Variant.of(lang, f"{lang} memory {n}.") for lang in LANGS})
                for n, text in enumerate([sources[1], sources[4], sources[3].replace("Baku", "Ganja")])
            ]
        )
    return base


@dataclass(frozen=True)
class Target:
    """One PO entry's translation, as the checks compare it."""

    text: str
    status: Status
    previous: str | None
    obsolete: bool


@dataclass
class State:
    """What the checks read from the project's files."""

    files: dict[str, tuple[bytes, int]]
    targets: dict[str, dict[str, Target]]
    notes: dict[str, dict[str, list[str]]]
    sources: dict[str, dict[str, str]]
    headers: dict[str, dict[str, str]]
    tmx: dict[str, dict[str, str]]


class NeverLoseWork(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.base = Path(tempfile.mkdtemp(prefix="tm-never-lose-"))
        shutil.copytree(template(), self.base, dirs_exist_ok=True)
        self.root = self.base / "segments"
        self.folder = self.root / DOC
        self.glossary_path = self.base / "glossaries" / f"{DOC}.tbx"
        self.paragraphs = [list(p) for p in PARAGRAPHS]
        #: Languages whose PO was written before the latest source edit.
        self.dirty: set[str] = set()
        #: Languages whose PO holds the current glossary's hints for every sentence.
        self.hinted: set[str] = set(LANGS)
        #: The TMX reflects the PO files (no session save since it was written).
        self.tmx_synced = True

    def teardown(self) -> None:
        shutil.rmtree(self.base, ignore_errors=True)

    # ----------------------------------------------------------------- reading

    def document(self) -> documents.Document:
        return documents.open_document(DOC, self.root)

    def read(self) -> State:
        files = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(self.folder.iterdir()) if p.is_file()}
        files |= {
            f"glossaries/{p.name}": (p.read_bytes(), p.stat().st_mtime_ns) for p in self.glossary_path.parent.iterdir()
        }
        state = State(files, {}, {}, {}, {}, {})
        for lang in LANGS:
            catalog = po.load(self.folder / f"{lang}.po")
            state.headers[lang] = dict(catalog.metadata)
            state.targets[lang] = {}
            state.notes[lang] = {}
            state.sources[lang] = {}
            for unit in catalog.units:
                obsolete = po.OBSOLETE in unit.props
                key = unit.id + ("~" if obsolete else "")
                target = unit.target(lang)
                if target is not None and target.content:
                    state.targets[lang][key] = Target(target.text, target.status, target.source_text, obsolete)
                if not obsolete:
                    state.notes[lang][unit.id] = list(unit.notes)
                    state.sources[lang][unit.id] = unit.source.text
            state.tmx[lang] = {}
        for unit in tmx.read(self.folder / f"{DOC}.tmx"):
            for lang, target in unit.targets.items():
                state.tmx[base_lang(lang)][unit.id] = target.text
        return state

    # ----------------------------------------------------------------- checking

    def check(
        self,
        before: State,
        after: State,
        *,
        was_dirty: set[str],
        replanned: set[str] = frozenset(),
        edited: dict[tuple[str, str], str | None] | None = None,
        replaced: Counter[str] | None = None,
        filled: set[str] = frozenset(),
        may_write: set[str] | None = None,
        noop: bool = False,
    ) -> None:
        """The checks after a step (the machine's flags already say how things stand after it).

        ``was_dirty``: the languages whose PO predates the source before the step. ``replanned``:
        the languages whose PO the step rewrote from the source (build, import, pretranslate).
        ``edited``: (lang, unit id) -> the text the step gave that unit (None: removed), and
        ``replaced`` the texts it replaced. ``filled``: languages where the step filled empty
        targets (pretranslate). ``may_write``: the only files the step may change (None: any).
        ``noop``: nothing may change.
        """
        edited = edited or {}
        for name, (data, mtime) in before.files.items():
            if name in after.files and after.files[name][0] == data:
                assert after.files[name][1] == mtime, f"{name}: same bytes, new date"
        changed = {name for name in after.files if before.files.get(name, (None,))[0] != after.files[name][0]}
        if noop:
            assert not changed, f"a step with nothing to do changed {sorted(changed)}"
        if may_write is not None:
            assert changed <= may_write, f"the step changed {sorted(changed - may_write)}"
        for lang in LANGS:
            mine = {uid: text for (code, uid), text in edited.items() if code == lang}
            if lang in replanned and lang in was_dirty:
                self.check_moved_translations(lang, before, after, mine, replaced or Counter())
            else:
                self.check_kept_translations(lang, before, after, mine, lang in filled)
            self.check_hints(lang, before, after)
            for field, value in HEADER.items():
                assert after.headers[lang].get(field) == value, f"{lang}.po lost its header field {field}"
            if not (mine or lang in filled):
                revised = (before.headers[lang]["PO-Revision-Date"], after.headers[lang]["PO-Revision-Date"])
                assert revised[0] == revised[1], f"{lang}.po: PO-Revision-Date moved without an edit: {revised}"
        if f"{DOC}.tmx" in changed or self.tmx_synced:
            for lang in set(LANGS) - self.dirty:
                finished = {
                    uid: t.text
                    for uid, t in after.targets[lang].items()
                    if not t.obsolete and t.status in (Status.TRANSLATED, Status.REVIEWED) and t.previous is None
                }
                assert after.tmx[lang] == finished, f"the TMX does not hold the {lang} translations"

    def check_kept_translations(
        self, lang: str, before: State, after: State, mine: dict[str, str | None], filled: bool
    ) -> None:
        """Every translation is as it was (text, status, previous source), but the edited ones."""
        for uid, text in mine.items():
            got = after.targets[lang].get(uid)
            assert (got.text if got else None) == text, f"{lang} {uid}: the edit did not land"
        for uid, old in before.targets[lang].items():
            if uid not in mine:
                assert after.targets[lang].get(uid) == old, f"{lang} {uid}: {old} became {after.targets[lang].get(uid)}"
        for uid, new in after.targets[lang].items():
            if uid not in before.targets[lang] and uid not in mine:
                assert filled and not new.obsolete, f"{lang} {uid}: a translation appeared: {new}"

    def check_moved_translations(
        self, lang: str, before: State, after: State, mine: dict[str, str | None], replaced: Counter[str]
    ) -> None:
        """The source changed: translations move (fuzzy, obsolete) but none disappears."""
        old = Counter(t.text for t in before.targets[lang].values()) - replaced
        new = Counter(t.text for t in after.targets[lang].values())
        assert not old - new, f"{lang}: translations lost: {sorted((old - new).elements())}"
        for uid, text in mine.items():
            got = after.targets[lang].get(uid)
            assert (got.text if got else None) == text, f"{lang} {uid}: the edit did not land"

    def check_hints(self, lang: str, before: State, after: State) -> None:
        """A PO that a build wrote since the last glossary or source change holds the glossary's
        hints; otherwise every entry keeps the hints it had."""
        if lang in self.hinted:
            expected = merge.glossary_hints(read_glossary(self.glossary_path), "en")
            for uid, notes in after.notes[lang].items():
                assert notes == list(expected(after.sources[lang][uid], lang)), f"{lang} {uid}: hints {notes}"
            return
        for uid, notes in before.notes[lang].items():
            if uid in after.notes[lang]:
                assert after.notes[lang][uid] == notes, f"{lang} {uid}: hints {notes} became {after.notes[lang][uid]}"

    @property
    def clean(self) -> bool:
        """Every file is as a full build would leave it."""
        return not self.dirty and self.tmx_synced and self.hinted == set(LANGS)

    # ----------------------------------------------------------------- steps

    def replanned(self, langs: set[str]) -> set[str]:
        """Note that the PO files of ``langs`` were rewritten from the current source (so was the
        TMX); return the languages that were out of date before."""
        was_dirty = set(self.dirty)
        self.hinted -= langs & was_dirty  # new sentences get their hints from the next build
        self.dirty -= langs
        self.tmx_synced = True
        return was_dirty

    @rule(lang=st.sampled_from([None, *LANGS]))
    def build(self, lang: str | None) -> None:
        langs = set(LANGS) if lang is None else {lang}
        was_clean = self.clean
        before = self.read()
        tm("build", "--root", self.root, *(["--lang", lang] if lang else []))
        was_dirty = self.replanned(langs)
        self.hinted |= langs
        self.check(before, self.read(), was_dirty=was_dirty, replanned=langs, noop=was_clean)

    @rule(lang=st.sampled_from(LANGS))
    def pretranslate(self, lang: str) -> None:
        was_clean = self.clean
        before = self.read()
        out = tm("pretranslate", DOC, "--lang", lang, "--root", self.root, "--memory", self.base / "memory.db",
                 "--format", "json")  # fmt: skip
        filled = json.loads(out)["exact"] + json.loads(out)["fuzzy"]
        was_dirty = self.replanned({lang})
        self.check(before, self.read(), was_dirty=was_dirty, replanned={lang}, filled={lang} if filled else set(),
                   noop=was_clean and not filled)  # fmt: skip

    @rule(fmt=st.sampled_from(["xliff", "po"]), lang=st.sampled_from(LANGS), number=st.integers(0, 9),
          text=st.sampled_from([None, 0, 1, 2]))  # fmt: skip
    def import_job(self, fmt: str, lang: str, number: int, text: int | None) -> None:
        was_clean = self.clean
        before = self.read()
        jobs = self.base / "jobs"
        shutil.rmtree(jobs, ignore_errors=True)
        tm("export", DOC, "--format", fmt, "--lang", lang, "-o", jobs, "--root", self.root)
        (job,) = jobs.iterdir()
        edited, replaced = {}, Counter[str]()
        if text is not None:
            module = xliff if fmt == "xliff" else po
            # A translator edits the live units: a PO job's obsolete entries are comments to CAT tools.
            units = list(module.read(job))
            live = [unit for unit in units if po.OBSOLETE not in unit.props]
            unit = live[number % len(live)]
            old = unit.target(lang)
            replaced.update([old.text] if old is not None and old.content else [])
            unit.targets = {lang: Variant.of(lang, TEXTS[lang][text])}
            if fmt == "xliff":
                xliff.write(units, job, srclang="en", tgtlang=lang, original=f"{DOC}/en.txt")
            else:
                po.write(units, job, lang=lang)
            edited[(lang, unit.id)] = TEXTS[lang][text]
        tm("import", job, "--doc", DOC, "--root", self.root)
        was_dirty = self.replanned({lang})
        self.check(before, self.read(), was_dirty=was_dirty, replanned={lang}, edited=edited, replaced=replaced,
                   noop=was_clean and not edited)  # fmt: skip

    @rule(lang=st.sampled_from(LANGS), number=st.integers(0, 9), text=st.sampled_from([None, 0, 1, 2, "review"]))
    def session_save(self, lang: str, number: int, text: int | str | None) -> None:
        before = self.read()
        with open_session(self.document(), lang, glossary=self.glossary_path, memory=self.base / "memory.db") as s:
            s.jump(number % len(s.units) + 1)
            uid, old = s.current.id, s.current.target(lang)
            if text == "review":
                s.review()
                edited = {(lang, uid): old.text} if old is not None and old.content else {}
            else:
                s.edit("" if text is None else TEXTS[lang][text])
                edited = {(lang, uid): None if text is None else TEXTS[lang][text]}
        after = self.read()
        if after.files[f"{lang}.po"][0] != before.files[f"{lang}.po"][0]:
            self.tmx_synced = False
        self.check(before, after, was_dirty=self.dirty, edited=edited, may_write={f"{lang}.po"})

    @rule(entry_id=st.sampled_from(sorted(ENTRIES)))
    def glossary_add_or_remove(self, entry_id: str) -> None:
        before = self.read()
        if entry_id in read_glossary(self.glossary_path):
            tm("glossary", "remove", entry_id, "--glossary", self.glossary_path)
        else:
            en, az, ru = ENTRIES[entry_id]
            tm("glossary", "add", "--id", entry_id, "--type", "place", "--term", f"en={en}", "--term", f"az={az}",
               "--term", f"ru={ru}", "--glossary", self.glossary_path)  # fmt: skip
        self.hinted = set()
        after = self.read()
        self.check(
            before, after, was_dirty=self.dirty, may_write={n for n in after.files if n.startswith("glossaries/")}
        )

    @rule(data=st.data())
    def edit_source(self, data: st.DataObject) -> None:
        sentences = [(n, i) for n, p in enumerate(self.paragraphs) for i in range(len(p))]
        n, i = data.draw(st.sampled_from(sentences))
        edit = data.draw(st.sampled_from(["insert", "remove", "reword", "restore"]))
        if edit == "insert":
            self.paragraphs[n].insert(i, data.draw(st.sampled_from(EXTRA)))
        elif edit == "remove" and len(sentences) > 1:
            del self.paragraphs[n][i]
            self.paragraphs = [p for p in self.paragraphs if p]
        elif edit == "reword":
            old, new = data.draw(st.sampled_from(sorted(REWORD.items())))
            self.paragraphs[n][i] = self.paragraphs[n][i].replace(old, new)
        elif edit == "restore":
            self.paragraphs = [list(p) for p in PARAGRAPHS]
        before = self.read()
        write_source(self.folder, self.paragraphs)
        after = self.read()
        if after.files["en.txt"][0] != before.files["en.txt"][0]:
            self.dirty = set(LANGS)
        self.check(before, after, was_dirty=self.dirty, may_write={"en.txt"})


NeverLoseWork.TestCase.settings = settings(
    max_examples=25,
    stateful_step_count=8,
    suppress_health_check=[HealthCheck.too_slow],
)
test_never_lose_work = NeverLoseWork.TestCase
