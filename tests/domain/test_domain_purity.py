"""The domain and the statute catalogue are pure (design.md, "Layers"): no module under
``ujikon/domain`` or ``ujikon/law`` imports a storage, document, web, CLI or network
library, or opens a file itself. The catalogue's bundled YAML is read through
``importlib.resources``, which is allowed."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import ujikon

PACKAGE = Path(ujikon.__file__).resolve().parent
PURE_PACKAGES = ("domain", "law")

FORBIDDEN_IMPORTS = frozenset(
    {
        "sqlalchemy",
        "alembic",
        "jinja2",
        "weasyprint",
        "pyhanko",
        "fastapi",
        "typer",
        "rich",
        "psycopg",
        "sqlite3",
        "requests",
        "httpx",
    }
)
FORBIDDEN_LAYERS = (
    "ujikon.store",
    "ujikon.documents",
    "ujikon.service",
    "ujikon.cli",
    "ujikon.web",
)
"""The arrow points one way: nothing pure imports the layers that use it."""
OPENERS = frozenset(
    {
        "io",
        "os",
        "builtins",
        "codecs",
        "gzip",
        "bz2",
        "lzma",
        "tarfile",
        "zipfile",
        "shelve",
        "dbm",
        "tempfile",
    }
)


def _modules() -> list[Path]:
    found = sorted(p for pkg in PURE_PACKAGES for p in (PACKAGE / pkg).rglob("*.py"))
    assert found, f"no modules under {PACKAGE}"
    return found


def _imports(tree: ast.AST) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append((node.lineno, node.module))
        elif isinstance(node, ast.Call) and getattr(node.func, "id", None) == "__import__":
            out += [
                (node.lineno, arg.value)
                for arg in node.args[:1]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
            ]
    return out


def _opens(tree: ast.AST) -> list[int]:
    """Lines that call ``open(...)`` or ``io.open``/``os.open``/... (not ``resources``)."""
    lines: list[int] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        direct = isinstance(func, ast.Name) and func.id == "open"
        via_module = (
            isinstance(func, ast.Attribute)
            and func.attr == "open"
            and isinstance(func.value, ast.Name)
            and func.value.id in OPENERS
        )
        if direct or via_module:
            lines.append(node.lineno)
    return lines


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE.parent)))
def test_module_is_pure(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    where = path.relative_to(PACKAGE.parent)
    bad = [
        f"{where}:{line}: imports {name}"
        for line, name in _imports(tree)
        if name.split(".")[0] in FORBIDDEN_IMPORTS
        or any(name == layer or name.startswith(layer + ".") for layer in FORBIDDEN_LAYERS)
    ]
    bad += [f"{where}:{line}: calls open()" for line in _opens(tree)]
    assert bad == [], "the pure core does I/O:\n" + "\n".join(bad)


def test_law_does_not_import_domain() -> None:
    for path in (PACKAGE / "law").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = [name for _, name in _imports(tree)]
        assert not [n for n in names if n.startswith("ujikon.domain")], path


def test_the_checker_sees_what_it_must() -> None:
    sample = ast.parse(
        "import sqlite3\nfrom sqlalchemy.orm import Session\nimport rich.console\n"
        "from ujikon.store.api import EventLog\nx = open('f')\ny = io.open('g')\n"
        "z = resources.files('p').joinpath('d').read_text()\n"
    )
    names = [n for _, n in _imports(sample)]
    assert names == ["sqlite3", "sqlalchemy.orm", "rich.console", "ujikon.store.api"]
    assert _opens(sample) == [5, 6]
