"""Calendar use cases: the working-day calendar of a workspace, and the body's days off.

A workspace's calendar is the union of three sources, each kept where it belongs:

* the national holidays, from the maintained ``holidays`` package (Indonesia);
* the *cuti bersama* of each year, shipped as data (``law/data/cuti_bersama.yaml``, with
  the decree that set them; a year not in the file is counted without them, and the
  use cases say so in :attr:`CalendarView.missing_years`);
* the body's own days off, recorded in the log (subject ``calendar:days-off``) by an
  admin.

The counting itself is pure (:mod:`ujikon.domain.calendar`); this module only gathers
the days. Recording a day off is load → decide → append with the version loaded, like
every other use case: two admins recording at once never lose a write silently.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from importlib import resources
from typing import Any, Protocol

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ujikon.domain.calendar import (
    DAYS_OFF_SUBJECT,
    BodyDayOff,
    DayOff,
    DayOffSource,
    Deadline,
    PeriodKey,
    WorkingCalendar,
    apply_day_off,
    decide_add_day_off,
    statutory_deadline,
)
from ujikon.domain.roles import Actor
from ujikon.errors import InputError, schema_text
from ujikon.service.writer import LogWriter
from ujikon.store.api import AppendBatch, EventLog

__all__ = [
    "CUTI_BERSAMA_SOURCE",
    "CalendarDesk",
    "CalendarService",
    "CalendarView",
    "CutiBersamaFile",
    "load_cuti_bersama",
    "national_holidays",
    "parse_cuti_bersama",
]

logger = logging.getLogger(__name__)

CUTI_BERSAMA_SOURCE = "ujikon/law/data/cuti_bersama.yaml"
"""How the shipped file is named in error messages."""

_YEARS_PER_WORKING_DAYS = 200
"""Fewer working days than this fit in one calendar year: the span a deadline loads."""


# -- cuti bersama (shipped data) ------------------------------------------------------------


class _CutiDay(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    day: date = Field(alias="date")
    name: str = Field(min_length=3)
    name_en: str = ""


class _CutiYear(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    decree: str = Field(min_length=10)
    """The joint decree (SKB) and/or Keppres that set the year's days."""
    days: tuple[_CutiDay, ...]


