"""The working-day calendar: which days count, and when a period of UU 14/2008 ends.

UU 14/2008 (UU KIP) counts its time limits in *hari kerja*, working days: Monday to
Friday, less the national holidays and the *cuti bersama* the government sets each year
(domain.md, "Deadlines in working days"), less the days a body closes on its own
(recorded by its admin). :class:`WorkingCalendar` holds those days off; it knows no
source of them. The service gathers them (:mod:`ujikon.service.calendar`) and this module
only counts.

**How a period is counted.** The statute runs each period *from* an event: "paling
lambat 10 (sepuluh) hari kerja sejak diterimanya permintaan" (Pasal 22 ayat (7), the
answer to a request); "paling lambat 30 (tiga puluh) hari kerja sejak diterimanya
keberatan secara tertulis" (Pasal 36 ayat (2), the answer to an objection); the
objection itself within 30 working days *after* its reason arose (Pasal 36 ayat (1)).
ujikon reads every one of them the same way: the day of the event is day 0 and is
never counted, whether or not it is itself a working day; counting starts the next day,
and the period ends at the end of the *n*-th working day after it. A request received
on Friday is due, with 10 working days and no holiday between, on the second Friday
after. :meth:`WorkingCalendar.add_working_days` is that reading;
:meth:`WorkingCalendar.working_days_between` counts the same way back, so that
``working_days_between(d, add_working_days(d, n)) == n`` for every ``d`` and ``n``.

The statutory periods are data (:data:`STATUTORY_PERIODS`), each with its article.

Who may record a body's own day off is a rule too (an admin: ``admin-manages-workspace``,
as for the body's profile); :func:`decide_add_day_off` decides it, :func:`apply_day_off`
folds the events back.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from types import MappingProxyType

from pydantic import ConfigDict, Field, field_validator

from ujikon.domain.events import NewEvent
from ujikon.domain.labels import LabelledEnum
from ujikon.domain.roles import ADMIN_ARTICLE, ADMIN_MANAGES_WORKSPACE, Actor, Role
from ujikon.domain.text import StorableModel
from ujikon.errors import InputError, RuleViolation

__all__ = [
    "DAYS_OFF_SUBJECT",
    "DAY_OFF_ADDED",
    "STATUTORY_PERIODS",
    "WEEKEND",
    "BodyDayOff",
    "DayOff",
    "DayOffSource",
    "Deadline",
    "PeriodKey",
    "SkippedDay",
    "StatutoryPeriod",
    "WorkingCalendar",
    "apply_day_off",
    "decide_add_day_off",
    "statutory_deadline",
]

logger = logging.getLogger(__name__)

WEEKEND = frozenset({5, 6})
"""Saturday and Sunday (``date.weekday()``): never working days (domain.md, "hari kerja")."""

DAYS_OFF_SUBJECT = "calendar:days-off"
"""The log subject holding the body's own days off."""
DAY_OFF_ADDED = "calendar.day_off_added"


# -- days off -------------------------------------------------------------------------------


class DayOffSource(LabelledEnum):
    """Where a day off comes from."""

    NATIONAL = ("national", "libur nasional", "national holiday")
    """A national holiday (*hari libur nasional*), from the ``holidays`` package."""
    CUTI_BERSAMA = ("cuti_bersama", "cuti bersama", "joint leave")
    """Joint leave set by the government's joint decree (SKB) for the year."""
    BODY = ("body", "libur badan publik", "the body's own day off")
    """A day the body itself is closed, recorded by its admin."""


@dataclass(frozen=True)
class DayOff:
    """One day on which no working day is counted, and why."""

    day: date
    name: str
    """As the source names it, in Indonesian: "Hari Raya Idul Fitri"."""
    source: DayOffSource
    name_en: str = ""
    """The English name, where the source gives one."""

    @property
    def label(self) -> str:
        """``"Hari Raya Natal / Christmas Day"``, or the one name there is."""
        if self.name_en and self.name_en != self.name:
            return f"{self.name} / {self.name_en}"
        return self.name


# -- the calendar ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SkippedDay:
    """A day that a period passed over without counting it."""

    day: date
    reason: str
    """The day off's name(s); ``""`` for a plain Saturday or Sunday."""
    weekend: bool


@dataclass(frozen=True)
class Deadline:
    """Where a period of ``working_days`` counted from ``start`` ends."""

    start: date
    """The day of the event (receipt of the request, of the objection...): day 0."""
    working_days: int
    due: date
    """The last day to act: the ``working_days``-th working day after ``start``."""
    skipped: tuple[SkippedDay, ...]
    """The days after ``start`` and before ``due`` that did not count, in order."""
    period: StatutoryPeriod | None = None
    """The statutory period this deadline is, when it is one."""


