"""Another unit's case and a case that does not exist get the same answer, on the pages
and on the API: the same status and the same body once the id is taken out, so that
guessing ids tells an officer nothing (rule ``own-unit``).

wulan (officer, BPKAD) asks about siti's case (Bagian Hukum) and about an id of the same
shape that no case has.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from web_support import WebBench, api_as, csrf_of

SAMPLE = "01-rekam-medis-pegawai.yaml"
IDENTIFY = {
    "document": {
        "title": "Daftar Gaji Pegawai 2026",
        "owning_unit": "BPKAD",
        "dated": "2026-01-05",
        "form": "electronic",
    },
    "information": "Nomor rekening bank setiap pegawai pada daftar gaji.",
    "scope": "part",
    "parts": ["Kolom nomor rekening"],
}

_SECRET_BITS = ("Bagian Hukum", "Berkas Kepegawaian", "rekam medis")


def _ids(web: WebBench) -> tuple[str, str]:
    hidden = web.import_sample(SAMPLE, by="siti")
    year, number = hidden.rsplit("-", 1)
    missing = f"{year}-{int(number) + 900:04d}"
    return hidden, missing


def _masked(text: str, *ids: str) -> str:
    for ident in ids:
        text = text.replace(ident, "«ID»").replace(ident.lower(), "«ID»")
    # A page's own CSRF token for the log-out form is the session's: the same on both.
    return re.sub(r"\s+", " ", text)


def _same(first: Any, second: Any, hidden: str, missing: str) -> None:
    assert first.status_code == second.status_code, (first.status_code, second.status_code)
    assert first.status_code in (404, 422, 403), first.status_code
    one, two = _masked(first.text, hidden), _masked(second.text, missing)
    assert one == two
    for bit in _SECRET_BITS:
        assert bit not in first.text


PAGE_READS = [
    "/cases/{id}",
    "/cases/{id}?rev=1",
    "/cases/{id}?rev=2",
    "/cases/{id}/diff",
    "/cases/{id}/diff?from=1&to=1",
    "/cases/{id}/diff?to=2",
]


@pytest.mark.parametrize("path", PAGE_READS)
def test_a_page_answers_alike_for_another_units_case_and_a_missing_one(
    web: WebBench, path: str
) -> None:
    hidden, missing = _ids(web)
    wulan = web.as_user("wulan")
    _same(
        wulan.get(path.format(id=hidden)),
        wulan.get(path.format(id=missing)),
        hidden,
        missing,
    )


@pytest.mark.parametrize("action", ["act/identify", "act/approve", "draft/identify"])
def test_a_form_post_answers_alike_for_another_units_case_and_a_missing_one(
    web: WebBench, action: str
) -> None:
    hidden, missing = _ids(web)
    wulan = web.as_user("wulan")
    token = csrf_of(wulan.get("/cases/new").text)
    data = {"csrf_token": token, "information": "x"}
    _same(
        wulan.post(f"/cases/{hidden}/{action}", data=data, follow_redirects=False),
        wulan.post(f"/cases/{missing}/{action}", data=data, follow_redirects=False),
        hidden,
        missing,
    )


API_READS = [
    "/api/cases/{id}",
    "/api/cases/{id}?revision=1",
    "/api/cases/{id}?revision=2",
    "/api/cases/{id}/history",
    "/api/cases/{id}/history?revision=1",
    "/api/cases/{id}/revisions",
]


@pytest.mark.parametrize("path", API_READS)
def test_the_api_answers_alike_for_another_units_case_and_a_missing_one(
    web: WebBench, path: str
) -> None:
    hidden, missing = _ids(web)
    wulan = api_as(web, "wulan")
    _same(
        wulan.get(path.format(id=hidden)),
        wulan.get(path.format(id=missing)),
        hidden,
        missing,
    )


@pytest.mark.parametrize(
    ("user", "trigger", "body"),
    [
        ("wulan", "identify", IDENTIFY),
        ("wulan", "approve", {"comments": "ok"}),
        ("wulan", "withdraw", {"reason": "tidak perlu lagi"}),
        ("root", "identify", IDENTIFY),  # the administrator reads no case at all
        ("root", "approve", {"comments": "ok"}),
    ],
)
def test_an_api_step_answers_alike_for_another_units_case_and_a_missing_one(
    web: WebBench, user: str, trigger: str, body: dict[str, Any]
) -> None:
    hidden, missing = _ids(web)
    before = web.service.log.head()
    client = api_as(web, user)
    _same(
        client.post(f"/api/cases/{hidden}/{trigger}", json=body),
        client.post(f"/api/cases/{missing}/{trigger}", json=body),
        hidden,
        missing,
    )
    assert web.service.log.head() == before


def test_the_owner_and_the_body_wide_roles_still_read_the_case(web: WebBench) -> None:
    hidden, _missing = _ids(web)
    for user in ("siti", "budi", "hendra", "dewi"):
        assert api_as(web, user).get(f"/api/cases/{hidden}").status_code == 200, user
        assert web.as_user(user).get(f"/cases/{hidden}").status_code == 200, user


# -- draft decrees: the decree makers' working papers -------------------------------------------


def _draft(web: WebBench) -> tuple[str, str]:
    case_id = web.import_sample(SAMPLE, by="siti")
    approved = web.service.act("budi", case_id, "approve", {"comments": "Disetujui."})
    draft = web.app.state.ujikon.app.decrees.draft("budi", [approved.ref]).decree_id
    year, number = draft.rsplit("-", 1)
    return draft, f"{year}-{int(number) + 900:04d}"


@pytest.mark.parametrize("user", ["siti", "dewi"])
@pytest.mark.parametrize(
    "path", ["/decrees/{id}", "/decrees/{id}/preview.pdf", "/decrees/{id}/download.pdf"]
)
def test_a_draft_decree_page_answers_as_a_missing_one(web: WebBench, user: str, path: str) -> None:
    draft, missing = _draft(web)
    client = web.as_user(user)
    first, second = client.get(path.format(id=draft)), client.get(path.format(id=missing))
    assert first.status_code == second.status_code
    assert _masked(first.text, draft) == _masked(second.text, missing)


@pytest.mark.parametrize("user", ["siti", "dewi"])
@pytest.mark.parametrize("path", ["/api/decrees/{id}", "/api/decrees/{id}/pdf"])
def test_a_draft_decree_on_the_api_answers_as_a_missing_one(
    web: WebBench, user: str, path: str
) -> None:
    draft, missing = _draft(web)
    client = api_as(web, user)
    first, second = client.get(path.format(id=draft)), client.get(path.format(id=missing))
    assert first.status_code == second.status_code == 404
    assert _masked(first.text, draft) == _masked(second.text, missing)
    assert draft not in client.get("/api/decrees").text
    assert draft in api_as(web, "budi").get("/api/decrees").text
    assert api_as(web, "budi").get(f"/api/decrees/{draft}").status_code == 200
