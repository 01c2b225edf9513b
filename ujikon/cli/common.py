"""Shared pieces of the command line: options, consoles, labels, dates, files, errors.

Presentation only: the words shown for the states, steps and choices of a case, the
Indonesian way of writing dates, reading a step's data from a YAML/JSON file, and the
one renderer of :class:`~ujikon.errors.UjikonError`. No legal rule lives here; the
domain and the service decide, this module only shows what they decided.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.panel import Panel
from rich.text import Text

from ujikon.cli.terminal import TerminalConsole, json_text
from ujikon.dates import MONTHS_ID, WIB, format_date_id, format_time_wib
from ujikon.domain.access import CASE_READERS_ALL_UNITS, Capability
from ujikon.domain.decide import allowed_triggers, next_steps
from ujikon.domain.roles import Actor
from ujikon.domain.workflow import allowed_roles
from ujikon.errors import PermissionDenied, RuleViolation, UjikonError

if TYPE_CHECKING:
    from ujikon.domain.case import Case
    from ujikon.service.cases import Service
    from ujikon.service.workspace import Workspace

__all__ = [
    "COMMAND_OF_TRIGGER",
    "MONTHS_ID",
    "READING_COMMANDS",
    "WIB",
    "CaseArg",
    "FileOpt",
    "Globals",
    "JsonOpt",
    "acting_reader",
    "emit_json",
    "format_date_id",
    "format_time_wib",
    "globals_of",
    "label",
    "next_step_lines",
    "next_triggers",
    "open_service",
    "out",
    "render_error",
    "workspace_of",
]

logger = logging.getLogger(__name__)


# -- labels (Bahasa Indonesia / English) ------------------------------------------------

_LABELS: dict[str, tuple[str, str]] = {
    # triggers
    "open": ("buka kasus", "open a case"),
    "identify": ("identifikasi dokumen dan informasi", "identify the document and information"),
    "cite_grounds": ("kutip dasar pengecualian", "cite the grounds"),
    "assess_harm": ("uraikan konsekuensi", "assess the harm"),
    "weigh_public_interest": ("timbang kepentingan publik", "weigh the public interest"),
    "conclude": ("simpulkan dan tetapkan jangka waktu", "conclude and set the period"),
    "submit": ("ajukan untuk ditinjau", "submit for review"),
    "revise": ("perbaiki langkah", "revise a step"),
    "return_for_revision": ("kembalikan untuk diperbaiki", "return for revision"),
    "approve": ("setujui", "approve"),
    "include_in_decree": ("masukkan ke SK", "include in a decree"),
    "expire": ("nyatakan jangka waktu berakhir", "record that the period ended"),
    "retest": ("uji ulang (revisi baru)", "retest (new revision)"),
    "overturn": ("catat pembatalan oleh putusan", "record a ruling that overturns it"),
    "withdraw": ("tarik kasus", "withdraw the case"),
    "extend_answer": (
        "perpanjang jawaban permohonan (Pasal 22(8))",
        "extend the answer to the request (Pasal 22(8))",
    ),
    "file_objection": ("catat keberatan (Pasal 35-36)", "record an objection (Pasal 35-36)"),
    "answer_objection": (
        "tanggapan Atasan PPID atas keberatan (Pasal 36(2))",
        "the Atasan PPID's answer to an objection (Pasal 36(2))",
    ),
    # objection outcomes
    "upheld": ("menguatkan keputusan PPID", "upholds the PPID's decision"),
    "opened": ("memerintahkan informasi dibuka", "orders the information opened"),
    # trigger kinds
    "proactive": ("proaktif (sebelum ada permohonan)", "proactive (before any request)"),
    "request": ("atas permohonan informasi", "on a request for information"),
    "ki_order": ("atas perintah Majelis Komisioner", "on a Komisi Informasi panel's order"),
    # document forms
    "printed": ("tercetak", "printed"),
    "electronic": ("elektronik", "electronic"),
    "audiovisual": ("audiovisual", "audiovisual"),
    "other": ("lainnya", "other"),
    # scope
    "whole": ("seluruh dokumen", "the whole document"),
    "part": ("sebagian dokumen", "part of the document"),
    # weighing
    "harm": ("konsekuensi bila dibuka lebih besar", "the harm of disclosure weighs more"),
    "public_interest": ("kepentingan publik lebih besar", "the public interest weighs more"),
    # outcomes
    "exempt": ("dikecualikan", "exempt"),
    "partly_exempt": ("dikecualikan sebagian", "partly exempt"),
    # redaction
    "blacken": ("dihitamkan", "blacked out"),
    "blur": ("dikaburkan", "blurred"),
    # period kinds
    "until_date": ("sampai tanggal", "until a date"),
    "until_condition": ("sampai kondisi terpenuhi", "until a condition is met"),
    "permanent": ("permanen", "permanent"),
    # authorities
    "komisi_informasi": ("Komisi Informasi", "Information Commission"),
    "court": ("pengadilan", "court"),
    "atasan_ppid": ("Atasan PPID", "the PPID's superior"),
    # review entries
    "submitted": ("diajukan", "submitted"),
    "returned": ("dikembalikan", "returned"),
    "revised": ("diperbaiki", "revised"),
    "approved": ("disetujui", "approved"),
}

# "open" is both a trigger and an outcome; the outcome reads differently.
_OUTCOME_OPEN = ("terbuka", "open")


def label(value: str, *, outcome: bool = False) -> str:
    """``"dikecualikan / exempt"`` for a known code; the code itself otherwise."""
    if outcome and value == "open":
        return " / ".join(_OUTCOME_OPEN)
    pair = _LABELS.get(value)
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
    from ujikon.service.workspace import Workspace

    g = globals_of(ctx)
    return Workspace.locate(g.workspace, g.db)


def open_service(ctx: typer.Context) -> Service:
    """The service over the chosen workspace; its store is closed when the command ends.

    A reading command of :data:`READING_COMMANDS` is refused here, before it reads
    anything, unless the acting user (``--as`` / ``UJIKON_USER``) is known and their role
    may read what it shows.
    """
    service = workspace_of(ctx).open()
    ctx.find_root().call_on_close(service.log.close)
    callback = ctx.command.callback
    name = f"{callback.__module__}.{callback.__name__}" if callback is not None else ""
    gate = READING_COMMANDS.get(name)
    if gate is not None:
        actor = service.reader(globals_of(ctx).acting, gate)
        check = _READING_CHECKS.get(name)
        if check is not None:
            check(ctx, service, actor)
    return service


def acting_reader(
    ctx: typer.Context, service: Service, capability: Capability = Capability.READ_CASES
) -> Actor:
    """The acting user of a reading command, as the service checks them: known, active,
    and of a role that holds ``capability``.

    :raises PermissionDenied: no ``--as``/``UJIKON_USER``, unknown, deactivated, or the
        role may not.
    """
    return service.reader(globals_of(ctx).acting, capability)


READING_COMMANDS: dict[str, Capability] = {
    # Cases: each command also names the viewer to the service, which applies own-unit.
    "ujikon.cli.case.show": Capability.READ_CASES,
    "ujikon.cli.case.list_": Capability.READ_CASES,
    "ujikon.cli.case.history": Capability.READ_CASES,
    "ujikon.cli.case.lint": Capability.READ_CASES,
    "ujikon.cli.case.search": Capability.READ_CASES,
    # The DIK is the body's public register: every role reads all of it.
    "ujikon.cli.register.register_export": Capability.READ_REGISTER,
    # The whole log and evidence packs hold every unit's reasoning.
    "ujikon.cli.audit.audit_log": Capability.READ_AUDIT_LOG,
    "ujikon.cli.audit.audit_pack": Capability.EXPORT_EVIDENCE,
    # Decrees: issued ones are public documents; a draft's PDF is its makers'.
    "ujikon.cli.decree.decree_list": Capability.READ_DECREES,
    "ujikon.cli.decree.decree_show": Capability.READ_DECREES,
    "ujikon.cli.decree.decree_preview": Capability.DRAFT_DECREES,
    # Digests: each user's deadlines of the cases they may see.
    "ujikon.cli.digest.show": Capability.READ_CASES,
}
"""The commands that read the workspace's cases, decrees, log or register, by their
function, and what the acting user's role must hold (:data:`~ujikon.domain.access.CAPABILITIES`).
:func:`open_service` refuses them for nobody, an unknown or deactivated user, or a role
without it, the same rule as the pages and the API."""


def _own_digest_only(ctx: typer.Context, service: Service, actor: Actor) -> None:
    """``digest show``: a digest lists the deadlines of its user's unit; an officer reads
    their own (``--user`` themself), the body-wide roles anyone's."""
    if actor.role in CASE_READERS_ALL_UNITS or ctx.params.get("user") == actor.username:
        return
    raise PermissionDenied(
        f"Petugas hanya melihat ringkasan tenggatnya sendiri: --user {actor.username}. / "
        f"An officer reads their own digest only: --user {actor.username}."
    )


