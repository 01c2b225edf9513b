"""The import graph of ujikon points one way (issue 11; design.md, "Layers").

Built with ``ast`` from the source of every module under ``ujikon/``, nothing imported:
every ``import``/``from ... import`` of a ujikon module counts, at module level and inside
functions alike (a lazy import is still a dependency), except under ``if TYPE_CHECKING:``
(names for the type checker only, never run). ``__import__("ujikon....")`` and
``importlib.import_module("ujikon....")`` with a literal name count too.

A package's ``__init__`` is a module of its own, named as the package. ``import a.b`` is an
edge to ``a.b``; ``from a import b`` is an edge to ``a`` (its ``__init__`` runs and gives the
attribute) and, when ``a.b`` is a module, to ``a.b`` too.

The rules, one test each, and each with a self-test on a made-up graph proving that the
checker sees what it must:

(a) no import cycle among ujikon modules;
(b) nothing under ``ujikon/cli/`` or ``ujikon/web/`` imports ``ujikon.store``: they go
    through the service;
(c) nothing under ``ujikon/service/`` imports ``ujikon.cli`` or ``ujikon.web``;
(d) the leaves ``errors``, ``dates``, ``canonical`` import nothing of ujikon;
(e) ``ujikon/law/`` imports nothing of ujikon but itself and the leaves;
(f) one writer: no module but ``ujikon/service/writer.py`` (and the store itself) calls the
    store's append methods;
(g) one door: ``ujikon/cli/`` and ``ujikon/web/`` import the service as the package
    ``ujikon.service`` (the façade and the names it offers), never a module inside it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import ujikon

PACKAGE = Path(ujikon.__file__).resolve().parent
ROOT = "ujikon"
LEAVES = ("ujikon.errors", "ujikon.dates", "ujikon.canonical")


# -- the graph ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Import:
    """One import of a ujikon module: who imports what, and where."""

    importer: str
    target: str
    where: str
    """The importing file, as shown in messages (``ujikon/web/app.py``)."""
    line: int

    def __str__(self) -> str:
        return f"{self.where}:{self.line}: {self.importer} imports {self.target}"


@dataclass(frozen=True)
class Source:
    """A module's text, whether it is a package's ``__init__``, and its file as shown."""

    text: str
    is_package: bool = False
    where: str = ""


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _runtime_nodes(node: ast.AST) -> Iterator[ast.AST]:
    """Every node below ``node`` that can run: not the body of ``if TYPE_CHECKING:``
    (its ``else`` does run)."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and _is_type_checking(child.test):
            for other in child.orelse:
                yield other
                yield from _runtime_nodes(other)
            continue
        yield child
        yield from _runtime_nodes(child)


def _literal_import_call(node: ast.Call) -> str | None:
    """The module of ``__import__("x")`` / ``importlib.import_module("x")``, if literal."""
    func = node.func
    named = (isinstance(func, ast.Name) and func.id in ("__import__", "import_module")) or (
        isinstance(func, ast.Attribute) and func.attr == "import_module"
    )
    if not named or not node.args:
        return None
    first = node.args[0]
    return first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else None


def _resolve(name: str, modules: Mapping[str, Source]) -> str:
    """The module ``name`` loads: itself, else its longest prefix that is a module."""
    probe = name
    while probe and probe not in modules:
        probe = probe.rpartition(".")[0]
    return probe or name


