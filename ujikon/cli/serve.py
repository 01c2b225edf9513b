"""``ujikon serve`` and the password input of ``user add`` / ``user passwd``."""

from __future__ import annotations

import logging
import os
import sys
from typing import Annotated

import typer

from ujikon.cli.common import out, workspace_of
from ujikon.cli.gate import open_app
from ujikon.errors import InputError, StoreError

__all__ = [
    "PasswordStdinOpt",
    "parse_forwarded_allow_ips",
    "parse_public_url",
    "read_new_password",
    "serve",
]

logger = logging.getLogger(__name__)

PasswordStdinOpt = Annotated[
    bool,
    typer.Option(
        "--password-stdin",
        help="Baca kata sandi dari baris pertama stdin / read the password from stdin's first line",
    ),
]


def read_new_password(from_stdin: bool, username: str) -> str | None:
    """The new password: stdin's first line, a hidden prompt (twice) at a terminal, or
    ``None`` when neither is possible."""
    if from_stdin:
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise InputError("--password-stdin", "stdin kosong / stdin is empty")
        return line
    if not sys.stdin.isatty():
        return None
    first: str = typer.prompt(
        f"Kata sandi web untuk / web password for {username}", hide_input=True
    )
    again: str = typer.prompt("Ulangi / repeat", hide_input=True)
    if first != again:
        raise InputError("password", "kedua isian berbeda / the two entries differ")
    return first


def serve(
    ctx: typer.Context,
    host: Annotated[
        str, typer.Option("--host", help="Alamat dengar / address to listen on")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port")] = 8000,
    insecure_cookies: Annotated[
        bool,
        typer.Option(
            "--insecure-cookies",
            help="Cookie tanpa tanda Secure (hanya untuk HTTP di jaringan tepercaya) / cookies "
            "without the Secure flag (plain HTTP on a trusted network only)",
        ),
    ] = False,
    max_upload_mb: Annotated[
        int, typer.Option("--max-upload-mb", help="Batas unggahan / upload limit (MB)")
    ] = 10,
    forwarded_allow_ips: Annotated[
        str,
        typer.Option(
            "--forwarded-allow-ips",
            metavar="IP[,IP|NET…]",
            help="Alamat reverse proxy yang X-Forwarded-For/-Proto-nya dipercaya (bawaan: "
            "tidak ada) / the reverse proxies whose X-Forwarded-For/-Proto are believed "
            "(default: none), e.g. 127.0.0.1",
            show_default=False,
        ),
    ] = "",
    public_url: Annotated[
        str | None,
        typer.Option(
            "--public-url",
            metavar="URL",
            help="Alamat yang dibuka pengguna; formulir hanya diterima dari asal ini / the "
            "address users open; forms are accepted only from this origin "
            "(default: the request's own scheme and Host)",
            show_default=False,
        ),
    ] = None,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            metavar="N",
            min=1,
            max=64,
            help="Jumlah proses pekerja; sesi disimpan di basis data ruang kerja sehingga "
            "semua pekerja berbagi / worker processes; sessions are kept in the workspace's "
            "database, so every worker shares them",
        ),
    ] = 1,
) -> None:
    """Jalankan aplikasi web atas ruang kerja ini / run the web application on this workspace.

    Di belakang reverse proxy HTTPS untuk produksi; pengguna masuk dengan kata sandi dari
    `ujikon user passwd`. / Behind an HTTPS reverse proxy in production; users log in with
    the password set by `ujikon user passwd`.

    X-Forwarded-For/-Proto dipercaya hanya dari --forwarded-allow-ips (mis. 127.0.0.1
    bila proxy di mesin yang sama); tanpanya alamat klien adalah alamat koneksi. / The
    forwarded headers are believed only from --forwarded-allow-ips (e.g. 127.0.0.1 when
    the proxy runs on the same machine); without it the client is the connection's peer.

    Sesi masuk dan hitungan gagal masuk ada di basis data ruang kerja: --workers N
    menjalankan N proses yang berbagi semuanya, dan memulai ulang tidak mengeluarkan
    siapa pun. / Sessions and failed log-ins live in the workspace's database: --workers N
    runs N processes that share them, and a restart logs nobody out.
    """
    import uvicorn

    from ujikon.web.app import SETTINGS_ENV
    from ujikon.web.state import WebSettings

    ws = workspace_of(ctx)
    if ws.is_sqlite and not ws.directory.is_dir():
        raise StoreError(
            f"Ruang kerja {ws.directory} belum ada; jalankan `ujikon init` dahulu. / "
            f"Workspace {ws.directory} does not exist; run `ujikon init` first."
        )
    settings = WebSettings(
        secure_cookies=not insecure_cookies,
        max_upload_bytes=max_upload_mb * 1024 * 1024,
        forwarded_allow_ips=parse_forwarded_allow_ips(forwarded_allow_ips),
        public_url=parse_public_url(public_url),
    )
    service = open_app(ctx).cases
    if workers > 1 and service.log.read_only:
        raise InputError(
            "--workers",
            "ruang kerja hanya-baca menyimpan sesi di memori satu proses; jalankan satu "
            "pekerja / a read-only workspace keeps sessions in one process's memory; run "
            "one worker",
        )
    users = service.users()
    if not any(service.has_password(u.username) for u in users):
        out().print(
            "Belum ada pengguna dengan kata sandi web: `ujikon user passwd NAMA`. / "
            "No user has a web password yet: `ujikon user passwd NAME`."
        )
    scheme = "http"
    shown_workers = f"{workers} pekerja / workers, " if workers > 1 else ""
    out().print(
        f"ujikon: {scheme}://{host}:{port}/  ({shown_workers}Ctrl+C untuk berhenti / to stop)"
    )
    # Each worker builds its own application from the environment (uvicorn needs an import
    # string for several workers; one worker takes the same road, so both are one code).
    os.environ["UJIKON_WORKSPACE"] = str(ws.directory)
    os.environ["UJIKON_DB"] = ws.db_url
    os.environ[SETTINGS_ENV] = settings.to_json()
    # uvicorn believes no forwarded header: the application does, from the proxies named
    # (uvicorn's own default would trust X-Forwarded-For from any process on this host).
    uvicorn.run(
        "ujikon.web.app:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        proxy_headers=False,
    )


