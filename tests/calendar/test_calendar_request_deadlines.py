"""The answer deadline of a case opened on a request (UU 14/2008 Pasal 22(7)): ten
working days after receipt, shown in the case list (CLI and web) and on the officer's
dashboard, marked when near (3 working days or fewer) or past. "Today" is the test
clock's: Wednesday 25 November 2026."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from toolkit import Clock, add_users, make_service

from ujikon.service.calendar import CalendarDesk
from ujikon.service.cases import Service
from ujikon.service.deadlines import request_deadlines


@pytest.fixture
def service(store_url: str) -> Iterator[Service]:
    svc = make_service(store_url, Clock())
    add_users(svc)
    yield svc
    svc.log.close()


def _on_request(service: Service, received: str) -> str:
    opening = {
        "trigger": {"kind": "request", "reference": f"REQ/{received}", "dated": received},
        "summary": "Permohonan salinan dokumen",
    }
    return service.open_case("siti", opening).case_id


def _deadline(service: Service, case_id: str):  # type: ignore[no-untyped-def]
    rows = [r for r in service.list_cases() if r.case_id == case_id]
    return request_deadlines(rows, CalendarDesk(service), service.today()).get(case_id)


def test_a_request_received_today_is_due_in_ten_working_days(service: Service) -> None:
    deadline = _deadline(service, _on_request(service, "2026-11-25"))
    assert deadline is not None
    assert deadline.due == date(2026, 12, 9)
    assert (deadline.working_days_left, deadline.status) == (10, "ok")


def test_a_request_due_in_two_working_days_is_near(service: Service) -> None:
    deadline = _deadline(service, _on_request(service, "2026-11-13"))
    assert deadline is not None
    assert deadline.due == date(2026, 11, 27)
    assert (deadline.working_days_left, deadline.status) == (2, "near")


def test_a_request_received_the_friday_before_eid_was_due_on_8_april(service: Service) -> None:
    deadline = _deadline(service, _on_request(service, "2026-03-20"))
    assert deadline is not None
    assert deadline.due == date(2026, 4, 8)
    assert deadline.status == "late" and deadline.working_days_left < 0


def test_a_proactive_test_has_no_answer_deadline(service: Service) -> None:
    case_id = service.open_case("siti", {"trigger": {"kind": "proactive"}}).case_id
    assert _deadline(service, case_id) is None


def test_a_withdrawn_case_no_longer_shows_one(service: Service) -> None:
    case_id = _on_request(service, "2026-11-13")
    service.act("siti", case_id, "withdraw", {"reason": "Permohonan dicabut pemohon."})
    assert _deadline(service, case_id) is None


def test_the_case_list_shows_the_due_date_and_the_warning(tmp_path: Path) -> None:
    from toolkit import cli_runner

    run = cli_runner(tmp_path / "ws", [("siti", "officer")])
    run(
        "case", "new", "--trigger", "request", "--reference", "045/PPID/XI/2026",
        "--date", "2026-03-20", user="siti",
    )  # fmt: skip
    listing = " ".join(run("case", "list", user="siti").output.split())
    assert "8 April 2026" in listing and "LEWAT tenggat" in listing
    import json

    rows = json.loads(run("case", "list", "--json", user="siti").output)
    assert (rows[0]["answer_due"], rows[0]["answer_status"]) == ("2026-04-08", "late")


def test_an_extension_adds_seven_working_days_once(service: Service) -> None:
    """Pasal 22(8): received 13 November, due 27 November; extended, due 8 December."""
    case_id = _on_request(service, "2026-11-13")
    notice = {
        "notice_reference": "045.1/PPID/XI/2026",
        "notice_date": "2026-11-25",
        "reason": "Dokumen harus diambil dari arsip inaktif.",
    }
    service.act("siti", case_id, "extend_answer", notice)
    deadline = _deadline(service, case_id)
    assert deadline is not None and deadline.extended
    assert deadline.due == date(2026, 12, 8)
    assert deadline.status == "ok"
    from ujikon.errors import RuleViolation

    before = service.log.head()
    with pytest.raises(RuleViolation) as again:
        service.act("siti", case_id, "extend_answer", notice)
    assert again.value.rule == "extension-once"
    assert service.log.head() == before


def test_the_cli_records_an_extension_with_its_notice(tmp_path: Path) -> None:
    from toolkit import cli_runner

    run = cli_runner(tmp_path / "ws", [("siti", "officer")])
    run(
        "case", "new", "--trigger", "request", "--reference", "045/PPID/XI/2026",
        "--date", "2026-11-13", user="siti",
    )  # fmt: skip
    run(
        "case", "extend", "UK-2026-0001", "--reference", "045.1/PPID/XI/2026",
        "--date", "2026-11-20", "--reason", "Arsip inaktif di gedung lain.", user="siti",
    )  # fmt: skip
    refused = run(
        "case", "extend", "UK-2026-0001", "--reference", "045.2/PPID/XI/2026",
        "--date", "2026-11-21", "--reason", "Sekali lagi.", user="siti", code=3,
    )  # fmt: skip
    assert "extension-once" in refused.output
