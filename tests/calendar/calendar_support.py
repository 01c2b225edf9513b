"""Helpers of the calendar tests: the real calendar (national holidays from the
``holidays`` package and the shipped *cuti bersama*), and ``ujikon`` (the real root app)
run in-process on a workspace on either store backend.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import typer
from typer.testing import CliRunner, Result

from ujikon.cli.main import app
from ujikon.domain.calendar import DayOff, DayOffSource, WorkingCalendar
from ujikon.service.calendar import load_cuti_bersama, national_holidays

__all__ = [
    "CalendarCli",
    "body_day",
    "calendar_cli",
    "real_calendar",
]


def real_calendar(*years: int, extra: Iterable[DayOff] = ()) -> WorkingCalendar:
    """The calendar of ``years`` as ujikon ships it, plus ``extra`` days off."""
    shipped = load_cuti_bersama()
    return WorkingCalendar.of(
        [
            *national_holidays(years),
            *(d for y in years for d in shipped.days_off(y)),
            *extra,
        ]
    )


def body_day(day: date, reason: str = "Hari Jadi Kabupaten Sukamaju") -> DayOff:
    return DayOff(day, reason, DayOffSource.BODY)


@dataclass
class CalendarCli:
    """Runs ``ujikon`` in-process against one workspace (its store at any URL)."""

    runner: CliRunner
    app: typer.Typer
    workspace: Path

    def __call__(self, *args: str, user: str | None = None, code: int | None = 0) -> Result:
        argv = ["--as", user, *args] if user else list(args)
        result = self.runner.invoke(self.app, argv)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        if code is not None:
            assert result.exit_code == code, (
                f"ujikon {' '.join(argv)} exited {result.exit_code}, expected {code}:\n"
                f"{result.output}"
            )
        return result

    def json(self, *args: str, user: str | None = None) -> Any:
        return json.loads(self(*args, "--json", user=user).stdout)


def calendar_cli(store_url: str, workspace: Path) -> CalendarCli:
    """A workspace whose store is at ``store_url``, with an admin and an officer (siti)."""
    runner = CliRunner(
        env={
            "COLUMNS": "120",
            "NO_COLOR": "1",
            "TERM": "dumb",
            "FORCE_COLOR": None,
            "UJIKON_WORKSPACE": str(workspace),
            "UJIKON_DB": store_url,
            "UJIKON_USER": None,
        }
    )
    cli = CalendarCli(runner, app, workspace)
    cli("init", "--body-name", "Pemerintah Kabupaten Sukamaju")
    cli("user", "add", "admin", "--role", "admin")
    cli("user", "add", "siti", "--role", "officer", "--unit", "Bagian Hukum", user="admin")
    return cli
