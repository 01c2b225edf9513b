"""The ``ujikon`` command line (Typer + Rich).

Thin by design: a command parses its options, builds the service from the workspace
(:class:`~ujikon.service.workspace.Workspace`), calls one service method and prints the result,
as a Rich table or, with ``--json``, as JSON on stdout. No legal rule lives here.

Errors are shown in one place, :class:`_ReportingGroup` (the root command): any
:class:`~ujikon.errors.UjikonError` becomes a red panel on stderr and the process exits
with the error's ``exit_code`` (2 input, 3 rule, 4 conflict, 5 not found, 6 permission,
7 store, 8 signing key, 9 signing). ``ujikon verify`` exits 0 for a valid decree, 10 for
one modified after signing and 11 for any other reason it is not valid. Anything else is
a bug and is not swallowed.

The commands live in ``cli_case`` (cases), ``cli_law`` (catalogue, workflow diagram),
``cli_decree`` (body profile, keys, decrees, verify) and here (workspace, users, index,
demo); ``cli_common`` and ``cli_render`` hold the helpers.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Annotated, Any

import typer
from rich.table import Table
from typer.core import TyperGroup

from ujikon.cli.audit import audit_app
from ujikon.cli.calendar import calendar_app
from ujikon.cli.case import case_app
from ujikon.cli.common import (
    Globals,
    JsonOpt,
    emit_json,
    format_date_id,
    format_time_wib,
    globals_of,
    open_service,
    out,
    render_error,
    workspace_of,
)
from ujikon.cli.decree import body_app, decree_app, keys_app, verify
from ujikon.cli.digest import digest_app
from ujikon.cli.law import law_app, workflow_app
from ujikon.cli.lifecycle import lifecycle_app, review_app
from ujikon.cli.register import register_app
from ujikon.cli.serve import PasswordStdinOpt, read_new_password, serve
from ujikon.cli.terminal import TerminalConsole
from ujikon.domain.roles import Role
from ujikon.errors import InputError, UjikonError

__all__ = ["app", "format_date_id", "main"]

logger = logging.getLogger(__name__)


class _ReportingGroup(TyperGroup):
    """The root command: the one place where ujikon's errors meet the user."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except UjikonError as exc:
            logger.debug("command failed", exc_info=True)
            render_error(exc)
            raise typer.Exit(exc.exit_code) from None


app = typer.Typer(
    name="ujikon",
    cls=_ReportingGroup,
    help="Uji konsekuensi UU 14/2008 sebagai alur kerja yang dapat diaudit / "
    "the consequence test of Indonesia's FOI law as an auditable workflow",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    add_completion=False,
)
user_app = typer.Typer(help="Pengguna dan peran / users and roles", no_args_is_help=True)
index_app = typer.Typer(
    help="Indeks daftar kasus / the case-list index beside the log", no_args_is_help=True
)
app.add_typer(case_app, name="case")
app.add_typer(user_app, name="user")
app.add_typer(law_app, name="law")
app.add_typer(workflow_app, name="workflow")
app.add_typer(index_app, name="index")
app.add_typer(body_app, name="body")
app.add_typer(keys_app, name="keys")
app.add_typer(decree_app, name="decree")
app.command("verify")(verify)
app.add_typer(audit_app, name="audit")
app.add_typer(register_app, name="register")
app.add_typer(calendar_app, name="calendar")
app.add_typer(lifecycle_app, name="lifecycle")
app.add_typer(review_app, name="review")
app.add_typer(digest_app, name="digest")
app.command("serve")(serve)


