"""The role x route matrix: every route of the pages and of the API, called by a user of
every role, is allowed or refused exactly as this table says -- and a refusal stores
nothing. The checks are the service layer's; this walks them from the outside.

``officer`` is siti (unit Bagian Hukum, whose case the ids point at); ``other_unit`` is
wulan, an officer of another unit, who must not reach that case by guessing its id.
The objection routes point at the approved case instead (``ON_APPROVED``, sample 05 of
wulan's unit: siti gets own-unit's 404 there, wulan role-may-act), on which an objection
awaits the Atasan PPID's answer.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from toolkit import PROFILE, install_profile
from web_support import (
    PASSWORDS,
    Caller,
    RouteKey,
    Seeds,
    WebBench,
    all_routes,
    fill_path,
    is_denied,
    make_web_bench,
)

from ujikon.service.caseplan import load_plan

ALL = frozenset({"admin", "officer", "other_unit", "ppid", "head", "auditor"})
USERS = {
    "admin": "root",
    "officer": "siti",
    "other_unit": "wulan",
    "ppid": "budi",
    "head": "hendra",
    "auditor": "dewi",
}
READERS = ALL - {"admin"}
CASE_READERS = READERS - {"other_unit"}
BODY_WIDE = frozenset({"ppid", "head", "auditor"})
DRAFTERS = frozenset({"officer", "other_unit", "ppid"})
DECREE_MAKERS = frozenset({"ppid", "head"})
AUDIT = frozenset({"ppid", "head", "auditor"})
EVIDENCE = frozenset({"ppid", "auditor"})
ADMIN = frozenset({"admin"})
PUBLIC = "public"
UNIT_ONLY = "unit-only"
"""A step the seeded case's state does not allow (in review): the case machine answers
steps-in-order to every role, so the row checks only that another unit's officer cannot
reach the case at all and that nobody logged out can. Which role fires which step is
``role-may-act``'s, tested per trigger in tests/domain/test_domain_rules.py."""

