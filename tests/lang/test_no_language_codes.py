"""Outside tm/lang, no code tests a language code: what a language does is asked of its ``Language``.

The check walks the syntax tree of every module of ``tm/`` outside ``tm/lang/`` and fails on a
language code (``"az"``, ``"ru"``, ``"en"``, ``"tr"``) compared with anything (``code == "az"``,
``lang in ("az", "tr")``, a ``match`` case), used as a dict key (``{"ru": ...}``, ``dict(ru=...)``)
or as a subscript (``table["en"]``). A default value (``source_lang: str = "en"``) is fine.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import tm

CODES = frozenset({"az", "ru", "en", "tr"})
PACKAGE = Path(tm.__file__).parent


def _codes(node: ast.AST) -> Iterator[ast.Constant]:
    """The language-code literals in ``node``, a literal or a tuple, list, set or frozenset of them."""
    if isinstance(node, ast.Constant) and node.value in CODES:
        yield node
    elif isinstance(node, ast.Tuple | ast.List | ast.Set):
        for element in node.elts:
            yield from _codes(element)
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("frozenset", "set"):
        for argument in node.args:
            yield from _codes(argument)


def language_code_tests(source: str) -> list[tuple[int, str]]:
    """(line, code) of every comparison with, dict key of or subscript by a language code."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
        elif isinstance(node, ast.Dict):
            operands = [key for key in node.keys if key is not None]
        elif isinstance(node, ast.Subscript):
            operands = [node.slice]
        elif isinstance(node, ast.MatchValue):
            operands = [node.value]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "dict":
            found += [(node.lineno, k.arg) for k in node.keywords if k.arg in CODES]
            continue
        else:
            continue
        found += [(literal.lineno, literal.value) for operand in operands for literal in _codes(operand)]
    return found


def test_no_module_outside_tm_lang_tests_a_language_code() -> None:
    offences = [
        f"{path.relative_to(PACKAGE.parent)}:{line}: {code!r}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.relative_to(PACKAGE).parts[0] != "lang"
        for line, code in language_code_tests(path.read_text(encoding="utf-8"))
    ]
    assert offences == [], "ask tm.lang.language(tag) instead:\n" + "\n".join(offences)


def test_the_check_finds_comparisons_keys_and_subscripts() -> None:
    source = """
def f(lang, code, table, x, source_lang="en"):
    if code == "az" or lang in ("az", "tr") or "ru" != code or code in frozenset({"en"}):
        pass
    match code:
        case "tr":
            pass
    return {"ru": 1}, dict(en=2), table["az"], x.get("az")
"""
    found = sorted(language_code_tests(source))
    assert found == [(3, "az"), (3, "az"), (3, "en"), (3, "ru"), (3, "tr"), (6, "tr"), (8, "az"), (8, "en"), (8, "ru")]
