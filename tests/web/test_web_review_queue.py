"""Lists that scale: the PPID Utama's review queue searches the case number, title,
request number and document, sorts by its columns (the answer deadline too) and pages by
50, its links keeping the search and the sort."""

from __future__ import annotations

import copy
import re
from dataclasses import replace
from html import unescape
from typing import Any

from toolkit import SAMPLES
from web_support import WebBench

from ujikon.service.caseplan import load_plan
from ujikon.web.listing import PAGE_SIZE


def _in_review(web: WebBench, sample: str, title: str = "", dated: str = "") -> str:
    """A sample case walked by siti and submitted for review (its title, the document's,
    and the day the request came in replaced when given)."""
    plan = load_plan(SAMPLES / sample)
    opening: dict[str, Any] = dict(plan.open)
    if dated:
        opening["trigger"] = {**opening["trigger"], "dated": dated}
    steps = []
    for step in plan.steps:
        payload = copy.deepcopy(step.payload)
        if title and step.trigger == "identify":
            payload["document"]["title"] = title
        steps.append(replace(step, payload=payload))
    plan = replace(plan, by="siti", open=opening, steps=tuple(steps))
    return web.service.import_case("siti", plan).case_id


def _listed(html: str) -> list[str]:
    return re.findall(r'<tr>\s*<td[^>]*><a href="/cases/([^"]+)">', html)


def _link(html: str, rel: str) -> str:
    found = re.search(rf'<a rel="{rel}" href="([^"]+)"', html)
    assert found is not None, rel
    return unescape(found.group(1))


def test_the_queue_finds_a_case_by_each_field(web: WebBench) -> None:
    rekam = _in_review(web, "01-rekam-medis-pegawai.yaml")
    pajak = _in_review(web, "05-data-wajib-pajak.yaml")
    budi = web.as_user("budi")

    def found(q: str) -> list[str]:
        return _listed(budi.get("/review", params={"q": q}).text)

    assert found(rekam) == [rekam]  # the case number
    assert found("berkas kepegawaian NIP") == [rekam]  # the title, any case, word by word
    assert found("060/PPID/XI/2026") == [pajak]  # the request number
    assert found("Pertukaran Data Perpajakan") == [pajak]  # the document's title
    assert found("BKPSDM/ARSIP/2025") == [rekam]  # the document's number
    assert sorted(found("")) == sorted([rekam, pajak])


def test_an_empty_search_says_so_in_bahasa(web: WebBench) -> None:
    _in_review(web, "01-rekam-medis-pegawai.yaml")
    page = web.as_user("budi").get("/review", params={"q": "tidak-ada-apa-apa"})
    assert page.status_code == 200
    assert _listed(page.text) == []
    assert "0 kasus menunggu tinjauan cocok dengan “tidak-ada-apa-apa”" in page.text
    assert "Tidak ada kasus yang cocok dengan pencarian “tidak-ada-apa-apa”." in page.text


def test_the_queue_shows_the_answer_deadline_as_the_dashboard_does(web: WebBench) -> None:
    case = _in_review(web, "01-rekam-medis-pegawai.yaml")
    budi = web.as_user("budi")

    def due_of(html: str) -> str:
        row = re.search(rf'<a href="/cases/{case}">.*?</tr>', html, re.S)
        assert row is not None
        badge = re.search(r'data-label="Tenggat"><span class="badge[^"]*">([^<]+)<', row.group(0))
        assert badge is not None
        return badge.group(1)

    queue, home = budi.get("/review").text, budi.get("/").text
    assert due_of(queue) == due_of(home)
    assert re.search(r": \d{1,2} \w+ 2026$", due_of(queue)), due_of(queue)


