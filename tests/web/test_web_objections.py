"""Objections (keberatan, UU 14/2008 Pasal 35-37) on the case page, the dashboards and the
JSON API: the PPID Utama records one, the Atasan PPID answers it, and the limits around
it (filing window, answer due, dispute window) are shown counted in working days.

Today is the test clock's, Wednesday 25 November 2026. Sample 01 was requested on
5 October 2026 and concludes partly exempt, so an objection against it is possible once
the PPID Utama has approved it. Every date a test expects is counted on the workspace's
calendar (``CalendarDesk``), not typed in.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from web_support import PageForms, WebBench, act, api_as

from ujikon.dates import format_date_en, format_date_id
from ujikon.domain.states import CaseState
from ujikon.service.calendar import CalendarDesk

SAMPLE = "01-rekam-medis-pegawai.yaml"
TODAY = date(2026, 11, 25)
SCRIPT = '<script>alert("keberatan")</script>'

FILING = {
    "reference": "KEB/007/PPID/XI/2026",
    "objector": "Ahmad Fauzi (pemohon)",
    "answer_date": "2026-11-16",
    "answer_reference": "045.1/PPID/XI/2026",
    "filed_on": "2026-11-24",
    "reasons": "Pemohon menilai lampiran kesehatan tidak relevan dengan alasan penolakan.",
}
OPEN_ANSWER = {
    "objection_reference": FILING["reference"],
    "outcome": "opened",
    "reference": "045.2/ATASAN-PPID/XI/2026",
    "answered_on": "2026-11-25",
    "reasons": "Pegawai yang bersangkutan telah memberikan persetujuan tertulis.",
}
UPHELD_ANSWER = {
    **OPEN_ANSWER,
    "outcome": "upheld",
    "reasons": "Rekam medis tetap rahasia pribadi menurut Pasal 17 huruf h.",
}


def _due(web: WebBench, start: str, period: str) -> date:
    deadline, _ = CalendarDesk(web.service).deadline(date.fromisoformat(start), period=period)
    return deadline.due


def _approved(web: WebBench) -> str:
    case_id = web.import_sample(SAMPLE, by="siti")
    web.service.act("budi", case_id, "approve", {"comments": "Disetujui."})
    return case_id


def _decreed(web: WebBench) -> str:
    case_id = _approved(web)
    web.service.act(
        "budi",
        case_id,
        "include_in_decree",
        {"decree_number": "188.4/011/PPID/XI/2026", "decree_date": "2026-11-25"},
    )
    return case_id


def _with_objection(web: WebBench, **changes: Any) -> str:
    case_id = _approved(web)
    web.service.act("budi", case_id, "file_objection", {**FILING, **changes})
    return case_id


def _late_filing(web: WebBench) -> dict[str, str]:
    """A filing received on the 31st working day after its answer, on or before today."""
    answer = date(2026, 10, 9)
    desk = CalendarDesk(web.service)
    last, view = desk.deadline(answer, period="objection-filing")
    day_31 = view.calendar.next_working_day(last.due + timedelta(days=1))
    assert day_31 <= TODAY
    assert view.calendar.working_days_between(answer, day_31) == 31
    return {**FILING, "answer_date": answer.isoformat(), "filed_on": day_31.isoformat()}


# -- the case page ---------------------------------------------------------------------------


def test_web_ppid_records_an_objection_on_a_decreed_case_and_sees_its_answer_due(
    web: WebBench,
) -> None:
    case_id = _decreed(web)
    budi = web.as_user("budi")
    assert "file_objection" in PageForms(budi.get(f"/cases/{case_id}").text).step_actions()
    response = act(budi, case_id, "file_objection", {"revision": "1", **FILING})
    assert response.status_code == 303, response.text[-2000:]
    case = web.service.get_case(case_id)
    assert case.state is CaseState.DECREED
    assert [o.reference for o in case.pending_objections] == [FILING["reference"]]
    page = budi.get(f"/cases/{case_id}").text
    answer_due = _due(web, FILING["filed_on"], "objection-answer")
    filing_due = _due(web, FILING["answer_date"], "objection-filing")
    assert "Tenggat tanggapan Atasan PPID (Pasal 36(2))" in page
    assert f"tenggat: {format_date_id(answer_due)}" in page
    assert format_date_id(filing_due) in page
    assert "Ahmad Fauzi (pemohon)" in page
    assert "045.1/PPID/XI/2026, 16 November 2026" in page
    assert "keberatan dicatat" in page  # the story
    budi.get("/lang/en")
    assert f"due: {format_date_en(answer_due)}" in budi.get(f"/cases/{case_id}").text


def test_web_objection_on_working_day_31_is_refused_beside_filed_on(web: WebBench) -> None:
    case_id = _approved(web)
    late = _late_filing(web)
    budi = web.as_user("budi")
    before = web.service.log.head()
    response = act(budi, case_id, "file_objection", {"revision": "1", **late})
    assert response.status_code == 422
    forms = PageForms(response.text)
    beside = forms.described("/act/file_objection", "filed_on")
    assert "Pasal 36" in beside and 'data-rule="objection-in-time"' in response.text
    assert forms.value("/act/file_objection", "filed_on") == late["filed_on"]
    assert forms.value("/act/file_objection", "reasons") == FILING["reasons"]
    assert forms.value("/act/file_objection", "objector") == FILING["objector"]
    assert web.service.log.head() == before
    assert web.service.get_case(case_id).objections == []


def test_web_head_orders_the_information_opened_and_the_case_is_overturned(
    web: WebBench,
) -> None:
    case_id = _with_objection(web)
    hendra = web.as_user("hendra")
    page = hendra.get(f"/cases/{case_id}").text
    forms = PageForms(page)
    assert "answer_objection" in forms.step_actions()
    assert forms.value("/act/answer_objection", "objection_reference") == FILING["reference"]
    assert "Memerintahkan informasi dibuka" in page
    assert 'data-confirm="Catat tanggapan ini?' in page  # irreversible: the browser asks
    response = act(hendra, case_id, "answer_objection", {"revision": "1", **OPEN_ANSWER})
    assert response.status_code == 303, response.text[-2000:]
    case = web.service.get_case(case_id)
    assert case.state is CaseState.OVERTURNED
    assert case.overturn is not None
    assert case.overturn.ruling_reference == OPEN_ANSWER["reference"]
    page = hendra.get(f"/cases/{case_id}").text
    assert CaseState.OVERTURNED.label_id in page
    assert f"Atasan PPID: {OPEN_ANSWER['reference']}, 25 November 2026" in page
    assert "memerintahkan informasi dibuka" in page
    assert "Batas pengajuan sengketa" not in page  # opened: nothing to dispute
    assert "answer_objection" not in PageForms(page).step_actions()


def test_web_upheld_answer_shows_the_dispute_window(web: WebBench) -> None:
    case_id = _with_objection(web)
    hendra = web.as_user("hendra")
    response = act(hendra, case_id, "answer_objection", {"revision": "1", **UPHELD_ANSWER})
    assert response.status_code == 303, response.text[-2000:]
    assert web.service.get_case(case_id).state is CaseState.APPROVED
    page = hendra.get(f"/cases/{case_id}").text
    dispute = _due(web, UPHELD_ANSWER["answered_on"], "dispute-filing")
    assert "Batas pengajuan sengketa ke KI (Pasal 37(2))" in page
    assert format_date_id(dispute) in page
    assert "menguatkan keputusan PPID: 045.2/ATASAN-PPID/XI/2026, 25 November 2026" in page
    assert "hendra" in page
    assert "terlambat" not in page
    # Nothing awaits an answer now: the form is gone.
    assert "answer_objection" not in PageForms(page).step_actions()


def test_web_late_answer_is_marked_late_and_was_past_due_on_the_dashboard(
    web: WebBench,
) -> None:
    filed = date(2026, 10, 12)
    case_id = _with_objection(
        web, answer_date="2026-10-09", filed_on=filed.isoformat(), reference="KEB/003/2026"
    )
    answer_due = _due(web, filed.isoformat(), "objection-answer")
    assert answer_due < TODAY
    hendra = web.as_user("hendra")
    home = hendra.get("/").text
    assert f"LEWAT tenggat: {format_date_id(answer_due)}" in home
    answer = {**UPHELD_ANSWER, "objection_reference": "KEB/003/2026"}
    assert act(hendra, case_id, "answer_objection", {"revision": "1", **answer}).status_code == 303
    page = hendra.get(f"/cases/{case_id}").text
    assert "terlambat" in page
    assert f"batasnya {format_date_id(answer_due)}" in page
    assert "Keberatan menunggu tanggapan (0)" in hendra.get("/").text


def test_web_answer_dated_before_the_objection_is_refused_beside_its_date(
    web: WebBench,
) -> None:
    case_id = _with_objection(web)
    hendra = web.as_user("hendra")
    before = web.service.log.head()
    wrong = {**OPEN_ANSWER, "answered_on": "2026-11-20"}
    response = act(hendra, case_id, "answer_objection", {"revision": "1", **wrong})
    assert response.status_code == 422
    forms = PageForms(response.text)
    beside = forms.described("/act/answer_objection", "answered_on")
    assert "Pasal 36" in beside and 'data-rule="objection-answered"' in response.text
    assert forms.value("/act/answer_objection", "reasons") == OPEN_ANSWER["reasons"]
    assert web.service.log.head() == before
    assert web.service.get_case(case_id).state is CaseState.APPROVED


def test_web_officer_gets_no_objection_form_and_posting_one_is_refused(web: WebBench) -> None:
    case_id = _with_objection(web)
    siti = web.as_user("siti")
    page = siti.get(f"/cases/{case_id}").text
    offered = PageForms(page).step_actions()
    assert "file_objection" not in offered and "answer_objection" not in offered
    assert "Tenggat tanggapan Atasan PPID" in page  # she sees the limits, not the forms
    before = web.service.log.head()
    for trigger, data in (
        ("file_objection", {**FILING, "reference": "KEB/008/2026"}),
        ("answer_objection", OPEN_ANSWER),
    ):
        response = act(siti, case_id, trigger, {"revision": "1", **data})
        assert response.status_code == 422, trigger
        assert "role-may-act" in response.text
    assert web.service.log.head() == before
    budi = web.as_user("budi")
    response = act(budi, case_id, "answer_objection", {"revision": "1", **OPEN_ANSWER})
    assert response.status_code == 422 and "role-may-act" in response.text
    assert web.service.log.head() == before


def test_web_answer_form_is_offered_only_while_an_objection_awaits(web: WebBench) -> None:
    case_id = _approved(web)
    hendra = web.as_user("hendra")
    offered = PageForms(hendra.get(f"/cases/{case_id}").text).step_actions()
    assert "file_objection" in offered and "answer_objection" not in offered
    assert "Tenggat tanggapan" not in hendra.get(f"/cases/{case_id}").text
    web.service.act("budi", case_id, "file_objection", FILING)
    assert "answer_objection" in PageForms(hendra.get(f"/cases/{case_id}").text).step_actions()
    # Still in review: no objection can be recorded yet, so no form is offered.
    in_review = web.import_sample(SAMPLE, by="siti")
    offered = PageForms(web.as_user("budi").get(f"/cases/{in_review}").text).step_actions()
    assert "file_objection" not in offered


# -- the dashboards and the list --------------------------------------------------------------


def test_web_dashboard_lists_objections_awaiting_an_answer(web: WebBench) -> None:
    case_id = _with_objection(web)
    answer_due = format_date_id(_due(web, FILING["filed_on"], "objection-answer"))
    for user in ("hendra", "budi"):
        home = web.as_user(user).get("/").text
        assert "Keberatan menunggu tanggapan (1)" in home, user
        assert f"tenggat: {answer_due}" in home, user
        assert f'href="/cases/{case_id}#h-deadlines"' in home, user
    assert "Keberatan menunggu tanggapan" not in web.as_user("siti").get("/").text
    budi = web.as_user("budi")
    assert f"Keberatan · tenggat: {answer_due}" in budi.get("/cases").text
    budi.get("/lang/en")
    listed = budi.get("/cases").text
    assert (
        "Objection · due: " + format_date_en(_due(web, FILING["filed_on"], "objection-answer"))
        in listed
    )
    assert "Objections awaiting an answer (1)" in budi.get("/").text


def test_web_objection_text_comes_back_escaped(web: WebBench) -> None:
    case_id = _with_objection(web, objector=f"Pemohon {SCRIPT}", reasons=f"Alasan {SCRIPT}")
    hendra = web.as_user("hendra")
    for path in (f"/cases/{case_id}", "/", "/cases"):
        text = hendra.get(path).text
        assert SCRIPT not in text and "<script>alert" not in text, path
    assert "Pemohon &lt;script&gt;" in hendra.get(f"/cases/{case_id}").text


# -- the JSON API ------------------------------------------------------------------------------


def test_web_api_objection_filed_answered_and_its_deadlines_in_the_case(web: WebBench) -> None:
    case_id = _approved(web)
    budi, hendra = api_as(web, "budi"), api_as(web, "hendra")
    assert "file_objection" in budi.get(f"/api/cases/{case_id}").json()["allowed_triggers"]
    filed = budi.post(f"/api/cases/{case_id}/file_objection", json=FILING)
    assert filed.status_code == 200, filed.text
    body = filed.json()
    assert body["objections"][0]["filing"]["reference"] == FILING["reference"]
    deadlines = body["deadlines"]
    assert deadlines["as_of"] == TODAY.isoformat()
    (objection,) = deadlines["objections"]
    assert objection["reference"] == FILING["reference"]
    assert objection["answer_due"] == _due(web, FILING["filed_on"], "objection-answer").isoformat()
    assert (
        objection["filing_due"] == _due(web, FILING["answer_date"], "objection-filing").isoformat()
    )
    assert objection["status"] == "ok" and objection["answered"] is False
    answered = hendra.post(f"/api/cases/{case_id}/answer_objection", json=UPHELD_ANSWER)
    assert answered.status_code == 200, answered.text
    (objection,) = hendra.get(f"/api/cases/{case_id}").json()["deadlines"]["objections"]
    assert objection["status"] == "answered" and objection["answer_left"] is None
    dispute = _due(web, UPHELD_ANSWER["answered_on"], "dispute-filing")
    assert objection["dispute_due"] == dispute.isoformat()


def test_web_api_objection_refusals_name_rule_article_and_field(web: WebBench) -> None:
    case_id = _approved(web)
    before = web.service.log.head()
    late = api_as(web, "budi").post(f"/api/cases/{case_id}/file_objection", json=_late_filing(web))
    assert late.status_code == 422
    assert late.json()["rule"] == "objection-in-time"
    assert "Pasal 36" in late.json()["article"]
    assert late.json()["field"] == "filed_on"
    by_officer = api_as(web, "siti").post(f"/api/cases/{case_id}/file_objection", json=FILING)
    assert by_officer.status_code == 422 and by_officer.json()["rule"] == "role-may-act"
    by_ppid = api_as(web, "budi").post(f"/api/cases/{case_id}/answer_objection", json=OPEN_ANSWER)
    assert by_ppid.status_code == 422 and by_ppid.json()["rule"] == "role-may-act"
    hidden = api_as(web, "wulan").post(f"/api/cases/{case_id}/file_objection", json=FILING)
    assert hidden.status_code == 404
    assert web.service.log.head() == before
    opened = api_as(web, "hendra").post(f"/api/cases/{case_id}/answer_objection", json=OPEN_ANSWER)
    assert opened.status_code == 422 and opened.json()["rule"] == "objection-answered"
    assert opened.json()["field"] == "objection_reference"
    assert web.service.log.head() == before


def test_web_api_case_of_a_request_carries_its_answer_due(web: WebBench) -> None:
    opening = {
        "trigger": {"kind": "request", "reference": "REQ/2026/118", "dated": "2026-11-13"},
        "summary": "Permohonan salinan kontrak",
    }
    siti = api_as(web, "siti")
    created = siti.post("/api/cases", json=opening)
    assert created.status_code == 201, created.text
    answer = created.json()["deadlines"]["answer"]
    assert answer["due"] == _due(web, "2026-11-13", "request-answer").isoformat()
    assert answer["status"] == "near" and answer["label"]["id"] == "tenggat dekat"
    assert answer["extended"] is False
