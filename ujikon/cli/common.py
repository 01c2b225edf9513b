"""Shared pieces of the command line: options, consoles, labels, dates, files, errors.

Presentation only: the words shown for the states, steps and choices of a case, the
Indonesian way of writing dates, reading a step's data from a YAML/JSON file, and the
one renderer of :class:`~ujikon.errors.UjikonError`. No legal rule lives here; the
domain and the service decide, this module only shows what they decided.

Every command imports this module, ``ujikon law grounds`` too: it imports no domain model
at start (those of a case come with the function that needs them; the reading gate, which
needs :mod:`ujikon.domain.access`, is :mod:`ujikon.cli.gate`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.panel import Panel
from rich.text import Text

from ujikon.cli.terminal import TerminalConsole, json_text
from ujikon.dates import MONTHS_ID, WIB, format_date_id, format_time_wib
from ujikon.domain.labels import ACTION_LABELS, TRIGGER_LABELS, choice_label, trigger_label
from ujikon.errors import RuleViolation, UjikonError

if TYPE_CHECKING:
    from ujikon.domain.case import Case
    from ujikon.domain.roles import Actor
    from ujikon.service import Workspace

__all__ = [
    "COMMAND_OF_TRIGGER",
    "MONTHS_ID",
    "WIB",
    "CaseArg",
    "FileOpt",
    "Globals",
    "JsonOpt",
    "emit_json",
    "format_date_id",
    "format_time_wib",
    "globals_of",
    "label",
    "next_step_lines",
    "next_triggers",
    "out",
    "render_error",
    "workspace_of",
]

logger = logging.getLogger(__name__)


# -- labels (Bahasa Indonesia / English) ------------------------------------------------


def label(value: str, *, outcome: bool = False) -> str:
    """``"dikecualikan / exempt"`` for a known code; the code itself otherwise. A trigger
    reads as :data:`ujikon.domain.labels.TRIGGER_LABELS` says, in running text; ``open``
    with ``outcome`` is the conclusion (terbuka), not the step (buka kasus)."""
    if value in TRIGGER_LABELS and not (outcome and value == "open"):
        pair: tuple[str, str] | None = trigger_label(value, inline=True)
    else:  # a choice, or what a review entry records (``returned``: case.returned)
        pair = choice_label(value) or ACTION_LABELS.get(f"case.{value}")
    return f"{pair[0]} / {pair[1]}" if pair else value


COMMAND_OF_TRIGGER: dict[str, str] = {
    "identify": "identify",
    "cite_grounds": "cite",
    "assess_harm": "harm",
    "weigh_public_interest": "weigh",
    "conclude": "conclude",
    "submit": "submit",
    "revise": "revise",
    "return_for_revision": "return",
    "approve": "approve",
    "expire": "expire",
    "retest": "retest",
    "overturn": "overturn",
    "withdraw": "withdraw",
    "extend_answer": "extend",
    "file_objection": "object",
    "answer_objection": "answer-objection",
}
"""The ``ujikon case`` subcommand that fires each trigger (``include_in_decree`` has none:
a case enters a decree when the decree is compiled)."""


# -- options and context ------------------------------------------------------------------

CaseArg = Annotated[
    str,
    typer.Argument(
        metavar="ID",
        help="Nomor kasus, mis. UK-2026-0001 atau UK-2026-0001/2 / case id",
        show_default=False,
    ),
]
FileOpt = Annotated[
    Path | None,
    typer.Option(
        "--file",
        "-f",
        help="Berkas YAML/JSON berisi data langkah, sebagai ganti opsi / "
        "YAML or JSON file with the step's data, instead of options",
        dir_okay=False,
        show_default=False,
    ),
]
JsonOpt = Annotated[
    bool,
    typer.Option("--json", help="Cetak JSON ke stdout / print JSON to stdout"),
]


@dataclass
class Globals:
    """What the root options said; kept on the Typer context as ``ctx.obj``."""

    workspace: str
    db: str | None
    acting: str | None


def globals_of(ctx: typer.Context) -> Globals:
    obj = ctx.find_root().obj
    if not isinstance(obj, Globals):  # a subcommand app run on its own (tests of a group)
        obj = Globals(workspace="decisions", db=None, acting=None)
        ctx.find_root().obj = obj
    return obj


def workspace_of(ctx: typer.Context) -> Workspace:
    from ujikon.service import Workspace

    g = globals_of(ctx)
    return Workspace.locate(g.workspace, g.db)


def out() -> Console:
    """A console on stdout. Data is never read as Rich markup, and no character of it can
    drive the terminal (:class:`~ujikon.cli.terminal.TerminalConsole`)."""
    return TerminalConsole(markup=False, highlight=False, emoji=False)


def emit_json(data: Any) -> None:
    """Machine-readable output: indented UTF-8 JSON on stdout, nothing else (characters a
    terminal would obey as ``\\uXXXX`` escapes: the same data read back)."""
    typer.echo(json_text(data))


# -- errors -------------------------------------------------------------------------------


def render_error(exc: UjikonError) -> None:
    """Show an error to a person: a red-bordered panel on stderr.

    A refusal by a legal rule also shows the rule id, its article and the field.
    """
    console = TerminalConsole(stderr=True, markup=False, highlight=False, emoji=False)
    body = Text()
    if isinstance(exc, RuleViolation):
        if exc.location:
            body.append(f"{exc.location}\n")
        for index, one in enumerate(exc.all()):
            if index:
                body.append("\n\n")
            body.append(f"{one.message_id}\n")
            body.append(f"{one.message_en}\n", style="italic")
            body.append(f"Aturan / Rule: {one.rule}\n", style="bold")
            body.append(f"Pasal / Article: {one.article}")
            if one.field:
                body.append(f"\nKolom / Field: {one.field}")
    else:
        body.append(exc.message)
    console.print(
        Panel(
            body,
            title=f"Galat / Error ({type(exc).__name__})",
            title_align="left",
            border_style="red",
        )
    )


# -- what may come next ----------------------------------------------------------------------


def next_triggers(case: Case, actor: Actor | None) -> list[str]:
    """The triggers that may come next on ``case`` (only the actor's, when one is known)."""
    from ujikon.domain.decide import allowed_triggers, next_steps

    if actor is None:
        return next_steps(case.state)
    return allowed_triggers(case, actor)


def next_step_lines(case: Case, actor: Actor | None) -> list[tuple[str, str]]:
    """The next steps as (command to run, what it does) pairs."""
    from ujikon.domain.workflow import allowed_roles

    ref = case.case_id if case.next_revision is None else case.ref
    lines = []
    for trigger in next_triggers(case, actor):
        command = COMMAND_OF_TRIGGER.get(trigger)
        how = f"ujikon case {command} {ref}" if command else f"({trigger}: lewat SK / by decree)"
        what = label(trigger)
        if actor is None:
            roles = sorted(r.value for r in allowed_roles(trigger, case.state))
            what += f" [{', '.join(roles)}]"
        lines.append((how, what))
    return lines
