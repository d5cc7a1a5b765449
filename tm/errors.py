"""The one error type of tm, and the few subclasses a caller may want to catch."""

from __future__ import annotations

from pathlib import Path


class TmError(Exception):
    """A problem the user can fix: bad input, bad usage, a file that cannot be read.

    ``str()`` reads ``path:line:col: message`` with whatever location is known.
    """

    def __init__(
        self,
        message: str,
        path: str | Path | None = None,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        # Positions are 1-based; parsers say 0 or -1 when they know none (an empty file).
        self.line = line if line is not None and line > 0 else None
        self.column = column if column is not None and column > 0 else None
        self.hint = hint

    def __str__(self) -> str:
        where = [p for p in (self.path, self.line, self.column) if p is not None]
        prefix = ":".join(str(p) for p in where)
        return f"{prefix}: {self.message}" if prefix else self.message


class ParseError(TmError):
    """A file is not valid in its format (broken XML, bad PO syntax, bad CSV row)."""


class UnsafeXMLError(ParseError):
    """An XML file uses entities, a DTD from outside, or other constructs we refuse to process."""
