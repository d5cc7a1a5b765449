"""`tm translate` driven as a translator would: the real program in an 80x24 pseudo-terminal."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from tests.conftest import msgfmt_check
from tests.session_helpers import DRAFT, SENTENCES, STALE, stale_document
from tm.builder import build
from tm.document import open_document
from tm.memory.backends.sqlite import SqliteMemory
from tm.model import Unit, Variant
from tm.session import open_session

pexpect = pytest.importorskip("pexpect")

REPO = Path(__file__).resolve().parents[2]
TIMEOUT = 30
#: What the translator types for units 1, 2 and 4; unit 3 takes the memory's match.
TYPED = {
    1: "Xocalı soyqırımı 1992-ci ildə törədilib.",
    2: "Ağrılı xatirə:\nAzərbaycan hər il qurbanları yad edir.",  # two lines: Alt+Enter
    4: "İnsan hüquqları üzrə müvəkkil Səbinə Əliyeva cümə axşamı Bakıda bəyanat verib.",
}
REMEMBERED = Unit(
    id="m1",
    source=Variant.of("en", "The Ombudsman called on international organisations to act."),
    targets={"az": Variant.of("az", "Ombudsman beynəlxalq təşkilatları fəaliyyətə çağırıb.")},
)
# A colour SGR parameter: 30-38 (foreground), 40-48 (background), 90-107 (bright); 39/49 reset.
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\x1b[=>]")
COLOUR = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-8]|4[0-8]|9[0-7]|10[0-7])(?:;[0-9;]*)?m")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A tmp project whose az.po has units 1-3 and 5 untranslated and unit 4 a fuzzy draft (its
    translation made for an older source sentence), and a memory (``memory.db``) holding a
    fuzzy match for unit 3."""
    stale_document(tmp_path / "segments")
    (tmp_path / "tm.toml").write_text('targets = ["az"]\n', encoding="utf-8")
    with SqliteMemory(tmp_path / "memory.db") as memory:
        memory.import_units([REMEMBERED])
    return tmp_path


def spawn(project: Path, *args: str):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TM_", "COLUMNS", "LINES"))}
    env.update(
        TERM="xterm-256color",
        COLUMNS="80",
        LINES="24",
        NO_COLOR="1",
        PYTHONPATH=str(REPO),
        PROMPT_TOOLKIT_NO_CPR="1",
        LANG="C.UTF-8",
        PYTHONIOENCODING="utf-8",
    )
    args = ("--memory", str(project / "memory.db"), *args)
    return pexpect.spawn(
        sys.executable,
        ["-m", "tm", "translate", "demo", "--lang", "az", *args],
        cwd=str(project),
        env=env,
        encoding="utf-8",
        dimensions=(24, 80),
        timeout=TIMEOUT,
    )


def type_target(child, text: str, number: int) -> str:
    """Edit unit ``number`` (on screen) into ``text``; return the next screen (its plain text).

    The edit line starts with the unit's current target: Ctrl+U (readline's kill to start of
    line, the cursor being at the end) clears it first; a line break is typed as Alt+Enter."""
    child.send("e")
    child.expect_exact("az>")
    assert "Alt+Enter new line" in plain(child.before or "")
    child.send("\x15" + text.replace("\n", "\x1b\r") + "\r")
    child.expect_exact(f"az {number + 1}/5")
    screen = plain(child.before or "")
    assert f"unit {number} saved" in screen
    return screen


def plain(screen: str) -> str:
    """The screen's text without terminal control sequences."""
    return ANSI.sub("", screen)


def po_entries(project: Path) -> dict[str, polib.POEntry]:
    return {e.msgid: e for e in polib.pofile(str(project / "segments" / "demo" / "az.po"))}


def test_translate_three_units_accept_a_match_quit_and_resume(project: Path) -> None:
    child = spawn(project)
    child.expect_exact("az 1/5")
    assert "resumed at unit 1: 5 unfinished" in child.before
    type_target(child, TYPED[1], 1)
    screen = type_target(child, TYPED[2], 2)
    assert "memory: Ombudsman beynəlxalq təşkilatları fəaliyyətə çağırıb." in screen
    assert "[-organisations-]" in screen and "{+organizations+}" in screen
    child.send("1")
    child.expect_exact("az 4/5")
    screen = plain(child.before or "")
    assert "unit 3 saved" in screen and "PO draft" in screen and "{+on Thursday+}" in screen
    type_target(child, TYPED[4], 4)
    child.send("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "1 untranslated" in (child.before or "")

    entries = po_entries(project)
    assert entries[SENTENCES[0]].msgstr == TYPED[1]
    assert entries[SENTENCES[1]].msgstr == TYPED[2]
    assert entries[SENTENCES[2]].msgstr == REMEMBERED.target("az").text
    assert entries[STALE].msgstr == TYPED[4] and entries[STALE].previous_msgid is None
    assert not any(entries[s].fuzzy for s in (*SENTENCES[:3], STALE))
    assert entries[SENTENCES[4]].msgstr == "" and entries[SENTENCES[4]].translated() is False
    assert msgfmt_check(project / "segments" / "demo" / "az.po").returncode == 0
    report = build(project / "segments")  # what the session wrote is what build writes
    assert project / "segments" / "demo" / "az.po" in report.unchanged

    child = spawn(project)
    child.expect_exact("az 5/5")
    opened = child.before or ""
    assert "resumed at unit 5: 1 unfinished" in opened
    assert "The statement was published on Thursday." in opened
    assert not COLOUR.search(opened), "NO_COLOR is set: no colour codes"
    child.send("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_killed_session_leaves_an_intact_po_with_every_confirmed_unit(project: Path) -> None:
    child = spawn(project)
    child.expect_exact("az 1/5")
    type_target(child, TYPED[1], 1)
    type_target(child, TYPED[2], 2)
    child.send("e")
    child.expect_exact("az>")
    child.send("İnsan hüquqları üzrə")  # being edited, not confirmed
    child.kill(signal.SIGKILL)
    child.close(force=True)
    assert child.signalstatus == signal.SIGKILL

    path = project / "segments" / "demo" / "az.po"
    entries = po_entries(project)  # polib parses it
    assert entries[SENTENCES[0]].msgstr == TYPED[1]
    assert entries[SENTENCES[1]].msgstr == TYPED[2]
    assert entries[SENTENCES[2]].msgstr == ""
    assert entries[STALE].msgstr == DRAFT and entries[STALE].fuzzy
    assert not list(path.parent.glob("*.tmp")) and not list(path.parent.glob(".*tmp*"))
    if shutil.which("msgfmt"):
        assert msgfmt_check(path).returncode == 0
    assert open_session(open_document("demo", project / "segments"), "az").index == 2


def test_without_a_terminal_it_refuses_and_names_the_batch_commands(project: Path) -> None:
    before = (project / "segments" / "demo" / "az.po").read_bytes()
    result = subprocess.run(
        [sys.executable, "-m", "tm", "translate", "demo", "--lang", "az"],
        cwd=project,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        timeout=TIMEOUT,
    )
    assert result.returncode == 2
    assert "not a terminal" in result.stderr
    for alternative in ("tm pretranslate", "tm import", "Poedit"):
        assert alternative in result.stderr
    assert result.stdout == ""
    assert (project / "segments" / "demo" / "az.po").read_bytes() == before