MATRIX: dict[RouteKey, frozenset[str] | str] = {
    # log-in, language, static files: anyone, logged in or not
    ("GET", "/login"): PUBLIC,
    ("POST", "/login"): PUBLIC,
    ("GET", "/lang/{code}"): PUBLIC,
    ("GET", "/static/{name}"): PUBLIC,
    ("GET", "/healthz"): PUBLIC,
    ("GET", "/cek"): PUBLIC,
    ("GET", "/emblem"): PUBLIC,
    ("POST", "/logout"): ALL,
    ("GET", "/"): ALL,
    # cases
    ("GET", "/cases"): READERS,
    ("GET", "/review"): frozenset({"ppid"}),
    ("GET", "/cases/new"): DRAFTERS,
    ("POST", "/cases/new"): DRAFTERS,
    ("GET", "/cases/{case_id}"): CASE_READERS,
    ("GET", "/cases/{case_id}/diff"): CASE_READERS,
    ("POST", "/cases/{case_id}/act/{trigger}"): frozenset({"ppid"}),  # approve
    ("POST", "/cases/{case_id}/draft/{trigger}"): frozenset({"ppid"}),
    # decrees
    ("GET", "/decrees"): READERS,
    ("GET", "/decrees/new"): DECREE_MAKERS,
    ("POST", "/decrees/new"): DECREE_MAKERS,
    ("GET", "/decrees/{decree_id}"): DECREE_MAKERS,  # a draft: only its makers see it
    ("GET", "/decrees/{decree_id}/preview.pdf"): DECREE_MAKERS,
    ("GET", "/decrees/{decree_id}/download.pdf"): READERS,  # a draft: 404 for them
    ("POST", "/decrees/{decree_id}/issue"): DECREE_MAKERS,
    ("POST", "/decrees/{decree_id}/discard"): DECREE_MAKERS,
    ("POST", "/decrees/{decree_id}/revoke"): DECREE_MAKERS,
    # audit, register, verification
    ("GET", "/audit"): AUDIT,
    ("GET", "/monev"): AUDIT,
    ("GET", "/audit/verify"): AUDIT,
    ("POST", "/audit/verify"): AUDIT,
    ("GET", "/audit/pack"): EVIDENCE,
    ("POST", "/audit/pack"): EVIDENCE,
    ("GET", "/register"): ALL,
    ("GET", "/register/export"): ALL,
    ("GET", "/verify"): ALL,
    ("POST", "/verify"): ALL,
    # administration
    ("GET", "/admin/users"): ADMIN,
    ("POST", "/admin/users"): ADMIN,
    ("POST", "/admin/users/{username}/password"): ADMIN,
    ("POST", "/admin/users/{username}/profile"): ADMIN,
    ("POST", "/admin/users/{username}/active"): ADMIN,
    ("GET", "/admin/body"): ADMIN,
    ("POST", "/admin/body"): ADMIN,
    ("GET", "/admin/keys"): ADMIN,
    ("POST", "/admin/keys/import"): ADMIN,
    ("POST", "/admin/keys/dev-ca"): ADMIN,
    # the JSON API: the same rights as the pages
    ("POST", "/api/session"): PUBLIC,
    ("DELETE", "/api/session"): ALL,
    ("GET", "/api/me"): ALL,
    ("GET", "/api/law/grounds"): ALL,
    ("GET", "/api/law/grounds/{ground_id}"): ALL,
    ("GET", "/api/cases"): READERS,
    ("POST", "/api/cases"): DRAFTERS,
    ("GET", "/api/cases/{case_id}"): CASE_READERS,
    ("GET", "/api/cases/{case_id}/history"): CASE_READERS,
    ("GET", "/api/cases/{case_id}/revisions"): CASE_READERS,
    ("POST", "/api/cases/{case_id}/approve"): frozenset({"ppid"}),
    ("POST", "/api/cases/{case_id}/return_for_revision"): frozenset({"ppid"}),
    ("POST", "/api/cases/{case_id}/withdraw"): frozenset({"ppid"}),
    ("POST", "/api/cases/{case_id}/extend_answer"): frozenset({"officer", "ppid"}),
    ("POST", "/api/cases/{case_id}/file_objection"): DECREE_MAKERS,  # PPID Utama, Atasan
    ("POST", "/api/cases/{case_id}/answer_objection"): frozenset({"head"}),  # Atasan PPID
    ("POST", "/api/cases/{case_id}/identify"): UNIT_ONLY,
    ("POST", "/api/cases/{case_id}/cite_grounds"): UNIT_ONLY,
    ("POST", "/api/cases/{case_id}/assess_harm"): UNIT_ONLY,
    ("POST", "/api/cases/{case_id}/weigh_public_interest"): UNIT_ONLY,
    ("POST", "/api/cases/{case_id}/conclude"): UNIT_ONLY,
    ("POST", "/api/cases/{case_id}/submit"): UNIT_ONLY,
    ("POST", "/api/cases/{case_id}/revise"): UNIT_ONLY,
    ("POST", "/api/cases/{case_id}/expire"): UNIT_ONLY,
    ("POST", "/api/cases/{case_id}/retest"): UNIT_ONLY,
    ("POST", "/api/cases/{case_id}/overturn"): UNIT_ONLY,
    ("POST", "/api/cases/{case_id}/{trigger}"): UNIT_ONLY,  # any other name: 404
    ("GET", "/api/decrees"): READERS,
    ("POST", "/api/decrees"): DECREE_MAKERS,
    ("GET", "/api/decrees/{decree_id}"): READERS,
    ("GET", "/api/decrees/{decree_id}/pdf"): READERS,  # a draft: 404 for them
    ("GET", "/api/decrees/{decree_id}/preview"): DECREE_MAKERS,
    ("POST", "/api/decrees/{decree_id}/issue"): DECREE_MAKERS,
    ("POST", "/api/decrees/{decree_id}/discard"): DECREE_MAKERS,
    ("POST", "/api/decrees/{decree_id}/revoke"): DECREE_MAKERS,
    ("GET", "/api/register"): ALL,
    ("GET", "/api/audit/log"): AUDIT,
    ("GET", "/api/audit/verify"): AUDIT,
    ("POST", "/api/verify"): ALL,
    ("GET", "/api/users"): ADMIN,
    ("POST", "/api/users"): ADMIN,
    ("PUT", "/api/users/{username}/password"): frozenset({"admin", "officer"}),  # siti's own
    ("GET", "/api/body"): ADMIN,
    ("PUT", "/api/body"): ADMIN,
    ("GET", "/api/keys"): ADMIN,
}
"""Which roles each route lets through; the rest must be refused."""

