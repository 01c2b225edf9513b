"""``ujikon lifecycle run`` and ``ujikon review start``: what happens after the decree.

``lifecycle run`` expires every exemption whose period has ended (the information is
open again) and lists what ends within 30 and 90 days and what waits on a condition;
``review start`` opens the yearly review of the DIK, a retest of every item in force on
1 January. Both call one use case of :mod:`ujikon.service.lifecycle` (where the cron and
systemd set-up is documented) and print its report, or with ``--json`` the report as
JSON. They exit 0 when every case was handled, 1 when one could not be (listed), and
with the root command's codes for the errors that stop the whole run.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from ujikon.cli.common import JsonOpt, emit_json, format_date_id, globals_of, out
from ujikon.cli.gate import open_app

if TYPE_CHECKING:
    from ujikon.service import CaseOutcome, LifecycleReport, PeriodItem, ReviewReport

__all__ = ["lifecycle_app", "review_app"]

logger = logging.getLogger(__name__)

lifecycle_app = typer.Typer(
    help="Jangka waktu pengecualian: yang berakhir dibuka kembali, yang segera berakhir "
    "didaftar / exemption periods: ended ones opened again, ending ones listed",
    no_args_is_help=True,
)
review_app = typer.Typer(
    help="Reviu tahunan DIK: uji ulang setiap informasi yang dikecualikan / the yearly "
    "review of the register: a retest of every exempt item",
    no_args_is_help=True,
)

FAILED_EXIT = 1
"""Exit code when at least one case could not be handled (the others were)."""


def _console() -> Console:
    console = out()
    console.soft_wrap = True
    return console


def _grounds(item: PeriodItem) -> str:
    return ", ".join(item.grounds) or "-"


def _date(day: date | None) -> str:
    return format_date_id(day) if day is not None else "-"


# --------------------------------------------------------------------------- lifecycle


@lifecycle_app.command("run")
def lifecycle_run(
    ctx: typer.Context,
    as_of: Annotated[
        datetime | None,
        typer.Option(
            "--as-of",
            formats=["%Y-%m-%d"],
            metavar="YYYY-MM-DD",
            help="Tanggal pemeriksaan (bawaan: hari ini, WIB) / the day to run for "
            "(default: today in WIB)",
            show_default=False,
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Nyatakan berakhir jangka waktu yang telah habis, daftar yang segera berakhir /
    Expire ended periods, list those ending soon.

    Aman diulang dan dijalankan harian (cron, systemd timer) sebagai admin atau PPID Utama.
    / Idempotent; safe to run daily (cron, a systemd timer) as the admin or a PPID Utama.
    """
    report = open_app(ctx).lifecycle.run(
        globals_of(ctx).acting, as_of.date() if as_of is not None else None
    )
    if as_json:
        emit_json(report.as_json())
    else:
        _print_lifecycle(report)
    if not report.ok:
        raise typer.Exit(FAILED_EXIT)


def _period_table(title: str, items: Sequence[PeriodItem], as_of: date) -> Table:
    table = Table(title=title, title_justify="left", expand=True)
    table.add_column("Kasus / Case", no_wrap=True)
    table.add_column("Judul / Title", ratio=3)
    table.add_column("Unit", ratio=2)
    table.add_column("Dasar / Grounds", no_wrap=True)
    table.add_column("Hari terakhir / Last day", no_wrap=True)
    table.add_column("Sisa hari / Days left", justify="right", no_wrap=True)
    for item in items:
        table.add_row(
            item.ref,
            item.title,
            item.unit or "-",
            _grounds(item),
            _date(item.end_date),
            str(item.days_left(as_of)),
        )
    return table


