"""Objections (*keberatan*, UU 14/2008 Pasal 35-37): what was filed, what was answered,
and the working-day limits that run around them.

A requester whose request was refused on the grounds of Pasal 17 may object in writing
to the Atasan PPID (Pasal 35(1)(a)) within 30 working days of the answer (Pasal 36(1));
the Atasan PPID answers in writing within 30 working days of receiving it (Pasal 36(2)),
upholding the decision or ordering the information opened; a requester not satisfied
may take the dispute to the Komisi Informasi within 14 working days of that answer
(Pasal 37(2)).

:class:`ObjectionRecord` is what a case keeps of each objection (folded from
``case.objection_filed`` and ``case.objection_answered``); :func:`objection_timeline`
counts its limits on a :class:`~ujikon.domain.calendar.WorkingCalendar`. Pure: no clock,
no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from pydantic import BaseModel

from ujikon.domain import payloads as p
from ujikon.domain.calendar import PeriodKey, WorkingCalendar, statutory_deadline

__all__ = ["NEAR_WORKING_DAYS", "ObjectionRecord", "ObjectionTimeline", "objection_timeline"]

NEAR_WORKING_DAYS = 3
"""At most this many working days left: a limit is near."""


class ObjectionRecord(BaseModel):
    """One objection against a case's decision, and its answer once given."""

    filing: p.FileObjection
    recorded_by: str
    recorded_at: datetime
    answer: p.AnswerObjection | None = None
    answered_by: str | None = None

    @property
    def reference(self) -> str:
        return self.filing.reference

    @property
    def pending(self) -> bool:
        return self.answer is None


@dataclass(frozen=True)
class ObjectionTimeline:
    """The limits around one objection, counted on the body's working calendar."""

    filing_due: date
    """The last day the objection could be filed (Pasal 36(1)): 30 working days after
    the answer objected to."""
    answer_due: date
    """The last day for the Atasan PPID's answer (Pasal 36(2))."""
    answer_left: int | None
    """While unanswered: working days after today up to ``answer_due`` (negative once
    past); ``None`` once answered."""
    answered_late: bool
    """Answered, but after ``answer_due``."""
    dispute_due: date | None
    """Once upheld: the last day to take the dispute to the Komisi Informasi
    (Pasal 37(2)); ``None`` otherwise."""

    @property
    def status(self) -> str:
        """``answered``, ``late`` (unanswered past its limit), ``near`` or ``ok``."""
        if self.answer_left is None:
            return "answered"
        if self.answer_left < 0:
            return "late"
        return "near" if self.answer_left <= NEAR_WORKING_DAYS else "ok"


def objection_timeline(
    record: ObjectionRecord, calendar: WorkingCalendar, today: date
) -> ObjectionTimeline:
    """The limits of ``record`` as of ``today`` on ``calendar``."""
    filing = record.filing
    filing_due = statutory_deadline(calendar, PeriodKey.OBJECTION_FILING, filing.answer_date).due
    answer_due = statutory_deadline(calendar, PeriodKey.OBJECTION_ANSWER, filing.filed_on).due
    answer = record.answer
    if answer is None:
        left = (
            calendar.working_days_between(today, answer_due)
            if today <= answer_due
            else -max(1, calendar.working_days_between(answer_due, today))
        )
        return ObjectionTimeline(filing_due, answer_due, left, False, None)
    dispute_due = (
        statutory_deadline(calendar, PeriodKey.DISPUTE_FILING, answer.answered_on).due
        if answer.outcome is p.ObjectionOutcome.UPHELD
        else None
    )
    return ObjectionTimeline(
        filing_due, answer_due, None, answer.answered_on > answer_due, dispute_due
    )
