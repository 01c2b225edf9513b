"""The reading gate: which commands read the workspace, and who may run them.

A command that shows cases, decrees, the log or the register is named here by its
function (``module.function``) with the capability its reader's role must hold; the
application is opened through :func:`open_app`, which refuses such a command before it
reads anything. The rule is the one the pages
and the API apply (:data:`~ujikon.domain.access.CAPABILITIES`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

import typer

from ujikon.cli.common import globals_of, workspace_of
from ujikon.domain.access import (
    CASE_READERS_ALL_UNITS,
    DECREE_NOT_FOUND_HINT,
    Capability,
    may_see_decree,
)
from ujikon.errors import NotFound, PermissionDenied

if TYPE_CHECKING:
    from ujikon.domain.roles import Actor
    from ujikon.service import Application, Service

__all__ = [
    "READING_COMMANDS",
    "acting_actor",
    "acting_reader",
    "check_reading",
    "open_app",
]

logger = logging.getLogger(__name__)


def open_app(ctx: typer.Context) -> Application:
    """The application over the chosen workspace, built once per command; its store is
    closed when the command ends.

    A reading command of :data:`READING_COMMANDS` is refused here, before it reads
    anything, unless the acting user (``--as`` / ``UJIKON_USER``) is known and their role
    may read what it shows.
    """
    root = ctx.find_root()
    app: Application | None = root.meta.get(_APP_KEY)
    if app is None:
        from ujikon.service import Application

        app = Application.open(workspace_of(ctx))
        root.meta[_APP_KEY] = app
        root.call_on_close(app.close)
        check_reading(ctx, app.cases)
    return app


def acting_actor(ctx: typer.Context) -> Actor:
    """The acting user (``--as`` / ``UJIKON_USER``) as the workspace knows them, resolved
    once per command however many use cases it calls (a step, then the next steps shown).

    :raises PermissionDenied: nobody named, unknown or deactivated (as the service says).
    """
    root = ctx.find_root()
    actor: Actor | None = root.meta.get(_ACTOR_KEY)
    if actor is None:
        actor = open_app(ctx).cases.actor(globals_of(ctx).acting)
        root.meta[_ACTOR_KEY] = actor
    return actor


_APP_KEY = "ujikon.application"
_ACTOR_KEY = "ujikon.acting_actor"


def acting_reader(
    ctx: typer.Context, service: Service, capability: Capability = Capability.READ_CASES
) -> Actor:
    """The acting user of a reading command, as the service checks them: known, active,
    and of a role that holds ``capability``.

    :raises PermissionDenied: no ``--as``/``UJIKON_USER``, unknown, deactivated, or the
        role may not.
    """
    return service.reader(acting_actor(ctx), capability)


def check_reading(ctx: typer.Context, service: Service) -> None:
    """Refuse a command of :data:`READING_COMMANDS` for nobody, an unknown or deactivated
    user, or a role without its capability; any other command passes."""
    callback = ctx.command.callback
    name = f"{callback.__module__}.{callback.__name__}" if callback is not None else ""
    gate = READING_COMMANDS.get(name)
    if gate is not None:
        actor = service.reader(acting_actor(ctx), gate)
        check = _READING_CHECKS.get(name)
        if check is not None:
            check(ctx, service, actor)


READING_COMMANDS: dict[str, Capability] = {
    # Cases: each command also names the viewer to the service, which applies own-unit.
    "ujikon.cli.case.show": Capability.READ_CASES,
    "ujikon.cli.case.list_": Capability.READ_CASES,
    "ujikon.cli.case.history": Capability.READ_CASES,
    "ujikon.cli.case.lint": Capability.READ_CASES,
    "ujikon.cli.case.search": Capability.READ_CASES,
    "ujikon.cli.case.sheet": Capability.READ_CASES,
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
    # The self-assessment reads every unit's cases, decrees and deadlines: the readers of
    # the whole log (not an officer, whose duty is one unit, nor the administrator).
    "ujikon.cli.monev.assess": Capability.READ_AUDIT_LOG,
}
"""The commands that read the workspace's cases, decrees, log or register, by their
function, and what the acting user's role must hold (:data:`~ujikon.domain.access.CAPABILITIES`).
:func:`check_reading` refuses them for nobody, an unknown or deactivated user, or a role
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
    key = str(ctx.params.get("key") or "")
    try:
        decree = open_app(ctx).decrees.find(key)
    except NotFound:
        return  # the command itself says so, in these very words
    if not may_see_decree(actor, decree):
        raise NotFound("SK/decree", key, DECREE_NOT_FOUND_HINT)


_READING_CHECKS: dict[str, Callable[[typer.Context, Service, Actor], None]] = {
    "ujikon.cli.decree.decree_show": _drafts_to_their_makers,
    "ujikon.cli.digest.show": _own_digest_only,
}