@dataclass(frozen=True)
class WorkingCalendar:
    """Weekends plus a set of days off; everything else is a working day.

    Immutable. Build it with :meth:`of` from :class:`DayOff` entries (the names are kept
    for showing which days a period skipped), or directly from dates.
    """

    days_off: frozenset[date] = frozenset()
    """Days that are not working days although they fall on Monday to Friday (and
    holidays on a weekend, kept for their name)."""
    names: Mapping[date, str] = field(default_factory=dict, hash=False)
    """A name for some of ``days_off``; several names of one day are joined with "; "."""

    def __post_init__(self) -> None:
        stray = sorted(d for d in self.names if d not in self.days_off)
        if stray:
            raise ValueError(f"named days that are not days off: {stray}")
        object.__setattr__(self, "names", MappingProxyType(dict(self.names)))

    @classmethod
    def of(cls, entries: Iterable[DayOff]) -> WorkingCalendar:
        """The calendar whose days off are ``entries`` (a day may come more than once)."""
        names: dict[date, list[str]] = {}
        for entry in entries:
            labels = names.setdefault(entry.day, [])
            if entry.label not in labels:
                labels.append(entry.label)
        return cls(frozenset(names), {d: "; ".join(n) for d, n in names.items()})

    def with_days_off(self, entries: Iterable[DayOff]) -> WorkingCalendar:
        """This calendar with ``entries`` added."""
        names = {d: [n] for d, n in self.names.items()}
        for d in self.days_off:
            names.setdefault(d, [])
        for entry in entries:
            labels = names.setdefault(entry.day, [])
            if entry.label not in labels:
                labels.append(entry.label)
        return WorkingCalendar(frozenset(names), {d: "; ".join(n) for d, n in names.items() if n})

    # -- single days

    def is_working_day(self, day: date) -> bool:
        """Monday to Friday and not a day off."""
        return day.weekday() not in WEEKEND and day not in self.days_off

    def reason_off(self, day: date) -> str | None:
        """Why ``day`` is not a working day: its name(s), ``""`` for a plain weekend
        day, ``None`` when it is a working day."""
        if self.is_working_day(day):
            return None
        return self.names.get(day, "")

    def next_working_day(self, day: date) -> date:
        """``day`` itself when it is a working day, else the first working day after it
        (where a time limit ending on a day off would end)."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    # -- periods

    def add_working_days(self, start: date, n: int) -> date:
        """The ``n``-th working day after ``start`` (``start`` itself is day 0 and never
        counts; see the module's note on Pasal 22(7) and 36). ``n == 0`` gives ``start``.

        :raises ValueError: ``n`` is negative.
        """
        if n < 0:
            raise ValueError(f"a period of {n} working days cannot be counted forward")
        day = start
        left = n
        while left:
            day += timedelta(days=1)
            if self.is_working_day(day):
                left -= 1
        return day

    def working_days_between(self, a: date, b: date) -> int:
        """How many working days fall after ``a`` up to and including ``b``; negative
        when ``b`` comes before ``a``. The inverse of :meth:`add_working_days`."""
        if b < a:
            return -self.working_days_between(b, a)
        return _weekdays_after_upto(a, b) - sum(
            1 for d in self.days_off if a < d <= b and d.weekday() not in WEEKEND
        )

    def skipped_between(self, a: date, b: date) -> tuple[SkippedDay, ...]:
        """The days after ``a`` and before ``b`` that are not working days, with why."""
        out: list[SkippedDay] = []
        day = a + timedelta(days=1)
        while day < b:
            reason = self.reason_off(day)
            if reason is not None:
                out.append(SkippedDay(day, reason, day.weekday() in WEEKEND))
            day += timedelta(days=1)
        return tuple(out)

    def deadline(self, start: date, n: int, period: StatutoryPeriod | None = None) -> Deadline:
        """The end of a period of ``n`` working days from ``start``, and the days it skipped."""
        due = self.add_working_days(start, n)
        return Deadline(start, n, due, self.skipped_between(start, due), period)


def _weekdays_after_upto(a: date, b: date) -> int:
    """Monday-to-Friday days ``d`` with ``a < d <= b`` (``a <= b``)."""
    days = (b - a).days
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    weekday = a.weekday()
    for _ in range(rest):
        weekday = (weekday + 1) % 7
        if weekday not in WEEKEND:
            count += 1
    return count


# -- the statutory periods ------------------------------------------------------------------


class PeriodKey(StrEnum):
    REQUEST_ANSWER = "request-answer"
    REQUEST_EXTENSION = "request-extension"
    OBJECTION_FILING = "objection-filing"
    OBJECTION_ANSWER = "objection-answer"
    DISPUTE_FILING = "dispute-filing"


@dataclass(frozen=True)
class StatutoryPeriod:
    """A time limit of UU 14/2008 in working days, and the event it runs from."""

    key: PeriodKey
    working_days: int
    article: str
    label_id: str
    label_en: str
    runs_from_id: str
    """The event that is day 0, in Indonesian."""
    runs_from_en: str


STATUTORY_PERIODS: Mapping[PeriodKey, StatutoryPeriod] = MappingProxyType(
    {
        p.key: p
        for p in (
            StatutoryPeriod(
                PeriodKey.REQUEST_ANSWER,
                10,
                "UU 14/2008 Pasal 22 ayat (7)",
                "pemberitahuan tertulis atas permohonan informasi",
                "the written answer to a request for information",
                "permohonan diterima",
                "the request is received",
            ),
            StatutoryPeriod(
                PeriodKey.REQUEST_EXTENSION,
                7,
                "UU 14/2008 Pasal 22 ayat (8)",
                "perpanjangan sekali, dengan alasan tertulis",
                "the one extension, with written reasons",
                "berakhirnya 10 hari kerja Pasal 22 ayat (7)",
                "the end of the 10 working days of Pasal 22(7)",
            ),
            StatutoryPeriod(
                PeriodKey.OBJECTION_FILING,
                30,
                "UU 14/2008 Pasal 35 dan Pasal 36 ayat (1)",
                "pengajuan keberatan oleh pemohon",
                "the requester files an objection",
                "ditemukannya alasan keberatan (jawaban, atau tidak adanya jawaban)",
                "the reason to object arose (the answer, or its absence)",
            ),
            StatutoryPeriod(
                PeriodKey.OBJECTION_ANSWER,
                30,
                "UU 14/2008 Pasal 36 ayat (2)",
                "tanggapan tertulis Atasan PPID atas keberatan",
                "the Atasan PPID's written answer to the objection",
                "keberatan tertulis diterima",
                "the written objection is received",
            ),
            StatutoryPeriod(
                PeriodKey.DISPUTE_FILING,
                14,
                "UU 14/2008 Pasal 37 ayat (2)",
                "pengajuan sengketa ke Komisi Informasi",
                "filing the dispute with the Komisi Informasi",
                "tanggapan tertulis Atasan PPID diterima",
                "the Atasan PPID's written answer is received",
            ),
        )
    }
)
"""The periods of domain.md, "Deadlines in working days", by key."""


def statutory_deadline(calendar: WorkingCalendar, key: PeriodKey | str, start: date) -> Deadline:
    """When the statutory period ``key`` that runs from ``start`` ends.

    :raises ValueError: ``key`` names no period.
    """
    period = STATUTORY_PERIODS[PeriodKey(key)]
    return calendar.deadline(start, period.working_days, period)


# -- the body's own days off -----------------------------------------------------------------


class BodyDayOff(StorableModel):
    """A day the body is closed although it is neither a weekend nor a holiday."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    day: date
    reason: str = Field(min_length=3, max_length=300)
    """E.g. "Hari Jadi Kabupaten Sukamaju" or "Penetapan Bupati Nomor 3 Tahun 2026"."""

    @field_validator("reason")
    @classmethod
    def _trimmed(cls, value: str) -> str:
        text = " ".join(value.split())
        if len(text) < 3:
            raise ValueError("alasan terlalu pendek / the reason is too short")
        return text


def decide_add_day_off(
    data: BodyDayOff,
    actor: Actor,
    calendar: WorkingCalendar,
    now: datetime,
) -> NewEvent:
    """The event recording the body's day off ``data``; an admin only.

    ``calendar`` is every day off known for the year (national, *cuti bersama* and the
    body's own): a day that is already not a working day is refused, as recording it
    would change no deadline.
    """
    if actor.role is not Role.ADMIN:
        raise RuleViolation(
            ADMIN_MANAGES_WORKSPACE,
            ADMIN_ARTICLE,
            f"Hanya admin yang dapat mencatat hari libur badan publik; pelaku: "
            f"{actor.username} ({actor.role.value}).",
            f"Only an admin may record the body's days off; acting: {actor.username} "
            f"({actor.role.value}).",
        )
    reason = calendar.reason_off(data.day)
    if reason is not None:
        why = reason or ("Sabtu / Saturday" if data.day.weekday() == 5 else "Minggu / Sunday")
        raise InputError(
            data.day.isoformat(),
            f"sudah bukan hari kerja ({why}); tidak perlu dicatat / already not a working "
            f"day ({why}); nothing to record",
        )
    return NewEvent(
        subject=DAYS_OFF_SUBJECT,
        action=DAY_OFF_ADDED,
        actor=actor.username,
        role=actor.role.value,
        recorded_at=now,
        payload={"data": data.model_dump(mode="json")},
    )


def apply_day_off(days: Sequence[BodyDayOff], event: NewEvent) -> list[BodyDayOff]:
    """``days`` with ``event`` folded in, in the order they were recorded."""
    if event.action != DAY_OFF_ADDED:
        raise ValueError(f"unknown calendar event {event.action}")
    return [*days, BodyDayOff.model_validate(event.payload["data"])]
