"""The auditor's pages: the log with filters, chain verification, the register as of a
date, evidence packs, and the check of an uploaded decree PDF -- all read-only."""

from __future__ import annotations

import csv
import io
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from toolkit import PPID_NAME as SIGNER
from web_support import IssuedDecree, WebBench, csrf_of, edit_payload, issue_decree, make_web_bench

from ujikon.documents.keys import DevCA
from ujikon.service.audit import LOG_CSV_COLUMNS as CSV_COLUMNS
from ujikon.service.audit import LogFilter, iter_events
from ujikon.service.evidence import verify_pack
from ujikon.web.routes_audit import PAGE_SIZE
from ujikon.web.state import WebSettings

SAMPLE = "01-rekam-medis-pegawai.yaml"
_ROW = re.compile(r'<tr id="event-(\d+)">(.*?)</tr>', re.S)


@pytest.fixture
def issued(web: WebBench, dev_keys: DevCA) -> IssuedDecree:
    return issue_decree(web, dev_keys)


@pytest.fixture
def own_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Temporary files of the application go here, so a test can see what is left."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    yield folder


def events_on(html: str) -> list[dict[str, str]]:
    """The events of a log page: seq, actor and action of each row, in page order."""
    found = []
    for seq, cells in _ROW.findall(html):
        actor = re.search(r'<td class="actor">(.*?)</td>', cells, re.S)
        action = re.search(r'<td class="action"><code>(.*?)</code>', cells, re.S)
        assert actor and action
        found.append({"seq": seq, "actor": actor.group(1), "action": action.group(1)})
    return found


