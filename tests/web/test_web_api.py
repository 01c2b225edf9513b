"""The JSON API: bearer tokens, the same authorisation as the pages, the legal rules'
refusals as JSON, and an OpenAPI document that lists it all."""

from __future__ import annotations

import json
import re
import shutil
from typing import Any

import pytest
from fastapi.routing import APIRoute
from toolkit import KEY_PASSPHRASE, PROFILE, install_keys
from web_support import PASSWORDS, WebBench, api_as, as_json, csrf_of, plan_of, token_for, walk_api

from ujikon.documents.keys import DevCA
from ujikon.web import api
from ujikon.web.api import API_TRIGGERS
from ujikon.web.state import WebSettings

SAMPLE = "01-rekam-medis-pegawai.yaml"

_SAMPLE_PATH_VALUES = {
    "case_id": "UK-2026-0001",
    "decree_id": "D-2026-0001",
    "username": "siti",
    "ground_id": "17h2",
}


def _api_operations() -> list[tuple[str, str]]:
    """(method, path) of every route of the API's router that the document should list."""
    return [
        (method, route.path)
        for route in api.router.routes
        if isinstance(route, APIRoute) and route.include_in_schema
        for method in sorted(route.methods)
    ]


def _filled(path: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: _SAMPLE_PATH_VALUES[m.group(1)], path)


def _head(web: WebBench) -> int:
    return web.service.log.head().seq


# -- session ----------------------------------------------------------------------------------