def parse_forwarded_allow_ips(text: str) -> tuple[str, ...]:
    """``--forwarded-allow-ips``: comma-separated addresses or networks (``10.0.0.0/8``);
    ``*`` (every peer) only alone. Each is checked, so a typo is not silently trusted
    or silently ignored."""
    import ipaddress

    items = tuple(item.strip() for item in text.split(",") if item.strip())
    if items == ("*",):
        return items
    for item in items:
        try:
            if "/" in item:
                ipaddress.ip_network(item)
            else:
                ipaddress.ip_address(item)
        except ValueError:
            raise InputError(
                "--forwarded-allow-ips",
                f"'{item[:60]}' bukan alamat IP atau jaringan (mis. 127.0.0.1, 10.0.0.0/8) / "
                "is not an IP address or network (e.g. 127.0.0.1, 10.0.0.0/8)",
            ) from None
    return items


def parse_public_url(text: str | None) -> str | None:
    """``--public-url``: an ``http(s)://host[:port]`` URL; its origin, without a path."""
    if text is None:
        return None
    from ujikon.web.limits import origin_of

    origin = origin_of(text)
    path = text.strip().split("://", 1)[-1].partition("/")[2]
    if origin is None or path.strip("/"):
        raise InputError(
            "--public-url",
            f"'{text[:80]}': tulis asal saja, mis. https://ppid.contoh.go.id / give an origin "
            "only, e.g. https://ppid.example.go.id",
        )
    return text.strip().rstrip("/")
