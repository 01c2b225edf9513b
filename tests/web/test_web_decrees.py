"""The decree pages: the PPID Utama composes, previews, issues and signs a decree; those
who read decrees download the signed PDF, and it verifies; no other role drafts or issues."""

from __future__ import annotations

import collections
import re
from pathlib import Path
from typing import Any

import pytest
from toolkit import KEY_PASSPHRASE as PASSPHRASE
from web_support import DecreeWeb, csrf_of, post_form

from ujikon.domain.decree import DecreeState
from ujikon.domain.states import CaseState
from ujikon.service.verification import verify_decree_file

_CHECKED = re.compile(r'<input type="checkbox"[^>]*name="case" value="([^"]+)"[^>]*>')


def _pins(**pins: str) -> dict[str, str]:
    """The issue form's fields: one passphrase (PIN) per signing key."""
    return {f"passphrase_{key}": pin for key, pin in pins.items()}


def _followed(client: Any, response: Any) -> Any:
    """The page a 303 after a form leads to."""
    assert response.status_code == 303, response.text[:300]
    return client.get(response.headers["location"])


# -- composing ----------------------------------------------------------------------------


def test_compose_form_lists_every_approved_case_ticked(decree_web: DecreeWeb) -> None:
    page = decree_web.web.as_user("budi").get("/decrees/new")
    assert page.status_code == 200
    boxes = _CHECKED.findall(page.text)
    assert boxes == sorted(decree_web.cases)
    assert page.text.count(" checked") == len(decree_web.cases)
    for index in range(1, len(boxes) + 1):
        assert f'<label for="case-{index}">' in page.text


def test_ppid_drafts_from_the_ticked_cases_and_lands_on_the_draft(
    decree_web: DecreeWeb,
) -> None:
    client = decree_web.web.as_user("budi")
    chosen = decree_web.cases[:1]
    response = post_form(client, "/decrees/new", "/decrees/new", {"case": chosen, "note": "Uji"})
    assert response.status_code == 303
    (draft,) = decree_web.desk.all()
    assert response.headers["location"] == f"/decrees/{draft.decree_id}"
    assert draft.state is DecreeState.DRAFT and draft.cases == chosen
    assert draft.drafted_by == "budi" and draft.note == "Uji"
    shown = client.get(response.headers["location"])
    assert f"Konsep SK {draft.decree_id} disusun" in shown.text
    assert f'<a href="/cases/{chosen[0].split("/")[0]}">{chosen[0]}</a>' in shown.text


def test_drafting_without_a_case_is_refused_next_to_the_cases(decree_web: DecreeWeb) -> None:
    client = decree_web.web.as_user("budi")
    response = post_form(client, "/decrees/new", "/decrees/new", {"note": "kosong"})
    assert response.status_code == 422
    assert 'id="cases-error" role="alert"' in response.text
    assert 'aria-describedby="cases-error"' in response.text
    assert "decree-lists-cases" in response.text
    assert "kosong" in response.text  # the typed note is kept
    assert _CHECKED.findall(response.text) and " checked" not in response.text
    assert decree_web.desk.all() == []


