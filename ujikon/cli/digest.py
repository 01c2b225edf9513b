"""``ujikon digest show`` and ``ujikon digest send``: the daily digest of deadlines per user.

``show`` prints the digests (every user's, or one with ``--user``); ``send`` mails them
through the body's relay, one message per user, and reports each user as sent, skipped
(no address) or failed, exiting 1 when one failed; ``send --dry-run`` prints what it
would send. Both call :mod:`ujikon.service.digest`, where the cron set-up is documented. Every
option of ``send`` can come from the environment (``UJIKON_SMTP_HOST``, ...); the relay's
password comes from ``UJIKON_SMTP_PASSWORD`` only.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from ujikon.cli.common import JsonOpt, emit_json, format_date_id, out
from ujikon.cli.gate import open_app
from ujikon.cli.terminal import TerminalConsole
from ujikon.errors import InputError

if TYPE_CHECKING:
    from ujikon.service import Digest, DigestRun, Outgoing, Recipients, SendReport, Service

__all__ = ["FAILED_EXIT", "PASSWORD_ENV", "digest_app"]

logger = logging.getLogger(__name__)

digest_app = typer.Typer(
    help="Ringkasan harian tenggat per pengguna, lewat surel / the daily digest of "
    "deadlines per user, by e-mail",
    no_args_is_help=True,
)

FAILED_EXIT = 1
"""Exit code of ``send`` when at least one digest could not be sent (the others were)."""

PASSWORD_ENV = "UJIKON_SMTP_PASSWORD"
"""The only place the relay's password is read from."""

AsOfOpt = Annotated[
    datetime | None,
    typer.Option(
        "--as-of",
        formats=["%Y-%m-%d"],
        metavar="YYYY-MM-DD",
        help="Tanggal ringkasan (bawaan: hari ini, WIB) / the digest's day (default: today in WIB)",
        show_default=False,
    ),
]
RecipientsOpt = Annotated[
    Path | None,
    typer.Option(
        "--recipients",
        envvar="UJIKON_DIGEST_RECIPIENTS",
        metavar="FILE",
        dir_okay=False,
        help="Berkas YAML `nama_pengguna: alamat` / YAML file of `username: address` lines",
        show_default=False,
    ),
]
DomainOpt = Annotated[
    str | None,
    typer.Option(
        "--domain",
        envvar="UJIKON_DIGEST_DOMAIN",
        metavar="DOMAIN",
        help="Alamat nama_pengguna@DOMAIN bagi yang tidak ada di --recipients / "
        "username@DOMAIN for anyone not in --recipients",
        show_default=False,
    ),
]


def _console() -> Console:
    console = out()
    console.soft_wrap = True
    return console


def _warn(text: str) -> None:
    TerminalConsole(stderr=True, markup=False, highlight=False, emoji=False, soft_wrap=True).print(
        text, style="yellow"
    )


def _day(service: Service, as_of: datetime | None) -> date:
    return as_of.date() if as_of is not None else service.today()


def _recipients(path: Path | None, domain: str | None, *, required: bool) -> Recipients | None:
    from ujikon.service import Recipients

    if path is None and not domain:
        if required:
            raise InputError(
                "--recipients / --domain",
                "sebutkan berkas alamat, domain, atau keduanya / give an address file, a "
                "domain, or both (UJIKON_DIGEST_RECIPIENTS, UJIKON_DIGEST_DOMAIN)",
            )
        return None
    return Recipients.load(path, domain)


def _warn_unknown(recipients: Recipients | None, run: DigestRun) -> None:
    if recipients is None:
        return
    names = [d.user.username for d in run.digests]
    names += [u.username for u in (*run.quiet, *run.uncovered)]
    unknown = recipients.unknown(names)
    if unknown:
        _warn(
            f"Peringatan: bukan pengguna ruang kerja ini, diabaikan / warning: not users of "
            f"this workspace, ignored: {', '.join(unknown)}"
        )