HIDDEN: frozenset[RouteKey] = frozenset({("GET", "/decrees/{decree_id}")})
"""Routes that answer "not found" to whoever may not see the thing (a draft decree)."""

ON_APPROVED: frozenset[RouteKey] = frozenset(
    {
        ("POST", "/api/cases/{case_id}/file_objection"),
        ("POST", "/api/cases/{case_id}/answer_objection"),
    }
)
"""Routes called on the approved case (an objection lies only against a decision)."""

OBJECTION = {
    "reference": "KEB/001/PPID/XI/2026",
    "objector": "Pemohon matriks",
    "answer_date": "2026-11-16",
    "filed_on": "2026-11-24",
    "reasons": "Keberatan untuk uji matriks.",
}

_SAMPLE = {
    step.trigger: step.payload
    for step in load_plan(
        Path(__file__).resolve().parents[2] / "ujikon" / "samples" / "01-rekam-medis-pegawai.yaml"
    ).steps
}
BODIES: dict[RouteKey, dict[str, object]] = {
    ("POST", "/api/cases"): {"trigger": {"kind": "proactive"}, "summary": "Uji matriks"},
    ("POST", "/api/cases/{case_id}/approve"): {"comments": "Setuju."},
    ("POST", "/api/cases/{case_id}/return_for_revision"): {
        "to_step": "assess_harm",
        "comments": "Perbaiki uraian konsekuensinya.",
    },
    ("POST", "/api/cases/{case_id}/withdraw"): {"reason": "Ditarik untuk uji matriks."},
    ("POST", "/api/cases/{case_id}/extend_answer"): {
        "notice_reference": "071.1/PPID/XI/2026",
        "notice_date": "2026-11-25",
        "reason": "Arsip inaktif di gedung lain.",
    },
    **{
        ("POST", f"/api/cases/{{case_id}}/{trigger}"): json.loads(
            json.dumps(_SAMPLE[trigger], default=str)
        )
        for trigger in (
            "identify",
            "cite_grounds",
            "assess_harm",
            "weigh_public_interest",
            "conclude",
            "submit",
        )
    },
    ("POST", "/api/cases/{case_id}/revise"): {"to_step": "identify", "note": "Uji matriks."},
    ("POST", "/api/cases/{case_id}/expire"): {"as_of": "2026-12-01"},
    ("POST", "/api/cases/{case_id}/retest"): {
        "reason": "Uji ulang matriks.",
        "trigger": {"kind": "proactive"},
    },
    ("POST", "/api/cases/{case_id}/file_objection"): {
        **OBJECTION,
        "reference": "KEB/002/PPID/XI/2026",
    },
    ("POST", "/api/cases/{case_id}/answer_objection"): {
        "objection_reference": OBJECTION["reference"],
        "outcome": "upheld",
        "reference": "045.2/ATASAN/XI/2026",
        "answered_on": "2026-11-25",
        "reasons": "Dikuatkan untuk uji matriks.",
    },
    ("POST", "/api/cases/{case_id}/overturn"): {
        "authority": "komisi_informasi",
        "ruling_reference": "001/KI/2026",
        "ruling_date": "2026-11-25",
    },
    ("POST", "/api/decrees"): {"note": "Uji matriks"},
    ("POST", "/api/decrees/{decree_id}/issue"): {"passphrases": {"ppid": "bukan-pin"}},
    ("POST", "/api/decrees/{decree_id}/revoke"): {"reason": "Dicabut untuk uji matriks."},
    ("POST", "/api/users"): {"username": "baru", "role": "officer"},
    ("PUT", "/api/users/{username}/password"): {"password": PASSWORDS["siti"]},
    ("PUT", "/api/body"): PROFILE,
}
"""A request body for routes that validate their body before the service is asked (the
API's JSON): without one, a refused user would get a 422 for the body, not for the role."""


