"""Requests answered within 10 working days, or 10 + 7 with the written notice of
UU 14/2008 Pasal 22(8); objections answered within 30 working days (Pasal 36(2)). Each
built through the real service on both store backends, scored as of 25 November 2026.

November 2026 has no holiday: from Monday 2 November the tenth working day is Monday
16 November, the seventeenth Wednesday 25 November."""

from __future__ import annotations

from datetime import date

from monev_support import TODAY, Office

from ujikon.domain.monev import Check, Status

REQUESTS = Check.REQUESTS_IN_TIME
OBJECTIONS = Check.OBJECTIONS_IN_TIME
RECEIVED = date(2026, 11, 2)


def _counted(office: Office, check: Check) -> dict[str, bool | None]:
    found = office.finding(2026, check)
    return {e.case.split("/")[0]: e.counts for e in found.evidence}


def test_a_request_answered_within_ten_working_days_is_met(office: Office) -> None:
    office.at(RECEIVED)
    case_id = office.request("Salinan kontrak", RECEIVED)
    office.answer(case_id, date(2026, 11, 16))  # the 10th working day
    office.at(TODAY)
    found = office.finding(2026, REQUESTS)
    assert (found.status, found.score) == (Status.MET, 100)
    (line,) = found.evidence
    assert line.case == f"{case_id}/1" and line.seq is not None
    assert "10 hari kerja" in line.text and "limit 10" in line.text


def test_a_request_answered_on_the_eleventh_day_without_notice_is_late(office: Office) -> None:
    office.at(RECEIVED)
    case_id = office.request("Salinan kontrak", RECEIVED)
    office.answer(case_id, date(2026, 11, 17))
    office.at(TODAY)
    found = office.finding(2026, REQUESTS)
    assert (found.status, found.score) == (Status.NOT_MET, 0)
    assert "late" in found.evidence[0].text


def test_a_request_extended_with_written_notice_may_take_seventeen_days(office: Office) -> None:
    office.at(RECEIVED)
    case_id = office.request("Salinan kontrak", RECEIVED)
    office.at(date(2026, 11, 13))
    office.service.act(
        "budi",
        case_id,
        "extend_answer",
        {"notice_reference": "045/PPID/XI/2026", "notice_date": "2026-11-13", "reason": "Banyak."},
    )
    office.answer(case_id, date(2026, 11, 25))  # the 17th working day
    found = office.finding(2026, REQUESTS)
    assert found.status is Status.MET
    assert "045/PPID/XI/2026" in found.evidence[0].text and "10 + 7" in found.evidence[0].text


def test_an_unanswered_request_past_its_limit_counts_against_and_one_within_it_is_shown(
    office: Office,
) -> None:
    office.at(RECEIVED)
    late = office.request("Salinan kontrak", RECEIVED)
    office.at(date(2026, 11, 20))
    pending = office.request("Notulen rapat", date(2026, 11, 20))
    office.at(TODAY)
    assert _counted(office, REQUESTS) == {late: False, pending: None}
    found = office.finding(2026, REQUESTS)
    assert (found.status, found.score, found.counted) == (Status.NOT_MET, 0, 1)


def test_one_request_of_two_in_time_is_partly_met(office: Office) -> None:
    office.at(RECEIVED)
    quick = office.request("Salinan kontrak", RECEIVED)
    slow = office.request("Notulen rapat", RECEIVED)
    office.answer(quick, date(2026, 11, 4))
    office.answer(slow, date(2026, 11, 24))
    office.at(TODAY)
    found = office.finding(2026, REQUESTS)
    assert (found.status, found.score) == (Status.PARTLY, 50)


def test_no_request_in_the_year_is_no_evidence_not_a_pass(office: Office) -> None:
    office.approved("Dokumen proaktif")
    found = office.finding(2026, REQUESTS)
    assert (found.status, found.score) == (Status.NO_EVIDENCE, None)
    assert "no request received in 2026" in found.reason


def _objection(office: Office, filed: date) -> str:
    """A request answered on 9 January 2026 and an objection to it received on ``filed``."""
    office.at(date(2026, 1, 5))
    case_id = office.request("Laporan keuangan", date(2026, 1, 5))
    ref = office.answer(case_id, date(2026, 1, 9))
    office.at(filed)
    office.service.act(
        "budi",
        ref,
        "file_objection",
        {
            "reference": "KEB-01/2026",
            "objector": "Forum Warga",
            "answer_date": "2026-01-09",
            "filed_on": filed.isoformat(),
            "reasons": "Laporan keuangan adalah informasi publik.",
        },
    )
    return ref


def _answer_objection(office: Office, ref: str, on: date) -> None:
    office.at(on)
    office.service.act(
        "hendra",
        ref,
        "answer_objection",
        {
            "objection_reference": "KEB-01/2026",
            "outcome": "upheld",
            "reference": "JAWAB-01/2026",
            "answered_on": on.isoformat(),
            "reasons": "Pengecualian dikuatkan.",
        },
    )


def test_an_objection_answered_within_thirty_working_days_is_met(office: Office) -> None:
    ref = _objection(office, date(2026, 1, 20))
    _answer_objection(office, ref, date(2026, 2, 2))
    office.at(TODAY)
    found = office.finding(2026, OBJECTIONS)
    assert (found.status, found.score) == (Status.MET, 100)
    (line,) = found.evidence
    assert line.case == ref and "KEB-01/2026" in line.text and "batas 30" in line.text
    assert line.seq == office.service.history(ref)[-1].seq  # the answer's event


def test_an_objection_answered_late_is_not_met(office: Office) -> None:
    ref = _objection(office, date(2026, 1, 20))
    _answer_objection(office, ref, date(2026, 4, 15))
    office.at(TODAY)
    found = office.finding(2026, OBJECTIONS)
    assert (found.status, found.score) == (Status.NOT_MET, 0)
    assert "late" in found.evidence[0].text


def test_an_unanswered_objection_past_its_limit_is_not_met(office: Office) -> None:
    _objection(office, date(2026, 1, 20))
    office.at(TODAY)
    found = office.finding(2026, OBJECTIONS)
    assert found.status is Status.NOT_MET
    assert "past its limit" in found.evidence[0].text


def test_an_objection_still_within_its_limit_is_shown_not_counted(office: Office) -> None:
    _objection(office, date(2026, 1, 20))
    office.at(date(2026, 2, 2))
    found = office.finding(2026, OBJECTIONS)
    assert (found.status, found.counted, len(found.evidence)) == (Status.NO_EVIDENCE, 0, 1)
