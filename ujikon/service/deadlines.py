"""The working-day limits a case runs against, counted on the workspace's calendar
(national holidays, cuti bersama, the body's own days off).

* The answer to a request (UU 14/2008 Pasal 22(7)): ten working days after the request
  was received; the one extension (Pasal 22(8): seven more working days, with written
  notice; the trigger ``extend_answer``) moves it to the seventh working day after the
  first. Only cases still being tested carry one: once the PPID Utama has approved the
  decision (or it is decreed, expired, overturned) or the case is withdrawn, the request
  can be answered; an objection can only be filed after that answer.
* An objection (Pasal 35-37): the window to file it (30 working days after the answer),
  the Atasan PPID's answer (30 working days after receipt), and after an upheld answer
  the window to take the dispute to the Komisi Informasi (14 working days).

Shown on the case, in the case list and on the dashboards, with a warning when near
(three working days or fewer left) or past.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from ujikon.domain.calendar import PeriodKey, WorkingCalendar, statutory_deadline
from ujikon.domain.case import Case
from ujikon.domain.labels import LabelledEnum
from ujikon.domain.objection import ObjectionRecord, ObjectionTimeline, objection_timeline
from ujikon.domain.payloads import TriggerKind
from ujikon.domain.states import CaseState
from ujikon.service.calendar import CalendarDesk
from ujikon.service.cases import CaseSummary

__all__ = [
    "NEAR_WORKING_DAYS",
    "CaseDeadlines",
    "ObjectionView",
    "PendingObjection",
    "RequestDeadline",
    "case_deadlines",
    "objection_deadlines",
    "request_deadlines",
]

NEAR_WORKING_DAYS = 3
"""At most this many working days left: the deadline is near."""

_DONE = frozenset(
    {
        CaseState.APPROVED,
        CaseState.DECREED,
        CaseState.EXPIRED,
        CaseState.OVERTURNED,
        CaseState.WITHDRAWN,
    }
)


class _Status(LabelledEnum):
    """How near a limit is, with its warning."""

    LATE = ("late", "LEWAT tenggat", "PAST due")
    NEAR = ("near", "tenggat dekat", "due soon")
    OK = ("ok", "tenggat", "due")


class _Countdown:
    """A limit and the working days left to it, with its warning."""

    working_days_left: int
    """Working days after today up to and including the limit; negative once past."""

    @property
    def status(self) -> str:
        """``late``, ``near`` or ``ok``."""
        if self.working_days_left < 0:
            return "late"
        return "near" if self.working_days_left <= NEAR_WORKING_DAYS else "ok"

    @property
    def label_id(self) -> str:
        return _Status(self.status).label_id

    @property
    def label_en(self) -> str:
        return _Status(self.status).label_en


@dataclass(frozen=True)
class RequestDeadline(_Countdown):
    received: date
    due: date
    working_days_left: int
    extended: bool = False
    """The one extension of Pasal 22(8) was given (``due`` includes it)."""


@dataclass(frozen=True)
class PendingObjection(_Countdown):
    """The earliest objection on a case still awaiting the Atasan PPID's answer."""

    filed_on: date
    due: date
    """The last day of the answer (Pasal 36(2))."""
    working_days_left: int
    count: int = 1
    """How many objections on the case await an answer."""


@dataclass(frozen=True)
class ObjectionView:
    record: ObjectionRecord
    timeline: ObjectionTimeline


@dataclass(frozen=True)
class CaseDeadlines:
    """Every limit shown on one case."""

    answer: RequestDeadline | None
    objections: tuple[ObjectionView, ...]


def _left(counted: WorkingCalendar, today: date, due: date) -> int:
    if today <= due:
        return counted.working_days_between(today, due)
    return min(-1, -counted.working_days_between(due, today))  # past, even on a weekend


def _answer_due(counted: WorkingCalendar, received: date, extended: bool) -> date:
    due = statutory_deadline(counted, PeriodKey.REQUEST_ANSWER, received).due
    if extended:  # Pasal 22(8): 7 more working days after the first 10
        due = statutory_deadline(counted, PeriodKey.REQUEST_EXTENSION, due).due
    return due


def _years(days: Iterable[date], today: date) -> range:
    # Every period here (at most 30 + 14 working days) ends within the year after it starts.
    chosen = [*days, today]
    return range(min(chosen).year, max(chosen).year + 2)


def request_deadlines(
    rows: Iterable[CaseSummary], calendar: CalendarDesk, today: date
) -> dict[str, RequestDeadline]:
    """The answer deadline of every listed case that is answering a request, by case id.

    One calendar (holidays, cuti bersama, the body's days off read once from the log) is
    built for the years concerned and every deadline counted on it.
    """
    pending = [r for r in rows if r.request_dated is not None and r.state not in _DONE]
    if not pending:
        return {}
    counted = calendar.view(_years((r.request_dated for r in pending if r.request_dated), today))
    out: dict[str, RequestDeadline] = {}
    for row in pending:
        assert row.request_dated is not None
        due = _answer_due(counted.calendar, row.request_dated, row.answer_extended)
        left = _left(counted.calendar, today, due)
        out[row.case_id] = RequestDeadline(row.request_dated, due, left, row.answer_extended)
    return out


def objection_deadlines(
    rows: Iterable[CaseSummary], calendar: CalendarDesk, today: date
) -> dict[str, PendingObjection]:
    """For every listed case with an objection awaiting its answer, the earliest one's
    limit (Pasal 36(2)), by case id; one calendar for all."""
    pending = [r for r in rows if r.objection_filed_on is not None]
    if not pending:
        return {}
    counted = calendar.view(
        _years((r.objection_filed_on for r in pending if r.objection_filed_on), today)
    )
    out: dict[str, PendingObjection] = {}
    for row in pending:
        assert row.objection_filed_on is not None
        due = statutory_deadline(
            counted.calendar, PeriodKey.OBJECTION_ANSWER, row.objection_filed_on
        ).due
        left = _left(counted.calendar, today, due)
        out[row.case_id] = PendingObjection(
            row.objection_filed_on, due, left, max(1, row.objections_pending)
        )
    return out


def case_deadlines(case: Case, calendar: CalendarDesk, today: date) -> CaseDeadlines:
    """The limits of one case as of ``today``: the request's answer while the case is
    tested, and each objection's."""
    received = case.trigger.dated if case.trigger.kind is TriggerKind.REQUEST else None
    starts = [o.filing.answer_date for o in case.objections]
    if received is not None:
        starts.append(received)
    if not starts:
        return CaseDeadlines(None, ())
    counted = calendar.view(_years(starts, today)).calendar
    answer = None
    if received is not None and case.state not in _DONE:
        extended = case.answer_extension is not None
        due = _answer_due(counted, received, extended)
        answer = RequestDeadline(received, due, _left(counted, today, due), extended)
    views = tuple(ObjectionView(o, objection_timeline(o, counted, today)) for o in case.objections)
    return CaseDeadlines(answer, views)
