"""The register page marks each row whose period ends within 30 or 31–90 days of the
register's date (as ``ujikon lifecycle run`` and the dashboard classify them) and filters
by it, like ``ujikon register export --ending-within``. Today is the test clock's, 25
November 2026."""

from __future__ import annotations

import copy
import csv
import dataclasses
import io
import re
from datetime import UTC, datetime
from typing import Any

import pytest
from toolkit import SAMPLES
from web_support import WebBench

from ujikon.service.caseplan import load_plan


def _decreed(web: WebBench, sample: str, period: dict[str, Any] | None) -> str:
    """A sample case (its period replaced when given) walked, approved and decreed today."""
    plan = load_plan(SAMPLES / sample)
    steps = []
    for step in plan.steps:
        payload = copy.deepcopy(step.payload)
        if step.trigger == "conclude" and period is not None:
            payload["period"] = period
        steps.append(dataclasses.replace(step, payload=payload))
    case = web.service.import_case("siti", dataclasses.replace(plan, by="siti", steps=tuple(steps)))
    web.service.act("budi", case.case_id, "approve", {"comments": "Setuju."})
    return web.service.act(
        "budi",
        case.case_id,
        "include_in_decree",
        {"decree_number": "188.4/010/PPID/XI/2026", "decree_date": "2026-11-25"},
    ).ref


@pytest.fixture
def refs(web: WebBench) -> dict[str, str]:
    """A ends 15 December 2026 (20 days on), B 24 January 2027 (60 days), P is permanent,
    K runs until a condition (at the latest in 2028)."""
    tender = "03-dokumen-penawaran-tender.yaml"
    return {
        "A": _decreed(web, tender, {"kind": "until_date", "end_date": "2026-12-15"}),
        "B": _decreed(web, tender, {"kind": "until_date", "end_date": "2027-01-24"}),
        "P": _decreed(web, "01-rekam-medis-pegawai.yaml", None),
        "K": _decreed(web, "04-rencana-pengadaan-tanah.yaml", None),
    }


def _rows(html: str) -> dict[str, str]:
    """Case ref → the HTML of its row on the register page."""
    return dict(re.findall(r'<tr data-case="([^"]+)">(.*?)</tr>', html, re.S))


def _marker(row: str) -> str | None:
    found = re.search(r'data-ending="([^"]+)"', row)
    return found.group(1) if found else None


def test_the_register_page_marks_what_ends_within_30_and_90_days(
    web: WebBench, refs: dict[str, str]
) -> None:
    page = web.as_user("dewi").get("/register", params={"as_of": "2026-11-25"})
    assert page.status_code == 200
    rows = _rows(page.text)
    assert set(rows) == set(refs.values())
    assert _marker(rows[refs["A"]]) == "0-30"
    assert 'class="badge badge-near" data-ending="0-30"' in rows[refs["A"]]
    assert "Berakhir dalam 30 hari · 20 hari lagi" in rows[refs["A"]]
    assert _marker(rows[refs["B"]]) == "31-90"
    assert "Berakhir dalam 31–90 hari · 60 hari lagi" in rows[refs["B"]]
    assert _marker(rows[refs["P"]]) is None
    assert _marker(rows[refs["K"]]) == "condition"
    assert "Sampai kondisi" in rows[refs["K"]]


def test_the_register_page_filters_to_what_ends_within_30_days(
    web: WebBench, refs: dict[str, str]
) -> None:
    client = web.as_user("dewi")
    page = client.get("/register", params={"as_of": "2026-11-25", "ending_within": "30"})
    assert page.status_code == 200
    assert list(_rows(page.text)) == [refs["A"]]
    assert '<option value="30" selected>' in page.text
    assert "Berakhir dalam 30 hari" in page.text  # the filter, said under the heading
    assert "ending_within=30" in page.text  # the download links keep the filter
    within_90 = client.get("/register", params={"ending_within": "90"})
    assert set(_rows(within_90.text)) == {refs["A"], refs["B"]}
    download = client.get(
        "/register/export",
        params={"format": "csv", "as_of": "2026-11-25", "ending_within": "30"},
    )
    assert download.status_code == 200
    (row,) = list(csv.DictReader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert row["Nomor Kasus"] == refs["A"]
    assert row["Berakhir Dalam"].startswith("Berakhir dalam 30 hari (20 hari lagi)")


def test_the_register_page_refuses_another_number_of_days(
    web: WebBench, refs: dict[str, str]
) -> None:
    client = web.as_user("dewi")
    page = client.get("/register", params={"ending_within": "45"})
    assert page.status_code == 422
    assert 'id="ending_within-error"' in page.text
    assert refs["A"] not in page.text
    download = client.get("/register/export", params={"format": "csv", "ending_within": "45"})
    assert download.status_code >= 400


def test_a_past_register_page_counts_from_its_own_date(web: WebBench, refs: dict[str, str]) -> None:
    web.service.clock.now = datetime(2026, 12, 30, 2, 0, tzinfo=UTC)  # type: ignore[attr-defined]
    client = web.as_user("dewi")
    then = _rows(client.get("/register", params={"as_of": "2026-11-25"}).text)
    assert _marker(then[refs["A"]]) == "0-30"
    assert _marker(then[refs["B"]]) == "31-90"
    now = client.get("/register").text  # today: 30 December 2026
    rows = _rows(now)
    assert refs["A"] not in rows  # its last day was 15 December
    assert _marker(rows[refs["B"]]) == "0-30"
    assert "25 hari lagi" in rows[refs["B"]]
    earlier = client.get("/register", params={"as_of": "2026-11-25", "ending_within": "30"})
    assert list(_rows(earlier.text)) == [refs["A"]]


def test_the_register_page_marks_in_english_on_request(web: WebBench, refs: dict[str, str]) -> None:
    client = web.as_user("dewi")
    client.get("/lang/en")
    rows = _rows(client.get("/register", params={"as_of": "2026-11-25"}).text)
    assert "Ends within 30 days · 20 days left" in rows[refs["A"]]
    assert "Ends within 31–90 days · 60 days left" in rows[refs["B"]]
    assert "Until a condition" in rows[refs["K"]]
