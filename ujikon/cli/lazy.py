"""A command group whose subcommands are imported when they are used, not at start-up.

``ujikon --help`` lists every command group, and ``ujikon law grounds`` runs one of them:
neither should pay for importing the others (their domain models, the service, the
store). :class:`LazyGroup` knows each subcommand by a :class:`LazyCommand`: its name,
where it lives (``"ujikon.cli.law:law_app"``) and the one line of help its parent's
``--help`` shows. Listing uses that line; invoking a subcommand, or asking for its own
``--help``, imports its module and builds the real command.

The one line is written down a second time (the real command has it in its Typer
``help=`` or its docstring); ``tests/cli/test_cli_lazy.py`` checks every entry against the
command it names, so the two cannot drift apart unnoticed.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Iterator, Mapping, MutableMapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

import typer
import typer.main
from typer.core import TyperCommand, TyperGroup

if TYPE_CHECKING:
    from typer import _click

__all__ = ["LazyCommand", "LazyCommands", "LazyGroup", "short_help"]


def short_help(command: _click.Command) -> str:
    """The line a parent's ``--help`` shows for ``command``: the first paragraph of its
    help, as Typer's listing takes it."""
    text = command.short_help or command.help or ""
    return inspect.cleandoc(text).split("\n\n")[0].strip()


@dataclass(frozen=True)
class LazyCommand:
    """A subcommand known by name before its module is imported.

    ``target`` is ``"module:attribute"``: a :class:`typer.Typer` (a command group) or a
    plain function (a single command, registered the way ``app.command(name)`` would).
    """

    name: str
    target: str
    help: str

    def load(self) -> _click.Command:
        """Import the target and build its command exactly as ``add_typer`` or
        ``command`` on the parent would have."""
        module_name, _, attribute = self.target.partition(":")
        target: Any = getattr(importlib.import_module(module_name), attribute)
        shell = typer.Typer()
        if isinstance(target, typer.Typer):
            shell.add_typer(target, name=self.name)
        else:
            shell.command(self.name)(target)
        return typer.main.get_group(shell).commands[self.name]

    def placeholder(self) -> _click.Command:
        """A stand-in that carries only what the parent's listing reads."""
        return TyperCommand(self.name, help=self.help)


class LazyCommands(MutableMapping[str, "_click.Command"]):
    """A group's subcommands by name, in listing order: a lazy one is imported the first
    time it is looked up (``commands["case"]``), not when the names are listed."""

    def __init__(self, lazy: Sequence[LazyCommand], loaded: Mapping[str, _click.Command]):
        self._lazy = {entry.name: entry for entry in lazy}
        self._loaded: dict[str, _click.Command] = {}
        self._order = list(self._lazy)
        for name, command in loaded.items():
            self[name] = command

    def __getitem__(self, name: str) -> _click.Command:
        command = self._loaded.get(name)
        if command is None:
            entry = self._lazy[name]  # KeyError for a name the group does not have
            command = self._loaded[name] = entry.load()
        return command

    def __setitem__(self, name: str, command: _click.Command) -> None:
        if name not in self._lazy and name not in self._loaded:
            self._order.append(name)
        self._loaded[name] = command

    def __delitem__(self, name: str) -> None:
        if name not in self._lazy and name not in self._loaded:
            raise KeyError(name)
        self._lazy.pop(name, None)
        self._loaded.pop(name, None)
        self._order.remove(name)

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._order))

    def __len__(self) -> int:
        return len(self._order)

    def __contains__(self, name: object) -> bool:
        return name in self._lazy or name in self._loaded

    def peek(self, name: str) -> _click.Command | None:
        """The command if it is loaded, its placeholder if not: nothing is imported."""
        command = self._loaded.get(name)
        if command is not None:
            return command
        entry = self._lazy.get(name)
        return entry.placeholder() if entry is not None else None


class LazyGroup(TyperGroup):
    """A :class:`~typer.core.TyperGroup` whose subcommands :attr:`lazy` (in this order,
    before any registered on the Typer app itself) load on use; see the module."""

    lazy: ClassVar[Sequence[LazyCommand]] = ()

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands: LazyCommands = LazyCommands(self.lazy, self.commands)
        self._listing = False

    def list_commands(self, ctx: _click.Context) -> list[str]:
        return list(self.commands)  # names only: .items() would import every group

    def get_command(self, ctx: _click.Context, cmd_name: str) -> _click.Command | None:
        if self._listing:
            return self.commands.peek(cmd_name)
        return self.commands.get(cmd_name)

    def format_help(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        with self._listing_only():
            super().format_help(ctx, formatter)

    @contextmanager
    def _listing_only(self) -> Iterator[None]:
        """While the help is written, a subcommand is looked up for its line only."""
        self._listing = True
        try:
            yield
        finally:
            self._listing = False
