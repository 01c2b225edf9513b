"""No dead ends: a case approved as open is not offered for a decree (a decree sets only
exempt information, UU 14/2008 Pasal 17; PP 61/2010), and the compose page says why such
a case is not listed."""

from __future__ import annotations

from web_support import DecreeWeb

OPEN_SAMPLE = "08-kontrak-pekerjaan-jalan.yaml"


def _approved_open(decree_web: DecreeWeb) -> str:
    web = decree_web.web
    case_id = web.import_sample(OPEN_SAMPLE, by="siti")
    approved = web.service.act("budi", case_id, "approve", {"comments": "Disetujui."})
    assert approved.conclusion is not None and not approved.conclusion.outcome.withholds
    return case_id


def test_an_approved_open_case_offers_no_decree_and_says_what_follows(
    decree_web: DecreeWeb,
) -> None:
    case_id = _approved_open(decree_web)
    page = decree_web.web.as_user("budi").get(f"/cases/{case_id}").text
    assert 'href="/decrees/new"' not in page.split("<main", 1)[1]
    assert 'id="concluded-open"' in page
    assert "tidak dimasukkan ke SK" in page


def test_an_approved_exempt_case_still_offers_the_decree(decree_web: DecreeWeb) -> None:
    exempt = decree_web.desk.service.get_case(decree_web.cases[0])
    page = decree_web.web.as_user("budi").get(f"/cases/{exempt.case_id}").text
    assert 'class="button" href="/decrees/new"' in page
    assert 'id="concluded-open"' not in page


def test_the_compose_page_names_the_open_case_apart_with_the_reason(decree_web: DecreeWeb) -> None:
    case_id = _approved_open(decree_web)
    page = decree_web.web.as_user("budi").get("/decrees/new").text
    listed, left_out = page.split('id="left-out"', 1)
    assert f'value="{case_id}/1"' not in listed
    assert f"/cases/{case_id}" in left_out
    assert "disimpulkan terbuka" in left_out
