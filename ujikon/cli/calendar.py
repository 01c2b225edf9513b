"""``ujikon calendar …``: working days, deadlines and the body's days off.

``deadline`` answers "when is it due?" for a period in working days from a date (the
day of the date is day 0: UU 14/2008 Pasal 22 ayat (7), Pasal 36); ``days-off`` lists a
year's national holidays, *cuti bersama* and the body's own days off, each marked by its
source; ``add-day-off`` records a day the body is closed (an admin, ``--as``). Each
calls one use case of :class:`~ujikon.service.calendar.CalendarDesk`; the counting lives in
:mod:`ujikon.domain.calendar`.
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from ujikon.cli.common import JsonOpt, emit_json, format_date_id, globals_of, out
from ujikon.cli.gate import open_app
from ujikon.cli.terminal import TerminalConsole
from ujikon.dates import format_date_en
from ujikon.domain.calendar import STATUTORY_PERIODS, DayOff, Deadline, PeriodKey, SkippedDay
from ujikon.service import CalendarDesk, CalendarView

__all__ = ["calendar_app", "long_date_en", "long_date_id"]

logger = logging.getLogger(__name__)

calendar_app = typer.Typer(
    help="Hari kerja, tenggat dan hari libur / working days, deadlines and days off",
    no_args_is_help=True,
)

_DAYS_ID = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
_DAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def long_date_id(day: date) -> str:
    """``Rabu, 25 November 2026``."""
    return f"{_DAYS_ID[day.weekday()]}, {format_date_id(day)}"


def long_date_en(day: date) -> str:
    """``Wednesday, 25 November 2026``."""
    return f"{_DAYS_EN[day.weekday()]}, {format_date_en(day)}"


def _say() -> Console:
    console = out()
    console.soft_wrap = True
    return console


def _desk(ctx: typer.Context) -> CalendarDesk:
    return CalendarDesk(open_app(ctx).cases)


def _warn_missing(view: CalendarView) -> None:
    if not view.missing_years:
        return
    years = ", ".join(str(y) for y in view.missing_years)
    TerminalConsole(stderr=True, markup=False, highlight=False, emoji=False).print(
        f"Peringatan: cuti bersama tahun {years} belum tercatat di ujikon; hari-hari itu "
        f"dihitung sebagai hari kerja. / Warning: the cuti bersama of {years} are not on "
        "file in ujikon; they are counted as working days.",
        style="yellow",
    )


def _warnings(view: CalendarView) -> list[str]:
    return [f"cuti_bersama_missing:{y}" for y in view.missing_years]


def _skipped_reason(skip: SkippedDay) -> str:
    if skip.reason:
        return skip.reason
    return "akhir pekan / weekend"


def _skipped_json(skip: SkippedDay) -> dict[str, Any]:
    return {
        "date": skip.day.isoformat(),
        "day_id": _DAYS_ID[skip.day.weekday()],
        "day_en": _DAYS_EN[skip.day.weekday()],
        "reason": skip.reason,
        "weekend": skip.weekend,
    }


def _deadline_json(deadline: Deadline, view: CalendarView) -> dict[str, Any]:
    period = deadline.period
    return {
        "from": deadline.start.isoformat(),
        "working_days": deadline.working_days,
        "due": deadline.due.isoformat(),
        "due_id": long_date_id(deadline.due),
        "due_en": long_date_en(deadline.due),
        "period": (
            {
                "key": period.key.value,
                "article": period.article,
                "label_id": period.label_id,
                "label_en": period.label_en,
                "runs_from_id": period.runs_from_id,
                "runs_from_en": period.runs_from_en,
            }
            if period is not None
            else None
        ),
        "skipped": [_skipped_json(s) for s in deadline.skipped],
        "missing_cuti_bersama_years": list(view.missing_years),
        "warnings": _warnings(view),
    }


def _day_off_json(entry: DayOff) -> dict[str, Any]:
    return {
        "date": entry.day.isoformat(),
        "day_id": _DAYS_ID[entry.day.weekday()],
        "day_en": _DAYS_EN[entry.day.weekday()],
        "name": entry.name,
        "name_en": entry.name_en,
        "source": entry.source.value,
        "weekend": entry.day.weekday() >= 5,
    }


_PERIOD_HELP = "Jangka waktu menurut UU 14/2008, sebagai ganti --working-days / a statutory " + (
    "period, instead of --working-days: "
    + "; ".join(
        f"{p.key.value} = {p.working_days} ({p.article.removeprefix('UU 14/2008 ')})"
        for p in STATUTORY_PERIODS.values()
    )
)


@calendar_app.command("deadline")
def deadline(
    ctx: typer.Context,
    start: Annotated[
        datetime,
        typer.Option(
            "--from",
            formats=["%Y-%m-%d"],
            metavar="YYYY-MM-DD",
            help="Hari ke-0: tanggal permohonan/keberatan diterima / day 0: the date the "
            "request or objection was received",
            show_default=False,
        ),
    ],
    working_days: Annotated[
        int | None,
        typer.Option(
            "--working-days",
            min=0,
            metavar="N",
            help="Jumlah hari kerja / number of working days",
            show_default=False,
        ),
    ] = None,
    period: Annotated[
        PeriodKey | None,
        typer.Option("--period", help=_PERIOD_HELP, show_default=False),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Hitung tenggat dalam hari kerja / compute a deadline in working days.

    Hari tanggal --from tidak dihitung; tenggat adalah hari kerja ke-N sesudahnya (UU
    14/2008 Pasal 22 ayat (7), Pasal 36). / The day of --from is not counted; the
    deadline is the N-th working day after it.
    """
    result, view = _desk(ctx).deadline(start.date(), working_days, period)
    if as_json:
        emit_json(_deadline_json(result, view))
        return
    console = _say()
    console.print(f"Dari / From: {long_date_id(result.start)} / {long_date_en(result.start)}")
    if result.period is not None:
        p = result.period
        console.print(
            f"Jangka waktu / Period: {p.label_id} / {p.label_en} ({p.article}); dihitung sejak "
            f"{p.runs_from_id} / counted from when {p.runs_from_en}"
        )
    console.print(f"Hari kerja / Working days: {result.working_days}")
    console.print(f"Tenggat:  {long_date_id(result.due)}")
    console.print(f"Deadline: {long_date_en(result.due)}")
    if result.skipped:
        table = Table(title="Tidak dihitung / Not counted")
        table.add_column("Tanggal / Date", no_wrap=True)
        table.add_column("Hari / Day", no_wrap=True)
        table.add_column("Keterangan / Reason")
        for skip in result.skipped:
            table.add_row(
                skip.day.isoformat(),
                f"{_DAYS_ID[skip.day.weekday()]} / {_DAYS_EN[skip.day.weekday()]}",
                _skipped_reason(skip),
            )
        console.print(table)
    _warn_missing(view)


