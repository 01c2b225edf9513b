"""The officer's dashboard and the case list show when each request must be answered
(UU 14/2008 Pasal 22(7)), marked when near or past. Today is the test clock's, 25
November 2026."""

from __future__ import annotations

from web_support import WebBench


def _on_request(web: WebBench, received: str) -> str:
    opening = {
        "trigger": {"kind": "request", "reference": f"REQ/{received}", "dated": received},
        "summary": f"Permohonan diterima {received}",
    }
    return web.service.open_case("siti", opening).case_id


def test_the_dashboard_marks_a_near_deadline(web: WebBench) -> None:
    _on_request(web, "2026-11-13")
    page = web.as_user("siti").get("/").text
    assert 'class="badge badge-near"' in page
    assert "tenggat dekat: 27 November 2026" in page


def test_the_case_list_marks_a_past_deadline_in_both_languages(web: WebBench) -> None:
    _on_request(web, "2026-03-20")
    client = web.as_user("siti")
    assert "LEWAT tenggat: 8 April 2026" in client.get("/cases").text
    client.get("/lang/en")
    assert "PAST due: 8 April 2026" in client.get("/cases").text


def test_the_dashboard_lists_an_exemption_ending_within_90_days(web: WebBench) -> None:
    """The same items as `ujikon lifecycle run` lists (Pasal 20: open again after)."""
    import copy
    import dataclasses
    from pathlib import Path

    from ujikon.service.caseplan import load_plan

    samples = Path(__file__).resolve().parents[2] / "ujikon" / "samples"
    plan = load_plan(samples / "03-dokumen-penawaran-tender.yaml")
    steps = []
    for step in plan.steps:
        payload = copy.deepcopy(step.payload)
        if step.trigger == "conclude":
            payload["period"] = {"kind": "until_date", "end_date": "2027-01-15"}
        steps.append(dataclasses.replace(step, payload=payload))
    case = web.service.import_case("siti", dataclasses.replace(plan, by="siti", steps=tuple(steps)))
    web.service.act("budi", case.case_id, "approve", {"comments": "Setuju."})
    web.service.act(
        "budi",
        case.case_id,
        "include_in_decree",
        {"decree_number": "188.4/009/PPID/XI/2026", "decree_date": "2026-11-25"},
    )
    for user in ("siti", "budi"):
        page = web.as_user(user).get("/").text
        assert "Pengecualian yang berakhir dalam 90 hari" in page
        assert "15 Januari 2027 · 51 hari lagi" in page
    assert "15 Januari 2027" not in web.as_user("wulan").get("/").text  # another unit's


def test_an_officer_extends_the_answer_once_from_the_case_page(web: WebBench) -> None:
    from web_support import post_form

    case_id = _on_request(web, "2026-11-13")
    client = web.as_user("siti")
    page = client.get(f"/cases/{case_id}").text
    assert "Perpanjang jawaban permohonan (Pasal 22(8))" in page
    response = post_form(
        client,
        f"/cases/{case_id}",
        f"/cases/{case_id}/act/extend_answer",
        {
            "revision": "1",
            "notice_reference": "045.1/PPID/XI/2026",
            "notice_date": "2026-11-25",
            "reason": "Dokumen harus diambil dari arsip inaktif.",
        },
    )
    assert response.status_code == 303, response.text[:500]
    assert "tenggat: 8 Desember 2026" in client.get("/").text
