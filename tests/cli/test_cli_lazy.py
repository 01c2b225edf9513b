"""The root loads its commands on use: what ``ujikon --help`` lists comes from
``ujikon.cli.main.COMMANDS`` without importing them, and must say what they say.

Start-up time itself is measured by ``bench/bench_startup.py``, not here: these tests
check which modules a start imports, which does not depend on the machine's load.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
import typer
from cli_support import Cli
from typer.main import get_command

from ujikon.cli.lazy import LazyCommand, LazyGroup, short_help
from ujikon.cli.main import COMMANDS, app

HEAVY = (
    "pydantic",
    "sqlalchemy",
    "transitions",
    "weasyprint",
    "pyhanko",
    "uvicorn",
    "fastapi",
    "ujikon.domain.access",
    "ujikon.domain.case",
    "ujikon.domain.workflow",
    "ujikon.service",
    "ujikon.store",
    "ujikon.documents",
    "ujikon.web",
)
GROUP_MODULES = tuple(sorted({entry.target.partition(":")[0] for entry in COMMANDS}))


def _imported_after(code: str) -> set[str]:
    """The modules a fresh interpreter holds after running ``code`` (its stdout is
    discarded, the module names come on stderr)."""
    probe = f"{code}\nimport sys\nprint('\\n'.join(sys.modules), file=sys.stderr)"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(done.stderr.split())


def _loaded(names: set[str], prefixes: tuple[str, ...]) -> set[str]:
    return {
        prefix
        for prefix in prefixes
        for name in names
        if name == prefix or name.startswith(prefix + ".")
    }


@pytest.mark.parametrize("entry", COMMANDS, ids=[entry.name for entry in COMMANDS])
def test_each_listed_line_is_the_commands_own_help(entry: LazyCommand) -> None:
    real = entry.load()
    assert real.name == entry.name
    assert short_help(real) == entry.help, (
        f"COMMANDS[{entry.name!r}].help differs from {entry.target}'s own help"
    )
    assert not real.hidden and not real.deprecated
    assert not getattr(real, "rich_help_panel", None)  # listed in the one default panel


def test_the_table_names_every_command_once() -> None:
    names = [entry.name for entry in COMMANDS]
    assert len(names) == len(set(names))
    assert list(get_command(app).commands) == names  # type: ignore[attr-defined]


def _root_help(root: LazyGroup, capsys: pytest.CaptureFixture[str]) -> str:
    """The root's ``--help`` as written (Typer's Rich help prints; it returns nothing)."""
    capsys.readouterr()
    returned = root.get_help(typer.Context(root, info_name="ujikon"))
    return returned + capsys.readouterr().out


def test_the_listing_is_the_same_with_every_command_loaded(
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = get_command(app)
    assert isinstance(root, LazyGroup)
    listed = _root_help(root, capsys)
    assert all(f"│ {entry.name} " in listed for entry in COMMANDS)  # the help was written
    for name in root.commands:
        root.commands[name]  # loads it
    assert _root_help(root, capsys) == listed


def test_a_group_is_built_once_per_root() -> None:
    root = get_command(app)
    assert root.commands["law"] is root.commands["law"]  # type: ignore[attr-defined]


def test_an_unknown_command_is_refused_with_a_suggestion(cli: Cli) -> None:
    result = cli("lwa", "grounds", code=2)
    assert "No such command" in result.output
    assert "'law'" in result.output


def test_errors_of_a_lazy_group_become_a_panel_and_an_exit_code(cli: Cli) -> None:
    result = cli("law", "show", "17z9", code=5)
    assert "Galat / Error (NotFound)" in result.output


def test_a_group_added_to_the_app_is_listed_after_the_table() -> None:
    extra = typer.Typer(help="Tambahan / extra")

    @extra.command("hello")
    def hello() -> None:
        """Halo / hello."""

    shell = typer.Typer(name="ujikon", cls=type(get_command(app)))
    shell.callback()(lambda: None)
    shell.add_typer(extra, name="extra")
    root = get_command(shell)
    assert list(root.commands) == [*(entry.name for entry in COMMANDS), "extra"]  # type: ignore[attr-defined]


def test_importing_the_root_imports_no_command_and_nothing_heavy() -> None:
    names = _imported_after("import ujikon.cli.main")
    assert _loaded(names, HEAVY) == set()
    assert _loaded(names, GROUP_MODULES) == set()


def test_the_root_help_imports_no_command_and_nothing_heavy() -> None:
    names = _imported_after(
        "from ujikon.cli.main import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass"
    )
    assert "rich" in names  # the help was written
    assert _loaded(names, HEAVY) == set()
    assert _loaded(names, GROUP_MODULES) == set()


def test_law_grounds_imports_the_catalogue_and_nothing_heavy() -> None:
    """Not even pydantic: the catalogue's models are dataclasses, and Typer before 0.29
    converts parameters without it (0.29 builds a pydantic adapter for every parameter
    of the command that runs, some 60 ms of the start-up budget of issue 11)."""
    names = _imported_after(
        "from ujikon.cli.main import main\n"
        "try:\n    main(['law', 'grounds'])\nexcept SystemExit:\n    pass"
    )
    assert {"ujikon.cli.law", "ujikon.law"} <= names
    assert _loaded(names, GROUP_MODULES) == {"ujikon.cli.law"}
    assert _loaded(names, HEAVY) == set()