@pytest.mark.parametrize("user", ["siti", "dewi"])
def test_officers_and_auditors_may_not_draft(decree_web: DecreeWeb, user: str) -> None:
    client = decree_web.web.as_user(user)
    assert client.get("/decrees/new").status_code == 403
    token = csrf_of(client.get("/decrees").text)
    response = client.post(
        "/decrees/new",
        data={"case": decree_web.cases, "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 403
    assert decree_web.desk.all() == []


def test_the_head_may_draft_as_the_decree_rules_allow(decree_web: DecreeWeb) -> None:
    """The Atasan PPID sets decrees in many bodies: domain/decree.py's DECREE_ROLES."""
    client = decree_web.web.as_user("hendra")
    token = csrf_of(client.get("/decrees/new").text)
    response = client.post(
        "/decrees/new",
        data={"case": decree_web.cases, "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert [d.drafted_by for d in decree_web.desk.all()] == ["hendra"]


# -- the draft: preview, issue, discard ---------------------------------------------------


def test_preview_is_an_unsigned_pdf_shown_inline(decree_web: DecreeWeb) -> None:
    draft = decree_web.draft()
    response = decree_web.web.as_user("budi").get(f"/decrees/{draft.decree_id}/preview.pdf")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith("inline")
    assert response.content.startswith(b"%PDF-")
    assert b"/ByteRange" not in response.content  # no signature


def test_issuing_with_the_right_pin_numbers_signs_and_decrees(decree_web: DecreeWeb) -> None:
    draft = decree_web.draft()
    client = decree_web.web.as_user("budi")
    page = f"/decrees/{draft.decree_id}"
    response = post_form(client, page, f"{page}/issue", _pins(ppid=PASSPHRASE))
    assert response.status_code == 303 and response.headers["location"] == page
    issued = decree_web.desk.get(draft.decree_id)
    assert issued.state is DecreeState.ISSUED and issued.issue is not None
    for ref in decree_web.cases:
        assert decree_web.web.service.get_case(ref).state is CaseState.DECREED
    shown = client.get(page).text
    assert f"SK Nomor {issued.issue.number} diterbitkan dan ditandatangani." in shown
    assert issued.issue.pdf_sha256 in shown


def test_the_downloaded_pdf_verifies_against_the_dev_ca_and_the_log(
    decree_web: DecreeWeb, tmp_path: Path
) -> None:
    decree = decree_web.issued()
    assert decree.issue is not None
    response = decree_web.web.as_user("budi").get(f"/decrees/{decree.decree_id}/download.pdf")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    expected = decree.issue.number.replace("/", "-")
    assert response.headers["content-disposition"] == f'attachment; filename="SK_{expected}.pdf"'
    saved = tmp_path / "unduhan.pdf"
    saved.write_bytes(response.content)
    verdict = verify_decree_file(
        saved, trust_roots=[decree_web.ca.ca_cert_path], desk=decree_web.desk
    )
    assert verdict.ok, verdict.summary_lines()
    assert verdict.number == decree.issue.number and verdict.log_status == "matches"


def test_a_wrong_pin_is_refused_next_to_its_field_and_nothing_is_issued(
    decree_web: DecreeWeb,
) -> None:
    draft = decree_web.draft()
    client = decree_web.web.as_user("budi")
    page = f"/decrees/{draft.decree_id}"
    before = decree_web.web.service.log.head().seq
    response = post_form(client, page, f"{page}/issue", _pins(ppid="salah"))
    assert response.status_code == 422
    assert 'id="passphrase-ppid-error" role="alert"' in response.text
    assert 'aria-describedby="passphrase-ppid-error"' in response.text
    assert "tidak dapat membuka kunci" in response.text
    assert "salah" not in re.findall(r'value="([^"]*)"', response.text)  # never echoed
    assert decree_web.desk.get(draft.decree_id).state is DecreeState.DRAFT
    assert decree_web.web.service.log.head().seq == before
    assert not list((decree_web.web.workspace.directory / "sk").rglob("*.pdf*"))


def test_the_ppid_is_asked_for_their_own_pin_only(decree_web: DecreeWeb) -> None:
    """Rule signer-own-account: the issue form has no field for the head's PIN, and a
    posted one is refused with the rule, nothing signed."""
    decree_web.with_head_signing()
    draft = decree_web.draft()
    client = decree_web.web.as_user("budi")
    page = f"/decrees/{draft.decree_id}"
    form = client.get(page).text
    assert 'name="passphrase_ppid"' in form and 'name="passphrase_head"' not in form
    assert "akunnya sendiri" in form  # the next signer signs from their own account
    before = decree_web.web.service.log.head().seq
    response = post_form(client, page, f"{page}/issue", _pins(ppid=PASSPHRASE, head=PASSPHRASE))
    assert response.status_code == 422
    assert 'data-rule="signer-own-account"' in response.text
    assert decree_web.web.service.log.head().seq == before


def test_the_head_signs_the_decree_from_their_own_dashboard(decree_web: DecreeWeb) -> None:
    decree_web.with_head_signing()
    draft = decree_web.draft()
    budi = decree_web.web.as_user("budi")
    page = f"/decrees/{draft.decree_id}"
    signed = _followed(budi, post_form(budi, page, f"{page}/issue", _pins(ppid=PASSPHRASE)))
    assert "menunggu tanda tangan Atasan PPID" in signed.text
    waiting = decree_web.desk.get(draft.decree_id)
    assert waiting.state is DecreeState.SIGNING and waiting.number
    assert 'name="passphrase_' not in budi.get(page).text  # the PPID has nothing to sign
    for ref in decree_web.cases:
        assert decree_web.web.service.get_case(ref).state is CaseState.APPROVED
    hendra = decree_web.web.as_user("hendra")
    home = hendra.get("/").text
    assert "SK menunggu tanda tangan Anda" in home and f"{page}#sign" in home
    shown = hendra.get(page).text
    assert 'name="passphrase_head"' in shown and 'name="passphrase_ppid"' not in shown
    pdf = hendra.get(f"{page}/download.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-disposition"].startswith("inline")
    done = _followed(hendra, post_form(hendra, page, f"{page}/issue", _pins(head=PASSPHRASE)))
    assert "diterbitkan dan ditandatangani" in done.text
    decree = decree_web.desk.get(draft.decree_id)
    assert decree.state is DecreeState.ISSUED and decree.issue is not None
    assert [s.role for s in decree.issue.signers] == ["ppid", "head"]
    assert decree.issue.number == waiting.number
    for ref in decree_web.cases:
        assert decree_web.web.service.get_case(ref).state is CaseState.DECREED
    assert "SK menunggu tanda tangan Anda" not in hendra.get("/").text


def test_issuing_twice_is_refused_with_the_rule_and_keeps_one_number(
    decree_web: DecreeWeb,
) -> None:
    decree = decree_web.issued()
    client = decree_web.web.as_user("budi")
    page = f"/decrees/{decree.decree_id}"
    response = post_form(client, page, f"{page}/issue", _pins(ppid=PASSPHRASE))
    assert response.status_code == 422
    assert 'role="alert"' in response.text and "decree-state" in response.text
    assert decree_web.desk.get(decree.decree_id).issue == decree.issue


@pytest.mark.parametrize("user", ["siti", "dewi"])
def test_an_officer_or_auditor_cannot_issue(decree_web: DecreeWeb, user: str) -> None:
    draft = decree_web.draft()
    client = decree_web.web.as_user(user)
    token = csrf_of(client.get("/decrees").text)
    response = client.post(
        f"/decrees/{draft.decree_id}/issue",
        data={"passphrase_ppid": PASSPHRASE, "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 403
    assert decree_web.desk.get(draft.decree_id).state is DecreeState.DRAFT


def test_issuing_needs_the_form_token(decree_web: DecreeWeb) -> None:
    draft = decree_web.draft()
    response = decree_web.web.as_user("budi").post(
        f"/decrees/{draft.decree_id}/issue",
        data={"passphrase_ppid": PASSPHRASE, "csrf_token": "palsu"},
        follow_redirects=False,
    )
    assert response.status_code == 403
    assert decree_web.desk.get(draft.decree_id).state is DecreeState.DRAFT


def test_discarding_a_draft_needs_the_form_token(decree_web: DecreeWeb) -> None:
    draft = decree_web.draft()
    client = decree_web.web.as_user("budi")
    forged = client.post(
        f"/decrees/{draft.decree_id}/discard", data={"csrf_token": "palsu"}, follow_redirects=False
    )
    assert forged.status_code == 403
    assert decree_web.desk.get(draft.decree_id).state is DecreeState.DRAFT
    page = f"/decrees/{draft.decree_id}"
    assert "data-confirm=" in client.get(page).text
    response = post_form(client, page, f"{page}/discard", {})
    assert response.status_code == 303
    assert decree_web.desk.get(draft.decree_id).state is DecreeState.DISCARDED


def test_a_draft_has_nothing_to_download(decree_web: DecreeWeb) -> None:
    draft = decree_web.draft()
    response = decree_web.web.as_user("budi").get(f"/decrees/{draft.decree_id}/download.pdf")
    assert response.status_code == 404


# -- issued decrees: reading, downloading, revoking ---------------------------------------


def test_the_list_shows_number_date_state_and_cases(decree_web: DecreeWeb) -> None:
    decree = decree_web.issued(decree_web.cases[:1])
    assert decree.issue is not None
    draft = decree_web.draft(decree_web.cases[1:])
    ppid = decree_web.web.as_user("budi").get("/decrees").text
    assert decree.issue.number in ppid and "25 November 2026" in ppid
    assert decree_web.cases[0] in ppid and "terbit" in ppid
    assert draft.decree_id in ppid


def test_readers_without_the_drafting_capability_see_no_draft(decree_web: DecreeWeb) -> None:
    draft = decree_web.draft()
    client = decree_web.web.as_user("dewi")
    assert draft.decree_id not in client.get("/decrees").text
    assert client.get(f"/decrees/{draft.decree_id}").status_code == 404
    assert client.get(f"/decrees/{draft.decree_id}/preview.pdf").status_code == 403


def test_the_auditor_downloads_an_issued_decree_but_is_offered_no_action(
    decree_web: DecreeWeb,
) -> None:
    decree = decree_web.issued()
    client = decree_web.web.as_user("dewi")
    page = client.get(f"/decrees/{decree.decree_id}")
    assert page.status_code == 200
    assert "/revoke" not in page.text and "/issue" not in page.text
    download = client.get(f"/decrees/{decree.decree_id}/download.pdf")
    assert download.status_code == 200 and download.content.startswith(b"%PDF-")


def test_the_admin_cannot_read_decrees(decree_web: DecreeWeb) -> None:
    decree = decree_web.issued()
    client = decree_web.web.as_user("root")
    assert client.get("/decrees").status_code == 403
    assert client.get(f"/decrees/{decree.decree_id}").status_code == 403
    assert client.get(f"/decrees/{decree.decree_id}/download.pdf").status_code == 403


def test_revoking_needs_the_form_token_and_records_the_reason(decree_web: DecreeWeb) -> None:
    decree = decree_web.issued()
    client = decree_web.web.as_user("budi")
    page = f"/decrees/{decree.decree_id}"
    reason = {"reason": "Putusan Komisi Informasi membatalkan penetapan."}
    forged = client.post(
        f"{page}/revoke", data={**reason, "csrf_token": "palsu"}, follow_redirects=False
    )
    assert forged.status_code == 403
    assert decree_web.desk.get(decree.decree_id).state is DecreeState.ISSUED
    assert "data-confirm=" in client.get(page).text
    response = post_form(client, page, f"{page}/revoke", reason)
    assert response.status_code == 303
    revoked = decree_web.desk.get(decree.decree_id)
    assert revoked.state is DecreeState.REVOKED and revoked.revocation is not None
    assert revoked.revocation.reason == reason["reason"]


def test_a_too_short_reason_is_refused_next_to_the_field(decree_web: DecreeWeb) -> None:
    decree = decree_web.issued()
    client = decree_web.web.as_user("budi")
    page = f"/decrees/{decree.decree_id}"
    response = post_form(client, page, f"{page}/revoke", {"reason": "x", "replaced_by": "123"})
    assert response.status_code == 422
    assert 'id="reason-error" role="alert"' in response.text
    assert 'value="123"' in response.text
    assert decree_web.desk.get(decree.decree_id).state is DecreeState.ISSUED


def test_an_officer_cannot_revoke(decree_web: DecreeWeb) -> None:
    decree = decree_web.issued()
    client = decree_web.web.as_user("siti")
    page = f"/decrees/{decree.decree_id}"
    response = post_form(client, page, f"{page}/revoke", {"reason": "Tidak berwenang."})
    assert response.status_code == 403
    assert decree_web.desk.get(decree.decree_id).state is DecreeState.ISSUED


def test_issuing_from_the_web_reads_the_acting_user_once_and_no_other_decree(
    decree_web: DecreeWeb, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One request, one acting user: the issuer is rebuilt from the log once, the decree
    itself is folded once (the page's check; the desk issues what it read and applies
    its own events to it), and the workspace's other decrees are not folded at all."""
    earlier = decree_web.issued(decree_web.cases[:1])  # its PDF lies under sk/ now
    draft = decree_web.draft(decree_web.cases[1:])
    client = decree_web.web.as_user("budi")
    page = f"/decrees/{draft.decree_id}"
    token = csrf_of(client.get(page).text)  # the page the form is on, read before
    log = decree_web.web.service.log
    reads: list[str] = []
    real_read = log.read

    def counted(subject: str, upto: int | None = None) -> Any:
        reads.append(subject)
        return real_read(subject, upto)

    monkeypatch.setattr(log, "read", counted)
    response = client.post(
        f"{page}/issue",
        data={**_pins(ppid=PASSPHRASE), "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303
    counted_reads = collections.Counter(reads)
    assert counted_reads["user:budi"] == 1, counted_reads
    assert counted_reads[f"decree:{draft.decree_id}"] == 1, counted_reads
    assert counted_reads[f"decree:{earlier.decree_id}"] == 0, counted_reads
