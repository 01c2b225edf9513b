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
