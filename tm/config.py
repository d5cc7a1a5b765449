"""The project file ``tm.toml`` and the strict TOML schemas of tm's settings files.

A project is the folder holding ``tm.toml``; commands find it by walking up from the current
folder, the way git finds ``.git``. Its documents live in ``segments/`` beside it. Every key
of ``tm.toml`` is optional; ``PROJECT_KEYS`` lists them (``schema_text(PROJECT_KEYS)`` shows
them as a commented example), and ``ProjectConfig`` holds what a project's file says.

A settings file is read strictly (``read_table``): an unknown key or a value of the wrong type
is a TmError naming the file, line and key.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from tm.errors import TmError
from tm.fileio import read_text

#: The project file's name; the folder holding it is the project root.
PROJECT_FILE = "tm.toml"
#: Where a project keeps its documents, one folder each.
DOCUMENTS_DIR = "segments"
#: The memory's place in a project when ``tm.toml`` names none.
DEFAULT_MEMORY = ".tm/memory.db"


# --------------------------------------------------------------------------- schemas


@dataclass(frozen=True, slots=True)
class Key:
    """One key of a settings file: its TOML type (``text``, ``texts``, ``date``, ``table``),
    whether it must be there, the values it may take, and what it means."""

    name: str
    type: str
    help: str
    example: str
    required: bool = False
    choices: tuple[str, ...] = ()
    keys: tuple[Key, ...] = ()

    def describe(self) -> str:
        """One line for help texts: ``name = example   # help``."""
        need = "; required" if self.required else ""
        return f"{self.name} = {self.example}".ljust(26) + f" # {self.help}{need}"


_TYPES: dict[str, tuple[tuple[type, ...], str]] = {
    "text": ((str,), "a string"),
    "texts": ((list,), "a list of strings"),
    "date": ((str, date), "a date (2024-03-05) or a string"),
    "table": ((dict,), "a table"),
}


def schema_text(keys: Sequence[Key], table: str = "") -> str:
    """The schema as a commented TOML example, one key a line (tables after the plain keys)."""
    lines = [key.describe() for key in keys if key.type != "table"]
    for key in keys:
        if key.type == "table":
            lines += ["", f"[{table + '.' if table else ''}{key.name}]", schema_text(key.keys, key.name)]
    return "\n".join(lines)


def read_table(path: str | Path, keys: Sequence[Key]) -> dict[str, Any]:
    """Read the TOML file ``path`` and check it against ``keys``: TmError (with the line when
    known) for broken TOML, an unknown key, a missing required key, a wrong type or value."""
    text = read_text(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"line (\d+)", str(exc))
        raise TmError(f"not valid TOML: {exc}", path=path, line=int(found.group(1)) if found else None) from exc
    _check(data, keys, path, text, "")
    return data


def _check(data: Mapping[str, Any], keys: Sequence[Key], path: str | Path, text: str, prefix: str) -> None:
    known = {key.name: key for key in keys}
    for name, value in data.items():
        key = known.get(name)
        if key is None:
            close = [k for k in known if k.rstrip("s") == name.rstrip("s") or k.replace("_", "") == name]
            hint = f"did you mean {close[0]!r}?" if close else "known keys: " + ", ".join(known)
            raise TmError(f"unknown key {prefix + name!r}", path=path, line=_line_of(text, name), hint=hint)
        types, wanted = _TYPES[key.type]
        if not isinstance(value, types) or (isinstance(value, list) and not all(isinstance(i, str) for i in value)):
            raise TmError(
                f"{prefix + name!r} must be {wanted}, not {_toml_type(value)}",
                path=path,
                line=_line_of(text, name),
                hint=key.describe(),
            )
        if key.choices and value not in key.choices:
            raise TmError(
                f"{prefix + name!r} must be one of {', '.join(map(repr, key.choices))}, not {value!r}",
                path=path,
                line=_line_of(text, name),
                hint=key.describe(),
            )
        if isinstance(value, dict):
            _check(value, key.keys, path, text, f"{prefix}{name}.")
    for key in keys:
        if key.required and key.name not in data:
            raise TmError(f"missing key {prefix + key.name!r}", path=path, hint=key.describe())


def toml_lines(settings: Mapping[str, str | Sequence[str]]) -> str:
    """``key = value`` lines for strings and lists of strings (JSON's escapes are valid TOML's)."""

    def value(v: str | Sequence[str]) -> str:
        if isinstance(v, str):
            return json.dumps(v, ensure_ascii=False)
        return "[" + ", ".join(json.dumps(item, ensure_ascii=False) for item in v) + "]"

    return "".join(f"{key} = {value(v)}\n" for key, v in settings.items())


def _line_of(text: str, key: str) -> int | None:
    found = re.search(rf'^[ \t]*["\']?{re.escape(key)}["\']?[ \t]*[=\]]|^\[{re.escape(key)}\]', text, re.MULTILINE)
    return text.count("\n", 0, found.start()) + 1 if found else None