def test_log_in_gives_a_bearer_token_for_the_user(web: WebBench) -> None:
    response = web.client().post(
        "/api/session", json={"username": "siti", "password": PASSWORDS["siti"]}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "siti"
    assert body["role"] == "officer"
    assert body["unit"] == "Bagian Hukum"
    assert body["expires_in"] == WebSettings().session.idle
    assert "set-cookie" not in response.headers
    me = web.client().get("/api/me", headers={"Authorization": f"Bearer {body['token']}"})
    assert me.status_code == 200
    assert me.json()["username"] == "siti"
    assert "read-cases" in me.json()["capabilities"]


def test_a_wrong_password_gives_no_token(web: WebBench) -> None:
    response = web.client().post(
        "/api/session", json={"username": "siti", "password": "bukan-kata-sandinya"}
    )
    assert response.status_code == 403
    assert response.json()["error"] == "PermissionDenied"
    assert "token" not in response.json()


def test_api_log_in_is_rate_limited_like_the_form(web: WebBench) -> None:
    client = web.client()
    for _ in range(WebSettings().login_max_failures):
        wrong = client.post("/api/session", json={"username": "siti", "password": "salah-terus"})
        assert wrong.status_code == 403
    blocked = client.post("/api/session", json={"username": "siti", "password": PASSWORDS["siti"]})
    assert blocked.status_code == 429
    assert int(blocked.headers["retry-after"]) > 0
    assert blocked.json()["error"] == "TooManyAttempts"


def test_log_out_ends_the_token(web: WebBench) -> None:
    client = api_as(web, "siti")
    assert client.delete("/api/session").status_code == 204
    after = client.get("/api/me")
    assert after.status_code == 401
    assert after.headers["www-authenticate"] == "Bearer"


def test_a_page_session_cookie_is_no_bearer_token(web: WebBench) -> None:
    page = web.as_user("siti")
    cookie = page.cookies.get("__Host-ujikon")
    response = web.client().get("/api/me", headers={"Authorization": f"Bearer {cookie}"})
    assert response.status_code == 401


def test_every_endpoint_without_a_token_is_401(web: WebBench) -> None:
    client = web.client()
    checked = 0
    for method, path in _api_operations():
        if path == "/api/session" and method == "POST":
            continue
        response = client.request(method, _filled(path))
        assert response.status_code == 401, (method, path, response.text)
        assert response.json()["error"] == "LoginRequired"
        checked += 1
    assert checked >= 30


def test_an_unsafe_request_on_a_cookie_session_needs_the_csrf_header(web: WebBench) -> None:
    client = web.as_user("siti")
    payload = as_json(plan_of(SAMPLE).open)
    refused = client.post("/api/cases", json=payload)
    assert refused.status_code == 403
    assert refused.json()["error"] == "CsrfFailed"
    assert web.service.list_cases() == []
    token = csrf_of(client.get("/").text)
    accepted = client.post("/api/cases", json=payload, headers={"X-CSRF-Token": token})
    assert accepted.status_code == 201


# -- cases and their authorisation ----------------------------------------------------------


def test_a_case_is_walked_to_review_with_the_sample_payloads(web: WebBench) -> None:
    siti = api_as(web, "siti")
    case_id, answers = walk_api(siti, plan_of(SAMPLE))
    assert [a.status_code for a in answers] == [201] + [200] * (len(answers) - 1)
    assert answers[0].headers["location"] == f"/api/cases/{case_id}"
    case = siti.get(f"/api/cases/{case_id}").json()
    assert case["state"] == "in_review"
    assert case["ref"] == f"{case_id}/1"
    assert case["conclusion"]["outcome"] == "partly_exempt"
    assert case["identification"]["document"]["dated"] == "2025-03-12"
    assert "approve" not in case["allowed_triggers"]
    budi = api_as(web, "budi").get(f"/api/cases/{case_id}").json()
    assert "approve" in budi["allowed_triggers"]
    history = siti.get(f"/api/cases/{case_id}/history").json()
    assert [e["action"] for e in history][-1] == "case.submitted"
    assert history[-1]["from"] == "concluded" and history[-1]["to"] == "in_review"


def test_the_ppid_approves_through_the_api_and_a_second_approval_is_refused(
    web: WebBench,
) -> None:
    case_id = web.import_sample(SAMPLE, by="siti")
    budi = api_as(web, "budi")
    approved = budi.post(f"/api/cases/{case_id}/approve", json={"comments": "Disetujui."})
    assert approved.status_code == 200
    assert approved.json()["state"] == "approved"
    again = budi.post(f"/api/cases/{case_id}/approve", json={})
    assert again.status_code == 422
    assert again.json()["rule"] == "steps-in-order"


def test_a_rule_refusal_answers_json_with_rule_article_and_field(web: WebBench) -> None:
    siti = api_as(web, "siti")
    case_id, answers = walk_api(siti, plan_of("90-ditolak-17h-tanpa-angka.yaml"))
    refused = answers[-1]
    assert refused.status_code == 422
    body = refused.json()
    assert body["error"] == "RuleViolation"
    assert body["rule"] == "ground-needs-item"
    assert "Pasal 17" in body["article"]
    assert body["field"] == "citations[0].ground"
    assert body["message_id"] and body["message_en"]
    assert siti.get(f"/api/cases/{case_id}").json()["state"] == "identified"


def test_a_payload_that_does_not_fit_its_schema_is_422(web: WebBench) -> None:
    case_id = web.import_sample(SAMPLE, by="siti")
    budi = api_as(web, "budi")
    before = _head(web)
    response = budi.post(f"/api/cases/{case_id}/return_for_revision", json={"to_step": "nowhere"})
    assert response.status_code == 422
    assert response.json()["detail"]
    assert _head(web) == before


def test_text_that_cannot_be_encoded_is_refused_before_the_service(web: WebBench) -> None:
    siti = api_as(web, "siti")
    payload = as_json(plan_of(SAMPLE).open)
    payload["summary"] = "Berkas kepegawaian"
    body = json.dumps(payload).replace("Berkas kepegawaian", "Berkas \\ud800 kepegawaian")
    response = siti.post(
        "/api/cases", content=body.encode(), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 422
    assert response.json()["field"] == "summary"
    assert "unicode string" in response.json()["message"]  # pydantic's own refusal, no echo
    assert web.service.list_cases() == []
    login = web.client().post(
        "/api/session",
        content=b'{"username": "siti", "password": "sandi\\udc80"}',
        headers={"Content-Type": "application/json"},
    )
    assert login.status_code == 422


def test_a_nul_character_in_a_payload_is_refused(web: WebBench) -> None:
    payload = as_json(plan_of(SAMPLE).open)
    payload["trigger"]["note"] = "Permohonan\u0000salinan"
    response = api_as(web, "siti").post("/api/cases", json=payload)
    assert response.status_code == 422
    assert response.json()["field"] == "trigger.note"
    assert web.service.list_cases() == []


def test_an_officer_cannot_read_another_units_case_by_its_id(web: WebBench) -> None:
    case_id = web.import_sample(SAMPLE, by="siti")
    wulan = api_as(web, "wulan")
    for path in (
        f"/api/cases/{case_id}",
        f"/api/cases/{case_id}?revision=1",
        f"/api/cases/{case_id}/history",
        f"/api/cases/{case_id}/revisions",
    ):
        response = wulan.get(path)
        assert response.status_code == 404, path
        assert "Berkas Kepegawaian" not in response.text
    assert wulan.get("/api/cases").json() == []
    assert [c["case_id"] for c in api_as(web, "siti").get("/api/cases").json()] == [case_id]


def test_an_officer_cannot_change_another_units_case_by_its_id(web: WebBench) -> None:
    case_id = web.import_sample(SAMPLE, by="siti")
    before = _head(web)
    response = api_as(web, "wulan").post(
        f"/api/cases/{case_id}/withdraw", json={"reason": "Bukan urusan unit ini."}
    )
    assert response.status_code == 404
    assert _head(web) == before
    assert web.service.get_case(case_id).state.value == "in_review"


def test_the_auditors_writes_are_refused_by_role_may_act_and_nothing_is_stored(
    web: WebBench,
) -> None:
    case_id = web.import_sample(SAMPLE, by="siti")
    web.service.act("budi", case_id, "approve", {"comments": "Disetujui."})
    dewi = api_as(web, "dewi")
    before = _head(web)
    attempts = [
        dewi.post("/api/cases", json=as_json(plan_of(SAMPLE).open)),
        dewi.post(f"/api/cases/{case_id}/withdraw", json={"reason": "Audit menarik kasus."}),
        dewi.post("/api/decrees", json={"cases": [f"{case_id}/1"]}),
    ]
    for response in attempts:
        assert response.status_code == 422, response.text
        assert response.json()["rule"] == "role-may-act"
    assert _head(web) == before
    assert api_as(web, "dewi").get(f"/api/cases/{case_id}").status_code == 200


def test_a_trigger_the_api_does_not_offer_is_404(web: WebBench) -> None:
    case_id = web.import_sample(SAMPLE, by="siti")
    budi = api_as(web, "budi")
    for trigger in ("open", "include_in_decree", "teleport"):
        response = budi.post(f"/api/cases/{case_id}/{trigger}", json={})
        assert response.status_code == 404, trigger
        assert response.json()["error"] == "NotFound"
    assert "include_in_decree" not in API_TRIGGERS


def test_the_case_list_filters_by_state(web: WebBench) -> None:
    case_id = web.import_sample(SAMPLE, by="siti")
    budi = api_as(web, "budi")
    assert [c["case_id"] for c in budi.get("/api/cases?state=in_review").json()] == [case_id]
    assert budi.get("/api/cases?state=approved").json() == []
    assert budi.get("/api/cases?state=nonsense").status_code == 422


def test_the_catalogue_is_readable_by_any_logged_in_user(web: WebBench) -> None:
    root = api_as(web, "root")
    grounds = root.get("/api/law/grounds").json()
    assert any(g["id"] == "17h2" for g in grounds["grounds"])
    one = root.get("/api/law/grounds/Pasal 17 huruf h angka 2")
    assert one.status_code == 200 and one.json()["id"] == "17h2"
    assert root.get("/api/law/grounds/17z").status_code == 404


# -- audit, register, users ----------------------------------------------------------------


def test_the_audit_log_pages_by_seq(web: WebBench) -> None:
    web.import_sample(SAMPLE, by="siti")
    dewi = api_as(web, "dewi")
    first = dewi.get("/api/audit/log?limit=3").json()
    assert [e["seq"] for e in first["events"]] == [1, 2, 3]
    assert first["next_after_seq"] == 3
    second = dewi.get(f"/api/audit/log?limit=1000&after_seq={first['next_after_seq']}").json()
    assert second["events"][0]["seq"] == 4
    assert second["next_after_seq"] is None
    cases = dewi.get("/api/audit/log?action=case.").json()["events"]
    assert cases and all(e["action"].startswith("case.") for e in cases)


def test_the_audit_log_is_for_the_roles_that_audit(web: WebBench) -> None:
    assert api_as(web, "siti").get("/api/audit/log").status_code == 403
    assert api_as(web, "dewi").get("/api/audit/log?limit=1001").status_code == 422
    refused = api_as(web, "dewi").get("/api/audit/log?since=2026-12-01&until=2026-11-01")
    assert refused.status_code == 422


def test_audit_log_days_beyond_the_calendar_are_422(web: WebBench) -> None:
    dewi = api_as(web, "dewi")
    assert dewi.get("/api/audit/log?since=0001-01-01").status_code == 422
    assert dewi.get("/api/audit/log?until=9999-12-31").status_code == 422
    assert dewi.get("/api/audit/log?since=2026-01-01&until=2026-12-31").status_code == 200


def test_the_auditor_verifies_the_chain(web: WebBench) -> None:
    web.import_sample(SAMPLE, by="siti")
    report = api_as(web, "dewi").get("/api/audit/verify").json()
    assert report["ok"] is True
    assert report["events"] == _head(web)
    assert api_as(web, "siti").get("/api/audit/verify").status_code == 403


def test_verify_refuses_a_file_that_is_not_a_pdf(web: WebBench) -> None:
    response = api_as(web, "dewi").post(
        "/api/verify", files={"file": ("sk.pdf", b"<html>bukan pdf</html>", "application/pdf")}
    )
    assert response.status_code == 422
    assert response.json()["field"] == "file"


def test_verify_refuses_a_damaged_pdf_without_naming_the_servers_files(web: WebBench) -> None:
    response = api_as(web, "dewi").post(
        "/api/verify", files={"file": ("sk.pdf", b"%PDF-1.7\nterpotong", "application/pdf")}
    )
    assert response.status_code == 422
    assert response.json()["field"] == "file"
    assert "/tmp" not in response.text and "upload.pdf" not in response.text


def test_the_register_is_empty_before_any_decree(web: WebBench) -> None:
    web.import_sample(SAMPLE, by="siti")
    body = api_as(web, "siti").get("/api/register?as_of=2026-11-25").json()
    assert body == {"as_of": "2026-11-25", "unit": None, "ground": None, "rows": []}
    assert api_as(web, "siti").get("/api/register?ground=17z").status_code == 422


def test_the_admin_adds_a_user_who_can_then_log_in(web: WebBench) -> None:
    root = api_as(web, "root")
    added = root.post(
        "/api/users",
        json={
            "username": "agus",
            "role": "officer",
            "unit": "Dinas Sosial",
            "password": "sandi-agus-2026-panjang",
        },
    )
    assert added.status_code == 201
    assert added.json()["has_password"] is True
    assert "agus" in [u["username"] for u in root.get("/api/users").json()]
    login = web.client().post(
        "/api/session", json={"username": "agus", "password": "sandi-agus-2026-panjang"}
    )
    assert login.status_code == 200


def test_only_the_admin_adds_users(web: WebBench) -> None:
    before = _head(web)
    response = api_as(web, "budi").post("/api/users", json={"username": "agus", "role": "ppid"})
    assert response.status_code == 422
    assert response.json()["rule"] == "admin-manages-users"
    assert _head(web) == before
    assert api_as(web, "budi").get("/api/users").status_code == 403


def test_a_user_changes_their_own_password_and_their_tokens_end(web: WebBench) -> None:
    siti = api_as(web, "siti")
    changed = siti.put("/api/users/siti/password", json={"password": "sandi-baru-siti-2026"})
    assert changed.status_code == 204
    assert siti.get("/api/me").status_code == 401
    login = web.client().post(
        "/api/session", json={"username": "siti", "password": "sandi-baru-siti-2026"}
    )
    assert login.status_code == 200


def test_a_user_cannot_change_anothers_password(web: WebBench) -> None:
    response = api_as(web, "siti").put(
        "/api/users/wulan/password", json={"password": "sandi-curian-2026"}
    )
    assert response.status_code == 422
    assert response.json()["rule"] == "admin-manages-users"
    login = web.client().post(
        "/api/session", json={"username": "wulan", "password": PASSWORDS["wulan"]}
    )
    assert login.status_code == 200


def test_the_admin_sets_the_body_profile(web: WebBench) -> None:
    root = api_as(web, "root")
    assert root.get("/api/body").json() is None
    saved = root.put("/api/body", json=PROFILE)
    assert saved.status_code == 200
    assert root.get("/api/body").json()["place"] == "Sukamaju"
    assert api_as(web, "budi").put("/api/body", json=PROFILE).json()["rule"] == (
        "admin-manages-workspace"
    )


def test_a_number_pattern_that_reaches_into_a_field_is_422(web: WebBench) -> None:
    response = api_as(web, "root").put(
        "/api/body", json={**PROFILE, "number_pattern": "{code.x}/{serial}"}
    )
    assert response.status_code == 422
    assert api_as(web, "root").get("/api/body").json() is None


# -- decrees -------------------------------------------------------------------------------


@pytest.fixture
def issued(web: WebBench, dev_keys: DevCA) -> dict[str, Any]:
    """A decree drafted and issued through the API over one approved case."""
    install_keys(dev_keys, web.workspace.directory / "keys")
    assert api_as(web, "root").put("/api/body", json=PROFILE).status_code == 200
    case_id = web.import_sample(SAMPLE, by="siti")
    budi = api_as(web, "budi")
    assert budi.post(f"/api/cases/{case_id}/approve", json={}).status_code == 200
    drafted = budi.post("/api/decrees", json={"cases": [f"{case_id}/1"]})
    assert drafted.status_code == 201, drafted.text
    decree_id = drafted.json()["decree_id"]
    issued = budi.post(
        f"/api/decrees/{decree_id}/issue", json={"passphrases": {"ppid": KEY_PASSPHRASE}}
    )
    assert issued.status_code == 200, issued.text
    return {"case_id": case_id, "decree": issued.json()}


def test_an_issued_decree_is_downloaded_verified_and_in_the_register(
    web: WebBench, issued: dict[str, Any]
) -> None:
    decree = issued["decree"]
    assert decree["state"] == "issued"
    dewi = api_as(web, "dewi")
    pdf = dewi.get(f"/api/decrees/{decree['decree_id']}/pdf")
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    untrusted = dewi.post(
        "/api/verify", files={"file": ("sk.pdf", pdf.content, "application/pdf")}
    ).json()
    assert untrusted["ok"] is False, "the development CA is trusted only when put among the roots"
    trusted = web.workspace.keys_dir / "trusted"  # the body trusts its dev CA on purpose
    trusted.mkdir(exist_ok=True)
    shutil.copyfile(web.workspace.keys_dir / "dev-ca.pem", trusted / "dev-ca.pem")
    verdict = dewi.post(
        "/api/verify", files={"file": ("sk.pdf", pdf.content, "application/pdf")}
    ).json()
    assert verdict["ok"] is True
    assert verdict["log_status"] == "matches"
    assert verdict["number"] == decree["issue"]["number"]
    rows = dewi.get("/api/register").json()["rows"]
    assert [r["case"] for r in rows] == [f"{issued['case_id']}/1"]
    assert api_as(web, "siti").get(f"/api/cases/{issued['case_id']}").json()["state"] == ("decreed")


def test_a_revoked_decree_leaves_the_register(web: WebBench, issued: dict[str, Any]) -> None:
    budi = api_as(web, "budi")
    decree_id = issued["decree"]["decree_id"]
    revoked = budi.post(f"/api/decrees/{decree_id}/revoke", json={"reason": "Diganti SK baru."})
    assert revoked.status_code == 200
    assert revoked.json()["state"] == "revoked"
    assert budi.get("/api/register").json()["rows"] == []
    again = budi.post(f"/api/decrees/{decree_id}/revoke", json={"reason": "Sekali lagi."})
    assert again.status_code == 422
    assert again.json()["rule"] == "decree-state"


def test_a_draft_has_no_pdf_to_download(web: WebBench) -> None:
    case_id = web.import_sample(SAMPLE, by="siti")
    budi = api_as(web, "budi")
    budi.post(f"/api/cases/{case_id}/approve", json={})
    decree_id = budi.post("/api/decrees", json={"cases": [f"{case_id}/1"]}).json()["decree_id"]
    assert budi.get(f"/api/decrees/{decree_id}/pdf").status_code == 404
    assert [d["decree_id"] for d in budi.get("/api/decrees?state=draft").json()] == [decree_id]
    assert api_as(web, "root").get(f"/api/decrees/{decree_id}").status_code == 403


# -- the OpenAPI document --------------------------------------------------------------------


def test_the_openapi_document_lists_every_api_route_and_the_bearer_scheme(
    web: WebBench,
) -> None:
    doc = web.client().get("/api/openapi.json").json()
    documented = {(method.upper(), path) for path, ops in doc["paths"].items() for method in ops}
    assert set(_api_operations()) == documented
    assert all(path.startswith("/api/") for _, path in documented)
    for trigger in API_TRIGGERS:
        assert ("POST", f"/api/cases/{{case_id}}/{trigger}") in documented
    assert doc["components"]["securitySchemes"]["bearer"] == {
        "type": "http",
        "scheme": "bearer",
        "description": doc["components"]["securitySchemes"]["bearer"]["description"],
    }
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            public = (method, path) == ("post", "/api/session")
            assert (op.get("security") == [{"bearer": []}]) is not public, (method, path)


def test_the_openapi_document_is_public_and_no_cdn_page_is_served(web: WebBench) -> None:
    """The description is public (it holds no data); a docs page loading scripts from a
    CDN would break under the CSP and on an offline office network, so none is served."""
    assert web.client().get("/api/openapi.json").status_code == 200
    assert web.client().get("/api/docs").status_code in (401, 404)


def test_token_for_helper_logs_in_each_role(web: WebBench) -> None:
    roles = {
        name: web.client()
        .get("/api/me", headers={"Authorization": f"Bearer {token_for(web, name)}"})
        .json()["role"]
        for name in ("root", "siti", "budi", "hendra", "dewi")
    }
    assert roles == {
        "root": "admin",
        "siti": "officer",
        "budi": "ppid",
        "hendra": "head",
        "dewi": "auditor",
    }
