"""Lists that scale, in the real browser (Chromium through Playwright): the review queue
and the register take a typed search and sort by a clicked header."""

from __future__ import annotations

import pytest
from browser_support import LiveServer, import_titled, log_in, require_chromium
from playwright.sync_api import Page, expect
from toolkit import SAMPLES

require_chromium()

pytestmark = pytest.mark.slow

expect.set_options(timeout=20_000)

SAMPLE = "01-rekam-medis-pegawai.yaml"


def _in_review(live: LiveServer, title: str) -> str:
    """The sample case about the document ``title``, submitted for review by siti."""
    return import_titled(live, SAMPLES / SAMPLE, title)


def _column(page: Page, label: str) -> list[str]:
    return page.locator(f"tbody td[data-label='{label}']").all_inner_texts()


def test_the_review_queue_searches_and_sorts_in_the_browser(live: LiveServer, page: Page) -> None:
    made = {title: _in_review(live, title) for title in ("Bravo", "Alfa", "Charlie")}
    log_in(page, live.url, "budi")
    page.get_by_role("navigation", name="Menu utama").get_by_role(
        "link", name="Antrean tinjauan"
    ).click()
    expect(page.locator("h1")).to_have_text("Antrean tinjauan")
    expect(page.locator("tbody tr")).to_have_count(3)
    page.get_by_role("searchbox", name="Cari").fill("charlie")
    with page.expect_navigation():
        page.get_by_role("button", name="Cari").click()
    expect(page.locator("tbody tr")).to_have_count(1)
    expect(page.locator("tbody tr").first).to_contain_text(made["Charlie"])
    page.get_by_role("searchbox", name="Cari").fill("")
    with page.expect_navigation():
        page.get_by_role("button", name="Cari").click()
    header = page.get_by_role("columnheader", name="Judul")
    expect(header).not_to_have_attribute("aria-sort", "ascending")
    with page.expect_navigation():
        header.get_by_role("link").click()
    expect(page.get_by_role("columnheader", name="Judul")).to_have_attribute(
        "aria-sort", "ascending"
    )
    assert _column(page, "Judul") == ["Alfa", "Bravo", "Charlie"]
    with page.expect_navigation():
        page.get_by_role("columnheader", name="Judul").get_by_role("link").click()
    expect(page.get_by_role("columnheader", name="Judul")).to_have_attribute(
        "aria-sort", "descending"
    )
    assert _column(page, "Judul") == ["Charlie", "Bravo", "Alfa"]


def test_the_register_searches_and_sorts_in_the_browser(live: LiveServer, page: Page) -> None:
    for n, title in enumerate(("Bravo", "Alfa", "Charlie")):
        case_id = _in_review(live, title)
        live.service.act("budi", case_id, "approve", {"comments": "Setuju."})
        live.service.act(
            "budi",
            case_id,
            "include_in_decree",
            {"decree_number": f"188.4/{n:03d}/PPID/2026", "decree_date": "2026-11-25"},
        )
    log_in(page, live.url, "dewi")
    page.goto(live.url + "/register")
    expect(page.locator("tbody tr")).to_have_count(3)
    page.get_by_role("searchbox", name="Cari").fill("188.4/001")
    with page.expect_navigation():
        page.get_by_role("button", name="Tampilkan").click()
    expect(page.locator("tbody tr")).to_have_count(1)
    expect(page.locator("tbody td[data-label='Dokumen']")).to_contain_text("Alfa")
    page.get_by_role("searchbox", name="Cari").fill("")
    with page.expect_navigation():
        page.get_by_role("button", name="Tampilkan").click()
    assert [t.split("\n")[0] for t in _column(page, "Dokumen")] == ["Bravo", "Alfa", "Charlie"]
    with page.expect_navigation():
        page.get_by_role("columnheader", name="Dokumen").get_by_role("link").click()
    expect(page.get_by_role("columnheader", name="Dokumen")).to_have_attribute(
        "aria-sort", "ascending"
    )
    assert [t.split("\n")[0] for t in _column(page, "Dokumen")] == ["Alfa", "Bravo", "Charlie"]