def flip_a_middle_byte(pdf: bytes) -> bytes:
    """One bit changed near the middle of the file, inside a content stream (so the file
    still parses and only the signed bytes differ)."""
    opening = re.compile(rb"(?<!end)stream\r?\n").search(pdf, len(pdf) // 2)
    assert opening is not None
    start = opening.end()
    end = pdf.index(b"endstream", start)
    data = bytearray(pdf)
    data[(start + end) // 2] ^= 0x01
    return bytes(data)


def post_with_token(
    client: TestClient, page: str, action: str, data: dict[str, str] | None = None
) -> Response:
    """Open ``page``, take its CSRF token and post ``data`` to ``action``."""
    token = csrf_of(client.get(page).text)
    return client.post(action, data={**(data or {}), "csrf_token": token}, follow_redirects=False)


def upload(client: TestClient, name: str, content: bytes) -> Response:
    """Send a file to the verify page's form, as a browser does."""
    token = csrf_of(client.get("/verify").text)
    return client.post(
        "/verify",
        data={"csrf_token": token},
        files={"file": (name, content, "application/pdf")},
        follow_redirects=False,
    )


# -- the log --------------------------------------------------------------------------------


def test_the_auditor_sees_only_the_events_that_match_the_filter(web: WebBench) -> None:
    web.import_sample(SAMPLE, by="siti")
    page = web.as_user("dewi").get("/audit", params={"actor": "siti", "action": "case.i"})
    assert page.status_code == 200
    shown = events_on(page.text)
    expected = list(iter_events(web.service.log, LogFilter(actor="siti", action="case.i")))
    assert [int(e["seq"]) for e in shown] == sorted((e.seq for e in expected), reverse=True)
    assert shown and all(e["actor"] == "siti" for e in shown)
    assert all(e["action"].startswith("case.i") for e in shown)
    assert "user.added" not in page.text


def test_the_log_is_paged_a_hundred_events_a_page_newest_first(web: WebBench) -> None:
    for number in range(PAGE_SIZE + 5):
        web.service.open_case(
            "siti", {"trigger": {"kind": "proactive"}, "summary": f"Kasus uji {number}"}
        )
    head = web.service.log.head().seq
    client = web.as_user("dewi")
    first = [int(e["seq"]) for e in events_on(client.get("/audit").text)]
    second = [int(e["seq"]) for e in events_on(client.get("/audit?page=2").text)]
    oldest = [int(e["seq"]) for e in events_on(client.get("/audit?order=oldest").text)]
    assert first == list(range(head, head - PAGE_SIZE, -1))
    assert second == list(range(head - PAGE_SIZE, 0, -1))
    assert oldest == list(range(1, PAGE_SIZE + 1))


def test_a_bad_filter_is_shown_next_to_its_field(web: WebBench) -> None:
    page = web.as_user("dewi").get("/audit", params={"since": "2026-11-30", "until": "2026-11-01"})
    assert page.status_code == 422
    assert 'id="until-error"' in page.text
    assert 'aria-describedby="until-error"' in page.text
    assert 'value="2026-11-30"' in page.text


def test_the_filtered_log_downloads_as_csv(web: WebBench) -> None:
    web.import_sample(SAMPLE, by="siti")
    response = web.as_user("dewi").get("/audit", params={"format": "csv", "action": "case."})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"].startswith("attachment")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    action = CSV_COLUMNS.index("action")
    expected = list(iter_events(web.service.log, LogFilter(action="case.")))
    assert [r[action] for r in rows[1:]] == [e.action for e in expected]


# -- verifying the chain ----------------------------------------------------------------------


def test_chain_verification_reports_intact_on_a_clean_workspace(web: WebBench) -> None:
    web.import_sample(SAMPLE, by="siti")
    client = web.as_user("dewi")
    response = post_with_token(client, "/audit/verify", "/audit/verify")
    assert response.status_code == 200
    text = response.text
    assert "verdict-ok" in text and "UTUH" in text
    assert web.service.log.head().hash in text.replace("<wbr>", "")


def test_chain_verification_names_the_first_event_changed_in_the_database(
    web: WebBench,
) -> None:
    web.import_sample(SAMPLE, by="siti")
    identified = next(iter_events(web.service.log, LogFilter(action="case.identified")))
    edit_payload(web, identified.seq, {"information": "diubah diam-diam"})
    client = web.as_user("dewi")
    response = post_with_token(client, "/audit/verify", "/audit/verify")
    text = response.text
    assert "verdict-bad" in text and "TIDAK UTUH" in text
    problem = re.search(r'<p class="error" id="first-problem">(.*?)</p>', text, re.S)
    assert problem is not None
    assert f"event seq {identified.seq}" in problem.group(1)
    assert "hash_mismatch" in problem.group(1)
    assert "diubah langsung di basis data" in text  # what it means


# -- the register -----------------------------------------------------------------------------


def test_the_register_lists_a_decreed_case_from_its_decree_date_on(
    web: WebBench, issued: IssuedDecree
) -> None:
    client = web.as_user("dewi")
    on_the_day = client.get("/register", params={"as_of": "2026-11-25"})
    day_before = client.get("/register", params={"as_of": "2026-11-24"})
    assert on_the_day.status_code == day_before.status_code == 200
    assert issued.case_ref in on_the_day.text and issued.number in on_the_day.text
    assert issued.case_ref not in day_before.text
    assert 'id="register-empty"' in day_before.text


def test_the_register_downloads_as_csv(web: WebBench, issued: IssuedDecree) -> None:
    response = web.as_user("dewi").get(
        "/register/export", params={"format": "csv", "as_of": "2026-11-25"}
    )
    assert response.status_code == 200
    assert response.headers["content-disposition"].startswith("attachment")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "No" and len(rows) == 2
    assert issued.case_ref in rows[1] and issued.number in rows[1]


def test_the_register_refuses_a_future_date(web: WebBench) -> None:
    page = web.as_user("dewi").get("/register", params={"as_of": "2027-01-01"})
    assert page.status_code == 422
    assert 'id="as_of-error"' in page.text


# -- evidence packs ---------------------------------------------------------------------------


def test_the_evidence_pack_downloads_as_a_zip_that_verifies(
    web: WebBench, issued: IssuedDecree, own_tmp: Path, tmp_path: Path
) -> None:
    client = web.as_user("dewi")
    response = post_with_token(client, "/audit/pack", "/audit/pack", data={"kind": "all"})
    assert response.status_code == 200
    headers = response.headers
    assert headers["content-type"] == "application/zip"
    assert headers["content-disposition"].startswith("attachment")
    pack = tmp_path / "paket.zip"
    pack.write_bytes(response.content)
    report = verify_pack(pack)
    assert report.ok, report.problems
    assert report.events == web.service.log.head().seq
    assert [d.number for d in report.decrees] == [issued.number]
    assert list(own_tmp.iterdir()) == [], "the temporary pack is removed"


def test_a_pack_of_an_unknown_decree_is_refused_next_to_the_field(web: WebBench) -> None:
    client = web.as_user("dewi")
    response = post_with_token(
        client, "/audit/pack", "/audit/pack", data={"kind": "decree", "decree": "999/XX"}
    )
    assert response.status_code == 422
    assert 'id="decree-error"' in response.text
    assert 'value="999/XX"' in response.text


# -- verifying a PDF --------------------------------------------------------------------------


def test_a_good_signed_decree_is_valid_and_names_its_signer(
    web: WebBench, issued: IssuedDecree, own_tmp: Path
) -> None:
    client = web.as_user("dewi")
    # The body trusts its own development CA on purpose, as a root in keys/trusted/.
    trusted = web.workspace.keys_dir / "trusted"
    trusted.mkdir(exist_ok=True)
    shutil.copyfile(web.workspace.keys_dir / "dev-ca.pem", trusted / "dev-ca.pem")
    page = client.get("/verify")
    assert page.status_code == 200
    assert "dev-ca.pem" in page.text  # named among the roots the page trusts
    response = upload(client, "sk.pdf", issued.pdf)
    text = response.text
    assert response.status_code == 200
    assert "verdict-ok" in text and "SAH" in text
    assert f'<strong class="signer">{SIGNER}' in text  # "(DEV)" follows
    assert issued.number in text
    assert "cocok: SK ini diterbitkan dengan berkas dan keputusan ini" in text
    assert list(own_tmp.iterdir()) == [], "the uploaded file is deleted"


def test_the_development_ca_alone_is_never_trusted(web: WebBench, issued: IssuedDecree) -> None:
    """The page says the workspace's development CA is no trust root, and a decree it
    signed is intact but not VALID."""
    client = web.as_user("dewi")
    page = client.get("/verify")
    assert 'id="dev-ca-note"' in page.text and "TIDAK dipakai sebagai akar tepercaya" in page.text
    text = upload(client, "sk.pdf", issued.pdf).text
    assert "verdict-ok" not in text
    assert "penanda tangan tidak dikenal" in text


def test_a_tampered_decree_is_not_valid(web: WebBench, issued: IssuedDecree) -> None:
    response = upload(web.as_user("dewi"), "sk.pdf", flip_a_middle_byte(issued.pdf))
    text = response.text
    assert "verdict-bad" in text and "TIDAK SAH" in text
    assert "verdict-ok" not in text


def test_a_text_file_named_pdf_is_refused_next_to_the_field(web: WebBench) -> None:
    response = upload(web.as_user("dewi"), "sk.pdf", b"Ini bukan PDF, hanya teks.\n")
    text = response.text
    assert response.status_code == 422
    assert 'id="file-error"' in text and "bukan PDF" in text
    assert 'aria-describedby="file-hint file-error"' in text


def test_an_oversized_upload_is_refused_with_413(store_url: str, tmp_path: Path) -> None:
    settings = WebSettings(max_upload_bytes=64 * 1024)
    for bench in make_web_bench(store_url, tmp_path / "ws", settings):
        response = upload(bench.as_user("dewi"), "besar.pdf", b"%PDF-1.7\n" + b"0" * 80_000)
        assert response.status_code == 413


# -- who may -----------------------------------------------------------------------------------


def test_an_officer_may_not_read_the_log_or_download_a_pack(web: WebBench) -> None:
    client = web.as_user("siti")
    assert client.get("/audit").status_code == 403
    assert client.get("/audit/pack").status_code == 403
    assert client.get("/audit", params={"format": "csv"}).status_code == 403


def test_the_admin_may_not_read_the_log(web: WebBench) -> None:
    assert web.as_user("root").get("/audit").status_code == 403


def test_the_auditor_pages_record_nothing(
    web: WebBench, issued: IssuedDecree, own_tmp: Path
) -> None:
    client = web.as_user("dewi")
    before = web.service.log.head()
    assert client.get("/audit").status_code == 200
    assert client.get("/audit", params={"format": "csv"}).status_code == 200
    assert client.get("/audit/verify").status_code == 200
    assert post_with_token(client, "/audit/verify", "/audit/verify").status_code == 200
    assert client.get("/register").status_code == 200
    assert client.get("/register/export", params={"format": "csv"}).status_code == 200
    assert client.get("/audit/pack").status_code == 200
    pack = post_with_token(client, "/audit/pack", "/audit/pack", data={"kind": "all"})
    assert pack.status_code == 200
    assert client.get("/verify").status_code == 200
    assert upload(client, "sk.pdf", issued.pdf).status_code == 200
    assert web.service.log.head() == before
    assert list(own_tmp.iterdir()) == [], "no temporary file is left behind"
