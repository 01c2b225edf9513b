"""``ujikon register …``: the DIK (register of exempt information), exported and imported."""

from __future__ import annotations

import typer

__all__ = ["register_app"]

register_app = typer.Typer(
    help="Daftar Informasi yang Dikecualikan (DIK): ekspor dan impor / "
    "the register of exempt information (DIK): export and import",
    no_args_is_help=True,
)
