"""The answer deadline of a case opened on a request (UU 14/2008 Pasal 22(7)): ten working
days after the request was received, counted on the workspace's calendar (national
holidays, cuti bersama, the body's own days off).

Shown on the case, in the case list and on the officer's dashboard, with a warning when
it is near (three working days or fewer left) or past. Only cases still being tested
carry one: once the case is decided (decreed, expired, overturned) or withdrawn, the
request can be answered.

An extension (Pasal 22(8): once, seven more working days, with written notice; the
trigger ``extend_answer``) moves the deadline to the seventh working day after the first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from ujikon.calendar_desk import CalendarDesk
from ujikon.domain.calendar import PeriodKey, statutory_deadline
from ujikon.domain.states import CaseState
from ujikon.service import CaseSummary

__all__ = ["NEAR_WORKING_DAYS", "RequestDeadline", "request_deadlines"]

NEAR_WORKING_DAYS = 3
"""At most this many working days left: the deadline is near."""

_DONE = frozenset({CaseState.DECREED, CaseState.EXPIRED, CaseState.OVERTURNED, CaseState.WITHDRAWN})


@dataclass(frozen=True)
class RequestDeadline:
    received: date
    due: date
    working_days_left: int
    """Working days after today up to and including ``due``; negative once past."""
    extended: bool = False
    """The one extension of Pasal 22(8) was given (``due`` includes it)."""

    @property
    def status(self) -> str:
        """``late``, ``near`` or ``ok``."""
        if self.working_days_left < 0:
            return "late"
        return "near" if self.working_days_left <= NEAR_WORKING_DAYS else "ok"

    @property
    def label_id(self) -> str:
        return {"late": "LEWAT tenggat", "near": "tenggat dekat", "ok": "tenggat"}[self.status]

    @property
    def label_en(self) -> str:
        return {"late": "PAST due", "near": "due soon", "ok": "due"}[self.status]


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
    received = [r.request_dated for r in pending if r.request_dated is not None]
    # 10 + 7 working days always end within the year after receipt.
    years = range(min(*received, today).year, max(*received, today).year + 2)
    counted = calendar.view(years).calendar
    out: dict[str, RequestDeadline] = {}
    for row in pending:
        assert row.request_dated is not None
        due = statutory_deadline(counted, PeriodKey.REQUEST_ANSWER, row.request_dated).due
        if row.answer_extended:  # Pasal 22(8): 7 more working days after the first 10
            due = statutory_deadline(counted, PeriodKey.REQUEST_EXTENSION, due).due
        if today <= due:
            left = counted.working_days_between(today, due)
        else:  # past: at least one day late, even when today is a weekend
            left = min(-1, -counted.working_days_between(due, today))
        out[row.case_id] = RequestDeadline(row.request_dated, due, left, row.answer_extended)
    return out