def _named(module: str, source: Source, node: ast.AST) -> list[str]:
    """The modules an import node names (relative imports made absolute)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom):
        base = node.module or ""
        if node.level:
            package = module.split(".") if source.is_package else module.split(".")[:-1]
            package = package[: len(package) - (node.level - 1)]
            base = ".".join([*package, base] if base else package)
        return [base, *(f"{base}.{alias.name}" for alias in node.names)]
    if isinstance(node, ast.Call):
        literal = _literal_import_call(node)
        return [literal] if literal else []
    return []


def graph_of(modules: Mapping[str, Source]) -> list[Import]:
    """Every import of one ujikon module by another in ``modules`` (name → source)."""
    found: list[Import] = []
    for module, source in modules.items():
        tree = ast.parse(source.text, filename=source.where or module)
        for node in _runtime_nodes(tree):
            names = _named(module, source, node)
            if isinstance(node, ast.ImportFrom):
                # ``from a import b``: ``a`` always; ``a.b`` only when it is a module.
                names = names[:1] + [n for n in names[1:] if n in modules]
            targets = dict.fromkeys(
                _resolve(n, modules) for n in names if n == ROOT or n.startswith(ROOT + ".")
            )
            lineno = getattr(node, "lineno", 0)
            found += [
                Import(module, target, source.where or module, lineno)
                for target in targets
                if target != module
            ]
    return found


def _package_sources() -> dict[str, Source]:
    sources: dict[str, Source] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent)
        is_package = path.name == "__init__.py"
        parts = relative.parent.parts if is_package else relative.with_suffix("").parts
        sources[".".join(parts)] = Source(
            path.read_text(encoding="utf-8"), is_package, str(relative)
        )
    assert len(sources) > 50, f"too few modules under {PACKAGE}: {sorted(sources)}"
    return sources


@lru_cache(maxsize=1)
def package_graph() -> tuple[Import, ...]:
    return tuple(graph_of(_package_sources()))


# -- the checks --------------------------------------------------------------------------------


def _within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def cycles(imports: tuple[Import, ...] | list[Import]) -> list[list[str]]:
    """The strongly connected components of more than one module, each sorted, in order."""
    edges: dict[str, set[str]] = {}
    for imp in imports:
        edges.setdefault(imp.importer, set()).add(imp.target)
        edges.setdefault(imp.target, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for succ in sorted(edges[node]):
            if succ not in index:
                visit(succ)
                low[node] = min(low[node], low[succ])
            elif succ in on_stack:
                low[node] = min(low[node], index[succ])
        if low[node] == index[node]:
            component: list[str] = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return sorted(found)


def cycle_report(imports: tuple[Import, ...] | list[Import]) -> str:
    """Each cycle: its modules, then every import between two of them (file and line)."""
    parts = []
    for component in cycles(imports):
        members = set(component)
        inside = sorted(
            (i for i in imports if i.importer in members and i.target in members),
            key=lambda i: (i.importer, i.line, i.target),
        )
        parts.append(
            "cycle of " + " ↔ ".join(component) + "\n" + "\n".join(f"    {i}" for i in inside)
        )
    return "\n".join(parts)


@dataclass(frozen=True)
class LayerRule:
    """Modules under ``importers`` import no ujikon module under ``forbidden``, or (with
    ``allowed``) none outside ``allowed``."""

    why: str
    importers: tuple[str, ...]
    forbidden: tuple[str, ...] = ()
    allowed: tuple[str, ...] | None = None

    def violations(self, imports: tuple[Import, ...] | list[Import]) -> list[Import]:
        return [
            i
            for i in imports
            if _within(i.importer, self.importers)
            and (
                _within(i.target, self.forbidden)
                or (self.allowed is not None and not _within(i.target, self.allowed))
            )
        ]

    def report(self, imports: tuple[Import, ...] | list[Import]) -> str:
        bad = self.violations(imports)
        return f"{self.why}:\n" + "\n".join(f"    {i}" for i in bad) if bad else ""


CLI_WEB_GO_THROUGH_SERVICE = LayerRule(
    why="the CLI and the web go through the service, never to the store themselves",
    importers=("ujikon.cli", "ujikon.web"),
    forbidden=("ujikon.store",),
)
SERVICE_KNOWS_NO_FRONT_END = LayerRule(
    why="the service is used by the CLI and the web and imports neither",
    importers=("ujikon.service",),
    forbidden=("ujikon.cli", "ujikon.web"),
)
LEAVES_IMPORT_NOTHING = LayerRule(
    why="the leaves (errors, dates, canonical) import nothing of ujikon",
    importers=LEAVES,
    allowed=(),
)
LAW_STANDS_ALONE = LayerRule(
    why="the statute catalogue imports nothing of ujikon but itself and the leaves",
    importers=("ujikon.law",),
    allowed=("ujikon.law", *LEAVES),
)


SERVICE = "ujikon.service"


def door_violations(imports: tuple[Import, ...] | list[Import]) -> list[Import]:
    """Imports by the CLI or the web of a module inside the service package."""
    return [
        i
        for i in imports
        if _within(i.importer, ("ujikon.cli", "ujikon.web")) and i.target.startswith(SERVICE + ".")
    ]


# -- the rules over ujikon -----------------------------------------------------------------------


def test_the_package_has_no_import_cycle() -> None:
    report = cycle_report(package_graph())
    assert report == "", "import cycles among ujikon modules:\n" + report


def test_cli_and_web_do_not_import_the_store() -> None:
    report = CLI_WEB_GO_THROUGH_SERVICE.report(package_graph())
    assert report == "", report


def test_service_does_not_import_cli_or_web() -> None:
    report = SERVICE_KNOWS_NO_FRONT_END.report(package_graph())
    assert report == "", report


def test_leaves_import_nothing_of_ujikon() -> None:
    report = LEAVES_IMPORT_NOTHING.report(package_graph())
    assert report == "", report


def test_law_imports_only_itself_and_the_leaves() -> None:
    report = LAW_STANDS_ALONE.report(package_graph())
    assert report == "", report


def test_cli_and_web_enter_the_service_by_its_one_door() -> None:
    bad = door_violations(package_graph())
    assert not bad, "import from ujikon.service, not from its modules:\n" + "\n".join(
        f"    {i}" for i in bad
    )


def test_the_door_offers_what_it_lists_and_loads_it_on_use() -> None:
    """Every name of ``__all__`` resolves, the table and ``__all__`` agree, and importing
    the package loads none of its modules (start-up)."""
    import subprocess
    import sys

    import ujikon.service as door

    assert sorted(door.__all__) == sorted(door._EXPORTS)
    for name in door.__all__:
        assert getattr(door, name) is not None, name
    code = (
        "import sys, ujikon.service; "
        "print(sorted(m for m in sys.modules if m.startswith('ujikon.service.')))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert loaded.stdout.strip() == "[]"


def test_the_graph_holds_the_package() -> None:
    """Guards the guard: the rules above would pass on an empty or half-read graph."""
    imports = package_graph()
    importers = {i.importer for i in imports}
    assert len(importers) >= 0.7 * len(_package_sources()), sorted(importers)
    assert {"ujikon.cli.main", "ujikon.web.app", "ujikon.service.cases", "ujikon.law"} <= importers


# -- the checker, on made-up graphs ----------------------------------------------------------------


def _graph(**texts: str) -> list[Import]:
    """A made-up package: keyword ``ujikon__store__init`` is ``ujikon/store/__init__.py``
    (module ``ujikon.store``), ``ujikon__store__sql`` is ``ujikon.store.sql``."""
    modules: dict[str, Source] = {}
    for key, text in texts.items():
        parts = key.split("__")
        is_package = parts[-1] == "init"
        name = ".".join(parts[:-1] if is_package else parts)
        where = "/".join(parts) + ".py"
        modules[name] = Source(text, is_package, where)
    return graph_of(modules)


def test_cycle_checker_sees_a_cycle_through_a_lazy_import_and_names_its_lines() -> None:
    imports = _graph(
        ujikon__init="",
        ujikon__service__init="",
        ujikon__service__cases="import os\nfrom ujikon.service.calendar import Desk\n",
        ujikon__service__calendar="def f():\n    from ujikon.service import cases\n",
        ujikon__service__digest="from ujikon.service.cases import Service\n",
    )
    assert cycles(imports) == [["ujikon.service.calendar", "ujikon.service.cases"]]
    report = cycle_report(imports)
    assert "ujikon.service.calendar ↔ ujikon.service.cases" in report
    assert (
        "ujikon/service/cases.py:2: ujikon.service.cases imports ujikon.service.calendar" in report
    )
    assert (
        "ujikon/service/calendar.py:2: ujikon.service.calendar imports ujikon.service.cases"
    ) in report
    assert "digest" not in report


def test_cycle_checker_counts_a_package_init_as_a_module() -> None:
    """``from pkg import sub`` runs ``pkg/__init__``: the store's lazy ``__getattr__`` that
    imports ``sql``, and ``sql`` importing a sibling through the package, are a cycle."""
    imports = _graph(
        ujikon__store__init="def __getattr__(name):\n    from ujikon.store import sql\n",
        ujikon__store__sql="from ujikon.store import migrations\n",
        ujikon__store__migrations__init="",
    )
    assert cycles(imports) == [["ujikon.store", "ujikon.store.sql"]]
    fixed = _graph(
        ujikon__store__init="def __getattr__(name):\n    from ujikon.store import sql\n",
        ujikon__store__sql="import ujikon.store.migrations\n",
        ujikon__store__migrations__init="",
    )
    assert cycles(fixed) == []


def test_cycle_checker_ignores_type_checking_imports_only() -> None:
    imports = _graph(
        ujikon__a="from ujikon import b\n",
        ujikon__b=(
            "from typing import TYPE_CHECKING\n"
            "if TYPE_CHECKING:\n    from ujikon.a import A\n"
            "else:\n    import ujikon.c\n"
        ),
        ujikon__c="x = __import__('ujikon.a')\n",
    )
    assert cycles(imports) == [["ujikon.a", "ujikon.b", "ujikon.c"]]
    assert not any(i.importer == "ujikon.b" and i.target == "ujikon.a" for i in imports)


def test_cycle_checker_resolves_relative_imports() -> None:
    imports = _graph(
        ujikon__web__init="from .app import create_app\n",
        ujikon__web__app="from . import routes\n",
        ujikon__web__routes="from ..web import app\n",
    )
    assert cycles(imports) == [["ujikon.web", "ujikon.web.app", "ujikon.web.routes"]]


def test_store_rule_catches_cli_and_web_importing_the_store() -> None:
    imports = _graph(
        ujikon__store__init="",
        ujikon__store__api="",
        ujikon__service__workspace="from ujikon.store import open_store\n",
        ujikon__cli__main="def init():\n    from ujikon.store.api import EventLog\n",
        ujikon__web__forms="from ujikon.service.workspace import Workspace\n",
        ujikon__web__routes="import ujikon.store\n",
    )
    bad = CLI_WEB_GO_THROUGH_SERVICE.violations(imports)
    assert [(i.importer, i.target, i.line) for i in bad] == [
        ("ujikon.cli.main", "ujikon.store.api", 2),
        ("ujikon.web.routes", "ujikon.store", 1),
    ]
    assert "ujikon/cli/main.py:2: ujikon.cli.main imports ujikon.store.api" in (
        CLI_WEB_GO_THROUGH_SERVICE.report(imports)
    )


def test_door_rule_catches_a_face_importing_a_service_module() -> None:
    imports = _graph(
        ujikon__service__init="",
        ujikon__service__cases="",
        ujikon__service__register="",
        ujikon__cli__case="from ujikon.service import Application\n",
        ujikon__cli__register="def export():\n    from ujikon.service.register import dik_as_of\n",
        ujikon__web__api="from ujikon.service import cases\n",
    )
    bad = door_violations(imports)
    assert [(i.importer, i.target, i.line) for i in bad] == [
        ("ujikon.cli.register", "ujikon.service.register", 2),
        ("ujikon.web.api", "ujikon.service.cases", 1),
    ]


def test_service_rule_catches_the_service_importing_cli_or_web() -> None:
    imports = _graph(
        ujikon__cli__render="",
        ujikon__web__i18n="",
        ujikon__service__digest="from ujikon.web.i18n import t\n",
        ujikon__service__audit="def f():\n    import ujikon.cli.render\n",
        ujikon__cli__case="from ujikon.service.digest import build\n",
        ujikon__web__api="from ujikon.service.audit import log\n",
    )
    bad = SERVICE_KNOWS_NO_FRONT_END.violations(imports)
    assert sorted((i.importer, i.target) for i in bad) == [
        ("ujikon.service.audit", "ujikon.cli.render"),
        ("ujikon.service.digest", "ujikon.web.i18n"),
    ]


def test_leaves_rule_catches_a_leaf_importing_ujikon() -> None:
    imports = _graph(
        ujikon__init="",
        ujikon__errors="import datetime\n",
        ujikon__dates="from ujikon.errors import InputError\n",
        ujikon__canonical="from ujikon import __version__\n",
        ujikon__domain__case="from ujikon.dates import format_date_id\n",
    )
    bad = LEAVES_IMPORT_NOTHING.violations(imports)
    assert sorted((i.importer, i.target) for i in bad) == [
        ("ujikon.canonical", "ujikon"),
        ("ujikon.dates", "ujikon.errors"),
    ]


def test_law_rule_catches_the_catalogue_importing_beyond_the_leaves() -> None:
    imports = _graph(
        ujikon__law__init="from ujikon.law.catalogue import load_catalogue\n",
        ujikon__law__catalogue="from ujikon.errors import InputError\nimport ujikon.dates\n",
        ujikon__law__models="def f():\n    from ujikon.domain.case import Case\n",
        ujikon__domain__case="from ujikon.law import Catalogue\n",
        ujikon__errors="",
        ujikon__dates="",
    )
    bad = LAW_STANDS_ALONE.violations(imports)
    assert [(i.importer, i.target, i.line) for i in bad] == [
        ("ujikon.law.models", "ujikon.domain.case", 2)
    ]


# -- one writer ----------------------------------------------------------------------------------

STORE_WRITES = frozenset({"append", "append_with_search", "append_numbered", "append_under_lock"})
"""The store's append methods (:class:`ujikon.store.api.EventLog`)."""
WRITER = "ujikon.service.writer"


