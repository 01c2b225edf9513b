"""``ujikon audit …``: verify the history, read and filter it, pack it as evidence."""

from __future__ import annotations

import typer

__all__ = ["audit_app"]

audit_app = typer.Typer(
    help="Audit: periksa rantai log dan berkas SK, baca riwayat, paket bukti / "
    "audit: verify the log chain and decree files, read the history, evidence packs",
    no_args_is_help=True,
)