def _toml_type(value: Any) -> str:
    if isinstance(value, list):
        return "a list" if all(isinstance(item, str) for item in value) else "a list holding non-strings"
    return {bool: "a boolean", int: "an integer", float: "a number", str: "a string", dict: "a table"}.get(
        type(value), type(value).__name__
    )


# --------------------------------------------------------------------------- the project file

QA_KEYS = (Key("yo", "text", 'Russian: keep the letter ё ("ё") or write е for it ("е")', '"ё"', choices=("ё", "е")),)

PROJECT_KEYS = (
    Key("source_lang", "text", "source language of new documents", '"en"'),
    Key("targets", "texts", "target languages of new documents", '["az", "ru"]'),
    Key("memory", "text", f"the memory, from the project root (default {DEFAULT_MEMORY})", f'"{DEFAULT_MEMORY}"'),
    Key("glossary", "text", "the glossary (default: the one .tbx in glossaries/)", '"glossaries/terms.tbx"'),
    Key("export_profile", "text", "TMX profile: generic, omegat, trados, memoq, phrase", '"generic"'),
    Key("translator", "text", "who translates, for provenance", '"Name <mail@example.org>"'),
    Key("qa", "table", "settings of tm qa", "", keys=QA_KEYS),
)


@dataclass(frozen=True, slots=True)
class QaConfig:
    """The ``[qa]`` table: ``yo`` is ``"ё"`` (keep ё), ``"е"`` (write е) or None (not checked)."""

    yo: str | None = None


@dataclass(frozen=True, slots=True)
class ProjectConfig:
    """A project: its root folder and what its ``tm.toml`` says (paths resolved from the root)."""

    root: Path
    source_lang: str = "en"
    targets: tuple[str, ...] = ()
    memory: Path | str | None = None
    glossary: Path | None = None
    export_profile: str = "generic"
    translator: str | None = None
    qa: QaConfig = field(default_factory=QaConfig)

    @property
    def path(self) -> Path:
        """The project file."""
        return self.root / PROJECT_FILE

    @property
    def documents(self) -> Path:
        """The folder holding the documents (``segments/``)."""
        return self.root / DOCUMENTS_DIR

    @property
    def memory_location(self) -> Path | str:
        """The memory: a path (default ``.tm/memory.db`` in the root) or a database URL."""
        return self.memory if self.memory is not None else self.root / DEFAULT_MEMORY

    def to_dict(self) -> dict[str, Any]:
        return {
            "root": str(self.root),
            "source_lang": self.source_lang,
            "targets": list(self.targets),
            "memory": str(self.memory_location),
            "glossary": str(self.glossary) if self.glossary else None,
            "export_profile": self.export_profile,
            "translator": self.translator,
            "qa": {"yo": self.qa.yo},
        }


def load_project(root: str | Path) -> ProjectConfig:
    """Read ``root/tm.toml`` strictly (see ``read_table``)."""
    from tm.model import normalize_lang

    root = Path(root)
    data = read_table(root / PROJECT_FILE, PROJECT_KEYS)
    memory = data.get("memory")
    return ProjectConfig(
        root=root,
        source_lang=normalize_lang(data.get("source_lang", "en")),
        targets=tuple(normalize_lang(tag) for tag in data.get("targets", [])),
        memory=memory if memory is None or "://" in memory else root / memory,
        glossary=root / data["glossary"] if "glossary" in data else None,
        export_profile=data.get("export_profile", "generic"),
        translator=data.get("translator"),
        qa=QaConfig(**data.get("qa", {})),
    )


def find_project(start: str | Path | None = None) -> ProjectConfig | None:
    """The project holding ``start`` (default: the current folder): the nearest folder at or
    above it with a ``tm.toml``; None outside any project."""
    here = Path(start if start is not None else Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / PROJECT_FILE).is_file():
            return load_project(folder)
    return None


def export_profile(start: str | Path | None = None) -> str:
    """The TMX export profile of the project around ``start``: its ``export_profile``, else generic."""
    project = find_project(start)
    return project.export_profile if project else "generic"


def start_project(folder: str | Path, source_lang: str, targets: Sequence[str] = ()) -> ProjectConfig:
    """Make ``folder`` a project: write its ``tm.toml`` (refused inside another project)."""
    folder = Path(folder)
    around = find_project(folder)
    if around is not None:
        raise TmError("already inside a project", path=around.path, hint="add documents to it with tm new")
    from tm.fileio import write_atomic

    settings = {"source_lang": source_lang, "targets": list(targets)}
    write_atomic(folder / PROJECT_FILE, "# tm project file (see tm new --help)\n" + toml_lines(settings))
    return load_project(folder)


def require_project(start: str | Path | None = None) -> ProjectConfig:
    """``find_project(start)``, or a TmError (one line, no hint) saying there is no project here."""
    project = find_project(start)
    if project is None:
        where = Path(start if start is not None else Path.cwd()).resolve()
        raise TmError(
            f"not inside a tm project (no {PROJECT_FILE} in {where} or above): "
            "cd into one, or start one with `tm new DOC --source FILE`"
        )
    return project