def log_appends(modules: Mapping[str, Source]) -> list[str]:
    """Every call of a store append method on something called ``log`` (``self.log``,
    ``service.log``, ``log``) outside the store itself and the one writer."""
    found = []
    for module, source in sorted(modules.items()):
        if module == WRITER or _within(module, ("ujikon.store",)):
            continue
        for node in ast.walk(ast.parse(source.text)):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            owner = node.func.value
            name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
            if node.func.attr in STORE_WRITES and name.endswith("log"):
                found.append(f"{source.where or module}:{node.lineno}: {ast.unparse(node.func)}")
    return found


def test_only_the_writer_appends_to_the_log() -> None:
    """One commit path (ujikon.service.writer): the use cases hand it what they decided."""
    assert log_appends(_package_sources()) == [], "appends beside the one writer"


def test_writer_rule_catches_a_use_case_appending_itself() -> None:
    modules = {
        "ujikon.service.cases": Source("def f(self):\n    self.log.append([])\n"),
        "ujikon.service.writer": Source("def g(self):\n    self.log.append_with_search([])\n"),
        "ujikon.store.sql": Source("def h(log):\n    log.append([])\n"),
        "ujikon.service.decrees": Source(
            "def i(service):\n    service.log.append_numbered('p', f)\n"
        ),
        "ujikon.service.notes": Source("def j(lines):\n    lines.append('x')\n"),
    }
    assert [line.split(":")[0] + ":" + line.split(":")[1] for line in log_appends(modules)] == [
        "ujikon.service.cases:2",
        "ujikon.service.decrees:2",
    ]
