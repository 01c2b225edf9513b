"""Lists that scale: the register page searches the case number, title, request number,
document, information, ground and decree number, sorts by its columns and pages by 50,
its links keeping the date, the filters, the search and the sort. Today is the test
clock's, 25 November 2026."""

from __future__ import annotations

import copy
import csv
import dataclasses
import io
import re
from html import unescape

from toolkit import SAMPLES
from web_support import WebBench

from ujikon.service.caseplan import load_plan
from ujikon.web.listing import PAGE_SIZE

TENDER = "03-dokumen-penawaran-tender.yaml"
REKAM = "01-rekam-medis-pegawai.yaml"


def _decreed(web: WebBench, sample: str, number: str, title: str = "") -> str:
    """A sample case (its document's title replaced when given) walked, approved and set
    by decree ``number`` today; its ref."""
    plan = load_plan(SAMPLES / sample)
    steps = []
    for step in plan.steps:
        payload = copy.deepcopy(step.payload)
        if title and step.trigger == "identify":
            payload["document"]["title"] = title
        steps.append(dataclasses.replace(step, payload=payload))
    case = web.service.import_case("siti", dataclasses.replace(plan, by="siti", steps=tuple(steps)))
    web.service.act("budi", case.case_id, "approve", {"comments": "Setuju."})
    return web.service.act(
        "budi",
        case.case_id,
        "include_in_decree",
        {"decree_number": number, "decree_date": "2026-11-25"},
    ).ref


def _listed(html: str) -> list[str]:
    return re.findall(r'<tr data-case="([^"]+)">', html)


def _link(html: str, rel: str) -> str:
    found = re.search(rf'<a rel="{rel}" href="([^"]+)"', html)
    assert found is not None, rel
    return unescape(found.group(1))


def test_the_register_finds_an_item_by_each_field(web: WebBench) -> None:
    rekam = _decreed(web, REKAM, "188.4/011/PPID/XI/2026")
    tender = _decreed(web, TENDER, "188.4/012/PPID/XI/2026")
    dewi = web.as_user("dewi")

    def found(q: str) -> list[str]:
        return _listed(dewi.get("/register", params={"q": q}).text)

    assert sorted(found("")) == sorted([rekam, tender])
    assert found(tender.split("/")[0]) == [tender]  # the case number
    assert found("puskesmas sukamaju") == [tender]  # the title (the document's), by word
    assert found("045/PPID/X/2026") == [rekam]  # the request number
    assert found("BKPSDM/ARSIP") == [rekam]  # the document's number
    assert found("riwayat pengobatan") == [rekam]  # the information
    assert found("17h2") == [rekam]  # the ground
    assert found("188.4/012") == [tender]  # the decree number


def test_an_empty_search_says_so_in_bahasa(web: WebBench) -> None:
    _decreed(web, REKAM, "188.4/011/PPID/XI/2026")
    page = web.as_user("dewi").get("/register", params={"q": "tidak-ada-apa-apa"})
    assert page.status_code == 200 and _listed(page.text) == []
    assert "0 informasi cocok dengan “tidak-ada-apa-apa”" in page.text
    assert "Tidak ada informasi dalam DIK itu yang cocok dengan pencarian" in page.text


def test_a_column_sorts_both_ways_and_says_so(web: WebBench) -> None:
    bravo = _decreed(web, REKAM, "188.4/011/PPID/XI/2026", "Bravo")
    alfa = _decreed(web, REKAM, "188.4/013/PPID/XI/2026", "Alfa")
    charlie = _decreed(web, REKAM, "188.4/012/PPID/XI/2026", "Charlie")
    dewi = web.as_user("dewi")
    assert _listed(dewi.get("/register").text) == [bravo, alfa, charlie]  # register order
    up = dewi.get("/register", params={"sort": "document", "order": "asc"}).text
    assert _listed(up) == [alfa, bravo, charlie]
    assert re.search(r'<th scope="col" aria-sort="ascending"><a [^>]*>Dokumen', up)
    assert up.count("aria-sort=") == 1
    down = dewi.get("/register", params={"sort": "document", "order": "desc"}).text
    assert _listed(down) == [charlie, bravo, alfa]
    assert re.search(r'<th scope="col" aria-sort="descending"><a [^>]*>Dokumen', down)
    by_decree = dewi.get("/register", params={"sort": "decree", "order": "desc"}).text
    assert _listed(by_decree) == [alfa, charlie, bravo]
    # the row keeps its number in the register, whatever the order
    assert re.search(rf'<tr data-case="{alfa}">\s*<td data-label="No">2</td>', down)
    # the headers keep the date; the sorted one turns round
    assert 'href="?as_of=2026-11-25&amp;sort=document&amp;order=desc"' in up


def test_the_register_pages_by_fifty_keeping_date_filters_search_and_sort(
    web: WebBench,
) -> None:
    made = [
        _decreed(web, REKAM, f"188.4/{n:03d}/PPID/XI/2026", f"Berkas {n:03d}")
        for n in range(PAGE_SIZE + 2)
    ]
    other = _decreed(web, TENDER, "188.4/900/PPID/XI/2026")
    dewi = web.as_user("dewi")
    query = {"as_of": "2026-11-25", "q": "berkas", "sort": "document", "order": "desc"}
    first = dewi.get("/register", params=query).text
    assert _listed(first) == made[::-1][:PAGE_SIZE]
    assert f"{PAGE_SIZE + 2} informasi cocok dengan “berkas”" in first
    assert "halaman 1 dari 2" in first and "Halaman 1 dari 2" in first
    following = _link(first, "next")
    assert following == "?as_of=2026-11-25&q=berkas&sort=document&order=desc&page=2"
    second = dewi.get("/register" + following).text
    assert _listed(second) == made[::-1][PAGE_SIZE:] and other not in _listed(second)
    assert "Halaman 2 dari 2" in second and 'rel="next"' not in second
    assert _link(second, "prev") == "?as_of=2026-11-25&q=berkas&sort=document&order=desc&page=1"
    # a page past the last shows the last; the whole register is one page more than 50
    assert _listed(dewi.get("/register", params={**query, "page": 7}).text) == _listed(second)
    whole = dewi.get("/register").text
    assert len(_listed(whole)) == PAGE_SIZE and f"{PAGE_SIZE + 3} informasi" in whole
    # the download is every matching row, not the page
    download = dewi.get("/register/export", params={"format": "csv", **query})
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert sum(1 for r in rows if any(ref in r for ref in made)) == PAGE_SIZE + 2
    assert not any(other in r for r in rows)
    assert "format=csv&amp;as_of=2026-11-25&amp;q=berkas" in first


def test_the_search_form_keeps_the_sort(web: WebBench) -> None:
    _decreed(web, REKAM, "188.4/011/PPID/XI/2026")
    page = web.as_user("dewi").get("/register", params={"sort": "period", "order": "desc"}).text
    assert '<input type="hidden" name="sort" value="period">' in page
    assert '<input type="hidden" name="order" value="desc">' in page
