"""Helpers of the calendar tests: the real calendar (national holidays from the
``holidays`` package and the shipped *cuti bersama*), ujikon's command line with the
``calendar`` group, and a runner on a workspace on either store backend.

The ``calendar`` group is registered in ``ujikon/cli/main.py``; until it is, :func:`ujikon_app`
adds it to a copy of the root app (same callback, same error reporting), so these tests
run the commands exactly as ``ujikon calendar …`` will.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import typer
from typer.testing import CliRunner, Result

from ujikon.cli.calendar import calendar_app
from ujikon.domain.calendar import DayOff, DayOffSource, WorkingCalendar
from ujikon.service.calendar import load_cuti_bersama, national_holidays

__all__ = [
    "CalendarCli",
    "body_day",
    "calendar_cli",
    "real_calendar",
    "ujikon_app",
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


def ujikon_app() -> typer.Typer:
    """``ujikon``'s root app with the ``calendar`` group."""
    from ujikon.cli.main import app

    if any(group.name == "calendar" for group in app.registered_groups):
        return app
    shell = copy.copy(app)
    shell.registered_groups = list(app.registered_groups)
    shell.add_typer(calendar_app, name="calendar")
    return shell


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
    cli = CalendarCli(runner, ujikon_app(), workspace)
    cli("init", "--body-name", "Pemerintah Kabupaten Sukamaju")
    cli("user", "add", "admin", "--role", "admin")
    cli("user", "add", "siti", "--role", "officer", "--unit", "Bagian Hukum", user="admin")
    return cli