@calendar_app.command("days-off")
def days_off(
    ctx: typer.Context,
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            min=1946,
            max=2100,
            metavar="YYYY",
            help="Tahun (bawaan: tahun ini) / the year (default: this year)",
            show_default=False,
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Daftar hari libur setahun menurut sumbernya / list a year's days off by source.

    Libur nasional (paket holidays), cuti bersama (SKB, dibawa ujikon) dan hari libur
    badan sendiri. / National holidays (the holidays package), cuti bersama (the joint
    decree, shipped with ujikon) and the body's own days off.
    """
    desk = _desk(ctx)
    chosen = year if year is not None else desk.service.today().year
    view = desk.days_off(chosen)
    if as_json:
        emit_json(
            {
                "year": chosen,
                "days_off": [_day_off_json(d) for d in view.days_off],
                "missing_cuti_bersama_years": list(view.missing_years),
                "warnings": _warnings(view),
            }
        )
        return
    table = Table(title=f"Hari libur / Days off {chosen} ({len(view.days_off)})")
    table.add_column("Tanggal / Date", no_wrap=True)
    table.add_column("Hari / Day", no_wrap=True)
    table.add_column("Nama / Name")
    table.add_column("Sumber / Source")
    for entry in view.days_off:
        table.add_row(
            entry.day.isoformat(),
            f"{_DAYS_ID[entry.day.weekday()]} / {_DAYS_EN[entry.day.weekday()]}",
            entry.label,
            f"{entry.source.label_id} / {entry.source.label_en}",
        )
    _say().print(table)
    _warn_missing(view)


@calendar_app.command("add-day-off")
def add_day_off(
    ctx: typer.Context,
    day: Annotated[
        datetime,
        typer.Argument(
            formats=["%Y-%m-%d"],
            metavar="DATE",
            help="Tanggal (YYYY-MM-DD) / the date",
            show_default=False,
        ),
    ],
    reason: Annotated[
        str,
        typer.Option(
            "--reason",
            metavar="TEXT",
            help="Alasan, mis. hari jadi daerah dan dasar penetapannya / why, e.g. the "
            "regency's anniversary and the act that set it",
            show_default=False,
        ),
    ],
    as_json: JsonOpt = False,
) -> None:
    """Catat hari libur badan publik sendiri (admin) / record the body's own day off (admin).

    Tenggat yang melewati hari itu mundur satu hari kerja. / Deadlines that cross the day
    move by one working day.
    """
    desk = _desk(ctx)
    entry = desk.add_day_off(globals_of(ctx).acting, {"day": day.date(), "reason": reason})
    if as_json:
        emit_json(_day_off_json(entry))
        return
    _say().print(
        f"Hari libur badan dicatat / the body's day off recorded: {long_date_id(entry.day)} / "
        f"{long_date_en(entry.day)}: {entry.name}"
    )
