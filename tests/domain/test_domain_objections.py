"""Objections (keberatan), rule by rule: UU 14/2008 Pasal 35-37.

The running case withholds an employee's medical examination (Pasal 17 huruf h angka 2);
the requester objects to the Atasan PPID. Windows are counted on Indonesia's working
calendar (national holidays and cuti bersama), from the day after the event.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ujikon.domain.calendar import WorkingCalendar
from ujikon.domain.objection import objection_timeline
from ujikon.domain.payloads import Authority, ObjectionOutcome
from ujikon.domain.roles import Actor
from ujikon.domain.states import CaseState as S

OBJECTION_ARTICLE = "Pasal 35, Pasal 36 ayat (1)"


def _objection(flow: Any, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = flow.valid("file_objection", **changes)
    return data


def _answer(flow: Any, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = flow.valid("answer_objection", **changes)
    return data


# --- the window to object (Pasal 36(1)) ---------------------------------------------------


def test_objection_filed_on_working_day_30_across_the_year_end_is_recorded(flow: Any) -> None:
    # Answer on Friday 20 November 2026; Christmas (24-25 Dec), New Year and Isra Mikraj
    # (5 Jan 2027) do not count: working day 30 is Thursday 7 January 2027.
    case = flow.to(S.DECREED)
    filed = _objection(flow, answer_date="2026-11-20", filed_on="2027-01-07")
    after = flow.fire(case, "file_objection", filed, today=date(2027, 1, 7))
    assert after.state is S.DECREED
    [record] = after.objections
    assert record.reference == "KEB-007/PPID/XI/2026"
    assert record.pending and record.recorded_by == "budi"


def test_objection_filed_on_day_31_is_refused_with_the_article_named(flow: Any) -> None:
    case = flow.to(S.DECREED)
    late = _objection(flow, answer_date="2026-11-20", filed_on="2027-01-08")
    refused = flow.refuse(
        case,
        "file_objection",
        late,
        today=date(2027, 1, 8),
        rule="objection-in-time",
        article=OBJECTION_ARTICLE,
        field="filed_on",
    )
    assert "hari kerja ke-31" in refused.message_id
    assert "7 Januari 2027" in refused.message_id
    assert "working day 31" in refused.message_en and "7 January 2027" in refused.message_en


def test_objection_window_does_not_count_nyepi_eid_and_cuti_bersama(flow: Any) -> None:
    # A proactive DIK item refused on Monday 2 March 2026: Nyepi (18-19 March), the Eid
    # cuti bersama (20, 23, 24 March) and Good Friday (3 April) are passed over, so the
    # window closes on Tuesday 21 April 2026, not 13 April.
    case = flow.to(S.DECREED, payloads={"open": {"trigger": {"kind": "proactive"}}})
    on_time = _objection(flow, answer_date="2026-03-02", filed_on="2026-04-21")
    assert flow.fire(case, "file_objection", on_time).objections
    late = _objection(flow, answer_date="2026-03-02", filed_on="2026-04-22")
    refused = flow.refuse(
        case, "file_objection", late, rule="objection-in-time", article=OBJECTION_ARTICLE
    )
    assert "21 April 2026" in refused.message_id


def test_objection_received_before_the_answer_is_refused(flow: Any) -> None:
    case = flow.to(S.DECREED)
    early = _objection(flow, answer_date="2026-11-20", filed_on="2026-11-19")
    flow.refuse(
        case,
        "file_objection",
        early,
        rule="objection-in-time",
        article=OBJECTION_ARTICLE,
        field="filed_on",
    )


def test_objection_dated_in_the_future_is_refused(flow: Any) -> None:
    case = flow.to(S.DECREED)
    ahead = _objection(flow, filed_on="2026-11-26")
    flow.refuse(
        case,
        "file_objection",
        ahead,
        rule="objection-in-time",
        article=OBJECTION_ARTICLE,
        field="filed_on",
    )


def test_objection_to_an_answer_before_the_request_is_refused(flow: Any) -> None:
    # The request was received on 12 November 2026; no answer can precede it.
    case = flow.to(S.DECREED)
    flow.refuse(
        case,
        "file_objection",
        _objection(flow, answer_date="2026-11-10"),
        rule="objection-in-time",
        article=OBJECTION_ARTICLE,
        field="answer_date",
    )


def test_objection_registered_twice_is_refused(flow: Any) -> None:
    case = flow.fire(flow.to(S.DECREED), "file_objection")
    again = _objection(flow, reference="keb-007/ppid/xi/2026 ")
    flow.refuse(
        case,
        "file_objection",
        again,
        rule="objection-in-time",
        article=OBJECTION_ARTICLE,
        field="reference",
    )


# --- what can be objected to (Pasal 35(1)(a)) ---------------------------------------------


def test_objection_against_a_decision_to_open_is_refused(flow: Any) -> None:
    opened = {"outcome": "open", "reasoning": "Kepentingan publik lebih besar."}
    weighing = flow.valid("weigh_public_interest", outweighs="public_interest")
    case = flow.to(S.APPROVED, payloads={"conclude": opened, "weigh_public_interest": weighing})
    flow.refuse(
        case,
        "file_objection",
        rule="objection-against-withholding",
        article="Pasal 35 ayat (1) huruf a",
    )


def test_objection_before_the_decision_is_approved_is_refused(flow: Any) -> None:
    flow.refuse(
        flow.to(S.IN_REVIEW),
        "file_objection",
        rule="objection-against-withholding",
        article="Pasal 35 ayat (1) huruf a",
    )


def test_objection_against_an_approved_decision_not_yet_decreed_is_recorded(flow: Any) -> None:
    case = flow.fire(flow.to(S.APPROVED), "file_objection")
    assert case.state is S.APPROVED and len(case.pending_objections) == 1


def test_an_officer_does_not_register_objections(flow: Any, siti: Actor) -> None:
    flow.refuse(
        flow.to(S.DECREED), "file_objection", actor=siti, rule="role-may-act", article="Perki"
    )


# --- the Atasan PPID's answer (Pasal 36(2)) -----------------------------------------------


def test_only_the_atasan_ppid_answers_an_objection(flow: Any, budi: Actor) -> None:
    case = flow.fire(flow.to(S.DECREED), "file_objection")
    flow.refuse(case, "answer_objection", actor=budi, rule="role-may-act", article="Perki")


def test_upheld_objection_keeps_the_decision_and_opens_the_dispute_window(
    flow: Any, working_calendar: WorkingCalendar
) -> None:
    case = flow.fire(flow.fire(flow.to(S.DECREED), "file_objection"), "answer_objection")
    assert case.state is S.DECREED and case.overturn is None
    [record] = case.objections
    assert record.answer is not None and record.answer.outcome is ObjectionOutcome.UPHELD
    assert record.answered_by == "sekda"
    timeline = objection_timeline(record, working_calendar, date(2026, 11, 25))
    # Answered 25 November 2026: 14 working days (Pasal 37(2)) end on 15 December 2026.
    assert timeline.dispute_due == date(2026, 12, 15)
    assert timeline.status == "answered" and not timeline.answered_late


def test_order_to_open_overturns_the_case_with_the_answer_as_ruling(flow: Any) -> None:
    filed = flow.fire(flow.to(S.DECREED), "file_objection")
    opened = flow.fire(filed, "answer_objection", _answer(flow, outcome="opened"))
    assert opened.state is S.OVERTURNED
    assert opened.overturn is not None
    assert opened.overturn.authority is Authority.HEAD
    assert opened.overturn.ruling_reference == "800/112/Setda/XI/2026"
    assert opened.overturn.ruling_date == date(2026, 11, 25)
    assert "Pasal 17 huruf h" in opened.overturn.summary


def test_information_opened_on_objection_cannot_be_withheld_again_by_retest(flow: Any) -> None:
    filed = flow.fire(flow.to(S.DECREED), "file_objection")
    opened = flow.fire(filed, "answer_objection", _answer(flow, outcome="opened"))
    flow.refuse(opened, "retest", rule="not-exemptible", article="Pasal 11 ayat (2)")


def test_order_to_open_before_the_decree_keeps_the_case_out_of_any_decree(flow: Any) -> None:
    filed = flow.fire(flow.to(S.APPROVED), "file_objection")
    opened = flow.fire(filed, "answer_objection", _answer(flow, outcome="opened"))
    assert opened.state is S.OVERTURNED and opened.decree is None
    flow.refuse(opened, "include_in_decree", rule="decree-needs-approved", article="Perki")


def test_answer_to_an_unknown_objection_is_refused(flow: Any) -> None:
    case = flow.fire(flow.to(S.DECREED), "file_objection")
    refused = flow.refuse(
        case,
        "answer_objection",
        _answer(flow, objection_reference="KEB-999"),
        rule="objection-answered",
        article="Pasal 36 ayat (2)",
        field="objection_reference",
    )
    assert "KEB-007/PPID/XI/2026" in refused.message_id  # names the one awaiting an answer


def test_an_objection_is_answered_once(flow: Any) -> None:
    case = flow.fire(flow.fire(flow.to(S.DECREED), "file_objection"), "answer_objection")
    flow.refuse(
        case,
        "answer_objection",
        rule="objection-answered",
        article="Pasal 36 ayat (2)",
        field="objection_reference",
    )


def test_answer_dated_before_the_objection_is_refused(flow: Any) -> None:
    case = flow.fire(flow.to(S.DECREED), "file_objection")
    flow.refuse(
        case,
        "answer_objection",
        _answer(flow, answered_on="2026-11-23"),
        rule="objection-answered",
        article="Pasal 36 ayat (2)",
        field="answered_on",
    )


# --- the limits shown ------------------------------------------------------------------


def test_objection_answer_due_thirty_working_days_after_receipt(
    flow: Any, working_calendar: WorkingCalendar
) -> None:
    case = flow.fire(flow.to(S.DECREED), "file_objection")
    [record] = case.objections
    # Received 24 November 2026; Christmas, New Year and Isra Mikraj pass over.
    timeline = objection_timeline(record, working_calendar, date(2026, 11, 25))
    assert timeline.filing_due == date(2027, 1, 7)
    assert timeline.answer_due == date(2027, 1, 11)
    assert timeline.status == "ok" and timeline.answer_left == 29
    near = objection_timeline(record, working_calendar, date(2027, 1, 6))
    assert near.status == "near"
    past = objection_timeline(record, working_calendar, date(2027, 1, 12))
    assert past.status == "late" and past.answer_left is not None and past.answer_left < 0


def test_late_answer_is_recorded_and_shown_late(
    flow: Any, working_calendar: WorkingCalendar
) -> None:
    case = flow.fire(flow.to(S.DECREED), "file_objection")
    late = _answer(flow, answered_on="2027-01-12")
    answered = flow.fire(case, "answer_objection", late, today=date(2027, 1, 12))
    [record] = answered.objections
    timeline = objection_timeline(record, working_calendar, date(2027, 1, 12))
    assert timeline.answered_late and timeline.status == "answered"
