"""The terminal front end of a translation session (``tm translate``).

The screen is redrawn whole for every unit: ``layout`` turns a ``tm.session.UnitView`` into at
most ``height - 1`` lines no wider than the terminal (long sentences wrap, panels that do not
fit end in a ``…`` marker), and the last line reads one key. Keys are read and targets edited
with prompt_toolkit (readline-style editing, any Unicode input, Alt+Enter for a new line);
rendering is rich's. Without colours (``NO_COLOR``) differences are marked ``[-old-]{+new+}``.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass

from rich.console import Console
from rich.text import Text

from tm.errors import TmError
from tm.match import Match, join_spaced
from tm.model import Unit
from tm.session import FUZZY, REVIEWED, TRANSLATED, UNTRANSLATED, Panel, Session, Suggestion, TermHint, UnitView

#: The key list shown on every screen.
HELP = "[1-3] use [e]dit [r]eview [s]kip [p]rev [n]ext [u]nfinished [/]find [g]o [q]uit"

#: What the message line says while a target is edited.
EDIT_HELP = "editing: Enter saves · Alt+Enter new line · Ctrl+U clears · Ctrl+C cancels"

#: Where an interactive session is impossible, what to do instead.
BATCH_HINT = (
    "for batch work use `tm pretranslate DOC --lang LANG` (fill empty targets from the memory), "
    "`tm import FILE --doc DOC` (bring in a translated XLIFF/PO), or edit "
    "segments/<doc>/<lang>.po in Poedit"
)

_STATE_STYLE = {UNTRANSLATED: "bold red", FUZZY: "bold yellow", TRANSLATED: "green", REVIEWED: "bold green"}
_LABEL = 7  # width of the panel labels ("Terms  ")
_KEEP = 4  # unchanged words shown on each side of a change in a word diff
_ENTRY_LINES = 2  # lines a panel entry may wrap to


def require_terminal() -> None:
    """Raise TmError (pointing to the batch commands) unless stdin and stdout are terminals."""
    for name, stream in (("standard input", sys.stdin), ("standard output", sys.stdout)):
        if stream is None or not stream.isatty():
            raise TmError(f"tm translate is interactive and {name} is not a terminal", hint=BATCH_HINT)


# --------------------------------------------------------------------------- layout


@dataclass(slots=True)
class _Section:
    lines: list[Text]
    floor: int  # lines it keeps however small the terminal
    cap: int  # lines it may take


def layout(
    view: UnitView, width: int, height: int, *, message: str = "", color: bool = True, source_lang: str = "en"
) -> list[Text]:
    """The screen for ``view``: at most ``height - 1`` lines of at most ``width - 1`` cells (the
    last row is left for the key prompt)."""
    width = max(width - 1, 20)
    budget = max(height - 1, 8)
    unit = view.unit
    where = f"{view.number}/{view.total}" + (f" ¶{view.paragraph}" if view.paragraph else "")
    header = Text.assemble(
        (f"{unit.context.document if unit.context else ''} → {view.lang}  ", "bold"),
        (where, "bold"),
        "  ",
        (view.state, _STATE_STYLE[view.state]),
        f"   done {view.counts[TRANSLATED] + view.counts[REVIEWED]}/{view.total}",
    )
    source = _wrap(Text(unit.source.text, "bold"), width - 4, _tag(source_lang))
    target_text = Text(view.target) if view.target else Text("(empty)", "dim")
    target = _wrap(target_text, width - 4, _tag(view.lang))
    sections = [
        _Section(source, 2, 6),
        _Section(target, 2, 4),
        _Section(_panel("Terms", _terms(view.glossary), width), 1, 3),
        _Section(_panel("TM", _matches(view.matches, color), width), 1, 6),
        _Section(_panel("QA", _issues(view.qa), width), 1, 3),
    ]
    fixed = [
        header,
        _context("‹ ", view.prev, width),
        _context("› ", view.next, width),
        Text(message, "bold"),
        Text(HELP, "dim"),
    ]
    sizes = _allocate(sections, budget - len(fixed))
    body = [_fit(s.lines, n, width) for s, n in zip(sections, sizes)]
    lines = [header, fixed[1], *body[0], fixed[2], *body[1], *body[2], *body[3], *body[4], fixed[3], fixed[4]]
    for line in lines:
        line.truncate(width, overflow="ellipsis")
    return lines[:budget]


def _tag(lang: str) -> str:
    return f"{lang.upper()[:3]:<4}"


def _wrap(text: Text, width: int, label: str) -> list[Text]:
    """``text`` wrapped to ``width`` (its own line breaks kept), ``label`` before the first line."""
    console = Console(width=width, no_color=True)
    wrapped = text.wrap(console, width)
    return [Text(label if n == 0 else " " * len(label)) + line for n, line in enumerate(wrapped)] or [Text(label)]


def _context(arrow: str, unit: Unit | None, width: int) -> Text:
    if unit is None:
        return Text(arrow + "(no more sentences)", "dim")
    line = Text(arrow + " ".join(unit.source.text.split()), "dim")
    line.truncate(width, overflow="ellipsis")
    return line


def _panel(label: str, entries: list[Text], width: int) -> list[Text]:
    """The entries under ``label``, each wrapped to at most ``_ENTRY_LINES`` lines."""
    lines: list[Text] = []
    for n, entry in enumerate(entries):
        wrapped = _wrap(entry, width - _LABEL, f"{label:<{_LABEL}}" if n == 0 else " " * _LABEL)
        lines += _fit(wrapped, _ENTRY_LINES, width)
    return lines


def _note(panel: Panel) -> list[Text]:
    return [Text(panel.note, "dim")] if panel.note else []


def _terms(panel: Panel) -> list[Text]:
    entries = []
    for hint in panel.items:
        assert isinstance(hint, TermHint)
        mark = {None: "", True: " ✓", False: " ✗"}[hint.in_target]
        line = Text.assemble(
            hint.surface,
            " → ",
            (hint.approved or "(no term)", "bold cyan"),
            (mark, "green" if hint.in_target else "red"),
        )
        if hint.forbidden:
            line.append(f"  not {', '.join(hint.forbidden)}", "dim")
        entries.append(line)
    return entries + _note(panel) if not entries else entries


def _matches(panel: Panel, color: bool) -> list[Text]:
    entries = []
    for n, item in enumerate(panel.items, 1):
        assert isinstance(item, Suggestion)
        match = item.match
        entries.append(
            Text.assemble(
                (f"{n} ", "bold"),
                (f"{match.score:>3}% ", "bold magenta"),
                f"{item.origin}: ",
                (" ".join(match.target.split()), "bold"),
            )
        )
        line = Text("  src: ") + diff_text(match, color)
        for penalty in match.penalties:
            line.append(f"  {penalty}", "yellow")
        entries.append(line)
    return entries + _note(panel)


def diff_text(match: Match, color: bool) -> Text:
    """The word diff of ``match`` against its query as one Text: styled in colour,
    ``[-deleted-]`` ``{+inserted+}`` without. Runs of one kind are marked once, words are spaced
    as in the texts they come from, and long unchanged stretches keep only the words next to a
    change (``…`` for the rest)."""
    runs = match.diff_runs()
    text = Text()
    for n, (op, tokens) in enumerate(runs):
        if op == "=" and len(tokens) > 2 * _KEEP:  # long unchanged stretches shrink to their edges
            head = tokens[:_KEEP] if n else []
            tail = [] if n == len(runs) - 1 else tokens[-_KEEP:]
            tokens = [*head, ("…", True), *tail] if head or tail else [*tokens[:_KEEP], ("…", True)]
        if len(text) and tokens[0][1]:
            text.append(" ")
        words = join_spaced(tokens)
        if op == "=":
            text.append(words)
        elif not color:
            text.append(f"[-{words}-]" if op == "-" else f"{{+{words}+}}")
        else:
            text.append(words, "red strike" if op == "-" else "green underline")
    return text


def _issues(panel: Panel) -> list[Text]:
    entries = [
        Text.assemble(
            (f"{issue.severity} ", "bold red" if issue.severity == "error" else "yellow"),
            (f"{issue.check}: ", "bold"),
            issue.message,
        )
        for issue in panel.items
    ]
    return entries or _note(panel)


def _allocate(sections: list[_Section], budget: int) -> list[int]:
    """Lines per section: what each needs up to its cap, shrunk (largest first) to the budget."""
    sizes = [min(max(len(s.lines), 1), s.cap) for s in sections]
    while sum(sizes) > budget:
        shrinkable = [n for n, s in enumerate(sections) if sizes[n] > s.floor]
        if not shrinkable:
            break
        sizes[max(shrinkable, key=lambda n: (sizes[n], n))] -= 1
    return sizes


def _fit(lines: list[Text], size: int, width: int) -> list[Text]:
    """The first ``size`` lines; when some are left out, the last shown ends with ``…+N``."""
    if len(lines) <= size:
        return lines
    shown = [line.copy() for line in lines[:size]]
    marker = f" …+{len(lines) - size + 1}"
    shown[-1].truncate(width - len(marker), overflow="crop")
    shown[-1].append(marker, "bold")
    return shown


# --------------------------------------------------------------------------- the key loop


def run(session: Session, *, color: bool | None = None) -> str:
    """Run the interactive session until the translator quits; return a one-line summary."""
    require_terminal()
    from prompt_toolkit import PromptSession

    color = not os.environ.get("NO_COLOR") if color is None else color
    console = Console(highlight=False, no_color=not color, force_terminal=True)
    editor: PromptSession[str] = PromptSession(
        multiline=True, key_bindings=_edit_keys(), prompt_continuation=lambda width, *_: " " * width
    )
    unfinished = session.counts()[UNTRANSLATED] + session.counts()[FUZZY]
    message = f"resumed at unit {session.index + 1}: {unfinished} unfinished" if unfinished else "all units done"

    shown: list[UnitView] = []  # the view on screen, redrawn with a hint while a prompt waits

    def draw(message: str, view: UnitView | None = None) -> None:
        shown[:] = [view or session.view()]
        width, height = shutil.get_terminal_size()
        console.width = width
        sys.stdout.write("\x1b[H\x1b[2J")
        for line in layout(
            shown[0], width, height, message=message, color=color, source_lang=session.document.source_lang
        ):
            console.print(line, no_wrap=True, overflow="ellipsis", crop=True)
        sys.stdout.flush()

    def ask(prompt: str, default: str = "", hint: str = "") -> str | None:
        if hint:
            draw(hint, shown[0])
        return _ask(editor, prompt, default)

    while True:
        draw(message)
        key = _read_key(f"{session.lang} {session.index + 1}/{len(session.units)} › ")
        if key == "quit":
            return f"saved to {session.document.po_path(session.lang)}; {_progress(session)}"
        message = _act(session, key, ask)


def _progress(session: Session) -> str:
    counts = session.counts()
    return ", ".join(f"{counts[s]} {s}" for s in (TRANSLATED, REVIEWED, FUZZY, UNTRANSLATED))


def _act(session: Session, key: str, ask: Callable[..., str | None]) -> str:
    """Do what ``key`` asks; return the message for the next screen."""
    number = session.index + 1
    if key in "123" and len(key) == 1:
        return f"unit {number} saved" if session.accept(int(key)) else f"no suggestion {key}"
    if key in ("e", "enter"):
        current = session.current.target(session.lang)
        text = ask(f"{session.lang}> ", current.text if current is not None else "", EDIT_HELP)
        if text is None:
            return "edit cancelled"
        return f"unit {number} saved" if session.edit(text) else f"unit {number} unchanged"
    if key == "r":
        return f"unit {number} reviewed and saved" if session.review() else "nothing to review: no translation"
    if key in ("s", "n", "right", "pagedown"):
        return "" if session.skip() else "last unit"
    if key in ("p", "left", "pageup"):
        return "" if session.prev() else "first unit"
    if key == "u":
        return "" if session.next_unfinished() else "no unfinished units"
    if key == "/":
        query = ask("find: ")
        if query is None:
            return ""
        return "" if session.search(query) else f"not found: {query or session.last_search}"
    if key == "g":
        answer = ask(f"go to unit (1-{len(session.units)}): ")
        if answer is None:
            return ""
        return "" if answer.strip().isdigit() and session.jump(int(answer)) else f"no unit {answer.strip()}"
    return f"unknown key {key!r}; the keys are listed below"


def _read_key(prompt: str) -> str:
    """Wait for one key; return its character, or a name (``enter``, ``left``, ``quit``...)."""
    from prompt_toolkit.application import Application
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.keys import Keys
    from prompt_toolkit.layout import FormattedTextControl, Layout, Window

    names = {
        Keys.ControlM: "enter",
        Keys.ControlJ: "enter",
        Keys.Left: "left",
        Keys.Right: "right",
        Keys.PageUp: "pageup",
        Keys.PageDown: "pagedown",
        Keys.ControlC: "quit",
        Keys.ControlD: "quit",
    }
    bindings = KeyBindings()

    @bindings.add(Keys.Any)
    @bindings.add(Keys.ControlM)
    @bindings.add(Keys.ControlJ)
    @bindings.add(Keys.Left)
    @bindings.add(Keys.Right)
    @bindings.add(Keys.PageUp)
    @bindings.add(Keys.PageDown)
    @bindings.add(Keys.ControlC)
    @bindings.add(Keys.ControlD)
    def _(event) -> None:
        press = event.key_sequence[0]
        event.app.exit(result=names.get(press.key, press.data))

    app: Application[str] = Application(
        layout=Layout(Window(FormattedTextControl(prompt), height=1)),
        key_bindings=bindings,
        full_screen=False,
        erase_when_done=True,
    )
    key = app.run()
    return "quit" if key == "q" else key


def _edit_keys():
    """Enter saves the text, Alt+Enter starts a new line, Ctrl+C / Ctrl+G cancel."""
    from prompt_toolkit.key_binding import KeyBindings

    bindings = KeyBindings()

    @bindings.add("enter")
    def _save(event) -> None:
        event.current_buffer.validate_and_handle()

    @bindings.add("escape", "enter")
    def _newline(event) -> None:
        event.current_buffer.insert_text("\n")

    @bindings.add("c-g")
    def _cancel(event) -> None:
        event.app.exit(exception=KeyboardInterrupt())

    return bindings


def _ask(editor, prompt: str, default: str = "") -> str | None:
    """Read a line (or several) with readline-style editing; None when cancelled."""
    try:
        return editor.prompt(prompt, default=default)
    except (KeyboardInterrupt, EOFError):
        return None
