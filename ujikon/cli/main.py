"""The ``ujikon`` command line (Typer + Rich): the root command and its error mapping.

Thin by design: a command parses its options, builds the service from the workspace
(:class:`~ujikon.service.workspace.Workspace`), calls one service method and prints the result,
as a Rich table or, with ``--json``, as JSON on stdout. No legal rule lives here.

Errors are shown in one place, :class:`_ReportingGroup` (the root command): any
:class:`~ujikon.errors.UjikonError` becomes a red panel on stderr and the process exits
with the error's ``exit_code`` (2 input, 3 rule, 4 conflict, 5 not found, 6 permission,
7 store, 8 signing key, 9 signing). ``ujikon verify`` exits 0 for a valid decree, 10 for
one modified after signing and 11 for any other reason it is not valid. Anything else is
a bug and is not swallowed.

Every command and group lives in its own module and is listed in :data:`COMMANDS`, which
the root loads on use (:mod:`ujikon.cli.lazy`): ``ujikon --help`` imports none of them,
``ujikon law grounds`` only :mod:`ujikon.cli.law`. ``cli.common`` and ``cli.render`` hold
the helpers.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Annotated, Any

import typer

from ujikon.cli.lazy import LazyCommand, LazyGroup
from ujikon.dates import format_date_id

__all__ = ["COMMANDS", "app", "format_date_id", "main"]

logger = logging.getLogger(__name__)

COMMANDS: tuple[LazyCommand, ...] = (
    LazyCommand(
        "verify",
        "ujikon.cli.decree:verify",
        "Periksa SK bertanda tangan, luring / Check a signed decree, offline.",
    ),
    LazyCommand(
        "serve",
        "ujikon.cli.serve:serve",
        "Jalankan aplikasi web atas ruang kerja ini / run the web application on this workspace.",
    ),
    LazyCommand(
        "init",
        "ujikon.cli.workspace:init",
        "Siapkan ruang kerja dan basis data (aman diulang) / set up the workspace (idempotent).",
    ),
    LazyCommand(
        "demo",
        "ujikon.cli.workspace:demo",
        "Jalankan demo lengkap di ruang kerja / run the full demo in the workspace.",
    ),
    LazyCommand(
        "case",
        "ujikon.cli.case:case_app",
        "Kasus uji konsekuensi: buka, catat langkah, tinjau, baca / "
        "consequence-test cases: open, record steps, review, read",
    ),
    LazyCommand("user", "ujikon.cli.users:user_app", "Pengguna dan peran / users and roles"),
    LazyCommand(
        "law",
        "ujikon.cli.law:law_app",
        "Katalog dasar pengecualian UU 14/2008 / the statute catalogue of exemption grounds",
    ),
    LazyCommand(
        "workflow",
        "ujikon.cli.law:workflow_app",
        "Prosedur uji konsekuensi / the procedure of the consequence test",
    ),
    LazyCommand(
        "index",
        "ujikon.cli.workspace:index_app",
        "Indeks daftar kasus / the case-list index beside the log",
    ),
    LazyCommand(
        "body",
        "ujikon.cli.decree:body_app",
        "Profil badan publik: nama, kop, penomoran, penanda tangan / "
        "the public body's profile: name, letterhead, numbering, signers",
    ),
    LazyCommand(
        "keys",
        "ujikon.cli.decree:keys_app",
        "Kunci tanda tangan (PKCS#12) di ruang kerja / signing keys (PKCS#12) in the workspace",
    ),
    LazyCommand(
        "decree",
        "ujikon.cli.decree:decree_app",
        "SK penetapan informasi yang dikecualikan: susun, pratinjau, terbitkan, tandatangani, "
        "cabut / decrees setting exempt information: draft, preview, issue, sign, revoke",
    ),
    LazyCommand(
        "audit",
        "ujikon.cli.audit:audit_app",
        "Audit: periksa rantai log dan berkas SK, baca riwayat, paket bukti / "
        "audit: verify the log chain and decree files, read the history, evidence packs",
    ),
    LazyCommand(
        "register",
        "ujikon.cli.register:register_app",
        "Daftar Informasi yang Dikecualikan (DIK): ekspor dan impor / "
        "the register of exempt information (DIK): export and import",
    ),
    LazyCommand(
        "calendar",
        "ujikon.cli.calendar:calendar_app",
        "Hari kerja, tenggat dan hari libur / working days, deadlines and days off",
    ),
    LazyCommand(
        "lifecycle",
        "ujikon.cli.lifecycle:lifecycle_app",
        "Jangka waktu pengecualian: yang berakhir dibuka kembali, yang segera berakhir "
        "didaftar / exemption periods: ended ones opened again, ending ones listed",
    ),
    LazyCommand(
        "review",
        "ujikon.cli.lifecycle:review_app",
        "Reviu tahunan DIK: uji ulang setiap informasi yang dikecualikan / the yearly "
        "review of the register: a retest of every exempt item",
    ),
    LazyCommand(
        "digest",
        "ujikon.cli.digest:digest_app",
        "Ringkasan harian tenggat per pengguna, lewat surel / the daily digest of "
        "deadlines per user, by e-mail",
    ),
    LazyCommand(
        "monev",
        "ujikon.cli.monev:monev_app",
        "Penilaian mandiri monev Komisi Informasi dari log / the self-assessment for the "
        "Komisi Informasi's monitoring, from the log",
    ),
)
"""Every command of the root, in the order ``ujikon --help`` lists them, with the line it
shows for each (the command's own help, checked against it by ``tests/cli``)."""


class _ReportingGroup(LazyGroup):
    """The root command: the one place where ujikon's errors meet the user."""

    lazy = COMMANDS

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except Exception as exc:
            # Imported here, not at start-up: ujikon.errors brings pydantic with it, and
            # whatever raised a UjikonError has imported it already.
            from ujikon.errors import UjikonError

            if not isinstance(exc, UjikonError):
                raise
            from ujikon.cli.common import render_error

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
    from ujikon.cli.common import Globals

    ctx.obj = Globals(workspace=workspace, db=db, acting=acting)


def main(argv: Sequence[str] | None = None) -> None:
    """Console entry point (``ujikon``). Typer runs in standalone mode: usage errors exit
    2, and ujikon's errors are reported by the root command and exit with their code."""
    app(args=list(argv) if argv is not None else None, prog_name="ujikon")


if __name__ == "__main__":  # pragma: no cover
    main()