def _drafts_to_their_makers(ctx: typer.Context, service: Service, actor: Actor) -> None:
    """``decree show``: a draft is the decree makers' working paper; to anyone else it is
    "not found", in the words the desk uses for an id that no decree has (as on the web)."""
    from ujikon.domain.access import DECREE_NOT_FOUND_HINT, may_see_decree
    from ujikon.errors import NotFound

    key = str(ctx.params.get("key") or "")
    try:
        decree = workspace_of(ctx).decrees(service).find(key)
    except NotFound:
        return  # the command itself says so, in these very words
    if not may_see_decree(actor, decree):
        raise NotFound("SK/decree", key, DECREE_NOT_FOUND_HINT)


_READING_CHECKS: dict[str, Callable[[typer.Context, Service, Actor], None]] = {
    "ujikon.cli.decree.decree_show": _drafts_to_their_makers,
    "ujikon.cli.digest.show": _own_digest_only,
}


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
        body.append(f"{exc.message_id}\n")
        body.append(f"{exc.message_en}\n", style="italic")
        body.append(f"Aturan / Rule: {exc.rule}\n", style="bold")
        body.append(f"Pasal / Article: {exc.article}")
        if exc.field:
            body.append(f"\nKolom / Field: {exc.field}")
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
    if actor is None:
        return next_steps(case.state)
    return allowed_triggers(case, actor)


def next_step_lines(case: Case, actor: Actor | None) -> list[tuple[str, str]]:
    """The next steps as (command to run, what it does) pairs."""
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
