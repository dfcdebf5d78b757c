"""Code health rules of issue 13 that a reader would otherwise have to check by hand.

* no module imports another module's private (``_``-prefixed) name: what two modules share
  has a package-internal home with a plain name (``toolkit._inputs``, ``toolkit._cache``,
  ``toolkit._data``, ``toolkit._batch``, ``toolkit._theme_weights``, ``toolkit._text``,
  ``toolkit._dask``);
* no block of six or more lines is repeated in the package.
"""
from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

import toolkit

PACKAGE = Path(toolkit.__file__).resolve().parent
SOURCES = sorted(p for p in PACKAGE.rglob("*.py"))
BLOCK = 6


def _private_imports(path: Path) -> list[str]:
    """``from .x import _y`` (or ``from toolkit.x import _y``) in ``path``: another module's private name."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        # ``from . import _cache`` imports a package-internal module: that is its home.
        if isinstance(node, ast.ImportFrom) and node.module and (node.level > 0 or node.module.startswith("toolkit")):
            found += [f"{'.' * node.level}{node.module or ''}.{a.name}" for a in node.names
                      if a.name.startswith("_") and not a.name.startswith("__")]
    return found


@pytest.mark.parametrize("path", [pytest.param(p, id=str(p.relative_to(PACKAGE))) for p in SOURCES])
def test_no_private_name_is_imported_from_another_module(path: Path) -> None:
    assert _private_imports(path) == []


def _code_lines(path: Path) -> list[tuple[int, str]]:
    """The lines of ``path`` inside function bodies (docstrings left out), stripped, without
    blank lines, comments and lone brackets: signatures, docstrings and ``__all__`` lists
    of parallel functions may look alike; code should not."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    numbers: set[int] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                    and isinstance(body[0].value.value, str):
                body = body[1:]
            for stmt in body:
                numbers.update(range(stmt.lineno, (stmt.end_lineno or stmt.lineno) + 1))
    kept = []
    for n in sorted(numbers):
        text = lines[n - 1].strip()
        if len(text) > 3 and not text.startswith("#"):
            kept.append((n, text))
    return kept


def _blocks(path: Path) -> list[tuple[tuple[str, ...], int]]:
    """Every run of BLOCK consecutive code lines, with its first line number."""
    kept = _code_lines(path)
    return [(tuple(t for _, t in kept[k:k + BLOCK]), kept[k][0]) for k in range(len(kept) - BLOCK + 1)]


def test_no_block_of_six_lines_is_repeated() -> None:
    seen: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for path in SOURCES:
        for block, line in _blocks(path):
            seen[block].append(f"{path.relative_to(PACKAGE)}:{line}")
    repeated = {where[0]: where[1:] for where in seen.values() if len(where) > 1}
    assert repeated == {}