@app.callback()
def root(
    ctx: typer.Context,
    workspace: Annotated[
        str,
        typer.Option(
            "--workspace",
            envvar="UJIKON_WORKSPACE",
            metavar="DIR",
            help="Direktori ruang kerja / workspace directory",
        ),
    ] = "decisions",
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            envvar="UJIKON_DB",
            metavar="URL",
            help="URL basis data (bawaan: SQLite di ruang kerja) / database URL "
            "(default: SQLite in the workspace)",
            show_default=False,
        ),
    ] = None,
    acting: Annotated[
        str | None,
        typer.Option(
            "--as",
            envvar="UJIKON_USER",
            metavar="USER",
            help="Pengguna yang bertindak / the acting user",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Uji konsekuensi UU 14/2008 / the consequence test of UU 14/2008."""
    ctx.obj = Globals(workspace=workspace, db=db, acting=acting)


@app.command("init")
def init(
    ctx: typer.Context,
    body_name: Annotated[
        str | None,
        typer.Option("--body-name", help="Nama Badan Publik / the public body's name"),
    ] = None,
) -> None:
    """Siapkan ruang kerja dan basis data (aman diulang) / set up the workspace (idempotent)."""
    ws = workspace_of(ctx)
    service = ws.init()
    ctx.find_root().call_on_close(service.log.close)
    if body_name:
        service.log.set_meta("body_name", body_name)
    console = out()
    console.print(f"Ruang kerja / Workspace: {ws.directory.resolve()}")
    console.print(f"Basis data / Database:   {ws.shown_db_url}")
    name = service.log.get_meta("body_name")
    if name:
        console.print(f"Badan Publik / Body:     {name}")
    console.print("Siap / Ready.")


# -- users --------------------------------------------------------------------------------------


@user_app.command("add")
def user_add(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument(metavar="USERNAME", help="Nama pengguna / username")],
    role: Annotated[Role, typer.Option("--role", help="Peran / role")],
    full_name: Annotated[str, typer.Option("--full-name", help="Nama lengkap / full name")] = "",
    unit: Annotated[str, typer.Option("--unit", help="Unit kerja / unit")] = "",
    nip: Annotated[str, typer.Option("--nip", help="NIP (Nomor Induk Pegawai)")] = "",
    password_stdin: PasswordStdinOpt = False,
) -> None:
    """Tambah pengguna; yang pertama harus admin / add a user; the first must be an admin.

    Kata sandi untuk masuk ke web: ditanyakan bila di terminal, atau dari --password-stdin;
    tidak ada kata sandi bawaan. / The web log-in password: asked for at a terminal, or read
    with --password-stdin; no default password exists.
    """
    data = {"username": username, "role": role, "full_name": full_name, "unit": unit, "nip": nip}
    service = open_service(ctx)
    acting = globals_of(ctx).acting
    password = read_new_password(password_stdin, username)
    user = service.add_user(acting, data)
    out().print(
        f"Pengguna / User {user.username}: {user.role.label_id} / {user.role.label_en} "
        f"({user.role.value}), ditambahkan oleh / added by {user.added_by}"
    )
    if password is None:
        out().print(
            f"Belum ada kata sandi web; setel dengan / no web password yet; set one with: "
            f"ujikon user passwd {user.username}"
        )
        return
    service.set_password(acting, user.username, password)
    out().print("Kata sandi web disetel / web password set.")


@user_app.command("passwd")
def user_passwd(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument(metavar="USERNAME", help="Nama pengguna / username")],
    password_stdin: PasswordStdinOpt = False,
) -> None:
    """Setel kata sandi web seorang pengguna (admin, atau diri sendiri) / set a user's web
    password (an admin, or the user themself)."""
    service = open_service(ctx)
    service.user(username)
    password = read_new_password(password_stdin, username)
    if password is None:
        raise InputError(
            "password",
            "tidak ada terminal untuk menanyakan kata sandi; gunakan --password-stdin / no "
            "terminal to ask for the password; use --password-stdin",
        )
    service.set_password(globals_of(ctx).acting, username, password)
    out().print(f"Kata sandi web {username} disetel / web password of {username} set.")


@user_app.command("list")
def user_list(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Daftar pengguna / list users."""
    users = open_service(ctx).users()
    if as_json:
        emit_json([u.model_dump(mode="json") for u in users])
        return
    table = Table(title=f"Pengguna / Users ({len(users)})")
    for column in (
        "Pengguna / User",
        "Peran / Role",
        "Nama / Name",
        "Unit",
        "NIP",
        "Aktif / Active",
        "Ditambahkan / Added",
    ):
        table.add_column(column)
    for u in users:
        table.add_row(
            u.username,
            f"{u.role.label_id} ({u.role.value})",
            u.full_name,
            u.unit,
            u.nip,
            "ya / yes" if u.active else "tidak / no",
            f"{u.added_by}, {format_time_wib(u.added_at)}",
        )
    out().print(table)


# -- index and demo ---------------------------------------------------------------------------


@index_app.command("rebuild")
def index_rebuild(ctx: typer.Context) -> None:
    """Bangun ulang daftar kasus dari log / rebuild the case list from the log."""
    count = open_service(ctx).rebuild_index()
    out().print(f"Indeks dibangun ulang / index rebuilt: {count} kasus / cases")


@app.command("demo")
def demo(ctx: typer.Context) -> None:
    """Jalankan demo lengkap di ruang kerja / run the full demo in the workspace."""
    from ujikon.service.demo import run_demo

    raise typer.Exit(run_demo(workspace_of(ctx), TerminalConsole(highlight=False)))


def main(argv: Sequence[str] | None = None) -> None:
    """Console entry point (``ujikon``). Typer runs in standalone mode: usage errors exit
    2, and ujikon's errors are reported by the root command and exit with their code."""
    app(args=list(argv) if argv is not None else None, prog_name="ujikon")


if __name__ == "__main__":  # pragma: no cover
    main()