@pytest.fixture
def seeded(store_url: str, tmp_path: Path) -> Iterator[tuple[WebBench, Seeds, Seeds]]:
    for bench in make_web_bench(store_url, tmp_path / "ws"):
        service = bench.service
        samples = Path(__file__).resolve().parents[2] / "ujikon" / "samples"
        case = service.import_case("siti", load_plan(samples / "01-rekam-medis-pegawai.yaml"))
        approved = service.import_case("siti", load_plan(samples / "05-data-wajib-pajak.yaml"))
        service.act("budi", approved.case_id, "approve", {"comments": "Setuju."})
        service.act("budi", approved.case_id, "file_objection", OBJECTION)
        desk = bench.app.state.ujikon.app.decrees
        install_profile(desk, "root")
        draft = desk.draft("budi", [f"{approved.case_id}/1"])
        seeds = Seeds(case_id=case.case_id, decree_id=draft.decree_id)
        yield bench, seeds, dataclasses.replace(seeds, case_id=approved.case_id)


def test_every_route_has_a_row() -> None:
    missing = sorted(set(all_routes()) - set(MATRIX))
    stale = sorted(set(MATRIX) - set(all_routes()))
    assert missing == [], f"routes with no row in MATRIX: {missing}"
    assert stale == [], f"rows for routes that no longer exist: {stale}"


@pytest.mark.parametrize("route", sorted(MATRIX), ids=lambda r: f"{r[0]} {r[1]}")
def test_route_allows_and_refuses_by_role(
    seeded: tuple[WebBench, Seeds, Seeds], route: RouteKey
) -> None:
    bench, seeds, on_approved = seeded
    method, template = route
    path = fill_path(template, on_approved if route in ON_APPROVED else seeds)
    allowed = MATRIX[route]
    if allowed == PUBLIC:  # (their behaviour has tests of its own: test_web_login.py)
        response = Caller(bench, None).call(method, path, BODIES.get(route))
        assert response.status_code < 500, (route, response.text[:300])
        return
    anonymous = Caller(bench, None).call(method, path, BODIES.get(route))
    assert anonymous.status_code in (303, 401), (route, anonymous.status_code)
    if allowed == UNIT_ONLY:
        before = bench.service.log.head()
        hidden = Caller(bench, USERS["other_unit"]).call(method, path, BODIES.get(route))
        assert hidden.status_code == 404, (route, hidden.status_code, hidden.text[:300])
        assert bench.service.log.head() == before
        return
    assert isinstance(allowed, frozenset)
    # The refused first (so that nothing an allowed user did can mask a stored refusal).
    order = sorted(ALL, key=lambda role: role in allowed)
    observed: dict[str, int] = {}
    for role in order:
        caller = Caller(bench, USERS[role])
        before = bench.service.log.head()
        response = caller.call(method, path, BODIES.get(route))
        observed[role] = response.status_code
        assert response.status_code < 500, (route, role, response.text[:500])
        hidden = route in HIDDEN and response.status_code == 404
        if role in allowed:
            assert not is_denied(response) and not hidden, (route, role, response.status_code)
        else:
            assert is_denied(response) or hidden, (route, role, response.status_code)
            assert bench.service.log.head() == before, (route, role, "stored something")
    if os.environ.get("UJIKON_SHOW_MATRIX"):
        print(route, observed)
