"""``ujikon init``, ``ujikon index …`` and ``ujikon demo``: the workspace itself."""

from __future__ import annotations

import logging
from typing import Annotated

import typer

from ujikon.cli.common import out, workspace_of
from ujikon.cli.gate import open_app
from ujikon.cli.terminal import TerminalConsole

__all__ = ["demo", "index_app", "init"]

logger = logging.getLogger(__name__)

index_app = typer.Typer(
    help="Indeks daftar kasus / the case-list index beside the log", no_args_is_help=True
)


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


@index_app.command("rebuild")
def index_rebuild(ctx: typer.Context) -> None:
    """Bangun ulang daftar kasus dari log / rebuild the case list from the log."""
    count = open_app(ctx).cases.rebuild_index()
    out().print(f"Indeks dibangun ulang / index rebuilt: {count} kasus / cases")


def demo(ctx: typer.Context) -> None:
    """Jalankan demo lengkap di ruang kerja / run the full demo in the workspace."""
    from ujikon.service import run_demo

    raise typer.Exit(run_demo(workspace_of(ctx), TerminalConsole(highlight=False)))