def test_a_column_sorts_both_ways_and_says_so(web: WebBench) -> None:
    sample = "01-rekam-medis-pegawai.yaml"
    bravo = _in_review(web, sample, "Bravo", "2026-11-02")
    alfa = _in_review(web, sample, "Alfa", "2026-11-20")
    charlie = _in_review(web, sample, "Charlie", "2026-10-30")
    budi = web.as_user("budi")
    up = budi.get("/review", params={"sort": "title", "order": "asc"}).text
    assert _listed(up) == [alfa, bravo, charlie]
    assert re.search(r'<th scope="col" aria-sort="ascending"><a [^>]*>Judul', up)
    assert up.count("aria-sort=") == 1
    down = budi.get("/review", params={"sort": "title", "order": "desc"}).text
    assert _listed(down) == [charlie, bravo, alfa]
    assert re.search(r'<th scope="col" aria-sort="descending"><a [^>]*>Judul', down)
    # the header of the sorted column turns the order round; another one starts ascending
    assert 'href="?q=&amp;sort=title&amp;order=desc"' not in up  # empty search left out
    assert 'href="?sort=title&amp;order=desc"' in up
    assert 'href="?sort=number&amp;order=asc"' in up
    # by the answer deadline: the earliest request first, and back
    soonest = budi.get("/review", params={"sort": "due", "order": "asc"}).text
    assert _listed(soonest) == [charlie, bravo, alfa]
    latest = budi.get("/review", params={"sort": "due", "order": "desc"}).text
    assert _listed(latest) == [alfa, bravo, charlie]
    # by default the longest waiting first
    assert _listed(budi.get("/review").text) == [bravo, alfa, charlie]


def test_ties_keep_the_case_order_in_either_direction(web: WebBench) -> None:
    made = [_in_review(web, "01-rekam-medis-pegawai.yaml", "Sama") for _ in range(3)]
    budi = web.as_user("budi")
    for order in ("asc", "desc"):
        page = budi.get("/review", params={"sort": "title", "order": order}).text
        assert _listed(page) == made


def test_the_queue_pages_by_fifty_keeping_search_and_sort(web: WebBench) -> None:
    sample = "01-rekam-medis-pegawai.yaml"
    titles = [f"Ujiawal {n:02d}" for n in range(PAGE_SIZE)] + ["Ujiakhir 00", "Ujiakhir 01"]
    made = {title: _in_review(web, sample, title) for title in titles}
    other = _in_review(web, "05-data-wajib-pajak.yaml")
    descending = [made[title] for title in sorted(titles, reverse=True)]
    budi = web.as_user("budi")
    query = {"q": "uji", "sort": "title", "order": "desc"}
    first = budi.get("/review", params=query).text
    assert _listed(first) == descending[:PAGE_SIZE]
    assert "halaman 1 dari 2" in first and "Halaman 1 dari 2" in first
    assert 'rel="prev"' not in first
    following = _link(first, "next")
    assert following == "?q=uji&sort=title&order=desc&page=2"
    second = budi.get("/review" + following).text
    assert _listed(second) == descending[PAGE_SIZE:]
    assert other not in _listed(second)
    assert "Halaman 2 dari 2" in second and 'rel="next"' not in second
    assert _link(second, "prev") == "?q=uji&sort=title&order=desc&page=1"
    # the sort links keep the search and go back to the first page
    assert 'href="?q=uji&amp;sort=number&amp;order=asc"' in second
    # a page past the last shows the last; exactly fifty make one page
    assert _listed(budi.get("/review", params={**query, "page": 9}).text) == _listed(second)
    exactly = budi.get("/review", params={"q": "ujiawal", "sort": "title"}).text
    assert len(_listed(exactly)) == PAGE_SIZE and 'class="paging"' not in exactly
    assert f"{PAGE_SIZE} kasus menunggu tinjauan" in exactly


def test_the_search_form_keeps_the_sort(web: WebBench) -> None:
    _in_review(web, "01-rekam-medis-pegawai.yaml")
    page = web.as_user("budi").get("/review", params={"sort": "due", "order": "desc"}).text
    assert '<input type="hidden" name="sort" value="due">' in page
    assert '<input type="hidden" name="order" value="desc">' in page