def _print_rest(console: Console, run: DigestRun) -> None:
    if run.quiet:
        console.print(
            "Tidak ada yang perlu dilaporkan, tanpa surel / nothing to report, no mail: "
            + ", ".join(u.username for u in run.quiet)
        )
    if run.uncovered:
        console.print(
            "Tanpa ringkasan / no digest (auditor, admin, nonaktif / inactive): "
            + ", ".join(
                f"{u.username} ({u.role.value}{'' if u.active else ', nonaktif / inactive'})"
                for u in run.uncovered
            )
        )


def _print_digest(console: Console, digest: Digest, address: str | None, shown: bool) -> None:
    to = ""
    if shown:
        to = f" → {address}" if address else " → (tanpa alamat / no address)"
    console.print(f"=== {digest.user.username}{to} ===")
    console.print(f"Subjek / Subject: {digest.subject}")
    console.print()
    console.print(digest.text())


# --------------------------------------------------------------------------- show


@digest_app.command("show")
def show(
    ctx: typer.Context,
    as_of: AsOfOpt = None,
    user: Annotated[
        str | None,
        typer.Option(
            "--user",
            metavar="NAME",
            help="Hanya ringkasan pengguna ini / only this user's digest",
            show_default=False,
        ),
    ] = None,
    recipients_file: RecipientsOpt = None,
    domain: DomainOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Cetak ringkasan tenggat setiap pengguna / print every user's digest of deadlines.

    Petugas: permohonan dan pengecualian unitnya; PPID Utama dan atasan: seluruh unit dan
    kasus yang menunggu tinjauan; auditor dan admin: tidak ada. / An officer: their unit's
    requests and exemptions; the PPID Utama and the head: every unit's, and the cases in
    review; auditors and admins: none.
    """
    recipients = _recipients(recipients_file, domain, required=False)
    app = open_app(ctx)
    run = app.digest.build(_day(app.cases, as_of), [user] if user else None)
    if as_json:
        doc = run.as_json()
        if recipients is not None:
            for entry in doc["digests"]:
                entry["address"] = recipients.address_of(entry["user"])
        emit_json(doc)
        return
    console = _console()
    if user is None:
        console.print(
            f"Ringkasan tenggat per {format_date_id(run.as_of)} / digests as of "
            f"{run.as_of.isoformat()}: {len(run.digests)}"
        )
        console.print()
    for digest in run.digests:
        address = recipients.address_of(digest.user.username) if recipients else None
        _print_digest(console, digest, address, recipients is not None)
    _print_rest(console, run)
    if user is None:
        _warn_unknown(recipients, run)


# --------------------------------------------------------------------------- send


@digest_app.command("send")
def send(
    ctx: typer.Context,
    sender: Annotated[
        str,
        typer.Option(
            "--from",
            envvar="UJIKON_SMTP_FROM",
            metavar="ADDRESS",
            help="Pengirim, mis. 'PPID <ppid@sukamajukab.go.id>' / the sender",
            show_default=False,
        ),
    ],
    as_of: AsOfOpt = None,
    recipients_file: RecipientsOpt = None,
    domain: DomainOpt = None,
    smtp_host: Annotated[
        str | None,
        typer.Option(
            "--smtp-host",
            envvar="UJIKON_SMTP_HOST",
            metavar="HOST",
            help="Server surel (relay) badan publik / the body's mail relay",
            show_default=False,
        ),
    ] = None,
    smtp_port: Annotated[
        int,
        typer.Option(
            "--smtp-port",
            envvar="UJIKON_SMTP_PORT",
            min=1,
            max=65535,
            metavar="PORT",
            help="Port SMTP / the SMTP port",
        ),
    ] = 25,
    smtp_starttls: Annotated[
        bool,
        typer.Option(
            "--smtp-starttls",
            envvar="UJIKON_SMTP_STARTTLS",
            help="Gunakan STARTTLS (sertifikat diperiksa) / use STARTTLS (certificate checked)",
        ),
    ] = False,
    smtp_user: Annotated[
        str | None,
        typer.Option(
            "--smtp-user",
            envvar="UJIKON_SMTP_USER",
            metavar="USER",
            help=f"Masuk sebagai pengguna ini; kata sandi dari {PASSWORD_ENV} / log in as "
            f"this user; the password from {PASSWORD_ENV}",
            show_default=False,
        ),
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run",
            help="Cetak surel yang akan dikirim, tanpa mengirim / print what would be sent, "
            "send nothing",
        ),
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Kirim ringkasan tenggat ke setiap pengguna, satu surel per orang / mail each user
    their digest of deadlines, one message each.

    Keluar 1 bila ada yang gagal (yang lain tetap dikirim); jadwalkan harian dengan cron
    (lihat ujikon.service.digest). / Exits 1 when one failed (the others are still sent); schedule
    it daily with cron (see ujikon.service.digest).
    """
    from ujikon.service import (
        SmtpSettings,
        outbox,
        parse_address,
        send_digests,
    )

    settings = None
    if not dry_run:
        settings = SmtpSettings(
            host=smtp_host or "",
            port=smtp_port,
            starttls=smtp_starttls,
            username=smtp_user or None,
            password=os.environ.get(PASSWORD_ENV) or None,
        )
        settings.assert_viable()
        if settings.username and not settings.starttls:
            _warn(
                "Peringatan: kata sandi dikirim tanpa enkripsi (tanpa --smtp-starttls) / "
                "warning: the password goes unencrypted (no --smtp-starttls)"
            )
    parse_address(sender, "--from")
    recipients = _recipients(recipients_file, domain, required=True)
    assert recipients is not None
    app = open_app(ctx)
    run = app.digest.build(_day(app.cases, as_of))
    _warn_unknown(recipients, run)
    messages = outbox(run, recipients, sender, app.cases.now())
    if settings is None:
        _dry_run(messages, run, as_json)
        return
    report = send_digests(messages, settings, as_of=run.as_of)
    if as_json:
        doc = report.as_json()
        doc["nothing_to_report"] = [u.username for u in run.quiet]
        emit_json(doc)
    else:
        _print_report(report, run)
    if not report.ok:
        raise typer.Exit(FAILED_EXIT)


def _dry_run(messages: Sequence[Outgoing], run: DigestRun, as_json: bool) -> None:
    if as_json:
        emit_json(
            {
                "as_of": run.as_of.isoformat(),
                "dry_run": True,
                "messages": [
                    {
                        "user": m.digest.user.username,
                        "to": m.address,
                        "from": str(m.message["From"]) if m.message else None,
                        "subject": m.digest.subject,
                        "text": m.digest.text(),
                    }
                    for m in messages
                ],
                "nothing_to_report": [u.username for u in run.quiet],
            }
        )
        return
    console = _console()
    console.print(
        f"Uji coba, tidak ada yang dikirim / dry run, nothing sent: {len(messages)} ringkasan "
        f"/ digests per {format_date_id(run.as_of)}"
    )
    console.print()
    for item in messages:
        if item.message is None:
            console.print(f"=== {item.digest.user.username}: DILEWATI / SKIPPED, tanpa alamat ===")
            console.print()
            continue
        console.print(f"=== {item.digest.user.username} ===")
        for header in ("From", "To", "Subject"):
            console.print(f"{header}: {item.message[header]}")
        console.print()
        console.print(item.digest.text())
    _print_rest(console, run)


def _print_report(report: SendReport, run: DigestRun) -> None:
    console = _console()
    console.print(
        f"Ringkasan tenggat per {format_date_id(report.as_of)} / digests as of "
        f"{report.as_of.isoformat()}: {len(report.sent)} terkirim / sent, "
        f"{len(report.skipped)} dilewati / skipped, {len(report.failed)} gagal / failed"
    )
    labels = {
        "sent": "terkirim / sent",
        "skipped": "dilewati / skipped",
        "failed": "GAGAL / failed",
    }
    for d in report.deliveries:
        to = f" → {d.address}" if d.address else ""
        why = f": {d.detail}" if d.detail else ""
        console.print(f"  {labels[d.status]:<18}  {d.username}{to}{why}")
    _print_rest(console, run)
    if not report.ok:
        console.print(
            f"{len(report.failed)} ringkasan tidak terkirim; lihat di atas / "
            f"{len(report.failed)} digests not sent; see above"
        )
