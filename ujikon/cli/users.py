"""``ujikon user …``: the workspace's users, their roles and web passwords."""

from __future__ import annotations

import logging
from typing import Annotated

import typer
from rich.table import Table

from ujikon.cli.common import JsonOpt, emit_json, format_time_wib, globals_of, out
from ujikon.cli.gate import open_app
from ujikon.cli.serve import PasswordStdinOpt, read_new_password
from ujikon.domain.roles import Role
from ujikon.errors import InputError

__all__ = ["user_app"]

logger = logging.getLogger(__name__)

user_app = typer.Typer(help="Pengguna dan peran / users and roles", no_args_is_help=True)


@user_app.command("add")
def user_add(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument(metavar="USERNAME", help="Nama pengguna / username")],
    role: Annotated[Role, typer.Option("--role", help="Peran / role")],
    full_name: Annotated[str, typer.Option("--full-name", help="Nama lengkap / full name")] = "",
    unit: Annotated[str, typer.Option("--unit", help="Unit kerja / unit")] = "",
    nip: Annotated[str, typer.Option("--nip", help="NIP (Nomor Induk Pegawai)")] = "",
    position: Annotated[
        str, typer.Option("--position", help="Jabatan (untuk berita acara) / position")
    ] = "",
    password_stdin: PasswordStdinOpt = False,
) -> None:
    """Tambah pengguna; yang pertama harus admin / add a user; the first must be an admin.

    Kata sandi untuk masuk ke web: ditanyakan bila di terminal, atau dari --password-stdin;
    tidak ada kata sandi bawaan. / The web log-in password: asked for at a terminal, or read
    with --password-stdin; no default password exists.
    """
    data = {
        "username": username,
        "role": role,
        "full_name": full_name,
        "unit": unit,
        "nip": nip,
        "position": position,
    }
    service = open_app(ctx).cases
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
    service = open_app(ctx).cases
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


@user_app.command("set")
def user_set(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument(metavar="USERNAME", help="Nama pengguna / username")],
    full_name: Annotated[
        str | None, typer.Option("--full-name", help="Nama lengkap / full name")
    ] = None,
    nip: Annotated[str | None, typer.Option("--nip", help="NIP (Nomor Induk Pegawai)")] = None,
    position: Annotated[
        str | None, typer.Option("--position", help="Jabatan (untuk berita acara) / position")
    ] = None,
    role: Annotated[Role | None, typer.Option("--role", help="Peran / role")] = None,
    unit: Annotated[str | None, typer.Option("--unit", help="Unit kerja / unit")] = None,
) -> None:
    """Ubah profil pengguna (admin); yang tidak disebut tetap / change a user's profile
    (admin); fields not given keep their value. Riwayat tidak ditulis ulang / the history
    is not rewritten."""
    changes = {"full_name": full_name, "nip": nip, "position": position, "role": role, "unit": unit}
    given = {k: v for k, v in changes.items() if v is not None}
    if not given:
        raise InputError(
            "opsi / options",
            "sebutkan yang diubah (lihat --help) / give what to change (see --help)",
        )
    user = open_app(ctx).cases.update_user(globals_of(ctx).acting, username, given)
    out().print(
        f"Profil {user.username} disimpan / profile saved: {user.full_name or '-'}, "
        f"{user.role.label_id} ({user.role.value}), unit {user.unit or '-'}, "
        f"jabatan / position {user.position or '-'}"
    )


@user_app.command("deactivate")
def user_deactivate(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument(metavar="USERNAME", help="Nama pengguna / username")],
    reason: Annotated[
        str, typer.Option("--reason", help="Alasan, mis. mutasi / reason, e.g. transferred")
    ] = "",
) -> None:
    """Nonaktifkan pengguna (admin): tidak dapat masuk atau bertindak lagi; namanya tetap di
    riwayat / deactivate a user (admin): no log-in or action any more; the history keeps
    their name."""
    user = open_app(ctx).cases.set_user_active(globals_of(ctx).acting, username, False, reason)
    out().print(f"Pengguna {user.username} dinonaktifkan / user deactivated.")


@user_app.command("activate")
def user_activate(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument(metavar="USERNAME", help="Nama pengguna / username")],
) -> None:
    """Aktifkan kembali pengguna (admin) / reactivate a user (admin)."""
    user = open_app(ctx).cases.set_user_active(globals_of(ctx).acting, username, True)
    out().print(f"Pengguna {user.username} diaktifkan kembali / user reactivated.")


@user_app.command("list")
def user_list(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Daftar pengguna / list users."""
    users = open_app(ctx).cases.users()
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
        "Jabatan / Position",
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
            u.position,
            "ya / yes" if u.active else "tidak / no",
            f"{u.added_by}, {format_time_wib(u.added_at)}",
        )
    out().print(table)
