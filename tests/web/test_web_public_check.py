"""The public page a decree's QR code opens (``/cek``): anyone, without logging in, learns
whether this body issued the decree with that number and hash and whether it stands, and
nothing of its cases; a wrong hash answers exactly as an unknown number."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from toolkit import PPID_SIGNER
from web_support import DecreeWeb

from ujikon.service.verification import verify_decree_file

PAGE = "https://ppid.sukamajukab.go.id/cek"


def _issued_with_page(decree_web: DecreeWeb) -> tuple[str, str, str]:
    """A decree issued after the profile named the verification page: (number, hash, QR)."""
    decree_web.desk.set_profile("root", {"verification_url": PAGE})
    decree = decree_web.issued()
    record = decree.issue
    assert record is not None
    return record.number, record.decision_sha256, record.qr_text


def _result(html: str) -> str:
    found = re.search(r'id="check-result">(.*?)</div>', html, re.S)
    assert found, html
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(1))).strip()


def test_the_qr_code_carries_the_page_with_number_and_hash(decree_web: DecreeWeb) -> None:
    number, digest, qr = _issued_with_page(decree_web)
    parts = urlsplit(qr)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == PAGE
    assert f"sha256={digest}" in parts.query
    # The number travels percent-encoded: its slashes are part of the query, not the path.
    assert "nomor=" + number.replace("/", "%2F") in parts.query


def test_anyone_opening_the_code_without_logging_in_reads_genuine_and_in_force(
    decree_web: DecreeWeb,
) -> None:
    number, _digest, qr = _issued_with_page(decree_web)
    parts = urlsplit(qr)
    page = decree_web.web.client().get(f"/cek?{parts.query}")
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"
    result = _result(page.text)
    assert "SK ini asli dan berlaku" in result
    assert number in result
    assert PPID_SIGNER["name"] in result
    assert "Pemerintah Kabupaten Sukamaju" in result


def test_the_page_shows_nothing_of_the_cases(decree_web: DecreeWeb) -> None:
    _number, _digest, qr = _issued_with_page(decree_web)
    page = decree_web.web.client().get(f"/cek?{urlsplit(qr).query}")
    for ref in decree_web.cases:
        assert ref not in page.text
    assert "rekam medis" not in page.text.lower()


def test_a_wrong_hash_answers_as_an_unknown_number(decree_web: DecreeWeb) -> None:
    number, digest, _qr = _issued_with_page(decree_web)
    client = decree_web.web.client()
    forged = client.get("/cek", params={"nomor": number, "sha256": "0" * 64})
    unknown = client.get("/cek", params={"nomor": "999/XX/2026", "sha256": digest})
    assert _result(forged.text) == _result(unknown.text)
    assert "Tidak ditemukan" in _result(forged.text)
    assert number not in _result(forged.text)


def test_a_revoked_decree_is_said_to_be_revoked(decree_web: DecreeWeb) -> None:
    number, digest, _qr = _issued_with_page(decree_web)
    decree_web.desk.revoke("budi", number, "Diganti karena salah ketik nomor.")
    page = decree_web.web.client().get("/cek", params={"nomor": number, "sha256": digest})
    result = _result(page.text)
    assert "DICABUT" in result
    assert "salah ketik" in result


def test_the_pasted_text_of_a_code_is_checked_in_either_form(decree_web: DecreeWeb) -> None:
    number, digest, qr = _issued_with_page(decree_web)
    client = decree_web.web.client()
    for text in (qr, f"UJIKON-SK/1;{number};sha256={digest}"):
        assert "SK ini asli" in _result(client.get("/cek", params={"kode": text}).text)
    garbage = client.get("/cek", params={"kode": "javascript:alert(1)"})
    assert "Tidak ditemukan" in _result(garbage.text)


def test_without_a_question_the_page_offers_the_form_only(decree_web: DecreeWeb) -> None:
    page = decree_web.web.client().get("/cek")
    assert page.status_code == 200
    assert 'id="check-result"' not in page.text
    assert 'name="nomor"' in page.text


def test_the_issued_file_verifies_with_the_address_in_its_code(decree_web: DecreeWeb) -> None:
    _issued_with_page(decree_web)
    decree = decree_web.desk.all()[-1]
    assert decree.issue is not None
    path = decree_web.web.workspace.directory / decree.issue.file
    verdict = verify_decree_file(path, desk=decree_web.desk)
    assert verdict.decision_matches_qr is True, verdict.qr_disagreeing
    assert verdict.printed_qr is not None and verdict.printed_qr.texts == (decree.issue.qr_text,)