class CutiBersamaFile(BaseModel):
    """The shipped *cuti bersama*, per year, each year with its decree."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: str
    years: dict[int, _CutiYear]

    @model_validator(mode="after")
    def _consistent(self) -> CutiBersamaFile:
        for year, entry in self.years.items():
            seen: set[date] = set()
            for item in entry.days:
                if item.day.year != year:
                    raise ValueError(f"{year}: {item.day} is not in {year}")
                if item.day.weekday() >= 5:
                    raise ValueError(f"{year}: {item.day} falls on a weekend")
                if item.day in seen:
                    raise ValueError(f"{year}: {item.day} is listed twice")
                seen.add(item.day)
        return self

    def days_off(self, year: int) -> list[DayOff]:
        entry = self.years.get(year)
        if entry is None:
            return []
        return [DayOff(d.day, d.name, DayOffSource.CUTI_BERSAMA, d.name_en) for d in entry.days]


def parse_cuti_bersama(text: str, source: str = CUTI_BERSAMA_SOURCE) -> CutiBersamaFile:
    """The *cuti bersama* file in ``text``.

    :raises ValueError: naming ``source``, when the text is not YAML or does not fit.
    """
    try:
        raw: Any = yaml.safe_load(text)
        return CutiBersamaFile.model_validate(raw)
    except (yaml.YAMLError, ValidationError) as exc:
        raise ValueError(f"{source}: {exc}") from None


@lru_cache(maxsize=1)
def load_cuti_bersama() -> CutiBersamaFile:
    """The shipped file, read once."""
    resource = resources.files("ujikon.law").joinpath("data", "cuti_bersama.yaml")
    return parse_cuti_bersama(resource.read_text(encoding="utf-8"))


# -- national holidays (the holidays package) -------------------------------------------------


@lru_cache(maxsize=64)
def _national(year: int) -> tuple[DayOff, ...]:
    import holidays

    names_id = holidays.country_holidays("ID", years=year, language="id")
    names_en = holidays.country_holidays("ID", years=year, language="en_US")
    return tuple(
        DayOff(day, str(name), DayOffSource.NATIONAL, str(names_en.get(day, "")))
        for day, name in sorted(names_id.items())
    )


def national_holidays(years: Iterable[int]) -> list[DayOff]:
    """Indonesia's national holidays in ``years`` (Indonesian and English names).

    The language is always named: left out, the package follows the process's locale.
    """
    return [d for year in sorted(set(years)) for d in _national(year)]


# -- the use cases ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CalendarView:
    """A calendar over some years, with what is known to be missing from it."""

    calendar: WorkingCalendar
    days_off: tuple[DayOff, ...]
    """Every day off of the years, each source separately, by date."""
    years: tuple[int, ...]
    missing_years: tuple[int, ...]
    """Years of ``years`` whose *cuti bersama* ujikon does not ship: counted without them."""


class CalendarService(Protocol):
    """What the calendar use cases (and their callers, through :attr:`CalendarDesk.service`)
    need of the service: its log, the acting user, the clock and the body's date.
    :class:`ujikon.service.cases.Service` is one; it counts working days through
    :class:`CalendarDesk`, so the calendar names what it needs here instead of importing
    the case use cases back."""

    @property
    def log(self) -> EventLog: ...

    @property
    def writer(self) -> LogWriter: ...

    def actor(self, username: str | None) -> Actor: ...

    def now(self) -> datetime: ...

    def today(self, moment: datetime | None = None) -> date: ...


class CalendarDesk:
    """The calendar use cases over one workspace."""

    def __init__(
        self, service: CalendarService, cuti_bersama: CutiBersamaFile | None = None
    ) -> None:
        self.service = service
        self.log = service.log
        self.cuti_bersama = cuti_bersama or load_cuti_bersama()

    # -- the body's days off

    def _body_state(self) -> tuple[list[BodyDayOff], int]:
        days: list[BodyDayOff] = []
        version = 0
        for event in self.log.read(DAYS_OFF_SUBJECT):
            days = apply_day_off(days, event)
            version = event.subject_version
        return days, version

    def body_days_off(self, years: Iterable[int] | None = None) -> list[DayOff]:
        """The days off the body recorded (in ``years`` only, when given), by date."""
        wanted = set(years) if years is not None else None
        days, _ = self._body_state()
        return sorted(
            (
                DayOff(d.day, d.reason, DayOffSource.BODY)
                for d in days
                if wanted is None or d.day.year in wanted
            ),
            key=lambda d: d.day,
        )

    def add_day_off(self, acting: str | None, data: BodyDayOff | Mapping[str, Any]) -> DayOff:
        """Record a day the body is closed (an admin only).

        :raises RuleViolation: ``admin-manages-workspace``, the actor is no admin.
        :raises InputError: the data does not fit, or the day is already no working day.
        :raises ConflictError: someone recorded a day off in between; nothing stored.
        """
        actor = self.service.actor(acting)
        try:
            payload = data if isinstance(data, BodyDayOff) else BodyDayOff.model_validate(data)
        except ValidationError as exc:
            raise InputError(
                "hari libur / day off",
                schema_text(exc.errors()),
            ) from None
        days, version = self._body_state()
        year = payload.day.year
        known = WorkingCalendar.of(
            [
                *national_holidays([year]),
                *self.cuti_bersama.days_off(year),
                *(DayOff(d.day, d.reason, DayOffSource.BODY) for d in days),
            ]
        )
        event = decide_add_day_off(payload, actor, known, self.service.now())
        self.service.writer.commit_events([AppendBatch(DAYS_OFF_SUBJECT, version, [event])])
        logger.info("day off %s recorded by %s", payload.day, actor.username)
        return DayOff(payload.day, payload.reason, DayOffSource.BODY)

    # -- the calendar

    def view(self, years: Iterable[int]) -> CalendarView:
        """The calendar of ``years``: national holidays, cuti bersama and the body's days."""
        chosen = tuple(sorted(set(years)))
        if not chosen:
            raise ValueError("no year")
        entries = [
            *national_holidays(chosen),
            *(d for y in chosen for d in self.cuti_bersama.days_off(y)),
            *self.body_days_off(chosen),
        ]
        entries.sort(key=lambda d: (d.day, list(DayOffSource).index(d.source)))
        missing = tuple(y for y in chosen if y not in self.cuti_bersama.years)
        return CalendarView(WorkingCalendar.of(entries), tuple(entries), chosen, missing)

    def days_off(self, year: int) -> CalendarView:
        """Every day off of ``year``, from every source."""
        return self.view([year])

    def deadline(
        self, start: date, working_days: int | None = None, period: PeriodKey | str | None = None
    ) -> tuple[Deadline, CalendarView]:
        """When a period from ``start`` ends: ``working_days`` days, or the statutory
        ``period`` (exactly one of them), and the calendar it was counted on.

        :raises InputError: neither or both given, or a negative number of days.
        """
        if (working_days is None) == (period is None):
            raise InputError(
                "--working-days / --period",
                "sebutkan salah satu / give exactly one of them",
            )
        if working_days is not None and working_days < 0:
            raise InputError("--working-days", f"{working_days}: tidak boleh negatif / negative")
        key: PeriodKey | None = None
        if period is not None:
            try:
                key = PeriodKey(period)
            except ValueError:
                raise InputError(
                    "--period",
                    f"'{period}': sebutkan salah satu / give one of "
                    f"{', '.join(k.value for k in PeriodKey)}",
                ) from None
        span = 1 + (working_days or 30) // _YEARS_PER_WORKING_DAYS
        while True:
            view = self.view(range(start.year, start.year + span + 1))
            if key is not None:
                result = statutory_deadline(view.calendar, key, start)
            else:
                assert working_days is not None
                result = view.calendar.deadline(start, working_days)
            if result.due.year <= view.years[-1]:
                years = range(start.year, result.due.year + 1)
                return result, self.view(years)
            span *= 2