def _print_lifecycle(report: LifecycleReport) -> None:
    console = _console()
    day = report.as_of
    console.print(
        f"Jangka waktu pengecualian per {format_date_id(day)} / exemption periods as of "
        f"{day.isoformat()}"
    )
    console.print(
        f"Berakhir, informasi terbuka kembali / ended, information open again: "
        f"{len(report.expired)}"
    )
    for outcome in report.expired:
        item = outcome.item
        assert item.end_date is not None
        console.print(
            f"  {item.ref}  {item.title} ({item.unit or '-'}; {_grounds(item)}): hari terakhir "
            f"{format_date_id(item.end_date)}, terbuka sejak "
            f"{format_date_id(item.end_date + timedelta(days=1))}"
        )
    _print_outcomes(console, "Dilewati / skipped", report.skipped)
    _print_outcomes(console, "GAGAL / failed", report.failed)
    for first, last, items in report.windows:
        title = (
            f"Berakhir dalam {first}–{last} hari / ending within {first}–{last} days ({len(items)})"
        )
        if items:
            console.print(_period_table(title, items, day))
        else:
            console.print(f"{title}: tidak ada / none")
    _print_conditions(console, report.conditions)
    if not report.ok:
        console.print(
            f"{len(report.failed)} kasus tidak dapat dinyatakan berakhir; lihat di atas / "
            f"{len(report.failed)} cases could not be expired; see above"
        )


def _print_conditions(console: Console, items: Sequence[PeriodItem]) -> None:
    title = (
        f"Periksa kondisinya / check the condition ({len(items)}): catat dengan "
        "`ujikon case expire ID --note ...` bila terpenuhi / record it when met"
    )
    if not items:
        console.print("Periksa kondisinya / check the condition: tidak ada / none")
        return
    table = Table(title=title, title_justify="left", expand=True)
    table.add_column("Kasus / Case", no_wrap=True)
    table.add_column("Judul / Title", ratio=2)
    table.add_column("Unit", ratio=1)
    table.add_column("Dasar / Grounds", no_wrap=True)
    table.add_column("Kondisi / Condition", ratio=3)
    table.add_column("Paling lambat / At the latest", no_wrap=True)
    for item in items:
        table.add_row(
            item.ref,
            item.title,
            item.unit or "-",
            _grounds(item),
            item.condition,
            _date(item.end_date),
        )
    console.print(table)


def _print_outcomes(console: Console, heading: str, outcomes: Sequence[CaseOutcome]) -> None:
    if not outcomes:
        return
    console.print(f"{heading}: {len(outcomes)}")
    for outcome in outcomes:
        rule = f" [aturan / rule {outcome.rule}]" if outcome.rule else ""
        console.print(f"  {outcome.item.ref}  {outcome.item.title}{rule}: {outcome.detail}")


# --------------------------------------------------------------------------- review


@review_app.command("start")
def review_start(
    ctx: typer.Context,
    year: Annotated[
        int,
        typer.Option(
            "--year",
            metavar="YYYY",
            help="Tahun reviu: informasi yang berlaku pada 1 Januari tahun itu / the review's "
            "year: the items in force on 1 January of that year",
            show_default=False,
        ),
    ],
    as_json: JsonOpt = False,
) -> None:
    """Buka uji ulang setiap informasi dalam DIK (PPID Utama) / Open a retest of every
    item of the register (the PPID Utama).

    Aman diulang: yang sudah dibuka untuk tahun itu dilewati / idempotent: items already
    opened for that year's review are skipped.
    """
    report = open_app(ctx).lifecycle.start_review(globals_of(ctx).acting, year)
    if as_json:
        emit_json(report.as_json())
    else:
        _print_review(report)
    if not report.ok:
        raise typer.Exit(FAILED_EXIT)


def _print_review(report: ReviewReport) -> None:
    from ujikon.service import review_reason

    console = _console()
    total = len(report.opened) + len(report.skipped) + len(report.failed)
    console.print(
        f"{review_reason(report.year)}: informasi yang berlaku pada "
        f"{format_date_id(report.as_of)} / items in force on {report.as_of.isoformat()}: {total}"
    )
    if not total:
        return
    table = Table(title="Per unit", title_justify="left")
    table.add_column("Unit")
    table.add_column("Dibuka / Opened", justify="right")
    table.add_column("Dilewati / Skipped", justify="right")
    table.add_column("Gagal / Failed", justify="right")
    for unit, opened, skipped, failed in report.by_unit():
        table.add_row(unit or "-", str(opened), str(skipped), str(failed))
    console.print(table)
    if report.opened:
        console.print(f"Dibuka / opened: {len(report.opened)}")
        for outcome in report.opened:
            console.print(
                f"  {outcome.item.ref} → {outcome.new_ref}  {outcome.item.title} "
                f"({outcome.item.unit or '-'})"
            )
    _print_outcomes(console, "Dilewati / skipped", report.skipped)
    _print_outcomes(console, "GAGAL / failed", report.failed)
