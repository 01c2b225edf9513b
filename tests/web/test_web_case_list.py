"""Lists that scale: the case list searches the case number, title, request number and
document, sorts by its columns and pages by 50."""

from __future__ import annotations

import re

from web_support import OPEN, WebBench, open_case

from ujikon.web.routes_cases import PAGE_SIZE


def _listed(html: str) -> list[str]:
    return re.findall(r'<tr>\s*<td[^>]*><a href="/cases/([^"]+)">', html)


def test_search_finds_by_request_number_and_by_document(web: WebBench) -> None:
    rekam = web.import_sample("01-rekam-medis-pegawai.yaml", by="siti")
    pajak = web.import_sample("05-data-wajib-pajak.yaml", by="siti")
    budi = web.as_user("budi")
    by_document = _listed(budi.get("/cases", params={"q": "BKPSDM/ARSIP"}).text)
    assert by_document == [rekam]
    request_number = web.service.get_case(rekam).trigger.reference
    assert _listed(budi.get("/cases", params={"q": request_number}).text) == [rekam]
    assert _listed(budi.get("/cases", params={"q": pajak}).text) == [pajak]
    nothing = budi.get("/cases", params={"q": "tidak-ada-apa-apa"}).text
    assert _listed(nothing) == [] and "0 kasus" in nothing


def test_search_keeps_to_the_officers_own_unit(web: WebBench) -> None:
    web.import_sample("01-rekam-medis-pegawai.yaml", by="siti")
    assert _listed(web.as_user("wulan").get("/cases", params={"q": "Berkas"}).text) == []


def test_a_column_sorts_and_says_so(web: WebBench) -> None:
    siti = web.as_user("siti")
    made = [open_case(siti, {**OPEN, "summary": title}) for title in ("Bravo", "Alfa", "Charlie")]
    page = siti.get("/cases", params={"sort": "title", "order": "asc"}).text
    assert _listed(page) == [made[1], made[0], made[2]]
    assert 'aria-sort="ascending"' in page
    page = siti.get("/cases", params={"sort": "title", "order": "desc"}).text
    assert _listed(page) == [made[2], made[0], made[1]]


def test_the_list_pages_by_fifty(web: WebBench) -> None:
    siti = web.as_user("siti")
    for n in range(PAGE_SIZE + 3):
        open_case(siti, {**OPEN, "summary": f"Uji {n:03d}"})
    first = siti.get("/cases", params={"sort": "number", "order": "asc"}).text
    assert len(_listed(first)) == PAGE_SIZE
    assert "halaman 1 dari 2" in first and 'rel="next"' in first
    second = siti.get("/cases", params={"sort": "number", "order": "asc", "page": 2}).text
    assert len(_listed(second)) == 3 and 'rel="prev"' in second
    assert not set(_listed(first)) & set(_listed(second))
